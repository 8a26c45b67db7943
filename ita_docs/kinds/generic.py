"""The generic kinds `memo`, `announcement`, `order` and `report`: a form filled with the user's blocks."""

from __future__ import annotations

from datetime import date

from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import Blocks, CommentBlock, Heading, Paragraph, SignatureBlock
from ita_docs.model.forms import (
    REPORT_DATE_TEXT,
    AnnouncementDocument,
    DocumentBase,
    MemoDocument,
    OrderDocument,
    ReportDocument,
)
from ita_docs.parts import Part, apply_parts, body_blocks, field_blocks, field_part, field_text
from ita_docs.placeholders import fill_names
from ita_docs.thai import Digits, closing_date_line, convert_digits, format_date, format_date_era


def _text(value: str | None, doc: DocumentBase) -> str:
    return convert_digits(value, doc.digits) if value else ""


def _common(doc: DocumentBase, texts: dict[str, str], blocks: dict[str, list] | None = None) -> dict:
    """Agency, body, signature and the template's other fields (closing …: `texts`, comments:
    `blocks`), after the input's `parts` and `add`."""
    parts = [Part(f"body.{n}", [block]) for n, block in enumerate(doc.body, start=1)]
    parts += [field_part(name, value, lambda text: [_text(text, doc)]) for name, value in texts.items()]
    blocks = {**(blocks or {}), "signature": [SignatureBlock(signature=doc.signature)]}
    parts += [field_part(name, value) for name, value in blocks.items()]
    parts = apply_parts(parts, doc.parts, doc.add)
    return {
        "agency_name": _text(doc.agency.name, doc),
        "body": Blocks(body_blocks(parts)),
        **{name: field_text(parts, name) for name in texts},
        **{name: Blocks(field_blocks(parts, name)) for name in blocks},
    }


def memo_context(doc: MemoDocument) -> dict:
    header = doc.header
    return {
        **_common(doc, {"closing": _text(doc.closing, doc)},
                  {"comments": [CommentBlock(comment=c) for c in doc.comments]}),
        "urgency": doc.urgency or "",
        "secrecy": doc.secrecy or "",
        "unit": _text(header.unit, doc),
        "number": header.number.format(doc.digits),
        "date": format_date(header.date, digits=doc.digits) if header.date else "",
        "subject": _text(header.subject, doc),
        "to": _text(header.to, doc),
    }


def announcement_context(doc: AnnouncementDocument) -> dict:
    return {
        **_common(doc, {"closing": _text(doc.closing, doc)}),
        "subject": _text(doc.header.subject, doc),
        "date_line": closing_date_line(doc.date, "ประกาศ", digits=doc.digits),
    }


def effective_sentence(effective: date | str | None, digits: Digits) -> str:
    """ทั้งนี้ ตั้งแต่… of an order: from a date, as written, or from now on."""
    if effective is None:
        return "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"
    if isinstance(effective, date):
        return f"ทั้งนี้ ตั้งแต่วันที่ {format_date_era(effective, digits=digits)} เป็นต้นไป"
    return convert_digits(effective, digits)


def order_context(doc: OrderDocument) -> dict:
    return {
        **_common(doc, {"effective": effective_sentence(doc.effective, doc.digits)}),
        "number": _text(doc.header.number, doc),
        "subject": _text(doc.header.subject, doc),
        "date_line": closing_date_line(doc.date, "สั่ง", digits=doc.digits),
    }


def _date_line(text: str) -> list:
    return [Paragraph(text=text, indent=False, align="center")]


def report_context(doc: ReportDocument) -> dict:
    parts = []
    if doc.date is not None:
        values = {"date": format_date(doc.date, digits=doc.digits)}
        parts.append(Part("date", _date_line(fill_names("date", REPORT_DATE_TEXT, values)), _date_line, values))
    parts += [Part(f"body.{n}", [block]) for n, block in enumerate(doc.body, start=1)]
    for n, section in enumerate(doc.sections, start=1):
        def make(text: str, section=section) -> list:
            return [Heading(heading=text), *section.body]
        parts.append(Part(f"section.{n}", make(section.heading), make, {"heading": section.heading}))
    if doc.signature is not None:
        parts.append(field_part("signature", [SignatureBlock(signature=doc.signature, role=doc.signer_role)]))
    parts = apply_parts(parts, doc.parts, doc.add)
    return {
        "title_lines": [_text(line, doc) for line in doc.title],
        "agency_name": _text(doc.agency.name, doc),
        "body": Blocks(body_blocks(parts)),
        "signature": Blocks(field_blocks(parts, "signature")),
    }


register(Kind("memo", "memo", MemoDocument, "memo.docx", memo_context,
              "บันทึกข้อความ: any memo / บันทึกข้อความทั่วไป"))
register(Kind("announcement", "announcement", AnnouncementDocument, "announcement.docx",
              announcement_context, "ประกาศ: any announcement / ประกาศทั่วไป"))
register(Kind("order", "order", OrderDocument, "order.docx", order_context,
              "คำสั่ง: any order / คำสั่งทั่วไป"))
register(Kind("report", "report", ReportDocument, "report.docx", report_context,
              "รายงาน: any report, an attachment without letterhead / รายงานทั่วไป (เอกสารแนบ)"))
