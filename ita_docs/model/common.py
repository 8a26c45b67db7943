"""Shared model parts: the strict base, user text, dates, file paths, people, agency, document numbers."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    field_validator,
    model_validator,
)

from ita_docs.diagnostics import InputError, InputProblem, ItaDocsWarning
from ita_docs.thai import DocumentNumber as ThaiDocumentNumber
from ita_docs.thai import ThaiDateError, VerbatimText, parse_date
from ita_docs.thai.dates import looks_like_date

Digits = Literal["thai", "arabic"]

# XML 1.0 forbids these characters; a Word file cannot hold them.
_ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_illegal_xml_chars(text: str) -> str:
    return _ILLEGAL_XML_CHARS.sub("", text)


def _clean_text(value: str) -> str:
    if "\r" not in value and _ILLEGAL_XML_CHARS.search(value) is None:
        return value  # nearly all text: nothing to change (checked once, not replaced and compared)
    cleaned = strip_illegal_xml_chars(value.replace("\r\n", "\n").replace("\r", "\n"))
    if cleaned != value.replace("\r\n", "\n").replace("\r", "\n"):
        warnings.warn(
            "ลบอักขระควบคุมที่ใช้ในเอกสารไม่ได้ออกแล้ว / removed control characters that a Word file "
            f"cannot hold: {value[:40]!r}",
            ItaDocsWarning,
            stacklevel=2,
        )
    return cleaned


def _number_to_text(value: Any) -> Any:
    # YAML reads 2567 or 12.5 as numbers where text is meant; keep them as typed.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _text_or_verbatim(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    # Any text field may be {text: "…", verbatim: true}: kept exactly as typed (digits too).
    if isinstance(value, dict) and "text" in value and set(value) <= {"text", "verbatim"}:
        verbatim = value.get("verbatim", False)
        if not isinstance(verbatim, bool):
            raise ValueError("verbatim ต้องเป็น true หรือ false / verbatim must be true or false")
        text = handler(value["text"])
        return VerbatimText(text) if verbatim else text
    return handler(value)


def _text_quickly(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if type(value) is str:  # nearly every text: what the validators inside would do, in one call
        return _clean_text(value)
    return _text_or_verbatim(value, handler)


_TEXT_SCHEMA = WithJsonSchema({"anyOf": [
    {"type": "string"},
    {"type": "object", "properties": {"text": {"type": "string"}, "verbatim": {"type": "boolean"}},
     "required": ["text"], "additionalProperties": False,
     "description": "ข้อความตามที่พิมพ์ทุกตัวอักษร (verbatim: true) / text kept exactly as typed, digits too"},
]})

Text = Annotated[str, BeforeValidator(_number_to_text), AfterValidator(_clean_text), WrapValidator(_text_quickly),
                 _TEXT_SCHEMA]
"""User text: control characters removed (with a warning); newlines kept (they start paragraphs).
Written {text: "…", verbatim: true} it is kept exactly as typed (a ``VerbatimText``)."""

BoundedText = Annotated[str, BeforeValidator(_number_to_text), AfterValidator(_clean_text),
                        WrapValidator(_text_or_verbatim), _TEXT_SCHEMA]
"""Text with a length limit (``Field(max_length=…)``): pydantic checks the limit inside the
validators that ``Text`` skips for a plain string, so a limited field must use this one."""


def _input_date(value: Any) -> Any:
    # Every date field reads through thai.parse_date: B.E. or C.E., ISO or Thai-written.
    if isinstance(value, (dt.date, str)):
        return parse_date(value)
    raise ThaiDateError("ต้องเป็นวันที่ เช่น 2567-05-14 หรือ 14 พ.ค. 2567 / a date is expected, e.g. "
                        "2567-05-14 or 14 พ.ค. 2567")


_DATE_DESCRIPTION = (
    "วันที่ ปี พ.ศ. หรือ ค.ศ. (ปี 2400 ขึ้นไปคือ พ.ศ.) แบบ ปปปป-ดด-วว หรือเขียนแบบไทย / a date in the "
    "Buddhist era (B.E.) or the Common era (C.E.); a year of 2400 or more is B.E.: YYYY-MM-DD, D/M/YYYY, or written the "
    "Thai way with a full or abbreviated month, Thai or Arabic digits and an optional พ.ศ."
)
_DATE_EXAMPLES = ["2567-05-14", "2024-05-14", "14 พ.ค. 2567", "๑๔ พฤษภาคม พ.ศ. ๒๕๖๗"]

Date = Annotated[
    dt.date,
    BeforeValidator(_input_date),
    WithJsonSchema({"type": "string", "description": _DATE_DESCRIPTION, "examples": _DATE_EXAMPLES}),
]
"""A date of an input, in either era: "2567-05-14" and "14 พ.ค. 2567" are 14 May 2024; a day that
does not exist (30 February, 29 February 2566) is an error naming the field."""


def _date_or_sentence(value: Any) -> Any:
    if isinstance(value, dt.date) or (isinstance(value, str) and looks_like_date(value)):
        return _input_date(value)
    return value


DateOrText = Annotated[
    Date | Text,
    BeforeValidator(_date_or_sentence),
    WithJsonSchema({"type": "string", "description": _DATE_DESCRIPTION + "; or a sentence as written / "
                    "หรือข้อความตามที่เขียน", "examples": [*_DATE_EXAMPLES, "ตั้งแต่บัดนี้เป็นต้นไป"]}),
]
"""A date (read as ``Date``), or text that is not written as a date at all (kept as typed)."""


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not vanish silently."""

    # defer_build: a model's validator is built when it first validates, so `render` of a memo does
    # not build those of every block and kind it never meets (a tenth of its start-up)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


