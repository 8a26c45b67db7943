"""Amounts of money in words (บาทถ้วน / สตางค์), as written on Thai official documents.

Number words follow the Royal Institute (ราชบัณฑิตยสถาน), as Excel's BAHTTEXT and PyThaiNLP write
them: a 1 in the units place after any non-zero higher digit is "เอ็ด" (101 หนึ่งร้อยเอ็ด,
1,000,001 หนึ่งล้านเอ็ด), and a lone 1 is "หนึ่ง".

Hand-written: the PyPI packages (bahttext 1.0.2, py3bahttext 1.0, PyThaiNLP's bahttext) round
satang via float "%.2f" (1.005 → ถ้วน) and write "ศูนย์บาท" before satang-only amounts; the
tests check the words against PyThaiNLP.
"""

from __future__ import annotations

from .digits import Digits
from .numbers import Number, format_number, round_half_up, to_decimal

__all__ = ["baht_text", "format_money", "thai_number_words"]

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
# Place names below a million, from the units up; the ones and tens are handled specially.
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _below_million(n: int, *, after_higher: bool = False) -> str:
    """Words for 1 ≤ n < 1,000,000 ("" for 0). Ones digit 1 is "เอ็ด" after any non-zero higher
    digit, in this group or (``after_higher``) in the millions above it: 11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด,
    but 1 หนึ่ง; tens 1 is "สิบ", tens 2 is "ยี่สิบ"."""
    parts: list[str] = []
    for place in range(5, -1, -1):
        digit = (n // 10**place) % 10
        if digit == 0:
            continue
        if place == 1:
            parts.append({1: "สิบ", 2: "ยี่สิบ"}.get(digit, _DIGIT_WORDS[digit] + "สิบ"))
        elif place == 0:
            higher = after_higher or n >= 10
            parts.append("เอ็ด" if digit == 1 and higher else _DIGIT_WORDS[digit])
        else:
            parts.append(_DIGIT_WORDS[digit] + _PLACES[place])
    return "".join(parts)


def thai_number_words(n: int) -> str:
    """Thai words for a non-negative integer; millions repeat (10**12 is "หนึ่งล้านล้าน").

    >>> thai_number_words(0), thai_number_words(1), thai_number_words(21)
    ('ศูนย์', 'หนึ่ง', 'ยี่สิบเอ็ด')
    >>> thai_number_words(101), thai_number_words(1_000_001), thai_number_words(11_000_000)
    ('หนึ่งร้อยเอ็ด', 'หนึ่งล้านเอ็ด', 'สิบเอ็ดล้าน')
    >>> thai_number_words(10**12)
    'หนึ่งล้านล้าน'
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"expected a non-negative integer, got {n}")
    if n == 0:
        return _DIGIT_WORDS[0]

    def words(k: int, units: bool) -> str:
        # Millions repeat: the part above a million is read as a number of its own, then "ล้าน".
        # Only the lowest six digits hold the units place, so only they take "เอ็ด" from the
        # digits above (1,000,001 หนึ่งล้านเอ็ด, but 10**12 + 10**6 หนึ่งล้านหนึ่งล้าน, as PyThaiNLP).
        if k < _MILLION:
            return _below_million(k)
        return words(k // _MILLION, False) + "ล้าน" + _below_million(k % _MILLION, after_higher=units)

    return words(n, True)


def baht_text(amount: Number) -> str:
    """An amount of money in words. Satang are rounded half-up to two places (1.005 is 1 baht
    1 satang); negative amounts raise ValueError.

    >>> baht_text(1234.50)
    'หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์'
    >>> baht_text(101), baht_text("1,000,001")
    ('หนึ่งร้อยเอ็ดบาทถ้วน', 'หนึ่งล้านเอ็ดบาทถ้วน')
    >>> baht_text(0.25), baht_text(0), baht_text(1.005)
    ('ยี่สิบห้าสตางค์', 'ศูนย์บาทถ้วน', 'หนึ่งบาทหนึ่งสตางค์')
    """
    d = to_decimal(amount)
    if d < 0:
        raise ValueError(f"จำนวนเงินติดลบ / negative amount of money: {amount!r}")
    rounded = round_half_up(d, 2)
    baht = int(rounded)
    satang = int((rounded - baht) * 100)
    if satang == 0:
        return thai_number_words(baht) + "บาทถ้วน"
    satang_words = thai_number_words(satang) + "สตางค์"
    if baht == 0:
        return satang_words
    return thai_number_words(baht) + "บาท" + satang_words


def format_money(amount: Number, *, digits: Digits = "thai") -> str:
    """The amount in figures, then in words.

    >>> format_money(1234.5)
    '๑,๒๓๔.๕๐ บาท (หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)'
    >>> format_money(101, digits="arabic")
    '101.00 บาท (หนึ่งร้อยเอ็ดบาทถ้วน)'
    """
    words = baht_text(amount)  # validates (no negatives) before formatting
    return f"{format_number(amount, 2, digits=digits)} บาท ({words})"
