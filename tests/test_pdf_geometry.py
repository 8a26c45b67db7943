"""Geometry of the examples' PDFs, made by LibreOffice with the real TH Sarabun fonts (§4, §10).

Tolerance: 1 mm for positions, 0.5 pt for type sizes.
"""

from __future__ import annotations

import pymupdf
import pytest
from conftest import EXAMPLE_DOCUMENTS, EXAMPLE_FORMS

from ita_docs.render import house_style as hs

MM = 72 / 25.4  # points per millimetre
CM = 10 * MM
PAGE_WIDTH_PT = 595.3


def spans(page):
    """The page's text spans, each boxed by its inked characters: a tagged PDF (PDF/A, the default)
    writes the space that ends a line as a glyph of its own, which is no ink on the page."""
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                inked = [c for c in span["chars"] if not c["c"].isspace()]
                if inked:
                    text = "".join(c["c"] for c in span["chars"])
                    x0, x1 = min(c["bbox"][0] for c in inked), max(c["bbox"][2] for c in inked)
                    yield {**span, "text": text, "bbox": (x0, span["bbox"][1], x1, span["bbox"][3])}


def is_bold(page, text):
    """Bold: a bold face, or LibreOffice's synthetic bold (the glyphs filled, then stroked)."""
    # a word the PDF copy glues with word joiners may be drawn in several pieces
    drawn = "".join(chr(c[0]) for trace in page.get_texttrace()
                    if trace["type"] == 1 or "Bold" in trace["font"] for c in trace["chars"])
    return text in drawn


def find_span(page, text):
    return next(s for s in spans(page) if text in s["text"])


@pytest.fixture(scope="module")
def pdfs(example_pdfs):
    opened = {name: pymupdf.open(path) for name, path in example_pdfs.items()}
    yield opened
    for doc in opened.values():
        doc.close()


GENERIC = ("memo", "announcement", "order")
ALL = list(EXAMPLE_DOCUMENTS)  # every document of every example, a bundle's parts included
LETTERHEADS = [n for n in ALL if EXAMPLE_FORMS[n] in ("memo", "announcement", "order")]


@pytest.mark.parametrize("name", ALL)
def test_fonts_are_the_real_th_sarabun(pdfs, name):
    fonts = {f[3] for page in pdfs[name] for f in page.get_fonts()}
    assert any("THSarabunPSK" in f for f in fonts), fonts
    assert not any("Laksaman" in f or "Garuda" in f for f in fonts), fonts


@pytest.mark.parametrize("name", ALL)
def test_text_within_margins(pdfs, name):
    for page in pdfs[name]:
        for span in spans(page):
            x0, y0, x1, y1 = span["bbox"]
            assert x0 >= 3 * CM - MM, (page.number, span["text"])
            assert x1 <= PAGE_WIDTH_PT - 2 * CM + MM, (page.number, span["text"])
            assert y1 <= 29.7 * CM - 2 * CM + MM, (page.number, span["text"])


@pytest.mark.parametrize("name", ALL)
def test_body_lines_fill_the_text_width(pdfs, name):
    """Justified body text reaches both margins: the left at 3 cm, the right at 2 cm."""
    xs = [s["bbox"] for page in pdfs[name] for s in spans(page) if s["size"] == 16]
    assert min(b[0] for b in xs) == pytest.approx(3 * CM, abs=MM)
    assert max(b[2] for b in xs) == pytest.approx(PAGE_WIDTH_PT - 2 * CM, abs=MM)


@pytest.mark.parametrize("name", LETTERHEADS)
def test_garuda_size_and_position(pdfs, name):
    memo = EXAMPLE_FORMS[name] == "memo"
    height_cm = 1.5 if memo else 3.0
    images = pdfs[name][0].get_image_info()
    assert len(images) == 1
    x0, y0, x1, y1 = images[0]["bbox"]
    assert y1 - y0 == pytest.approx(height_cm * CM, abs=MM)
    assert y0 == pytest.approx(1.5 * CM, abs=MM)
    if memo:
        assert x0 == pytest.approx(3 * CM, abs=MM)
    else:  # centred over the text area
        assert (x0 + x1) / 2 == pytest.approx(3 * CM + hs.TEXT_WIDTH_CM * CM / 2, abs=MM)


