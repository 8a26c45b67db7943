"""Tables of agencies → one nested input mapping per row (SPEC §8).

CSV (UTF-8, with or without the BOM Excel writes), XLSX (openpyxl, first sheet or a named one),
JSON lines, or a YAML list. Column names are the dotted names of the kind's input
(`agency.name`, `assessment.scores.I1`, `measures.1.title`); a number in a name is a list
position counted from 1. Thai header aliases for common columns are in `aliases.yaml`. Rows are
read one at a time, so a table of any length uses the same memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import yaml

from ita_docs.diagnostics import ItaDocsError


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


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    text = (resources.files("ita_docs.batch") / "aliases.yaml").read_text("utf-8")
    return {" ".join(k.split()): v for k, v in yaml.safe_load(text).items()}


def column_path(header: str) -> str:
    """A header → its dotted name (Thai aliases resolved, spaces around dots dropped)."""
    name = " ".join(str(header).split())
    name = aliases().get(name, name)
    return ".".join(part.strip() for part in name.split("."))


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unflatten(flat: dict[str, Any], *, source: str = "", row: int | None = None) -> dict[str, Any]:
    """{"agency.name": x, "measures.1.title": y} → {"agency": {"name": x}, "measures": [{"title": y}]}.
    Blank cells are left out, so the defaults file fills them."""
    nested: dict[str, Any] = {}
    for header, value in flat.items():
        if header is None or _is_blank(header) or _is_blank(value):
            continue
        parts = column_path(header).split(".")
        node: Any = nested
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            key: Any = int(part) - 1 if part.isdigit() else part
            if isinstance(key, int):
                if key < 0:
                    raise TableError(source, f"คอลัมน์ {header!r}: ลำดับเริ่มที่ 1 / list positions start at 1", row)
                if not isinstance(node, list):
                    raise TableError(source, f"คอลัมน์ {header!r} ขัดกับคอลัมน์อื่น / clashes with another column", row)
                while len(node) <= key:
                    node.append(None)
                if last:
                    node[key] = value
                else:
                    if node[key] is None:
                        node[key] = [] if parts[depth + 1].isdigit() else {}
                    node = node[key]
            else:
                if not isinstance(node, dict):
                    raise TableError(source, f"คอลัมน์ {header!r} ขัดกับคอลัมน์อื่น / clashes with another column", row)
                if last:
                    if key in node:
                        raise TableError(source, f"คอลัมน์ {header!r} ซ้ำ / column given twice", row)
                    node[key] = value
                else:
                    node = node.setdefault(key, [] if parts[depth + 1].isdigit() else {})
    return _drop_gaps(nested)


def _drop_gaps(value: Any) -> Any:
    # measures.1 and measures.3 filled, measures.2 blank: the list has two items, in column order
    if isinstance(value, dict):
        return {k: _drop_gaps(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drop_gaps(v) for v in value if v is not None]
    return value


def read_table(path: str | Path, *, sheet: str | None = None) -> Iterator[TableRow]:
    """The rows of a table, nested, one at a time."""
    path = Path(path)
    if not path.is_file():
        raise TableError(str(path), "ไม่พบไฟล์ / file not found")
    suffix = path.suffix.lower()
    readers = {".csv": _csv_rows, ".xlsx": _xlsx_rows, ".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows,
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
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        if suffix in (".jsonl", ".ndjson"):
            with path.open(encoding="utf-8-sig") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".xlsx":
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            try:
                rows = (book[sheet] if sheet else book.worksheets[0]).max_row
            finally:
                book.close()
            return rows - 1 if rows else None
    except Exception:  # the real read reports what is wrong with the table
        return None
    return None


def _csv_rows(path: Path) -> Iterator[TableRow]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                number = reader.line_num
                if None in row:
                    raise TableError(str(path), "แถวนี้มีช่องเกินหัวตาราง / more cells than headers", number)
                yield TableRow(number, unflatten(row, source=str(path), row=number))
    except UnicodeDecodeError:
        raise TableError(str(path), "ไฟล์ไม่ใช่ UTF-8 (บันทึกจาก Excel เป็น CSV UTF-8) / not UTF-8: save as CSV UTF-8") from None
    except csv.Error as exc:
        raise TableError(str(path), f"อ่าน CSV ไม่ได้ / cannot read CSV: {exc}") from None


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # Excel stores dates as date-times
        return value.date() if value.time() == dt.time() else value
    return value


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[TableRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TableError(str(path), f"อ่านไฟล์ Excel ไม่ได้ / cannot read the workbook: {exc}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(str(path), f"ไม่มีแผ่นงาน {sheet!r} (มี {', '.join(book.sheetnames)}) / no such sheet")
        rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
        headers = next(rows, None)
        if headers is None:
            return
        for number, values in enumerate(rows, start=2):
            if all(_is_blank(v) for v in values):
                continue
            flat = {h: _cell(v) for h, v in zip(headers, values)}
            yield TableRow(number, unflatten(flat, source=str(path), row=number))
    finally:
        book.close()


def _jsonl_rows(path: Path) -> Iterator[TableRow]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TableError(str(path), f"JSON ไม่ถูกต้อง / invalid JSON: {exc.msg}", number) from None
            if not isinstance(data, dict):
                raise TableError(str(path), "แต่ละบรรทัดต้องเป็น JSON object / each line must be an object", number)
            yield TableRow(number, unflatten(_flatten(data), source=str(path), row=number))


def _yaml_rows(path: Path) -> Iterator[TableRow]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise TableError(str(path), f"อ่าน YAML ไม่ได้ / cannot parse YAML: {exc}") from None
    if not isinstance(data, list):
        raise TableError(str(path), "ต้องเป็นรายการของหน่วยงาน / must be a YAML list, one item per agency")
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise TableError(str(path), "แต่ละรายการต้องเป็นชุดข้อมูล / each item must be a mapping", number)
        yield TableRow(number, unflatten(_flatten(item), source=str(path), row=number))


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


def split_list_cells(model: type, data: Any, separator: str = LIST_SEPARATOR) -> Any:
    """A cell given for a list of plain values (strengths, measures.1.steps) becomes that list, split on
    separator: "ก | ข | ค" → ["ก", "ข", "ค"]. Lists of objects take numbered columns instead."""
    if not _is_model(model) or not isinstance(data, dict):
        return data
    out = dict(data)
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in out:
            continue
        annotation = _unwrap(info.annotation)
        value = out[key]
        if typing.get_origin(annotation) is list:
            item = _unwrap(typing.get_args(annotation)[0]) if typing.get_args(annotation) else str
            if isinstance(value, str) and not _is_model(item):
                out[key] = [part.strip() for part in value.split(separator) if part.strip()]
            elif isinstance(value, list) and _is_model(item):
                out[key] = [split_list_cells(item, v, separator) for v in value]
        elif _is_model(annotation):
            out[key] = split_list_cells(annotation, value, separator)
    return out


def _unwrap(annotation: Any) -> Any:
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


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
