"""One agency's ITA result in one fiscal year, and several years of one agency (SPEC §6).

All arithmetic is exact: indicator scores are read as Decimals (floats through their shortest
repr, so 45.255 stays 45.255), means and weighted sums are kept as exact fractions, and values
are rounded half-up to two decimals only for display, grading and verification. The §6 example
(OIT = 45.255) therefore gives 45.26, where binary floats give 45.25.

Unrounded values are exposed as Decimals; a value with no finite decimal expansion (a mean of
three scores) is given to 28 significant digits, which can never change a half-up rounding.
"""

from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from ita_docs.diagnostics import ItaDocsError, ItaDocsWarning
from ita_docs.thai import BuddhistYearError, check_be_year, round_half_up, to_arabic_digits, to_decimal

from .framework import Framework, FrameworkError, OitItem, load_framework

__all__ = [
    "BelowPass",
    "HistoryRow",
    "IndicatorChange",
    "IndicatorScore",
    "Mismatch",
    "ScoreCard",
    "ScoreError",
    "ScoreHistory",
    "ScoreMismatchError",
    "ScoreMismatchWarning",
    "ToolScore",
    "OitItemChange",
    "TOLERANCE",
    "parse_score",
]

#: Largest accepted difference between a published figure and the computed one.
TOLERANCE = Decimal("0.01")

_HUNDRED = Decimal(100)
_OIT_RE = re.compile(r"^O[0-9]+$")
_CTX = Context(prec=28)


class ScoreError(ItaDocsError, ValueError):
    """A score input is wrong: names the field and the value, in Thai and English.

    ``str(err)`` is "<field>: <Thai> / <field>: <English>". Picklable (crosses process pools).
    """

    def __init__(self, field: str, value: Any, message: str) -> None:
        self.field = field
        self.value = value
        self.message = message
        super().__init__(message)

    @classmethod
    def make(cls, field: str, value: Any, th: str, en: str) -> ScoreError:
        return cls(field, value, f"{field}: {th} / {field}: {en}")

    def __reduce__(self):
        return (self.__class__, (self.field, self.value, self.message))


@dataclass(frozen=True)
class Mismatch:
    """A published figure that differs from the computed one by more than the tolerance."""

    field: str
    published: Any
    computed: Any

    @property
    def message(self) -> str:
        return (
            f"{self.field}: ค่าที่เผยแพร่ {self.published} ไม่ตรงกับค่าที่คำนวณได้ {self.computed} / "
            f"{self.field}: published {self.published} differs from computed {self.computed}"
        )


class ScoreMismatchError(ScoreError):
    """Published figures do not match the computed ones (``--no-verify`` makes it a warning)."""

    def __init__(self, mismatches: tuple[Mismatch, ...]) -> None:
        self.mismatches = tuple(mismatches)
        first = self.mismatches[0]
        super().__init__(first.field, first.published, "\n".join(m.message for m in self.mismatches))

    def __reduce__(self):
        return (self.__class__, (self.mismatches,))


class ScoreMismatchWarning(ItaDocsWarning):
    """A published figure differs from the computed one and verification was not strict."""


# -- parsing ---------------------------------------------------------------------------------


def _short(value: Any, limit: int = 60) -> str:
    r = repr(value)
    return r if len(r) <= limit else r[: limit - 1] + "…"


