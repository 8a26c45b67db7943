"""The PDF formats `--pdf-format` offers: LibreOffice's writer_pdf_Export options for each.

Apart from render/pdf.py so that the command line can list them without importing the converter
(and the renderer behind it) for every command.
"""

from __future__ import annotations

from typing import Any

# SelectPdfVersion 2/3 = PDF/A-2b/-3b (fonts embedded in full, an sRGB output intent and XMP written
# by LibreOffice), tagged for accessibility; "pdf" is LibreOffice's plain PDF 1.6, as before.
PDF_FORMATS: dict[str, dict[str, Any]] = {
    "pdfa-2b": {"SelectPdfVersion": 2, "UseTaggedPDF": True},
    "pdfa-3b": {"SelectPdfVersion": 3, "UseTaggedPDF": True},
    "pdf": {},
}
DEFAULT_PDF_FORMAT = "pdfa-2b"
