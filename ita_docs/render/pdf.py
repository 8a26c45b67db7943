"""PDF through LibreOffice (soffice --headless), with the Thai fixes of §9.

Each converter owns a LibreOffice user profile directory (two processes on one profile lose files).
The profile's CTL numeral setting makes LibreOffice print the page number in Thai digits when the
document's digits are Thai (it ignores Word's w:pgNumType w:fmt="thaiNumbers"). The converted copy
uses "both" instead of "thaiDistribute", which LibreOffice renders as left-aligned.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from ita_docs.render.engine import apply_transforms
from ita_docs.render.transforms import PDF_COPY_TRANSFORMS

SOFFICE_ENV = "ITA_DOCS_SOFFICE"

# CTLTextNumerals: 0 Arabic, 1 Hindi (Arabic-Indic everywhere), 2 system, 3 context (Thai digits in Thai
# text, so "- ๒ -"; runs tagged non-Thai, like URLs in the PDF copy, keep Arabic digits).
_NUMERALS = {"thai": 3, "arabic": 0}

_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLFont" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/I18N/CTL"><prop oor:name="CTLTextNumerals" oor:op="fuse"><value>{numerals}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


class PdfError(RuntimeError):
    """LibreOffice is missing, failed or timed out (the message says which, in Thai and English)."""


def find_soffice() -> str:
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        if Path(configured).is_file() or shutil.which(configured):
            return configured
        raise PdfError(f"ไม่พบ LibreOffice ที่ {SOFFICE_ENV}={configured} / LibreOffice not found there")
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "ไม่พบ LibreOffice (soffice) จึงสร้าง PDF ไม่ได้ / LibreOffice (soffice) was not found, so no PDF "
        f"can be made: install it (Debian: apt-get install libreoffice-writer-nogui) or set {SOFFICE_ENV}"
    )


class PdfConverter:
    """One LibreOffice profile, used for one conversion at a time (a lock guards it)."""

    def __init__(self, digits: str = "thai", profile_dir: Path | None = None, timeout: float = 180):
        self.digits = digits
        self.timeout = timeout
        self._owned = profile_dir is None
        self.profile_dir = Path(profile_dir or tempfile.mkdtemp(prefix="ita-docs-lo-"))
        self._lock = threading.Lock()
        user = self.profile_dir / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(
            _REGISTRY.format(numerals=_NUMERALS[digits]), encoding="utf-8"
        )

    def convert(self, docx: bytes, pdf_path: str | Path) -> Path:
        """Convert rendered .docx bytes to a PDF at pdf_path (written atomically)."""
        soffice = find_soffice()
        pdf_path = Path(pdf_path)
        copy = apply_transforms(docx, PDF_COPY_TRANSFORMS)
        with self._lock, tempfile.TemporaryDirectory(prefix="ita-docs-pdf-") as work:
            source = Path(work) / "document.docx"
            source.write_bytes(copy)
            command = [
                soffice, f"-env:UserInstallation={self.profile_dir.resolve().as_uri()}",
                "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
                "--outdir", work, str(source),
            ]
            try:
                result = subprocess.run(command, capture_output=True, timeout=self.timeout,
                                        stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise PdfError(f"LibreOffice ใช้เวลาเกิน {self.timeout:.0f} วินาที / timed out: {pdf_path.name}") from None
            produced = Path(work) / "document.pdf"
            if result.returncode != 0 or not produced.is_file():
                detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-500:]
                raise PdfError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ / conversion failed: {pdf_path.name}: {detail}")
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
            shutil.move(str(produced), tmp)
            os.replace(tmp, pdf_path)
        return pdf_path

    def close(self) -> None:
        if self._owned:
            shutil.rmtree(self.profile_dir, ignore_errors=True)

    def __enter__(self) -> "PdfConverter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def convert_to_pdf(docx: bytes, pdf_path: str | Path, *, digits: str = "thai", timeout: float = 180) -> Path:
    """One-off conversion with a fresh profile (the batch converter keeps profiles warm)."""
    with PdfConverter(digits, timeout=timeout) as converter:
        return converter.convert(docx, pdf_path)
