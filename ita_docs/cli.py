"""The command line (ita-docs, python -m ita_docs): parse, call the API, print.

Exit codes: 0 all done; 1 some inputs failed (the rest was still produced); 2 usage or input error;
3 an internal error (a bug: one line here, the traceback with --debug). Messages go to stderr in Thai
and English, naming the file and field.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ita_docs import __version__
from ita_docs.batch.tables import LIST_SEPARATOR
from ita_docs.diagnostics import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_SOME_FAILED, ItaDocsError
from ita_docs.reader import STDIN as STDOUT  # "-" names standard output as it names standard input


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    _say(f"คำเตือน / warning: {message}")


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in Thai too (exit 2, as argparse does)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: คำสั่งไม่ถูกต้อง / usage error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ita-docs",
        description="เอกสารราชการไทยสำหรับการประเมิน ITA / official Thai documents for the ITA assessment",
    )
    parser.add_argument("--version", action="version", version=f"ita-docs {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks / แสดงรายละเอียดข้อผิดพลาด")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    render = commands.add_parser("render", help="render one input file / สร้างเอกสารจากไฟล์ข้อมูล")
    render.add_argument("input", help="INPUT.yaml or .json; - for standard input / ไฟล์ข้อมูล")
    render.add_argument("-o", "--output", type=Path, required=True,
                        help="OUT.docx, a folder for a bundle, or - for standard output / ไฟล์ .docx หรือโฟลเดอร์สำหรับชุดเอกสาร")
    _document_options(render)

    example = commands.add_parser("example", help="render every bundled example / สร้างเอกสารตัวอย่างทั้งหมด")
    example.add_argument("-o", "--output", type=Path, default=Path("ita-docs-examples"))
    _document_options(example, template=False)

    batch = commands.add_parser("batch", help="one set of documents per table row / สร้างเอกสารจากตารางหลายหน่วยงาน")
    batch.add_argument("table", type=Path, help="CSV, XLSX, JSON lines or a YAML list")
    batch.add_argument("--kind", help="the document kind (a workbook of ita-docs workbook knows its own) / ชนิดเอกสาร")
    batch.add_argument("--defaults", type=Path, help="what every row shares (a YAML input)")
    batch.add_argument("-o", "--output", type=Path, required=True, help="OUTDIR")
    batch.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    batch.add_argument("--sheet", help="the XLSX sheet (default: the first)")
    batch.add_argument("--resume", action="store_true", help="skip rows whose files are complete")
    batch.add_argument("--zip", action="store_true", help="also write OUTDIR.zip")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="run the rows on this Dask cluster, e.g. tcp://HOST:8786 (pip install 'ita-docs[cluster]') / "
                            "ใช้คลัสเตอร์ Dask")
    batch.add_argument("--window", type=int, metavar="N",
                       help="rows in flight at once (default: 4 × the workers or the cluster's threads)")
    batch.add_argument("--deliver", choices=("auto", "shared", "return"), default="auto",
                       help="with --scheduler: workers write OUTDIR themselves (shared), or send the files back "
                            "(return); auto asks the workers whether they see OUTDIR")
    batch.add_argument("--separator", default=LIST_SEPARATOR, type=_separator,
                       help=f'splits a cell given for a list of plain values (default "{LIST_SEPARATOR}") / ตัวคั่นรายการในช่องเดียว')
    _document_options(batch)

    commands.add_parser("kinds", help="list the document kinds / รายชื่อชนิดเอกสาร")

    schema = commands.add_parser("schema", help="JSON Schema of a kind's input / โครงสร้างข้อมูลนำเข้า")
    schema.add_argument("kind")

    workbook = commands.add_parser("workbook", help="an Excel workbook to fill in, one row per agency, for batch / "
                                   "แบบกรอกข้อมูล Excel สำหรับหลายหน่วยงาน")
    workbook.add_argument("kind")
    workbook.add_argument("-o", "--output", type=Path, help="FILE.xlsx (default: KIND-YEAR.xlsx)")
    workbook.add_argument("--year", type=int, help="the assessed fiscal year, B.E. (default: the newest known) / "
                          "ปีงบประมาณที่ประเมิน")
    workbook.add_argument("--rows", type=int, default=200, help="rows made ready for agencies / จำนวนแถว")
    workbook.add_argument("--items", type=int, default=5, help="numbered column groups per list (measures 1–N) / "
                          "จำนวนกลุ่มคอลัมน์ของรายการ")

    wording = commands.add_parser("wording", help="the parts and texts a kind's input may reword / "
                                  "ส่วนและถ้อยคำที่แก้ได้")
    wording.add_argument("kind")

    draft = commands.add_parser("draft", help="the document spelled out as a generic input to edit freely / "
                                "ร่างเอกสารเป็นข้อมูลนำเข้าแบบทั่วไปที่แก้ไขได้ทุกถ้อยคำ")
    draft.add_argument("input", help="INPUT.yaml or .json; - for standard input / ไฟล์ข้อมูล")
    draft.add_argument("-o", "--output", type=Path, required=True,
                       help="DRAFT.yaml (- for standard output), or a folder for a bundle: one DRAFT file per "
                            "document / ไฟล์ร่าง .yaml หรือโฟลเดอร์สำหรับชุดเอกสาร")
    draft.add_argument("--digits", choices=("thai", "arabic"), help="override the input's digits")

    check = commands.add_parser("check-template", help="check a Word template of your own / ตรวจแม่แบบ Word")
    check.add_argument("kind")
    check.add_argument("template", type=Path, help="TEMPLATE.docx")
    check.add_argument("--input", type=Path, help="render the check with this input (default: a bundled example)")

    score = commands.add_parser("score", help="compute an ITA score card / คำนวณผลคะแนน ITA")
    score.add_argument("input", help="any input holding scores (a score file, score memo, O42 set, or a "
                       "table of agencies); - for standard input / ไฟล์ที่มีคะแนน")
    score.add_argument("--json", action="store_true", dest="as_json")
    score.add_argument("--no-verify", action="store_true", help="published figures that differ only warn")
    score.add_argument("--framework", type=Path, help="a framework file of your own")

    serve = commands.add_parser("serve", help="the web app and HTTP API on this machine / เปิดหน้าเว็บสำหรับกรอกข้อมูล")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-browser", action="store_true", help="do not open the browser / ไม่เปิดเบราว์เซอร์")
    return parser


def _separator(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("ตัวคั่นต้องไม่ว่าง / the separator cannot be empty or spaces")
    return text


def _document_options(parser: argparse.ArgumentParser, template: bool = True) -> None:
    from ita_docs.render.pdf_formats import DEFAULT_PDF_FORMAT, PDF_FORMATS

    parser.add_argument("--pdf", action="store_true", help="also write a PDF (LibreOffice) / สร้าง PDF ด้วย")
    parser.add_argument("--pdf-format", choices=tuple(PDF_FORMATS), default=DEFAULT_PDF_FORMAT,
                        help=f"PDF/A-2b, PDF/A-3b (archival, tagged, fonts embedded) or plain PDF (default "
                             f"{DEFAULT_PDF_FORMAT}) / รูปแบบ PDF")
    parser.add_argument("--metadata", action="store_true",
                        help="write NAME.json beside each document (number, date, subject, pages, SHA-256; a batch "
                             "also index.csv) / เขียนข้อมูลกำกับเอกสารสำหรับระบบสารบรรณอิเล็กทรอนิกส์")
    parser.add_argument("--reproducible", action="store_true",
                        help="an undated document's properties keep a fixed time (also $SOURCE_DATE_EPOCH)")
    parser.add_argument("--sign", type=Path, metavar="CERT.p12",
                        help="sign each PDF (PAdES) with this PKCS#12 certificate; needs pip install "
                             "'ita-docs[sign]' / ลงลายมือชื่ออิเล็กทรอนิกส์ใน PDF")
    parser.add_argument("--sign-password-env", metavar="VAR", help="the environment variable holding the "
                        "certificate's password / ตัวแปรที่เก็บรหัสผ่านใบรับรอง")
    parser.add_argument("--sign-reason", help="the reason a PDF reader shows with the signature")
    parser.add_argument("--sign-visible", action="store_true", help="draw the signature over the space above "
                        "the signer's name / แสดงลายมือชื่ออิเล็กทรอนิกส์เหนือชื่อผู้ลงนาม")
    parser.add_argument("--timestamp-url", metavar="URL", help="an RFC 3161 time-stamping authority for the "
                        "signatures (PAdES B-T) / ประทับเวลาลายมือชื่อ")
    parser.add_argument("--emblem", type=Path, help="Garuda emblem image / ไฟล์ภาพตราครุฑ")
    parser.add_argument("--digits", choices=("thai", "arabic"), help="override the input's digits")
    parser.add_argument("--allow-font-substitution", action="store_true",
                        help="keep a PDF drawn without the document's font / ยอมให้ใช้แบบอักษรอื่นแทน")
    if template:
        parser.add_argument("--template", type=Path, help="a Word template of your own (.docx; for a bundle, "
                            "a folder of .docx named like the built-in ones) / แม่แบบ Word ของท่านเอง")


def _with_digits(doc, digits: str | None):
    return doc.model_copy(update={"digits": digits}) if digits else doc


def _is_bundle(doc) -> bool:
    from ita_docs.kinds import get_kind

    return get_kind(doc.kind).is_bundle


@dataclass
class _Written:
    """What one input produced: every file written, and the PDFs that could not be made."""

    files: list[Path] = field(default_factory=list)
    documents: int = 0
    pdf_failures: list[str] = field(default_factory=list)


def _render_one(doc, output: Path, args, converter=None) -> _Written:
    """One input → its .docx (a bundle: its folder of .docx), and PDFs with --pdf. A PDF that fails
    is reported, never a reason to lose the .docx already written."""
    from ita_docs.api import render_described, write_atomically

    template = getattr(args, "template", None)
    described = render_described(doc, emblem=args.emblem, template=template, reproducible=args.reproducible)
    files = [((output / name) if _is_bundle(doc) else output, data, info) for name, data, info in described]
    result = _Written()
    own_converter = None
    signing = _sign_options(args)
    try:
        for path, data, info in files:
            result.files.append(write_atomically(path, data))
            result.documents += 1
            pdf = None
            if args.pdf:
                if converter is None:
                    from ita_docs.render.pdf import PdfConverter

                    converter = own_converter = PdfConverter(doc.digits, pdf_format=args.pdf_format)
                problem = _convert(converter, data, path.with_suffix(".pdf"), args)
                if problem:
                    result.pdf_failures.append(problem)
                else:
                    pdf = path.with_suffix(".pdf")
                    if signing is not None:
                        pdf = _signed(pdf, signing, info.signer, result)
                    if pdf is not None:
                        result.files.append(pdf)
            if args.metadata:
                from ita_docs.esaraban import write_metadata

                result.files.append(write_metadata(info, path, pdf))
    finally:
        if own_converter is not None:
            own_converter.close()
    return result


def _signed(pdf: Path, signing, signer: str, result: _Written) -> Path | None:
    """The PDF signed in place; None (the PDF removed, the failure noted) when it cannot be: an
    unsigned PDF is never left looking like what was asked for."""
    from ita_docs.esaraban import SigningError, sign_pdf

    try:
        sign_pdf(pdf, signing, signer)
    except SigningError as exc:
        pdf.unlink(missing_ok=True)
        result.pdf_failures.append(str(exc))
        return None
    return pdf


def _sign_options(args):
    """--sign's options, checked once (pyHanko installed, the certificate opens) before any document."""
    if not getattr(args, "sign", None):
        return None
    from ita_docs.esaraban import SignOptions, check_signing

    if not args.pdf:
        raise ItaDocsError("--sign ลงนามใน PDF จึงต้องใช้คู่กับ --pdf / --sign signs the PDFs: add --pdf")
    options = SignOptions(str(args.sign), args.sign_password_env, args.sign_reason, args.timestamp_url,
                          args.sign_visible)
    check_signing(options)
    return options


