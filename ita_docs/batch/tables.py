"""Tables of agencies → one nested input mapping per row (SPEC §8).

CSV (UTF-8, with or without the BOM Excel writes), XLSX (openpyxl, first sheet or a named one),
JSON lines, or a YAML list. Column names are the dotted names of the kind's input
(`agency.name`, `assessment.scores.I1`, `measures.1.title`); a number in a name is a list
position counted from 1. The Thai headers accepted for columns are in `model/fields.yaml` (`columns`), the one
source of Thai titles the workbook writes too. Rows are
read one at a time, so a table of any length uses the same memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ita_docs.diagnostics import ItaDocsError
from ita_docs.reader import read_data_yaml


class TableError(ItaDocsError, ValueError):
    """The table itself cannot be read (exit code 2): names the file and, where known, the row."""

    def __init__(self, source: str, message: str, row: int | None = None):
        self.source, self.row, self.message = source, row, message
        where = f"{source}, แถว/row {row}" if row is not None else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class TableRow:
    number: int  # as the user sees it: the header is row 1 of a CSV/XLSX, so data starts at 2
    data: dict[str, Any]  # nested, as an input file would hold it
    error: str = ""  # why this one row cannot be read (data is then empty): reported as a failed row


MAX_LIST_POSITION = 1000  # measures.1000000000.title would build a list of a billion items
MAX_NAME_PARTS = 20  # the deepest real column name has 7 parts (body.2.table.rows.3.cells.1)


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Thai header → dotted column name (fields.yaml's `columns`, read without importing the models)."""
    text = (resources.files("ita_docs") / "model" / "fields.yaml").read_text("utf-8")
    columns = read_data_yaml(text)["columns"]
    return {" ".join(header.split()): name for name, headers in columns.items() for header in headers}


def column_path(header: str) -> str:
    """A header → its dotted name (Thai aliases resolved, spaces around dots dropped)."""
    name = " ".join(str(header).split())
    name = aliases().get(name, name)
    return ".".join(part.strip() for part in name.split("."))