def resolve_path(value: Any, info: ValidationInfo) -> Any:
    """Relative file paths in an input file are relative to that file's folder."""
    if value is None or value == "":
        return None
    path = Path(str(value)).expanduser()
    base = (info.context or {}).get("base_dir") if info.context else None
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    return path


FilePath = Annotated[Path, BeforeValidator(resolve_path)]


class Person(Strict):
    """A signer: full name with title, and a position that may span lines."""

    name: Text
    position: list[Text] = Field(default_factory=list)

    @field_validator("position", mode="before")
    @classmethod
    def _split_position(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [line for line in value.split("\n") if line.strip()]
        return value


class Agency(Strict):
    name: Text
    emblem: FilePath | None = None


class DocumentNumber(Strict):
    """ที่ …: "นธ 61406/78", or {prefix, running, circular}; an empty running number is kept blank."""

    prefix: Text
    running: Text = ""
    circular: bool = False

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, str):
            parsed = ThaiDocumentNumber.parse(value)
            return {"prefix": parsed.prefix, "running": parsed.running, "circular": parsed.circular}
        return value

    def format(self, digits: Digits) -> str:
        return ThaiDocumentNumber(self.prefix, self.running, self.circular).format(digits=digits)


class StyleOptions(Strict):
    """The house-style choices a document may make (§4)."""

    font: Literal["TH SarabunPSK", "TH Sarabun New", "TH SarabunIT๙"] = "TH SarabunPSK"
    dotted_lines: bool = True


class InputDocument(Strict):
    """What every input has, whatever its kind: the public contract of load(), render() and batch."""

    kind: str  # each kind narrows it to its own name
    digits: Digits = "thai"
    style: StyleOptions = StyleOptions()


# --- errors --------------------------------------------------------------------------------------

