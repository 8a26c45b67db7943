"""What an e-saraban system takes besides the files: a NAME.json beside each document (--metadata),
one index.csv of a batch, and a signed PDF (--sign, PAdES through pyHanko: `pip install 'ita-docs[sign]'`).

The JSON holds what the system files the document under (number, date in พ.ศ. and ISO, subject,
from, to, kind, fiscal year, urgency/secrecy when given), its page count when a PDF exists, and the
SHA-256 of each file, so a receiver can check what it got.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ita_docs.diagnostics import EXIT_INPUT, ItaDocsError
from ita_docs.render.pdf_reading import page_count
from ita_docs.render.properties import DocumentInfo, sha256_file

METADATA_VERSION = 1
INDEX_NAME = "index.csv"
INDEX_COLUMNS = ("folder", "file", "kind", "number", "date", "date_iso", "subject", "from", "to",
                 "fiscal_year", "urgency", "secrecy", "pages", "docx_sha256", "pdf_sha256")


class SigningError(ItaDocsError):
    """The certificate, its password or pyHanko is missing or wrong (the message says which)."""

    exit_code = EXIT_INPUT


def metadata_path(docx: Path) -> Path:
    return docx.with_suffix(".json")


def write_metadata(info: DocumentInfo, docx: Path, pdf: Path | None = None) -> Path:
    """NAME.json beside NAME.docx (written atomically); pdf: its PDF when one was made."""
    from ita_docs.api import write_atomically

    data = {"version": METADATA_VERSION, **info.metadata()}
    data["pages"] = page_count(pdf) if pdf is not None else None
    data["files"] = [{"name": path.name, "bytes": path.stat().st_size, "sha256": sha256_file(path)}
                     for path in (docx, pdf) if path is not None]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return write_atomically(metadata_path(docx), text.encode("utf-8"), sync_folder=False)


def index_row(outdir: Path, json_file: Path) -> dict[str, object]:
    data = json.loads(json_file.read_text(encoding="utf-8"))
    digests = {Path(f["name"]).suffix: f["sha256"] for f in data.get("files", [])}
    folder = json_file.parent.relative_to(outdir).as_posix()
    return {"folder": "" if folder == "." else folder, "file": json_file.with_suffix("").name,
            "kind": data.get("kind"), "number": data.get("number"), "date": data.get("date") or "",
            "date_iso": data.get("date_iso") or "", "subject": data.get("subject"), "from": data.get("from"),
            "to": data.get("to") or "", "fiscal_year": data.get("fiscal_year") or "",
            "urgency": data.get("urgency", ""), "secrecy": data.get("secrecy", ""),
            "pages": "" if data.get("pages") is None else data["pages"],
            "docx_sha256": digests.get(".docx", ""), "pdf_sha256": digests.get(".pdf", "")}


def write_index(outdir: Path, json_files: list[Path]) -> Path:
    """OUTDIR/index.csv: one line per document (from the NAME.json files), UTF-8 with a BOM (Excel)."""
    from ita_docs.api import write_atomically

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INDEX_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for json_file in json_files:
        if json_file.is_file():
            writer.writerow(index_row(outdir, json_file))
    return write_atomically(outdir / INDEX_NAME, ("\ufeff" + out.getvalue()).encode("utf-8"))


# --- signing ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignOptions:
    """--sign CERT.p12: the PKCS#12 file, the environment variable holding its password (never the
    password itself: jobs are pickled to batch workers), the reason shown by PDF readers."""

    certificate: str
    password_env: str | None = None
    reason: str | None = None
    timestamp_url: str | None = None  # an RFC 3161 time-stamping authority: PAdES B-T instead of B-B
    visible: bool = False  # a stamp over the space above the signer's name
    field_name: str = "Signature1"

    def password(self) -> bytes | None:
        if not self.password_env:
            return None
        value = os.environ.get(self.password_env)
        if value is None:
            raise SigningError(f"ไม่มีตัวแปร {self.password_env} ที่เก็บรหัสผ่านของใบรับรอง / "
                               f"{self.password_env} (the certificate's password) is not set")
        return value.encode("utf-8")


def _signer(options: SignOptions):
    try:
        from pyhanko.sign import signers
    except ImportError:
        raise SigningError("การลงนาม PDF ต้องติดตั้ง pyHanko: pip install 'ita-docs[sign]' / signing needs "
                           "pyHanko: pip install 'ita-docs[sign]'") from None
    if not Path(options.certificate).is_file():
        raise SigningError(f"{options.certificate}: ไม่พบไฟล์ใบรับรอง / certificate file not found")
    # pyHanko logs a wrong password with its traceback; with no logging set up Python would print
    # it to the officer's terminal: our one-line message below says what matters
    logging.getLogger("pyhanko").addHandler(logging.NullHandler())
    signer = signers.SimpleSigner.load_pkcs12(options.certificate, passphrase=options.password())
    if signer is None:  # pyHanko logs the reason and returns None
        raise SigningError(f"{options.certificate}: เปิดใบรับรองไม่ได้ (รหัสผ่านผิด?) / could not open the "
                           "PKCS#12 file (wrong password?)")
    return signer


SIGNATURE_BOX_CM = (6.0, 1.6)  # the visible stamp: width, height above the signer's "(name)" line
STAMP_TEXT = "ลงนามอิเล็กทรอนิกส์โดย %(signer)s\nเมื่อ %(ts)s"
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_INVISIBLE = str.maketrans("", "", "\u2060\u200b\xa0 ")  # the PDF copy's word joiners, spaces


def signature_box(pdf: Path, signer: str) -> tuple[int, tuple[int, int, int, int]] | None:
    """(page index, box in PDF points) of the space above the signer's "(name)" line, found in the
    text poppler reads from the PDF (pdftotext -bbox); None when the name is not found."""
    import html

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None or not signer:
        return None
    result = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, timeout=60)
    text = result.stdout.decode("utf-8", "replace")
    target = f"({signer})".translate(_INVISIBLE)
    pages = [(m.start(), float(m.group(1)), float(m.group(2))) for m in _PAGE.finditer(text)]
    for index, (start, _width, height) in enumerate(pages):
        end = pages[index + 1][0] if index + 1 < len(pages) else len(text)
        words = [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in
                 _WORD.findall(text, start, end)]
        for first, word in enumerate(words):
            if not word[4].startswith("("):
                continue
            line = [w for w in words[first:] if abs(w[1] - word[1]) < 1]  # the same line
            if "".join(w[4] for w in line).translate(_INVISIBLE).startswith(target):
                centre = (word[0] + max(w[2] for w in line)) / 2
                cm = 72 / 2.54
                half, top = SIGNATURE_BOX_CM[0] * cm / 2, height - word[1]
                return index, (round(centre - half), round(top), round(centre + half),
                               round(top + SIGNATURE_BOX_CM[1] * cm))
    return None


def _stamp_style():
    """Thai text in the document's own font, embedded (a PDF/A takes no other), no border."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    fc_match = shutil.which("fc-match")
    font = subprocess.run([fc_match, "-f", "%{file}", "TH SarabunPSK"], capture_output=True,
                          text=True, timeout=30).stdout if fc_match else ""
    if "sarabun" not in font.lower():
        raise SigningError("--sign-visible ต้องมีแบบอักษร TH SarabunPSK / needs the TH SarabunPSK font installed")
    return TextStampStyle(stamp_text=STAMP_TEXT, border_width=0, background=None,
                          text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font), font_size=12))


