"""The document's own properties (docProps/core.xml) and, through LibreOffice, the PDF's Info and
XMP; PDF/A-2b/-3b output checked by tests/pdfa_checks.py."""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import datetime, timezone

import docx
import pymupdf
import pytest
from conftest import EMBLEM, EXAMPLE_DOCUMENTS, EXAMPLES, REPO, needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfa_checks import pdfa_identification, pdfa_problems

from ita_docs import ItaDocsWarning, load
from ita_docs.api import render_described
from ita_docs.render.properties import DocumentInfo, _set_by_tree, core_values, core_xml_setter
from ita_docs.thai import to_arabic_digits


def _described(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return render_described(load(path), **options)


def _core(data: bytes):
    return docx.Document(io.BytesIO(data)).core_properties


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_carries_its_own_properties(path):
    for name, data, info in _described(path):
        core = _core(data)
        assert core.title == info.title and info.title, name
        assert core.subject == info.kind
        assert core.identifier == info.number
        assert core.author == info.unit and info.unit
        assert core.language == "th-TH"
        assert core.title != "บันทึกข้อความ"  # the template's fixed title is gone
        assert info.fiscal_year and f"ปีงบประมาณ{info.fiscal_year}" in core.keywords
        if info.date is not None:
            moment = datetime(info.date.year, info.date.month, info.date.day, 0, 0) - (
                datetime(2000, 1, 1, 7) - datetime(2000, 1, 1))  # midnight in Bangkok, in UTC
            assert core.created.replace(tzinfo=None) == moment == core.modified.replace(tzinfo=None)


def test_memo_properties_are_what_its_page_shows():
    (_, data, info), = _described(REPO / "examples/memo.yaml")
    core = _core(data)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"เรื่อง  {core.title}" in text
    assert f"ที่  {core.identifier}" in text
    assert info.date.isoformat() == "2024-03-11"
    assert info.fiscal_year == 2567  # March 2567 is in fiscal 2567
    assert info.urgency == "ด่วน"


def test_a_bundle_names_the_oit_items_of_each_document():
    described = {name: info for name, _, info in _described(REPO / "examples/o42-bundle.yaml")}
    memo = described["01-o42-memo.docx"]
    assert memo.item_codes == ("O42", "O43")
    assert "O42, O43" in _core(dict((n, d) for n, d, _ in _described(REPO / "examples/o42-bundle.yaml"))[
        "01-o42-memo.docx"]).keywords
    for name, info in described.items():
        assert int(to_arabic_digits(str(info.fiscal_year))) in (2565, 2566), name


def test_undated_documents_are_stamped_now_or_reproducibly(monkeypatch):
    from ita_docs.render.properties import SOURCE_DATE_EPOCH

    doc = REPO / "examples/drive-report.yaml"  # no date of its own
    monkeypatch.delenv(SOURCE_DATE_EPOCH, raising=False)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    (_, now, _), = _described(doc)
    assert _core(now).modified.replace(tzinfo=None) >= before.replace(tzinfo=None)
    (_, first, _), = _described(doc, reproducible=True)
    (_, second, _), = _described(doc, reproducible=True)
    assert first == second
    assert _core(first).created.year == 2026 and _core(first).created.month == 1  # the template's own
    monkeypatch.setenv(SOURCE_DATE_EPOCH, "1700000000")
    (_, stamped, _), = _described(doc)
    (_, again, _), = _described(doc)
    assert stamped == again
    assert _core(stamped).created.replace(tzinfo=None) == datetime(2023, 11, 14, 22, 13, 20)


def test_the_stock_engine_path_sets_them_too(tmp_path):
    """A template the fast engine leaves to docxtpl (here: no core properties part at all, which
    python-docx then adds) still gets the document's properties."""
    from test_hostile_templates import hostile_template

    template = hostile_template(tmp_path, "", without_core=True)
    (_, data, info), = _described(REPO / REPO / "examples/memo.yaml", template=template)
    assert _core(data).title == info.title and _core(data).identifier == info.number


@needs_shared
@pytest.mark.parametrize("pdf_format,part", [("pdfa-2b", 2), ("pdfa-3b", 3)])
def test_pdfa_with_the_properties_in_info_and_xmp(pdf_format, part, real_fonts, tmp_path):
    from ita_docs.render.pdf import PdfConverter

    with PdfConverter("thai", pdf_format=pdf_format) as converter:
        for path in (REPO / "examples/memo.yaml", REPO / "examples/order.yaml", REPO / "examples/report.yaml"):
            (name, data, info), = _described(path, emblem=EMBLEM)
            pdf = converter.convert(data, tmp_path / f"{pdf_format}-{name}.pdf")
            assert pdfa_problems(pdf, part) == [], name
            opened = pymupdf.open(pdf)
            assert opened.metadata["title"] == info.title
            assert opened.metadata["author"] == info.unit
            assert opened.metadata["subject"] == info.kind
            assert f"ปีงบประมาณ{info.fiscal_year}" in opened.metadata["keywords"]
            assert pdfa_identification(opened.get_xml_metadata()) == (part, "B")
            assert "/Lang (th-TH)" in opened.xref_object(opened.pdf_catalog())
            assert "/StructTreeRoot" in opened.xref_object(opened.pdf_catalog())  # tagged
            fonts = {font[3].split("+")[-1] for page in opened for font in page.get_fonts()}
            assert any(f.startswith("THSarabun") for f in fonts), fonts


@needs_shared
def test_plain_pdf_is_still_available_and_fails_the_pdfa_check(real_fonts, tmp_path):
    from ita_docs.render.pdf import PdfConverter

    (name, data, _), = _described(REPO / "examples/memo.yaml")
    with PdfConverter("thai", pdf_format="pdf", warm=False) as converter:  # the cold path's options too
        pdf = converter.convert(data, tmp_path / "plain.pdf")
    assert "no pdfaid:part/conformance in the XMP metadata" in pdfa_problems(pdf)
    with PdfConverter("thai", pdf_format="pdfa-2b", warm=False) as converter:
        pdf = converter.convert(data, tmp_path / "a.pdf")
    assert pdfa_problems(pdf) == []


def test_an_unknown_pdf_format_is_refused():
    from ita_docs.render.pdf import PdfConverter

    with pytest.raises(ValueError, match="pdfa-2b"):
        PdfConverter("thai", pdf_format="pdfa-1z")


@needs_shared
@pytest.mark.parametrize("name", sorted(EXAMPLE_DOCUMENTS))
def test_every_example_document_is_pdfa_2b_by_default(example_pdfs, name):
    """The session's example PDFs are made with the converter's defaults: PDF/A-2b, every font
    embedded (TH Sarabun: the fixture's fonts), the document's title in Info and XMP."""
    assert pdfa_problems(example_pdfs[name], 2) == []
    opened = pymupdf.open(example_pdfs[name])
    assert opened.metadata["title"] and opened.metadata["title"] != "บันทึกข้อความ"
    fonts = {font[3].split("+")[-1] for page in opened for font in page.get_fonts()}
    assert all(f.startswith("THSarabun") for f in fonts), fonts



_TEMPLATE_CORES = sorted({zipfile.ZipFile(p).read("docProps/core.xml").decode("utf-8")
                          for p in (REPO / "templates").glob("*.docx")})
_property_text = st.text(st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=300)
@given(st.sampled_from(_TEMPLATE_CORES), _property_text, _property_text, _property_text,
       st.sampled_from(["", "ที่ มท ๐๘๐๘/ว ๑๒"]), st.one_of(st.none(), st.dates()))
def test_core_properties_set_by_joining_strings_equal_the_tree_written_ones(core, title, unit, kind, number, day):
    """core.xml is parsed and written once per template and set of fields, then filled by joining
    strings: what a document gets is what lxml writes for it, characters XML cannot hold included."""
    info = DocumentInfo(kind=kind, title=title, number=number, unit=unit, date=day, fiscal_year=2568,
                        item_codes=("O42",))
    setter = core_xml_setter(info, reproducible=True)
    try:
        expected = _set_by_tree(core, core_values(info, reproducible=True))
    except ValueError:  # a character XML cannot hold: lxml refuses it, and so does the setter
        with pytest.raises(ValueError):
            setter(core)
        return
    assert setter(core) == expected
