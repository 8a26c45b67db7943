"""The quick paths of issue 19 give exactly what the plain ones gave (output must not change)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ita_docs.kinds.analysis_report import (
    _CELL_MARGINS_CM,
    _CHARS_PER_CM,
    _MIN_COLUMN_CM,
    _STEP_CM,
    _widths_from_content,
)
from ita_docs.model.blocks import Cell
from ita_docs.render import house_style as hs


def _plain_widths(rows: list[list[Cell]], titles) -> list[float]:
    """The plan table's column widths as first written: the whole table re-measured at every step."""
    def lines(text: str, width: float) -> float:
        per_line = (width - _CELL_MARGINS_CM) * _CHARS_PER_CM
        return sum(max(1.0, len(line) / per_line) for line in text.split("\n"))

    def height(widths: list[float]) -> float:
        return sum(max(lines(cell.text, w) for cell, w in zip(row, widths)) for row in rows)

    widths = [_MIN_COLUMN_CM] * len(titles)
    while sum(widths) + _STEP_CM <= hs.TEXT_WIDTH_CM + 1e-9:
        def gain(c: int) -> tuple[float, int]:
            wider = widths[:c] + [widths[c] + _STEP_CM] + widths[c + 1:]
            return (height(widths) - height(wider), sum(len(row[c].text) for row in rows))
        best = max(range(len(widths)), key=gain)
        widths[best] += _STEP_CM
    widths[-1] += hs.TEXT_WIDTH_CM - sum(widths)
    return widths


_line = st.text(alphabet="กขค abc1.", min_size=0, max_size=120)
_cell = st.lists(_line, min_size=1, max_size=5).map(lambda lines: Cell(text="\n".join(lines) or "-"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cell, min_size=4, max_size=4), min_size=1, max_size=8))
def test_plan_widths_are_those_of_the_plain_search(rows):
    titles = ("a", "b", "c", "d")
    assert _widths_from_content(rows, titles) == _plain_widths(rows, titles)


def test_plan_widths_of_equal_columns_break_ties_the_same_way():
    rows = [[Cell(text="x" * 40)] * 4, [Cell(text="y" * 10)] * 4]
    assert _widths_from_content(rows, "abcd") == _plain_widths(rows, "abcd")


_numbers = st.one_of(
    st.integers(min_value=-10**15, max_value=10**15),
    st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False, places=6),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(_numbers, st.integers(min_value=0, max_value=6), st.booleans(), st.sampled_from(["thai", "arabic"]))
def test_numbers_with_fixed_places_are_written_as_babel_writes_them(value, decimals, grouping, digits):
    from babel.numbers import format_decimal

    from ita_docs.thai import convert_digits, format_number, round_half_up

    d = round_half_up(value, decimals)
    d = abs(d) if d.is_zero() else d
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals else "")
    babel = format_decimal(d, format=pattern, locale="th", decimal_quantization=False, group_separator=grouping)
    assert format_number(value, decimals, digits=digits, grouping=grouping) == convert_digits(babel, digits)


def _plain_spans(text: str) -> tuple[tuple[int, int], ...]:
    """verbatim_spans as first written: the pattern run over the whole text."""
    from ita_docs.thai import digits

    if digits._ARABIC_DIGIT(text) is None and "." not in text and "@" not in text:
        return ()
    spans: list[tuple[int, int]] = []
    for m in digits._KEPT_RE.finditer(text):
        start, end = m.span()
        if m["host"] is not None and m["tld"].lower() not in digits.TOP_LEVEL_DOMAINS:
            spans.extend(t.span() for t in digits._MIXED_TOKEN_RE.finditer(text, start, end))
            continue
        if m["url"] is not None or m["rest"]:
            end = digits._trim(text, start, end)
        if end > start:
            spans.append((start, end))
    return tuple(spans)


