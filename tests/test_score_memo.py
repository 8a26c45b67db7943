"""score-memo: the multi-year table's figures are the assessment module's; published figures are
verified; the weak-items table repeats its header on every page of the PDF; grade distribution from
counts or from score cards; the endorsement chain."""

from __future__ import annotations

import io
import re

import docx
import pymupdf
import pytest
import yaml
from conftest import REPO, render_quietly

from ita_docs import load
from ita_docs.api import from_data
from ita_docs.assessment import GradeDistribution, ScoreCard
from ita_docs.diagnostics import InputError
from ita_docs.thai import format_date_short, format_number, format_score, to_thai_digits

EXAMPLE = REPO / "examples" / "score-memo.yaml"


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(data: dict):
    return from_data(data, source="score.yaml", base_dir=EXAMPLE.parent)


@pytest.fixture(scope="module")
def doc():
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def document(doc):
    return docx.Document(io.BytesIO(render_quietly(doc)))


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_multi_year_table_equals_the_assessment_module(doc, document):
    rows = cell_texts(document.tables[0])
    by_label = {row[0]: row[1:] for row in rows}
    years = [y.fiscal_year for y in doc.years]
    assert rows[1][1:] == [to_thai_digits(str(y)) for y in years]
    cards = [ScoreCard.build(fiscal_year=y.fiscal_year, scores=y.scores) for y in doc.years]
    for tool in ("IIT", "EIT", "OIT"):
        assert by_label[f"คะแนน {tool} (เฉลี่ย)"] == [format_score(c.rounded_tool_scores[tool]) for c in cards]
    assert by_label["คะแนนรวม"] == [format_score(c.rounded_total) for c in cards]
    assert by_label["ระดับผลการประเมิน"] == [c.grade for c in cards] == ["D", "B", "B"]
    for indicator in cards[-1].framework.indicators:
        label = to_thai_digits(f"{indicator.code} {indicator.name_th}")
        assert by_label[label] == [format_score(c.rounded_indicator_scores[indicator.code]) for c in cards]
    # OIT items assessed: the catalogue of each year (43 in 2563–2565)
    assert by_label["จำนวนข้อ OIT ที่ประเมิน"] == [format_number(c.framework.oit.total_items, 0) for c in cards]
    # the SPEC §6 case: OIT 45.255 is 45.26 (half-up on exact decimals), total 62.83
    assert by_label["คะแนน OIT (เฉลี่ย)"][0] == "๔๕.๒๖" and by_label["คะแนนรวม"][0] == "๖๒.๘๓"


def test_tool_paragraphs_say_whether_each_tool_reached_the_pass_mark(document):
    text = "\n".join(p.text for p in document.paragraphs)
    assert "๒.๑ แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ได้ ๘๗.๗๗ คะแนน ผ่านเกณฑ์ ๘๕ คะแนน" in text
    assert "๒.๓ แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ได้ ๗๕.๑๒ คะแนน ต่ำกว่าเกณฑ์ ๘๕ คะแนน อยู่ ๙.๘๘ คะแนน" in text


def test_a_published_total_that_differs_is_an_error_naming_the_year_and_both_values():
    data = example_data()
    data["years"][1]["published_total"] = 76.0
    with pytest.raises(InputError) as caught:
        build(data)
    message = str(caught.value)
    assert "score.yaml" in message and "years.1" in message
    assert "published_total" in message and "76" in message and "75.00" in message


@pytest.mark.parametrize("count", [1, 6])
def test_two_to_five_years(count):
    data = example_data()
    data["years"] = (data["years"] * 2)[:count]
    for n, year in enumerate(data["years"]):
        data["years"][n] = {**year, "fiscal_year": 2562 + n, "published_total": None, "published_grade": None,
                            "published_tools": None}
    with pytest.raises(InputError) as caught:
        build(data)
    assert "years" in str(caught.value)


def test_unknown_indicator_names_the_field():
    data = example_data()
    data["years"][2]["scores"]["X9"] = 50
    with pytest.raises(InputError) as caught:
        build(data)
    assert "years.2" in str(caught.value) and "X9" in str(caught.value)


