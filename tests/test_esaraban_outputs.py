"""What an e-saraban system takes beside the files: NAME.json per document, a batch's index.csv, and
a signed PDF (PAdES through pyHanko, verified here with a throw-away certificate)."""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import warnings

import pymupdf
import pytest
from conftest import EMBLEM, REPO, needs_shared
from pdfa_checks import pdfa_problems

from ita_docs import ItaDocsWarning
from ita_docs.cli import main


def _cli(*args) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return main([str(a) for a in args])


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_metadata_beside_a_docx(tmp_path):
    out = tmp_path / "memo.docx"
    assert _cli("render", REPO / "examples/memo.yaml", "-o", out, "--metadata") == 0
    data = json.loads((tmp_path / "memo.json").read_text(encoding="utf-8"))
    assert data["kind"] == "memo"
    assert data["number"] == "ตย ๕๒๑๐๑/"
    assert data["date"] == "๑๑ มีนาคม ๒๕๖๗" and data["date_iso"] == "2024-03-11"
    assert data["subject"].startswith("ขออนุมัติแผนการขับเคลื่อน")
    assert data["from"] == "กองยุทธศาสตร์และงบประมาณ เทศบาลเมืองตัวอย่าง"
    assert data["to"] and data["fiscal_year"] == 2567 and data["urgency"] == "ด่วน"
    assert data["pages"] is None  # no PDF
    assert data["files"] == [{"name": "memo.docx", "bytes": out.stat().st_size, "sha256": _sha(out)}]


def test_metadata_of_a_bundle_names_each_document(tmp_path):
    assert _cli("render", REPO / "examples/o42-bundle.yaml", "-o", tmp_path / "set", "--metadata") == 0
    files = sorted((tmp_path / "set").glob("*.json"))
    assert [f.stem for f in files] == sorted(f.stem for f in (tmp_path / "set").glob("*.docx"))
    memo = json.loads((tmp_path / "set" / "01-o42-memo.json").read_text(encoding="utf-8"))
    assert memo["item_codes"] == ["O42", "O43"] and memo["kind"] == "o42-memo"


def test_metadata_cannot_go_to_standard_output(capsys):
    assert _cli("render", REPO / "examples/memo.yaml", "-o", "-", "--metadata") == 2


