"""Score-only input files and their score cards (SPEC §7); the command is ita_docs.score_command.

An input file (YAML or JSON) holds one year::

    fiscal_year: 2563
    scores: {I1: 84.46, I2: 71.76, …, O10: 31.25}
    published_total: 62.83      # optional, verified

or several years of one agency: ``years: [{fiscal_year: …, scores: …}, …]`` (optionally with
``agency:`` and ``kind: score`` at the top).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from pydantic import ValidationError

from ita_docs.diagnostics import ItaDocsError
from ita_docs.thai import Digits, check_digits, convert_digits, format_score

from .framework import Framework
from .scorecard import (
    ScoreCard,
    _did_you_mean,
    score_error_from_validation,
)
from .texts import assumption_note

__all__ = [
    "ScoreInput",
    "ScoreInputError",
    "cards_to_json",
    "format_score_table",
    "load_score_input",
    "parse_score_input",
]


#: Facts a score result relies on (for the "unconfirmed" note).
RESULT_FACTS = ("tools", "weights", "grading", "pass_mark")

CARD_KEYS = ("fiscal_year", "scores", "published_tools", "published_total", "published_grade", "oit_items")
_TOP_KEYS = ("kind", "agency", "years") + CARD_KEYS


class ScoreInputError(ItaDocsError, ValueError):
    """A score input file is unreadable or invalid; the message names the file and field."""

    def __init__(self, source: str, field: Optional[str], message: str) -> None:
        self.source = source
        self.field = field
        self.message = message
        super().__init__(f"{source}: {message}")

    def __reduce__(self):
        return (self.__class__, (self.source, self.field, self.message))


@dataclass(frozen=True)
class ScoreInput:
    """A loaded score input: its cards (oldest year first when several)."""

    source: str
    cards: tuple[ScoreCard, ...]
    multi_year: bool
    agency: Optional[str] = None


def _card(entry: Any, where: str, source: str, frameworks: Mapping[int, Framework]) -> ScoreCard:
    if not isinstance(entry, Mapping):
        raise ScoreInputError(
            source, where or None,
            f"{where or '(file)'}: ต้องเป็นข้อมูลแบบ key: value / must be a mapping with fiscal_year and scores",
        )
    args = {k: v for k, v in entry.items() if k in CARD_KEYS}
    for k in entry:
        if k not in CARD_KEYS:
            field = f"{where}.{k}" if where else str(k)
            th, en = _did_you_mean(k, CARD_KEYS)
            raise ScoreInputError(
                source, field,
                f"{field}: ไม่รู้จักช่อง {k!r}{th} (ใช้ได้: {', '.join(CARD_KEYS)}) / "
                f"{field}: unknown field {k!r}{en} (allowed: {', '.join(CARD_KEYS)})",
            )
    try:
        return ScoreCard.model_validate(args, context={"frameworks": frameworks})
    except ValidationError as exc:
        err = score_error_from_validation(exc)
        field = f"{where}.{err.field}" if where else err.field
        msg = f"{where}: {err.message}" if where else err.message
        raise ScoreInputError(source, field, msg) from None


def parse_score_input(
    data: Any,
    source: str = "(input)",
    *,
    frameworks: Union[Framework, Iterable[Framework], None] = None,
) -> ScoreInput:
    """Cards from already-parsed input data (one year, or ``years: […]``)."""
    if isinstance(frameworks, Framework):
        frameworks = [frameworks]
    fws = {fw.fiscal_year: fw for fw in (frameworks or ())}
    if not isinstance(data, Mapping):
        raise ScoreInputError(
            source, None,
            "ต้องมี fiscal_year และ scores หรือ years: [...] ที่ระดับบนสุด / "
            "the top level must hold fiscal_year and scores, or years: [...]",
        )
    for k in data:
        if k not in _TOP_KEYS:
            th, en = _did_you_mean(k, _TOP_KEYS)
            raise ScoreInputError(
                source, str(k),
                f"{k}: ไม่รู้จักช่องนี้{th} (ใช้ได้: {', '.join(_TOP_KEYS)}) / "
                f"{k}: unknown field{en} (allowed: {', '.join(_TOP_KEYS)})",
            )
    kind = data.get("kind")
    if kind is not None and kind != "score":
        raise ScoreInputError(source, "kind", f"kind: ต้องเป็น 'score' ไม่ใช่ {kind!r} / must be 'score', not {kind!r}")
    agency = data.get("agency")
    if agency is not None and not isinstance(agency, str):
        raise ScoreInputError(source, "agency", f"agency: ต้องเป็นข้อความ / must be text, got {agency!r}")
    if "years" in data:
        extra = [k for k in data if k in CARD_KEYS]
        if extra:
            raise ScoreInputError(
                source, extra[0],
                f"{extra[0]}: ใช้ร่วมกับ years ไม่ได้ ให้ใส่ไว้ในแต่ละปี / cannot be used beside years: put it inside each year",
            )
        years = data["years"]
        if not isinstance(years, list) or not years:
            raise ScoreInputError(source, "years", "years: ต้องเป็นรายการของปีอย่างน้อยหนึ่งปี / must be a non-empty list of years")
        cards = [_card(e, f"years[{n}]", source, fws) for n, e in enumerate(years)]
        seen: dict[int, int] = {}
        for n, c in enumerate(cards):
            if c.fiscal_year in seen:
                raise ScoreInputError(
                    source, f"years[{n}].fiscal_year",
                    f"years[{n}].fiscal_year: ปี {c.fiscal_year} ซ้ำกับ years[{seen[c.fiscal_year]}] / "
                    f"year {c.fiscal_year} repeats years[{seen[c.fiscal_year]}]",
                )
            seen[c.fiscal_year] = n
        cards.sort(key=lambda c: c.fiscal_year)
        return ScoreInput(source, tuple(cards), True, agency)
    card_data = {k: v for k, v in data.items() if k in CARD_KEYS}
    return ScoreInput(source, (_card(card_data, "", source, fws),), False, agency)


def load_score_input(
    path: Union[str, Path], *, frameworks: Union[Framework, Iterable[Framework], None] = None
) -> ScoreInput:
    """Read a score input file (YAML or JSON, by the one reader). Raises an ItaDocsError."""
    from ita_docs.reader import read_input_file

    return parse_score_input(read_input_file(path), str(path), frameworks=frameworks)


def cards_to_json(cards: Sequence[ScoreCard], multi_year: Optional[bool] = None, indent: Optional[int] = None) -> str:
    """§7 JSON: one object for a single card (unless ``multi_year``), else a list of them."""
    if multi_year is None:
        multi_year = len(cards) != 1
    payload: Any = [c.to_dict() for c in cards] if multi_year else cards[0].to_dict()
    return json.dumps(payload, ensure_ascii=False, indent=indent)


# -- terminal table --------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a string takes in a terminal (Thai vowels and tone marks above/below take none)."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _mark(value) -> str:
    return str(value.quantize(1)) if value == value.to_integral_value() else str(value)


def format_score_table(cards: Sequence[ScoreCard], digits: Digits = "thai", agency: Optional[str] = None) -> str:
    """A readable Thai table: indicators grouped by tool with each tool's subtotal, the total,
    the grade and pass/fail, one column per fiscal year; then notes on unconfirmed facts."""
    check_digits(digits)
    if not cards:
        return ""
    cards = sorted(cards, key=lambda c: c.fiscal_year)
    latest = cards[-1].framework
    rows: list[tuple[str, str, list[str]]] = []  # (code, label, values)
    blank = "-"

    def sc(v) -> str:
        return format_score(v, digits=digits) if v is not None else blank

    tool_codes = list(latest.tool_codes) + [t for c in cards for t in c.framework.tool_codes if t not in latest.tool_codes]
    for tcode in dict.fromkeys(tool_codes):
        fw_t = next(c.framework.tool(tcode) for c in reversed(cards) if tcode in c.framework.tool_codes)
        ind_codes = list(dict.fromkeys(
            [i.code for i in fw_t.indicators]
            + [i for c in cards if tcode in c.framework.tool_codes for i in c.framework.tool(tcode).indicator_codes]
        ))
        for icode in ind_codes:
            name = next(
                c.framework.indicator(icode).name_th for c in reversed(cards) if icode in c.framework.indicator_codes
            )
            rows.append((icode, name, [sc(c.rounded_indicator_scores.get(icode)) for c in cards]))
        rows.append((tcode, f"รวม {fw_t.name_th}", [sc(c.rounded_tool_scores.get(tcode)) for c in cards]))
    rows.append(("", "คะแนนรวม (total)", [sc(c.rounded_total) for c in cards]))
    rows.append(("", "ระดับผลการประเมิน (grade)", [c.grade for c in cards]))
    rows.append((
        "",
        "ผ่านเกณฑ์ (passed)",
        [
            ("ผ่าน" if c.passed else "ไม่ผ่าน") + " " + convert_digits(f"(≥ {_mark(c.pass_mark)})", digits)
            for c in cards
        ],
    ))

    head_code, head_name = "รหัส", "ตัวชี้วัด / แบบวัด"
    years = [convert_digits(f"พ.ศ. {c.fiscal_year}", digits) for c in cards]
    w_code = max(_width(head_code), *(_width(r[0]) for r in rows))
    w_name = max(_width(head_name), *(_width(r[1]) for r in rows))
    w_vals = [max(_width(years[i]), *(_width(r[2][i]) for r in rows)) for i in range(len(cards))]

    def line(code: str, name: str, vals: list[str]) -> str:
        cells = [_pad(code, w_code), _pad(name, w_name)] + [_pad(v, w_vals[i], right=True) for i, v in enumerate(vals)]
        return "  ".join(cells).rstrip()

    rule = "-" * (w_code + w_name + sum(w_vals) + 2 * (1 + len(cards)))
    out = []
    title = "ผลการประเมินคุณธรรมและความโปร่งใส (ITA)"
    if agency:
        title += f" {agency}"
    out.append(title)
    out.append(line(head_code, head_name, years))
    out.append(rule)
    # Codes (I1, O10, IIT) are identifiers and stay as typed; scores and years follow ``digits``.
    for n, (code, name, vals) in enumerate(rows):
        out.append(line(code, name, vals))
        if code in latest.tool_codes or n == len(rows) - 3:  # after each tool and after the total
            out.append(rule)
    notes = []
    for c in cards:
        note = assumption_note(c.framework, RESULT_FACTS, digits=digits)
        if note:
            notes.append(note)
    out.extend(dict.fromkeys(notes))
    return "\n".join(out) + "\n"
