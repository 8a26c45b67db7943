"""`analysis-report` (ref. 001b and 003): the report attached to the o42-memo.

ส่วนที่ ๑ the result (tools and every indicator ranked high to low, all computed from the score
card); ส่วนที่ ๒ recommendations per tool and per indicator (default texts, overridable);
ส่วนที่ ๓ the analysis (strengths, weaknesses); ส่วนที่ ๔ the recommended measures, and an
improvement-plan table per tool whose header row repeats on every page; the preparer signs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from ita_docs.assessment import indicator_recommendation, tool_recommendation, tools_pass_sentence
from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds.o42_memo import analysis_parts, paragraph
from ita_docs.kinds.o42_set import PLACEHOLDER_SIGNER, Measure, O42Input, O42Set, ProposalMemoSettings, ReportSettings
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    Blocks,
    Cell,
    Column,
    Heading,
    ListBlock,
    ListItem,
    ListSpec,
    Paragraph,
    SignatureBlock,
    Table,
    TableBlock,
)
from ita_docs.model.common import strip_illegal_xml_chars
from ita_docs.parts import Part, PartsInput, body_blocks, field_blocks, field_part
from ita_docs.render import house_style as hs
from ita_docs.thai import format_score, library_code, list_label

PASSED, BELOW = "ผ่านเกณฑ์", "ต่ำกว่าเกณฑ์"


class AnalysisReportDocument(O42Input, PartsInput):
    part_catalogue = catalogues.ANALYSIS_REPORT
    kind: Literal["analysis-report"] = "analysis-report"
    analysis_report: ReportSettings = ReportSettings()
    proposal_memo: ProposalMemoSettings = ProposalMemoSettings()  # its author prepares the report


def _score(value) -> str:
    return format_score(value, digits="arabic")


def _cell(text: str, align: str | None = None, bold: bool = False) -> Cell:
    """A table cell; cells are immutable, so the ones every row of a batch has (names, results,
    the plans' steps) are made and validated once. Only the fields given are set, as before.
    Text the model would clean (and warn about) is validated every time, so every row warns."""
    if type(text) is str and "\r" not in text and strip_illegal_xml_chars(text) == text:
        return _known_cell(text, align, bold)
    return _new_cell(text, align, bold)


@lru_cache(maxsize=4096)
def _known_cell(text: str, align: str | None, bold: bool) -> Cell:
    return _new_cell(text, align, bold)


def _new_cell(text: str, align: str | None, bold: bool) -> Cell:
    given: dict = {"text": text}
    if align is not None:
        given["align"] = align
    if bold:
        given["bold"] = True
    return Cell(**given)


def tool_table(s: O42Set) -> TableBlock:
    card = s.card
    rows = [[_cell(f"{t.name} ({t.code})"), _cell(_score(t.weight * 100).removesuffix(".00")),
             _cell(_score(t.rounded)), _cell(PASSED if t.passed else BELOW, align="center")]
            for t in card.tool_results()]
    rows.append([_cell("คะแนนรวม", bold=True), _cell("100"), _cell(_score(card.rounded_total), bold=True),
                 _cell(f"ระดับ {card.grade}", align="center", bold=True)])
    return TableBlock(table=Table(
        columns=[Column(title="แบบวัด"), Column(title="น้ำหนัก (ร้อยละ)", width_cm=3.2, numeric=True),
                 Column(title="คะแนน", width_cm=2.2, numeric=True), Column(title="ผล", width_cm=2.8)],
        rows=rows,
    ))


def ranked_table(s: O42Set) -> TableBlock:
    rows = [[_cell(str(n), align="center"), _cell(f"{library_code(r.code)} {r.name}"), _cell(r.tool, align="center"),
             _cell(_score(r.rounded)), _cell(PASSED if r.passed else BELOW, align="center")]
            for n, r in enumerate(s.scored.ranked_indicators(), start=1)]
    return TableBlock(table=Table(
        columns=[Column(title="ลำดับ", width_cm=1.5), Column(title="ตัวชี้วัด"),
                 Column(title="แบบวัด", width_cm=2.0), Column(title="คะแนน", width_cm=2.2, numeric=True),
                 Column(title="ผล", width_cm=2.8)],
        rows=rows,
    ))


def recommendation_list(s: O42Set) -> ListBlock:
    """๑. per tool (its default text), (๑) per indicator of that tool with its score."""
    scores = {r.code: r for r in s.scored.indicator_results()} if s.indicators_known else {}
    items = []
    for tool in s.card.framework.tools:
        per_indicator = [
            ListItem(text=s.say("recommendation_scored", name=i.name_th, score=_score(scores[i.code].rounded),
                                recommendation=advice) if scores
                     else s.say("recommendation_unscored", name=i.name_th, recommendation=advice))
            for i in tool.indicators if i.code in s.texts.indicators
            for advice in [indicator_recommendation(i.code, digits="arabic", texts=s.texts)]
        ]
        text = tool_recommendation(tool.code, digits="arabic", texts=s.texts) if tool.code in s.texts.tools \
            else f"{tool.name_th} ({tool.code})"
        items.append(ListItem(text=text, list=ListSpec(style="(๑)", items=per_indicator) if per_indicator else None))
    return ListBlock(list=ListSpec(style="๑.", items=items))


def plan_tables(s: O42Set) -> list:
    """One improvement-plan table per tool with measures (and one for measures of no indicator)."""
    card = s.card
    groups: dict[str | None, list[tuple[int, Measure]]] = {}
    for n, measure in enumerate(s.measures, start=1):
        indicator = s.indicator_of(measure)
        groups.setdefault(indicator.tool if indicator else None, []).append((n, measure))
    out: list[Paragraph | TableBlock] = []
    order = [t.code for t in card.framework.tools] + [None]
    for tool_code in order:
        if tool_code not in groups:
            continue
        if tool_code is None:
            title = s.say("report_plan_general_title")
        else:
            tool = card.framework.tool(tool_code)
            title = s.say("report_plan_title", tool_name=tool.name_th, tool=tool.code)
        out.append(Paragraph(text=title, bold=True, indent=False, align="center"))
        measures = groups[tool_code]
        # follow-up said once under the table when every measure shares it, not in every row
        monitorings = {s.monitoring_of(m) for _, m in measures}
        shared = monitorings.pop() if len(monitorings) == 1 and len(measures) > 1 else None
        rows = [_plan_row(s, k, m, with_monitoring=shared is None)
                for k, (_, m) in enumerate(measures, start=1)]
        out.append(TableBlock(table=Table(
            columns=[Column(title=title, width_cm=width)
                     for title, width in zip(_PLAN_TITLES, _widths_from_content(rows, _PLAN_TITLES))],
            rows=rows,
            font_size_pt=14,
        )))
        if shared:
            out.append(Paragraph(text=f"{s.say('plan_monitoring_label')} {shared}"))
    return out


_PLAN_TITLES = ("ผลการประเมิน/ข้อเสนอแนะ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "การกำกับติดตาม")
_MIN_COLUMN_CM = 2.6  # "ผู้รับผิดชอบ" at 14 pt on one line, with the cell margins
_CHARS_PER_CM = 5.0  # 14 pt Thai text, roughly
_CELL_MARGINS_CM = 0.4
_STEP_CM = 0.2


def _widths_from_content(rows: list[list[Cell]], titles) -> list[float]:
    """Column widths from the text they hold: starting from each column's minimum, the width is
    given step by step to the column where it saves the most lines (estimated) in the whole table,
    so no column is squeezed to 7 lines while another has room."""
    # Each cell's estimate depends only on its line lengths and its column's width, and a column
    # only ever takes the widths of one sequence (minimum + k steps): each estimate is computed
    # once and looked up. The sums and maxima are taken in the same order as a plain re-measure of
    # the whole table at every step, so the floats, hence the widths, are exactly the same.
    lengths = tuple(tuple(tuple(len(line) for line in cell.text.split("\n")) for cell in row) for row in rows)
    # The widths depend on nothing but the line lengths: the plans of a batch's rows (measures
    # shared through --defaults) are searched once.
    cache_key = (lengths, len(titles))
    if (widths := _KNOWN_WIDTHS.get(cache_key)) is None:
        if len(_KNOWN_WIDTHS) >= 256:
            _KNOWN_WIDTHS.clear()
        widths = _KNOWN_WIDTHS[cache_key] = _search_widths(lengths, len(titles))
    return list(widths)


_KNOWN_WIDTHS: dict[tuple, tuple[float, ...]] = {}


def _search_widths(lengths: tuple[tuple[tuple[int, ...], ...], ...], columns: int) -> tuple[float, ...]:
    known: dict[tuple[int, int, float], float] = {}

    def lines(r: int, c: int, width: float) -> float:  # continuous, so every step shows its gain
        key = (r, c, width)
        if (value := known.get(key)) is None:
            per_line = (width - _CELL_MARGINS_CM) * _CHARS_PER_CM
            value = known[key] = sum(max(1.0, n / per_line) for n in lengths[r][c])
        return value

    # a cell's text length: its lines' and the newlines between them
    text_lengths = [sum(sum(row[c]) + len(row[c]) - 1 for row in lengths) for c in range(columns)]
    widths = [_MIN_COLUMN_CM] * columns
    while sum(widths) + _STEP_CM <= hs.TEXT_WIDTH_CM + 1e-9:
        # every cell's estimate at the present widths (zip: a short row has no cell in the last columns)
        now_lines = [[lines(r, c, w) for c, w in zip(range(len(row)), widths)] for r, row in enumerate(lengths)]
        now = sum(max(cells) for cells in now_lines)

        gains = []
        for c in range(len(widths)):
            wider = widths[c] + _STEP_CM
            height = sum(max(max(cells[:c] + cells[c + 1:], default=0.0), lines(r, c, wider)) if c < len(cells)
                         else max(cells) for r, cells in enumerate(now_lines))
            gains.append((now - height, text_lengths[c]))
        best = max(range(len(widths)), key=gains.__getitem__)  # the first of equal gains, as before
        widths[best] += _STEP_CM
    widths[-1] += hs.TEXT_WIDTH_CM - sum(widths)
    return tuple(widths)


def _plan_row(s: O42Set, row_number: int, measure: Measure,
              with_monitoring: bool = True) -> list[Cell]:
    """A row numbered in table order (1…n), not by the measure's number in the whole plan."""
    indicator = s.indicator_of(measure)
    finding = f"{row_number}. {measure.title}"
    if indicator:
        finding += f"\n(ตัวชี้วัด{indicator.name} {_score(indicator.rounded)} คะแนน)"
    steps = "\n".join(f"{list_label('๑.', (k,), digits='arabic')} {step}"
                      for k, step in enumerate(measure.steps, start=1)) or "-"
    period = f"{s.say('measure_period_label')}{s.period_of(measure)}"
    monitoring = f"- {s.monitoring_of(measure)}\n- {period}" if with_monitoring else period
    return [_cell(finding), _cell(steps), _cell("\n".join(measure.responsible) or "-"), _cell(monitoring)]


def _titled_table(table: TableBlock):
    """make(text) of a table part: its title (bold, no indent) above it."""
    return lambda text: [Paragraph(text=text, bold=True, indent=False), table]


def _heading(text: str) -> list:
    return [Heading(heading=text)]


def analysis_report_context(doc: AnalysisReportDocument, s: O42Set | None = None) -> dict:
    settings = doc.analysis_report
    s = (s or O42Set.derive(doc)).for_document(settings)
    tools_pass = _tools_pass(s)
    preparer = settings.preparer or doc.proposal_memo.author or PLACEHOLDER_SIGNER
    # A total and grade alone: no tables; tool scores: their table only (nothing is invented).
    intro_key = ("report_part1_intro" if s.indicators_known else
                 "report_part1_intro_tools" if s.tools_known else "report_part1_intro_total")
    parts = [
        s.part("part1.heading", "report_part1", _heading),
        s.part("part1.intro", intro_key, paragraph(), tools_pass=tools_pass),
    ]
    if s.tools_known:
        parts.append(s.part("tool_table", "report_tool_table_title", _titled_table(tool_table(s))))
    if s.indicators_known:
        parts.append(s.part("indicator_table", "report_indicator_table_title", _titled_table(ranked_table(s))))
    parts += [
        s.part("part2.heading", "report_part2", _heading),
        s.part("part2.intro", "report_part2_intro", paragraph(), tools_pass=tools_pass),
        Part("recommendations", [recommendation_list(s)]),
        s.part("part3.heading", "report_part3", _heading),
        *analysis_parts(s),
        s.part("part4.heading", "report_part4", _heading),
        s.part("part4.intro", "report_part4_intro", paragraph()),
        Part("measures", [ListBlock(list=ListSpec(style="(๑)", items=[m.title for m in s.measures]))]
             if s.measures else []),
        Part("plan", plan_tables(s)),
        field_part("signature", [SignatureBlock(signature=preparer, role=s.say("report_preparer_role"))]),
    ]
    parts = s.arrange(parts, settings, doc)
    return {
        "title_lines": [s.field(line) for line in s.lines("report_title")],
        "body": Blocks(body_blocks(parts)),
        "signature": Blocks(field_blocks(parts, "signature")),
    }


def _tools_pass(s: O42Set) -> str:
    return tools_pass_sentence(s.summary_card, digits="arabic", texts=s.texts) if s.tools_known else ""


register(Kind("analysis-report", "report", AnalysisReportDocument, "analysis-report.docx",
              analysis_report_context,
              "รายงานการวิเคราะห์ผลการประเมิน ITA / analysis of last year's ITA result"))
