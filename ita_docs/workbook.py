"""`ita-docs workbook KIND`: an Excel workbook an officer fills in, one row per agency, that
`ita-docs batch` reads as it is.

Sheets: the data sheet (Thai headers from model/fields.yaml, the dotted names in a hidden second
row, data validation with Thai input messages, check formulas for the total and grade), the
instructions (คำอธิบาย), the values every agency shares (ค่าร่วม, read as --defaults), and a hidden
sheet naming the kind and year with the drop-down lists. Written with openpyxl: the batch reader
already uses it, so the workbook needs no second Excel library.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ita_docs.batch.tables import LIST_SEPARATOR, TableError, is_model, unwrap_annotation
from ita_docs.reader import read_data_yaml

DATA_SHEET = "ข้อมูล"
HELP_SHEET = "คำอธิบาย"
DEFAULTS_SHEET = "ค่าร่วม"
META_SHEET = "ita_docs"  # hidden: the kind, the year, the drop-down lists
META_TITLE = "ita-docs workbook"
HEADER_ROW, NAME_ROW, FIRST_ROW = 1, 2, 3  # Thai headers; dotted names (hidden); the first agency
CHECK_PREFIX = "#"  # a check column's name: batch leaves it out
DEFAULT_ROWS = 200
DEFAULT_ITEMS = 5
YES_NO = ("yes", "no")

_REQUIRED_FILL, _OPTIONAL_FILL, _CHECK_FILL = "FCE4D6", "DDEBF7", "D9D9D9"


@dataclass
class Column:
    """One cell of a row: where its value goes, what it is called, and the rule Excel checks."""

    path: str  # dotted, list positions from 1: measures.2.title
    header: str  # Thai
    rule: str  # text | list | int | decimal | score | date | datetext | choice | bool | check
    description: str = ""
    example: Any = None
    required: bool = False
    choices: str | tuple[str, ...] = ()  # a named list of the meta sheet, or the values themselves
    low: float | None = None
    high: float | None = None
    formula: str = ""  # a check column's formula, {r} for the row


@dataclass
class Plan:
    kind: str
    year: int
    items: int
    columns: list[Column] = field(default_factory=list)  # the data sheet's
    shared: list[Column] = field(default_factory=list)  # the defaults sheet's
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # fields left to a YAML --defaults file


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    text = (resources.files("ita_docs") / "model" / "fields.yaml").read_text("utf-8")
    return read_data_yaml(text)["workbook"]


def _pattern(path: str) -> str:
    return ".".join("N" if part.isdecimal() else part for part in path.split("."))


def _matches(path: str, patterns: list[str]) -> bool:
    pattern_path = _pattern(path)
    return any(fnmatch.fnmatchcase(pattern_path, p) for p in patterns)


def default_year() -> int:
    from ita_docs.assessment.framework import available_years

    return max(available_years())


# --- the plan: the model's fields → columns --------------------------------------------------------

def plan(kind_name: str, year: int | None = None, items: int = DEFAULT_ITEMS) -> Plan:
    """The columns of a kind's workbook for an assessed fiscal year (B.E.)."""
    from ita_docs.assessment import load_framework
    from ita_docs.kinds import get_kind

    kind = get_kind(kind_name)
    year = year or default_year()
    framework = load_framework(year)
    try:
        measures_framework = load_framework(year + 1)  # the measures' year names their indicators
    except Exception:
        measures_framework = framework
    result = Plan(kind.name, year, items)
    result.lists = {
        "indicators": tuple(measures_framework.indicator_codes),
        "grades": tuple(level.label for level in framework.grading.levels),
        "yes_no": YES_NO,
    }
    walker = _Walker(result, framework)
    walker.model(kind.model, "", (), True)
    shared = set(_settings()["shared"])
    for column in walker.found:
        (result.shared if _matches(column.path, list(shared)) else result.columns).append(column)
    example = _example_values(kind.name)
    for column in walker.found:  # the instructions' example row: a bundled example's values
        column.example = example.get(column.path, column.example)
    for column in result.shared:
        if column.path == "assessment.fiscal_year":
            column.example = year
    _add_checks(result, framework)
    return result


