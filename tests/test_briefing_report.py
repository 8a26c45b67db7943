"""briefing-report-memo: event line, nested numbering, indicators with their point split from the
framework, a timeline in fiscal-year month order, and photo pages laid out in the PDF as asked."""

from __future__ import annotations

import io

import docx
import pymupdf
import pytest
import yaml
from conftest import REPO, render_quietly

from ita_docs import load
from ita_docs.api import from_data
from ita_docs.diagnostics import InputError
from ita_docs.kinds.briefing_report import Timeline, timeline_months
from ita_docs.render import house_style as hs
from ita_docs.thai import month_name

EXAMPLE = REPO / "examples" / "briefing-report-memo.yaml"
CM = 72 / 2.54


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(data: dict):
    return from_data(data, source="briefing.yaml", base_dir=EXAMPLE.parent)


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(render_quietly(load(EXAMPLE))))


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_event_with_weekday_venue_and_organiser(document):
    intro = paragraphs(document)[next(i for i, t in enumerate(paragraphs(document)) if t.startswith("ด้วยข้าพเจ้า"))]
    assert "นางสาวสุภาวดี แก้วมณี ตำแหน่ง นักวิเคราะห์นโยบายและแผนชำนาญการ" in intro
    assert "เมื่อวันพฤหัสบดีที่ ๑๒ มีนาคม ๒๕๖๓ ณ ห้องประชุมใหญ่ ศาลากลางจังหวัดตัวอย่าง" in intro
    assert "สำนักงาน ป.ป.ช. ประจำจังหวัดตัวอย่างเป็นผู้จัด" in intro


def test_nested_numbering(document):
    text = paragraphs(document)
    for label in ("๑. วัตถุประสงค์", "๑.๓ ให้หน่วยงาน", "๒. สาระสำคัญ", "๒.๑ ผู้เกี่ยวข้อง", "๒) ผู้บริหาร",
                  "๒.๒ เครื่องมือ", "๒) แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", "- ผ่านการสำรวจ",
                  "๒.๓ ประเด็นการประเมิน", "๒.๔ กรอบระยะเวลา", "๓. ประโยชน์", "๓.๑ ต่อตนเอง", "๓.๒ ต่อหน่วยงาน",
                  "๔. แนวทาง", "๔.๒ ตรวจสอบ"):
        assert any(t.startswith(label) for t in text), label
    styles = {p.text.split(" ")[0]: p.style.style_id for p in document.paragraphs if p.text[:1] in "๑๒๓๔"}
    assert styles["๒.๑"] == styles["๒.๓"] == "ListLevel2"  # ๒.๓ continues ๒. at the same depth


def test_indicators_grouped_by_tool_with_point_split(document):
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["ตัวชี้วัด", "แบบวัด", "คะแนน"]
    assert len(rows) == 11
    assert rows[1] == ["ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
                       "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "๓๐ คะแนน"]
    assert rows[6][0] == "ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน" and rows[6][2] == "๓๐ คะแนน"
    assert rows[10] == ["ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต", "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "๔๐ คะแนน"]
    assert "หน่วยงานต้องได้คะแนนรวมตั้งแต่ ๘๕ คะแนนขึ้นไปจึงผ่านเกณฑ์การประเมิน" in paragraphs(document)


def test_timeline_months_in_fiscal_year_order(document):
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows[0] == ["ที่", "กิจกรรม", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค."]
    assert rows[2] == ["๒", "เก็บข้อมูลแบบวัด IIT และ EIT", "", "<—>", "<—>", "", ""]
    activities = [{"name": "ตั้งคณะทำงาน", "months": [11]}, {"name": "รายงานผล", "months": [2]}]
    assert timeline_months(Timeline(activities=activities)) == [11, 12, 1, 2]
    assert timeline_months(Timeline(activities=activities, all_months=True))[:3] == [10, 11, 12]
    assert [month_name(m, abbreviated=True) for m in (10, 1, 9)] == ["ต.ค.", "ม.ค.", "ก.ย."]


def test_a_month_outside_1_to_12_is_an_error():
    data = example_data()
    data["timeline"]["activities"][0]["months"] = [13]
    with pytest.raises(InputError) as caught:
        build(data)
    assert "timeline.activities.0.months" in str(caught.value)


def test_several_day_event():
    data = example_data()
    data["event"]["end_date"] = "2020-03-13"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_quietly(build(data)))).paragraphs)
    assert "เมื่อวันพฤหัสบดีที่ ๑๒ มีนาคม ๒๕๖๓ ถึงวันศุกร์ที่ ๑๓ มีนาคม ๒๕๖๓" in text


