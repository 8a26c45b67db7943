"""`score-memo`: a memo analysing an agency's ITA results over two to five fiscal years.

Every subtotal, total, grade and share in it is computed by ita_docs.assessment from the indicator
scores and the grade counts; figures the NACC published are only checked against them.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, PrivateAttr, field_validator, model_validator

from ita_docs.assessment import (
    GradeDistribution,
    ScoreCard,
    ScoreError,
    ScoreHistory,
    parse_score,
    result_sentence,
    tool_sentences,
    total_change_sentence,
    total_pass_sentence,
)
from ita_docs.kinds._memo import memo_letterhead
from ita_docs.kinds._texts import check_wording, default_text, fill, kind_texts, texts_with
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    Blocks,
    Cell,
    Column,
    Endorsement,
    EndorsementBlock,
    ListBlock,
    ListItem,
    ListSpec,
    Paragraph,
    Table,
    TableBlock,
)
from ita_docs.model.common import Strict, Text
from ita_docs.model.forms import DocumentBase, MemoHeader, Urgency
from ita_docs.parts import (
    Catalogue,
    Part,
    PartSpec,
    apply_parts,
    body_blocks,
    field_blocks,
    field_part,
    field_text,
    renumber,
)
from ita_docs.thai import convert_digits, format_number, format_percent, format_score, library_code

KIND = "score-memo"
MEMO_NAMES = ("year", "first", "count", "agency")  # what every sentence of the memo may name


def _texts(*path: str):
    return default_text(KIND, *path)


PARTS = Catalogue([
    PartSpec("intro", _texts("intro"), MEMO_NAMES, "the memo's lead (or the input's `intro`)"),
    PartSpec("history", _texts("parts", "history"), MEMO_NAMES, "numbered heading of the scores table"),
    PartSpec("history_table", None, (), "the scores of every year (computed)"),
    PartSpec("history_summary", None, (*MEMO_NAMES, "total", "grade", "pass_mark"),
             "the latest result, pass and change sentences (computed)"),
    PartSpec("tools", _texts("parts", "tools"), MEMO_NAMES, "numbered heading of the per-tool paragraphs"),
    PartSpec("tool_paragraphs", None, (), "one paragraph per tool (computed)"),
    PartSpec("weak_items", _texts("parts", "weak_items"), MEMO_NAMES, "numbered heading of the weak OIT items"),
    PartSpec("weak_items_count", _texts("weak_table", "count_line"), (*MEMO_NAMES, "items"),
             "how many weak items"),
    PartSpec("weak_items_table", None, (), "the weak items table"),
    PartSpec("distribution", _texts("parts", "distribution"), (*MEMO_NAMES, "group"),
             "numbered heading of the grade distribution"),
    PartSpec("distribution_table", None, (), "agencies per grade (computed)"),
    PartSpec("distribution_summary", _texts("distribution_table", "passed"),
             (*MEMO_NAMES, "group", "pass_mark", "passed", "total", "share", "not_passed", "not_passed_share"),
             "passed and not passed counts and shares (the agency's place follows)"),
    PartSpec("body.N", note="the input's `body` blocks by position"),
    PartSpec("closing", _texts("closing"), (), field=True),
    PartSpec("signature", note="the signer's block", field=True),
    PartSpec("comments", note="the endorsements (เกษียน)", field=True),
])
NUMBERED = ("history", "tools", "weak_items", "distribution")
# texts reworded as parts (`parts: {ID: {text: …}}`), not through `wording:`
PART_TEXTS = ("intro", "closing", "parts", "weak_table.count_line", "distribution_table.passed")
Score = float | str  # as typed (Thai digits allowed); ScoreCard reads and checks it exactly


def _card_error(exc: ScoreError) -> ValueError:
    return ValueError(str(exc))


class ScoreYear(ScoreCard):
    """One fiscal year: a score card (the fields of `ita-docs score` and of an O42 set's assessment,
    declared once in ScoreCard), its published figures checked, and how many OIT items were assessed."""

    oit_items_assessed: int | None = Field(None, ge=1)  # default: the year's catalogue (or oit_items)

    @model_validator(mode="after")
    def _published_figures_match(self) -> ScoreYear:
        try:
            self.verify(strict=True)
        except ScoreError as exc:
            raise _card_error(exc) from None
        return self

    @property
    def card(self) -> ScoreCard:
        return self

    @property
    def oit_item_count(self) -> int | None:
        if self.oit_items_assessed is not None:
            return self.oit_items_assessed
        if self.oit_items:
            return len(self.oit_items)
        return self.framework.oit.total_items


class WeakItem(Strict):
    """An OIT item that scored low: scores last year and this year, why, and what to do."""

    code: Text  # O12
    name: Text | None = None  # default: the year's catalogue
    sub_indicator: Text | None = None  # "9.2 การบริหารงาน"; default: the catalogue's grouping
    before: float | None = Field(None, ge=0, le=100)  # last year's score (blank: not assessed)
    after: float = Field(0, ge=0, le=100)
    analysis: Text | None = None
    remedy: Text | None = None

    @field_validator("before", "after", mode="before")
    @classmethod
    def _plain_decimal(cls, value: Any, info) -> Any:
        # pydantic would read "1_0" as 10: typed scores are plain decimals, as ScoreCard reads them
        if not isinstance(value, str) or not value.strip():
            return value
        try:
            return float(parse_score(value, info.field_name))
        except ScoreError as exc:  # pydantic names the field already
            raise ValueError(exc.message.replace(f"{info.field_name}: ", "")) from None


class PeerCard(Strict):
    """One agency of the same type: its indicator scores (its grade is computed)."""

    name: Text | None = None
    scores: dict[str, Score]


class Distribution(Strict):
    """How agencies of the same type spread over the grades: given counts, or their score cards."""

    group: Text  # e.g. เทศบาลเมือง (agencies of the same type)
    fiscal_year: int | None = None  # default: the memo's latest year
    counts: dict[str, int] | None = None
    cards: list[PeerCard] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Distribution:
        if (self.counts is None) == (self.cards is None):
            raise ValueError("ระบุ counts หรือ cards อย่างใดอย่างหนึ่ง / give either counts or cards")
        return self

    def build(self, year: int) -> GradeDistribution:
        year = self.fiscal_year or year
        if self.counts is not None:
            return GradeDistribution.from_counts(year, self.counts)
        cards = []
        for n, peer in enumerate(self.cards or []):
            try:
                cards.append(ScoreCard.build(fiscal_year=year, scores=peer.scores))
            except ScoreError as exc:
                raise ValueError(f"cards.{n}: {exc}") from None
        return GradeDistribution.from_cards(cards, fiscal_year=year)


class ScoreMemoDocument(DocumentBase):
    """บันทึกข้อความ วิเคราะห์ผลคะแนน ITA ย้อนหลังหลายปี. `body` holds extra blocks after the analysis."""

    part_catalogue = PARTS
    wording_source: ClassVar[tuple[str, tuple[str, ...]]] = (KIND, PART_TEXTS)  # for `ita-docs wording`
    kind: Literal["score-memo"] = "score-memo"
    urgency: Urgency | None = None
    header: MemoHeader
    years: list[ScoreYear] = Field(min_length=2, max_length=5)
    intro: Text | None = None  # default: texts/score-memo.yaml
    weak_items: list[WeakItem] = Field(default_factory=list)
    distribution: Distribution | None = None
    closing: Text | None = None  # default: จึงเรียนมาเพื่อโปรดทราบ
    endorsements: list[Endorsement] = Field(default_factory=list)  # เกษียนหนังสือ, up the chain
    # the memo's own wording of any text of texts/score-memo.yaml by dotted key, e.g. the table's
    # row labels: {table.total: คะแนนรวมทั้งสิ้น} (`ita-docs wording score-memo` lists them)
    wording: dict[str, str] = Field(default_factory=dict)

    _distribution: GradeDistribution | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _known_wording(self) -> ScoreMemoDocument:
        check_wording(KIND, self.wording, PART_TEXTS)  # errors name wording.KEY
        return self

    @field_validator("years")
    @classmethod
    def _distinct_years(cls, years: list[ScoreYear]) -> list[ScoreYear]:
        seen = [y.fiscal_year for y in years]
        twice = sorted({y for y in seen if seen.count(y) > 1})
        if twice:
            raise ValueError(f"ปีงบประมาณซ้ำ / fiscal year given twice: {twice}")
        return sorted(years, key=lambda y: y.fiscal_year)

    @model_validator(mode="after")
    def _build_distribution(self) -> ScoreMemoDocument:
        if self.distribution is not None:
            try:
                self._distribution = self.distribution.build(self.years[-1].fiscal_year)
            except ScoreError as exc:
                raise ValueError(f"distribution.{exc}") from None
        return self

    @property
    def history(self) -> ScoreHistory:
        return ScoreHistory(agency=self.agency.name, cards=tuple(y.card for y in self.years))

    @property
    def grade_distribution(self) -> GradeDistribution | None:
        return self._distribution


# --- context ---------------------------------------------------------------------------------------

def score_memo_context(doc: ScoreMemoDocument) -> dict:
    texts = texts_with(KIND, doc.wording)
    digits = doc.digits
    history = doc.history
    latest = history.latest
    values = dict(year=latest.fiscal_year, first=history.years[0], count=len(history.years),
                  agency=doc.agency.name)
    intro = convert_digits(doc.intro, digits) if doc.intro else fill(texts["intro"], digits, **values)
    parts: list[Part] = [Part("intro", _paragraph(intro), _paragraph, values)]

    def heading(part_id: str, **extra) -> None:
        def make(text: str) -> list:
            return [ListBlock(list=ListSpec(style="๑.", items=[ListItem(text=text)]))]

        parts.append(Part(part_id, make(fill(texts["parts"][part_id], digits, **values, **extra)), make,
                          {**values, **extra}))

    heading("history")
    parts.append(Part("history_table", [TableBlock(table=history_table(doc, texts))]))
    summary = [result_sentence(latest, subject=doc.agency.name, with_year=True, digits=digits),
               total_pass_sentence(latest, digits=digits), total_change_sentence(history, digits=digits)]
    pass_mark = latest.pass_mark
    parts.append(Part("history_summary", _paragraph(" ".join(summary)), _paragraph, {
        **values, "total": format_score(latest.rounded_total, digits=digits), "grade": latest.grade,
        "pass_mark": format_number(pass_mark, 0 if pass_mark == int(pass_mark) else 2, digits=digits)}))

    heading("tools")
    parts.append(Part("tool_paragraphs", [ListBlock(list=ListSpec(style="๑.๑", parent=[2], items=[
        ListItem(text=line) for line in tool_paragraphs(history, digits, texts)]))]))

    if doc.weak_items:
        heading("weak_items")
        count = {**values, "items": format_number(len(doc.weak_items), 0, digits=digits)}
        parts.append(Part("weak_items_count", _paragraph(fill(texts["weak_table"]["count_line"], digits, **count)),
                          _paragraph, count))
        parts.append(Part("weak_items_table", [TableBlock(table=weak_items_table(doc, texts))]))

    distribution = doc.grade_distribution
    if distribution is not None:
        assert doc.distribution is not None  # a grade distribution comes from it
        heading("distribution", group=doc.distribution.group)
        parts.append(Part("distribution_table", [TableBlock(table=distribution_table(distribution, digits, texts))]))
        sentence, names = distribution_sentence(distribution, doc, texts)
        parts.append(Part("distribution_summary", _paragraph(sentence), _paragraph, {**values, **names}))
        if latest.fiscal_year == distribution.fiscal_year:
            place = fill(texts["distribution_table"]["agency_place"], digits, agency=doc.agency.name,
                         grade=latest.grade, total=format_score(latest.rounded_total, digits=digits))
            summary_part = parts[-1]
            summary_part.blocks = _paragraph(f"{sentence} {place}")
            summary_part.reword = lambda text, place=place: _paragraph(f"{text} {place}")

    parts += [Part(f"body.{n}", [block]) for n, block in enumerate(doc.body, start=1)]
    context = memo_letterhead(doc)
    parts += [
        field_part("closing", convert_digits(doc.closing or texts["closing"], digits),
                   lambda text: [convert_digits(text, digits)]),
        field_part("signature", list(context["signature"])),
        field_part("comments", [EndorsementBlock(endorsements=doc.endorsements)] if doc.endorsements else []),
    ]
    parts = renumber(apply_parts(parts, doc.parts, doc.add), NUMBERED, {"tool_paragraphs": "tools"})
    context.update(
        body=Blocks(body_blocks(parts)),
        closing=field_text(parts, "closing"),
        signature=Blocks(field_blocks(parts, "signature")),
        comments=Blocks(field_blocks(parts, "comments")),
    )
    return context


def _paragraph(text: str) -> list:
    return [Paragraph(text=text)]


def _score(value, digits, missing: str) -> str:
    return format_score(value, digits=digits) if value is not None else missing


def history_table(doc: ScoreMemoDocument, texts: dict[str, Any] | None = None) -> Table:
    """Indicators grouped by tool, a subtotal per tool, OIT items assessed, total and grade per year."""
    texts = (texts or kind_texts(KIND))["table"]
    missing = texts["missing"]
    digits = doc.digits
    history = doc.history
    years = history.years
    by_kind = {(row.kind, row.code): row for row in history.table()}
    year_width = 2.2
    columns = [Column(width_cm=16.0 - year_width * len(years))] + [
        Column(width_cm=year_width, numeric=True) for _ in years]
    rows = [
        [Cell(text=texts["indicator"], rowspan=2), Cell(text=texts["years"], colspan=len(years))],
        [Cell(text=convert_digits(str(y), digits)) for y in years],
    ]
    for tool in history.latest.framework.tools:
        rows.append([Cell(text=convert_digits(f"{tool.code} {tool.name_th}", digits), bold=True,
                          colspan=len(years) + 1)])
        for indicator in tool.indicators:
            row = by_kind[("indicator", indicator.code)]
            rows.append([Cell(text=convert_digits(f"{library_code(indicator.code)} {indicator.name_th}", digits))]
                        + [Cell(text=_score(row.values[y], digits, missing)) for y in years])
        subtotal = by_kind[("tool", tool.code)]
        rows.append([Cell(text=fill(texts["tool_average"], digits, tool=tool.code), bold=True)]
                    + [Cell(text=_score(subtotal.values[y], digits, missing), bold=True) for y in years])
    counts = [y.oit_item_count for y in doc.years]
    rows.append([Cell(text=texts["oit_items"])] + [
        Cell(text=format_number(n, 0, digits=digits) if n else texts["missing"]) for n in counts])
    total = by_kind[("total", "total")]
    rows.append([Cell(text=texts["total"], bold=True)]
                + [Cell(text=_score(total.values[y], digits, missing), bold=True) for y in years])
    grade = by_kind[("grade", "grade")]
    rows.append([Cell(text=texts["grade"], bold=True)]
                + [Cell(text=grade.values[y], bold=True, align="center") for y in years])
    return Table(columns=columns, rows=rows, header_rows=2, font_size_pt=14)


def tool_paragraphs(history: ScoreHistory, digits, texts: dict[str, Any] | None = None) -> list[str]:
    """Per tool of the latest year: its score against the pass mark, the change, what it means."""
    texts = texts or kind_texts(KIND)
    latest, previous = history.latest, history.previous
    changes = {c.code: c for c in history.tool_changes()} if previous else {}
    out = []
    for sentence, result in zip(tool_sentences(latest, digits=digits), latest.tool_results()):
        parts = [sentence]
        change = changes.get(result.code)
        if change is not None:
            assert previous is not None  # a change needs a year before
            key = "up" if change.change > 0 else "down" if change.change < 0 else "same"
            parts.append(fill(texts["tool_change"][key], digits, before_year=previous.fiscal_year,
                              amount=format_score(abs(change.change), digits=digits)))
        meaning = texts["tool_meaning"].get(result.code, texts["tool_meaning"]["default"])
        parts.append(fill(meaning["passed" if result.passed else "below"], digits))
        out.append(" ".join(parts))
    return out


def _item_group(item: WeakItem, framework, texts: dict[str, Any]) -> str:
    """The sub-indicator heading an item sits under (or its indicator when no sub-indicator is known)."""
    if item.sub_indicator:
        return item.sub_indicator
    known = framework.oit.get(item.code.strip().upper())
    if known is not None and known.sub_indicator:
        sub = next(s for s in framework.oit.sub_indicators if s.code == known.sub_indicator)
        return texts["group_sub"].format(code=sub.code, name=sub.name)
    if known is not None and known.indicator:
        indicator = framework.indicator(known.indicator)
        return texts["group_indicator"].format(number=known.indicator[1:], name=indicator.name_th)
    return ""


def weak_items_table(doc: ScoreMemoDocument, texts: dict[str, Any] | None = None) -> Table:
    """Weak OIT items grouped under their sub-indicator; the header row repeats on every page."""
    texts = (texts or kind_texts(KIND))["weak_table"]
    digits = doc.digits
    history = doc.history
    framework = history.latest.framework
    assert history.previous is not None  # a score memo has two years or more (the model says so)
    before_year = history.previous.fiscal_year
    columns = [
        Column(title=texts["number"], width_cm=1.0, align="center"),
        Column(title=texts["item"], width_cm=3.6),
        Column(title=fill(texts["year"], digits, year=before_year), width_cm=1.8, align="center"),
        Column(title=fill(texts["year"], digits, year=history.latest.fiscal_year), width_cm=1.8, align="center"),
        Column(title=texts["analysis"], width_cm=3.9),
        Column(title=texts["remedy"], width_cm=3.9),
    ]
    groups: dict[str, list[WeakItem]] = {}
    for item in doc.weak_items:
        groups.setdefault(_item_group(item, framework, texts), []).append(item)
    rows = []
    number = 0
    for group, items in groups.items():
        if group:
            rows.append([Cell(text=convert_digits(group, digits), bold=True, colspan=len(columns))])
        for item in items:
            known = framework.oit.get(item.code.strip().upper())
            name = item.name or (known.name if known is not None else "") or ""
            before = format_number(item.before, digits=digits) if item.before is not None else "-"
            number += 1
            rows.append([
                Cell(text=format_number(number, 0, digits=digits)),
                Cell(text=convert_digits(f"{library_code(item.code)} {name}".strip(), digits)),
                Cell(text=before),
                Cell(text=format_number(item.after, digits=digits)),
                Cell(text=convert_digits(item.analysis or texts["default_analysis"], digits)),
                Cell(text=convert_digits(item.remedy or texts["default_remedy"], digits)),
            ])
    return Table(columns=columns, rows=rows, header_rows=1, font_size_pt=14)


def distribution_table(distribution: GradeDistribution, digits, texts: dict[str, Any] | None = None) -> Table:
    texts = (texts or kind_texts(KIND))["distribution_table"]
    columns = [
        Column(title=texts["grade"], width_cm=3.0, align="center"),
        Column(title=texts["range"], width_cm=5.0, align="center"),
        Column(title=texts["count"], width_cm=4.0, numeric=True),
        Column(title=texts["share"], width_cm=4.0, numeric=True),
    ]
    rows = [[Cell(text=row.label), Cell(text=row.range_text(digits)),
             Cell(text=format_number(row.count, 0, digits=digits)), Cell(text=row.share_text(digits=digits))]
            for row in distribution.rows]
    rows.append([Cell(text=texts["total"], bold=True, colspan=2, align="center"),
                 Cell(text=format_number(distribution.total, 0, digits=digits), bold=True),
                 Cell(text=format_percent(100 if distribution.total else 0, digits=digits), bold=True)])
    return Table(columns=columns, rows=rows, header_rows=1, keep_together=True)


def distribution_sentence(distribution: GradeDistribution, doc: ScoreMemoDocument,
                          texts: dict[str, Any] | None = None) -> tuple[str, dict]:
    """How many passed and how many did not, with their shares; and the names it fills."""
    texts = (texts or kind_texts(KIND))["distribution_table"]
    digits = doc.digits
    pass_mark = distribution.pass_mark
    total = distribution.total
    not_passed_share = 100 - distribution.passed_share if total else 0
    assert doc.distribution is not None  # a grade distribution comes from it
    names = dict(group=doc.distribution.group,
                 pass_mark=format_number(pass_mark, 0 if pass_mark == int(pass_mark) else 2, digits=digits),
                 passed=format_number(distribution.passed_count, 0, digits=digits),
                 total=format_number(total, 0, digits=digits),
                 share=format_percent(distribution.passed_share, digits=digits, prose=True),
                 not_passed=format_number(total - distribution.passed_count, 0, digits=digits),
                 not_passed_share=format_percent(not_passed_share, digits=digits, prose=True))
    return fill(texts["passed"], digits, **names), names


register(Kind(KIND, "memo", ScoreMemoDocument, "score-memo.docx", score_memo_context,
              "บันทึกวิเคราะห์ผลคะแนน ITA ย้อนหลังหลายปี / multi-year ITA score analysis memo"))