_TEXT_PIECES = st.sampled_from([
    "ab", "A3", "67065b", "1", "2567", ".", "@", ":", "/", "//", "-", "_", "(", ")", "?", "#", "%", ",", " ",
    "\u00a0", "\t", "\n", "ไทย", "คะแนน", "http://", "https://", "www.", "go.th", ".com", "bit.ly/", "x@y.th",
    "localhost", "10.0.0.1", ":8080", "xn--o3cw4h", "ตัวอย่าง.ไทย", "๒๕๖๗", "ITA-2567-01",
    "พ.ศ.", "ผอ.กอง", "ไท", "ย", ".ไทย", "กขค.คง", ".คอม", "คอ", "ม",
])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_TEXT_PIECES, max_size=25).map("".join))
def test_verbatim_spans_found_word_by_word_are_those_of_the_whole_text(text):
    from ita_docs.thai.digits import _find_spans

    assert _find_spans(text) == _plain_spans(text)


@pytest.mark.parametrize("text", [
    "ที่ 10.0.0.1? ค", "ที่ 10.0.0.1#๑", "10.0.0.1/๒", "10.0.0.1:80", "ส่ง a@b", "@๑๒", "เว็บ ตัวอย่าง.ไทย", "ร้าน.คอม",
    "ข้อ 1.2 คะแนน 85.50", "พ.ศ. 2567",
])
def test_text_without_a_span_mark_has_no_span(text):
    # each text holds one mark alone (or none): the quick rule-out must not hide its span
    from ita_docs.thai.digits import _find_spans

    assert _find_spans(text) == _plain_spans(text)


def test_report_cells_made_once_are_the_cells_validation_makes():
    from ita_docs.kinds.analysis_report import _cell

    assert _cell("ผ่านเกณฑ์", align="center") is _cell("ผ่านเกณฑ์", align="center")
    assert _cell("ผ่านเกณฑ์", align="center") == Cell(text="ผ่านเกณฑ์", align="center")
    assert _cell("คะแนนรวม", bold=True).model_fields_set == Cell(text="คะแนนรวม", bold=True).model_fields_set


def test_report_cell_with_a_control_character_warns_every_time():
    import warnings

    from ita_docs import ItaDocsWarning
    from ita_docs.kinds.analysis_report import _cell

    for _ in range(2):
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert _cell("a\x01b").text == "ab"
        assert any(issubclass(w.category, ItaDocsWarning) for w in seen)


def _plain_keep_last_with_next(fragment: str) -> str:
    from ita_docs.render.blocks import _PARAGRAPH_STYLE

    matches = list(_PARAGRAPH_STYLE.finditer(fragment))
    if not matches or "<w:tbl>" in fragment[matches[-1].end():]:
        return fragment
    last = matches[-1]
    return fragment[:last.end()] + "<w:keepNext/>" + fragment[last.end():]


_XML_PIECES = st.sampled_from([
    '<w:p><w:pPr><w:pStyle w:val="BodyText"/>', '<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/>',
    '<w:p><w:pPr><w:pStyle w:val="', "</w:pPr>", "<w:r><w:t>ก</w:t></w:r>", "</w:p>", "<w:p>", "<w:tbl>",
    "</w:tbl>", "<w:tr>", "<w:keepNext/>", '"/>', "x",
])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_XML_PIECES, max_size=30).map("".join))
def test_last_paragraph_kept_with_next_found_from_the_end_as_from_the_start(fragment):
    from ita_docs.render.blocks import _keep_last_with_next

    assert _keep_last_with_next(fragment) == _plain_keep_last_with_next(fragment)


# -- the template fields' Verbatim and Latin styles in one pass ------------------------------------

def _two_passes(part: str, xml: str) -> str:
    """As first written: the Verbatim style over the part, then the Latin style over the result."""
    from ita_docs.render.transforms import _latin_template_fields, _plain_runs_holding, _verbatim_run

    if part == "word/document.xml" or part.startswith(("word/header", "word/footer")):
        xml = _plain_runs_holding("0-9").sub(_verbatim_run, xml)
    return _latin_template_fields(part, xml)


