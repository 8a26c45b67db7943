"""ita_docs.thai.baht: amounts in words (SPEC §5)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import baht_text, format_money, thai_number_words


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1234.50, "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (101, "หนึ่งร้อยหนึ่งบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (1_000_001, "หนึ่งล้านหนึ่งบาทถ้วน"),
        (21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (10**12, "หนึ่งล้านล้านบาทถ้วน"),
        (10**12 + 5 * 10**6, "หนึ่งล้านห้าล้านบาทถ้วน"),
        (0.25, "ยี่สิบห้าสตางค์"),
        (0.01, "หนึ่งสตางค์"),
        (0.21, "ยี่สิบเอ็ดสตางค์"),
        (0, "ศูนย์บาทถ้วน"),
        (0.004, "ศูนย์บาทถ้วน"),
        (1.005, "หนึ่งบาทหนึ่งสตางค์"),  # half-up on the decimal value, not the float
        (0.125, "สิบสามสตางค์"),
        (0.995, "หนึ่งบาทถ้วน"),
        (Decimal("250000.75"), "สองแสนห้าหมื่นบาทเจ็ดสิบห้าสตางค์"),
        ("๘,๓๐๓", "แปดพันสามร้อยสามบาทถ้วน"),
        (123_456_789, "หนึ่งร้อยยี่สิบสามล้านสี่แสนห้าหมื่นหกพันเจ็ดร้อยแปดสิบเก้าบาทถ้วน"),
    ],
)
def test_baht_text(amount, expected):
    assert baht_text(amount) == expected


@pytest.mark.parametrize("bad", [-1, -0.01, Decimal("-5")])
def test_negative_amount_raises(bad):
    with pytest.raises(ValueError):
        baht_text(bad)
    with pytest.raises(ValueError):
        format_money(bad)


def test_format_money():
    assert format_money(1234.50) == "๑,๒๓๔.๕๐ บาท (หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)"
    assert format_money(100, digits="arabic") == "100.00 บาท (หนึ่งร้อยบาทถ้วน)"
    assert format_money(45.255) == "๔๕.๒๖ บาท (สี่สิบห้าบาทยี่สิบหกสตางค์)"


# --- a small reverse parser, independent of the implementation ------------------------------

_DIGITS = {
    "ศูนย์": 0, "หนึ่ง": 1, "สอง": 2, "สาม": 3, "สี่": 4, "ห้า": 5,
    "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9, "เอ็ด": 1, "ยี่": 2,
}
_PLACES = {"สิบ": 10, "ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000}
_TOKENS = sorted([*_DIGITS, *_PLACES, "ล้าน"], key=len, reverse=True)


def parse_thai_number(words: str) -> int:
    total = group = 0
    digit: int | None = None
    i = 0
    while i < len(words):
        tok = next((t for t in _TOKENS if words.startswith(t, i)), None)
        assert tok is not None, f"unparsable at {words[i:]!r} in {words!r}"
        i += len(tok)
        if tok in _DIGITS:
            assert digit is None, f"two digits in a row in {words!r}"
            digit = _DIGITS[tok]
        elif tok == "ล้าน":
            total = (total + group + (digit or 0)) * 1_000_000
            group, digit = 0, None
        else:
            if tok == "สิบ" and digit is None:
                digit = 1
            assert digit is not None, f"place {tok} without a digit in {words!r}"
            group += digit * _PLACES[tok]
            digit = None
    return total + group + (digit or 0)


def parse_baht_text(text: str) -> Decimal:
    if text.endswith("บาทถ้วน"):
        return Decimal(parse_thai_number(text[: -len("บาทถ้วน")]))
    assert text.endswith("สตางค์"), text
    body = text[: -len("สตางค์")]
    baht, _, satang = body.rpartition("บาท")
    satang_value = parse_thai_number(satang)
    assert 1 <= satang_value <= 99
    return Decimal(parse_thai_number(baht) if baht else 0) + Decimal(satang_value) / 100


def _check_canonical(words: str) -> None:
    assert "หนึ่งสิบ" not in words and "สองสิบ" not in words
    assert "เอ็ด" not in words.replace("สิบเอ็ด", "")  # เอ็ด only right after สิบ
    assert "สิบหนึ่ง" not in words  # and always there
    assert "ยี่" not in words.replace("ยี่สิบ", "")


def test_parser_sanity():
    assert parse_thai_number("หนึ่งล้านห้าล้าน") == 1_000_005_000_000
    assert parse_thai_number("สิบเอ็ด") == 11


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_baht_text_parses_back_for_integers(n):
    text = baht_text(n)
    assert text.endswith("บาทถ้วน")
    _check_canonical(text)
    if n:
        assert "ศูนย์" not in text
    assert parse_baht_text(text) == n


@given(st.integers(min_value=0, max_value=10**18))
def test_thai_number_words_large(n):
    words = thai_number_words(n)
    _check_canonical(words)
    assert parse_thai_number(words) == n


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_baht_text_parses_back_with_satang(amount):
    text = baht_text(amount)
    assert parse_baht_text(text) == amount
    if amount and amount < 1:
        assert "บาท" not in text
