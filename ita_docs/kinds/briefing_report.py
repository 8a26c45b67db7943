"""`briefing-report-memo`: a memo reporting on an ITA briefing or training attended.

Event, objectives, content in nested numbered sections, the year's indicators grouped by tool with
their point split (from the assessment framework), a months timeline, benefits, how the knowledge
will be applied, the signature, then photo pages.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ita_docs.assessment import load_framework
from ita_docs.kinds._memo import memo_letterhead
from ita_docs.kinds._texts import check_wording, default_text, fill, kind_texts, texts_with
from ita_docs.kinds.registry import Kind, register
from ita_docs.model.blocks import (
    Blocks,
    Cell,
    Column,
    Comment,
    CommentBlock,
    ListBlock,
    ListItem,
    ListSpec,
    Paragraph,
    Photo,
    PhotoGrid,
    PhotoGridBlock,
    Table,
    TableBlock,
)
from ita_docs.model.common import Date, Person, Strict, Text
from ita_docs.model.forms import DocumentBase, MemoHeader, Urgency
from ita_docs.parts import (
    Catalogue,
    Part,
    PartSpec,
    apply_parts,
    body_blocks,
    field_blocks,
    field_part,
    field_text,
    renumber,
)
from ita_docs.thai import convert_digits, fiscal_year, format_date_weekday, format_number, month_name
from ita_docs.thai.numbering import normalize_list_style

KIND = "briefing-report-memo"
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)  # ต.ค. … ก.ย., the order Thai agencies plan in
CONTENT_STYLES = ("๑.๑", "๑)", "-", "-")  # numbering of the content's nesting levels under ๒.
EVENT_NAMES = ("event", "organiser", "venue", "date", "attendees")


def _texts(*path: str):
    return default_text(KIND, *path)


PARTS = Catalogue([
    PartSpec("intro", _texts("intro"), EVENT_NAMES, "the event attended (or the input's `intro`)"),
    PartSpec("report", _texts("report"), EVENT_NAMES, "บัดนี้ … (the report's lead)"),
    PartSpec("objectives", _texts("titles", "objectives"), EVENT_NAMES, "numbered title and the objectives"),
    PartSpec("content", _texts("titles", "content"), EVENT_NAMES, "numbered title and the content sections"),
    PartSpec("indicators", _texts("titles", "indicators"), ("year", "count"),
             "the year's indicators: sub-item, table (from the framework) and pass mark"),
    PartSpec("timeline", _texts("titles", "timeline"), (), "sub-item and the months table"),
    PartSpec("benefits", _texts("titles", "benefits"), EVENT_NAMES, "numbered title, personal and agency benefits"),
    PartSpec("application", _texts("titles", "application"), EVENT_NAMES, "numbered title and the applications"),
    PartSpec("body.N", note="the input's `body` blocks by position"),
    PartSpec("closing", _texts("closing"), (), field=True),
    PartSpec("signature", note="the signer's block", field=True),
    PartSpec("comments", note="the superiors' ความเห็น blocks", field=True),
    PartSpec("photos", note="the photo pages", field=True),
])
NUMBERED = ("objectives", "content", "benefits", "application")


class Event(Strict):
    name: Text  # ประชุมชี้แจง… (what was attended, without "การ")
    date: Date
    end_date: Date | None = None  # a training of several days
    venue: Text
    organiser: Text


class Section(Strict):
    """A content section: its text and nested sections (numbered ๒.๑ → ๑) → -, or `style`)."""

    text: Text
    items: list[Section] = Field(default_factory=list)
    style: str | None = None  # the numbering of its items ("๑.", "(๑)", "-" …; default by depth)

    @field_validator("style")
    @classmethod
    def _known_style(cls, value: str | None) -> str | None:
        if value is not None:
            normalize_list_style(value)  # ValueError naming the styles there are
        return value

    @field_validator("items", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return [{"text": v} if isinstance(v, (str, int, float)) else v for v in value] if isinstance(value, list) else value


class Activity(Strict):
    name: Text
    months: list[int] = Field(min_length=1)  # 1–12, the months the activity runs

    @field_validator("months")
    @classmethod
    def _months(cls, value: list[int]) -> list[int]:
        wrong = [m for m in value if not 1 <= m <= 12]
        if wrong:
            raise ValueError(f"เดือนต้องอยู่ระหว่าง 1–12 / months must be 1–12, got {wrong}")
        return value


class Timeline(Strict):
    """Activities × months, a mark in the months each runs; columns in fiscal-year order."""

    activities: list[Activity] = Field(min_length=1)
    all_months: bool = False  # all twelve months (ต.ค.–ก.ย.), not only those from the first to the last active one
    mark: Text = "<—>"  # drawn in TH Sarabun (it has no "↔", which LibreOffice takes from another font)
    note: Text | None = None  # หมายเหตุ under the table


class Benefits(Strict):
    personal: list[Text] = Field(default_factory=list)  # ต่อตนเอง
    agency: list[Text] = Field(default_factory=list)  # ต่อหน่วยงาน


# texts reworded another way: parts (`parts: {ID: {text: …}}`) or fields of the input
PART_TEXTS = ("intro", "report", "closing", "titles", "photos_title")


class BriefingReportDocument(DocumentBase):
    """บันทึกข้อความ รายงานผลการเข้าร่วมประชุม/อบรม ITA. `body` holds extra blocks before the closing."""

    part_catalogue = PARTS
    wording_source: ClassVar[tuple[str, tuple[str, ...]]] = (KIND, PART_TEXTS)  # for `ita-docs wording`

    kind: Literal["briefing-report-memo"] = "briefing-report-memo"
    urgency: Urgency | None = None
    header: MemoHeader
    event: Event
    attendees: list[Person] = Field(default_factory=list)  # default: the signer
    intro: Text | None = None  # default: texts/briefing-report-memo.yaml, from the event
    objectives: list[Text] = Field(min_length=1)
    content: list[Section] = Field(default_factory=list)
    indicators_year: int | None = None  # the year whose indicators are listed (default: the event's fiscal year)
    show_indicators: bool = True
    timeline: Timeline | None = None
    benefits: Benefits = Benefits()
    application: list[Text] = Field(default_factory=list)
    closing: Text | None = None
    comments: list[Comment] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    photos_per_page: Literal[1, 2, 4, 6] = 4
    photos_title: Text | None = None  # default: the event and venue
    # the memo's own wording of texts/briefing-report-memo.yaml by dotted key (table headers, lines)
    wording: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_wording(self) -> BriefingReportDocument:
        check_wording(KIND, self.wording, PART_TEXTS)  # errors name wording.KEY
        return self

    @field_validator("content", mode="before")
    @classmethod
    def _plain(cls, value: Any) -> Any:
        return [{"text": v} if isinstance(v, (str, int, float)) else v for v in value] if isinstance(value, list) else value

    @field_validator("photos", mode="before")
    @classmethod
    def _plain_photos(cls, value: Any) -> Any:
        return [{"path": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


# --- context ---------------------------------------------------------------------------------------

def _event_date(event: Event, digits, texts: dict[str, Any]) -> str:
    start = format_date_weekday(event.date, digits=digits)
    if event.end_date and event.end_date != event.date:
        return fill(texts["date_range"], digits, start=start,
                    end=format_date_weekday(event.end_date, digits=digits))
    return start


def _section_list(sections: list[Section], depth: int, parent: list[int] | None = None,
                  style: str | None = None) -> ListSpec:
    style = style or CONTENT_STYLES[min(depth, len(CONTENT_STYLES) - 1)]
    return ListSpec(style=style, parent=parent or [], items=[
        ListItem(text=s.text, list=_section_list(s.items, depth + 1, style=s.style) if s.items else None)
        for s in sections])


def _titled(number: int, title: str, children: ListSpec | None = None) -> ListBlock:
    return ListBlock(list=ListSpec(style="๑.", start=number, items=[ListItem(text=title, list=children)]))


def _sub_item(parent: int, number: int, text: str) -> ListBlock:
    return ListBlock(list=ListSpec(style="๑.๑", parent=[parent], start=number, items=[ListItem(text=text)]))


def indicators_table(year: int, digits, texts: dict[str, Any] | None = None) -> tuple[Table, str]:
    """Indicators of the year grouped by tool with each tool's points (its weight × 100)."""
    framework = load_framework(year)
    texts = (texts or kind_texts(KIND))["indicator_table"]
    columns = [Column(title=texts["indicator"], width_cm=7.0), Column(title=texts["tool"], width_cm=6.0),
               Column(title=texts["points"], width_cm=3.0, align="center")]
    rows, number = [], 0
    for tool in framework.tools:
        for n, indicator in enumerate(tool.indicators):
            number += 1
            row = [Cell(text=fill(texts["indicator_line"], digits, number=number, name=indicator.name_th))]
            if n == 0:
                span = len(tool.indicators)
                row += [Cell(text=fill(texts["tool_line"], digits, name=tool.name_th, code=tool.code), rowspan=span),
                        Cell(text=fill(texts["points_line"], digits, points=format_number(tool.weight * 100, digits=digits)),
                             rowspan=span)]
            rows.append(row)
    mark = framework.pass_mark
    note = fill(texts["pass_mark"], digits, pass_mark=format_number(mark, 0 if mark == int(mark) else 2, digits=digits))
    return Table(columns=columns, rows=rows, header_rows=1, keep_together=True), note


