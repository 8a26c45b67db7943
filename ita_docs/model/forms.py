"""The generic forms as input models: memo (บันทึกข้อความ), announcement (ประกาศ), order (คำสั่ง),
report (รายงาน: an attachment without letterhead)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ita_docs.model.blocks import Body, Comment
from ita_docs.model.common import Agency, Date, DateOrText, DocumentNumber, InputDocument, Person, Strict, Text
from ita_docs.parts import Catalogue, PartsInput, PartSpec

Urgency = Literal["ด่วน", "ด่วนมาก", "ด่วนที่สุด"]
Secrecy = Literal["ลับ", "ลับมาก", "ลับที่สุด"]  # ชั้นความลับ: marked at the top and bottom of every page


class DocumentBase(InputDocument, PartsInput):
    """What every document of a form has besides: the agency, a body and a signer (and the
    input's changes to the parts of its body, ita_docs/parts.py)."""

    agency: Agency
    body: Body = Field(default_factory=list)
    signature: Person


class MemoHeader(Strict):
    unit: Text  # ส่วนราชการ
    number: DocumentNumber  # ที่
    date: Date | None = None  # วันที่ (blank: filled in by hand when the memo is registered)
    subject: Text  # เรื่อง
    to: Text  # เรียน


_BODY = PartSpec("body.N", note="the body's blocks by position: body.1, body.2 … / บล็อกของเนื้อความตามลำดับ")
_SIGNATURE = PartSpec("signature", note="the signer's block / ลายมือชื่อผู้ลงนาม", field=True)


def _closing(note: str) -> PartSpec:
    return PartSpec("closing", "", note=note, field=True)


class MemoDocument(DocumentBase):
    part_catalogue = Catalogue([_BODY, _closing("จึงเรียนมา… (the input's closing)"), _SIGNATURE,
                                PartSpec("comments", note="the superiors' ความเห็น blocks", field=True)])
    kind: Literal["memo"] = "memo"
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    header: MemoHeader
    closing: Text | None = None  # e.g. จึงเรียนมาเพื่อโปรดพิจารณา
    comments: list[Comment] = Field(default_factory=list)  # in order up the chain of command


class AnnouncementHeader(Strict):
    subject: Text


class AnnouncementDocument(DocumentBase):
    part_catalogue = Catalogue([_BODY, _closing("จึงประกาศให้ทราบโดยทั่วกัน (the input's closing)"), _SIGNATURE])
    kind: Literal["announcement"] = "announcement"
    header: AnnouncementHeader
    closing: Text | None = None  # e.g. จึงประกาศให้ทราบโดยทั่วกัน
    date: Date  # ประกาศ ณ วันที่ …


class OrderHeader(Strict):
    number: Text  # "12/2567" → ที่ ๑๒/๒๕๖๗
    subject: Text


class OrderDocument(DocumentBase):
    part_catalogue = Catalogue([_BODY, PartSpec("effective", "", note="ทั้งนี้ ตั้งแต่… (from `effective`)", field=True),
                                _SIGNATURE])
    kind: Literal["order"] = "order"
    header: OrderHeader
    effective: DateOrText | None = None  # ทั้งนี้ ตั้งแต่… (a date, or the sentence itself)
    date: Date  # สั่ง ณ วันที่ …


REPORT_DATE_TEXT = "ข้อมูล ณ วันที่ {date}"


class ReportSection(Strict):
    """A titled section of a report: its heading (a bold line, numbered as the user writes it) and blocks."""

    heading: Text
    body: Body = Field(default_factory=list)


class ReportDocument(DocumentBase):
    """รายงาน: centred title lines, the body's blocks, titled sections, the preparer's signature."""

    part_catalogue = Catalogue([
        PartSpec("date", REPORT_DATE_TEXT, ("date",), "the report's date line under the title (when `date` is given)"),
        _BODY,
        PartSpec("section.N", None, ("heading",),
                 "a section by position: section.1 … (text: its heading reworded) / หัวข้อตามลำดับ"),
        PartSpec("signature", note="the preparer's block (when `signature` is given) / ลายมือชื่อผู้จัดทำ",
                 field=True),
    ])
    kind: Literal["report"] = "report"
    title: list[Text] = Field(min_length=1)  # the centred title lines
    date: Date | None = None  # the date of its figures: a line under the title (part `date`)
    sections: list[ReportSection] = Field(default_factory=list)  # after the body's own blocks
    signature: Person | None = None  # type: ignore[assignment]  # the preparer; none: the report ends with its text
    signer_role: Text | None = None  # e.g. ผู้จัดทำรายงาน: a "(ลงชื่อ)……ผู้จัดทำรายงาน" line

    @field_validator("title", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [line for line in value.split("\n") if line.strip()] if isinstance(value, str) else value