class _Walker:
    def __init__(self, plan: Plan, framework: Any):
        self.plan, self.framework = plan, framework
        self.found: list[Column] = []
        self.skip = _settings()["skip"]
        self.counts = _settings()["items"]
        self.choices = _settings()["choices"]

    def model(self, model: Any, prefix: str, titles: tuple[str, ...], required: bool) -> None:
        from ita_docs.model.schema import field_text

        owners = tuple(c.__name__ for c in model.__mro__)
        for name, info in model.model_fields.items():
            if info.exclude:
                continue
            path = f"{prefix}{name}"
            if _matches(path, self.skip):
                self.plan.skipped.append(path)
                continue
            text = field_text(name, owners)
            title = text.title if text else name
            self.field(path, name, info.annotation, info, (*titles, title), required and info.is_required(), text)

    def field(self, path: str, name: str, annotation: Any, info: Any, titles: tuple[str, ...], required: bool,
              text: Any) -> None:
        annotation = unwrap_annotation(annotation)
        origin = typing.get_origin(annotation)
        column = Column(path, _header(path, titles), "text", text.description if text else "",
                        text.examples[0] if text and text.examples else None, required)
        lo_hi = _limits(info) if info is not None else (None, None)
        if text and text.range:
            lo_hi = (lo_hi[0] if lo_hi[0] is not None else text.range[0], lo_hi[1] if lo_hi[1] is not None else text.range[1])
        column.low, column.high = lo_hi
        if is_model(annotation) and annotation.__name__ not in _settings()["single"]:
            self.model(annotation, f"{path}.", titles, required)
            return
        if origin is list:
            item = unwrap_annotation(typing.get_args(annotation)[0]) if typing.get_args(annotation) else str
            if is_model(item):
                count = self.counts.get(_pattern(path), self.counts.get(name, self.plan.items))
                minimum = _min_length(info) if info is not None else 0
                for n in range(1, count + 1):
                    self.model(item, f"{path}.{n}.", (*titles[:-1], f"{titles[-1]} {n}"), required and n <= minimum)
                return
            if _is_union_of_models(item):
                self.plan.skipped.append(path)
                return
            column.rule = "list"
            column.description += f" (ใส่หลายรายการในช่องเดียว คั่นด้วย {LIST_SEPARATOR} / several in one cell, " \
                                  f"separated by {LIST_SEPARATOR})"
        elif origin is dict:
            if name == "scores":
                self.scores(path, titles)
            else:
                self.plan.skipped.append(path)
            return
        elif origin is typing.Literal:
            column.rule, column.choices = "choice", tuple(str(a) for a in typing.get_args(annotation))
        elif annotation is bool:
            column.rule, column.choices = "bool", "yes_no"
        elif annotation is int:
            column.rule = "int"
        elif annotation in (float, Decimal):
            column.rule = "decimal"
        elif annotation is dt.date:
            column.rule = "date"
        elif _is_union(annotation):
            args = typing.get_args(annotation)
            if any(unwrap_annotation(a) is dt.date for a in args):
                column.rule = "datetext"
            elif any(is_model(unwrap_annotation(a)) for a in args):
                self.plan.skipped.append(path)
                return
        for pattern, list_name in self.choices.items():
            if fnmatch.fnmatchcase(_pattern(path), pattern):
                column.rule, column.choices = "choice", list_name
        self.found.append(column)

    def scores(self, path: str, titles: tuple[str, ...]) -> None:
        # the result's own scores need no prefix; another card's (years.2.scores) names its group
        group = "" if path.startswith("assessment.") or len(titles) < 2 else ": ".join(titles[:-1]) + ": "
        for indicator in self.framework.indicators:
            self.found.append(Column(
                f"{path}.{indicator.code}", f"{group}คะแนน {indicator.code} {indicator.name_th}", "score",
                f"คะแนนตัวชี้วัด {indicator.code} {indicator.name_th} 0–100 ทศนิยมไม่เกิน 2 ตำแหน่ง / the score of "
                f"indicator {indicator.code}, 0–100, up to two decimals", 85.5, False, low=0, high=100))


def _example_values(kind: str) -> dict[str, Any]:
    """The cells a bundled example of the kind would fill (the O42 set's kinds: the bundle's example)."""
    from ita_docs.api import bundled_examples
    from ita_docs.reader import read_input_file

    found: dict[str, dict] = {}
    for path in bundled_examples():
        try:
            data = read_input_file(path)
        except Exception:  # an example that cannot be read gives no examples, never a failed workbook
            continue
        if isinstance(data, dict):
            found.setdefault(str(data.get("kind")), data)
    data = found.get(kind) or found.get("o42-bundle") or {}
    return _cells(data)