@pytest.fixture(scope="module")
def pdf(example_pdfs):
    with pymupdf.open(example_pdfs["briefing-report-memo"]) as opened:
        yield opened


def test_photo_pages_in_the_pdf(pdf):
    """Six photos at four a page: two photo pages, each with the title block above the photos,
    every photo inside the margins and drawn with its own aspect ratio."""
    doc = load(EXAMPLE)
    photo_pages = [page for page in pdf if page.get_image_info() and page.number > 0]
    assert [len(page.get_image_info()) for page in photo_pages] == [4, 2]
    expected = set()
    for photo in doc.photos:
        from PIL import Image

        with Image.open(photo.path) as image:
            w, h = image.size
            if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                w, h = h, w
        expected.add(round(h / w, 2))
    for page in photo_pages:
        title_bottom = max(s["bbox"][3] for b in page.get_text("dict")["blocks"] for line in b.get("lines", [])
                           for s in line["spans"] if "ภาพการเข้าร่วม" in s["text"])
        for info in page.get_image_info():
            x0, y0, x1, y1 = info["bbox"]
            assert any(abs((y1 - y0) / (x1 - x0) - ratio) < 0.02 for ratio in expected)
            assert x0 >= 3 * CM - 1 and x1 <= (3 + hs.TEXT_WIDTH_CM) * CM + 1
            assert y0 > title_bottom and y1 <= 29.7 * CM - 2 * CM


@pytest.fixture(scope="module")
def converter(real_fonts):
    from ita_docs.render.pdf import PdfConverter

    converter = PdfConverter("thai")
    yield converter
    converter.close()


@pytest.mark.parametrize("per_page", [1, 2, 6])
def test_photo_page_count_follows_per_page(per_page, converter, tmp_path):
    data = example_data()
    data["photos_per_page"] = per_page
    data["photos"] = data["photos"] * 2  # twelve photos
    path = converter.convert(render_quietly(build(data)), tmp_path / "photos.pdf")
    with pymupdf.open(path) as pdf:
        counts = [len(page.get_image_info()) for page in pdf if page.number > 0 and page.get_image_info()]
    assert counts == [per_page] * (12 // per_page)


def test_table_headers_and_lines_reworded_through_wording():
    """Issue 15: the tables' headers and the lines the kind writes are the memo's own through
    `wording:` (dotted keys of texts/briefing-report-memo.yaml); a part's text is not one of them."""
    data = example_data()
    data["wording"] = {"indicator_table.tool": "เครื่องมือ", "indicator_table.points_line": "{points} คะแนนเต็ม",
                       "timeline_table.activity": "รายการกิจกรรม"}
    document = docx.Document(io.BytesIO(render_quietly(build(data))))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "เครื่องมือ" in cells and "รายการกิจกรรม" in cells and "แบบวัด" not in cells
    assert any(cell.endswith("คะแนนเต็ม") for cell in cells)
    for wording, says in (({"titles.objectives": "x"}, "wording.titles.objectives"),
                          ({"indicator_table.points_line": "{score}"}, "wording.indicator_table.points_line")):
        data["wording"] = wording
        with pytest.raises(InputError, match=says.replace(".", r"\.")):
            build(data)


def test_section_numbering_and_titles_with_the_event():
    """Issue 15: a content section numbers its items as the agency did (`style`), and every
    numbered title may name the event (`{event}`), as real memos title their application part."""
    data = example_data()
    data["content"] = [{"text": "ผู้ขับเคลื่อนงานมี ๒ บทบาท", "style": "๑.", "items": ["ผู้ดูแลระบบ", "ผู้บริหาร"]}]
    data["parts"] = {"application": {"text": "แนวทางนำความรู้จากการ{event}ไปใช้ มีดังนี้"}}
    data.setdefault("application", ["ปรับช่องทางประชาสัมพันธ์"])
    lines = [p.text for p in docx.Document(io.BytesIO(render_quietly(build(data)))).paragraphs]
    first = lines.index(next(line for line in lines if "ผู้ขับเคลื่อนงาน" in line))
    assert lines[first + 1].startswith("๑.") and lines[first + 2].startswith("๒."), lines[first:first + 3]
    from ita_docs.thai import to_thai_digits

    event = to_thai_digits(data["event"]["name"])
    assert any(line.endswith(f"แนวทางนำความรู้จากการ{event}ไปใช้ มีดังนี้") for line in lines)
    data["content"][0]["style"] = "๑]"
    with pytest.raises(InputError, match="content"):
        build(data)
