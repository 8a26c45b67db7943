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
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
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
    assert not words.startswith("เอ็ด") and "ล้านเอ็ดล้าน" not in words  # เอ็ด only after a higher digit
    assert "สิบหนึ่ง" not in words and "ร้อยหนึ่ง" not in words  # and always there
    assert not words.endswith(("พันหนึ่ง", "หมื่นหนึ่ง", "แสนหนึ่ง", "ล้านหนึ่ง"))  # the units place
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


# --- the Royal Institute's rule, against a second source (PyThaiNLP) ---------------------------
# ราชบัณฑิตยสถาน: a 1 in the units place after any non-zero higher digit is read "เอ็ด"; 10 is "สิบ",
# 20 "ยี่สิบ"; millions repeat, the part above a million read as a number of its own. Excel's
# BAHTTEXT, LibreOffice and PyThaiNLP write the same. Written by hand from the rule, then checked
# against PyThaiNLP below, so a slip in either shows.

ROYAL_INSTITUTE_TABLE = [
    (0, "ศูนย์"),
    (1, "หนึ่ง"),
    (2, "สอง"),
    (9, "เก้า"),
    (10, "สิบ"),
    (11, "สิบเอ็ด"),
    (12, "สิบสอง"),
    (19, "สิบเก้า"),
    (20, "ยี่สิบ"),
    (21, "ยี่สิบเอ็ด"),
    (22, "ยี่สิบสอง"),
    (31, "สามสิบเอ็ด"),
    (81, "แปดสิบเอ็ด"),
    (99, "เก้าสิบเก้า"),
    (100, "หนึ่งร้อย"),
    (101, "หนึ่งร้อยเอ็ด"),
    (110, "หนึ่งร้อยสิบ"),
    (111, "หนึ่งร้อยสิบเอ็ด"),
    (120, "หนึ่งร้อยยี่สิบ"),
    (121, "หนึ่งร้อยยี่สิบเอ็ด"),
    (201, "สองร้อยเอ็ด"),
    (211, "สองร้อยสิบเอ็ด"),
    (999, "เก้าร้อยเก้าสิบเก้า"),
    (1_000, "หนึ่งพัน"),
    (1_001, "หนึ่งพันเอ็ด"),
    (1_010, "หนึ่งพันสิบ"),
    (1_011, "หนึ่งพันสิบเอ็ด"),
    (1_100, "หนึ่งพันหนึ่งร้อย"),
    (1_101, "หนึ่งพันหนึ่งร้อยเอ็ด"),
    (2_021, "สองพันยี่สิบเอ็ด"),
    (2_567, "สองพันห้าร้อยหกสิบเจ็ด"),
    (10_001, "หนึ่งหมื่นเอ็ด"),
    (11_111, "หนึ่งหมื่นหนึ่งพันหนึ่งร้อยสิบเอ็ด"),
    (20_000, "สองหมื่น"),
    (100_001, "หนึ่งแสนเอ็ด"),
    (110_000, "หนึ่งแสนหนึ่งหมื่น"),
    (999_999, "เก้าแสนเก้าหมื่นเก้าพันเก้าร้อยเก้าสิบเก้า"),
    (1_000_000, "หนึ่งล้าน"),
    (1_000_001, "หนึ่งล้านเอ็ด"),
    (1_000_010, "หนึ่งล้านสิบ"),
    (1_000_011, "หนึ่งล้านสิบเอ็ด"),
    (1_000_021, "หนึ่งล้านยี่สิบเอ็ด"),
    (1_000_101, "หนึ่งล้านหนึ่งร้อยเอ็ด"),
    (1_100_000, "หนึ่งล้านหนึ่งแสน"),
    (2_000_001, "สองล้านเอ็ด"),
    (10_000_000, "สิบล้าน"),
    (10_000_001, "สิบล้านเอ็ด"),
    (11_000_000, "สิบเอ็ดล้าน"),
    (11_000_011, "สิบเอ็ดล้านสิบเอ็ด"),
    (21_000_000, "ยี่สิบเอ็ดล้าน"),
    (101_000_000, "หนึ่งร้อยเอ็ดล้าน"),
    (101_000_101, "หนึ่งร้อยเอ็ดล้านหนึ่งร้อยเอ็ด"),
    (111_111_111, "หนึ่งร้อยสิบเอ็ดล้านหนึ่งแสนหนึ่งหมื่นหนึ่งพันหนึ่งร้อยสิบเอ็ด"),
    (1_001_000_000, "หนึ่งพันเอ็ดล้าน"),
    (10**12, "หนึ่งล้านล้าน"),
    (10**12 + 1, "หนึ่งล้านล้านเอ็ด"),
    (10**12 + 10**6, "หนึ่งล้านหนึ่งล้าน"),  # that 1 is in the millions, not the units place
    (10**12 + 11 * 10**6, "หนึ่งล้านสิบเอ็ดล้าน"),
    (2 * 10**12 + 10**6 + 1, "สองล้านหนึ่งล้านเอ็ด"),
]


def test_table_is_large_enough():
    assert len(ROYAL_INSTITUTE_TABLE) >= 50
    assert len({n for n, _ in ROYAL_INSTITUTE_TABLE}) == len(ROYAL_INSTITUTE_TABLE)


@pytest.mark.parametrize(("n", "words"), ROYAL_INSTITUTE_TABLE)
def test_number_words_royal_institute(n, words):
    from pythainlp.util import bahttext, num_to_thaiword, thaiword_to_num

    assert thai_number_words(n) == words
    assert num_to_thaiword(n) == words  # the second source agrees with the table
    if n:
        assert thaiword_to_num(words) == n  # and reads the words back to the number
        assert baht_text(n) == bahttext(n) == words + "บาทถ้วน"
    assert parse_thai_number(words) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_number_words_agree_with_pythainlp(n):
    from pythainlp.util import num_to_thaiword, thaiword_to_num

    ours = thai_number_words(n)
    assert ours == num_to_thaiword(n)
    if n:
        assert thaiword_to_num(ours) == n


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_baht_text_with_satang_agrees_with_bahttext(baht, satang):
    # PyThaiNLP rounds through a float and writes "ศูนย์บาท" before satang alone, so the
    # comparison takes exact amounts of at least one baht (our rounding is tested above).
    from pythainlp.util import bahttext

    amount = Decimal(baht) + Decimal(satang) / 100
    assert baht_text(amount) == bahttext(float(amount))