def _column_parts(header: Any, *, source: str = "", row: int | None = None) -> list[str | int]:
    """A header → the keys (str) and list positions (int, from 0) of its dotted name, within the limits."""
    parts = column_path(header).split(".")
    if len(parts) > MAX_NAME_PARTS:
        raise TableError(source, f"คอลัมน์ {_short(header)}: ชื่อมีหลายชั้นเกิน {MAX_NAME_PARTS} / "
                                 f"a column name of more than {MAX_NAME_PARTS} parts", row)
    keys: list[str | int] = []
    for part in parts:
        if not part.isdecimal():  # isdecimal, not isdigit: int() refuses "²"
            keys.append(part)
            continue
        position = int(part) if len(part) <= 6 else MAX_LIST_POSITION + 1
        if position < 1:
            raise TableError(source, f"คอลัมน์ {_short(header)}: ลำดับเริ่มที่ 1 / list positions start at 1", row)
        if position > MAX_LIST_POSITION:
            raise TableError(source, f"คอลัมน์ {_short(header)}: ลำดับเกิน {MAX_LIST_POSITION:,} / "
                                     f"list positions go up to {MAX_LIST_POSITION:,}", row)
        keys.append(position - 1)
    return keys


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _has_surrogate(value: Any) -> bool:
    """Bytes that are not UTF-8 (read with surrogateescape) or a JSON "\\ud800" anywhere in value: not
    text, and nothing can write them (walked without recursion: JSON rows can nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= ch <= "\udfff" for ch in item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def unflatten(flat: dict[str, Any], *, source: str = "", row: int | None = None) -> dict[str, Any]:
    """{"agency.name": x, "measures.1.title": y} → {"agency": {"name": x}, "measures": [{"title": y}]}.
    Blank cells are left out, so the defaults file fills them."""
    nested: dict[str, Any] = {}
    for header, value in flat.items():
        if header is None or _is_blank(header) or _is_blank(value):
            continue
        if _has_surrogate(value) or _has_surrogate(str(header)):
            raise TableError(source, f"คอลัมน์ {_short(header)}: มีอักขระที่ไม่ใช่ข้อความ UTF-8 / "
                                     "holds bytes or characters that are not UTF-8 text", row)
        keys = _column_parts(header, source=source, row=row)
        node: Any = nested
        for depth, key in enumerate(keys):
            last = depth == len(keys) - 1
            if isinstance(key, int):
                if not isinstance(node, list):
                    raise TableError(source, f"คอลัมน์ {header!r} ขัดกับคอลัมน์อื่น / clashes with another column", row)
                while len(node) <= key:
                    node.append(None)
                if last:
                    node[key] = value
                else:
                    if node[key] is None:
                        node[key] = [] if isinstance(keys[depth + 1], int) else {}
                    node = node[key]
            else:
                if not isinstance(node, dict):
                    raise TableError(source, f"คอลัมน์ {header!r} ขัดกับคอลัมน์อื่น / clashes with another column", row)
                if last:
                    if key in node:
                        raise TableError(source, f"คอลัมน์ {header!r} ซ้ำ / column given twice", row)
                    node[key] = value
                else:
                    node = node.setdefault(key, [] if isinstance(keys[depth + 1], int) else {})
    return _drop_gaps(nested)


def _drop_gaps(value: Any) -> Any:
    # measures.1 and measures.3 filled, measures.2 blank: the list has two items, in column order
    if isinstance(value, dict):
        return {k: _drop_gaps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_gaps(v) for v in value if v is not None]
    return value


def check_headers(headers: Iterable[Any], source: str) -> None:
    """The header row of a CSV or workbook, checked once: every name within the limits, no field twice
    (two columns for one field would leave one of them silently unused)."""
    seen: dict[str, tuple[str, Any]] = {}
    for index, header in enumerate(headers, start=1):
        if header is None or _is_blank(header):
            continue
        letter = _column_letter(index)
        if _has_surrogate(str(header)):
            raise TableError(source, f"หัวคอลัมน์ {letter} ไม่ใช่ข้อความ UTF-8 / the header of column {letter} "
                                     "is not UTF-8 text: save the table as CSV UTF-8", 1)
        _column_parts(header, source=source, row=1)
        path = column_path(header)
        if path in seen:
            other, first = seen[path]
            raise TableError(source, f"คอลัมน์ {other} ({_short(first)}) กับคอลัมน์ {letter} ({_short(header)}) "
                                     f"เป็นข้อมูลเดียวกัน ({path}) ให้เหลือคอลัมน์เดียว / columns {other} and {letter} "
                                     f"are the same field ({path}): keep one", 1)
        seen[path] = (letter, header)


def _column_letter(index: int) -> str:
    """1 → A, 27 → AA, as Excel names columns (by hand: openpyxl.utils costs a CSV batch 17 MB to import)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: str | Path, *, sheet: str | None = None) -> Iterator[TableRow]:
    """The rows of a table, nested, one at a time. A row that cannot be read comes with its `error`
    (and the rows after it still come); a table that cannot be read at all raises TableError."""
    path = Path(path)
    if not path.is_file():
        raise TableError(str(path), "ไม่พบไฟล์ / file not found")
    suffix = path.suffix.lower()
    readers: dict[str, Callable[..., Iterator[TableRow]]] = {".csv": _csv_rows, ".xlsx": _xlsx_rows, ".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows,
               ".yaml": _yaml_rows, ".yml": _yaml_rows}
    if suffix not in readers:
        raise TableError(str(path), "อ่านได้เฉพาะ .csv .xlsx .jsonl .yaml / only .csv, .xlsx, .jsonl or .yaml tables")
    if sheet is not None and suffix != ".xlsx":
        raise TableError(str(path), f"--sheet ใช้ได้กับ .xlsx เท่านั้น / --sheet {sheet!r} applies to .xlsx tables only")
    if suffix == ".xlsx":
        yield from _xlsx_rows(path, sheet)
    else:
        yield from readers[suffix](path)


