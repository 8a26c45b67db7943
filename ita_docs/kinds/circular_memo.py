"""`circular-memo` (ref. 001c): the chief executive tells all staff that the measures were
announced and where to read them ("จึงเรียนมาเพื่อถือปฏิบัติ")."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ita_docs.kinds import _o42_parts as catalogues
from ita_docs.kinds.o42_memo import paragraph
from ita_docs.kinds.o42_set import AnnouncementSettings, CircularMemoSettings, O42Input, O42Set
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Blocks
from ita_docs.parts import PartsInput, body_blocks, field_part, field_text


class CircularMemoDocument(O42Input, PartsInput):
    part_catalogue = catalogues.CIRCULAR_MEMO
    kind: Literal["circular-memo"] = "circular-memo"
    circular_memo: CircularMemoSettings = CircularMemoSettings()
    measures_announcement: AnnouncementSettings = AnnouncementSettings()  # its date is cited


def circular_memo_context(doc: CircularMemoDocument, s: O42Set | None = None,
                          announced: dt.date | None = None) -> dict:
    settings = doc.circular_memo
    s = (s or O42Set.derive(doc)).for_document(settings)
    announced = announced or doc.measures_announcement.date
    website = s.agency.website
    where = s.say("circular_website", website=website) if website else s.say("circular_website_unknown")
    parts = s.arrange([
        s.part("reason", "circular_reason", paragraph(), item_clause=s.item_clause(s.implementation_item)),
        s.part("body", "circular_body", paragraph(), measures_subject=s.say("measures_subject"),
               announcement_date=s.announcement_date_phrase(announced), website=where),
        field_part("closing", s.say("circular_closing"), lambda text: [text], s.values),
        field_part("signature", []),
    ], settings, doc)
    context = s.memo(
        number=settings.number, date=settings.date,
        subject=settings.subject or s.say("circular_subject"), to=settings.to or s.say("circular_to"),
        body=body_blocks(parts), closing=field_text(parts, "closing"), signer=s.chief,
    )
    if not any(p.id == "signature" for p in parts):
        context["signature"] = Blocks([])
    return context


register(Kind("circular-memo", "memo", CircularMemoDocument, "circular-memo.docx", circular_memo_context,
              "บันทึกแจ้งเวียนมาตรการ / memo circulating the measures to all staff"))