def _convert(converter, data: bytes, pdf_path: Path, args) -> str | None:
    """One PDF; the reason it could not be made, or None."""
    from ita_docs.render.pdf import PdfError, convert_checked

    try:
        convert_checked(converter, data, pdf_path, allow_font_substitution=args.allow_font_substitution)
    except PdfError as exc:
        return str(exc)
    return None


def cmd_render(args) -> int:
    from ita_docs.api import load

    doc = _with_digits(load(args.input), args.digits)
    bundle = _is_bundle(doc)
    if str(args.output) == STDOUT:
        if bundle or args.pdf or args.metadata:
            _say("-o -: เขียนออกทางเอาต์พุตมาตรฐานได้เฉพาะไฟล์ .docx เดียว / only a single .docx can go to "
                 "standard output (not a bundle, not --pdf, not --metadata)")
            return EXIT_INPUT
        from ita_docs.api import render

        sys.stdout.buffer.write(render(doc, emblem=args.emblem, template=args.template,
                                       reproducible=args.reproducible))
        sys.stdout.buffer.flush()
        return EXIT_OK
    if bundle and args.output.suffix.lower() == ".docx":
        _say(f"{args.output}: ชุดเอกสารต้องระบุโฟลเดอร์ผลลัพธ์ / a bundle is written into a folder, not a .docx")
        return EXIT_INPUT
    if not bundle and args.output.suffix.lower() != ".docx":
        _say(f"{args.output}: ชื่อไฟล์ผลลัพธ์ต้องลงท้ายด้วย .docx / the output must be a .docx path")
        return EXIT_INPUT
    written = _render_one(doc, args.output, args)
    for path in written.files:
        print(path)
    for problem in written.pdf_failures:
        _say(problem)
    return EXIT_SOME_FAILED if written.pdf_failures else EXIT_OK