_run_text = st.text(alphabet="กขคabcXYZ019 ./-&<>@_", max_size=40).map(
    lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
_run = st.builds(
    lambda props, space, text: f"<w:r>{props}<w:t{space}>{text}</w:t></w:r>",
    st.sampled_from(["", "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:rStyle w:val="Latin"/></w:rPr>',
                     "<w:rPr></w:rPr>"]),
    st.sampled_from(["", ' xml:space="preserve"']), _run_text | st.sampled_from(["&#13;", "A&#49;", "&amp;"]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_run, max_size=6), st.sampled_from(["word/document.xml", "word/header1.xml", "word/styles.xml"]))
def test_template_field_styles_in_one_pass_are_those_of_the_two_passes(runs, part):
    from ita_docs.render.transforms import _template_field_styles

    xml = "<w:p>" + "".join(runs) + "</w:p>"
    assert _template_field_styles(part, xml) == _two_passes(part, xml)


def test_template_field_styles_in_one_pass_on_every_example_document(monkeypatch):
    """On every part of every example as the template renders it, before any transform."""
    import io
    import warnings
    import zipfile

    from conftest import EXAMPLES

    import ita_docs.api
    from ita_docs import ItaDocsWarning, load
    from ita_docs.api import render_parts
    from ita_docs.render.transforms import _template_field_styles

    monkeypatch.setattr(ita_docs.api, "document_transforms", lambda *settings: ())
    checked = 0
    for path in EXAMPLES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ItaDocsWarning)
            parts = render_parts(load(path))
        for _, data in parts:
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                for name in docx.namelist():
                    if name.startswith("word/") and name.endswith(".xml"):
                        xml = docx.read(name).decode("utf-8")
                        assert _template_field_styles(name, xml) == _two_passes(name, xml), (path.name, name)
                        checked += 1
    assert checked > 50


# -- escaping without xml.sax.saxutils (it imports urllib.request at start-up) ---------------------

@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_text_and_attributes_escape_as_saxutils_did(value):
    from xml.sax.saxutils import escape

    from lxml import etree

    from ita_docs.model.common import strip_illegal_xml_chars
    from ita_docs.render.ooxml import attribute_xml, text_xml

    clean = strip_illegal_xml_chars(value)
    assert text_xml(value) == escape(clean)
    element = etree.fromstring(f"<a v={attribute_xml(value)}>{text_xml(value)}</a>")
    assert element.get("v") == clean  # line breaks and tabs in an attribute kept
    assert (element.text or "") == clean.replace("\r\n", "\n").replace("\r", "\n")  # XML's line ends


# --- Text: a plain string validated in one call, as the three validators did it -----------------

def _text_models():
    from ita_docs.model.common import BoundedText, Strict, Text

    class Quick(Strict):
        value: Text

    class Plain(Strict):  # BoundedText runs the three validators for every value, as Text once did
        value: BoundedText

    return Quick, Plain


_QUICK, _PLAIN = _text_models()
_any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=300)
@given(st.one_of(_any_text, st.integers(), st.floats(allow_nan=False), st.booleans(),
                 st.fixed_dictionaries({"text": _any_text}, optional={"verbatim": st.booleans()})))
def test_text_quick_path_equals_its_validators(value):
    import warnings

    import pydantic

    outcomes = []
    for model in (_QUICK, _PLAIN):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                got = model(value=value).value
                outcomes.append((type(got), got, [str(w.message) for w in caught]))
            except pydantic.ValidationError as exc:
                outcomes.append(("error", [e["type"] for e in exc.errors()], []))
    assert outcomes[0] == outcomes[1]