# A score typed as text is a plain decimal: digits (Arabic or Thai), at most one point, a sign. Not
# "8,4" (a decimal comma, or a thousands separator?) nor "1_0" (Python's digit grouping): guessing
# would turn 8,4 into 84 without a word.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_score(value: Any, field: str, *, low: Decimal = Decimal(0), high: Decimal = _HUNDRED) -> Decimal:
    """A score from an int, float, Decimal or string (a plain decimal; Thai digits allowed), checked to
    be in [low, high]; anything else raises :class:`ScoreError` naming ``field`` and ``value``."""
    if value is None:
        raise ScoreError.make(field, value, "ไม่มีค่าคะแนน", "the score is missing")
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise ScoreError.make(
            field, value, f"ต้องเป็นตัวเลข ไม่ใช่ {value!r}", f"must be a number, not {value!r}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ScoreError.make(field, value, f"ค่า {value} ไม่ใช่ตัวเลขที่ใช้ได้", f"{value} is not a usable number")
    if isinstance(value, str) and not value.strip():
        raise ScoreError.make(field, value, "ไม่มีค่าคะแนน (ข้อความว่าง)", "the score is missing (empty text)")
    if isinstance(value, str) and not _PLAIN_DECIMAL.fullmatch(to_arabic_digits(value.strip())):
        raise ScoreError.make(
            field, value,
            f"ค่า {_short(value)} ไม่ใช่ตัวเลขทศนิยมธรรมดา ใช้จุดเป็นจุดทศนิยม ไม่ใส่จุลภาคหรือขีดล่าง (เช่น 84.46)",
            f"{_short(value)} is not a number written as a plain decimal: use a point for decimals, with "
            "no comma, underscore or thousands separator (such as 84.46)",
        )
    try:
        d = to_decimal(value)
    except (TypeError, ValueError):
        raise ScoreError.make(
            field, value, f"ค่า {value!r} ไม่ใช่ตัวเลข", f"{value!r} is not a number"
        ) from None
    if not (low <= d <= high):
        raise ScoreError.make(
            field,
            value,
            f"คะแนน {value} อยู่นอกช่วง {low}–{high}",
            f"score {value} is outside {low}–{high}",
        )
    return d


def _parse_year(value: Any, field: str = "fiscal_year") -> int:
    v = value
    if isinstance(v, str) and to_arabic_digits(v.strip()).isdigit():
        v = int(to_arabic_digits(v.strip()))
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ScoreError.make(
            field, value, f"ต้องเป็นปี พ.ศ. เช่น 2563 ไม่ใช่ {value!r}", f"must be a B.E. year such as 2563, not {value!r}"
        )
    try:
        return check_be_year(v, field)
    except BuddhistYearError as exc:
        raise ScoreError(field, value, str(exc)) from None


def _frac(d: Decimal) -> Fraction:
    return Fraction(d)


def _dec(f: Fraction) -> Decimal:
    """Exact Decimal when the fraction terminates in few digits, else 28 significant digits."""
    return _CTX.divide(Decimal(f.numerator), Decimal(f.denominator))


def _r2(value: Union[Decimal, Fraction]) -> Decimal:
    """Half-up to 2 decimals, exact for fractions (no intermediate rounding)."""
    if isinstance(value, Fraction):
        # floor(x*100 + 1/2) for x >= 0 is half-up; scores are never negative, but be general.
        scaled = value * 100
        n = math.floor(abs(scaled) + Fraction(1, 2))
        q = Decimal(n if scaled >= 0 else -n).scaleb(-2)
        return q if n else Decimal("0.00")
    return round_half_up(value, 2)


# -- result records --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    """An indicator's score in a card: ``score`` unrounded, ``rounded`` to 2 decimals."""

    code: str
    name: str
    tool: str
    score: Decimal
    rounded: Decimal
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "tool": self.tool, "score": float(self.rounded)}


@dataclass(frozen=True)
class ToolScore:
    code: str
    name: str
    weight: Decimal
    score: Decimal
    rounded: Decimal
    passed: bool


@dataclass(frozen=True)
class BelowPass:
    """Tools and indicators under the pass mark (rounded), in framework order."""

    pass_mark: Decimal
    tools: tuple[ToolScore, ...]
    indicators: tuple[IndicatorScore, ...]
    tool_count: int

    @property
    def no_tool_passed(self) -> bool:
        return len(self.tools) == self.tool_count

    @property
    def all_passed(self) -> bool:
        return not self.tools and not self.indicators


# -- the score card --------------------------------------------------------------------------


def _framework_from_context(info: ValidationInfo, year: int) -> Optional[Framework]:
    ctx = info.context if info is not None else None
    if not ctx:
        return None
    fw = ctx.get("framework") if isinstance(ctx, Mapping) else None
    if isinstance(fw, Framework) and fw.fiscal_year == year:
        return fw
    fws = ctx.get("frameworks") if isinstance(ctx, Mapping) else None
    if isinstance(fws, Mapping):
        cand = fws.get(year)
        if isinstance(cand, Framework):
            return cand
    return None


