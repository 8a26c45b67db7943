"""drive-report: numbered activities with date, time, venue and counts; every QR code decodes back to
its survey link (decoded by zxing-cpp from the .docx and from the PDF); links keep Arabic digits."""

from __future__ import annotations

import io

import docx
import pymupdf
import pytest
import yaml
import zxingcpp
from conftest import REPO, render_quietly
from ooxml_checks import parts
from PIL import Image

from ita_docs import load
from ita_docs.api import from_data
from ita_docs.diagnostics import InputError
from ita_docs.render.qr import qr_image

EXAMPLE = REPO / "examples" / "drive-report.yaml"


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(data: dict):
    return from_data(data, source="drive.yaml", base_dir=EXAMPLE.parent)


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_quietly(load(EXAMPLE))


@pytest.fixture(scope="module")
def text(rendered) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(rendered)).paragraphs)


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]


def test_title_lines_and_numbered_activities(text):
    lines = text.split("\n")
    assert lines[:3] == ["รายงานผลการขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส",
                         "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "สำนักงานจังหวัดตัวอย่าง"]
    assert "กิจกรรมที่ ๑ ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA ของจังหวัดตัวอย่าง ครั้งที่ ๑/๒๕๖๗" in lines
    assert any(line.startswith("กิจกรรมที่ ๓ นำเข้าข้อมูล") for line in lines)
    assert ("เมื่อวันพฤหัสบดีที่ ๒๕ มกราคม ๒๕๖๗ เวลา ๑๓.๓๐ – ๑๖.๐๐ น. ณ ห้องประชุม ๑ ชั้น ๓ "
            "ศาลากลางจังหวัดตัวอย่าง เพื่อชี้แจง") in text
    assert "ระหว่างวันจันทร์ที่ ๔ มีนาคม ๒๕๖๗ ถึงวันศุกร์ที่ ๑๕ มีนาคม ๒๕๖๗" in text
    assert "- ผู้มีส่วนได้ส่วนเสียภายใน (IIT) ที่นำเข้าระบบ จำนวน ๑,๒๔๘ ราย" in lines
    assert "- ผู้เข้าร่วมสัมมนา จำนวน ๑๘๖ คน" in lines
    assert "(ลงชื่อ)" in text and "ผู้จัดทำรายงาน" in text


def test_links_and_access_code_keep_their_digits(text):
    assert "https://itas.nacc.go.th/go/iit/7x2k9p" in text
    assert "https://itas.nacc.go.th/go/eit/7x2k9p" in text
    assert "(รหัสเข้าตอบแบบวัด : 67a1b2)" in text
    assert "ภายในวันพฤหัสบดีที่ ๑๓ มิถุนายน ๒๕๖๗" in text


def test_every_qr_code_in_the_docx_decodes_to_its_link(rendered):
    media = {name: data for name, data in parts(rendered).items() if name.startswith("word/media/")}
    found = []
    for data in media.values():
        found += decoded(Image.open(io.BytesIO(data)))
    urls = [s.url for s in load(EXAMPLE).surveys]
    assert sorted(found) == sorted(urls)
    # printed beside each code, as typed
    table_text = [cell.text for table in docx.Document(io.BytesIO(rendered)).tables for row in table.rows
                  for cell in row.cells]
    for url in urls:
        assert any(url in cell for cell in table_text)


def test_qr_codes_decode_from_the_pdf(example_pdfs):
    with pymupdf.open(example_pdfs["drive-report"]) as pdf:
        found = []
        xrefs = {info[0] for page in pdf for info in page.get_images(full=True)}  # pages share resources
        for xref in sorted(xrefs):
            pixmap = pymupdf.Pixmap(pdf, xref)
            if pixmap.colorspace is not None and pixmap.colorspace.n > 1:
                continue  # photos (colour); the QR codes are black and white
            found += decoded(Image.open(io.BytesIO(pixmap.tobytes("png"))))
        text = "".join(page.get_text() for page in pdf)
    urls = [s.url for s in load(EXAMPLE).surveys]
    assert sorted(found) == sorted(urls)
    for url in urls:
        assert url in text.replace("\n", "")


@pytest.mark.parametrize("url", ["https://itas.nacc.go.th/go/iit/0vsux0",
                                 "https://example.go.th/ita?survey=EIT&id=2567-0123456789&lang=th"])
def test_qr_image_round_trip(url):
    image = qr_image(url)
    assert decoded(Image.open(io.BytesIO(image.data))) == [url]


def test_times_as_clerks_and_yaml_write_them():
    data = example_data()
    data["activities"][0]["start_time"] = 810  # what YAML 1.1 makes of an unquoted 13:30
    data["activities"][0]["end_time"] = "16:00"
    doc = build(data)
    assert (doc.activities[0].start_time.hour, doc.activities[0].start_time.minute) == (13, 30)
    data["activities"][0]["start_time"] = "25.10"
    with pytest.raises(InputError) as caught:
        build(data)
    assert "activities.0.start_time" in str(caught.value) and "13.30" in str(caught.value)


def test_end_time_before_start_is_an_error():
    data = example_data()
    data["activities"][0]["end_time"] = "12.00"
    with pytest.raises(InputError) as caught:
        build(data)
    assert "activities.0" in str(caught.value) and "end_time" in str(caught.value)


def test_survey_link_must_be_a_link():
    data = example_data()
    data["surveys"][1]["url"] = "itas eit"
    with pytest.raises(InputError) as caught:
        build(data)
    assert "surveys.1.url" in str(caught.value)


def test_arabic_digits_document():
    data = example_data()
    data["digits"] = "arabic"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_quietly(build(data)))).paragraphs)
    assert "กิจกรรมที่ 1 " in text and "1,248 ราย" in text
    assert not any("\u0e50" <= ch <= "\u0e59" for ch in text)


def test_lines_reworded_through_wording():
    """Issue 15: the lines the report writes around an activity and a survey are its own through
    `wording:`; an unknown key names itself and the keys there are."""
    data = example_data()
    data["wording"] = {"venue": "สถานที่ {venue}", "qr_caption": "คิวอาร์โค้ด {tool}"}
    document = docx.Document(io.BytesIO(render_quietly(build(data))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "สถานที่ ห้องประชุม" in text and "ณ ห้องประชุม" not in text
    assert "คิวอาร์โค้ด IIT" in cells + text and "QR Code แบบวัด" not in cells + text
    data["wording"] = {"venu": "x"}
    with pytest.raises(InputError, match=r"wording\.venu.*venue"):
        build(data)