def test_weak_items_grouped_under_their_sub_indicator(document):
    rows = cell_texts(document.tables[1])
    assert rows[0] == ["ที่", "ข้อ", "ปี ๒๕๖๔", "ปี ๒๕๖๕", "ผลการวิเคราะห์", "แนวทางแก้ไข"]
    assert rows[1][0] == "ตัวชี้วัดย่อยที่ ๙.๒ การบริหารงาน"
    assert rows[2][:4] == ["๑", "O๑๑ รายงานการกำกับติดตามการดำเนินงานประจำปี รอบ ๖ เดือน", "๐", "๐"]
    assert rows[3][:4] == ["๒", "O๑๓ คู่มือหรือมาตรฐานการปฏิบัติงาน", "๑๐๐", "๐"]
    groups = [row[0] for row in rows if len(set(row)) == 1]
    assert groups == ["ตัวชี้วัดย่อยที่ ๙.๒ การบริหารงาน", "ตัวชี้วัดย่อยที่ ๙.๓ การบริหารเงินงบประมาณ",
                      "ตัวชี้วัดย่อยที่ ๙.๔ การบริหารและพัฒนาทรัพยากรบุคคล", "ตัวชี้วัดย่อยที่ ๙.๕ การส่งเสริมความโปร่งใส",
                      "ตัวชี้วัดย่อยที่ ๑๐.๑ การดำเนินการเพื่อป้องกันการทุจริต",
                      "ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการภายในเพื่อป้องกันการทุจริต"]


def test_grade_distribution_from_counts(doc, document):
    expected = GradeDistribution.from_counts(2565, doc.distribution.counts)
    rows = cell_texts(document.tables[2])
    assert [r[0] for r in rows[1:-1]] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert [r[2] for r in rows[1:-1]] == [format_number(g.count, 0) for g in expected.rows]
    assert [r[3] for r in rows[1:-1]] == [g.share_text() for g in expected.rows]
    assert rows[-1][2] == format_number(expected.total, 0) == "๑๙๕"
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"มี {format_number(expected.passed_count, 0)} แห่ง จากทั้งหมด ๑๙๕ แห่ง คิดเป็นร้อยละ ๔๐.๕๑" in text


def test_grade_distribution_from_score_cards():
    data = example_data()
    peers = [{"scores": {**data["years"][2]["scores"], "O10": o10}} for o10 in (100, 90, 60, 30, 0)]
    data["distribution"] = {"group": "เทศบาลเมือง", "cards": peers}
    doc = build(data)
    cards = [ScoreCard.build(fiscal_year=2565, scores=p["scores"]) for p in peers]
    expected = GradeDistribution.from_cards(cards)
    assert doc.grade_distribution.as_dict() == expected.as_dict()
    rows = cell_texts(docx.Document(io.BytesIO(render_quietly(doc))).tables[2])
    assert [r[2] for r in rows[1:-1]] == [format_number(g.count, 0) for g in expected.rows]


def test_distribution_needs_counts_or_cards():
    data = example_data()
    data["distribution"] = {"group": "เทศบาลเมือง"}
    with pytest.raises(InputError) as caught:
        build(data)
    assert "distribution" in str(caught.value)


def test_endorsement_chain(doc, document):
    table = document.tables[-1]
    # each pair of endorsements is a row of notes and a row of signatures (names level, issue 14)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    notes, signatures = rows[0], rows[1]
    assert notes[0].startswith("เรียน  ปลัดเทศบาลเมืองตัวอย่าง\n- เพื่อโปรดทราบ\n- เห็นควร")
    assert "(นายธนากร พึ่งบุญ)\nหัวหน้าสำนักปลัดเทศบาล\n" + format_date_short(doc.endorsements[0].date) in signatures[0]
    assert rows[2][0].startswith("- ทราบ") and "เรียน" not in rows[2][0] and "(นายวิชัย รักษ์ถิ่น)" in rows[3][0]
    assert len(table.columns) == 2


