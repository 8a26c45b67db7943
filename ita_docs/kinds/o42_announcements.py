"""`measures-announcement` (ref. 001d, O42) and `culture-announcement` (ref. 001e, O38-type):
the two ประกาศ of the set, signed by the chief executive."""

from __future__ import annotations

from typing import Literal

from ita_docs.kinds.o42_set import AnnouncementSettings, O42Input, O42Set
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Blocks, ListBlock, ListSpec, Paragraph, SignatureBlock


class MeasuresAnnouncementDocument(O42Input):
    kind: Literal["measures-announcement"] = "measures-announcement"
    measures_announcement: AnnouncementSettings = AnnouncementSettings()


class CultureAnnouncementDocument(O42Input):
    kind: Literal["culture-announcement"] = "culture-announcement"
    culture_announcement: AnnouncementSettings = AnnouncementSettings()


def _announcement(s: O42Set, subject: str, reason: str, lead: str, items: list[str],
                  settings: AnnouncementSettings) -> dict:
    return {
        "agency_name": s.field(s.agency.name),
        "subject": s.field(subject),
        "body": Blocks([
            Paragraph(text=reason),
            Paragraph(text=lead),
            ListBlock(list=ListSpec(style="๑.", items=items)),
        ]),
        "closing": s.field(s.say("announcement_closing")),
        "date_line": s.field(s.date_line(settings.date)),
        "signature": Blocks([SignatureBlock(signature=s.chief)]),
    }


def measures_announcement_context(doc: MeasuresAnnouncementDocument, s: O42Set | None = None) -> dict:
    s = s or O42Set.derive(doc)
    return _announcement(
        s, s.say("measures_subject"),
        s.say("measures_reason", item_clause=s.item_clause(s.analysis_item)),
        s.say("measures_lead"), [m.title for m in s.measures], doc.measures_announcement)


def culture_announcement_context(doc: CultureAnnouncementDocument, s: O42Set | None = None) -> dict:
    s = s or O42Set.derive(doc)
    return _announcement(
        s, s.say("culture_subject"),
        s.say("culture_reason", item_clause=s.item_clause(s.culture_item)),
        s.say("culture_lead"), list(s.culture_guidelines), doc.culture_announcement)


register(Kind("measures-announcement", "announcement", MeasuresAnnouncementDocument,
              "measures-announcement.docx", measures_announcement_context,
              "ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใส (O42) / announcement of the measures"))
register(Kind("culture-announcement", "announcement", CultureAnnouncementDocument,
              "culture-announcement.docx", culture_announcement_context,
              "ประกาศแนวทางเสริมสร้างวัฒนธรรมองค์กร (O38) / announcement of culture guidelines"))
