"""ita_docs.thai.numbers: grouping, scores, percentages, half-up rounding (SPEC §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import (
    format_number,
    format_percent,
    format_score,
    round_half_up,
    to_arabic_digits,
    to_decimal,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (45.255, 2, "45.26"),  # Babel/float would give 45.25
        (2.675, 2, "2.68"),  # binary float is 2.67499…
        (0.125, 2, "0.13"),
        (62.825, 2, "62.83"),
        (Decimal("1.005"), 2, "1.01"),
        (2.5, 0, "3"),
        (3.5, 0, "4"),
        (-2.5, 0, "-3"),  # half away from zero
        (85, 2, "85.00"),
        ("๔๕.๒๕๕", 2, "45.26"),
    ],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == Decimal(expected)
    assert str(round_half_up(value, places)) == expected


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (8303, {}, "๘,๓๐๓"),
        (8303.0, {}, "๘,๓๐๓"),
        (Decimal("1234567.50"), {}, "๑,๒๓๔,๕๖๗.๕"),
        (1234567.891, {}, "๑,๒๓๔,๕๖๗.๘๙๑"),
        (1234.5, {"decimals": 2}, "๑,๒๓๔.๕๐"),
        (8303, {"digits": "arabic"}, "8,303"),
        (8303, {"grouping": False}, "๘๓๐๓"),
        (1234.5, {"decimals": 2, "grouping": False, "digits": "arabic"}, "1234.50"),
        (-1234.5, {"decimals": 1}, "-๑,๒๓๔.๕"),
        (-0.001, {"decimals": 2, "digits": "arabic"}, "0.00"),  # no "-0.00"
        (0, {}, "๐"),
        (1e20, {"digits": "arabic"}, "100,000,000,000,000,000,000"),
        (0.0000001, {"digits": "arabic"}, "0.0000001"),
        ("๘,๓๐๓", {"digits": "arabic"}, "8,303"),
    ],
)
def test_format_number(value, kwargs, expected):
    assert format_number(value, **kwargs) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(62.83, "๖๒.๘๓"), (45.255, "๔๕.๒๖"), (85, "๘๕.๐๐"), (100, "๑๐๐.๐๐"), (0.004, "๐.๐๐")],
)
def test_format_score(value, expected):
    assert format_score(value) == expected


def test_format_score_arabic():
    assert format_score(62.834, digits="arabic") == "62.83"


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (36.666, {}, "๓๖.๖๗%"),
        (36.67, {}, "๓๖.๖๗%"),
        (85, {}, "๘๕.๐๐%"),
        (36.666, {"digits": "arabic"}, "36.67%"),
        (36.666, {"decimals": 1}, "๓๖.๗%"),
        (85, {"prose": True}, "ร้อยละ ๘๕"),
        (85.0, {"prose": True}, "ร้อยละ ๘๕"),
        (84.999, {"prose": True}, "ร้อยละ ๘๕"),
        (36.666, {"prose": True}, "ร้อยละ ๓๖.๖๗"),
        (36.5, {"prose": True}, "ร้อยละ ๓๖.๕๐"),
        (85, {"prose": True, "digits": "arabic"}, "ร้อยละ 85"),
    ],
)
def test_format_percent(value, kwargs, expected):
    assert format_percent(value, **kwargs) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", True, None, [1]])
def test_bad_values(bad):
    with pytest.raises((ValueError, TypeError)):
        format_number(bad)


def test_to_decimal_float_uses_repr():
    assert to_decimal(0.1) == Decimal("0.1")


# --- properties -----------------------------------------------------------------------------

scores = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=4),
    st.integers(min_value=-10**12, max_value=10**12),
)


@given(scores)
def test_format_score_round_trip(x):
    text = format_score(x)
    assert not any(c in "0123456789" for c in text)
    back = Decimal(to_arabic_digits(text).replace(",", ""))
    assert back == round_half_up(x)
    assert back.as_tuple().exponent == -2


@given(st.integers(min_value=0, max_value=10**9))
def test_round_half_up_matches_integer_oracle(thousandths):
    """k/1000 rounded half-up to hundredths is (k + 5) // 10 hundredths."""
    value = Decimal(thousandths) / 1000
    assert round_half_up(value, 2) == Decimal((thousandths + 5) // 10) / 100
    assert round_half_up(-value, 2) == -(Decimal((thousandths + 5) // 10) / 100)


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_grouping_of_integers(n):
    text = format_number(n, digits="arabic")
    assert text.replace(",", "") == str(n)
    groups = text.lstrip("-").split(",")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
