"""What we read back from a PDF LibreOffice wrote: the fonts it uses (a substituted font means the
document's font is missing) and its page count (--metadata).

Read with pypdf in this process: poppler's pdffonts and pdfinfo cost a process each, about 9 ms of
CPU a document against about 1.5 ms here, and they may not be installed at all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")  # "BAAAAA+THSarabunPSK": a subset of THSarabunPSK


def pdf_fonts(pdf_path: str | Path) -> list[str] | None:
    """The font names a PDF uses (subset prefixes removed), from every page and the forms drawn on
    it, as pdffonts lists them; None when the file cannot be read as a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    names: set[str] = set()
    try:
        seen: set[int] = set()
        for page in PdfReader(pdf_path).pages:
            _collect_fonts(page.get("/Resources"), names, seen)
    except (PyPdfError, OSError, ValueError, KeyError, AttributeError):
        return None
    return sorted({_SUBSET_PREFIX.sub("", name) for name in names})


def _collect_fonts(resources: Any, names: set[str], seen: set[int]) -> None:
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    for font in fonts.get_object().values() if fonts is not None else ():
        base = font.get_object().get("/BaseFont")
        names.add(str(base)[1:] if base is not None else "[none]")  # a name is "/THSarabunPSK"
    forms = resources.get("/XObject")
    for reference in forms.get_object().values() if forms is not None else ():
        form = reference.get_object()
        number = getattr(reference, "idnum", None)
        if form.get("/Subtype") != "/Form" or number in seen:
            continue
        if number is not None:
            seen.add(number)  # a form drawn on every page is read once
        _collect_fonts(form.get("/Resources"), names, seen)


def page_count(pdf_path: str | Path) -> int | None:
    """The pages of a PDF; None when the file cannot be read as a PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(pdf_path).pages)
    except (PyPdfError, OSError, ValueError, KeyError, AttributeError):
        return None
