"""PDF through LibreOffice, with the Thai fixes of §9.

A `PdfConverter` owns one LibreOffice user profile (two processes on one profile lose files) and,
where LibreOffice's Python binding is available, one LibreOffice process kept warm across documents
(`uno_bridge.py`, run by that Python): a document then costs about 0.1 s instead of a cold start. The
process is restarted after a crash, and killed and restarted when a document exceeds its timeout.
Without the binding each document starts `soffice --convert-to` anew (same output, slower).

The profile's CTL numeral setting makes LibreOffice print the page number in Thai digits when the
document's digits are Thai (it ignores Word's w:pgNumType w:fmt="thaiNumbers"). The converted copy
uses "both" instead of "thaiDistribute", which LibreOffice renders as left-aligned. After each
conversion the PDF's fonts (poppler's pdffonts) are compared with the document's font, and a
substitute is reported as an ItaDocsWarning.
"""

from __future__ import annotations

import functools
import html
import io
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
import zipfile
from pathlib import Path

from ita_docs.diagnostics import EXIT_SOME_FAILED, FontMissingWarning, ItaDocsError, ItaDocsWarning
from ita_docs.render.engine import apply_transforms
from ita_docs.render.transforms import PDF_COPY_TRANSFORMS

SOFFICE_ENV = "ITA_DOCS_SOFFICE"
UNO_PYTHON_ENV = "ITA_DOCS_UNO_PYTHON"  # a Python that can `import uno`; "none" turns the warm process off
BRIDGE = Path(__file__).with_name("uno_bridge.py")
DEFAULT_TIMEOUT = 120  # seconds per document
START_TIMEOUT = 120  # seconds for LibreOffice to start (a fresh profile takes a few)

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


class PdfError(ItaDocsError, RuntimeError):
    """LibreOffice is missing, failed or timed out (the message says which, in Thai and English)."""

    exit_code = EXIT_SOME_FAILED  # the .docx were written; only their PDFs are missing


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


@functools.lru_cache(maxsize=None)
def find_uno_python(soffice: str) -> str | None:
    """A Python interpreter that can import LibreOffice's `uno` module, or None."""
    configured = os.environ.get(UNO_PYTHON_ENV)
    if configured:
        return None if configured.lower() == "none" else configured
    if os.name != "posix":  # the bridge's reply timeout waits on a pipe with selectors
        return None
    program = Path(soffice).resolve().parent
    candidates = [sys.executable, str(program / "python"), "/usr/bin/python3", shutil.which("python3")]
    for candidate in dict.fromkeys(c for c in candidates if c):
        try:
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


class _WarmOffice:
    """One LibreOffice process (through uno_bridge.py) on one profile; killed with its process group."""

    def __init__(self, python: str, soffice: str, profile_dir: Path, start_timeout: float = START_TIMEOUT):
        self._stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [python, str(BRIDGE), soffice, profile_dir.resolve().as_uri(), f"ita-docs-{uuid.uuid4().hex}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, start_new_session=True,
        )
        self._buffer = b""
        reply = self._read_reply(start_timeout)
        if not reply.get("ready"):
            self.kill()
            raise PdfError(f"LibreOffice เริ่มทำงานไม่ได้ / LibreOffice did not start: {reply.get('error', '')}")

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        request = json.dumps({"in": str(source), "out": str(target)}) + "\n"
        try:
            self.process.stdin.write(request.encode("utf-8"))
            self.process.stdin.flush()
        except OSError:  # the bridge is gone (a broken pipe)
            raise _Crashed(self._stderr_tail()) from None
        reply = self._read_reply(timeout)
        if not reply.get("ok"):
            raise PdfError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ / conversion failed: {target.name}: "
                           f"{reply.get('error', '')}")

    def _read_reply(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise _Timeout()
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    raise _Crashed(self._stderr_tail())
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def _stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace").strip()[-300:]

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self, wait: float = 15) -> None:
        try:
            self.process.stdin.close()  # the bridge closes LibreOffice at end of input
            self.process.wait(wait)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # the bridge and its soffice
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        self._stderr.close()


class _Timeout(Exception):
    pass


class _Crashed(Exception):
    pass