class ScoreCard(BaseModel):
    """One agency's ITA result in one fiscal year.

    ``scores`` maps indicator codes (I1 … O10; names of indicators are accepted too) to 0–100.
    OIT indicator scores may instead come from ``oit_items`` (each 0 or 100): an item score
    makes its sub-indicator's mean, the sub-indicators' mean makes the indicator.
    ``published_*`` hold figures printed by the NACC, checked by :meth:`verify`.

    The framework is the bundled one of ``fiscal_year`` unless given (``framework=`` or a
    validation context ``{"framework": fw}`` / ``{"frameworks": {year: fw}}``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    fiscal_year: int
    scores: dict[str, Decimal] = Field(default_factory=dict)
    published_tools: Optional[dict[str, Decimal]] = None
    published_total: Optional[Decimal] = None
    published_grade: Optional[str] = None
    oit_items: Optional[dict[str, Literal[0, 100]]] = None
    # Always set by the validator below (the bundled framework of fiscal_year unless one is given).
    framework: SkipJsonSchema[Framework] = Field(default=None, exclude=True, repr=False)  # type: ignore[assignment]

    _values: dict[str, Fraction] = PrivateAttr(default_factory=dict)
    _from_items: dict[str, Fraction] = PrivateAttr(default_factory=dict)
    _sub_scores: dict[str, Fraction] = PrivateAttr(default_factory=dict)
    _tools: dict[str, Fraction] = PrivateAttr(default_factory=dict)
    _total: Fraction = PrivateAttr(default=Fraction(0))

    # -- validation -------------------------------------------------------------------------

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, ScoreCard):
            return data
        if not isinstance(data, Mapping):
            raise ScoreError.make(
                "(score card)", data, "ต้องเป็นข้อมูลแบบ key: value", "must be a mapping of fields"
            )
        data = dict(data)
        known = set(cls.model_fields)
        for key in data:
            if key not in known:
                th, en = _did_you_mean(key, [k for k in known if k != "framework"])
                raise ScoreError.make(str(key), data[key], f"ไม่รู้จักช่อง {key!r}{th}", f"unknown field {key!r}{en}")
        if "fiscal_year" not in data:
            raise ScoreError.make("fiscal_year", None, "ไม่ได้ระบุปีงบประมาณ", "the fiscal year is missing")
        year = _parse_year(data["fiscal_year"])
        data["fiscal_year"] = year

        fw = data.get("framework")
        if fw is not None and not isinstance(fw, Framework):
            fw = Framework.model_validate(fw)
        if fw is None:
            fw = _framework_from_context(info, year)
        if fw is None:
            try:
                fw = load_framework(year)
            except FrameworkError as exc:
                raise ScoreError("fiscal_year", year, str(exc)) from None
        if fw.fiscal_year != year:
            raise ScoreError.make(
                "fiscal_year",
                year,
                f"ปี {year} ไม่ตรงกับกรอบการประเมินปี {fw.fiscal_year}",
                f"{year} does not match the framework's fiscal year {fw.fiscal_year}",
            )
        data["framework"] = fw

        # indicator scores
        raw_scores = data.get("scores") or {}
        if not isinstance(raw_scores, Mapping):
            raise ScoreError.make(
                "scores", raw_scores,
                f"ต้องเป็นรายการ รหัสตัวชี้วัด: คะแนน ไม่ใช่ {_short(raw_scores)}",
                f"must map indicator codes to scores, not {_short(raw_scores)}",
            )
        codes = fw.indicator_codes
        scores: dict[str, Decimal] = {}
        for key, value in raw_scores.items():
            code = _indicator_code(fw, key)
            if code is None:
                raise ScoreError.make(
                    f"scores.{key}",
                    key,
                    f"ไม่มีตัวชี้วัด {key!r} ในปี {year} (มี {', '.join(codes)})",
                    f"unknown indicator {key!r} for fiscal year {year} (known: {', '.join(codes)})",
                )
            if code in scores:
                raise ScoreError.make(
                    f"scores.{key}", value, f"ระบุตัวชี้วัด {code} ซ้ำ", f"indicator {code} is given twice"
                )
            scores[code] = parse_score(value, f"scores.{key}")
        data["scores"] = scores

        # OIT item scores
        items = data.get("oit_items")
        if items is not None:
            if not isinstance(items, Mapping):
                raise ScoreError.make(
                    "oit_items", items,
                    f"ต้องเป็นรายการ รหัสข้อ: 0 หรือ 100 ไม่ใช่ {_short(items)}",
                    f"must map OIT item codes to 0 or 100, not {_short(items)}",
                )
            norm: dict[str, int] = {}
            for key, value in items.items():
                code = str(key).strip().upper()
                field = f"oit_items.{key}"
                if not _OIT_RE.match(code):
                    raise ScoreError.make(field, key, f"รหัสข้อ OIT {key!r} ไม่ถูกต้อง (เช่น O42)", f"{key!r} is not an OIT item code (like O42)")
                if fw.oit.complete and fw.oit.get(code) is None:
                    raise ScoreError.make(
                        field, key, f"ไม่มีข้อ {code} ในรายการข้อ OIT ปี {year}", f"no item {code} in the {year} OIT catalogue"
                    )
                d = parse_score(value, field)
                if d not in (0, 100):
                    raise ScoreError.make(field, value, f"คะแนนรายข้อต้องเป็น 0 หรือ 100 ไม่ใช่ {value}", f"an item scores 0 or 100, not {value}")
                if code in norm:
                    raise ScoreError.make(field, value, f"ระบุข้อ {code} ซ้ำ", f"item {code} is given twice")
                norm[code] = int(d)
            data["oit_items"] = norm

        # published figures
        pt = data.get("published_tools")
        if pt is not None:
            if not isinstance(pt, Mapping):
                raise ScoreError.make(
                    "published_tools", pt,
                    f"ต้องเป็นรายการ แบบวัด: คะแนน ไม่ใช่ {_short(pt)}",
                    f"must map tool codes to scores, not {_short(pt)}",
                )
            out: dict[str, Decimal] = {}
            for key, value in pt.items():
                code = str(key).strip().upper()
                if code not in fw.tool_codes:
                    raise ScoreError.make(
                        f"published_tools.{key}",
                        key,
                        f"ไม่มีแบบวัด {key!r} (มี {', '.join(fw.tool_codes)})",
                        f"unknown tool {key!r} (known: {', '.join(fw.tool_codes)})",
                    )
                out[code] = parse_score(value, f"published_tools.{key}")
            data["published_tools"] = out
        if data.get("published_total") is not None:
            data["published_total"] = parse_score(data["published_total"], "published_total")
        g = data.get("published_grade")
        if g is not None:
            g = " ".join(str(g).split())
            if g not in fw.grading.labels:
                raise ScoreError.make(
                    "published_grade",
                    data["published_grade"],
                    f"ไม่มีระดับ {g!r} ในปี {year} (มี {', '.join(fw.grading.labels)})",
                    f"unknown grade {g!r} for {year} (known: {', '.join(fw.grading.labels)})",
                )
            data["published_grade"] = g
        return data

    @model_validator(mode="after")
    def _compute(self) -> ScoreCard:
        fw = self.framework
        assert fw is not None
        values = {c: _frac(v) for c, v in self.scores.items()}
        from_items, subs = _oit_from_items(fw, self.oit_items or {})
        missing = [c for c in fw.indicator_codes if c not in values and c not in from_items]
        if missing:
            th = f"ไม่มีคะแนนของตัวชี้วัด {', '.join(missing)}"
            en = f"no score for indicator(s) {', '.join(missing)}"
            if self.oit_items and any(c.startswith("O") for c in missing):
                th += " (คะแนนรายข้อ OIT ไม่ครบหรือไม่ทราบการจัดกลุ่มข้อ)"
                en += " (OIT item scores are incomplete or their grouping is unknown)"
            raise ScoreError.make(f"scores.{missing[0]}", None, th, en)
        for c, f in from_items.items():
            values.setdefault(c, f)
        tools = {}
        for t in fw.tools:
            tools[t.code] = sum((values[i.code] for i in t.indicators), Fraction(0)) / len(t.indicators)
        total = sum((_frac(t.weight) * tools[t.code] for t in fw.tools), Fraction(0))
        self._values = values
        self._from_items = from_items
        self._sub_scores = subs
        self._tools = tools
        self._total = total
        return self

    # -- figures ------------------------------------------------------------------------------

    @property
    def indicator_scores(self) -> dict[str, Decimal]:
        """Every indicator's score (given, or computed from OIT items), unrounded, framework order."""
        values = self._values
        return {c: _dec(values[c]) for c in self.framework.indicator_codes}

    @property
    def tool_scores(self) -> dict[str, Decimal]:
        """Each tool's score (mean of its indicators), unrounded: {"OIT": Decimal("45.255"), …}."""
        return {c: _dec(f) for c, f in self._tools.items()}

    @property
    def total(self) -> Decimal:
        """Weighted total, unrounded (62.8314 in the §6 example)."""
        return _dec(self._total)

    @property
    def rounded_tool_scores(self) -> dict[str, Decimal]:
        return dict(self._rounded_tools)

    @property
    def rounded_total(self) -> Decimal:
        return self._rounded_total

    @cached_property
    def _rounded_tools(self) -> dict[str, Decimal]:  # copied out: the card stays as it is
        return {c: _r2(f) for c, f in self._tools.items()}

    @cached_property
    def _rounded_total(self) -> Decimal:
        return _r2(self._total)

    @property
    def rounded_indicator_scores(self) -> dict[str, Decimal]:
        values = self._values
        return {c: _r2(values[c]) for c in self.framework.indicator_codes}

    @property
    def sub_indicator_scores(self) -> dict[str, Decimal]:
        """OIT sub-indicator scores computed from ``oit_items`` (only complete sub-indicators)."""
        return {c: _dec(f) for c, f in self._sub_scores.items()}

    @property
    def grade_level(self):
        return self.framework.grading.grade(self.rounded_total, self.rounded_tool_scores)

    @property
    def grade(self) -> str:
        """The letter (AA…F) or, from 2567, the rating label (ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน)."""
        return self.grade_level.label

    @property
    def passed(self) -> bool:
        """Rounded total at or above the pass mark (85)."""
        return self.rounded_total >= self.framework.pass_mark

    @property
    def pass_mark(self) -> Decimal:
        return self.framework.pass_mark

    @property
    def relies_on_assumptions(self) -> bool:
        """True when this year's framework has unconfirmed facts that the result depends on."""
        return any(self.framework.assumption(f) for f in ("tools", "weights", "grading", "pass_mark"))

    def tool_results(self) -> list[ToolScore]:
        return list(self._tool_results)

    def indicator_results(self) -> list[IndicatorScore]:
        """Indicators in framework order."""
        return list(self._indicator_results)

    # The card is frozen: its results are worked out once (a document set asks for them a dozen
    # times), cached beside the fields, which equality, copies and dumps ignore.
    @cached_property
    def _tool_results(self) -> tuple[ToolScore, ...]:
        fw, tools = self.framework, self._tools  # a private attribute is read through __getattr__: once
        out = []
        for t in fw.tools:
            r = _r2(tools[t.code])
            out.append(ToolScore(t.code, t.name_th, t.weight, _dec(tools[t.code]), r, r >= fw.pass_mark))
        return tuple(out)

    @cached_property
    def _indicator_results(self) -> tuple[IndicatorScore, ...]:
        fw, values = self.framework, self._values
        out = []
        for t in fw.tools:
            for i in t.indicators:
                f = values[i.code]
                r = _r2(f)
                out.append(IndicatorScore(i.code, i.name_th, t.code, _dec(f), r, r >= fw.pass_mark))
        return tuple(out)

    def ranked_indicators(self) -> list[IndicatorScore]:
        """Indicators from the highest score to the lowest (ties keep framework order)."""
        return list(self._ranked_indicators)

    @cached_property
    def _ranked_indicators(self) -> tuple[IndicatorScore, ...]:
        res = self.indicator_results()
        order, values = {r.code: n for n, r in enumerate(res)}, self._values
        return tuple(sorted(res, key=lambda r: (-values[r.code], order[r.code])))

    def ranked_tools(self) -> list[ToolScore]:
        res = self.tool_results()
        order, tools = {r.code: n for n, r in enumerate(res)}, self._tools
        return sorted(res, key=lambda r: (-tools[r.code], order[r.code]))

    def below_pass(self) -> BelowPass:
        """Tools and indicators whose rounded score is under the pass mark."""
        tools = tuple(t for t in self.tool_results() if not t.passed)
        inds = tuple(i for i in self.indicator_results() if not i.passed)
        return BelowPass(self.framework.pass_mark, tools, inds, len(self.framework.tools))

    def zero_oit_items(self) -> list[OitItem]:
        """OIT items scored 0, in item-number order (catalogue entries where known)."""
        out = []
        for code, v in sorted((self.oit_items or {}).items(), key=lambda kv: int(kv[0][1:])):
            if v == 0:
                out.append(self.framework.oit.get(code) or OitItem(code=code))
        return out

    # -- verification -------------------------------------------------------------------------

    def mismatches(self) -> list[Mismatch]:
        """Published figures (and given OIT indicator scores vs their items) that differ from the
        computed ones by more than 0.01, or a published grade that differs."""
        out: list[Mismatch] = []
        for code, f in self._from_items.items():
            if code in self.scores:
                comp = _r2(f)
                if abs(self.scores[code] - comp) > TOLERANCE:
                    out.append(Mismatch(f"scores.{code}", self.scores[code], comp))
        rt = self.rounded_tool_scores
        for code, pub in (self.published_tools or {}).items():
            if abs(pub - rt[code]) > TOLERANCE:
                out.append(Mismatch(f"published_tools.{code}", pub, rt[code]))
        if self.published_total is not None and abs(self.published_total - self.rounded_total) > TOLERANCE:
            out.append(Mismatch("published_total", self.published_total, self.rounded_total))
        if self.published_grade is not None and self.published_grade != self.grade:
            out.append(Mismatch("published_grade", self.published_grade, self.grade))
        return out

    def verify(self, strict: bool = True) -> list[Mismatch]:
        """Check published figures. strict: raise :class:`ScoreMismatchError`; otherwise warn
        (:class:`ScoreMismatchWarning`) for each mismatch. Returns the mismatches."""
        found = self.mismatches()
        if found and strict:
            raise ScoreMismatchError(tuple(found))
        for m in found:
            warnings.warn(m.message, ScoreMismatchWarning, stacklevel=2)
        return found

    # -- JSON (SPEC §7) ---------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The §7 result object: numbers rounded half-up to 2 decimals, indicators ranked."""
        return {
            "fiscal_year": self.fiscal_year,
            "tools": {c: float(v) for c, v in self.rounded_tool_scores.items()},
            "total": float(self.rounded_total),
            "grade": self.grade,
            "passed": self.passed,
            "indicators": [r.to_dict() for r in self.ranked_indicators()],
        }

    def to_json(self, indent: Optional[int] = None) -> str:
        """``{"fiscal_year": 2563, "tools": {"IIT": 77.47, …}, "total": 62.83, "grade": "D", …}``"""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(
        cls, data: Union[str, bytes, Mapping[str, Any]], framework: Optional[Framework] = None
    ) -> ScoreCard:
        """A card from :meth:`to_json` output: the indicator scores come back, and its tools,
        total and grade become the published figures (so :meth:`verify` checks them)."""
        if isinstance(data, (str, bytes)):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise ScoreError.make("(json)", None, f"อ่าน JSON ไม่ได้: {exc}", f"invalid JSON: {exc}") from None
        if not isinstance(data, Mapping):
            raise ScoreError.make("(json)", data, "ต้องเป็น JSON object", "must be a JSON object")
        inds = data.get("indicators")
        if not isinstance(inds, list):
            raise ScoreError.make("indicators", inds, "ต้องเป็นรายการตัวชี้วัด", "must be a list of indicators")
        scores = {}
        for n, item in enumerate(inds):
            if not isinstance(item, Mapping) or "code" not in item or "score" not in item:
                raise ScoreError.make(
                    f"indicators[{n}]", item, "ต้องมี code และ score", "needs a code and a score"
                )
            scores[item["code"]] = item["score"]
        args: dict[str, Any] = {
            "fiscal_year": data.get("fiscal_year"),
            "scores": scores,
            "published_tools": data.get("tools"),
            "published_total": data.get("total"),
            "published_grade": data.get("grade"),
        }
        if framework is not None:
            args["framework"] = framework
        return cls.build(**args)

    @classmethod
    def build(cls, **data: Any) -> ScoreCard:
        """Like ``ScoreCard(**data)`` but raises :class:`ScoreError` (not pydantic's
        ValidationError) for a user's mistake, naming the field and value."""
        try:
            return cls(**data)
        except ValidationError as exc:
            raise score_error_from_validation(exc) from None