def count_rows(path: str | Path, *, sheet: str | None = None) -> int | None:
    """About how many rows a table holds, for the progress bar's time left (a quick pass that keeps
    nothing; blank lines counted for CSV); None when it cannot tell cheaply."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        if suffix in (".jsonl", ".ndjson"):
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            _refuse_dtd(path)
            book = load_workbook(path, read_only=True)
            try:
                from ita_docs.workbook import DATA_SHEET, FIRST_ROW, read_info

                if sheet in (None, DATA_SHEET) and read_info(book, str(path)) is not None:
                    # its rows are made ready (formats, check formulas) far below the last agency
                    return sum(1 for values in book[DATA_SHEET].iter_rows(min_row=FIRST_ROW, values_only=True)
                               if not all(_is_blank(v) or str(v).startswith("=") for v in values))
                rows = (book[sheet] if sheet else book.worksheets[0]).max_row
            finally:
                book.close()
            return rows - 1 if rows else None
    except Exception:  # the real read reports what is wrong with the table
        return None
    return None


_NOT_UTF8 = "ไฟล์ไม่ใช่ UTF-8 (บันทึกจาก Excel เป็น CSV UTF-8) / not UTF-8: save as CSV UTF-8"


def _row(source: str, number: int, flat: dict[str, Any]) -> TableRow:
    """One row's cells → a TableRow; what is wrong with this row alone makes it a failed row."""
    try:
        return TableRow(number, unflatten(flat, source=source, row=number))
    except TableError as exc:
        return TableRow(number, {}, error=exc.message)


def _csv_rows(path: Path) -> Iterator[TableRow]:
    source = str(path)
    # surrogateescape: a line that is not UTF-8 fails alone; a file that is not (its header or first
    # row already is not) is the whole table's error, as every row would fail the same way
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle)
        try:
            headers = next(reader, None)
        except csv.Error as exc:
            raise TableError(source, f"อ่าน CSV ไม่ได้ / cannot read CSV: {exc}", 1) from None
        if headers is None:
            return
        if any(_has_surrogate(h) for h in headers):
            raise TableError(source, _NOT_UTF8)
        check_headers(headers, source)
        first = True
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # a cell over the size limit, a stray quote: this row only
                first = False
                yield TableRow(reader.line_num, {}, error=f"อ่าน CSV ไม่ได้ / cannot read CSV: {exc}")
                continue
            number = reader.line_num
            if not cells:
                continue  # a blank line, as DictReader skips
            if first and any(_has_surrogate(c) for c in cells):
                raise TableError(source, _NOT_UTF8, number)
            first = False
            if len(cells) > len(headers):
                yield TableRow(number, {}, error="แถวนี้มีช่องเกินหัวตาราง / more cells than headers")
                continue
            yield _row(source, number, dict(zip(headers, cells)))


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # Excel stores dates as date-times
        return value.date() if value.time() == dt.time() else value
    return value