def _cells(data: dict, prefix: str = "") -> dict[str, Any]:
    cells: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            cells.update(_cells(value, f"{name}."))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for n, item in enumerate(value, start=1):
                cells.update(_cells(item, f"{name}.{n}."))
        elif isinstance(value, list):
            cells[name] = f" {LIST_SEPARATOR} ".join(str(v) for v in value)
        elif isinstance(value, dt.date):
            cells[name] = value.isoformat()
        else:
            cells[name] = value
    return cells


def _header(path: str, titles: tuple[str, ...]) -> str:
    from ita_docs.model.schema import column_headers

    headers = column_headers().get(_pattern(path))
    if headers:
        return headers[0]
    # the agency's and the result's own fields need no "หน่วยงาน:" in front
    shown = titles[1:] if path.startswith(("agency.", "assessment.")) and len(titles) > 1 else titles
    return ": ".join(shown)


def _add_checks(plan: Plan, framework: Any) -> None:
    """The total and grade of each row, computed by Excel from the year's weights: a check, not an input."""
    from openpyxl.utils import get_column_letter

    codes = [f"assessment.scores.{code}" for code in framework.indicator_codes]
    paths = [c.path for c in plan.columns]
    if not all(code in paths for code in codes):
        return
    # right after the last column of the result, where the officer compares them
    at = max(i for i, path in enumerate(paths) if path.startswith("assessment.")) + 1
    letters = {path: get_column_letter(i if i <= at else i + 2) for i, path in enumerate(paths, start=1)}
    first, last = letters[codes[0]], letters[codes[-1]]
    tools = {}
    for tool in framework.tools:
        cells = ",".join(f"{letters['assessment.scores.' + i.code]}{{r}}" for i in tool.indicators)
        tools[tool.code] = (Decimal(tool.weight), f"AVERAGE({cells})")
    weighted = "+".join(f"{weight}*{mean}" for weight, mean in tools.values())
    total = f'=IF(COUNT({first}{{r}}:{last}{{r}})<{len(codes)},"",ROUND({weighted},2))'
    total_letter = get_column_letter(at + 1)
    grade = '""'
    for level in reversed(framework.grading.levels):
        tests = [f"{total_letter}{{r}}>={level.min_total}"]
        if level.min_each_tool is not None:
            tests += [f"ROUND({mean},2)>={level.min_each_tool}" for _, mean in tools.values()]
        grade = f'IF(AND({",".join(tests)}),"{level.label}",{grade})'
    note = (f" (คำนวณโดย Excel จากน้ำหนักปี {framework.fiscal_year} เพื่อตรวจทาน ไม่ต้องกรอก / computed by Excel from the {framework.fiscal_year} "
            "weights as a check: not an input)")
    plan.columns[at:at] = [Column(f"{CHECK_PREFIX}check.total", "ตรวจสอบ: คะแนนรวม (คำนวณ)", "check",
                               "คะแนนรวมที่คำนวณจากคะแนนรายตัวชี้วัด / the total from the indicator scores" + note,
                               formula=total),
                           Column(f"{CHECK_PREFIX}check.grade", "ตรวจสอบ: ระดับ (คำนวณ)", "check",
                               "ระดับผลการประเมินที่คำนวณ / the grade from the computed total" + note,
                               formula=f'=IF({total_letter}{{r}}="","",{grade})')]


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _is_union_of_models(annotation: Any) -> bool:
    return _is_union(annotation) and any(is_model(unwrap_annotation(a)) for a in typing.get_args(annotation))


def _limits(info: Any) -> tuple[float | None, float | None]:
    low = high = None
    for item in info.metadata:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _min_length(info: Any) -> int:
    return max([getattr(m, "min_length", 0) or 0 for m in info.metadata] + [0])


# --- writing ------------------------------------------------------------------------------------------