def score_error_from_validation(exc: ValidationError, prefix: str = "") -> ScoreError:
    """The first :class:`ScoreError` inside ``exc`` (with ``prefix`` before its field), or one
    made from pydantic's own message."""
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        inner = ctx.get("error")
        loc = ".".join(str(p) for p in err["loc"])
        if isinstance(inner, ScoreError):
            if prefix or loc:
                where = ".".join(p for p in (prefix.rstrip("."), loc) if p)
                return ScoreError(f"{where}.{inner.field}" if where else inner.field, inner.value, f"{where}: {inner.message}")
            return inner
        if isinstance(inner, ValueError):
            field = ".".join(p for p in (prefix.rstrip("."), loc) if p) or "(input)"
            return ScoreError(field, err.get("input"), f"{field}: {inner}")
    err = exc.errors()[0]
    field = ".".join(p for p in (prefix.rstrip("."), ".".join(str(x) for x in err["loc"])) if p) or "(input)"
    return ScoreError.make(field, err.get("input"), f"ค่าไม่ถูกต้อง ({err['msg']})", err["msg"])


def _did_you_mean(key: Any, choices: Iterable[str]) -> tuple[str, str]:
    """(" (หมายถึง 'x' หรือไม่)", " (did you mean 'x'?)") for a near miss, else ("", "")."""
    import difflib

    close = difflib.get_close_matches(str(key), list(choices), n=1, cutoff=0.75)
    if not close:
        return "", ""
    return f" (หมายถึง {close[0]!r} หรือไม่)", f" (did you mean {close[0]!r}?)"