def cmd_example(args) -> int:
    from ita_docs.api import bundled_examples, load
    from ita_docs.render.pdf import PdfConverter

    failed = documents = pdfs = 0
    converters: dict[str, PdfConverter] = {}
    examples = bundled_examples()
    try:
        for example in examples:
            try:
                doc = _with_digits(load(example), args.digits)
                output = args.output / example.stem  # a bundle's folder; a single document gets .docx
                if not _is_bundle(doc):
                    output = output.with_suffix(".docx")
                converter = converters.setdefault(doc.digits, PdfConverter(doc.digits, pdf_format=args.pdf_format)) \
                    if args.pdf else None
                written = _render_one(doc, output, args, converter)
            except ItaDocsError as exc:  # one failing example never stops the others
                failed += 1
                _say(f"{example.name}: {exc}")
                if args.debug:
                    raise
                continue
            for path in written.files:
                print(path)
            for problem in written.pdf_failures:
                _say(f"{example.name}: {problem}")
            documents += written.documents
            pdfs += len(written.files) - written.documents
            failed += bool(written.pdf_failures)
    finally:
        for converter in converters.values():
            converter.close()
    pdf_note = f" และ PDF {pdfs} ไฟล์" if args.pdf else ""
    pdf_note_en = f" and {pdfs} PDF(s)" if args.pdf else ""
    _say(f"สร้างเอกสาร {documents} ไฟล์{pdf_note} จากตัวอย่าง {len(examples)} ชุด ไว้ที่ / rendered {documents} "
         f"document(s){pdf_note_en} from {len(examples)} example(s) into: {args.output.resolve()}")
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_batch(args) -> int:
    from ita_docs.api import read_input_file
    from ita_docs.batch import Report, TableError, read_table, render_batch
    from ita_docs.batch.pool import make_pool
    from ita_docs.batch.runner import Outputs
    from ita_docs.batch.tables import count_rows
    from ita_docs.kinds import get_kind

    if args.kind is None:  # a workbook of `ita-docs workbook` says its kind
        from ita_docs.workbook import workbook_info

        try:
            info = workbook_info(args.table)
        except TableError:
            info = None
        if info is None:
            _say("--kind: ต้องระบุชนิดเอกสาร (ตารางนี้ไม่ได้บอกไว้ ดูรายชื่อด้วย ita-docs kinds) / --kind is needed: "
                 "the table does not say which kind (see ita-docs kinds)")
            return EXIT_INPUT
        args.kind = info.kind
    try:
        get_kind(args.kind)
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    defaults = read_input_file(args.defaults) if args.defaults else {}
    if not isinstance(defaults, dict):
        _say(f"{args.defaults}: ต้องเป็นชุดข้อมูล (mapping) / must be a mapping")
        return EXIT_INPUT
    defaults.pop("kind", None)
    from ita_docs.workbook import batch_defaults, explain_errors

    # a workbook of `ita-docs workbook`: its defaults sheet under --defaults; its kind and year checked
    defaults, workbook = batch_defaults(args.table, args.kind, defaults)
    explain = explain_errors(workbook)  # a failed row names the workbook's Thai column headers
    base_dir = (args.defaults or args.table).resolve().parent
    if args.zip and not args.output.resolve().name:
        _say(f"{args.output}: --zip ต้องมีโฟลเดอร์ผลลัพธ์ที่มีชื่อ / --zip needs an output folder with a name")
        return EXIT_INPUT
    problem = _batch_preflight(args)
    if problem:
        _say(problem)
        return EXIT_INPUT
    if args.digits:
        defaults["digits"] = args.digits
    outputs = Outputs(args.pdf_format, args.metadata, args.reproducible, _sign_options(args))
    metadata_files: list[Path] = []
    args.output.mkdir(parents=True, exist_ok=True)
    if args.window is not None and args.window < 1:
        _say("--window ต้องมากกว่า 0 / --window must be at least 1")
        return EXIT_INPUT
    client = None
    if args.scheduler:  # reached before the folder is locked: an unreachable cluster touches nothing
        from ita_docs.batch.cluster import ClusterError, connect, workers_share

        try:
            client = connect(args.scheduler)
        except ClusterError as exc:
            _say(str(exc))
            return EXIT_INPUT
    report = Report(args.output / "report.csv")  # holds the folder's lock: one batch at a time
    return_files = False
    window = args.window
    if client is not None:
        return_files = args.deliver == "return" or (args.deliver == "auto" and not workers_share(client, args.output))
        executor = client  # render_batch takes its executor and sizes the window by its threads
    else:
        executor = make_pool(args.jobs) if args.jobs > 1 else None
        window = window or (4 * args.jobs if executor else None)
    counts = {"ok": 0, "failed": 0, "skipped": 0}
    seen_warnings: dict[str, int] = {}
    finished = False
    try:
        rows = read_table(args.table, sheet=args.sheet)
        outcomes = render_batch(rows, args.kind, args.output, defaults=defaults, executor=executor,
                                pdf=args.pdf, resume=args.resume, emblem=args.emblem, base_dir=base_dir,
                                template=args.template, list_separator=args.separator,
                                allow_font_substitution=args.allow_font_substitution, window=window,
                                return_files=return_files, outputs=outputs)
        if not args.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            outcomes = tqdm(outcomes, unit="row", file=sys.stderr, total=count_rows(args.table, sheet=args.sheet),
                            desc=args.kind)  # with a total, tqdm shows the rate and the time left
        for outcome in outcomes:
            outcome = explain(outcome)
            report.add(outcome)
            counts[outcome.status] += 1
            metadata_files += [args.output / name for name in outcome.files if name.endswith(".json")]
            if outcome.status == "failed":
                _say(f"{args.table}, แถว/row {outcome.row}: {outcome.error}")
            for message in outcome.warnings:
                seen_warnings[message] = seen_warnings.get(message, 0) + 1
        finished = True
    except TableError as exc:
        _say(str(exc))
        return EXIT_INPUT
    finally:
        if client is not None:
            client.close()
        elif executor is not None:
            executor.shutdown()
        report.close(finished=finished)  # one line per row, in row order (see batch/journal.py)
    if args.metadata:
        from ita_docs.esaraban import write_index

        write_index(args.output, metadata_files)
    for message, count in seen_warnings.items():  # once each, not once per row
        _say(f"คำเตือน / warning ({count} แถว/rows): {message}")
    if args.zip:
        _zip_folder(args.output)
    _say(f"สำเร็จ {counts['ok']} ข้าม {counts['skipped']} ไม่สำเร็จ {counts['failed']} แถว / "
         f"{counts['ok']} done, {counts['skipped']} skipped, {counts['failed']} failed: {report.path}")
    return EXIT_SOME_FAILED if counts["failed"] else EXIT_OK