def _refuse_dtd(path: Path) -> None:
    """No XML part of a workbook may carry a DTD: Excel never writes one, and a DTD is how XML entity
    bombs and external entities get in. lxml stops at each part's root element, so this is cheap."""
    import zipfile

    from lxml import etree

    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                with archive.open(info) as part:
                    parser = etree.iterparse(part, events=("start",), resolve_entities=False, no_network=True,
                                             load_dtd=False, huge_tree=False)
                    try:
                        _, element = next(parser)
                    except StopIteration:
                        continue
                    except etree.XMLSyntaxError:
                        continue  # openpyxl says what is wrong with it, if it reads the part at all
                    if element.getroottree().docinfo.doctype:
                        raise TableError(source, f"ไฟล์ Excel มี DTD ใน {info.filename} ซึ่งไม่อนุญาต บันทึกใหม่จาก "
                                                 f"Excel / the workbook has a DTD in {info.filename}, which is not "
                                                 "allowed (XML entities): save it again from Excel")
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableError(source, f"อ่านไฟล์ Excel ไม่ได้ / cannot read the workbook: {exc}") from None


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[TableRow]:
    from openpyxl import load_workbook

    source = str(path)
    _refuse_dtd(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(source, f"อ่านไฟล์ Excel ไม่ได้ / cannot read the workbook: {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(source, f"ไม่มีแผ่นงาน {sheet!r} (มี {', '.join(book.sheetnames)}) / no such sheet")
        try:
            from ita_docs.workbook import CHECK_PREFIX, DATA_SHEET, NAME_ROW, read_info

            first = 2
            if sheet in (None, DATA_SHEET) and read_info(book, source) is not None:
                # a workbook of `ita-docs workbook`: the dotted names in its hidden second row, the
                # Thai headers above them for people; its check columns are Excel's, not input
                rows = book[DATA_SHEET].iter_rows(min_row=NAME_ROW, values_only=True)
                headers = next(rows, None)
                headers = headers and tuple(None if h is None or str(h).startswith(CHECK_PREFIX) else h
                                            for h in headers)
                first = NAME_ROW + 1
            else:
                rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
                headers = next(rows, None)
            if headers is None:
                return
            check_headers(headers, source)
            for number, values in enumerate(rows, start=first):
                if all(_is_blank(v) for v in values):
                    continue
                yield _row(source, number, {h: _cell(v) for h, v in zip(headers, values)})
        except TableError:
            raise
        except Exception as exc:  # the sheet's XML is read as the rows are (read-only mode)
            raise TableError(source, f"อ่านไฟล์ Excel ไม่ได้ / cannot read the workbook: {type(exc).__name__}: "
                                     f"{exc}") from None
    finally:
        book.close()


def _jsonl_rows(path: Path) -> Iterator[TableRow]:
    source = str(path)
    with path.open("rb") as handle:  # bytes, so one line that is not UTF-8 fails alone
        first = True
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                if first:
                    raise TableError(source, "ไฟล์ไม่ใช่ UTF-8 / the file is not UTF-8", number) from None
                yield TableRow(number, {}, error="บรรทัดนี้ไม่ใช่ UTF-8 / this line is not UTF-8")
                continue
            first = False
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                yield TableRow(number, {}, error=f"JSON ไม่ถูกต้อง / invalid JSON: {exc.msg} (col {exc.colno})")
                continue
            except RecursionError:
                yield TableRow(number, {}, error="JSON ซ้อนกันลึกเกินไป / JSON nested too deeply")
                continue
            if not isinstance(data, dict):
                yield TableRow(number, {}, error="แต่ละบรรทัดต้องเป็น JSON object / each line must be an object")
                continue
            yield _nested_row(source, number, data)


def _nested_row(source: str, number: int, data: dict) -> TableRow:
    try:
        flat = _flatten(data)
    except RecursionError:
        return TableRow(number, {}, error="ข้อมูลซ้อนกันลึกเกินไป / nested too deeply")
    return _row(source, number, flat)


def _yaml_rows(path: Path) -> Iterator[TableRow]:
    """A YAML list, read whole by the one reader (its duplicate-key, alias and nesting rules)."""
    from ita_docs.diagnostics import InputError
    from ita_docs.reader import parse_text, read_text

    source = str(path)
    try:
        data = parse_text(*reversed(read_text(path)))
    except InputError as exc:
        raise TableError(source, "; ".join(problem.message for problem in exc.problems)) from None
    if not isinstance(data, list):
        raise TableError(source, "ต้องเป็นรายการของหน่วยงาน / must be a YAML list, one item per agency")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield TableRow(number, {}, error="แต่ละรายการต้องเป็นชุดข้อมูล / each item must be a mapping")
            continue
        yield _nested_row(source, number, item)


def _flatten(data: dict, prefix: str = "") -> dict[str, Any]:
    """Nested (JSON/YAML rows may mix nesting and dotted keys) → dotted, so both read the same."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


LIST_SEPARATOR = "|"  # rare in Thai official text, unlike "," and ";" (and easy to type in Excel)


def split_list_cells(model: Any, data: Any, separator: str = LIST_SEPARATOR) -> Any:
    """A cell given for a list of plain values (strengths, measures.1.steps) becomes that list, split on
    separator: "ก | ข | ค" → ["ก", "ข", "ค"]. Lists of objects take numbered columns instead."""
    if not is_model(model) or not isinstance(data, dict):
        return data
    out = dict(data)
    for key, item, is_list in _nested_fields(model):
        if key not in out:
            continue
        value = out[key]
        if not is_list:
            out[key] = split_list_cells(item, value, separator)
        elif item is None and isinstance(value, str):
            out[key] = [part.strip() for part in value.split(separator) if part.strip()]
        elif item is not None and isinstance(value, list):
            out[key] = [split_list_cells(item, v, separator) for v in value]
    return out


@cache
def _nested_fields(model: Any) -> tuple[tuple[str, Any, bool], ...]:
    """A model's list and model fields, once per model (read per row, they cost a batch row's
    reading half its time): (key, the item's model or None for plain values, is a list)."""
    fields = []
    for name, info in model.model_fields.items():
        annotation = unwrap_annotation(info.annotation)
        if typing.get_origin(annotation) is list:
            item = unwrap_annotation(typing.get_args(annotation)[0]) if typing.get_args(annotation) else str
            fields.append((info.alias or name, item if is_model(item) else None, True))
        elif is_model(annotation):
            fields.append((info.alias or name, annotation, False))
    return tuple(fields)


def unwrap_annotation(annotation: Any) -> Any:
    """Optional[X] → X, Annotated[X, …] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