def test_every_yaml_data_file_reads_the_same_with_the_c_parser():
    # read_data_yaml takes PyYAML's C parser (issue 19: yaml.safe_load is the Python one)
    from pathlib import Path

    import yaml

    from ita_docs.reader import read_data_yaml

    files = sorted(Path(__file__).resolve().parents[1].joinpath("ita_docs").rglob("*.yaml"))
    assert len(files) >= 10
    assert yaml.__with_libyaml__  # the C parser is what is compared (PyYAML's wheels have it)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert read_data_yaml(text) == yaml.safe_load(text), path


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("0123456789๐๑๒๓๔๕๖๗๘๙ กขabc.,\n"), max_size=80))
def test_digit_runs_translated_equal_the_whole_text_translated(text):
    from ita_docs.thai import to_arabic_digits, to_thai_digits
    from ita_docs.thai.digits import _TO_ARABIC, _TO_THAI

    assert to_thai_digits(text) == text.translate(_TO_THAI) and type(to_thai_digits(text)) is str
    assert to_arabic_digits(text) == text.translate(_TO_ARABIC) and type(to_arabic_digits(text)) is str


# --- the template fields' run pattern: possessive, the same matches as the tempered one ---------

def _tempered_runs_holding(characters: str):
    import re

    return re.compile(
        r'<w:r>(?P<rpr><w:rPr>(?:(?!</w:rPr>|<w:rStyle ).)*</w:rPr>)?'
        rf'<w:t(?P<space> xml:space="preserve")?>(?P<text>[^<]*[{characters}][^<]*)</w:t></w:r>'
    )


_RUN_PROPS = st.sampled_from(["", "<w:rPr></w:rPr>", "<w:rPr><w:b/><w:bCs/></w:rPr>", '<w:rPr><w:rStyle w:val="Latin"/></w:rPr>',
                              '<w:rPr><w:sz w:val="28"/><w:rStyle w:val="X"/></w:rPr>', "<w:rPr><w:b/>", "<w:rPr>x</w:rPr>",
                              "<w:rPr><w:b/>\n</w:rPr>"])
_RUN_TEXT = st.text(alphabet=st.sampled_from("ก ข1A&;<>z"), max_size=12)
_RUN = st.tuples(_RUN_PROPS, st.sampled_from(["<w:t>", '<w:t xml:space="preserve">']), _RUN_TEXT,
                 st.sampled_from(["</w:t></w:r>", "</w:t>", ""])).map(lambda p: f"<w:r>{p[0]}{p[1]}{p[2]}{p[3]}")


@settings(max_examples=1000)
@given(st.lists(st.one_of(_RUN, st.sampled_from(["<w:p>", "</w:p>", "<w:r>", "text"])), max_size=8).map("".join))
def test_possessive_run_pattern_finds_what_the_tempered_one_found(xml):
    from ita_docs.render.transforms import _plain_runs_holding

    for characters in ("A-Za-z", "0-9A-Za-z"):
        quick, plain = _plain_runs_holding(characters), _tempered_runs_holding(characters)
        assert [(m.span(), m.groupdict()) for m in quick.finditer(xml)] == \
               [(m.span(), m.groupdict()) for m in plain.finditer(xml)]


def test_possessive_run_pattern_on_every_example_part(tmp_path):
    import zipfile
    from pathlib import Path

    from ita_docs.api import bundled_examples, load, render_parts
    from ita_docs.render.transforms import _plain_runs_holding

    quick, plain = _plain_runs_holding("0-9A-Za-z"), _tempered_runs_holding("0-9A-Za-z")
    found = 0
    for example in bundled_examples():
        for _, data in render_parts(load(example), reproducible=True):
            path = Path(tmp_path / "x.docx")
            path.write_bytes(data)
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    if name.endswith(".xml"):
                        xml = package.read(name).decode("utf-8")
                        matches = [(m.span(), m.groupdict()) for m in quick.finditer(xml)]
                        assert matches == [(m.span(), m.groupdict()) for m in plain.finditer(xml)], (example, name)
                        found += len(matches)
    assert found > 10


def test_the_thai_script_top_level_domains_are_those_the_word_search_keeps():
    # _CANDIDATE_WORDS skips a word without Latin letters, digits, "@", ":" or "/" unless it holds one
    from ita_docs.thai.digits import _tlds

    assert {tld for tld in _tlds() if any("\u0e01" <= c <= "\u0e4e" for c in tld)} == {"ไทย", "คอม"}


