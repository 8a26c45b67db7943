"""The batch runner: rows in, one folder of documents per row out, an outcome per row.

Rows stream through a bounded window of work items, so memory stays flat whatever the table's
length. Work runs in any `concurrent.futures.Executor` (processes by default in the CLI; a Dask
cluster's executor with `--scheduler`); each worker process compiles its templates once (the API's
cache) and keeps its LibreOffice. Workers write into OUTDIR when they share it; otherwise
(`return_files`) each row is rendered in the worker's own temporary folder and its files come back
as bytes, written here. Every file appears atomically, and a row's folder gets a `.complete`
marker last, so `resume` skips exactly the rows whose files are all there. A worker lost mid-row
fails only its rows (reported, never dropped); `--resume` makes them again.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import os
import shutil
import tempfile
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ita_docs.batch.journal import REPORT_COLUMNS, Report  # noqa: F401 - Report's home was here
from ita_docs.batch.names import UniqueNames
from ita_docs.batch.tables import LIST_SEPARATOR, TableRow, split_list_cells

COMPLETE_MARKER = ".complete"


@dataclass(frozen=True)
class RowOutcome:
    row: int
    agency: str
    status: str  # ok | failed | skipped
    files: tuple[str, ...] = ()
    error: str = ""
    warnings: tuple[str, ...] = field(default=())


def merge(defaults: Any, row: Any) -> Any:
    """A row overrides the defaults field by field; a list in the row replaces the default's."""
    if isinstance(defaults, dict) and isinstance(row, dict):
        out = dict(defaults)
        for key, value in row.items():
            out[key] = merge(defaults[key], value) if key in defaults else value
        return out
    return copy.deepcopy(row)


@dataclass(frozen=True)
class _Job:
    number: int
    data: dict
    folder: str
    outdir: str
    base_dir: str | None
    emblem: str | None
    pdf: bool
    template: str | None = None
    separator: str = LIST_SEPARATOR
    allow_font_substitution: bool = False
    outputs: Outputs | None = None  # PDF format, --metadata, --sign, --reproducible (None: the defaults)
    return_files: bool = False  # the worker does not share OUTDIR: send the files back


@dataclass(frozen=True)
class Outputs:
    """What each document gets besides its .docx and PDF (ita_docs/esaraban.py)."""

    pdf_format: str = "pdfa-2b"
    metadata: bool = False  # NAME.json beside each document; index.csv of the batch (written by the caller)
    reproducible: bool = False
    sign: Any = None  # an esaraban.SignOptions


@dataclass(frozen=True)
class _Delivery:
    """A row rendered where OUTDIR is not: its outcome and its files (name, bytes), to write here."""

    outcome: RowOutcome
    files: tuple[tuple[str, bytes], ...]
    complete: bool


def render_row(job: _Job) -> RowOutcome | _Delivery:
    """One row → its files (runs in a worker; everything it needs is in the job)."""
    if job.return_files:
        return _render_row_elsewhere(job)
    return _render_row(job)


def _render_row_elsewhere(job: _Job) -> _Delivery:
    """The row rendered into this worker's own temporary folder, its files read back as bytes."""
    work = tempfile.mkdtemp(prefix="ita-docs-row-")
    try:
        outcome = _render_row(dataclasses.replace(job, outdir=work, return_files=False))
        folder = Path(work) / job.folder
        files = tuple((Path(name).name, (folder / Path(name).name).read_bytes()) for name in outcome.files)
        return _Delivery(outcome, files, (folder / COMPLETE_MARKER).is_file())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _deliver(delivery: _Delivery, outdir: Path, folder_name: str) -> RowOutcome:
    """Write what a worker sent back, as the worker would have: atomically, the marker last."""
    from ita_docs.api import write_atomically

    folder = outdir / folder_name
    if folder.is_symlink():
        return dataclasses.replace(delivery.outcome, status="failed", files=(), error=(
            f"{folder_name}: โฟลเดอร์นี้เป็นลิงก์ (symlink) จึงไม่เขียนลงไป / the folder is a symbolic link: "
            "nothing is written through it"))
    try:
        (folder / COMPLETE_MARKER).unlink(missing_ok=True)
        for name, data in delivery.files:
            write_atomically(folder / name, data, sync_folder=False)
        if delivery.complete:
            write_atomically(folder / COMPLETE_MARKER,
                             json.dumps([name for name, _ in delivery.files], ensure_ascii=False).encode("utf-8"))
    except OSError as exc:  # this disk (full, read-only): the row failed, the batch goes on
        return dataclasses.replace(delivery.outcome, status="failed", error=(
            f"{folder_name}: เขียนไฟล์ไม่ได้ / could not write the files: {exc}"))
    return delivery.outcome


