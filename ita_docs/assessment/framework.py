"""ITA assessment frameworks by fiscal year, as data (SPEC §6).

Each fiscal year's framework — tools, indicators and their Thai names, weights, grading scheme,
pass mark, the OIT item catalogue, which OIT items carry the analysis and its implementation —
lives in ``frameworks/<year>.yaml`` inside this package. :func:`load_framework` selects it by
fiscal year, or reads a user's file in the same format (validated). A user file may also say
``based_on: <year>`` and give only the top-level keys it changes.

Facts that are not confirmed are listed in ``assumptions`` (per fact, Thai and English note);
``confirmed`` is true exactly when there are none.

Every model here is frozen and holds only tuples, strings and Decimals, so the cached frameworks
are immutable and safe to share between threads.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ita_docs.diagnostics import ItaDocsError
from ita_docs.reader import read_data_yaml
from ita_docs.thai import check_be_year, to_decimal

__all__ = [
    "FACTS",
    "Assumption",
    "Framework",
    "FrameworkError",
    "GradeLevel",
    "Grading",
    "Indicator",
    "OitCatalogue",
    "OitItem",
    "OitSubIndicator",
    "Tool",
    "UnknownFiscalYearError",
    "available_years",
    "load_framework",
    "load_framework_file",
]

#: The facts a framework states; ``assumptions`` keys must be among them.
FACTS: tuple[str, ...] = (
    "tools",
    "weights",
    "grading",
    "pass_mark",
    "oit_items",
    "analysis_item",
    "implementation_item",
)

Confidence = Literal["high", "medium", "low"]

_FRAMEWORK_PACKAGE = "ita_docs.assessment"
_FRAMEWORK_DIR = "frameworks"


class FrameworkError(ItaDocsError, ValueError):
    """A framework file is missing, unreadable or invalid (message in Thai and English)."""


class UnknownFiscalYearError(FrameworkError, LookupError):
    """No framework is known for the requested fiscal year."""

    def __init__(self, fiscal_year: int, available: tuple[int, ...]) -> None:
        self.fiscal_year = fiscal_year
        self.available = available
        years = ", ".join(str(y) for y in available)
        super().__init__(
            f"fiscal_year: ไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year} (มีปี {years}) "
            f"ระบุไฟล์กรอบการประเมินของตนเองได้ / "
            f"fiscal_year: no assessment framework for fiscal year {fiscal_year} "
            f"(known: {years}); supply your own framework file"
        )


def _decimal(value: Any) -> Decimal:
    """Decimal from an int, float (via its repr), Decimal or numeric string; no NaN/inf/bool."""
    try:
        return to_decimal(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(str(exc)) from None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Indicator(_Frozen):
    """One indicator (ตัวชี้วัด), e.g. I1 การปฏิบัติหน้าที่."""

    code: str = Field(pattern=r"^[A-Z]+[0-9]+$")
    name_th: str = Field(min_length=1)
    alt_names: tuple[str, ...] = ()

    def matches_name(self, name: str) -> bool:
        """True if ``name`` is this indicator's name or one of its known alternative names."""
        n = " ".join(name.split())
        return n == self.name_th or n in self.alt_names


class Tool(_Frozen):
    """One assessment tool (แบบวัด): IIT, EIT or OIT, with its weight in the total."""

    code: str = Field(pattern=r"^[A-Z]+$")
    name_th: str = Field(min_length=1)
    name_en: Optional[str] = None
    weight: Decimal
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @field_validator("weight", mode="before")
    @classmethod
    def _weight(cls, v: Any) -> Decimal:
        d = _decimal(v)
        if not (Decimal(0) < d <= Decimal(1)):
            raise ValueError(f"น้ำหนักต้องอยู่ระหว่าง 0 ถึง 1 / weight must be in (0, 1], got {v!r}")
        return d

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)


class GradeLevel(_Frozen):
    """A grade (letter) or rating label: reached when the rounded total is at least ``min_total``
    and, if ``min_each_tool`` is set, every rounded tool score is at least that too."""

    label: str = Field(min_length=1)
    label_en: Optional[str] = None
    min_total: Decimal
    min_each_tool: Optional[Decimal] = None

    @field_validator("min_total", "min_each_tool", mode="before")
    @classmethod
    def _num(cls, v: Any) -> Any:
        if v is None:
            return None
        d = _decimal(v)
        if not (Decimal(0) <= d <= Decimal(100)):
            raise ValueError(f"ต้องอยู่ระหว่าง 0 ถึง 100 / must be between 0 and 100, got {v!r}")
        return d