def _indicator_code(fw: Framework, key: Any) -> Optional[str]:
    if not isinstance(key, str):
        key = str(key)
    k = key.strip()
    if k.upper() in fw.indicator_codes:
        return k.upper()
    ind = fw.find_indicator(k)
    return ind.code if ind else None


def _oit_from_items(fw: Framework, items: Mapping[str, int]) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Indicator and sub-indicator scores computable from item scores (complete groups only)."""
    if not items:
        return {}, {}
    subs: dict[str, Fraction] = {}
    for s in fw.oit.sub_indicators:
        if not s.code:
            continue
        members = fw.oit.items_of_sub_indicator(s.code)
        if members and all(m.code in items for m in members):
            subs[s.code] = Fraction(sum(items[m.code] for m in members), len(members))
    inds: dict[str, Fraction] = {}
    for code in fw.indicator_codes:
        groups = fw.oit.sub_indicators_of(code)
        if groups and all(g.code in subs for g in groups):
            # every item of the indicator must belong to one of its sub-indicators
            loose = [it for it in fw.oit.items if it.indicator == code and it.sub_indicator is None]
            if not loose:
                inds[code] = sum((subs[g.code] for g in groups if g.code), Fraction(0)) / len(groups)
    return inds, subs


# -- several years of one agency ------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChange:
    """Change of one indicator (or tool, or the total) between two years, on rounded values."""

    code: str
    name: str
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class OitItemChange:
    code: str
    name: Optional[str]
    before: Optional[int]
    after: int


@dataclass(frozen=True)
class HistoryRow:
    """One row of a multi-year table: kind is "indicator", "tool", "total" or "grade"."""

    kind: Literal["indicator", "tool", "total", "grade"]
    code: str
    name: str
    values: dict[int, Any]


class ScoreHistory(BaseModel):
    """Several fiscal years of one agency, oldest first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agency: Optional[str] = None
    cards: tuple[ScoreCard, ...] = Field(min_length=1)

    @field_validator("cards")
    @classmethod
    def _sorted(cls, cards: tuple[ScoreCard, ...]) -> tuple[ScoreCard, ...]:
        years = [c.fiscal_year for c in cards]
        dup = sorted({y for y in years if years.count(y) > 1})
        if dup:
            raise ScoreError.make(
                "years", dup, f"มีปีงบประมาณซ้ำ {dup}", f"fiscal year(s) given twice: {dup}"
            )
        return tuple(sorted(cards, key=lambda c: c.fiscal_year))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(c.fiscal_year for c in self.cards)

    @property
    def latest(self) -> ScoreCard:
        return self.cards[-1]

    @property
    def previous(self) -> Optional[ScoreCard]:
        return self.cards[-2] if len(self.cards) > 1 else None

    def card(self, year: int) -> ScoreCard:
        for c in self.cards:
            if c.fiscal_year == year:
                return c
        raise KeyError(year)

    def _pair(self, from_year: Optional[int], to_year: Optional[int]) -> tuple[ScoreCard, ScoreCard]:
        if len(self.cards) < 2 and (from_year is None or to_year is None):
            raise ValueError("ต้องมีอย่างน้อยสองปี / at least two years are needed to compare")
        after = self.card(to_year) if to_year is not None else self.cards[-1]
        if from_year is not None:
            before = self.card(from_year)
        else:
            earlier = [c for c in self.cards if c.fiscal_year < after.fiscal_year]
            if not earlier:
                raise ValueError(f"ไม่มีปีก่อน {after.fiscal_year} / no year before {after.fiscal_year}")
            before = earlier[-1]
        return before, after

    def indicator_changes(self, from_year: Optional[int] = None, to_year: Optional[int] = None) -> list[IndicatorChange]:
        """Per-indicator change (rounded after − rounded before) for codes in both years,
        in the later year's framework order. Defaults: the last two years."""
        before, after = self._pair(from_year, to_year)
        b, a = before.rounded_indicator_scores, after.rounded_indicator_scores
        return [
            IndicatorChange(c, after.framework.indicator(c).name_th, b[c], a[c])
            for c in after.framework.indicator_codes
            if c in b
        ]

    def tool_changes(self, from_year: Optional[int] = None, to_year: Optional[int] = None) -> list[IndicatorChange]:
        before, after = self._pair(from_year, to_year)
        b, a = before.rounded_tool_scores, after.rounded_tool_scores
        return [IndicatorChange(c, after.framework.tool(c).name_th, b[c], a[c]) for c in a if c in b]

    def total_change(self, from_year: Optional[int] = None, to_year: Optional[int] = None) -> IndicatorChange:
        before, after = self._pair(from_year, to_year)
        return IndicatorChange("total", "คะแนนรวม", before.rounded_total, after.rounded_total)

    def largest_drops(self, n: int = 3, from_year: Optional[int] = None, to_year: Optional[int] = None) -> list[IndicatorChange]:
        """The ``n`` indicators that fell most (only those that fell), largest fall first."""
        ch = [c for c in self.indicator_changes(from_year, to_year) if c.change < 0]
        return sorted(ch, key=lambda c: c.change)[:n]

    def largest_gains(self, n: int = 3, from_year: Optional[int] = None, to_year: Optional[int] = None) -> list[IndicatorChange]:
        """The ``n`` indicators that rose most (only those that rose), largest rise first."""
        ch = [c for c in self.indicator_changes(from_year, to_year) if c.change > 0]
        return sorted(ch, key=lambda c: -c.change)[:n]

    def oit_item_changes(self, from_year: Optional[int] = None, to_year: Optional[int] = None) -> list[OitItemChange]:
        """Items scored 0 in the later year with their score the year before (same item code;
        item numbers are renumbered between some years, so compare names where it matters)."""
        before, after = self._pair(from_year, to_year)
        prev = before.oit_items or {}
        return [
            OitItemChange(it.code, it.name, prev.get(it.code), 0) for it in after.zero_oit_items()
        ]

    def table(self) -> list[HistoryRow]:
        """Rows for the multi-year table: every indicator, each tool, the total and the grade,
        values rounded (None where a year has no such indicator)."""
        fw = self.latest.framework
        rows: list[HistoryRow] = []
        for t in fw.tools:
            for i in t.indicators:
                vals = {c.fiscal_year: c.rounded_indicator_scores.get(i.code) for c in self.cards}
                rows.append(HistoryRow("indicator", i.code, i.name_th, vals))
            vals = {c.fiscal_year: c.rounded_tool_scores.get(t.code) for c in self.cards}
            rows.append(HistoryRow("tool", t.code, t.name_th, vals))
        rows.append(HistoryRow("total", "total", "คะแนนรวม", {c.fiscal_year: c.rounded_total for c in self.cards}))
        rows.append(HistoryRow("grade", "grade", "ระดับผลการประเมิน", {c.fiscal_year: c.grade for c in self.cards}))
        return rows
