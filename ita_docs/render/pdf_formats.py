"""The PDF formats `--pdf-format` offers: LibreOffice's writer_pdf_Export options for each.

Apart from render/pdf.py so that the command line can list them without importing the converter
(and the renderer behind it) for every command.
"""

from __future__ import annotations

from typing import Any

PDF_FORMATS: dict[str, dict[str, Any]] = {
    "pdfa-2b": {"SelectPdfVersion": 2, "UseTaggedPDF": True},
    "pdfa-3b": {"SelectPdfVersion": 3, "UseTaggedPDF": True},
    "pdf": {},
}
DEFAULT_PDF_FORMAT = "pdfa-2b"