@given(st.lists(_TEXT_PIECES, max_size=25).map("".join), st.sampled_from(["thai", "arabic"]))
@settings(max_examples=1000)
def test_runs_convert_digits_as_the_pieces_between_spans_always_were(text, digits):
    # text without a kept span is translated directly (issue 19); a piece between spans is searched
    # again, as before, so "abc1@2567" after "ID " keeps its digits (a review found the difference)
    from ita_docs.render.blocks import BlockWriter
    from ita_docs.render.engine import Media
    from ita_docs.thai import convert_digits, verbatim_spans

    writer = BlockWriter(Media(), digits)
    spans = verbatim_spans(text)
    pieces, position = [], 0
    for start, end in spans + [(len(text), len(text))]:
        if start > position:
            pieces.append(convert_digits(text[position:start], digits))
        position = end
    written = writer._runs(text, False, None, False)
    for piece in pieces:
        for line in piece.split("\t"):
            assert line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in written.replace(
                '</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Latin"/></w:rPr><w:t xml:space="preserve">', "").replace(
                '</w:t></w:r><w:r><w:t xml:space="preserve">', "")


def test_digits_beside_a_kept_span_are_kept_as_before():
    from ita_docs.render.blocks import BlockWriter
    from ita_docs.render.engine import Media

    writer = BlockWriter(Media(), "thai")
    for text in ("ID abc1@2567", "IP 192.168.1.1:8080abc1", "ไฟล์ v2.pdfโทร:8080v2"):
        written = writer.runs(text)
        assert not any(digit in written for digit in "๐๑๒๓๔๕๖๗๘๙"), (text, written)  # Arabic, as before


def test_a_template_stat_cannot_reach_is_not_found_as_before(tmp_path):
    # one os.stat replaced Path.is_file() + stat (issue 19): what is_file called "no file" still is
    import pytest

    from ita_docs.api import _template
    from ita_docs.diagnostics import InputError

    loop = tmp_path / "loop.docx"
    loop.symlink_to(loop)
    (tmp_path / "file").write_text("x")
    for path in (loop, tmp_path / "missing.docx", tmp_path, tmp_path / "file" / "inside.docx", "bad\0name.docx"):
        with pytest.raises(InputError, match="template not found"):
            _template("memo.docx", path)


def test_a_string_subclass_keeps_its_own_translation():
    from markupsafe import Markup

    from ita_docs.thai import VerbatimText, to_arabic_digits, to_thai_digits

    assert type(to_thai_digits(Markup("<b>1</b>"))) is Markup and to_thai_digits(Markup("<b>1</b>")) == "<b>๑</b>"
    assert type(to_arabic_digits(Markup("ไม่มี"))) is Markup
    assert type(to_thai_digits(VerbatimText("ข้อ 1"))) is str  # str.translate's type, as before


# --- a JPEG embedded as it is, read from its header (issue 19: Pillow's import cost a render 15-20 ms)

def _jpeg(mode: str, size: tuple[int, int], *, orientation: int | None = None, progressive: bool = False,
          icc: bool = False, big_endian_exif: bool = False) -> bytes:
    import io

    from PIL import Image

    image = Image.new(mode, size, {"L": 128, "RGB": (200, 40, 30), "CMYK": (0, 50, 100, 0)}[mode])
    options: dict = {"quality": 80, "progressive": progressive}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        exif[0x010F] = "Camera"
        data = exif.tobytes()
        if big_endian_exif:  # Pillow writes little-endian; cameras write both
            data = _big_endian_exif(orientation)
        options["exif"] = data
    if icc:
        options["icc_profile"] = b"\0" * 3000
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def _big_endian_exif(orientation: int) -> bytes:
    import struct

    entry = struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    return b"Exif\0\0" + b"MM\0*" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + struct.pack(">I", 0)