def test_memo_title_and_header_lines(pdfs):
    page = pdfs["memo"][0]
    title = find_span(page, "บันทึกข้อความ")
    assert title["size"] == pytest.approx(29, abs=0.5)
    assert is_bold(page, "บันทึกข้อความ")
    centre = (title["bbox"][0] + title["bbox"][2]) / 2
    assert centre == pytest.approx(3 * CM + hs.TEXT_WIDTH_CM * CM / 2, abs=MM)
    labels = {label: find_span(page, label) for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง")}
    for label, span in labels.items():
        assert span["size"] == pytest.approx(20, abs=0.5)
        assert is_bold(page, label)
        assert span["bbox"][0] >= 3 * CM - MM
    assert labels["ส่วนราชการ"]["bbox"][0] == pytest.approx(3 * CM, abs=MM)
    assert labels["เรื่อง"]["bbox"][0] == pytest.approx(3 * CM, abs=MM)
    # ที่ and วันที่ share a line; วันที่ starts at 8.5 cm of the text area
    assert labels["ที่"]["origin"][1] == pytest.approx(labels["วันที่"]["origin"][1], abs=0.5)
    assert labels["วันที่"]["bbox"][0] == pytest.approx(3 * CM + 8.5 * CM, abs=MM)
    order = [labels[k]["origin"][1] for k in ("ส่วนราชการ", "ที่", "เรื่อง")]
    assert order == sorted(order) and order[0] > title["origin"][1]
    # the values are 16 pt and followed by a dotted line to the right margin
    unit = find_span(page, "กองยุทธศาสตร์")
    assert unit["size"] == pytest.approx(16, abs=0.5)
    assert unit["text"].rstrip().endswith("....")
    assert unit["bbox"][2] == pytest.approx(PAGE_WIDTH_PT - 2 * CM, abs=MM)


@pytest.mark.parametrize("name,signer", [("memo", "(นางสาวกานดา ใจดี)"), ("announcement", "(นายสมศักดิ์ ทองดี)"),
                                         ("order", "(นายวิชัย รักษ์ถิ่น)")])
def test_signature_block_centred_at_10_cm(pdfs, name, signer):
    page, span = next((p, s) for p in pdfs[name] for s in spans(p) if signer in s["text"])
    centre = (span["bbox"][0] + span["bbox"][2]) / 2
    assert centre == pytest.approx(3 * CM + hs.SIGNATURE_CENTRE_CM * CM, abs=MM)
    # the position line below it is centred on the same axis
    below = [s for s in spans(page) if s["origin"][1] > span["origin"][1]]
    position = min(below, key=lambda s: s["origin"][1])
    assert (position["bbox"][0] + position["bbox"][2]) / 2 == pytest.approx(centre, abs=MM)


def _glyphs(page, char):
    """Glyph ids drawn for a character on a page (the text layer may say "2" for a Thai-shaped ๒)."""
    return {c[1] for trace in page.get_texttrace() for c in trace["chars"] if chr(c[0]) == char}


@pytest.mark.parametrize("name", ALL)
def test_page_numbers_thai_from_page_two(pdfs, name):
    doc = pdfs[name]
    first_top = [s for s in spans(doc[0]) if s["bbox"][1] < 2.3 * CM]
    assert not any(s["text"].strip().startswith("-") for s in first_top), "page 1 has no page number"
    if doc.page_count < 2:
        pytest.skip(f"{name} has one page")
    thai_two = set().union(*(_glyphs(p, "๒") for p in doc))
    for page in list(doc)[1:]:
        number = next(s for s in spans(page) if s["text"].strip().startswith("-"))
        assert number["bbox"][1] == pytest.approx(1.25 * CM, abs=2.5 * MM)  # 1.25–1.5 cm from the top
        centre = (number["bbox"][0] + number["bbox"][2]) / 2
        assert centre == pytest.approx(3 * CM + hs.TEXT_WIDTH_CM * CM / 2, abs=MM)
        digit = str(page.number + 1)
        expected = "๒๓๔๕๖๗๘๙"[page.number - 1]
        shown = _glyphs(page, digit) | _glyphs(page, expected)
        # the number is drawn with the glyph of the Thai digit (as real Thai text uses it)
        assert shown & (thai_two if expected == "๒" else _all_glyphs(doc, expected)), (name, page.number)
        body_top = min(s["bbox"][1] for s in spans(page) if s is not number and not s["text"].strip().startswith("-"))
        assert body_top >= 2.5 * CM - MM


def _all_glyphs(doc, char):
    return set().union(*(_glyphs(p, char) for p in doc))


def test_urls_keep_arabic_digits_in_pdf(pdfs):
    """URLs and verbatim text keep Arabic digits in the PDF; the Thai digits around them are Thai."""
    doc = pdfs["memo"]
    text = "".join(page.get_text() for page in doc)
    assert "https://www.example.go.th/ita" in text
    assert "ITA-2567-01" in text  # the verbatim paragraph
    thai_two = _all_glyphs(doc, "๒")
    body_twos = {c[1] for page in doc for trace in page.get_texttrace() for c in trace["chars"]
                 if chr(c[0]) == "2" and c[3][1] > 2.3 * CM}  # below the page-number line
    assert thai_two and body_twos
    assert thai_two.isdisjoint(body_twos), "Arabic digits of URLs/verbatim text drawn as Thai digits"
