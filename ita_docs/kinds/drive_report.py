"""`drive-report`: a province's or agency's report of its ITA drive (report form, an attachment).

An introduction, numbered activities (กิจกรรมที่ ๑ …) with date, time, venue, text, counts and
photos, then the IIT and EIT survey links, each with a QR code (the link printed as typed beside it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, field_validator, model_validator

from ita_docs.assessment import load_framework
from ita_docs.kinds._texts import check_wording, fill, kind_texts, texts_with
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    QR_MAX_CHARS,
    Blocks,
    Heading,
    ListBlock,
    ListItem,
    ListSpec,
    Paragraph,
    Photo,
    PhotoGrid,
    PhotoGridBlock,
    QrCode,
    QrCodesBlock,
    SignatureBlock,
)
from ita_docs.model.common import BoundedText, Date, Person, Strict, Text
from ita_docs.model.forms import DocumentBase
from ita_docs.parts import Catalogue, Part, PartSpec, apply_parts, body_blocks, field_blocks, field_part
from ita_docs.thai import (
    check_be_year,
    convert_digits,
    format_date_weekday,
    format_number,
    format_time,
    format_time_range,
)

KIND = "drive-report"
UNKNOWN_SIGNER = "." * 40  # a name left for the signer to write in, as clerks leave it


def _texts(key: str):
    return lambda: " ".join(str(kind_texts(KIND)[key]).split())


PARTS = Catalogue([
    PartSpec("introduction.N", None, ("year", "agency"), "each paragraph of `introduction`"),
    PartSpec("activity.N", _texts("activity"), ("number", "title", "year", "agency"),
             "an activity: its heading (reworded), when and where, text, counts, photos"),
    PartSpec("surveys.heading", _texts("surveys_title"), ("year", "agency"), "the heading above the survey links"),
    PartSpec("surveys", None, (), "the survey links and their QR codes"),
    PartSpec("body.N", note="the input's `body` blocks by position"),
    PartSpec("signature", note="the preparer's block", field=True),
])
# texts reworded another way: parts (`parts: {ID: {text: …}}`) or fields of the input
PART_TEXTS = ("title", "activity", "surveys_title", "signer_role")
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[.:]([0-5]\d)\s*(น\.)?\s*$")


def _time_of_day(value: Any) -> Any:
    """"13.30", "13:30" or "13.30 น."; YAML 1.1 reads an unquoted 13:30 as the number 810."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        match = _TIME.match(value)
        if not match:
            raise ValueError(f"เวลาไม่ถูกต้อง ใช้รูปแบบ 13.30 / invalid time {value!r}, write it like 13.30")
        return dt.time(int(match.group(1)), int(match.group(2)))
    return value


TimeOfDay = Annotated[dt.time, BeforeValidator(_time_of_day)]


class Count(Strict):
    """A figure of an activity, e.g. ผู้มีส่วนได้ส่วนเสียภายในที่นำเข้าระบบ 920 ราย."""

    label: Text
    value: int = Field(ge=0)
    unit: Text | None = None  # default ราย


