"""Thai dates, times and fiscal years.

Month and day names come from CLDR via Babel; Babel prints the Gregorian year, so the
Buddhist-era shift (C.E. + 543) is done here. Fiscal year (ปีงบประมาณ) runs 1 October – 30 September
and is named by the B.E. year in which it ends.
"""

from __future__ import annotations

from datetime import date, time
from types import MappingProxyType
from typing import Mapping

from babel.dates import get_day_names, get_month_names

from ita_docs.diagnostics import ItaDocsError

from .digits import Digits, convert_digits

__all__ = [
    "BE_OFFSET",
    "MIN_BE_YEAR",
    "BuddhistYearError",
    "buddhist_year",
    "check_be_year",
    "closing_date_line",
    "day_name",
    "fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_text",
    "format_date",
    "format_date_era",
    "format_date_short",
    "format_date_weekday",
    "format_month_year",
    "format_time",
    "format_time_range",
    "format_year_be",
    "month_name",
]

BE_OFFSET = 543
MIN_BE_YEAR = 2400  # below this a "B.E." year is almost surely a C.E. year typed by mistake

_LOCALE = "th"
_MONTHS_WIDE: Mapping[int, str] = MappingProxyType(
    dict(get_month_names("wide", locale=_LOCALE))
)
_MONTHS_ABBR: Mapping[int, str] = MappingProxyType(
    dict(get_month_names("abbreviated", locale=_LOCALE))
)
# Babel keys weekdays 0 = Monday … 6 = Sunday, like date.weekday(). Names include "วัน".
_DAYS_WIDE: Mapping[int, str] = MappingProxyType(dict(get_day_names("wide", locale=_LOCALE)))


class BuddhistYearError(ItaDocsError, ValueError):
    """A B.E. year field holds a year below 2400 (usually a C.E. year)."""

    def __init__(self, year: int, field: str = "year") -> None:
        self.year = year
        self.field = field
        self.suggestion = year + BE_OFFSET
        super().__init__(
            f"{field}: ปี {year} ไม่ใช่ปีพุทธศักราช (ต้องไม่น้อยกว่า {MIN_BE_YEAR}) "
            f"หากเป็นปีคริสต์ศักราช ให้บวก 543 — หมายถึง พ.ศ. {self.suggestion} หรือไม่ / "
            f"{field}: {year} is not a Buddhist-era (B.E.) year (must be at least {MIN_BE_YEAR}); "
            f"if it is a C.E. year add 543 — did you mean {self.suggestion}?"
        )


def check_be_year(year: int, field: str = "year") -> int:
    """Return ``year`` if it is a plausible B.E. year, else raise BuddhistYearError."""
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{field}: expected an integer year, got {year!r}")
    if year < MIN_BE_YEAR:
        raise BuddhistYearError(year, field)
    return year


def buddhist_year(d: date) -> int:
    """B.E. year of ``d`` (C.E. + 543)."""
    return d.year + BE_OFFSET


def fiscal_year(d: date) -> int:
    """B.E. fiscal year of ``d``: 2021-02-10 → 2564, 2020-10-01 → 2564, 2020-09-30 → 2563."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a B.E. fiscal year: 2564 → (2020-10-01, 2021-09-30)."""
    check_be_year(fiscal_year_be, "fiscal_year")
    ce = fiscal_year_be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def month_name(month: int, abbreviated: bool = False) -> str:
    """"มกราคม" … "ธันวาคม", or "ม.ค." … "ธ.ค." when abbreviated."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"เดือนต้องอยู่ระหว่าง 1–12 / month must be 1–12, got {month!r}")
    return (_MONTHS_ABBR if abbreviated else _MONTHS_WIDE)[month]


def day_name(d: date) -> str:
    """Weekday name with its "วัน" prefix: "วันพฤหัสบดี"."""
    return _DAYS_WIDE[d.weekday()]


def format_year_be(year_be: int, *, digits: Digits = "thai") -> str:
    """"พ.ศ. ๒๕๖๔"."""
    check_be_year(year_be)
    return convert_digits(f"พ.ศ. {year_be}", digits)


def fiscal_year_text(year_be: int, *, digits: Digits = "thai") -> str:
    """"ปีงบประมาณ พ.ศ. ๒๕๖๔"."""
    check_be_year(year_be, "fiscal_year")
    return convert_digits(f"ปีงบประมาณ พ.ศ. {year_be}", digits)


def format_date(d: date, *, digits: Digits = "thai") -> str:
    """Memo date line: "๑๐ กุมภาพันธ์ ๒๕๖๔"."""
    return convert_digits(f"{d.day} {month_name(d.month)} {buddhist_year(d)}", digits)


def format_date_era(d: date, *, digits: Digits = "thai") -> str:
    """"๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔"."""
    return convert_digits(f"{d.day} {month_name(d.month)} พ.ศ. {buddhist_year(d)}", digits)


def format_date_weekday(d: date, *, digits: Digits = "thai") -> str:
    """"วันพฤหัสบดีที่ ๑๒ มีนาคม ๒๕๖๓"."""
    return convert_digits(f"{day_name(d)}ที่ {format_date(d, digits='arabic')}", digits)


def format_date_short(d: date, *, digits: Digits = "thai") -> str:
    """"๗ ต.ค. ๒๕๖๓"."""
    return convert_digits(
        f"{d.day} {month_name(d.month, abbreviated=True)} {buddhist_year(d)}", digits
    )


def format_month_year(
    value: date | tuple[int, int],
    abbreviated: bool = False,
    *,
    digits: Digits = "thai",
) -> str:
    """"มีนาคม ๒๕๖๓" from a date or from a (B.E. year, month) pair."""
    if isinstance(value, date):
        year_be, month = buddhist_year(value), value.month
    else:
        year_be, month = value
        check_be_year(year_be)
    return convert_digits(f"{month_name(month, abbreviated)} {year_be}", digits)


def closing_date_line(d: date, verb: str = "ประกาศ", *, digits: Digits = "thai") -> str:
    """Closing line of a ประกาศ/คำสั่ง: "ประกาศ ณ วันที่ ๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔" (verb "สั่ง" for orders)."""
    return f"{verb} ณ วันที่ {format_date_era(d, digits=digits)}"


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}.{t.minute:02d}"


def format_time(t: time, *, digits: Digits = "thai") -> str:
    """"๐๘.๓๐ น."."""
    return convert_digits(f"{_hhmm(t)} น.", digits)


def format_time_range(start: time, end: time, *, digits: Digits = "thai") -> str:
    """"๐๘.๓๐ – ๑๖.๓๐ น." (en dash with spaces, one "น." at the end)."""
    return convert_digits(f"{_hhmm(start)} – {_hhmm(end)} น.", digits)
