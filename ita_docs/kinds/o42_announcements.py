"""`measures-announcement` (ref. 001d, O42) and `culture-announcement` (ref. 001e, O38-type):
the two ประกาศ of the set, signed by the chief executive."""

from __future__ import annotations

from typing import Literal

from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds.o42_memo import paragraph
from ita_docs.kinds.o42_set import AnnouncementSettings, CultureAnnouncementSettings, O42Input, O42Set
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Blocks, ListBlock, ListSpec, SignatureBlock
from ita_docs.parts import Part, PartsInput, body_blocks, field_blocks, field_part, field_text


class MeasuresAnnouncementDocument(O42Input, PartsInput):
    part_catalogue = catalogues.MEASURES_ANNOUNCEMENT
    kind: Literal["measures-announcement"] = "measures-announcement"
    measures_announcement: AnnouncementSettings = AnnouncementSettings()


class CultureAnnouncementDocument(O42Input, PartsInput):
    part_catalogue = catalogues.CULTURE_ANNOUNCEMENT
    kind: Literal["culture-announcement"] = "culture-announcement"
    culture_announcement: CultureAnnouncementSettings = CultureAnnouncementSettings()


def _announcement(s: O42Set, doc, settings: AnnouncementSettings, subject: str, reason: Part, lead_key: str,
                  listed: Part) -> dict:
    parts = s.arrange([
        reason,
        s.part("lead", lead_key, paragraph()),
        listed,
        field_part("closing", s.say("announcement_closing"), lambda text: [text], s.values),
        field_part("signature", [SignatureBlock(signature=s.chief)]),
    ], settings, doc)
    return {
        "agency_name": s.field(s.agency.name),
        "subject": s.field(subject),
        "body": Blocks(body_blocks(parts)),
        "closing": s.field(field_text(parts, "closing")),
        "date_line": s.field(s.date_line(settings.date)),
        "signature": Blocks(field_blocks(parts, "signature")),
    }


def _listed(part_id: str, items: list[str]) -> Part:
    return Part(part_id, [ListBlock(list=ListSpec(style="๑.", items=items))] if items else [])


def measures_announcement_context(doc: MeasuresAnnouncementDocument, s: O42Set | None = None) -> dict:
    settings = doc.measures_announcement
    s = (s or O42Set.derive(doc)).for_document(settings)
    item_clause = s.item_clause(s.analysis_item)
    return _announcement(s, doc, settings, s.say("measures_subject"),
                         s.part("reason", "measures_reason", paragraph(), item_clause=item_clause),
                         "measures_lead", _listed("measures", [m.title for m in s.measures]))


def culture_announcement_context(doc: CultureAnnouncementDocument, s: O42Set | None = None) -> dict:
    settings = doc.culture_announcement
    s = (s or O42Set.derive(doc)).for_document(settings)
    item_clause = s.item_clause(s.culture_item)
    return _announcement(s, doc, settings, s.say("culture_subject"),
                         s.part("reason", "culture_reason", paragraph(), item_clause=item_clause),
                         "culture_lead", _listed("guidelines", list(s.culture_guidelines)))


register(Kind("measures-announcement", "announcement", MeasuresAnnouncementDocument,
              "measures-announcement.docx", measures_announcement_context,
              "ประกาศมาตรการส่งเสริมคุณธรรมและความโปร่งใส (O42) / announcement of the measures"))
register(Kind("culture-announcement", "announcement", CultureAnnouncementDocument,
              "culture-announcement.docx", culture_announcement_context,
              "ประกาศแนวทางเสริมสร้างวัฒนธรรมองค์กร (O38) / announcement of culture guidelines"))
