"""OUTDIR/report.csv as a journal: no row's line is ever lost, and the officer opens it in Excel.

During a run each row's line is appended as the row finishes, flushed and synced, never rewritten
in place. Every line carries its table row number, and a later line for a row supersedes an earlier
one. A row that a run skips (`--resume`: its files are complete) keeps its earlier line, files and
all. When the run ends, the report is compacted: the latest line of each row, in row order (and when
the run read its whole table, only that table's rows), written under a temporary name and renamed,
so a kill at any moment leaves either the old journal or the new report. A run killed part-way
leaves its lines after the earlier ones — a row may show twice until the next run compacts, the
lower line being the newer.

Cells are made safe for spreadsheets as OWASP recommends for CSV: text that begins with = + - @, a
tab or a carriage return (after any spaces) gets a leading single quote, so it is never a formula;
line breaks become spaces (one physical line per row) and characters that are not text become "?".
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ita_docs.batch.lock import FolderLock

REPORT_COLUMNS = ("row", "agency", "status", "files", "error", "warnings")
FILE_SEPARATOR = " | "  # cannot occur in a file name here: safe names turn | into _
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")  # full-width ones: East Asian Excel
_BOM = "\ufeff".encode("utf-8")


def safe_cell(value: Any) -> str:
    """A value as a spreadsheet-safe, one-line CSV cell (idempotent: a safe cell stays as it is)."""
    text = str(value).encode("utf-8", "replace").decode("utf-8")  # a lone surrogate → "?"
    if text.lstrip(" ").startswith(_FORMULA_START):
        text = "'" + text
    return " ".join(text.replace("\r", "\n").split("\n")) if ("\n" in text or "\r" in text) else text


def unsafe_cell(text: str) -> str:
    """What safe_cell was given (for values read back, such as file names), line breaks aside."""
    return text[1:] if text.startswith("'") and text[1:].lstrip(" ").startswith(_FORMULA_START) else text


def _line(cells: list[Any]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().encode("utf-8")


def _parse(raw: bytes) -> list[str] | None:
    """One journal line → its cells, or None for a header, a blank or a line cut short by a kill."""
    text = raw.decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r\n")
    if not text:
        return None
    try:
        cells = next(csv.reader([text]))
    except (csv.Error, StopIteration):
        return None
    if len(cells) != len(REPORT_COLUMNS) or not cells[0].isdigit() or not cells[0].isascii():
        return None
    return cells


class Report:
    """OUTDIR/report.csv (see the module's notes). Holds OUTDIR's batch lock from creation to close()."""

    def __init__(self, path: str | Path, *, lock: bool = True):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = FolderLock(self.path.parent) if lock else None
        try:
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):  # a compaction cut short
                stale.unlink(missing_ok=True)
            self._handle = self.path.open("a+b")
            self._latest: dict[int, tuple[int, int]] = {}  # row → (offset, length) of its latest line
            self._seen: set[int] = set()
            self._index()
        except BaseException:
            self._release()
            raise

    def _index(self) -> None:
        handle = self._handle
        handle.seek(0)
        offset = start = 0
        record = b""
        for raw in handle:
            if not raw.endswith(b"\n"):  # the last line, cut by a kill mid-write: no row's whole line
                break
            if not record:
                start = offset
            record += raw
            offset += len(raw)
            if record.count(b'"') % 2:  # inside a quoted cell with a line break (reports before the journal)
                continue
            cells = _parse(record)
            if cells is not None:
                self._latest[int(cells[0])] = (start, len(record))
            record = b""
        end = start if record else offset
        if handle.seek(0, os.SEEK_END) != end:
            handle.truncate(end)  # drop the cut tail, so our lines start on a line of their own
        if end == 0:
            self._write(_BOM + _line(list(REPORT_COLUMNS)))

    def _write(self, data: bytes) -> int:
        self._handle.seek(0, os.SEEK_END)
        offset = self._handle.tell()
        self._handle.write(data)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return offset

    def _read(self, row: int) -> list[str] | None:
        if row not in self._latest:
            return None
        offset, length = self._latest[row]
        self._handle.seek(offset)
        return _parse(self._handle.read(length))

    def add(self, outcome) -> None:
        """One row's outcome, on disk when this returns. A skipped row keeps its earlier line."""
        self._seen.add(outcome.row)
        agency = safe_cell(outcome.agency)
        if outcome.status == "skipped":
            earlier = self._read(outcome.row)
            if earlier is not None and earlier[2] in ("ok", "skipped") and earlier[1] == agency:
                return
        data = _line([outcome.row, agency, outcome.status, safe_cell(FILE_SEPARATOR.join(outcome.files)),
                      safe_cell(outcome.error), safe_cell(FILE_SEPARATOR.join(outcome.warnings))])
        self._latest[outcome.row] = (self._write(data), len(data))

    def close(self, *, finished: bool = True) -> None:
        """Compact the journal to one line per row, in row order. finished: the run read its whole
        table, so rows it did not see (a shorter table than last time) are left out."""
        if self._handle.closed:
            return
        try:
            from ita_docs.api import write_atomically

            rows = sorted(r for r in self._latest if r in self._seen or not finished)
            write_atomically(self.path, self._compacted(rows))
        finally:
            self._handle.close()
            self._release()

    def _compacted(self, rows: list[int]) -> Iterator[bytes]:
        yield _BOM + _line(list(REPORT_COLUMNS))
        for row in rows:
            offset, length = self._latest[row]
            self._handle.seek(offset)
            raw = self._handle.read(length)
            yield raw if raw.endswith(b"\n") else raw + b"\r\n"

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def listed_files(report: str | Path) -> Iterator[str]:
    """The files report.csv lists (relative to its folder), as they were written."""
    with Path(report).open("rb") as handle:
        for raw in handle:
            cells = _parse(raw)
            if cells is None or not cells[3]:
                continue
            for name in unsafe_cell(cells[3]).split(FILE_SEPARATOR):
                if name:
                    yield name