@pytest.fixture(scope="module")
def long_table_pdf(real_fonts, tmp_path_factory):
    """The example with 40 weak items: the table runs over several pages."""
    from ita_docs.render.pdf import PdfConverter

    data = example_data()
    framework_items = [f"O{n}" for n in range(1, 41)]
    data["weak_items"] = [{"code": code, "before": 100, "after": 0, "analysis": "ข้อมูลยังไม่ครบตามเกณฑ์ของข้อนี้",
                           "remedy": "มอบหมายผู้รับผิดชอบและเผยแพร่ให้ครบภายในเดือนมีนาคม"} for code in framework_items]
    converter = PdfConverter("thai")
    try:
        path = converter.convert(render_quietly(build(data)), tmp_path_factory.mktemp("score") / "long.pdf")
    finally:
        converter.close()
    with pymupdf.open(path) as pdf:
        yield [page.get_text("dict") for page in pdf]


ITEM_ROW = re.compile("^O ?[๐-๙]+ ")  # "O๒๖ …" (the PDF's text layer may add a space after the O)


def _lines(page_dict):
    for block in page_dict["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"]).strip()
            if text:
                yield text, line["bbox"][1]


def test_weak_items_header_repeats_on_every_page(long_table_pdf):
    item_pages = []
    first = next(n for n, page in enumerate(long_table_pdf) if any(t == "ผลการวิเคราะห์" for t, _ in _lines(page)))
    for number, page in enumerate(long_table_pdf[first:], start=first):
        lines = list(_lines(page))
        items = [y for text, y in lines if ITEM_ROW.match(text)]
        if not items:
            continue
        item_pages.append(number)
        headers = [y for text, y in lines if text == "ผลการวิเคราะห์"]
        assert headers and min(headers) < min(items), f"page {number + 1}: no header row above the items"
    assert len(item_pages) >= 3  # the table starts on one page and runs over at least two more


# --- wording: the tables' row labels and headers are the memo's own (issue 15) -------------------

def test_table_labels_reworded_through_wording():
    data = example_data()
    data["wording"] = {"table.total": "รวมคะแนนทั้งสิ้น", "table.grade": "ผลการประเมินระดับ",
                       "table.tool_average": "เฉลี่ยแบบวัด {tool}", "distribution_table.count": "หน่วยงาน (แห่ง)",
                       "weak_table.remedy": "แนวทางการพัฒนา"}
    document = docx.Document(io.BytesIO(render_quietly(build(data))))
    labels = [row[0] for table in document.tables for row in cell_texts(table)]
    headers = [cell for table in document.tables for cell in cell_texts(table)[0]]
    assert "รวมคะแนนทั้งสิ้น" in labels and "ผลการประเมินระดับ" in labels and "คะแนนรวม" not in labels
    assert "เฉลี่ยแบบวัด IIT" in labels and "หน่วยงาน (แห่ง)" in headers and "แนวทางการพัฒนา" in headers
    before = docx.Document(io.BytesIO(render_quietly(build(example_data()))))
    figures = [row[1:] for table in before.tables[:1] for row in cell_texts(table)]
    assert figures == [row[1:] for table in document.tables[:1] for row in cell_texts(table)]  # figures unchanged


@pytest.mark.parametrize(("wording", "says"), [
    ({"table.totl": "x"}, "wording.table.totl"),
    ({"table.tool_average": "คะแนน {tool_name}"}, "wording.table.tool_average"),
    ({"intro": "x"}, "wording.intro"),  # a part: reworded through parts.intro
])
def test_wording_errors_name_the_key(wording, says):
    data = example_data()
    data["wording"] = wording
    with pytest.raises(InputError) as caught:
        build(data)
    assert says in str(caught.value)


def test_wording_command_lists_the_table_labels():
    from ita_docs.wording import describe_wording

    listing = describe_wording("score-memo")
    assert "table.total\n    default: คะแนนรวม" in listing
    assert "weak_table.year\n    default: ปี {year}\n    placeholders: {year}" in listing
    assert "\nintro\n" not in listing.split("# wording")[1]
