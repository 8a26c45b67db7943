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
from hypothesis import HealthCheck, settings

from ita_docs import ItaDocsWarning, load, render

# Property tests: no time limit per example or on generating them (a busy CI machine is not a bug).
# CI runs a fixed sequence of examples (HYPOTHESIS_PROFILE=ci, set by .ci/run) so that a submission
# is judged on the same cases every time; a developer's run keeps searching new ones.
_UNHURRIED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", **_UNHURRIED)
settings.register_profile("ci", **_UNHURRIED, derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

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


def load_quietly(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return load(path)


def _example_documents() -> tuple[dict[str, Path], dict[str, str]]:
    """Every document the examples make → its input file and its form; a bundle's parts are
    named "stem/part"."""
    from ita_docs.kinds import get_kind

    files, forms = {}, {}
    for path in EXAMPLES:
        doc = load_quietly(path)
        kind = get_kind(doc.kind)
        if kind.is_bundle:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ItaDocsWarning)
                parts = kind.parts(doc)
            for part in parts:
                files[f"{path.stem}/{part.name}"] = path
                forms[f"{path.stem}/{part.name}"] = get_kind(part.kind).form
        else:
            files[path.stem] = path
            forms[path.stem] = kind.form
    return files, forms


EXAMPLE_DOCUMENTS, EXAMPLE_FORMS = _example_documents()


@pytest.fixture(scope="session")
def rendered_examples() -> dict[str, bytes]:
    """Every example document → .docx bytes (with the Garuda when ../shared is there)."""
    from ita_docs.api import render_parts

    emblem = EMBLEM if EMBLEM.is_file() else None
    out = {}
    for path in EXAMPLES:
        doc = load_quietly(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ItaDocsWarning)
            parts = render_parts(doc, emblem=emblem)
        if f"{path.stem}/{parts[0][0].removesuffix('.docx')}" in EXAMPLE_DOCUMENTS:
            out.update({f"{path.stem}/{name.removesuffix('.docx')}": data for name, data in parts})
        else:
            out[path.stem] = parts[0][1]
    return out


@pytest.fixture(scope="session")
def example_pdfs(rendered_examples, real_fonts, tmp_path_factory) -> dict[str, Path]:
    from ita_docs.render.pdf import PdfConverter

    out = tmp_path_factory.mktemp("pdf")
    pdfs = {}
    converters: dict[str, PdfConverter] = {}
    try:
        for name, data in rendered_examples.items():
            digits = load_quietly(EXAMPLE_DOCUMENTS[name]).digits
            converter = converters.setdefault(digits, PdfConverter(digits))
            target = out / f"{name}.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            pdfs[name] = converter.convert(data, target)
    finally:
        for converter in converters.values():
            converter.close()
    return pdfs


_PDF_WORDS = ("PdfConverter", "convert_to_pdf", '"--pdf"', "pdf=True")


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that runs LibreOffice as `pdf`: `pytest -m "not pdf"` is the fast tier."""
    import inspect

    for item in items:
        uses_pdf = "real_fonts" in getattr(item, "fixturenames", ())
        if not uses_pdf and getattr(item, "function", None) is not None:
            try:
                source = inspect.getsource(item.function)
            except (OSError, TypeError):
                source = ""
            uses_pdf = any(word in source for word in _PDF_WORDS)
        if uses_pdf:
            item.add_marker(pytest.mark.pdf)