def sign_pdf(pdf: Path, options: SignOptions, signer_name: str = "") -> Path:
    """Sign pdf in place (PAdES baseline B, or B-T with a time stamp; an invisible signature field),
    as an incremental update: the PDF/A it was stays PDF/A (pyHanko keeps its XMP and output intent)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    from ita_docs.api import write_atomically

    signer = _signer(options)
    metadata = signers.PdfSignatureMetadata(field_name=options.field_name, reason=options.reason,
                                            subfilter=fields.SigSeedSubFilter.PADES)
    with pdf.open("rb") as handle:
        writer = IncrementalPdfFileWriter(handle, strict=False)
        out = io.BytesIO()
        timestamper = timestamps.HTTPTimeStamper(options.timestamp_url) if options.timestamp_url else None
        field, style = None, None
        if options.visible:
            found = signature_box(pdf, signer_name)
            if found is None:
                raise SigningError(f"{pdf.name}: ไม่พบชื่อผู้ลงนาม ({signer_name}) ใน PDF จึงวางลายมือชื่อที่มองเห็นไม่ได้ / "
                                   f"the signer's name was not found in the PDF: no place for --sign-visible")
            field = fields.SigFieldSpec(sig_field_name=options.field_name, on_page=found[0], box=found[1])
            style = _stamp_style()
        try:
            signers.PdfSigner(metadata, signer=signer, timestamper=timestamper, stamp_style=style,
                              new_field_spec=field).sign_pdf(writer, output=out)
        except Exception as exc:  # pyHanko's own errors (a time-stamping authority unreachable, …)
            if timestamper is None:
                raise
            raise SigningError(f"{pdf.name}: ประทับเวลาไม่ได้ / time stamp failed ({options.timestamp_url}): "
                               f"{type(exc).__name__}: {exc}") from None
    return write_atomically(pdf, out.getvalue(), sync_folder=False)


def check_signing(options: SignOptions | None) -> None:
    """Fail before any document when signing cannot work (no pyHanko, no certificate, bad password)."""
    if options is not None:
        _signer(options)
        if options.visible:
            try:
                _stamp_style()
            except ImportError:
                raise SigningError("--sign-visible ต้องติดตั้ง pip install 'ita-docs[sign]' / needs the sign extra "
                                   "(pyHanko's opentype support): pip install 'ita-docs[sign]'") from None