_JPEGS = st.builds(
    _jpeg,
    st.sampled_from(["L", "RGB", "CMYK"]),
    st.tuples(st.integers(1, 2400), st.integers(1, 300)),
    orientation=st.one_of(st.none(), st.integers(1, 8)),
    progressive=st.booleans(), icc=st.booleans(), big_endian_exif=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(_JPEGS, st.sampled_from([1800, 600]))
def test_a_jpeg_read_from_its_header_is_what_pillow_gives(tmp_path_factory, data, max_width):
    """Kept as it is exactly when Pillow keeps it as it is (upright, narrow enough, grey or colour),
    with the same size."""
    from ita_docs.render.images import _jpeg_as_it_is, _prepare_photo_with_pillow

    path = tmp_path_factory.mktemp("jpeg") / "photo.jpg"
    path.write_bytes(data)
    quick = _jpeg_as_it_is(path, max_width)
    plain = _prepare_photo_with_pillow(path, max_width)
    if quick is not None:
        assert quick == plain  # the file's own bytes, same pixels, same format
        assert quick.data == data
    else:  # turned down only when Pillow changes it, or it is CMYK (left to Pillow, which keeps it)
        assert plain.data != data or b"Adobe" in data


@pytest.mark.parametrize("orientation", [None, 1, 6])
def test_a_jpeg_cut_anywhere_is_left_to_pillow(tmp_path, orientation):
    """A file cut short is never kept as it is: Pillow then says it cannot read it."""
    from ita_docs.render.images import ImageFileError, _jpeg_as_it_is, _prepare_photo_with_pillow

    data = _jpeg("RGB", (300, 200), orientation=orientation, progressive=orientation == 6, icc=True)
    path = tmp_path / "photo.jpg"
    for cut in [*range(0, len(data) - 1, 97), *range(len(data) - 12, len(data))]:
        path.write_bytes(data[:cut])
        assert _jpeg_as_it_is(path, 1800) is None, cut
        with pytest.raises(ImageFileError):
            _prepare_photo_with_pillow(path, 1800)


def test_photos_of_the_examples_are_kept_as_pillow_keeps_them():
    from pathlib import Path

    from conftest import REPO

    from ita_docs.render.images import _jpeg_as_it_is, _prepare_photo_with_pillow

    quick = 0
    for path in sorted(Path(REPO / "examples" / "photos").glob("*.jpg")):
        found = _jpeg_as_it_is(path, 1800)
        if found is not None:
            quick += 1
            assert found == _prepare_photo_with_pillow(path, 1800)
    assert quick >= 3  # the upright ones (registration.jpg is stored sideways: Pillow turns it)


def test_a_jpeg_cut_short_is_still_an_error_naming_the_file(tmp_path):
    import yaml
    from conftest import REPO

    from ita_docs.api import from_data, render
    from ita_docs.render.images import ImageFileError

    photo = (REPO / "examples" / "photos" / "meeting.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(photo[: len(photo) - 200])
    data = yaml.safe_load((REPO / "examples" / "memo.yaml").read_text(encoding="utf-8"))
    for block in data["body"]:
        if isinstance(block, dict) and "image" in block:
            block["image"]["path"] = str(cut)
    doc = from_data(data, source="memo.yaml", base_dir=REPO / "examples")
    with pytest.raises(ImageFileError, match="cannot read image file: .*cut.jpg"):
        render(doc)


def test_a_wide_or_odd_photo_is_left_to_pillow_after_its_header_only(tmp_path):
    """A photo to be downsized is not read whole by the header path; a FIFO is not opened."""
    import tracemalloc

    from ita_docs.render import images

    wide = tmp_path / "wide.jpg"
    wide.write_bytes(_jpeg("RGB", (2400, 40)) + b"\0" * (40 << 20))  # 40 MB after the image
    tracemalloc.start()
    try:
        assert images._jpeg_as_it_is(wide, 1800) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20, peak
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "photo.jpg"
        os.mkfifo(fifo)
        assert images._jpeg_as_it_is(fifo, 1800) is None  # returns at once, never blocks