class Grading(_Frozen):
    """Letters (AA…F, 2562–2566) or ratings (ผ่านดีเยี่ยม … ต้องปรับปรุงโดยด่วน, from 2567).

    Levels are in order from best to worst; the first whose conditions hold applies.
    """

    scheme: Literal["letters", "ratings"]
    levels: tuple[GradeLevel, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> Grading:
        labels = [lv.label for lv in self.levels]
        if len(set(labels)) != len(labels):
            raise ValueError(f"grading.levels: ชื่อระดับซ้ำกัน / duplicate labels {labels}")
        prev = Decimal(101)
        for i, lv in enumerate(self.levels):
            if lv.min_total > prev:
                raise ValueError(
                    f"grading.levels[{i}] ({lv.label}): ต้องเรียงจากคะแนนสูงไปต่ำ / "
                    f"levels must go from the highest min_total to the lowest"
                )
            prev = lv.min_total
            if self.scheme == "letters" and lv.min_each_tool is not None:
                raise ValueError(
                    f"grading.levels[{i}] ({lv.label}): ระบบตัวอักษรไม่มีเกณฑ์รายแบบวัด / "
                    f"the letters scheme has no per-tool floor (min_each_tool)"
                )
        last = self.levels[-1]
        if last.min_total != 0 or last.min_each_tool is not None:
            raise ValueError(
                "grading.levels: ระดับสุดท้ายต้องครอบคลุมคะแนนตั้งแต่ 0 โดยไม่มีเงื่อนไขอื่น / "
                "the last level must start at 0 with no other condition"
            )
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(lv.label for lv in self.levels)

    def level(self, label: str) -> GradeLevel:
        for lv in self.levels:
            if lv.label == label:
                return lv
        raise KeyError(label)

    def grade(self, total: Decimal, tools: dict[str, Decimal] | None = None) -> GradeLevel:
        """The level for a **rounded** total (and rounded tool scores, for per-tool floors)."""
        for lv in self.levels:
            if total < lv.min_total:
                continue
            if lv.min_each_tool is not None:
                if tools is None:
                    raise ValueError(f"grading: ระดับ {lv.label} ต้องใช้คะแนนรายแบบวัด / needs tool scores")
                if any(v < lv.min_each_tool for v in tools.values()):
                    continue
            return lv
        return self.levels[-1]  # unreachable: the last level starts at 0

    def ranges(self) -> tuple[tuple[str, Decimal, Optional[Decimal]], ...]:
        """(label, lowest total, highest total or None for 100) per level: "A 85.00–94.99".

        A level is capped only by better levels that need nothing but a higher total: a total of
        97 with one tool at 90 is rated ผ่านดี, so ผ่านดี's range runs to 100.
        """
        out = []
        for i, lv in enumerate(self.levels):
            caps = [
                h.min_total
                for h in self.levels[:i]
                if h.min_each_tool is None and h.min_total > lv.min_total
            ]
            top = (min(caps) - Decimal("0.01")) if caps else None
            out.append((lv.label, lv.min_total, top))
        return tuple(out)


class OitSubIndicator(_Frozen):
    """A sub-indicator (ตัวชี้วัดย่อย) of the OIT, e.g. 9.1 ข้อมูลพื้นฐาน of indicator O9."""

    code: Optional[str] = None
    name: str
    indicator: Optional[str] = None


class OitItem(_Frozen):
    """One OIT item (ข้อ), e.g. O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน."""

    code: str = Field(pattern=r"^O[0-9]+$")
    name: Optional[str] = None
    sub_indicator: Optional[str] = None
    indicator: Optional[str] = None
    confidence: Optional[Confidence] = None
    note: Optional[str] = None

    @property
    def label(self) -> str:
        """"O42 มาตรการ…" (or just the code when the name is unknown)."""
        return f"{self.code} {self.name}" if self.name else self.code


class OitCatalogue(_Frozen):
    """The OIT items of one year, with how sure the list is (high / medium / low)."""

    confidence: Confidence
    total_items: Optional[int] = Field(default=None, ge=0)
    sub_indicators: tuple[OitSubIndicator, ...] = ()
    items: tuple[OitItem, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> OitCatalogue:
        codes = [it.code for it in self.items]
        if len(set(codes)) != len(codes):
            dup = sorted({c for c in codes if codes.count(c) > 1})
            raise ValueError(f"oit.items: รหัสข้อซ้ำ / duplicate item codes {dup}")
        subs = {s.code: s for s in self.sub_indicators if s.code is not None}
        if len(subs) != len([s for s in self.sub_indicators if s.code is not None]):
            raise ValueError("oit.sub_indicators: รหัสซ้ำ / duplicate sub-indicator codes")
        items = []
        for it in self.items:
            upd: dict[str, Any] = {}
            if it.sub_indicator is not None:
                if it.sub_indicator not in subs:
                    raise ValueError(
                        f"oit.items {it.code}: ไม่มีตัวชี้วัดย่อย {it.sub_indicator!r} / "
                        f"unknown sub_indicator {it.sub_indicator!r}"
                    )
                ind = subs[it.sub_indicator].indicator
                if it.indicator is None and ind is not None:
                    upd["indicator"] = ind
                elif it.indicator is not None and ind is not None and it.indicator != ind:
                    raise ValueError(
                        f"oit.items {it.code}: indicator {it.indicator} ไม่ตรงกับตัวชี้วัดย่อย / "
                        f"does not match its sub-indicator's indicator {ind}"
                    )
            if it.confidence is None:
                upd["confidence"] = self.confidence
            items.append(it.model_copy(update=upd) if upd else it)
        object.__setattr__(self, "items", tuple(items))
        return self

    @property
    def complete(self) -> bool:
        """True when the list is the whole catalogue (count known and every item named)."""
        return (
            self.total_items is not None
            and len(self.items) == self.total_items
            and all(it.name for it in self.items)
        )

    def get(self, code: str) -> Optional[OitItem]:
        for it in self.items:
            if it.code == code:
                return it
        return None

    def items_of_sub_indicator(self, sub_code: str) -> tuple[OitItem, ...]:
        return tuple(it for it in self.items if it.sub_indicator == sub_code)

    def sub_indicators_of(self, indicator: str) -> tuple[OitSubIndicator, ...]:
        return tuple(s for s in self.sub_indicators if s.indicator == indicator and s.code)


class Assumption(_Frozen):
    """A fact of the framework that is not confirmed, and why."""

    fact: str
    note_th: str
    note_en: str

    @field_validator("fact")
    @classmethod
    def _fact(cls, v: str) -> str:
        if v not in FACTS:
            raise ValueError(f"assumptions: ไม่รู้จัก {v!r} / unknown fact {v!r}; known: {', '.join(FACTS)}")
        return v


class Framework(_Frozen):
    """The ITA framework of one fiscal year (B.E.)."""

    fiscal_year: int
    confirmed: bool
    assumptions: tuple[Assumption, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    tools: tuple[Tool, ...] = Field(min_length=1)
    grading: Grading
    pass_mark: Decimal
    analysis_item: Optional[str] = None
    implementation_item: Optional[str] = None
    oit: OitCatalogue = OitCatalogue(confidence="low")

    @field_validator("fiscal_year", mode="before")
    @classmethod
    def _year(cls, v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"fiscal_year: ต้องเป็นปี พ.ศ. (จำนวนเต็ม) / must be a B.E. year (integer), got {v!r}")
        return check_be_year(v, "fiscal_year")

    @field_validator("assumptions", mode="before")
    @classmethod
    def _assumptions(cls, v: Any) -> Any:
        # YAML form: {fact: {note_th, note_en}}; a bare string counts for both languages.
        if isinstance(v, dict):
            out = []
            for fact, note in v.items():
                if isinstance(note, str):
                    note = {"note_th": note, "note_en": note}
                if not isinstance(note, dict):
                    raise ValueError(f"assumptions.{fact}: ต้องเป็นข้อความ / must be a note")
                out.append({"fact": fact, **note})
            return out
        return v

    @field_validator("pass_mark", mode="before")
    @classmethod
    def _pass_mark(cls, v: Any) -> Decimal:
        d = _decimal(v)
        if not (Decimal(0) <= d <= Decimal(100)):
            raise ValueError(f"pass_mark: ต้องอยู่ระหว่าง 0 ถึง 100 / must be between 0 and 100, got {v!r}")
        return d

    @model_validator(mode="after")
    def _check(self) -> Framework:
        codes = [t.code for t in self.tools]
        if len(set(codes)) != len(codes):
            raise ValueError(f"tools: รหัสแบบวัดซ้ำ / duplicate tool codes {codes}")
        ind = [i.code for t in self.tools for i in t.indicators]
        if len(set(ind)) != len(ind):
            raise ValueError(f"tools: รหัสตัวชี้วัดซ้ำ / duplicate indicator codes {ind}")
        total = sum((t.weight for t in self.tools), Decimal(0))
        if total != 1:
            raise ValueError(
                f"tools: น้ำหนักรวมต้องเท่ากับ 1 (ได้ {total}) / the weights must sum to 1, got {total}"
            )
        facts = [a.fact for a in self.assumptions]
        if len(set(facts)) != len(facts):
            raise ValueError("assumptions: ระบุข้อเท็จจริงซ้ำ / a fact is listed twice")
        if self.confirmed and self.assumptions:
            raise ValueError(
                "confirmed: เป็น true ไม่ได้เมื่อยังมี assumptions / cannot be true while assumptions are listed"
            )
        if not self.confirmed and not self.assumptions:
            raise ValueError(
                "confirmed: false ต้องระบุ assumptions ว่าข้อใดยังไม่ยืนยัน / "
                "false needs assumptions saying which facts are unconfirmed"
            )
        for name in ("analysis_item", "implementation_item"):
            code = getattr(self, name)
            if code is not None and self.oit.items and self.oit.get(code) is None:
                raise ValueError(f"{name}: {code} ไม่อยู่ในรายการข้อ OIT / is not in the OIT item catalogue")
        for it in self.oit.items:
            if it.indicator is not None and it.indicator not in ind:
                raise ValueError(
                    f"oit.items {it.code}: ไม่มีตัวชี้วัด {it.indicator} / unknown indicator {it.indicator}"
                )
        return self

    # -- lookups -------------------------------------------------------------------------

    @property
    def tool_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.tools)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for t in self.tools for i in t.indicators)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for t in self.tools for i in t.indicators)

    @property
    def oit_items(self) -> tuple[OitItem, ...]:
        return self.oit.items

    @property
    def letters(self) -> bool:
        return self.grading.scheme == "letters"

    def tool(self, code: str) -> Tool:
        for t in self.tools:
            if t.code == code:
                return t
        raise KeyError(code)

    def indicator(self, code: str) -> Indicator:
        for t in self.tools:
            for i in t.indicators:
                if i.code == code:
                    return i
        raise KeyError(code)

    def tool_of(self, indicator_code: str) -> Tool:
        for t in self.tools:
            if indicator_code in t.indicator_codes:
                return t
        raise KeyError(indicator_code)

    def find_indicator(self, name: str) -> Optional[Indicator]:
        """The indicator called ``name`` (its name or a known alternative), if any."""
        for i in self.indicators:
            if i.matches_name(name):
                return i
        return None

    def assumption(self, fact: str) -> Optional[Assumption]:
        for a in self.assumptions:
            if a.fact == fact:
                return a
        return None

    def is_confirmed(self, fact: str) -> bool:
        """Whether ``fact`` (one of :data:`FACTS`) is confirmed for this year."""
        if fact not in FACTS:
            raise KeyError(fact)
        return self.assumption(fact) is None

    def passes(self, rounded_score: Decimal) -> bool:
        return rounded_score >= self.pass_mark

    def passing_labels(self) -> tuple[str, ...]:
        """Grades/ratings that mean "at or above the pass mark"."""
        return tuple(lv.label for lv in self.grading.levels if lv.min_total >= self.pass_mark)