class DriveActivity(Strict):
    title: Text
    date: Date
    end_date: Date | None = None
    start_time: TimeOfDay | None = None
    end_time: TimeOfDay | None = None
    venue: Text | None = None
    text: Text | None = None  # what was done and why; "\n" starts a new paragraph
    counts: list[Count] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    photos_per_row: Literal[1, 2] = 2

    @field_validator("photos", mode="before")
    @classmethod
    def _plain_photos(cls, value: Any) -> Any:
        return [{"path": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _end_after_start(self) -> DriveActivity:
        if self.end_time and not self.start_time:
            raise ValueError("end_time ต้องมี start_time / end_time needs a start_time")
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            raise ValueError("end_time ต้องหลัง start_time / end_time must be after start_time")
        if self.end_date and self.end_date < self.date:
            raise ValueError("end_date ต้องไม่ก่อน date / end_date cannot be before date")
        return self


class SurveyLink(Strict):
    """A survey's link (IIT or EIT), printed as typed and as a QR code."""

    tool: Literal["IIT", "EIT"]
    url: BoundedText = Field(max_length=QR_MAX_CHARS)  # drawn as a QR code too
    deadline: Date | None = None
    respondents: int | None = Field(None, ge=1)  # the target number of respondents
    access_code: Text | None = None  # printed as typed (digits never converted)
    text: Text | None = None  # instead of the default sentence

    @field_validator("url")
    @classmethod
    def _link(cls, value: str) -> str:
        if not re.match(r"^https?://\S+$", value.strip()):
            raise ValueError(f"ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https:// / must be a link starting with https://: {value!r}")
        return value.strip()


class DriveReportDocument(DocumentBase):
    """รายงานผลการขับเคลื่อนการประเมิน ITA. `body` holds extra blocks after the survey links."""

    part_catalogue = PARTS
    wording_source: ClassVar[tuple[str, tuple[str, ...]]] = (KIND, PART_TEXTS)  # for `ita-docs wording`
    kind: Literal["drive-report"] = "drive-report"
    signature: Person | None = None  # type: ignore[assignment]  # the preparer; left out: a dotted line to sign on and write the name
    fiscal_year: int
    title: list[Text] | None = None  # title lines (default: the report, the fiscal year, the agency)
    introduction: list[Text] = Field(min_length=1)
    activities: list[DriveActivity] = Field(default_factory=list)
    surveys: list[SurveyLink] = Field(default_factory=list, max_length=3)
    signer_role: Text | None = None  # default ผู้จัดทำรายงาน
    # the report's own wording of texts/drive-report.yaml by dotted key, e.g. {venue: "สถานที่ {venue}"}
    wording: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_wording(self) -> DriveReportDocument:
        check_wording(KIND, self.wording, PART_TEXTS)  # errors name wording.KEY
        return self

    @field_validator("fiscal_year")
    @classmethod
    def _be_year(cls, value: int) -> int:
        return check_be_year(value, "fiscal_year")

    @field_validator("title", "introduction", mode="before")
    @classmethod
    def _lines(cls, value: Any) -> Any:
        return [line for line in value.split("\n") if line.strip()] if isinstance(value, str) else value


# --- context ---------------------------------------------------------------------------------------

def _when(activity: DriveActivity, digits, texts: dict[str, Any]) -> str:
    if activity.end_date and activity.end_date != activity.date:
        parts = [fill(texts["when_range"], digits, start=format_date_weekday(activity.date, digits=digits),
                      end=format_date_weekday(activity.end_date, digits=digits))]
    else:
        parts = [fill(texts["when"], digits, date=format_date_weekday(activity.date, digits=digits))]
    if activity.start_time:
        time = (format_time_range(activity.start_time, activity.end_time, digits=digits) if activity.end_time
                else format_time(activity.start_time, digits=digits))
        parts.append(fill(texts["time"], digits, time=time))
    if activity.venue:
        parts.append(fill(texts["venue"], digits, venue=activity.venue))
    return " ".join(parts)


def activity_blocks(number: int, activity: DriveActivity, digits, heading: str | None = None,
                    texts: dict[str, Any] | None = None) -> list[Any]:
    texts = texts or kind_texts(KIND)
    paragraphs = (activity.text or "").split("\n")
    heading = heading if heading is not None else fill(texts["activity"], digits, number=number, title=activity.title)
    blocks: list[Any] = [
        Heading(heading=heading),
        Paragraph(text=" ".join(p for p in (_when(activity, digits, texts), paragraphs[0]) if p)),
    ]
    blocks += [Paragraph(text=p) for p in paragraphs[1:] if p.strip()]
    if activity.counts:
        blocks.append(ListBlock(list=ListSpec(style="-", items=[
            ListItem(text=fill(texts["count"], digits, label=c.label, value=format_number(c.value, 0, digits=digits),
                               unit=c.unit or texts["default_unit"]))
            for c in activity.counts])))
    if activity.photos:
        per_page = 6 if activity.photos_per_row == 2 else 2
        blocks.append(PhotoGridBlock(photo_grid=PhotoGrid(photos=activity.photos, per_page=per_page, new_page=False)))
    return blocks


def survey_blocks(doc: DriveReportDocument) -> list[Any]:
    texts = texts_with(KIND, doc.wording)
    digits = doc.digits
    framework = load_framework(doc.fiscal_year)
    tools = {t.code: t for t in framework.tools}
    blocks: list[Any] = []
    for survey in doc.surveys:
        if survey.text:
            sentence = convert_digits(survey.text, digits)
        else:
            tool = tools.get(survey.tool)
            parts = [fill(texts["survey"], digits, tool=survey.tool, url=survey.url,
                          tool_name=tool.name_th if tool else survey.tool)]
            if survey.respondents:
                parts.append(fill(texts["survey_respondents"], digits,
                                  respondents=format_number(survey.respondents, 0, digits=digits)))
            if survey.deadline:
                parts.append(fill(texts["survey_deadline"], digits,
                                  date=format_date_weekday(survey.deadline, digits=digits)))
            sentence = " ".join(parts)
        blocks.append(Paragraph(text=sentence))
        if survey.access_code:
            blocks.append(Paragraph(text=texts["survey_code"].format(code=survey.access_code), verbatim=True))
    blocks.append(QrCodesBlock(qr_codes=[
        QrCode(data=s.url, caption=fill(texts["qr_caption"], digits, tool=s.tool)) for s in doc.surveys]))
    return blocks


def drive_report_context(doc: DriveReportDocument) -> dict:
    texts = texts_with(KIND, doc.wording)
    digits = doc.digits
    values = {"year": doc.fiscal_year, "agency": doc.agency.name}
    title = doc.title or [fill(line, digits, **values) for line in texts["title"]]
    parts = [Part(f"introduction.{n}", _paragraph(p), _paragraph, values)
             for n, p in enumerate(doc.introduction, start=1)]
    for number, activity in enumerate(doc.activities, start=1):
        def make(text: str, number: int = number, activity: DriveActivity = activity) -> list:
            return activity_blocks(number, activity, digits, heading=text, texts=texts)
        parts.append(Part(f"activity.{number}", activity_blocks(number, activity, digits, texts=texts), make,
                          {**values, "number": number, "title": activity.title}))
    if doc.surveys:
        parts.append(Part("surveys.heading", [Heading(heading=texts["surveys_title"])],
                          lambda text: [Heading(heading=text)], values))
        parts.append(Part("surveys", survey_blocks(doc)))
    parts += [Part(f"body.{n}", [block]) for n, block in enumerate(doc.body, start=1)]
    role = doc.signer_role or texts["signer_role"]
    signer = doc.signature if doc.signature and doc.signature.name.strip() else Person(
        name=UNKNOWN_SIGNER, position=doc.signature.position if doc.signature else [])
    parts.append(field_part("signature", [SignatureBlock(signature=signer, role=role)]))
    parts = apply_parts(parts, doc.parts, doc.add)
    return {
        "title_lines": [convert_digits(line, digits) for line in title],
        "agency_name": convert_digits(doc.agency.name, digits),
        "body": Blocks(body_blocks(parts)),
        "signature": Blocks(field_blocks(parts, "signature")),
    }


def _paragraph(text: str) -> list:
    return [Paragraph(text=text)]


register(Kind(KIND, "report", DriveReportDocument, "drive-report.docx", drive_report_context,
              "รายงานการขับเคลื่อนการประเมิน ITA / report of an ITA drive, with survey QR codes"))
