"""Amounts of money in words (บาทถ้วน / สตางค์), as written on Thai official documents.

Hand-written: the PyPI packages (bahttext 1.0.2, py3bahttext 1.0) are unmaintained single
releases that round satang via float "%0.2f" (1.005 → ถ้วน), write "ศูนย์บาท" before satang-only
amounts, accept negatives ("ลบ…"), and bahttext says "หนึ่งร้อยเอ็ด" for 101.
"""

from __future__ import annotations

from .digits import Digits
from .numbers import Number, format_number, round_half_up, to_decimal

__all__ = ["baht_text", "format_money", "thai_number_words"]

_DIGIT_WORDS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
# Place names below a million, from the units up; the ones and tens are handled specially.
_PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
_MILLION = 1_000_000


def _below_million(n: int) -> str:
    """Words for 1 ≤ n < 1,000,000 ("" for 0). Ones digit 1 is "เอ็ด" only after a non-zero tens
    digit (11 สิบเอ็ด, 21 ยี่สิบเอ็ด, but 101 หนึ่งร้อยหนึ่ง); tens 1 is "สิบ", tens 2 is "ยี่สิบ"."""
    parts: list[str] = []
    for place in range(5, -1, -1):
        digit = (n // 10**place) % 10
        if digit == 0:
            continue
        if place == 1:
            parts.append({1: "สิบ", 2: "ยี่สิบ"}.get(digit, _DIGIT_WORDS[digit] + "สิบ"))
        elif place == 0:
            tens = (n // 10) % 10
            parts.append("เอ็ด" if digit == 1 and tens != 0 else _DIGIT_WORDS[digit])
        else:
            parts.append(_DIGIT_WORDS[digit] + _PLACES[place])
    return "".join(parts)


def thai_number_words(n: int) -> str:
    """Thai words for a non-negative integer: 0 → "ศูนย์", 21 → "ยี่สิบเอ็ด",
    10**12 → "หนึ่งล้านล้าน" (millions repeat)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"expected a non-negative integer, got {n}")
    if n == 0:
        return _DIGIT_WORDS[0]

    def words(k: int) -> str:
        if k < _MILLION:
            return _below_million(k)
        return words(k // _MILLION) + "ล้าน" + _below_million(k % _MILLION)

    return words(n)


def baht_text(amount: Number) -> str:
    """1234.50 → "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์", 100 → "หนึ่งร้อยบาทถ้วน",
    0.25 → "ยี่สิบห้าสตางค์", 0 → "ศูนย์บาทถ้วน". Satang are rounded half-up to two places.
    Negative amounts raise ValueError."""
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
    """"๑,๒๓๔.๕๐ บาท (หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)"."""
    words = baht_text(amount)  # validates (no negatives) before formatting
    return f"{format_number(amount, 2, digits=digits)} บาท ({words})"