# -- loading -------------------------------------------------------------------------------


def _bundled_dir():
    return resources.files(_FRAMEWORK_PACKAGE).joinpath(_FRAMEWORK_DIR)


@lru_cache(maxsize=1)
def available_years() -> tuple[int, ...]:
    """Fiscal years with a bundled framework, ascending."""
    years = []
    for entry in _bundled_dir().iterdir():
        name = entry.name
        if name.endswith(".yaml") and name[:-5].isdigit():
            years.append(int(name[:-5]))
    return tuple(sorted(years))


def _parse_text(text: str, source: str) -> Any:
    """A framework file's text, by the one reader of inputs (its duplicate-key, alias and nesting rules)."""
    from ita_docs.diagnostics import InputError
    from ita_docs.reader import parse_text

    try:
        return parse_text(text, source)
    except InputError as exc:
        raise FrameworkError(
            f"{source}: อ่านไฟล์กรอบการประเมินไม่ได้ / cannot read the framework file: "
            + "; ".join(problem.message for problem in exc.problems)
        ) from None


def _format_validation(source: str, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        lines.append(f"{loc}: {msg}")
    return (
        f"{source}: ไฟล์กรอบการประเมินไม่ถูกต้อง / invalid framework file:\n  " + "\n  ".join(lines)
    )


def _validate(data: Any, source: str) -> Framework:
    if not isinstance(data, dict):
        raise FrameworkError(
            f"{source}: ไฟล์กรอบการประเมินต้องเป็น mapping (key: value) / a framework file must be a mapping"
        )
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(_format_validation(source, exc)) from None
    except ValueError as exc:  # e.g. BuddhistYearError raised outside pydantic wrapping
        raise FrameworkError(f"{source}: {exc}") from None


@cache
def _bundled_raw(fiscal_year: int) -> str:
    entry = _bundled_dir().joinpath(f"{fiscal_year}.yaml")
    return entry.read_text(encoding="utf-8")


@cache
def _bundled(fiscal_year: int) -> Framework:
    if fiscal_year not in available_years():
        raise UnknownFiscalYearError(fiscal_year, available_years())
    source = f"ita_docs/assessment/frameworks/{fiscal_year}.yaml"
    fw = _validate(_parse_text(_bundled_raw(fiscal_year), source), source)
    if fw.fiscal_year != fiscal_year:  # pragma: no cover - guards the bundled data
        raise FrameworkError(f"{source}: fiscal_year {fw.fiscal_year} != {fiscal_year}")
    return fw


def _from_user_data(data: Any, source: str) -> Framework:
    if isinstance(data, dict) and "based_on" in data:
        base_year = data["based_on"]
        if isinstance(base_year, bool) or not isinstance(base_year, int):
            raise FrameworkError(f"{source}: based_on: ต้องเป็นปี พ.ศ. / must be a B.E. year, got {base_year!r}")
        try:
            check_be_year(base_year, "based_on")
        except ValueError as exc:
            raise FrameworkError(f"{source}: {exc}") from None
        base = read_data_yaml(_bundled_raw(base_year)) if base_year in available_years() else None
        if base is None:
            raise FrameworkError(f"{source}: {UnknownFiscalYearError(base_year, available_years())}")
        merged = dict(base)
        merged.update({k: v for k, v in data.items() if k != "based_on"})
        # A user who changes facts of a confirmed year without saying so still gets "confirmed".
        # Changing a year's facts is the user's responsibility; keep the flags consistent.
        if "assumptions" in data and "confirmed" not in data:
            merged["confirmed"] = not data["assumptions"]
        elif "confirmed" in data and data["confirmed"] and "assumptions" not in data:
            merged.pop("assumptions", None)
        data = merged
    return _validate(data, source)


@lru_cache(maxsize=64)
def _user_file(path: str, mtime_ns: int, size: int) -> Framework:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FrameworkError(
            f"{path}: เปิดไฟล์กรอบการประเมินไม่ได้ / cannot read the framework file: {exc.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path}: ไฟล์ต้องเป็น UTF-8 / the file must be UTF-8 text") from None
    return _from_user_data(_parse_text(text, path), path)


def load_framework_file(path: Union[str, Path]) -> Framework:
    """Read and validate a user's framework file (YAML or JSON; any fiscal year)."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError as exc:
        raise FrameworkError(
            f"{p}: ไม่พบไฟล์กรอบการประเมิน / framework file not found ({exc.strerror})"
        ) from None
    return _user_file(str(p.resolve()), st.st_mtime_ns, st.st_size)


def load_framework(fiscal_year: int, path: Union[str, Path, None] = None) -> Framework:
    """The framework of ``fiscal_year`` (B.E.): bundled data, or the user's file at ``path``.

    Raises :class:`~ita_docs.thai.BuddhistYearError` for a C.E.-looking year (suggesting +543),
    :class:`UnknownFiscalYearError` when no bundled framework exists, :class:`FrameworkError`
    when the user's file is invalid or is for another year. The result is immutable and cached.
    """
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise TypeError(f"fiscal_year must be an int (B.E. year), got {fiscal_year!r}")
    check_be_year(fiscal_year, "fiscal_year")
    if path is None:
        return _bundled(fiscal_year)
    fw = load_framework_file(path)
    if fw.fiscal_year != fiscal_year:
        raise FrameworkError(
            f"{path}: ไฟล์นี้เป็นกรอบการประเมินปี {fw.fiscal_year} ไม่ใช่ปี {fiscal_year} / "
            f"this framework file is for fiscal year {fw.fiscal_year}, not {fiscal_year}"
        )
    return fw