def _render_row(job: _Job) -> RowOutcome:
    from ita_docs.api import from_data, render_described, write_atomically
    from ita_docs.diagnostics import InputError, ItaDocsError
    from ita_docs.esaraban import SigningError, sign_pdf, write_metadata
    from ita_docs.render.pdf import PdfError, convert_checked

    agency = _agency_name(job.data)
    folder = Path(job.outdir) / job.folder
    if folder.is_symlink():  # planted: writing (or cleaning) through it would reach outside OUTDIR
        return RowOutcome(job.number, agency, "failed", error=f"{job.folder}: โฟลเดอร์นี้เป็นลิงก์ (symlink) จึงไม่เขียนลงไป / "
                                                            "the folder is a symbolic link: nothing is written through it")
    for stale in folder.glob(".*.tmp"):  # left by a run killed mid-write; never a finished file
        stale.unlink(missing_ok=True)
    # rendered again: until it succeeds, its older files are not "complete" (a failure now must not
    # leave a marker that a later --resume would take for success)
    (folder / COMPLETE_MARKER).unlink(missing_ok=True)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = from_data(_split_lists(job.data, job.separator), source=None, row=job.number,
                            base_dir=Path(job.base_dir) if job.base_dir else None)
            outputs = job.outputs or Outputs()
            parts = render_described(doc, emblem=job.emblem, template=job.template, reproducible=outputs.reproducible)
            # every .docx first: a PDF that fails (LibreOffice down, a font missing) loses no document
            written = [write_atomically(folder / name, data, sync_folder=False) for name, data, _ in parts]
            pdf_failures = []
            for name, data, info in parts:
                pdf = None
                if job.pdf:
                    try:
                        pdf = convert_checked(_worker_pdf(doc.digits, outputs.pdf_format), data,
                                              folder / Path(name).with_suffix(".pdf"),
                                              allow_font_substitution=job.allow_font_substitution)
                        if outputs.sign is not None:
                            sign_pdf(pdf, outputs.sign, info.signer)
                        written.append(pdf)
                    except (PdfError, SigningError) as exc:
                        if isinstance(exc, SigningError) and pdf is not None:
                            pdf.unlink(missing_ok=True)  # an unsigned PDF is not what was asked for
                            pdf = None
                        pdf_failures.append(f"{Path(name).with_suffix('.pdf').name}: {exc}")
                if outputs.metadata:
                    written.append(write_metadata(info, folder / name, pdf))
        files = tuple(f"{job.folder}/{p.name}" for p in written)
        found = tuple(dict.fromkeys(str(w.message) for w in caught))
        if pdf_failures:  # no completion marker: --resume makes this row again
            return RowOutcome(job.number, agency, "failed", files, error="; ".join(pdf_failures), warnings=found)
        write_atomically(folder / COMPLETE_MARKER,
                         json.dumps([p.name for p in written], ensure_ascii=False).encode("utf-8"))
        return RowOutcome(job.number, agency, "ok", files, warnings=found)
    except InputError as exc:
        return RowOutcome(job.number, agency, "failed", error="; ".join(
            f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems))
    except ItaDocsError as exc:  # a template, an image, LibreOffice: the message says what and where
        return RowOutcome(job.number, agency, "failed", error=str(exc))
    except Exception as exc:  # one bad row never stops the others; its message goes to the report
        return RowOutcome(job.number, agency, "failed", error=f"ข้อผิดพลาดภายใน / internal error: {type(exc).__name__}: {exc}")


def _split_lists(data: dict, separator: str) -> dict:
    from ita_docs.kinds import get_kind

    try:
        model = get_kind(str(data.get("kind"))).model
    except KeyError:
        return data  # from_data reports the unknown kind
    return split_list_cells(model, data, separator)


_CONVERTERS: dict[tuple[str, str], Any] = {}  # per worker process: one warm LibreOffice per digits mode and format


def _worker_pdf(digits: str, pdf_format: str = "pdfa-2b"):
    from multiprocessing import util

    from ita_docs.render.pdf import PdfConverter

    key = (digits, pdf_format)
    if key not in _CONVERTERS:
        if not _CONVERTERS:
            # Pool workers leave through os._exit, which skips atexit; multiprocessing's finalizers
            # still run, so a worker closes its LibreOffice and profile when the pool shuts down.
            util.Finalize(None, close_converters, exitpriority=10)
        _CONVERTERS[key] = PdfConverter(digits, pdf_format=pdf_format)
    return _CONVERTERS[key]


def close_converters() -> None:
    while _CONVERTERS:
        _CONVERTERS.popitem()[1].close()


def _marked_files(folder: Path, name: str) -> tuple[str, ...]:
    names = json.loads((folder / COMPLETE_MARKER).read_text(encoding="utf-8"))
    return tuple(f"{name}/{file}" for file in names)


def is_complete(folder: Path) -> bool:
    marker = folder / COMPLETE_MARKER
    if not marker.is_file():
        return False
    try:
        names = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return all((folder / name).is_file() for name in names)


@dataclass(frozen=True)
class _InFlight:
    future: Future
    number: int
    agency: str
    folder: str