def _batch_preflight(args) -> str | None:
    """What would fail every row, found before the first: no LibreOffice, a template that does not compile."""
    if args.pdf:
        from ita_docs.render.pdf import PdfError, find_soffice

        try:
            find_soffice()
        except PdfError as exc:
            return str(exc)
    if args.template:
        from ita_docs.render.engine import CompiledTemplate, TemplateError

        files = sorted(args.template.glob("*.docx")) if args.template.is_dir() else [args.template]
        for path in files:
            try:
                CompiledTemplate(path.read_bytes(), name=str(path))
            except TemplateError as exc:
                return str(exc)  # it names the template
            except OSError as exc:
                return f"{path}: {exc.strerror or exc}"
    return None


def _zip_folder(folder: Path) -> Path:
    """OUTDIR.zip next to OUTDIR: report.csv (and index.csv) and the files it lists, nothing else (a
    file or symlink someone put in the folder is not the batch's). Written under a temporary name then renamed
    (streamed to disk: a batch can be large). .docx and .pdf are compressed already, so they are
    stored; text is deflated. zipfile marks non-ASCII (Thai) names as UTF-8."""
    import itertools
    import stat
    import zipfile

    from ita_docs.batch.journal import listed_files

    folder = folder.resolve()  # "-o ." has no name of its own
    if not folder.name:
        raise ItaDocsError(f"{folder}: ไม่มีชื่อโฟลเดอร์ให้ตั้งชื่อไฟล์ zip / --zip needs an output folder with a name")
    target = folder.with_name(folder.name + ".zip")  # not with_suffix: "out.v2" → "out.v2.zip"
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            # streamed in report order; each file once, as every row has a folder of its own
            index = ["index.csv"] if (folder / "index.csv").is_file() else []  # --metadata's
            for name in itertools.chain(["report.csv"], index, listed_files(folder / "report.csv")):
                parts = Path(name).parts
                if not parts or ".." in parts or Path(name).is_absolute():
                    continue
                # each step must be a real folder or file inside OUTDIR, never a symlink out of it
                steps = [folder.joinpath(*parts[:n]) for n in range(1, len(parts) + 1)]
                try:
                    modes = [step.lstat().st_mode for step in steps]
                except FileNotFoundError:
                    continue
                if not all(stat.S_ISDIR(m) for m in modes[:-1]) or not stat.S_ISREG(modes[-1]):
                    continue
                stored = Path(name).suffix.lower() in (".docx", ".pdf", ".png", ".jpg", ".jpeg", ".zip")
                archive.write(steps[-1], f"{folder.name}/{Path(name).as_posix()}",
                              zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def cmd_kinds(args) -> int:
    from ita_docs.kinds import all_kinds

    for kind in all_kinds():
        print(f"{kind.name:<24} {kind.form:<13} {kind.description}")
    return EXIT_OK


def cmd_schema(args) -> int:
    from ita_docs.model.schema import kind_schema

    try:
        schema = kind_schema(args.kind)  # 2020-12, titled and described in Thai from model/fields.yaml
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_workbook(args) -> int:
    from ita_docs.assessment.framework import available_years
    from ita_docs.kinds import get_kind
    from ita_docs.workbook import default_year, write_workbook

    try:
        get_kind(args.kind)
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    year = args.year or default_year()
    if year not in available_years():
        _say(f"--year {year}: ไม่มีกรอบการประเมินของปีนี้ (มี {', '.join(map(str, available_years()))}) / "
             "no framework for this year")
        return EXIT_INPUT
    if not 1 <= args.rows <= 100_000 or not 1 <= args.items <= 50:
        _say("--rows 1–100000, --items 1–50 / out of range")
        return EXIT_INPUT
    output = args.output or Path(f"{args.kind}-{year}.xlsx")
    if output.suffix.lower() != ".xlsx":
        _say(f"{output}: ชื่อไฟล์ต้องลงท้ายด้วย .xlsx / the workbook must be a .xlsx path")
        return EXIT_INPUT
    print(write_workbook(args.kind, output, year=year, rows=args.rows, items=args.items))
    return EXIT_OK


def cmd_wording(args) -> int:
    from ita_docs.wording import describe_wording

    try:
        print(describe_wording(args.kind))
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    return EXIT_OK


def cmd_draft(args) -> int:
    """A single document → one generic input (.yaml); a bundle → a folder of them, named like its .docx."""
    from ita_docs.api import load, write_atomically
    from ita_docs.draft import drafts, to_yaml

    doc = _with_digits(load(args.input), args.digits)
    bundle = _is_bundle(doc)
    if str(args.output) == STDOUT:
        if bundle:
            _say("-o -: ชุดเอกสารต้องระบุโฟลเดอร์ / a bundle's drafts go into a folder, not standard output")
            return EXIT_INPUT
        sys.stdout.write(to_yaml(drafts(doc)[0][1], args.input))
        return EXIT_OK
    is_yaml = args.output.suffix.lower() in (".yaml", ".yml")
    if bundle and is_yaml:
        _say(f"{args.output}: ชุดเอกสารต้องระบุโฟลเดอร์ผลลัพธ์ / a bundle's drafts go into a folder, not one file")
        return EXIT_INPUT
    if not bundle and not is_yaml:
        _say(f"{args.output}: ชื่อไฟล์ร่างต้องลงท้ายด้วย .yaml / the draft must be a .yaml path")
        return EXIT_INPUT
    folder = args.output if bundle else args.output.parent
    for name, data in drafts(doc, folder):
        path = folder / f"{name}.yaml" if bundle else args.output
        print(write_atomically(path, to_yaml(data, args.input).encode("utf-8")))
    return EXIT_OK


def cmd_check_template(args) -> int:
    """Exit 0 when the template is usable, 1 when it has errors, 2 when it cannot be checked."""
    from ita_docs.api import load
    from ita_docs.kinds import get_kind
    from ita_docs.template_check import check_template

    try:
        get_kind(args.kind)
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    if not args.template.is_file():
        _say(f"{args.template}: ไม่พบไฟล์แม่แบบ / template not found")
        return EXIT_INPUT
    sample = load(args.input) if args.input else None
    try:
        report = check_template(args.kind, args.template, sample)
    except KeyError as exc:
        _say(str(exc.args[0]))
        return EXIT_INPUT
    print(report.describe())
    return EXIT_SOME_FAILED if report.errors else EXIT_OK


def cmd_score(args) -> int:
    from ita_docs.score_command import run_score_command

    code, out, err = run_score_command(args.input, args.as_json, verify=not args.no_verify,
                                       framework=str(args.framework) if args.framework else None)
    if out:
        print(out, end="" if out.endswith("\n") else "\n")
    if err:
        _say(err.rstrip("\n"))
    return code


def cmd_serve(args) -> int:
    from ita_docs.web.server import serve

    return serve(args.host, args.port, open_browser=not args.no_browser)


COMMANDS = {"render": cmd_render, "batch": cmd_batch, "example": cmd_example, "kinds": cmd_kinds, "schema": cmd_schema,
            "workbook": cmd_workbook,
            "wording": cmd_wording, "draft": cmd_draft,
            "check-template": cmd_check_template, "score": cmd_score, "serve": cmd_serve}


def main(argv: list[str] | None = None) -> int:
    # Pydantic reads every installed package's entry points for its plugins when it builds its first
    # validator (10 to 30 ms of a command's start); the command line uses none. A value you set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = _parser().parse_args(argv)
    warnings.showwarning = _show_warning
    try:
        return COMMANDS[args.command](args)
    except ItaDocsError as exc:  # the user's input or environment: say what and where, no traceback
        if args.debug:
            raise
        source = getattr(args, "input", None)
        message = str(exc)
        _say(f"{source}: {message}" if source and str(source) not in message else message)
        return exc.exit_code
    except FileNotFoundError as exc:
        if args.debug:
            raise
        _say(f"ไม่พบไฟล์ / file not found: {exc.filename or exc}")
        return EXIT_INPUT
    except BrokenPipeError:  # `ita-docs wording … | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_OK
    except OSError as exc:  # an output path that is a file, a folder without permission…
        if args.debug:
            raise
        _say(f"อ่านหรือเขียนไม่ได้ / cannot read or write {exc.filename or ''}: {exc.strerror or exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        _say("หยุดตามคำสั่ง / interrupted")
        return 130
    except Exception as exc:
        if args.debug:
            raise
        first_line = (str(exc).splitlines() or [""])[0]
        _say(f"ข้อผิดพลาดภายในของ ita-docs (โปรดแจ้งผู้พัฒนา) / internal error in ita-docs: "
             f"{type(exc).__name__}: {first_line} — rerun with --debug for the traceback")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