@needs_shared
def test_batch_metadata_pdf_pages_and_index(tmp_path, real_fonts):
    table = tmp_path / "rows.csv"
    table.write_text("agency.name,header.subject\nเทศบาลตำบลหนึ่ง,เรื่องที่หนึ่ง\nเทศบาลตำบลสอง,เรื่องที่สอง\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    assert _cli("batch", table, "--kind", "memo", "--defaults", REPO / "examples/memo.yaml", "-o", out,
                "--jobs", "1", "--quiet", "--pdf", "--metadata", "--emblem", EMBLEM, "--zip") == 0
    import zipfile

    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = set(archive.namelist())
    assert {"out/index.csv", "out/report.csv"} <= names and sum(n.endswith("memo.json") for n in names) == 2
    with (out / "index.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["subject"] for r in rows] == ["เรื่องที่หนึ่ง", "เรื่องที่สอง"]
    for row in rows:
        folder = out / row["folder"]
        assert row["docx_sha256"] == _sha(folder / "memo.docx")
        assert row["pdf_sha256"] == _sha(folder / "memo.pdf")
        assert int(row["pages"]) == len(pymupdf.open(folder / "memo.pdf")) >= 1
        assert row["date_iso"] == "2024-03-11" and row["kind"] == "memo"
        assert pdfa_problems(folder / "memo.pdf") == []  # --pdf defaults to PDF/A-2b
        complete = json.loads((folder / ".complete").read_text(encoding="utf-8"))
        assert "memo.json" in complete  # --resume checks it too


# --- signing -------------------------------------------------------------------------------------

def _self_signed(common_name: str, *extensions):
    """A throw-away key and self-signed certificate valid from yesterday for 30 days, with the given
    (extension, critical) pairs."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30)))
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return key, builder.sign(key, hashes.SHA256())


def _throw_away_certificate(folder, password: bytes):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, cert = _self_signed(
        "เทศบาลตำบลตัวอย่าง (test)",
        (x509.BasicConstraints(ca=True, path_length=None), True),
        (x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                       crl_sign=False, encipher_only=False, decipher_only=False), True))
    p12 = folder / "signer.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, None, serialization.BestAvailableEncryption(password)))
    return p12, cert


@needs_shared
def test_signed_pdfa_verifies_and_stays_pdfa(tmp_path, real_fonts, monkeypatch):
    pytest.importorskip("pyhanko")
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    p12, cert = _throw_away_certificate(tmp_path, b"secret")
    monkeypatch.setenv("ITA_TEST_P12_PASSWORD", "secret")
    out = tmp_path / "memo.docx"
    assert _cli("render", REPO / "examples/memo.yaml", "-o", out, "--pdf", "--emblem", EMBLEM, "--metadata",
                "--sign", p12, "--sign-password-env", "ITA_TEST_P12_PASSWORD", "--sign-reason", "อนุมัติ") == 0
    pdf = tmp_path / "memo.pdf"
    pem = tmp_path / "signer.pem"
    from cryptography.hazmat.primitives import serialization

    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    with pdf.open("rb") as handle:
        reader = PdfFileReader(handle)
        signature, = reader.embedded_signatures
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[load_cert_from_pemder(str(pem))]))
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert signature.sig_object["/Reason"] == "อนุมัติ"
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
        assert status.coverage.name == "ENTIRE_FILE"
    assert pdfa_problems(pdf) == []  # the incremental update keeps the PDF/A parts
    data = json.loads((tmp_path / "memo.json").read_text(encoding="utf-8"))
    assert data["files"][1]["sha256"] == _sha(pdf)  # the digest is the signed file's


def test_signing_problems_stop_before_any_document(tmp_path, monkeypatch, capsys):
    pytest.importorskip("pyhanko")
    p12, _ = _throw_away_certificate(tmp_path, b"secret")
    monkeypatch.setenv("ITA_TEST_P12_PASSWORD", "wrong")
    out = tmp_path / "memo.docx"
    code = _cli("render", REPO / "examples/memo.yaml", "-o", out, "--pdf", "--sign", p12,
                "--sign-password-env", "ITA_TEST_P12_PASSWORD")
    err = capsys.readouterr().err
    assert code == 2 and "wrong password" in err and "Traceback" not in err
    assert not out.exists()
    monkeypatch.delenv("ITA_TEST_P12_PASSWORD")
    assert _cli("render", REPO / "examples/memo.yaml", "-o", out, "--pdf", "--sign", p12,
                "--sign-password-env", "ITA_TEST_P12_PASSWORD") == 2
    assert "ITA_TEST_P12_PASSWORD" in capsys.readouterr().err
    assert _cli("render", REPO / "examples/memo.yaml", "-o", out, "--sign", p12) == 2  # no --pdf
    assert "--pdf" in capsys.readouterr().err


# --- LibreOffice replaced after N documents ---------------------------------------------------------

@needs_shared
def test_the_warm_libreoffice_is_replaced_after_n_documents(tmp_path, real_fonts):
    from ita_docs.api import load, render
    from ita_docs.render.pdf import PdfConverter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        data = render(load(REPO / "examples/memo.yaml"), emblem=EMBLEM)
    seen = []
    with PdfConverter("thai", restart_after=2, warm=True) as converter:
        for i in range(5):
            assert converter.convert(data, tmp_path / f"{i}.pdf").is_file()
            seen.append(converter._office.process.pid if converter._office else None)
        assert converter.recycled == 2 and converter.restarts == 0
    # closed after the 2nd and 4th document: the 3rd and 5th start a new one
    assert seen[1] is None and seen[3] is None and len({seen[0], seen[2], seen[4]}) == 3
    assert all(pdfa_problems(tmp_path / f"{i}.pdf") == [] for i in (0, 4))


def test_restart_after_from_the_environment(monkeypatch):
    from ita_docs.render.pdf import RESTART_AFTER, RESTART_AFTER_ENV, PdfConverter, PdfError

    monkeypatch.delenv(RESTART_AFTER_ENV, raising=False)
    with PdfConverter("thai", warm=True) as converter:
        assert converter.restart_after == RESTART_AFTER
    monkeypatch.setenv(RESTART_AFTER_ENV, "0")
    with PdfConverter("thai", warm=True) as converter:
        assert converter.restart_after == 0
    monkeypatch.setenv(RESTART_AFTER_ENV, "many")
    with pytest.raises(PdfError, match=RESTART_AFTER_ENV):
        PdfConverter("thai", warm=True)


# --- secrecy marks (ชั้นความลับ) ---------------------------------------------------------------------

def _secret_memo(mark: str, copies: int = 1):
    from ita_docs.api import load

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = load(REPO / "examples/memo.yaml")
    return doc.model_copy(update={"secrecy": mark, "body": doc.body * copies})


def _headers(data: bytes) -> dict[str, str]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("word/header")}


def test_secrecy_is_marked_in_every_page_header_of_the_docx(tmp_path):
    from ita_docs.api import from_data, render
    from ita_docs.diagnostics import InputError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        plain = render(_secret_memo(None))
        secret = render(_secret_memo("ลับที่สุด"))
    assert not any("ลับที่สุด" in xml for xml in _headers(plain).values())
    for name, xml in _headers(secret).items():  # the first page's header and the others'
        assert xml.count(">ลับที่สุด<") == 2, name
        assert xml.count('<w:color w:val="FF0000"/>') >= 2 and "w:framePr" in xml
    with pytest.raises(InputError, match="secrecy"):
        from_data({**_secret_memo("ลับ").model_dump(mode="json", exclude_none=True), "secrecy": "ลับเฉพาะ"})
    assert _cli("render", REPO / "examples/memo.yaml", "-o", tmp_path / "m.docx", "--metadata") == 0
    assert "secrecy" not in json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))


@needs_shared
def test_secrecy_marks_top_and_bottom_of_every_pdf_page(tmp_path, real_fonts):
    import yaml

    from ita_docs.render import house_style as hs

    doc = _secret_memo("ลับมาก", copies=3)
    source = tmp_path / "secret.yaml"
    source.write_text(yaml.safe_dump(doc.model_dump(mode="json", exclude_none=True), allow_unicode=True),
                      encoding="utf-8")
    assert _cli("render", source, "-o", tmp_path / "secret.docx", "--pdf", "--metadata", "--emblem", EMBLEM) == 0
    assert json.loads((tmp_path / "secret.json").read_text(encoding="utf-8"))["secrecy"] == "ลับมาก"
    pdf = pymupdf.open(tmp_path / "secret.pdf")
    assert len(pdf) >= 3
    cm = 72 / 2.54
    centre = (hs.MARGIN_LEFT_CM + hs.TEXT_WIDTH_CM / 2) * cm
    for page in pdf:
        marks = [s for b in page.get_text("dict")["blocks"] for line in b.get("lines", []) for s in line["spans"]
                 if s["text"].strip() == "ลับมาก"]
        tops = [s for s in marks if s["bbox"][3] <= hs.MARGIN_TOP_CM * cm]
        bottoms = [s for s in marks if s["bbox"][1] >= page.rect.height - hs.MARGIN_BOTTOM_CM * cm]
        assert len(tops) == 1 and len(bottoms) == 1, (page.number, [s["bbox"] for s in marks])
        for span in tops + bottoms:
            assert (span["bbox"][0] + span["bbox"][2]) / 2 == pytest.approx(centre, abs=0.2 * cm)
            assert span["color"] == 0xFF0000
            assert span["bbox"][3] <= page.rect.height  # on the paper
    assert pdfa_problems(tmp_path / "secret.pdf") == []


def _local_tsa(folder):
    """An RFC 3161 time-stamping authority on localhost (pyHanko's DummyTimeStamper behind
    http.server), with its own throw-away certificate; yields (url, certificate)."""
    import http.server
    import threading

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key, cert = _self_signed("test TSA", (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True))
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(serialization.Encoding.DER,
                                                           serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption())))
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(body)
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/", cert, requests


@needs_shared
def test_a_time_stamped_signature_from_a_tsa(tmp_path, real_fonts, monkeypatch):
    pytest.importorskip("pyhanko")
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    p12, cert = _throw_away_certificate(tmp_path, b"secret")
    server, url, tsa_cert, requests = _local_tsa(tmp_path)
    monkeypatch.setenv("ITA_TEST_P12_PASSWORD", "secret")
    try:
        assert _cli("render", REPO / "examples/order.yaml", "-o", tmp_path / "order.docx", "--pdf", "--emblem",
                    EMBLEM, "--sign", p12, "--sign-password-env", "ITA_TEST_P12_PASSWORD",
                    "--timestamp-url", url) == 0
    finally:
        server.shutdown()
    assert requests  # pyHanko asks once to size the signature, then for the stamp itself
    roots = []
    for n, c in enumerate((cert, tsa_cert)):
        pem = tmp_path / f"root{n}.pem"
        pem.write_bytes(c.public_bytes(serialization.Encoding.PEM))
        roots.append(load_cert_from_pemder(str(pem)))
    with (tmp_path / "order.pdf").open("rb") as handle:
        signature, = PdfFileReader(handle).embedded_signatures
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
        assert status.intact and status.valid and status.trusted
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
        assert status.timestamp_validity.trusted
    assert pdfa_problems(tmp_path / "order.pdf") == []


@needs_shared
def test_an_unreachable_tsa_fails_the_pdf_not_the_docx(tmp_path, real_fonts, monkeypatch, capsys):
    pytest.importorskip("pyhanko")
    p12, _ = _throw_away_certificate(tmp_path, b"secret")
    monkeypatch.setenv("ITA_TEST_P12_PASSWORD", "secret")
    code = _cli("render", REPO / "examples/memo.yaml", "-o", tmp_path / "memo.docx", "--pdf", "--sign", p12,
                "--sign-password-env", "ITA_TEST_P12_PASSWORD", "--timestamp-url", "http://127.0.0.1:9/")
    err = capsys.readouterr().err
    assert code == 1 and "time stamp failed" in err and "Traceback" not in err
    assert (tmp_path / "memo.docx").is_file() and not (tmp_path / "memo.pdf").exists()


def test_without_pyhanko_only_signing_needs_it(tmp_path):
    """The plain install has no signing dependency: with pyHanko unimportable, everything else
    works and --sign says which extra to install."""
    import subprocess
    import sys

    script = (
        "import sys; sys.modules['pyhanko'] = None\n"  # import pyhanko now raises ImportError
        "from ita_docs.cli import main\n"
        f"code = main(['render', {str(REPO / 'examples/memo.yaml')!r}, '-o', {str(tmp_path / 'm.docx')!r}, '--metadata'])\n"
        "assert code == 0, code\n"
        "assert 'pyhanko' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        f"code = main(['render', {str(REPO / 'examples/memo.yaml')!r}, '-o', {str(tmp_path / 's.docx')!r}, "
        f"'--pdf', '--sign', {str(tmp_path / 'none.p12')!r}])\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "pip install 'ita-docs[sign]'" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "m.json").is_file() and not (tmp_path / "s.docx").exists()


@needs_shared
@pytest.mark.parametrize("example", ["memo", "order"])
def test_a_visible_signature_above_the_signers_name(example, tmp_path, real_fonts, monkeypatch):
    pytest.importorskip("pyhanko")
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    p12, cert = _throw_away_certificate(tmp_path, b"secret")
    monkeypatch.setenv("ITA_TEST_P12_PASSWORD", "secret")
    docx_path = tmp_path / f"{example}.docx"
    assert _cli("render", REPO / f"examples/{example}.yaml", "-o", docx_path, "--pdf", "--emblem", EMBLEM,
                "--sign", p12, "--sign-password-env", "ITA_TEST_P12_PASSWORD", "--sign-visible") == 0
    pdf_path = tmp_path / f"{example}.pdf"
    import yaml

    signer = yaml.safe_load((REPO / f"examples/{example}.yaml").read_text(encoding="utf-8"))["signature"]["name"]
    opened = pymupdf.open(pdf_path)
    widgets = [(page, w) for page in opened for w in (page.widgets() or [])]
    assert len(widgets) == 1
    page, widget = widgets[0]
    first_name = "(" + signer.split()[0]
    name_box = next(pymupdf.Rect(w[:4]) for w in page.get_text("words") if w[4].replace("\u2060", "").startswith(first_name))
    box = widget.rect
    assert box.width == pytest.approx(6 * 72 / 2.54, abs=2) and box.height == pytest.approx(1.6 * 72 / 2.54, abs=2)
    assert box.y1 == pytest.approx(name_box.y0, abs=4)  # standing on the name's line (poppler and MuPDF box glyphs a little differently)
    assert box.x0 < name_box.x0 and box.x1 > name_box.x0  # over it
    assert pdfa_problems(pdf_path) == []  # the stamp's font (TH Sarabun) is embedded
    stamp_fonts = {f[3] for f in page.get_fonts(full=True)}
    assert any("Sarabun" in f for f in stamp_fonts)
    with pdf_path.open("rb") as handle:
        signature, = PdfFileReader(handle).embedded_signatures
        assert validate_pdf_signature(signature).intact
