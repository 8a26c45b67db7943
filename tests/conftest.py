"""Shared fixtures: the examples rendered once per session, to .docx and (with the real fonts) PDF.

Tests that need ../shared (the TH Sarabun fonts, the Garuda) skip with a reason when it is absent;
PDF tests skip when LibreOffice is missing, unless ITA_DOCS_REQUIRE_PDF=1 (CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

from ita_docs import ItaDocsWarning, load, render

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FONTS = SHARED / "fonts"
EMBLEM = SHARED / "assets" / "garuda.png"
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
GENERIC_EXAMPLES = [p for p in EXAMPLES if p.stem in ("memo", "announcement", "order")]


def shared_available() -> bool:
    return FONTS.is_dir() and EMBLEM.is_file()


needs_shared = pytest.mark.skipif(not shared_available(), reason="../shared (fonts, emblem) is not present")


def _require_pdf() -> None:
    if shutil.which(os.environ.get("ITA_DOCS_SOFFICE", "soffice")) is None:
        if os.environ.get("ITA_DOCS_REQUIRE_PDF") == "1":
            pytest.fail("LibreOffice (soffice) is required here (ITA_DOCS_REQUIRE_PDF=1) but not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    if not shared_available():
        pytest.skip("../shared (the real TH Sarabun fonts) is not present")


@pytest.fixture(scope="session")
def real_fonts(tmp_path_factory) -> Path:
    """A private fontconfig configuration that adds ../shared/fonts (set for the whole session)."""
    _require_pdf()
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{FONTS}</dir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    os.environ["FONTCONFIG_FILE"] = str(conf)
    return conf


def render_quietly(doc, **options) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return render(doc, **options)


@pytest.fixture(scope="session")
def rendered_examples() -> dict[str, bytes]:
    """Every example → .docx bytes (with the Garuda when ../shared is there)."""
    emblem = EMBLEM if EMBLEM.is_file() else None
    return {p.stem: render_quietly(load(p), emblem=emblem) for p in EXAMPLES}


@pytest.fixture(scope="session")
def example_pdfs(rendered_examples, real_fonts, tmp_path_factory) -> dict[str, Path]:
    from ita_docs.render.pdf import PdfConverter

    out = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    converters: dict[str, PdfConverter] = {}
    try:
        for name, data in rendered_examples.items():
            digits = load(REPO / "examples" / f"{name}.yaml").digits
            converter = converters.setdefault(digits, PdfConverter(digits))
            pdfs[name] = converter.convert(data, out / f"{name}.pdf")
    finally:
        for converter in converters.values():
            converter.close()
    return pdfs
