"""`o42-bundle`: the whole O42/O43 set from one input file, into one folder.

The set is derived once (O42Set), so every file states the same score, grade, measures, names
and dates; each part is the context its own kind would build from the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import Field

from ita_docs.kinds.analysis_report import analysis_report_context
from ita_docs.kinds.circular_memo import circular_memo_context
from ita_docs.kinds.o42_announcements import culture_announcement_context, measures_announcement_context
from ita_docs.kinds.o42_memo import o42_memo_context
from ita_docs.kinds.o42_set import (
    AnnouncementSettings,
    CircularMemoSettings,
    CultureAnnouncementSettings,
    O42Input,
    O42Set,
    O43ReportSettings,
    ProposalMemoSettings,
    ReportSettings,
)
from ita_docs.kinds.o43_report import o43_report_context
from ita_docs.kinds.registry import Kind, Part, no_single_context, register

DocumentKind = Literal["o42-memo", "analysis-report", "measures-announcement", "culture-announcement",
                       "circular-memo", "o43-report"]


class O42Bundle(O42Input):
    kind: Literal["o42-bundle"] = "o42-bundle"
    proposal_memo: ProposalMemoSettings = ProposalMemoSettings()
    analysis_report: ReportSettings = ReportSettings()
    measures_announcement: AnnouncementSettings = AnnouncementSettings()
    culture_announcement: CultureAnnouncementSettings = CultureAnnouncementSettings()
    circular_memo: CircularMemoSettings = CircularMemoSettings()
    o43_report: O43ReportSettings = O43ReportSettings()
    # The documents to make (default: all six, in signing order); e.g. no O43 report before the year's end.
    documents: list[DocumentKind] | None = Field(None, min_length=1)


# (file name, kind, context builder) in the order the set is signed and published.
BUNDLE_PARTS: tuple[tuple[str, str, Callable[..., dict]], ...] = (  # each builder reads the fields all kinds share
    ("01-o42-memo", "o42-memo", o42_memo_context),
    ("02-analysis-report", "analysis-report", analysis_report_context),
    ("03-measures-announcement", "measures-announcement", measures_announcement_context),
    ("04-culture-announcement", "culture-announcement", culture_announcement_context),
    ("05-circular-memo", "circular-memo", circular_memo_context),
    ("06-o43-report", "o43-report", o43_report_context),
)


def bundle_parts(bundle: O42Bundle) -> list[Part]:
    derived = O42Set.derive(bundle)  # once: proposals and their warnings happen once
    wanted = set(bundle.documents or (kind for _, kind, _ in BUNDLE_PARTS))
    return [Part(name, kind, build(bundle, derived)) for name, kind, build in BUNDLE_PARTS if kind in wanted]


register(Kind("o42-bundle", "bundle", O42Bundle, "", no_single_context,
              "ชุดเอกสาร O42/O43 ทั้งชุดจากไฟล์เดียว / the whole O42/O43 set from one file",
              parts=bundle_parts))