def write_workbook(kind: str, path: str | Path, *, year: int | None = None, rows: int = DEFAULT_ROWS,
                   items: int = DEFAULT_ITEMS) -> Path:
    """Write the fill-in workbook of a kind; returns its path."""
    from openpyxl import Workbook

    the_plan = plan(kind, year, items)
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    _data_sheet(data, the_plan, rows)
    _help_sheet(book.create_sheet(HELP_SHEET), the_plan)
    _defaults_sheet(book.create_sheet(DEFAULTS_SHEET), the_plan)
    _meta_sheet(book.create_sheet(META_SHEET), the_plan)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        book.save(tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _visible_length(text: str) -> int:
    # Thai vowel and tone marks above and below take no width of their own
    return sum(1 for ch in str(text) if not ("\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"
                                             or ch == "\u0e34"))


def _list_range(plan: Plan, name: str) -> str:
    index = list(plan.lists).index(name)
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(4 + index)
    return f"'{META_SHEET}'!${letter}$2:${letter}${len(plan.lists[name]) + 1}"


def _validation(column: Column, plan: Plan):
    """The Excel rule of a column (None: any text), with its Thai input and error messages."""
    from openpyxl.worksheet.datavalidation import DataValidation

    prompt = _clip(column.description, 250)
    common = {"allow_blank": True, "showInputMessage": True, "showErrorMessage": True,
              "promptTitle": _clip(column.header, 32), "prompt": prompt, "errorTitle": _clip(column.header, 32)}
    rule = column.rule
    if rule == "score" or (rule == "decimal" and column.low is not None and column.high is not None):
        low, high = (0, 100) if rule == "score" else (column.low, column.high)
        return DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high),
                              error=f"ต้องเป็นตัวเลข {low}–{high} / a number from {low} to {high}", **common)
    if rule == "int":
        low = -(10 ** 9) if column.low is None else int(column.low)
        high = 10 ** 9 if column.high is None else int(column.high)
        return DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                              error=f"ต้องเป็นจำนวนเต็ม {low}–{high} / a whole number from {low} to {high}", **common)
    if rule == "decimal":
        return DataValidation(type="decimal", operator="between", formula1="-1E+9", formula2="1E+9",
                              error="ต้องเป็นตัวเลข / a number", **common)
    if rule == "date":  # a warning only: a date written the Thai way ("14 พ.ค. 2567") is read too
        return DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                              formula2="DATE(2800,12,31)", errorStyle="warning",
                              error="ควรเป็นวันที่ เช่น 2567-05-14 หรือ 14 พ.ค. 2567 / a date is expected", **common)
    if rule in ("choice", "bool"):
        choices = column.choices
        source = _list_range(plan, choices) if isinstance(choices, str) else '"' + ",".join(choices) + '"'
        free = isinstance(choices, str) and choices == "indicators"  # an indicator may be named in words
        shown = plan.lists[choices] if isinstance(choices, str) else choices
        return DataValidation(type="list", formula1=source, errorStyle="warning" if free else "stop",
                              error=_clip(f"เลือกจากรายการ / choose one of: {', '.join(shown)}", 250), **common)
    if column.description:  # text: no rule, only the input message
        return DataValidation(type=None, **common)
    return None


