"""The parts of each document of the O42/O43 set (ita_docs/parts.py): ids, default wording (a key
of texts/o42.yaml) and the placeholders a reworded text may use."""

from __future__ import annotations

from ita_docs.kinds._texts import kind_texts
from ita_docs.parts import Catalogue, PartSpec
from ita_docs.placeholders import placeholders

# What every sentence of the set may name (O42Set.values).
SET_NAMES = frozenset({
    "agency", "place", "manual", "fiscal_year", "fiscal_year_text", "previous_year", "previous_year_text",
    "total", "grade", "pass_mark", "analysis_item", "items", "count"})


def _names_of(key: str) -> frozenset[str]:
    default = kind_texts("o42")[key]
    return frozenset(placeholders(f"wording.{key}", default)) if isinstance(default, str) else frozenset()


def said(part_id: str, key: str | None, note: str = "", *, extra: tuple[str, ...] = (),
         field: bool = False) -> PartSpec:
    """A part worded by texts/o42.yaml `key` (None: computed or listed, its text still rewordable)."""
    names = SET_NAMES | frozenset(extra) | (_names_of(key) if key else frozenset())
    text = (lambda: " ".join(str(kind_texts("o42")[key]).split())) if key else None
    return PartSpec(part_id, text, tuple(sorted(names)), note, field)


def _listed(part_id: str, note: str) -> PartSpec:
    return PartSpec(part_id, None, (), note)


SIGNATURE = PartSpec("signature", note="the signer's block / ลายมือชื่อ", field=True)

O42_MEMO = Catalogue([
    said("reason", "memo_reason", "why (the ITA manual and its items)"),
    _listed("criteria_table", "the items' requirements table (computed from the framework)"),
    said("intro", "memo_intro"),
    said("analysis.heading", "memo_part_analysis"),
    said("analysis.result", None, "the result sentences (computed: total, grade, tools)"),
    said("analysis.strengths", "strengths_heading", "heading and the strengths list"),
    said("analysis.weaknesses", "weaknesses_heading", "heading and the weaknesses list"),
    said("measures.heading", "memo_part_measures"),
    said("measures_intro", "memo_measures_intro"),
    _listed("measures", "the measures ๒.๑ ๒.๒ … (their titles)"),
    said("request", "memo_request"),
    said("closing", "memo_closing", field=True),
    SIGNATURE,
    PartSpec("comments", note="the superiors' ความเห็น blocks", field=True),
])

ANALYSIS_REPORT = Catalogue([
    said("part1.heading", "report_part1"),
    said("part1.intro", "report_part1_intro", extra=("tools_pass",)),
    said("tool_table", "report_tool_table_title", "title and the tools' scores table (computed)"),
    said("indicator_table", "report_indicator_table_title", "title and the ranked indicators table (computed)"),
    said("part2.heading", "report_part2"),
    said("part2.intro", "report_part2_intro", extra=("tools_pass",)),
    _listed("recommendations", "per tool and indicator (assessment texts)"),
    said("part3.heading", "report_part3"),
    said("analysis.result", None, "the result sentences (computed: total, grade, tools)"),
    said("analysis.strengths", "strengths_heading", "heading and the strengths list"),
    said("analysis.weaknesses", "weaknesses_heading", "heading and the weaknesses list"),
    said("part4.heading", "report_part4"),
    said("part4.intro", "report_part4_intro"),
    _listed("measures", "the measures (1) (2) … (their titles)"),
    _listed("plan", "the improvement-plan tables per tool"),
    SIGNATURE,
])


def _announcement(reason: str, lead: str, listed: str) -> Catalogue:
    return Catalogue([
        said("reason", reason, extra=("item_clause",)),
        said("lead", lead),
        _listed(listed, f"the {listed} 1. 2. …"),
        said("closing", "announcement_closing", field=True),
        SIGNATURE,
    ])


MEASURES_ANNOUNCEMENT = _announcement("measures_reason", "measures_lead", "measures")
CULTURE_ANNOUNCEMENT = _announcement("culture_reason", "culture_lead", "guidelines")

CIRCULAR_MEMO = Catalogue([
    said("reason", "circular_reason", extra=("item_clause",)),
    said("body", "circular_body", extra=("measures_subject", "announcement_date", "website")),
    said("closing", "circular_closing", field=True),
    SIGNATURE,
])

O43_REPORT = Catalogue([
    said("intro", "o43_intro", extra=("announcement_date",)),
    _listed("measures", "each measure with what was done"),
    said("summary.heading", "o43_summary_heading"),
    said("summary", None, "the computed counts (o43_summary, o43_summary_pending)", extra=("done", "pending")),
    _listed("own_summary", "the preparer's own summary (o43_report.summary)"),
    SIGNATURE,
])
