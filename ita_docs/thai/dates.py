"""Thai dates, times and fiscal years.

Month and day names come from CLDR via Babel, written into calendar_names.json by
`python scripts/build_calendar_names.py` (loading Babel took a tenth of a render's start-up).
Babel prints the Gregorian year, so the Buddhist-era shift (C.E. + 543) is done here. Fiscal year
(ปีงบประมาณ) runs 1 October – 30 September and is named by the B.E. year in which it ends.

Dates in inputs may be in either era (a year of 2400 or more is B.E.) and written the Thai way
("14 พ.ค. 2567", "๑๔ พฤษภาคม พ.ศ. ๒๕๖๗"); ``parse_date`` reads them. Hand-written: Babel parses
only C.E. dates in CLDR patterns, not the abbreviated months with optional dots, B.E. years or a
leading weekday that Thai writers use.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType

from ita_docs.diagnostics import ItaDocsError

from .digits import Digits, convert_digits, to_arabic_digits

__all__ = [
    "BE_OFFSET",
    "MIN_BE_YEAR",
    "BuddhistYearError",
    "ThaiDateError",
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
    "parse_date",
]

BE_OFFSET = 543
MIN_BE_YEAR = 2400  # below this a "B.E." year is almost surely a C.E. year typed by mistake

_NAMES = json.loads(Path(__file__).with_name("calendar_names.json").read_text(encoding="utf-8"))


def _numbered(names: dict[str, str]) -> Mapping[int, str]:
    return MappingProxyType({int(n): name for n, name in names.items()})


_MONTHS_WIDE = _numbered(_NAMES["th"]["months"])
_MONTHS_ABBR = _numbered(_NAMES["th"]["months_abbreviated"])
# CLDR keys weekdays 0 = Monday … 6 = Sunday, like date.weekday(). Names include "วัน".
_DAYS_WIDE = _numbered(_NAMES["th"]["days"])


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


class ThaiDateError(ItaDocsError, ValueError):
    """A date in an input cannot be read, or names a day that does not exist (30 February)."""


# Month names (wide and abbreviated) → month number, keyed without dots and spaces so "พ.ค.",
# "พ.ค" and "พค" all read as May.
def _month_key(name: str) -> str:
    return "".join(name.split()).replace(".", "")


_MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {_month_key(name): n for names in (_MONTHS_WIDE, _MONTHS_ABBR) for n, name in names.items()}
)
_WEEKDAY_NUMBERS: Mapping[str, int] = MappingProxyType({name: n for n, name in _DAYS_WIDE.items()})
_MONTHS_EN = _numbered(_NAMES["en"]["months"])
_DAYS_EN = _numbered(_NAMES["en"]["days"])
_ERA = r"(?P<era>[พค]\.?\s*ศ\.?)"
# After Thai digits are made Arabic. "วันที่", "วันอังคาร" or "วันอังคารที่" may lead (the weekday is checked).
_ISO_DATE_RE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_SLASH_DATE_RE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
_THAI_DATE_RE = re.compile(
    rf"(?:(?P<prefix>[\u0e01-\u0e4e]+)\s*)?(?P<day>\d{{1,2}})\s*(?P<month>[\u0e01-\u0e4e.\s]+?)"
    rf"\s*(?:{_ERA}\s*)?(?P<year>\d{{4}}|\d{{2}})"
)


def _make_date(text: str, year: int, month: int, day: int, era: str | None) -> date:
    """A date from its parts; ``era`` "พ" (พ.ศ.), "ค" (ค.ศ.) or None (a year ≥ 2400 is then B.E.)."""
    buddhist = year >= MIN_BE_YEAR if era is None else era == "พ"
    if buddhist and year < MIN_BE_YEAR:
        raise ThaiDateError(
            f"ปี พ.ศ. {year} ต่ำเกินไป หากเป็นปี ค.ศ. หมายถึง พ.ศ. {year + BE_OFFSET} / B.E. year {year} is too "
            f"small; if it is a C.E. year, B.E. {year + BE_OFFSET} is meant"
        )
    ce_year = year - BE_OFFSET if buddhist else year
    if not 1 <= ce_year <= 9999:
        raise ThaiDateError(f"ปี {year} อยู่นอกช่วงที่รับได้ / the year {year} is out of range")
    if not 1 <= month <= 12:
        raise ThaiDateError(f"ไม่มีเดือนที่ {month} / there is no month {month}")
    try:
        return date(ce_year, month, day)
    except ValueError:
        days = calendar.monthrange(ce_year, month)[1]
        year_text = f"พ.ศ. {year}" if buddhist else f"ค.ศ. {year}"
        raise ThaiDateError(
            f"ไม่มีวันที่ {day} {_MONTHS_WIDE[month]} {year_text} (เดือนนี้มี {days} วัน) / no such date: "
            f"{_MONTHS_EN[month]} {ce_year} has {days} days"
        ) from None


def parse_date(value: date | str) -> date:
    """A date from an input, in either era; the result is an ordinary (C.E.) date.

    A year of 2400 or more is Buddhist-era (B.E. − 543 = C.E.), unless "ค.ศ." says otherwise;
    Thai-written dates, with Thai or Arabic digits, full or abbreviated month names and an
    optional "พ.ศ.", "วันที่" or weekday are read too. A day that does not exist is an error.

    >>> parse_date("2567-05-14"), parse_date("2024-05-14")
    (datetime.date(2024, 5, 14), datetime.date(2024, 5, 14))
    >>> parse_date("14 พ.ค. 2567"), parse_date("๑๔ พฤษภาคม พ.ศ. ๒๕๖๗")
    (datetime.date(2024, 5, 14), datetime.date(2024, 5, 14))
    >>> parse_date(date(2567, 5, 14))  # YAML reads 2567-05-14 as a C.E. date: it is B.E.
    datetime.date(2024, 5, 14)
    >>> parse_date("29 ก.พ. 2567")  # 2024 is a leap year
    datetime.date(2024, 2, 29)
    >>> parse_date("29 ก.พ. 2566")
    Traceback (most recent call last):
    ...
    ita_docs.thai.dates.ThaiDateError: ไม่มีวันที่ 29 กุมภาพันธ์ พ.ศ. 2566 (เดือนนี้มี 28 วัน) / no such date: February 2023 has 28 days
    """
    if isinstance(value, datetime):
        if value.time() != time():
            raise ThaiDateError(
                f"ต้องเป็นวันที่ ไม่มีเวลา / a date without a time of day is expected: {value.isoformat(' ')}"
            )
        value = value.date()
    if isinstance(value, date):
        if value.year < MIN_BE_YEAR:
            return value
        return _make_date(value.isoformat(), value.year, value.month, value.day, None)
    if not isinstance(value, str):
        raise ThaiDateError(f"ต้องเป็นวันที่ / a date is expected, not {type(value).__name__}")
    parsed = _parse_date_text(value)
    if parsed is None:
        raise ThaiDateError(
            "อ่านวันที่ไม่ได้ ใช้ ปปปป-ดด-วว (พ.ศ. หรือ ค.ศ.) หรือเขียนแบบไทย เช่น 14 พ.ค. 2567 / not a date: "
            "use YYYY-MM-DD (B.E. or C.E. year) or the Thai way, e.g. 14 พ.ค. 2567"
        )
    return parsed


def _parse_date_text(text: str) -> date | None:
    """The date ``text`` writes, None when it is not written as a date at all; ThaiDateError when
    it is one that does not exist or whose month or weekday is wrong."""
    s = " ".join(to_arabic_digits(text).split())
    m = _ISO_DATE_RE.fullmatch(s) or _SLASH_DATE_RE.fullmatch(s)
    if m:
        return _make_date(text, int(m["year"]), int(m["month"]), int(m["day"]), None)
    m = _THAI_DATE_RE.fullmatch(s)
    if m is None:
        return None
    month = _MONTH_NUMBERS.get(_month_key(m["month"]))
    if month is None:
        return None
    year = int(m["year"])
    era = m["era"][0] if m["era"] else None
    if len(m["year"]) == 2:  # "14 พ.ค. 67": a two-digit year is the end of a B.E. year
        if era == "ค":
            return None
        year, era = 2500 + year, "พ"
    result = _make_date(text, year, month, int(m["day"]), era)
    if m["prefix"]:
        weekday = m["prefix"].removesuffix("ที่")
        if weekday == "วัน":  # "วันที่ 14 …"
            return result
        if weekday not in _WEEKDAY_NUMBERS:
            return None
        if _WEEKDAY_NUMBERS[weekday] != result.weekday():
            raise ThaiDateError(
                f"{weekday}ไม่ตรงกับวันที่ (เป็น{day_name(result)}) / the weekday does not match the date "
                f"(it is a {_DAYS_EN[result.weekday()]})"
            )
    return result


def looks_like_date(text: str) -> bool:
    """Whether ``text`` is written as a date (a real one or not): for fields that take a date
    or a sentence."""
    try:
        return _parse_date_text(text) is not None
    except ThaiDateError:
        return True


def check_be_year(year: int, field: str = "year") -> int:
    """Return ``year`` if it is a plausible B.E. year, else raise BuddhistYearError.

    >>> check_be_year(2567)
    2567
    >>> check_be_year(2024, "fiscal_year")
    Traceback (most recent call last):
    ...
    ita_docs.thai.dates.BuddhistYearError: fiscal_year: ปี 2024 ไม่ใช่ปีพุทธศักราช ... did you mean 2567?
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{field}: expected an integer year, got {year!r}")
    if year < MIN_BE_YEAR:
        raise BuddhistYearError(year, field)
    return year