def _clip(text: str, limit: int) -> str:
    # Excel refuses (and "repairs") a title over 32 or a message over 255 characters
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _data_sheet(sheet, plan: Plan, rows: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = FIRST_ROW + rows - 1
    bold = Font(bold=True)
    for index, column in enumerate(plan.columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(HEADER_ROW, index, column.header + (" *" if column.required else ""))
        colour = _CHECK_FILL if column.rule == "check" else _REQUIRED_FILL if column.required else _OPTIONAL_FILL
        head.fill = PatternFill("solid", fgColor=colour)
        head.font = Font(bold=True, italic=column.rule == "check")
        head.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(NAME_ROW, index, column.path)
        width = max(_visible_length(column.header) * 0.8, _visible_length(str(column.example or "")) * 1.1, 10)
        sheet.column_dimensions[letter].width = min(width + 2, 45)
        rule = _validation(column, plan)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(f"{letter}{FIRST_ROW}:{letter}{last}")
            # the same message on the header cell, so it shows when the column is chosen
            header_note = DataValidation(type=None, showInputMessage=True, promptTitle=rule.promptTitle,
                                         prompt=rule.prompt)
            sheet.add_data_validation(header_note)
            header_note.add(f"{letter}{HEADER_ROW}")
        number_format = {"score": "0.00", "decimal": "0.00", "date": "yyyy-mm-dd", "int": "0",
                         "check": "General"}.get(column.rule, "@")  # "@": text stays text (12/2567 is no date)
        for r in range(FIRST_ROW, last + 1):
            cell = sheet.cell(r, index)
            cell.number_format = number_format
            if column.rule == "check":
                cell.value = column.formula.format(r=r)
                cell.font = Font(italic=True, color="595959")
                cell.fill = PatternFill("solid", fgColor="F2F2F2")
    sheet.row_dimensions[HEADER_ROW].height = 48
    sheet.row_dimensions[NAME_ROW].hidden = True  # batch reads these names; the officer reads row 1
    sheet.freeze_panes = f"B{FIRST_ROW}"  # the headers and the agency's name stay in view
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"  # printed, each page has the Thai headers
    sheet.print_title_cols = "A:A"
    sheet.page_setup.orientation = "landscape"
    sheet.cell(NAME_ROW, 1).font = bold


def _help_sheet(sheet, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from ita_docs.kinds import get_kind

    kind = get_kind(plan.kind)
    lines = [
        f"แบบกรอกข้อมูลสำหรับสร้างเอกสาร: {kind.description}",
        f"ปีงบประมาณที่ประเมิน พ.ศ. {plan.year} (ตัวชี้วัด น้ำหนัก และระดับของปีนี้)",
        "",
        "วิธีใช้",
        f"๑. กรอกแผ่นงาน \"{DATA_SHEET}\" หนึ่งแถวต่อหนึ่งหน่วยงาน เริ่มที่แถว {FIRST_ROW} "
        "ช่องที่มีเครื่องหมาย * ต้องกรอก ช่องสีฟ้าเว้นว่างได้",
        "๒. เลือกช่องใดก็จะเห็นคำอธิบาย ช่องที่มีรายการให้เลือกจากรายการ คะแนนเป็นตัวเลข 0–100",
        f"๓. ข้อมูลที่ทุกหน่วยงานใช้ร่วมกัน (ปี วันที่ของเอกสาร จังหวัด ฯลฯ) กรอกที่แผ่นงาน \"{DEFAULTS_SHEET}\" ครั้งเดียว",
        f"๔. รายการหลายข้อในช่องเดียว (จุดแข็ง ขั้นตอน ผู้รับผิดชอบ) คั่นแต่ละข้อด้วย {LIST_SEPARATOR}",
        "๕. วันที่พิมพ์เป็นวันที่ของ Excel หรือแบบไทย เช่น 14 พ.ค. 2567 ก็ได้ ปี 2400 ขึ้นไปถือเป็น พ.ศ.",
        "๖. คอลัมน์สีเทา \"ตรวจสอบ\" คำนวณคะแนนรวมและระดับให้ดูเพื่อตรวจทาน ไม่ต้องกรอก และไม่ใช้สร้างเอกสาร",
        "๗. ห้ามลบหรือย้ายแถวที่ 2 ที่ซ่อนไว้ (ชื่อข้อมูลที่โปรแกรมอ่าน) และห้ามเปลี่ยนชื่อแผ่นงาน",
        f"๘. บันทึกแล้วสั่ง: ita-docs batch ไฟล์นี้.xlsx --kind {plan.kind} -o โฟลเดอร์ผลลัพธ์",
        "   แล้วเปิด report.csv ในโฟลเดอร์ผลลัพธ์ ดูแถวที่ไม่สำเร็จพร้อมชื่อคอลัมน์ที่ต้องแก้",
        "",
    ]
    if plan.skipped:
        left_out = dict.fromkeys(_pattern(path) for path in plan.skipped)
        lines.append("ข้อมูลที่ไม่มีในแบบกรอกนี้ (ใส่ในไฟล์ YAML แล้วใช้ --defaults ได้) / fields left to a YAML "
                     "--defaults file: " + ", ".join(left_out))
        lines.append("")
    for r, line in enumerate(lines, start=1):
        sheet.cell(r, 1, line).font = Font(bold=r in (1, 4))
    top = len(lines) + 1
    heads = ("คอลัมน์", "หัวคอลัมน์", "ชื่อข้อมูล", "จำเป็น", "คำอธิบาย", "ตัวอย่าง")
    for c, head in enumerate(heads, start=1):
        sheet.cell(top, c, head).font = Font(bold=True)
    for r, column in enumerate(plan.columns, start=top + 1):
        values = (get_column_letter(r - top), column.header, column.path, "จำเป็น" if column.required else "",
                  column.description, _shown(column.example))
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(r, c, value)
            cell.alignment = Alignment(wrap_text=c == 5, vertical="top")
    for letter, width in zip("ABCDEF", (9, 34, 30, 8, 80, 30)):
        sheet.column_dimensions[letter].width = width


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return f" {LIST_SEPARATOR} ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _defaults_sheet(sheet, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for c, head in enumerate(("ข้อมูล", "ชื่อข้อมูล", "ค่า (ใช้กับทุกหน่วยงาน)", "คำอธิบาย"), start=1):
        sheet.cell(1, c, head).font = Font(bold=True)
    for r, column in enumerate(plan.shared, start=2):
        sheet.cell(r, 1, column.header + (" *" if column.required else "")).font = Font(bold=True)
        sheet.cell(r, 2, column.path)
        value = sheet.cell(r, 3)
        value.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if column.required else _OPTIONAL_FILL)
        value.number_format = {"date": "yyyy-mm-dd", "int": "0", "decimal": "0.00"}.get(column.rule, "@")
        if column.path == "assessment.fiscal_year":
            value.value = plan.year  # the workbook's columns are this year's: batch checks it stays so
        elif column.path == "digits":
            value.value = "thai"
        sheet.cell(r, 4, column.description).alignment = Alignment(wrap_text=True, vertical="top")
        rule = _validation(column, plan)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(f"C{r}")
    for letter, width in zip("ABCD", (30, 28, 36, 80)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _meta_sheet(sheet, plan: Plan) -> None:
    from openpyxl.utils import get_column_letter

    from ita_docs import __version__

    for r, (key, value) in enumerate((("", META_TITLE), ("kind", plan.kind), ("fiscal_year", plan.year),
                                      ("version", __version__), ("items", plan.items)), start=1):
        sheet.cell(r, 1, key or None)
        sheet.cell(r, 2, value)
    for c, (name, values) in enumerate(plan.lists.items(), start=4):
        sheet.cell(1, c, name)
        for r, value in enumerate(values, start=2):
            sheet.cell(r, c, value)
        sheet.column_dimensions[get_column_letter(c)].width = 20
    sheet.sheet_state = "hidden"


# --- reading (batch) ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkbookInfo:
    kind: str
    year: int
    headers: dict[str, tuple[str, str]]  # dotted name → (Thai header, column letter)
    defaults: dict[str, Any]  # nested, from the defaults sheet


def read_info(book: Any, source: str) -> WorkbookInfo | None:
    """What a workbook of ours says of itself (None: an ordinary workbook)."""
    from ita_docs.batch.tables import _cell, _column_letter, _is_blank, unflatten

    if META_SHEET not in book.sheetnames:
        return None
    meta_rows = list(book[META_SHEET].iter_rows(min_row=1, max_row=5, max_col=2, values_only=True))
    if not meta_rows or len(meta_rows[0]) < 2 or meta_rows[0][1] != META_TITLE:
        return None
    meta = {row[0]: row[1] for row in meta_rows[1:] if len(row) >= 2 and row[0]}
    if DATA_SHEET not in book.sheetnames:
        raise TableError(source, f"ไม่มีแผ่นงาน \"{DATA_SHEET}\" (อย่าเปลี่ยนชื่อแผ่นงาน) / the data sheet "
                                 f"{DATA_SHEET!r} is missing (sheets must keep their names)")
    rows = [list(r) for r in book[DATA_SHEET].iter_rows(min_row=HEADER_ROW, max_row=NAME_ROW, values_only=True)]
    thai, names = (rows + [[], []])[:2]
    if not any(isinstance(n, str) and n.isascii() and n for n in names):
        raise TableError(source, f"แถวที่ {NAME_ROW} ของแผ่นงาน \"{DATA_SHEET}\" (ชื่อข้อมูลที่ซ่อนไว้) ถูกลบหรือแก้ไข "
                                 "สร้างแบบกรอกใหม่แล้วคัดลอกข้อมูลไปวาง / the hidden row of names on the data sheet "
                                 f"(row {NAME_ROW}) was removed or changed: make a new workbook and paste the data into it")
    headers = {str(n): (str(t or n), _column_letter(i)) for i, (t, n) in enumerate(zip(thai, names), start=1) if n}
    flat: dict[str, Any] = {}
    if DEFAULTS_SHEET in book.sheetnames:
        for row in book[DEFAULTS_SHEET].iter_rows(min_row=2, max_col=3, values_only=True):
            if len(row) >= 3 and row[1] and not _is_blank(row[2]):
                flat[str(row[1])] = _cell(row[2])
                headers.setdefault(str(row[1]), (f"{DEFAULTS_SHEET}: {row[0]}", ""))
    try:
        year = int(meta.get("fiscal_year"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise TableError(source, f"แผ่นงาน {META_SHEET} ไม่ระบุปี / the hidden sheet names no year") from None
    return WorkbookInfo(str(meta.get("kind")), year, headers, unflatten(flat, source=f"{source} ({DEFAULTS_SHEET})"))


def workbook_info(path: str | Path) -> WorkbookInfo | None:
    """The info of a workbook made by `ita-docs workbook` (None for any other table)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return None
    from openpyxl import load_workbook

    from ita_docs.batch.tables import _refuse_dtd

    _refuse_dtd(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise TableError(str(path), f"อ่านไฟล์ Excel ไม่ได้ / cannot read the workbook: {exc}") from None
    try:
        return read_info(book, str(path))
    finally:
        book.close()


def batch_defaults(path: str | Path, kind: str, file_defaults: dict[str, Any]) -> tuple[dict[str, Any], WorkbookInfo | None]:
    """The defaults of a batch over a table: the workbook's defaults sheet under the --defaults file.
    A workbook made for another kind, or for another year than its defaults now say, is refused."""
    from ita_docs.batch.runner import merge

    info = workbook_info(path)
    if info is None:
        return file_defaults, None
    source = str(path)
    if info.kind != kind:
        raise TableError(source, f"แบบกรอกนี้ทำไว้สำหรับ {info.kind} ไม่ใช่ {kind} ใช้ --kind {info.kind} หรือสร้างแบบกรอกใหม่ "
                                 f"ด้วย ita-docs workbook {kind} / this workbook is for kind {info.kind!r}, not {kind!r}")
    defaults = merge(info.defaults, file_defaults)
    given = (defaults.get("assessment") or {}).get("fiscal_year") if isinstance(defaults.get("assessment"), dict) else None
    if given is not None and str(given) != str(info.year):
        raise TableError(source, f"แบบกรอกนี้ทำไว้สำหรับปีงบประมาณ {info.year} (ตัวชี้วัดและน้ำหนักของปีนั้น) แต่ค่าร่วมระบุปี "
                                 f"{given} สร้างแบบกรอกใหม่ด้วย ita-docs workbook {kind} --year {given} / this workbook "
                                 f"was made for fiscal year {info.year}, but its defaults say {given}: make a new one "
                                 f"with --year {given}")
    return defaults, info


def explain_errors(info: WorkbookInfo | None) -> Callable[[Any], Any]:
    """RowOutcome → the same, its problems naming the Thai column header (and letter) of each field."""
    if info is None:
        return lambda outcome: outcome

    def explain(outcome: Any) -> Any:
        if outcome.status != "failed" or not outcome.error:
            return outcome
        return replace(outcome, error="; ".join(_explain_one(info, part) for part in outcome.error.split("; ")))

    return explain


def _explain_one(info: WorkbookInfo, problem: str) -> str:
    name, sep, message = problem.partition(": ")
    if not sep or " " in name:
        return problem
    candidates = list(_column_candidates(name))
    for candidate in candidates:
        if candidate in info.headers:
            header, letter = info.headers[candidate]
            where = f"คอลัมน์ {letter} " if letter else ""
            return f"{where}\"{header}\" ({candidates[0]}): {message}"  # named as in the hidden row
    return problem


def _column_candidates(name: str) -> Iterator[str]:
    """A model's field (list positions from 0) → the column names it may come from, longest first."""
    parts = [str(int(p) + 1) if p.isdecimal() else p for p in name.split(".")]
    for end in range(len(parts), 0, -1):
        yield ".".join(parts[:end])