class PdfConverter:
    """Converts rendered .docx bytes to PDF, one document at a time (a lock guards it).

    warm: keep one LibreOffice running across documents (None: when LibreOffice's Python binding is
    found). check_fonts: warn when a PDF uses fonts other than the one its document asks for."""

    def __init__(self, digits: str = "thai", profile_dir: Path | None = None,
                 timeout: float = DEFAULT_TIMEOUT, warm: bool | None = None, check_fonts: bool = True):
        self.digits = digits
        self.timeout = timeout
        self.check_fonts = check_fonts
        self.restarts = 0
        self._warm = warm
        self._office: _WarmOffice | None = None
        self._owned = profile_dir is None
        self.profile_dir = Path(profile_dir or tempfile.mkdtemp(prefix="ita-docs-lo-"))
        self._lock = threading.Lock()
        user = self.profile_dir / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(
            _REGISTRY.format(numerals=_NUMERALS[digits]), encoding="utf-8"
        )

    @property
    def is_warm(self) -> bool:
        """Whether documents go through a LibreOffice kept running (decided at the first document)."""
        if self._warm is None:
            self._warm = find_uno_python(find_soffice()) is not None
        return self._warm

    def convert(self, docx: bytes, pdf_path: str | Path) -> Path:
        """Convert rendered .docx bytes to a PDF at pdf_path (written atomically)."""
        soffice = find_soffice()
        pdf_path = Path(pdf_path)
        copy = apply_transforms(docx, PDF_COPY_TRANSFORMS)
        with self._lock, tempfile.TemporaryDirectory(prefix="ita-docs-pdf-") as work:
            source = Path(work) / "document.docx"
            source.write_bytes(copy)
            produced = Path(work) / "document.pdf"
            if self.is_warm:
                self._convert_warm(soffice, source, produced, pdf_path.name)
            else:
                self._convert_cold(soffice, source, work, pdf_path.name)
            if not produced.is_file():
                raise PdfError(f"LibreOffice ไม่ได้สร้าง PDF / produced no PDF: {pdf_path.name}")
            pdf_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
            shutil.move(str(produced), tmp)
            os.replace(tmp, pdf_path)
        requested = document_font(docx) if self.check_fonts else None
        if requested:
            _warn_substitutes(pdf_path, requested)
        return pdf_path

    def _convert_warm(self, soffice: str, source: Path, target: Path, name: str) -> None:
        for attempt in (1, 2):  # a crash gets one restart and one more try; a timeout does not
            if self._office is None or not self._office.alive():
                if self._office is not None:
                    self._office.kill()
                    self.restarts += 1
                self._office = _WarmOffice(find_uno_python(soffice), soffice, self.profile_dir)
            try:
                self._office.convert(source, target, self.timeout)
                return
            except PdfError as exc:  # this document failed; LibreOffice itself is fine
                raise PdfError(str(exc).replace(f": {target.name}: ", f": {name}: ", 1)) from None
            except _Timeout:
                self._office.kill()
                self._office = None
                self.restarts += 1
                raise PdfError(f"LibreOffice ใช้เวลาเกิน {self.timeout:.0f} วินาที จึงเริ่มใหม่ / "
                               f"timed out, restarted: {name}") from None
            except _Crashed as crash:
                # Discard it now: a process just killed may still look alive for a moment.
                self._office.kill()
                self._office = None
                self.restarts += 1
                if attempt == 2:
                    raise PdfError(f"LibreOffice หยุดทำงานระหว่างแปลง / crashed while converting {name}: "
                                   f"{crash}") from None

    def _convert_cold(self, soffice: str, source: Path, work: str, name: str) -> None:
        command = [
            soffice, f"-env:UserInstallation={self.profile_dir.resolve().as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", work, str(source),
        ]
        # Its own process group, so a timeout kills soffice.bin too, not only the soffice launcher.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=os.name == "posix")
        try:
            stdout, stderr = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.communicate()
            raise PdfError(f"LibreOffice ใช้เวลาเกิน {self.timeout:.0f} วินาที / timed out: {name}") from None
        if process.returncode != 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip()[-500:]
            raise PdfError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ / conversion failed: {name}: {detail}")

    def close(self) -> None:
        with self._lock:
            if self._office is not None:
                self._office.close()
                self._office = None
        if self._owned:
            shutil.rmtree(self.profile_dir, ignore_errors=True)

    def __enter__(self) -> "PdfConverter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def pdf_fonts(pdf_path: str | Path) -> list[str] | None:
    """The font names a PDF uses (subset prefixes removed), from poppler's pdffonts; None without it."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return None
    result = subprocess.run([pdffonts, str(pdf_path)], capture_output=True, timeout=60)
    if result.returncode != 0:
        return None
    lines = result.stdout.decode("utf-8", "replace").splitlines()[2:]
    return sorted({re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in lines if line.strip()})


def substitute_fonts(fonts: list[str], requested: str) -> list[str]:
    """The fonts that are not the requested family (its bold or italic faces count as the family)."""
    family = requested.replace(" ", "").lower()
    return [f for f in fonts if not f.replace(" ", "").lower().startswith(family)]


_DEFAULT_FONT = re.compile(r'<w:rPrDefault>.*?<w:rFonts [^>]*?w:ascii="([^"]+)"', re.DOTALL)


def document_font(docx: bytes) -> str | None:
    """The font a .docx asks for: its styles' default (the house style's, or the input's style.font)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            styles = package.read("word/styles.xml").decode("utf-8")
    except (KeyError, zipfile.BadZipFile):
        return None
    match = _DEFAULT_FONT.search(styles)
    return html.unescape(match.group(1)) if match else None


def _warn_substitutes(pdf_path: Path, requested: str) -> None:
    fonts = pdf_fonts(pdf_path)
    if not fonts:
        return
    others = substitute_fonts(fonts, requested)
    if others:
        missing = len(others) == len(fonts)
        warnings.warn(
            f"{pdf_path.name}: PDF ใช้แบบอักษรแทน {', '.join(others)} "
            f"{'แทน ' + requested + ' ซึ่งไม่ได้ติดตั้งไว้' if missing else 'ร่วมกับ ' + requested} / "
            f"the PDF uses {', '.join(others)} "
            f"{'instead of ' + requested + ' (not installed?)' if missing else 'besides ' + requested}",
            FontMissingWarning if missing else ItaDocsWarning,
            stacklevel=3,
        )


def convert_to_pdf(docx: bytes, pdf_path: str | Path, *, digits: str = "thai",
                   timeout: float = DEFAULT_TIMEOUT) -> Path:
    """One-off conversion with a fresh profile (a batch keeps one converter warm per worker)."""
    with PdfConverter(digits, timeout=timeout) as converter:
        return converter.convert(docx, pdf_path)
