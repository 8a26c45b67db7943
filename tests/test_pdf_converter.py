"""The PDF converter with the real LibreOffice: one process kept warm across documents, restarted after
a crash and after a per-document timeout, the same PDF as a cold start, a warning when fonts are
substituted, a clear error when LibreOffice is missing, and batch workers that leave no LibreOffice
running behind them."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import time
import warnings
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pymupdf
import pytest
import yaml
from conftest import REPO, _require_pdf, load_quietly, render_quietly

from ita_docs import ItaDocsWarning, from_data
from ita_docs.render.pdf import (
    SOFFICE_ENV,
    PdfConverter,
    PdfError,
    find_soffice,
    find_uno_python,
    substitute_fonts,
)

MEMO = REPO / "examples" / "memo.yaml"


@pytest.fixture(scope="module")
def memo_docx(real_fonts) -> bytes:
    return render_quietly(load_quietly(MEMO))


@pytest.fixture(scope="module")
def warm_converter(real_fonts):
    _require_warm()
    converter = PdfConverter("thai", warm=True)
    yield converter
    converter.close()


def _require_warm() -> None:
    _require_pdf()
    if find_uno_python(find_soffice()) is None:
        if os.environ.get("ITA_DOCS_REQUIRE_PDF") == "1":
            pytest.fail("LibreOffice's Python binding (Debian: python3-uno) is required here")
        pytest.skip("LibreOffice's Python binding (python3-uno) is not installed")


def _text(pdf) -> list[str]:
    with pymupdf.open(pdf) as doc:
        return [page.get_text() for page in doc]


def test_one_libreoffice_serves_many_documents(warm_converter, memo_docx, tmp_path):
    pdfs = [warm_converter.convert(memo_docx, tmp_path / f"memo-{i}.pdf") for i in range(3)]
    first_pid = warm_converter._office.process.pid
    pdfs.append(warm_converter.convert(memo_docx, tmp_path / "memo-3.pdf"))
    assert warm_converter._office.process.pid == first_pid  # no new process per document
    texts = [_text(p) for p in pdfs]
    assert all(t == texts[0] for t in texts) and len(texts[0]) >= 2
    assert "บันทึกข้อความ" in texts[0][0]
    assert not list(tmp_path.glob(".*.tmp"))


def test_warm_and_cold_conversions_agree(warm_converter, memo_docx, tmp_path):
    warm = warm_converter.convert(memo_docx, tmp_path / "warm.pdf")
    with PdfConverter("thai", warm=False) as cold_converter:
        cold = cold_converter.convert(memo_docx, tmp_path / "cold.pdf")
    assert _text(warm) == _text(cold)


def test_restarted_after_a_crash(warm_converter, memo_docx, tmp_path):
    warm_converter.convert(memo_docx, tmp_path / "before.pdf")
    office = warm_converter._office
    restarts = warm_converter.restarts
    os.killpg(office.process.pid, signal.SIGKILL)  # LibreOffice and its bridge die between documents
    office.process.wait()
    after = warm_converter.convert(memo_docx, tmp_path / "after.pdf")
    assert warm_converter.restarts == restarts + 1
    assert warm_converter._office.process.pid != office.process.pid
    assert "บันทึกข้อความ" in _text(after)[0]


def test_crash_during_a_document_is_retried_once(warm_converter, memo_docx, tmp_path):
    warm_converter.convert(memo_docx, tmp_path / "warm-up.pdf")
    office = warm_converter._office
    original = office.convert

    def crash_then_convert(source, target, timeout):  # the process dies while it holds the document
        os.killpg(office.process.pid, signal.SIGKILL)
        return original(source, target, timeout)

    office.convert = crash_then_convert
    result = warm_converter.convert(memo_docx, tmp_path / "retried.pdf")
    assert result.is_file() and warm_converter._office is not office


def test_timeout_kills_and_restarts(warm_converter, memo_docx, tmp_path):
    warm_converter.convert(memo_docx, tmp_path / "warm-up.pdf")
    office = warm_converter._office
    timeout, warm_converter.timeout = warm_converter.timeout, 0.001
    try:
        with pytest.raises(PdfError, match="timed out"):
            warm_converter.convert(memo_docx, tmp_path / "late.pdf")
    finally:
        warm_converter.timeout = timeout
    assert office.process.poll() is not None  # the stuck process was killed
    assert not (tmp_path / "late.pdf").exists()
    assert warm_converter.convert(memo_docx, tmp_path / "next.pdf").is_file()  # a fresh one takes over


def _unreadable_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"/>')
        package.writestr("word/document.xml", "<not xml")
    return out.getvalue()


def test_a_document_libreoffice_cannot_read_fails_alone(warm_converter, memo_docx, tmp_path):
    with pytest.raises(PdfError, match="broken.pdf"):
        warm_converter.convert(_unreadable_docx(), tmp_path / "broken.pdf")
    assert not (tmp_path / "broken.pdf").exists()
    assert warm_converter.convert(memo_docx, tmp_path / "fine.pdf").is_file()


def test_substituted_font_is_reported(real_fonts, tmp_path):
    data = yaml.safe_load(MEMO.read_text(encoding="utf-8"))
    data.setdefault("style", {})["font"] = "TH SarabunIT๙"  # allowed, but not installed here
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data(data, base_dir=MEMO.parent)
    docx_bytes = render_quietly(doc)
    with PdfConverter("thai") as converter, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        converter.convert(docx_bytes, tmp_path / "it9.pdf")  # the font is read from the document
    messages = [str(w.message) for w in caught if issubclass(w.category, ItaDocsWarning)]
    assert any("TH SarabunIT๙" in m and "instead of" in m for m in messages), messages


def test_the_real_font_gives_no_warning(warm_converter, tmp_path):
    announcement = render_quietly(load_quietly(REPO / "examples" / "announcement.yaml"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warm_converter.convert(announcement, tmp_path / "announcement.pdf")
    assert not [w for w in caught if issubclass(w.category, ItaDocsWarning)]


def test_a_glyph_the_font_lacks_is_reported(warm_converter, tmp_path):
    # "↔", which TH SarabunPSK does not have (the examples draw "<—>" instead)
    data = yaml.safe_load((REPO / "examples" / "announcement.yaml").read_text(encoding="utf-8"))
    data["body"] = ["ระยะเวลา ↔ ตลอดปี"]
    with pytest.warns(ItaDocsWarning, match="besides TH SarabunPSK"):
        warm_converter.convert(render_quietly(from_data(data)), tmp_path / "arrow.pdf")


def test_document_font_is_the_styles_default(real_fonts):
    from ita_docs.render.pdf import document_font

    data = yaml.safe_load((REPO / "examples" / "announcement.yaml").read_text(encoding="utf-8"))
    assert document_font(render_quietly(from_data(data))) == "TH SarabunPSK"
    data.setdefault("style", {})["font"] = "TH Sarabun New"
    assert document_font(render_quietly(from_data(data))) == "TH Sarabun New"


def test_substitute_fonts_keeps_the_family_and_its_faces():
    fonts = ["THSarabunPSK", "THSarabunPSK-Bold", "DejaVuSans"]
    assert substitute_fonts(fonts, "TH SarabunPSK") == ["DejaVuSans"]
    assert substitute_fonts(["Laksaman"], "TH Sarabun New") == ["Laksaman"]


def test_missing_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-soffice-here"))
    with pytest.raises(PdfError, match="LibreOffice not found"):
        PdfConverter("thai").convert(b"", tmp_path / "x.pdf")


def test_cli_reports_missing_libreoffice(monkeypatch, tmp_path, capsys):
    from ita_docs.cli import main

    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-soffice-here"))
    table = tmp_path / "rows.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\n", encoding="utf-8")
    code = main(["batch", str(table), "--kind", "memo", "--defaults", str(MEMO), "-o", str(tmp_path / "out"),
                 "--pdf", "--jobs", "1", "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "ไม่พบ LibreOffice" in err and "LibreOffice not found" in err
    assert not list((tmp_path / "out").rglob("*.docx"))  # stopped before the first row


def _office_pids() -> set[int]:
    ps = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in ps.splitlines()[1:] if "ita-docs-lo-" in line and "soffice" in line}


def test_pool_workers_close_their_libreoffice(real_fonts, tmp_path):
    _require_warm()
    from ita_docs.batch import render_batch

    example = yaml.safe_load(MEMO.read_text(encoding="utf-8"))
    rows = [{"agency": {"name": f"หน่วยงาน {i}"}} for i in range(2)]
    defaults = {k: v for k, v in example.items() if k != "kind"}
    before = _office_pids()
    with ProcessPoolExecutor(1) as executor:
        outcomes = list(render_batch(rows, "memo", tmp_path, defaults=defaults, executor=executor, pdf=True,
                                     base_dir=MEMO.parent))
        workers_office = _office_pids() - before
        assert workers_office, ("a warm LibreOffice serves the worker", outcomes)
    assert [o.status for o in outcomes] == ["ok", "ok"], [o.error for o in outcomes]
    assert len(list(tmp_path.rglob("*.pdf"))) == 2
    deadline = time.monotonic() + 20  # SIGKILL is delivered asynchronously: allow the kernel a moment
    while workers_office & _office_pids() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not workers_office & _office_pids()  # the worker closed it on the way out


def _poppler(tool: str, pdf: Path) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"poppler's {tool} is not installed")
    return subprocess.run([tool, str(pdf)], capture_output=True, check=True).stdout.decode("utf-8", "replace")


def test_fonts_and_pages_read_in_process_are_those_poppler_reads(example_pdfs, real_fonts, tmp_path):
    """pdf_reading (pypdf, in this process) against poppler's pdffonts and pdfinfo, which it
    replaced, on every example's PDF and on one whose Thai falls back to another font."""
    from ita_docs.render.pdf_reading import page_count, pdf_fonts

    data = yaml.safe_load((REPO / "examples" / "announcement.yaml").read_text(encoding="utf-8"))
    data["body"] = ["ระยะเวลา ↔ ตลอดปี"]  # a glyph TH SarabunPSK lacks: a second font
    with PdfConverter("thai") as converter, warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        fallback = converter.convert(render_quietly(from_data(data)), tmp_path / "arrow.pdf")
    pdfs = [*example_pdfs.values(), fallback]
    for pdf in pdfs:
        listed = _poppler("pdffonts", pdf).splitlines()[2:]
        assert pdf_fonts(pdf) == sorted({re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listed
                                         if line.strip()}), pdf.name
        pages = re.search(r"^Pages:\s+(\d+)", _poppler("pdfinfo", pdf), re.MULTILINE)
        assert pages and page_count(pdf) == int(pages.group(1)), pdf.name
    assert len(pdf_fonts(fallback) or []) >= 2
    (tmp_path / "not.pdf").write_bytes(b"%PDF-1.7 nothing else")
    assert pdf_fonts(tmp_path / "not.pdf") is None and page_count(tmp_path / "not.pdf") is None