def timeline_months(timeline: Timeline) -> list[int]:
    if timeline.all_months:
        return list(FISCAL_MONTHS)
    used = sorted({FISCAL_MONTHS.index(m) for a in timeline.activities for m in a.months})
    return list(FISCAL_MONTHS[used[0]:used[-1] + 1])


def timeline_table(timeline: Timeline, digits, texts: dict[str, Any] | None = None) -> Table:
    """Activities × months, the mark in each month an activity runs (months abbreviated, ม.ค.…ธ.ค.)."""
    texts = (texts or kind_texts(KIND))["timeline_table"]
    months = timeline_months(timeline)
    month_width = min(1.3, 9.0 / len(months))
    columns = ([Column(title=texts["number"], width_cm=1.0, align="center"),
                Column(title=texts["activity"], width_cm=15.0 - month_width * len(months))]
               + [Column(title=month_name(m, abbreviated=True), width_cm=month_width, align="center") for m in months])
    rows = [[Cell(text=convert_digits(str(n), digits)), Cell(text=activity.name)]
            + [Cell(text=timeline.mark if m in activity.months else "") for m in months]
            for n, activity in enumerate(timeline.activities, start=1)]
    return Table(columns=columns, rows=rows, header_rows=1, font_size_pt=14 if len(months) > 7 else None)


