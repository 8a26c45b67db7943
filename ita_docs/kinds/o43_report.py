"""`o43-report`: what was done under each measure during the year (the O43-type item): per
measure the action, when, by whom, the result and a link to the evidence; then a summary
(computed counts, then the preparer's own words) and the preparer's signature."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Literal

from ita_docs.diagnostics import ItaDocsWarning
from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds.o42_memo import paragraph
from ita_docs.kinds.o42_set import (
    PLACEHOLDER_SIGNER,
    AnnouncementSettings,
    Measure,
    O42Input,
    O42Set,
    O43ReportSettings,
    ProposalMemoSettings,
)
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Blocks, Heading, ListBlock, ListItem, ListSpec, Paragraph, SignatureBlock
from ita_docs.parts import Part, PartsInput, body_blocks, field_blocks, field_part
from ita_docs.thai import format_date


class O43ReportDocument(O42Input, PartsInput):
    part_catalogue = catalogues.O43_REPORT
    kind: Literal["o43-report"] = "o43-report"
    o43_report: O43ReportSettings = O43ReportSettings()
    measures_announcement: AnnouncementSettings = AnnouncementSettings()  # its date is cited
    proposal_memo: ProposalMemoSettings = ProposalMemoSettings()  # its author prepares the report


def _detail_lines(s: O42Set, measure: Measure) -> list[str]:
    labels = s.wording["o43_labels"]
    result = measure.result
    if result is None:
        return [s.say("o43_no_result")]
    when = result.when
    if isinstance(when, dt.date):
        when = format_date(when, digits="arabic")
    lines = [f"{labels['action']}: {result.action}",
             f"{labels['when']}: {when or s.period_of(measure)}",
             f"{labels['by']}: {result.by or ' '.join(measure.responsible) or '-'}"]
    if result.outcome:
        lines.append(f"{labels['outcome']}: {result.outcome}")
    if result.evidence:
        lines.append(f"{labels['evidence']}: {result.evidence}")
    return lines


def o43_report_context(doc: O43ReportDocument, s: O42Set | None = None,
                       announced: dt.date | None = None) -> dict:
    settings = doc.o43_report
    s = (s or O42Set.derive(doc)).for_document(settings)
    announced = announced or doc.measures_announcement.date
    measures = s.measures
    pending = [n for n, m in enumerate(measures, start=1) if m.result is None]
    if pending and len(pending) == len(measures):
        warnings.warn("ยังไม่มีผลการดำเนินการของมาตรการใด (measures.N.result) / no measure has a result yet",
                      ItaDocsWarning, stacklevel=2)
    items = [ListItem(text=m.title, list=ListSpec(style="-", items=_detail_lines(s, m))) for m in measures]
    done = str(len(measures) - len(pending))
    pending_text = " ".join(f"ข้อ {n}" for n in pending)
    summary = s.say("o43_summary", done=done)
    if pending:
        summary += " " + s.say("o43_summary_pending", pending=pending_text)
    preparer = settings.preparer or doc.proposal_memo.author or PLACEHOLDER_SIGNER
    parts = s.arrange([
        s.part("intro", "o43_intro", paragraph(), announcement_date=s.announcement_date_phrase(announced)),
        Part("measures", [ListBlock(list=ListSpec(style="๑.", items=items))] if items else []),
        s.part("summary.heading", "o43_summary_heading", lambda text: [Heading(heading=text)]),
        s.part("summary", None, paragraph(), text=summary, done=done, pending=pending_text),
        Part("own_summary", [Paragraph(text=settings.summary)] if settings.summary else []),
        field_part("signature", [SignatureBlock(signature=preparer, role=s.say("report_preparer_role"))]),
    ], settings, doc)
    return {
        "title_lines": [s.field(line) for line in s.lines("o43_title")],
        "body": Blocks(body_blocks(parts)),
        "signature": Blocks(field_blocks(parts, "signature")),
    }


register(Kind("o43-report", "report", O43ReportDocument, "o43-report.docx", o43_report_context,
              "รายงานผลการดำเนินการตามมาตรการ (O43) / implementation of the measures"))
