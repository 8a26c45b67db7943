"""ita_docs.thai.dates: Buddhist era, fiscal years, Thai date and time lines (SPEC §5)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import (
    BuddhistYearError,
    buddhist_year,
    check_be_year,
    closing_date_line,
    fiscal_year,
    fiscal_year_bounds,
    fiscal_year_text,
    format_date,
    format_date_era,
    format_date_short,
    format_date_weekday,
    format_month_year,
    format_time,
    format_time_range,
    format_year_be,
    month_name,
    to_arabic_digits,
)


def test_buddhist_year():
    assert buddhist_year(date(2021, 2, 10)) == 2564
    assert buddhist_year(datetime(2020, 1, 1, 12, 0)) == 2563


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2021, 2, 10), 2564),
        (date(2020, 10, 1), 2564),
        (date(2020, 9, 30), 2563),
        (date(2019, 10, 1), 2563),
        (date(2020, 1, 1), 2563),
        (date(2019, 9, 30), 2562),
        (date(2021, 9, 30), 2564),
        (date(2021, 10, 1), 2565),
    ],
)
def test_fiscal_year(d, fy):
    assert fiscal_year(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2564) == (date(2020, 10, 1), date(2021, 9, 30))
    assert fiscal_year_bounds(2563) == (date(2019, 10, 1), date(2020, 9, 30))
    with pytest.raises(BuddhistYearError):
        fiscal_year_bounds(2021)


def test_check_be_year():
    assert check_be_year(2564) == 2564
    assert check_be_year(2400) == 2400
    with pytest.raises(BuddhistYearError) as exc:
        check_be_year(2021, "assessment.year")
    msg = str(exc.value)
    assert "assessment.year" in msg
    assert "2021" in msg
    assert "did you mean 2564?" in msg
    assert "543" in msg
    assert "พุทธศักราช" in msg  # the Thai half
    assert isinstance(exc.value, ValueError)
    assert (exc.value.field, exc.value.year, exc.value.suggestion) == ("assessment.year", 2021, 2564)
    with pytest.raises(BuddhistYearError, match="year: 2399"):
        check_be_year(2399)


@given(st.integers(max_value=2399))
def test_check_be_year_rejects_all_small(y):
    with pytest.raises(BuddhistYearError, match=f"did you mean {y + 543}"):
        check_be_year(y)


def test_date_lines():
    assert format_date(date(2021, 2, 10)) == "๑๐ กุมภาพันธ์ ๒๕๖๔"
    assert format_date(date(2021, 2, 10), digits="arabic") == "10 กุมภาพันธ์ 2564"
    assert format_date_era(date(2021, 2, 16)) == "๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔"
    assert format_date_weekday(date(2020, 3, 12)) == "วันพฤหัสบดีที่ ๑๒ มีนาคม ๒๕๖๓"
    assert format_date_weekday(date(2024, 6, 2), digits="arabic") == "วันอาทิตย์ที่ 2 มิถุนายน 2567"
    assert format_date_short(date(2020, 10, 7)) == "๗ ต.ค. ๒๕๖๓"
    assert format_date_short(date(2020, 10, 7), digits="arabic") == "7 ต.ค. 2563"
    assert closing_date_line(date(2021, 2, 16)) == "ประกาศ ณ วันที่ ๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔"
    assert closing_date_line(date(2021, 2, 16), "สั่ง") == "สั่ง ณ วันที่ ๑๖ กุมภาพันธ์ พ.ศ. ๒๕๖๔"
    assert closing_date_line(date(2021, 2, 16), "สั่ง", digits="arabic") == "สั่ง ณ วันที่ 16 กุมภาพันธ์ พ.ศ. 2564"


def test_month_year():
    assert format_month_year(date(2020, 3, 12)) == "มีนาคม ๒๕๖๓"
    assert format_month_year((2563, 3)) == "มีนาคม ๒๕๖๓"
    assert format_month_year((2563, 3), abbreviated=True) == "มี.ค. ๒๕๖๓"
    assert format_month_year((2563, 3), digits="arabic") == "มีนาคม 2563"
    with pytest.raises(BuddhistYearError):
        format_month_year((2020, 3))
    with pytest.raises(ValueError):
        format_month_year((2563, 13))


def test_month_names():
    wide = [month_name(m) for m in range(1, 13)]
    assert wide == [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
        "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
    ]
    abbr = [month_name(m, abbreviated=True) for m in range(1, 13)]
    assert abbr == [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ]
    for bad in (0, 13, -1):
        with pytest.raises(ValueError):
            month_name(bad)


def test_times():
    assert format_time(time(8, 30)) == "๐๘.๓๐ น."
    assert format_time(time(16, 5), digits="arabic") == "16.05 น."
    assert format_time_range(time(8, 30), time(16, 30)) == "๐๘.๓๐ – ๑๖.๓๐ น."
    assert format_time_range(time(9, 0), time(12, 0), digits="arabic") == "09.00 – 12.00 น."


def test_year_texts():
    assert format_year_be(2564) == "พ.ศ. ๒๕๖๔"
    assert format_year_be(2564, digits="arabic") == "พ.ศ. 2564"
    assert fiscal_year_text(2564) == "ปีงบประมาณ พ.ศ. ๒๕๖๔"
    with pytest.raises(BuddhistYearError, match="fiscal_year"):
        fiscal_year_text(2021)
    with pytest.raises(BuddhistYearError):
        format_year_be(2021)


# --- properties -----------------------------------------------------------------------------

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))


@given(dates)
def test_fiscal_year_constant_within_bounds(d):
    fy = fiscal_year(d)
    start, end = fiscal_year_bounds(fy)
    assert start <= d <= end
    assert fiscal_year(start) == fiscal_year(end) == fy
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert fiscal_year(start - timedelta(days=1)) == fy - 1
    assert fiscal_year(end + timedelta(days=1)) == fy + 1


@given(dates)
def test_fiscal_year_increments_exactly_on_1_october(d):
    today, tomorrow = fiscal_year(d), fiscal_year(d + timedelta(days=1))
    nxt = d + timedelta(days=1)
    if (nxt.month, nxt.day) == (10, 1):
        assert tomorrow == today + 1
    else:
        assert tomorrow == today


@given(dates)
def test_date_line_round_trip(d):
    text = format_date(d)
    day, month, year = text.split(" ")
    assert int(to_arabic_digits(day)) == d.day
    assert month_name(d.month) == month
    assert int(to_arabic_digits(year)) == d.year + 543
    assert not any(c in "0123456789" for c in format_date_weekday(d) + format_date_short(d))


# --- dates in inputs: either era, Thai-written, impossible days are errors (issue 13) --------------

from ita_docs.thai import ThaiDateError, parse_date  # noqa: E402
from ita_docs.thai.dates import looks_like_date  # noqa: E402


@pytest.mark.parametrize(
    "text",
    [
        "2567-05-14",  # B.E., as a memo writer types it
        "2024-05-14",  # C.E.
        "2567-5-14",
        "14/5/2567",
        "14/05/2024",
        "14 พ.ค. 2567",
        "14 พ.ค 2567",
        "14 พค 2567",
        "14 พฤษภาคม 2567",
        "๑๔ พฤษภาคม ๒๕๖๗",
        "๑๔ พ.ค. ๒๕๖๗",
        "14 พฤษภาคม พ.ศ. 2567",
        "๑๔ พฤษภาคม พ.ศ.๒๕๖๗",
        "14 พ.ค. 67",  # a two-digit year is B.E.
        "14 พฤษภาคม ค.ศ. 2024",
        "วันที่ 14 พฤษภาคม 2567",
        "วันอังคารที่ 14 พฤษภาคม 2567",
        "วันอังคาร ๑๔ พ.ค. ๒๕๖๗",
        "14พ.ค.2567",
        "  14   พฤษภาคม   2567 ",
    ],
)
def test_parse_date_either_era_and_thai_written(text):
    assert parse_date(text) == date(2024, 5, 14)


def test_parse_date_from_yaml_dates():
    # YAML turns 2567-05-14 into date(2567, 5, 14), a real C.E. date: a year ≥ 2400 is B.E.
    assert parse_date(date(2567, 5, 14)) == date(2024, 5, 14)
    assert parse_date(date(2024, 5, 14)) == date(2024, 5, 14)
    assert parse_date(date(2399, 12, 31)) == date(2399, 12, 31)
    assert parse_date(date(2400, 1, 1)) == date(1857, 1, 1)
    assert parse_date(datetime(2567, 5, 14)) == date(2024, 5, 14)
    with pytest.raises(ThaiDateError, match="time of day"):
        parse_date(datetime(2024, 5, 14, 10, 30))


@pytest.mark.parametrize("month", range(1, 13))
def test_parse_date_every_month_name(month):
    for name in (month_name(month), month_name(month, abbreviated=True)):
        assert parse_date(f"1 {name} 2567") == date(2024, month, 1)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2024-02-30", "30 กุมภาพันธ์"),
        ("2567-02-30", "30 กุมภาพันธ์"),
        ("30 ก.พ. 2567", "29 วัน"),
        ("29 ก.พ. 2566", "28 วัน"),  # 2566 B.E. = 2023, not a leap year
        ("2566-02-29", "28 วัน"),
        (date(2568, 2, 29), "28 วัน"),  # YAML's date(2568, 2, 29) is real, but 2025-02-29 is not
        ("2023-02-29", "28 วัน"),
        ("31 เม.ย. 2567", "30 วัน"),
        ("2024-13-01", "เดือนที่ 13"),
        ("2024-00-10", "เดือนที่ 0"),
        ("0 มกราคม 2567", "วันที่ 0"),
        ("14 พ.ค. พ.ศ. 2024", "พ.ศ. 2567"),  # a C.E. year marked พ.ศ.
        ("วันจันทร์ที่ 14 พฤษภาคม 2567", "วันอังคาร"),  # the weekday does not match
    ],
)
def test_impossible_dates_are_errors(value, words):
    with pytest.raises(ThaiDateError) as info:
        parse_date(value)
    message = str(info.value)
    assert words in message
    assert " / " in message  # Thai, then English
    assert isinstance(info.value, ValueError)


def test_leap_days_in_both_eras():
    assert parse_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert parse_date("2567-02-29") == date(2024, 2, 29)
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("29 กุมภาพันธ์ 2543") == date(2000, 2, 29)  # 2000: divisible by 400
    with pytest.raises(ThaiDateError):
        parse_date("29 กุมภาพันธ์ 2443")  # 1900: not a leap year


@pytest.mark.parametrize("text", ["", "hello", "14 May 2024", "14 พฤษภา 2567", "2567", "พ.ศ. 2567",
                                  "ตั้งแต่วันที่ 1 ตุลาคม 2567 เป็นต้นไป", "14-05-2567"])
def test_text_that_is_not_a_date(text):
    assert not looks_like_date(text)
    with pytest.raises(ThaiDateError, match="YYYY-MM-DD"):
        parse_date(text)


def test_looks_like_date_includes_impossible_ones():
    assert looks_like_date("2024-02-30") and looks_like_date("30 ก.พ. 2567")
    assert looks_like_date("๑ ต.ค. ๒๕๖๗")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2300, 12, 31)))
def test_every_formatted_date_reads_back(d):
    # What the library writes, in either digits, reads back as the same day (B.E. in the text).
    for digits in ("thai", "arabic"):
        for text in (format_date(d, digits=digits), format_date_era(d, digits=digits),
                     format_date_short(d, digits=digits), format_date_weekday(d, digits=digits)):
            assert parse_date(text) == d
    assert parse_date(f"{d.year + 543}-{d.month:02d}-{d.day:02d}") == d  # B.E. ISO (year ≥ 2443)
    assert parse_date(d.replace(year=d.year + 543) if not (d.month, d.day) == (2, 29) else d) == d


def test_committed_calendar_names_are_babels():
    """calendar_names.json is what `python scripts/build_calendar_names.py` writes from Babel's CLDR
    data (rendering reads the file, not Babel)."""
    import runpy

    from conftest import REPO

    script = runpy.run_path(str(REPO / "scripts" / "build_calendar_names.py"))
    assert script["OUT"].read_text(encoding="utf-8") == script["build"](), (
        "ita_docs/thai/calendar_names.json is stale: run python scripts/build_calendar_names.py")


def test_names_read_from_the_file_are_babels():
    from babel.dates import get_day_names, get_month_names

    from ita_docs.thai.dates import day_name, month_name

    assert [month_name(m) for m in range(1, 13)] == [get_month_names("wide", locale="th")[m] for m in range(1, 13)]
    assert [month_name(m, abbreviated=True) for m in range(1, 13)] == [
        get_month_names("abbreviated", locale="th")[m] for m in range(1, 13)]
    assert [day_name(date(2024, 1, 1 + d)) for d in range(7)] == [get_day_names("wide", locale="th")[d] for d in range(7)]