def _paragraph(text: str) -> list:
    return [Paragraph(text=text)]


def briefing_context(doc: BriefingReportDocument) -> dict:
    texts = texts_with(KIND, doc.wording)
    titles = texts["titles"]
    digits = doc.digits
    event = doc.event
    attendees = doc.attendees or [doc.signature]
    values = dict(
        event=event.name, organiser=event.organiser, venue=event.venue, date=_event_date(event, digits, texts),
        attendees=" ".join(fill(texts["attendee"], digits, name=p.name, position=" ".join(p.position))
                           for p in attendees),
    )
    intro = convert_digits(doc.intro, digits) if doc.intro else fill(texts["intro"], digits, **values)
    parts = [Part("intro", _paragraph(intro), _paragraph, values),
             Part("report", _paragraph(fill(texts["report"], digits, **values)), _paragraph, values)]

    def titled(part_id: str, number: int, children) -> Part:
        def make(text: str) -> list:
            return [_titled(number, text, children)]

        return Part(part_id, make(fill(titles[part_id], digits, **values)), make, values)

    part = 1
    parts.append(titled("objectives", part, ListSpec(style="๑.๑", items=[ListItem(text=t) for t in doc.objectives])))

    content_items = len(doc.content)
    if doc.content or doc.show_indicators or doc.timeline:
        part += 1
        parts.append(titled("content", part, _section_list(doc.content, 0) if doc.content else None))
        if doc.show_indicators:
            year = doc.indicators_year or fiscal_year(event.date)
            framework = load_framework(year)
            content_items += 1
            table, note = indicators_table(year, digits, texts)
            count = len(framework.indicators)

            def indicators(text: str, number: int = content_items, parent: int = part) -> list:
                return [_sub_item(parent, number, text), TableBlock(table=table), Paragraph(text=note)]
            parts.append(Part("indicators", indicators(fill(titles["indicators"], digits, year=year, count=count)),
                              indicators, {"year": year, "count": count}))
        if doc.timeline:
            content_items += 1
            table = timeline_table(doc.timeline, digits, texts)
            after = [Paragraph(text=doc.timeline.note, indent=False)] if doc.timeline.note else []

            def timeline(text: str, number: int = content_items, parent: int = part) -> list:
                return [_sub_item(parent, number, text), TableBlock(table=table), *after]
            parts.append(Part("timeline", timeline(fill(titles["timeline"], digits)), timeline))

    if doc.benefits.personal or doc.benefits.agency:
        part += 1
        groups = [(titles["personal"], doc.benefits.personal), (titles["agency"], doc.benefits.agency)]
        parts.append(titled("benefits", part, ListSpec(style="๑.๑", items=[
            ListItem(text=title, list=ListSpec(style="-", items=[ListItem(text=t) for t in items]) if items else None)
            for title, items in groups if items])))

    if doc.application:
        part += 1
        parts.append(titled("application", part,
                            ListSpec(style="๑.๑", items=[ListItem(text=t) for t in doc.application])))
    parts += [Part(f"body.{n}", [block]) for n, block in enumerate(doc.body, start=1)]

    photos = []
    if doc.photos:
        title = doc.photos_title or fill(texts["photos_title"], digits, **values)
        photos.append(PhotoGridBlock(photo_grid=PhotoGrid(photos=doc.photos, per_page=doc.photos_per_page, title=title)))

    context = memo_letterhead(doc)
    parts += [
        field_part("closing", convert_digits(doc.closing or texts["closing"], digits),
                   lambda text: [convert_digits(text, digits)]),
        field_part("signature", list(context["signature"])),
        field_part("comments", [CommentBlock(comment=c) for c in doc.comments]),
        field_part("photos", photos),
    ]
    parts = renumber(apply_parts(parts, doc.parts, doc.add), NUMBERED,
                     {"indicators": "content", "timeline": "content"})
    context.update(
        body=Blocks(body_blocks(parts)),
        closing=field_text(parts, "closing"),
        signature=Blocks(field_blocks(parts, "signature")),
        comments=Blocks(field_blocks(parts, "comments")),
        photos=Blocks(field_blocks(parts, "photos")),
    )
    return context


register(Kind(KIND, "memo", BriefingReportDocument, "briefing-report-memo.docx", briefing_context,
              "บันทึกรายงานผลการเข้าร่วมประชุม/อบรม ITA / report on an ITA briefing attended"))
