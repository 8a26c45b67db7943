"""PDF through LibreOffice, with the Thai fixes of §9.

A `PdfConverter` owns one LibreOffice user profile (two processes on one profile lose files) and,
where LibreOffice's Python binding is available, one LibreOffice process kept warm across documents
(`uno_bridge.py`, run by that Python): a document then costs about 0.1 s instead of a cold start. The
process is restarted after a crash (a dead soffice.bin, a disposed UNO connection) and the document
tried once more; it is killed and restarted when a document exceeds its timeout. A LibreOffice that
cannot start at all trips a circuit breaker: after MAX_START_FAILURES failed starts in a row the
converter fails each PDF at once with one message instead of waiting for another start. Without the
binding each document starts `soffice --convert-to` anew (same output, slower).

LibreOffice dies with the process that started it (see uno_bridge.py), and its profile and work
folders live in one OwnedTempDir per converter, so a run killed outright leaves nothing for long.

The profile's CTL numeral setting makes LibreOffice print the page number in Thai digits when the
document's digits are Thai (it ignores Word's w:pgNumType w:fmt="thaiNumbers"). The converted copy
uses "both" instead of "thaiDistribute", which LibreOffice renders as left-aligned. After each
conversion the PDF's fonts (read by pdf_reading.pdf_fonts) are compared with the document's font, and a
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
import typing
import uuid
import warnings
import zipfile
from pathlib import Path

from ita_docs.diagnostics import EXIT_SOME_FAILED, FontMissingWarning, ItaDocsError, ItaDocsWarning
from ita_docs.render.engine import apply_transforms
from ita_docs.render.pdf_formats import DEFAULT_PDF_FORMAT, PDF_FORMATS
from ita_docs.render.pdf_reading import pdf_fonts
from ita_docs.render.tempdirs import OwnedTempDir
from ita_docs.render.transforms import PDF_COPY_TRANSFORMS

SOFFICE_ENV = "ITA_DOCS_SOFFICE"
UNO_PYTHON_ENV = "ITA_DOCS_UNO_PYTHON"  # a Python that can `import uno`; "none" turns the warm process off
BRIDGE = Path(__file__).with_name("uno_bridge.py")
DEFAULT_TIMEOUT = 120  # seconds per document
START_TIMEOUT = 120  # seconds for LibreOffice to start (a fresh profile takes a few)
MAX_START_FAILURES = 3  # failed starts in a row before a converter stops trying (the circuit breaker)
RETRY_START_AFTER = 300  # seconds an open breaker fails PDFs at once before it tries one more start
# Documents one warm LibreOffice converts before it is replaced. Measured (benchmarks/pdf_memory.py,
# 2000 PDF/A conversions of the examples in turn): its memory grows about 2.5 MB per 100 documents
# (265 MB after 100, 313 MB after 1700-2000); restarting every 1000 keeps it between 265 and 310 MB.
# A restart costs about 4 s, under 0.5 % of a batch's time at this interval.
RESTART_AFTER = 1000
RESTART_AFTER_ENV = "ITA_DOCS_PDF_RESTART_AFTER"  # 0: never
TEMP_PREFIX = "ita-docs-lo-"  # a converter's temporary folder: its profile and per-document work folders

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


@functools.cache
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

    def __init__(self, python: str, soffice: str, profile_dir: Path, env: dict[str, str],
                 start_timeout: float = START_TIMEOUT, filter_data: dict | None = None):
        self.filter_data = filter_data  # writer_pdf_Export's options for every document
        self._stderr = tempfile.TemporaryFile()
        try:
            # Its own process group, which the bridge kills when this process dies (even by SIGKILL).
            self.process = subprocess.Popen(
                [python, str(BRIDGE), soffice, profile_dir.resolve().as_uri(), f"ita-docs-{uuid.uuid4().hex}",
                 str(os.getpid())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, start_new_session=True,
                env=env,
            )
        except OSError as exc:
            self._stderr.close()
            raise _StartFailed(f"{python}: {exc.strerror or exc}") from None
        self._requests = typing.cast(typing.IO[bytes], self.process.stdin)  # both pipes: asked for above
        self._replies = typing.cast(typing.IO[bytes], self.process.stdout)
        self._buffer = b""
        try:
            reply = self._read_reply(start_timeout)
        except _Timeout:
            reply = {"error": f"no answer in {start_timeout:.0f} s"}
        except _Crashed as crash:
            reply = {"error": str(crash) or "the bridge ended"}
        if not reply.get("ready"):
            self.kill()
            raise _StartFailed(reply.get("error", ""))

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        request = json.dumps({"in": str(source), "out": str(target), "filter": self.filter_data or None}) + "\n"
        try:
            self._requests.write(request.encode("utf-8"))
            self._requests.flush()
        except OSError:  # the bridge is gone (a broken pipe)
            raise _Crashed(self._stderr_tail()) from None
        reply = self._read_reply(timeout)
        if reply.get("crashed"):  # LibreOffice died under this document; the bridge has ended
            raise _Crashed(reply.get("error", ""))
        if not reply.get("ok"):
            raise _DocumentFailed(reply.get("error", ""))

    def _read_reply(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self._replies, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise _Timeout()
                chunk = os.read(self._replies.fileno(), 65536)
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
            self._requests.close()  # the bridge closes LibreOffice at end of input
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
    """LibreOffice (or the bridge) died: restart it."""


class _StartFailed(Exception):
    """LibreOffice did not start (the message says why)."""


class _DocumentFailed(Exception):
    """LibreOffice is fine but could not convert this document."""


class _StartBreaker:
    """Stops a converter from starting a LibreOffice that cannot start: after MAX_START_FAILURES failed
    starts in a row every PDF fails at once with one message; after RETRY_START_AFTER seconds one
    more start is tried (a batch is not stuck with it forever, nor a long-lived server)."""

    def __init__(self):
        self.failures = 0
        self.message = ""
        self._opened_at = 0.0

    def check(self) -> None:
        if self.failures >= MAX_START_FAILURES and time.monotonic() - self._opened_at < RETRY_START_AFTER:
            raise PdfError(self.message)

    def failed(self, error: str) -> None:
        self.failures += 1
        if self.failures >= MAX_START_FAILURES:
            self._opened_at = time.monotonic()
            # the same text for every document while open, so a batch report shows one message
            self.message = (
                f"ไม่ได้สร้าง PDF เพราะ LibreOffice เริ่มทำงานไม่ได้ {MAX_START_FAILURES} ครั้งติดกัน ({error}) "
                f"ให้แก้การติดตั้ง LibreOffice หรือ {SOFFICE_ENV} แล้วสั่งใหม่ (ชุดงาน: --resume) / "
                f"no PDF: LibreOffice failed to start {MAX_START_FAILURES} times in a row ({error}); "
                f"fix the LibreOffice installation or {SOFFICE_ENV} and run again (a batch: --resume)"
            )

    def succeeded(self) -> None:
        self.failures = 0


class PdfConverter:
    """Converts rendered .docx bytes to PDF, one document at a time (a lock guards it).

    warm: keep one LibreOffice running across documents (None: when LibreOffice's Python binding is
    found). check_fonts: warn when a PDF uses fonts other than the one its document asks for."""

    def __init__(self, digits: str = "thai", profile_dir: Path | None = None,
                 timeout: float = DEFAULT_TIMEOUT, warm: bool | None = None, check_fonts: bool = True,
                 pdf_format: str = DEFAULT_PDF_FORMAT, restart_after: int | None = None):
        if pdf_format not in PDF_FORMATS:
            raise ValueError(f"pdf_format: one of {', '.join(PDF_FORMATS)}, not {pdf_format!r}")
        self.digits = digits
        self.pdf_format = pdf_format
        self.timeout = timeout
        self.check_fonts = check_fonts
        self.restarts = 0  # after a crash or a timeout
        self.recycled = 0  # after restart_after documents
        # A long-lived LibreOffice grows (caches, leaks): it is closed and started anew after this
        # many documents, as Gotenberg does; 0 or less: never.
        self.restart_after = restart_after if restart_after is not None else _restart_after_default()
        self._converted = 0  # by the running LibreOffice
        self._warm = warm
        self._office: _WarmOffice | None = None
        self._breaker = _StartBreaker()
        self._temp = OwnedTempDir(TEMP_PREFIX)  # also removes the folders of converters killed earlier
        self.profile_dir = Path(profile_dir) if profile_dir else self._temp.path / "profile"
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
        with self._lock, tempfile.TemporaryDirectory(prefix="pdf-", dir=self._temp.path) as work:
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
        failure = ""
        for _attempt in (1, 2):  # a crash or a failed start gets one more try; a timeout does not
            try:
                self._running_office(soffice).convert(source, target, self.timeout)
                self._converted += 1
                if 0 < self.restart_after <= self._converted and self._office is not None:
                    self._office.close()  # the next document starts a fresh one
                    self._office = None
                    self.recycled += 1
                return
            except _DocumentFailed as exc:  # this document failed; LibreOffice itself is fine
                raise PdfError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ / conversion failed: {name}: {exc}") from None
            except _Timeout:
                self._discard_office()
                raise PdfError(f"LibreOffice ใช้เวลาเกิน {self.timeout:.0f} วินาที จึงเริ่มใหม่ / "
                               f"timed out, restarted: {name}") from None
            except _Crashed as crash:
                # Discard it now: a process just killed may still look alive for a moment.
                self._discard_office()
                failure = f"LibreOffice หยุดทำงานระหว่างแปลง / crashed while converting {name}: {crash}"
            except _StartFailed as exc:
                failure = f"LibreOffice เริ่มทำงานไม่ได้ / LibreOffice did not start: {exc}"
        raise PdfError(failure)

    def _running_office(self, soffice: str) -> _WarmOffice:
        if self._office is not None and not self._office.alive():
            self._discard_office()
        if self._office is None:
            self._converted = 0
            self._breaker.check()
            try:
                python = find_uno_python(soffice)
                if python is None:
                    raise _StartFailed(f"no Python with LibreOffice's uno module (set {UNO_PYTHON_ENV})")
                self._office = _WarmOffice(python, soffice, self.profile_dir, self._office_env(),
                                           filter_data=PDF_FORMATS[self.pdf_format])
            except _StartFailed as exc:
                self._breaker.failed(str(exc))
                raise
            self._breaker.succeeded()
        return self._office

    def _office_env(self) -> dict[str, str]:
        # LibreOffice's own temporary files (lu*.tmp) go into our folder, so they go with it.
        folder = str(self._temp.path)
        return {**os.environ, "TMPDIR": folder, "TMP": folder, "TEMP": folder}

    def _discard_office(self) -> None:
        if self._office is not None:
            self._office.kill()
            self._office = None
            self.restarts += 1

    def _convert_cold(self, soffice: str, source: Path, work: str, name: str) -> None:
        command = [
            soffice, f"-env:UserInstallation={self.profile_dir.resolve().as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export" + _filter_json(self.pdf_format),
            "--outdir", work, str(source),
        ]
        self._breaker.check()
        # Its own process group, so a timeout kills soffice.bin too, not only the soffice launcher.
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, start_new_session=os.name == "posix",
                                       env=self._office_env())
        except OSError as exc:  # not a program (say, a script without its #! line)
            self._breaker.failed(f"{soffice}: {exc.strerror or exc}")
            raise PdfError(f"LibreOffice เริ่มทำงานไม่ได้ / LibreOffice did not start: {soffice}: "
                           f"{exc.strerror or exc}") from None
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
            if "could not be loaded" not in detail:  # LibreOffice's word for a bad document, not a bad start
                self._breaker.failed(f"exit code {process.returncode}: {detail[-200:]}")
            raise PdfError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ / conversion failed: {name}: {detail}")
        self._breaker.succeeded()

    def close(self) -> None:
        with self._lock:
            if self._office is not None:
                self._office.close()
                self._office = None
            self._temp.remove()  # the profile with it, unless the caller gave its own

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _restart_after_default() -> int:
    value = os.environ.get(RESTART_AFTER_ENV, "").strip()
    try:
        return int(value) if value else RESTART_AFTER
    except ValueError:
        raise PdfError(f"{RESTART_AFTER_ENV}={value}: ต้องเป็นจำนวนเต็ม / must be a whole number") from None


def _filter_json(pdf_format: str) -> str:
    """The filter options as --convert-to takes them (LibreOffice 7.4+: ":" and a JSON object)."""
    options = PDF_FORMATS[pdf_format]
    if not options:
        return ""
    typed = {name: {"type": "boolean" if isinstance(value, bool) else "long", "value": str(value).lower()}
             for name, value in options.items()}
    return ":" + json.dumps(typed)


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


FONT_INSTALL_HINT = (
    "ติดตั้งแบบอักษรของเอกสาร (เช่น คัดลอกไฟล์ THSarabun*.ttf ไปไว้ใน ~/.fonts แล้วสั่ง fc-cache) หรือใช้ "
    "--allow-font-substitution / install the document's font (e.g. copy the THSarabun*.ttf files to ~/.fonts "
    "and run fc-cache), or pass --allow-font-substitution")


def convert_checked(converter: PdfConverter, docx: bytes, pdf_path: str | Path, *,
                    allow_font_substitution: bool = False) -> Path:
    """converter.convert, refusing a PDF drawn without the document's font (its Thai would be boxes
    or another font's shapes): that PDF is removed and PdfError says which font to install. Other
    warnings pass on to the caller."""
    pdf_path = Path(pdf_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        converter.convert(docx, pdf_path)
    missing = [w for w in caught if issubclass(w.category, FontMissingWarning)]
    for w in caught:
        if w not in missing or allow_font_substitution:
            warnings.warn(w.message, stacklevel=2)
    if missing and not allow_font_substitution:
        pdf_path.unlink(missing_ok=True)
        raise PdfError(f"{missing[0].message}: ลบ PDF นี้แล้ว / this PDF was removed. {FONT_INSTALL_HINT}")
    return pdf_path


def convert_to_pdf(docx: bytes, pdf_path: str | Path, *, digits: str = "thai",
                   timeout: float = DEFAULT_TIMEOUT, pdf_format: str = DEFAULT_PDF_FORMAT) -> Path:
    """One-off conversion with a fresh profile (a batch keeps one converter warm per worker)."""
    with PdfConverter(digits, timeout=timeout, pdf_format=pdf_format) as converter:
        return converter.convert(docx, pdf_path)