_THAI_MESSAGES = {
    "missing": "ขาดข้อมูลที่จำเป็น / required field is missing",
    "extra_forbidden": "ไม่รู้จักชื่อนี้ (พิมพ์ผิดหรือไม่) / unknown field (a typo?)",
    "date_from_datetime_parsing": "วันที่ไม่ถูกต้อง ใช้ ปปปป-ดด-วว (พ.ศ. หรือ ค.ศ.) หรือ 14 พ.ค. 2567 / invalid date, use YYYY-MM-DD (B.E. or C.E.) or 14 พ.ค. 2567",
    "date_parsing": "วันที่ไม่ถูกต้อง ใช้ ปปปป-ดด-วว (พ.ศ. หรือ ค.ศ.) หรือ 14 พ.ค. 2567 / invalid date, use YYYY-MM-DD (B.E. or C.E.) or 14 พ.ค. 2567",
    "date_type": "วันที่ไม่ถูกต้อง ใช้ ปปปป-ดด-วว (พ.ศ. หรือ ค.ศ.) หรือ 14 พ.ค. 2567 / invalid date, use YYYY-MM-DD (B.E. or C.E.) or 14 พ.ค. 2567",
    "literal_error": "ค่าไม่อยู่ในตัวเลือกที่รับได้ / value not among the allowed ones",
    "string_type": "ต้องเป็นข้อความ / must be text",
    "list_type": "ต้องเป็นรายการ (list) / must be a list",
    "dict_type": "ต้องเป็นชุดข้อมูล (mapping) / must be a mapping",
    "model_type": "ต้องเป็นชุดข้อมูล (mapping) / must be a mapping",
    "bool_type": "ต้องเป็น true หรือ false / must be true or false",
    "bool_parsing": "ต้องเป็น true หรือ false / must be true or false",
    "int_parsing": "ต้องเป็นจำนวนเต็ม / must be a whole number",
    "int_type": "ต้องเป็นจำนวนเต็ม / must be a whole number",
    "float_parsing": "ต้องเป็นตัวเลข / must be a number",
    "float_type": "ต้องเป็นตัวเลข / must be a number",
    "greater_than": "ค่าต้องมากกว่าที่กำหนด / value too small",
    "greater_than_equal": "ค่าต้องไม่น้อยกว่าที่กำหนด / value too small",
    "less_than_equal": "ค่าต้องไม่มากกว่าที่กำหนด / value too large",
    "string_too_long": "ข้อความยาวเกินกำหนด / text too long",
    "too_long": "มีรายการมากเกินกำหนด / too many items",
    "too_short": "มีรายการน้อยกว่าที่กำหนด / too few items",
}
_LIMITS = ("gt", "ge", "lt", "le", "max_length", "min_length")  # a limit the message above then shows


def problems_from_validation_error(error: ValidationError) -> list[InputProblem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = ".".join(str(p) for p in item["loc"] if not str(p).startswith("function-"))
        kind = item["type"]
        if kind == "value_error":
            cause = item.get("ctx", {}).get("error")
            message = str(cause if cause is not None else item["msg"])
            inner = getattr(cause, "field", None)  # a ScoreError knows its field inside the card
            if inner:
                loc = f"{loc}.{inner}" if loc else str(inner)
                if message.startswith(f"{inner}:"):
                    message = message[len(inner) + 1:].strip()
        else:
            message = _THAI_MESSAGES.get(kind, f"ข้อมูลไม่ถูกต้อง / {item['msg']}")
            if kind == "literal_error" and "ctx" in item:
                message += f": {item['ctx'].get('expected')}"
            limits = [f"{name} {item['ctx'][name]}" for name in _LIMITS if name in item.get("ctx", {})]
            if limits:
                message += f" ({', '.join(limits)})"
        value = item.get("input") if kind not in ("missing",) and not isinstance(item.get("input"), dict) else None
        if isinstance(value, dt.date):  # as the user typed it, not datetime.date(2568, 2, 29)
            value = value.isoformat()
        problems.append(InputProblem(loc, message, value))
    return problems


def validate_input(model: type[InputDocument], data: Any, *, source: str | None = None,
                   row: int | None = None, base_dir: Path | None = None) -> InputDocument:
    """model.model_validate with errors turned into an InputError naming file, row and fields."""
    try:
        return model.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as exc:
        raise InputError(problems_from_validation_error(exc), source=source, row=row) from None
