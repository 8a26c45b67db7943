"""`circular-memo` (ref. 001c): the chief executive tells all staff that the measures were
announced and where to read them ("จึงเรียนมาเพื่อถือปฏิบัติ")."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ita_docs.kinds.o42_set import AnnouncementSettings, CircularMemoSettings, O42Input, O42Set
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Paragraph


class CircularMemoDocument(O42Input):
    kind: Literal["circular-memo"] = "circular-memo"
    circular_memo: CircularMemoSettings = CircularMemoSettings()
    measures_announcement: AnnouncementSettings = AnnouncementSettings()  # its date is cited


def circular_memo_context(doc: CircularMemoDocument, s: O42Set | None = None,
                          announced: dt.date | None = None) -> dict:
    s = s or O42Set.derive(doc)
    settings = doc.circular_memo
    announced = announced or doc.measures_announcement.date
    website = s.agency.website
    where = s.say("circular_website", website=website) if website else s.say("circular_website_unknown")
    body = [
        Paragraph(text=s.say("circular_reason", item_clause=s.item_clause(s.implementation_item))),
        Paragraph(text=s.say("circular_body", measures_subject=s.say("measures_subject"),
                             announcement_date=s.announcement_date_phrase(announced), website=where)),
    ]
    return s.memo(
        number=settings.number, date=settings.date,
        subject=settings.subject or s.say("circular_subject"), to=settings.to or s.say("circular_to"),
        body=body, closing=s.say("circular_closing"), signer=s.chief,
    )

register(Kind("circular-memo", "memo", CircularMemoDocument, "circular-memo.docx", circular_memo_context,
              "บันทึกแจ้งเวียนมาตรการ / memo circulating the measures to all staff"))