def executor_capacity(executor: Any) -> int:
    """How many rows an executor runs at once, from what it says publicly: a Dask `Client`'s
    threads (`nthreads()`); for any other executor the machine's cores (pass `window` to say)."""
    nthreads = getattr(executor, "nthreads", None)
    if callable(nthreads):
        return max(sum(nthreads().values()), 1)
    return os.cpu_count() or 1


def render_batch(rows: Iterable[TableRow | dict], kind: str, outdir: str | Path, *,
                 defaults: dict | None = None, executor: Executor | Any | None = None, pdf: bool = False,
                 resume: bool = False, emblem: str | Path | None = None, base_dir: str | Path | None = None,
                 template: str | Path | None = None, list_separator: str = LIST_SEPARATOR,
                 window: int | None = None, allow_font_substitution: bool = False,
                 outputs: Outputs | None = None, return_files: bool = False) -> Iterator[RowOutcome]:
    """Render every row as `kind` into outdir/<safe agency name>/; yields outcomes in row order.

    executor: any concurrent.futures.Executor, or a Dask `distributed.Client` (its executor is used
    and its threads set the window); None: in this process. template: your own Word template (a
    .docx; for a bundle, a folder of them). list_separator: splits a cell given for a list of
    plain values ("ก | ข" → ["ก", "ข"]). window: how many rows may be in flight at once (default:
    4 × the executor's capacity, see executor_capacity; 1 in this process). allow_font_substitution:
    keep a PDF drawn without the document's font (by default it is removed and its row fails).
    outputs: the PDF format, metadata files, signing (Outputs). return_files: the workers do not
    share outdir (another machine's disk): each row is rendered in the worker's temporary folder
    and its files are sent back and written here. Input files (emblem, photos, template, signing
    certificate) must be readable by the workers at the same paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    names = UniqueNames(reserved=RESERVED_NAMES)
    pending: deque[_InFlight | RowOutcome] = deque()
    get_executor = getattr(executor, "get_executor", None)
    if callable(get_executor):  # a Dask Client
        window = window or 4 * executor_capacity(executor)
        executor = get_executor(pure=False)  # every row runs, never a cached result
    # in this process a row is done when rendered: report it at once, not after the next ones
    limit = window or (4 * executor_capacity(executor) if executor else 1)

    def start(row: Any, index: int) -> _InFlight | RowOutcome:
        number, data = (row.number, row.data) if isinstance(row, TableRow) else (index, row)
        if isinstance(row, TableRow) and row.error:
            return RowOutcome(number, "", "failed", error=row.error)
        if not isinstance(data, dict):
            return RowOutcome(number, "", "failed", error=f"แถวต้องเป็นชุดข้อมูล (mapping) ไม่ใช่ "
                                                          f"{type(data).__name__} / a row must be a mapping")
        data = merge(defaults or {}, data)
        data["kind"] = kind
        agency = _agency_name(data)
        folder = names.claim(agency, fallback=f"row-{number}")
        if resume and is_complete(outdir / folder):
            return RowOutcome(number, agency, "skipped", _marked_files(outdir / folder, folder))
        job = _Job(number, data, folder, str(outdir), str(base_dir) if base_dir else None,
                   str(emblem) if emblem else None, pdf, str(template) if template else None, list_separator,
                   allow_font_substitution, outputs, return_files)
        if executor is None:
            return _finished(render_row(job), outdir, folder)
        return _InFlight(executor.submit(render_row, job), number, agency, folder)

    def result(item: _InFlight | RowOutcome) -> RowOutcome:
        if isinstance(item, RowOutcome):
            return item
        try:
            done = item.future.result()
        except Exception as exc:  # the worker died (or the cluster lost it): this row only
            return RowOutcome(item.number, item.agency, "failed", error=(
                f"เครื่องที่ทำแถวนี้หยุดทำงาน ให้รันใหม่ด้วย --resume / the worker running this row was lost "
                f"(run again with --resume): {type(exc).__name__}: {exc}"))
        return _finished(done, outdir, item.folder)

    rows = iter(rows)
    for index in itertools.count(1):
        try:
            row = next(rows)
        except StopIteration:
            break
        except BaseException:  # the table broke off: the rows in flight are still reported first
            while pending:
                yield result(pending.popleft())
            raise
        pending.append(start(row, index))
        while len(pending) >= limit:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())
    if executor is None:
        close_converters()  # rendered here: this process's LibreOffice profiles are ours to close


# an agency called "report.csv" must not take the report's name (nor index.csv, --metadata's)
RESERVED_NAMES = ("report.csv", "index.csv")


def _agency_name(data: dict) -> str:
    agency = data.get("agency")
    return str(agency.get("name", "")) if isinstance(agency, dict) else ""


def _finished(done: RowOutcome | _Delivery, outdir: Path, folder: str) -> RowOutcome:
    return _deliver(done, outdir, folder) if isinstance(done, _Delivery) else done