def buddhist_year(d: date) -> int:
    """B.E. year of ``d`` (C.E. + 543).

    >>> buddhist_year(date(2024, 5, 14))
    2567
    """
    return d.year + BE_OFFSET


def fiscal_year(d: date) -> int:
    """B.E. fiscal year of ``d`` (1 October – 30 September, named by the year it ends in).

    >>> fiscal_year(date(2021, 2, 10)), fiscal_year(date(2020, 10, 1)), fiscal_year(date(2020, 9, 30))
    (2564, 2564, 2563)
    """
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """First and last day of a B.E. fiscal year.

    >>> fiscal_year_bounds(2564)
    (datetime.date(2020, 10, 1), datetime.date(2021, 9, 30))
    """
    check_be_year(fiscal_year_be, "fiscal_year")
    ce = fiscal_year_be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def month_name(month: int, abbreviated: bool = False) -> str:
    """A month's Thai name (CLDR), full or abbreviated.

    >>> month_name(5), month_name(5, abbreviated=True)
    ('พฤษภาคม', 'พ.ค.')
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"เดือนต้องอยู่ระหว่าง 1–12 / month must be 1–12, got {month!r}")
    return (_MONTHS_ABBR if abbreviated else _MONTHS_WIDE)[month]


def day_name(d: date) -> str:
    """Weekday name with its "วัน" prefix.

    >>> day_name(date(2020, 3, 12))
    'วันพฤหัสบดี'
    """
    return _DAYS_WIDE[d.weekday()]


def format_year_be(year_be: int, *, digits: Digits = "thai") -> str:
    """A B.E. year with its era.

    >>> format_year_be(2564), format_year_be(2564, digits="arabic")
    ('พ.ศ. ๒๕๖๔', 'พ.ศ. 2564')
    """
    check_be_year(year_be)
    return convert_digits(f"พ.ศ. {year_be}", digits)


def fiscal_year_text(year_be: int, *, digits: Digits = "thai") -> str:
    """A fiscal year as documents name it.

    >>> fiscal_year_text(2564)
    'ปีงบประมาณ พ.ศ. ๒๕๖๔'
    """
    check_be_year(year_be, "fiscal_year")
    return convert_digits(f"ปีงบประมาณ พ.ศ. {year_be}", digits)


def format_date(d: date, *, digits: Digits = "thai") -> str:
    """The memo's date line.

    >>> format_date(date(2021, 2, 10)), format_date(date(2021, 2, 10), digits="arabic")
    ('๑๐ กุมภาพันธ์ ๒๕๖๔', '10 กุมภาพันธ์ 2564')
    """
    return convert_digits(f"{d.day} {month_name(d.month)} {buddhist_year(d)}", digits)


def format_date_era(d: date, *, digits: Digits = "thai") -> str:
    """A date with its era, as the closing line of a ประกาศ writes it.

    >>> format_date_era(date(2021, 2, 16))
    '๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔'
    """
    return convert_digits(f"{d.day} {month_name(d.month)} พ.ศ. {buddhist_year(d)}", digits)


def format_date_weekday(d: date, *, digits: Digits = "thai") -> str:
    """A date with its weekday.

    >>> format_date_weekday(date(2020, 3, 12))
    'วันพฤหัสบดีที่ ๑๒ มีนาคม ๒๕๖๓'
    """
    return convert_digits(f"{day_name(d)}ที่ {format_date(d, digits='arabic')}", digits)


def format_date_short(d: date, *, digits: Digits = "thai") -> str:
    """A date with the abbreviated month.

    >>> format_date_short(date(2020, 10, 7))
    '๗ ต.ค. ๒๕๖๓'
    """
    return convert_digits(
        f"{d.day} {month_name(d.month, abbreviated=True)} {buddhist_year(d)}", digits
    )


def format_month_year(
    value: date | tuple[int, int],
    abbreviated: bool = False,
    *,
    digits: Digits = "thai",
) -> str:
    """Month and B.E. year, from a date or from a (B.E. year, month) pair.

    >>> format_month_year(date(2020, 3, 12)), format_month_year((2563, 3), abbreviated=True)
    ('มีนาคม ๒๕๖๓', 'มี.ค. ๒๕๖๓')
    """
    if isinstance(value, date):
        year_be, month = buddhist_year(value), value.month
    else:
        year_be, month = value
        check_be_year(year_be)
    return convert_digits(f"{month_name(month, abbreviated)} {year_be}", digits)


def closing_date_line(d: date, verb: str = "ประกาศ", *, digits: Digits = "thai") -> str:
    """Closing line of a ประกาศ/คำสั่ง (verb "สั่ง" for orders).

    >>> closing_date_line(date(2021, 2, 16))
    'ประกาศ ณ วันที่ ๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔'
    >>> closing_date_line(date(2021, 2, 16), "สั่ง", digits="arabic")
    'สั่ง ณ วันที่ 16 กุมภาพันธ์ พ.ศ. 2564'
    """
    return f"{verb} ณ วันที่ {format_date_era(d, digits=digits)}"


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}.{t.minute:02d}"


def format_time(t: time, *, digits: Digits = "thai") -> str:
    """A time of day.

    >>> format_time(time(8, 30))
    '๐๘.๓๐ น.'
    """
    return convert_digits(f"{_hhmm(t)} น.", digits)


def format_time_range(start: time, end: time, *, digits: Digits = "thai") -> str:
    """A time range: en dash with spaces, one "น." at the end.

    >>> format_time_range(time(8, 30), time(16, 30))
    '๐๘.๓๐ – ๑๖.๓๐ น.'
    """
    return convert_digits(f"{_hhmm(start)} – {_hhmm(end)} น.", digits)
