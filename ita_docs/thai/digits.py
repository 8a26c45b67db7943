"""Thai (๐–๙) and Arabic (0–9) digits.

In "thai" mode every digit the library writes is a Thai digit, and so is every digit in
user text — except inside URLs and e-mail addresses, which must stay exactly as typed
(a Thai digit in a link breaks it). In "arabic" mode every Thai digit becomes Arabic.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = [
    "ARABIC_DIGITS",
    "THAI_DIGITS",
    "Digits",
    "DIGITS_MODES",
    "check_digits",
    "convert_digits",
    "to_arabic_digits",
    "to_thai_digits",
    "verbatim_spans",
]

Digits = Literal["thai", "arabic"]
DIGITS_MODES: tuple[str, ...] = ("thai", "arabic")

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

# Characters allowed in a URL or e-mail address (RFC 3986 unreserved + reserved + "%").
# ASCII only, so that Thai text typed right after a link is not swallowed by it.
_URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%"
# Host names without a scheme or "www." that are still obviously addresses
# ("itas.nacc.go.th/…", "example.com"): labels with at least one letter, a known TLD.
_BARE_TLDS = r"(?:th|com|org|net|gov|edu|int|info|io|asia)"
_VERBATIM_RE = re.compile(
    rf"""
    (?:https?://|ftp://|www\.)[{_URL_CHARS}]+          # scheme or www. URL
    | [A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+   # e-mail address
    | (?<![A-Za-z0-9.\-@])                             # bare host name (+ path)
      (?:[0-9\-]*[A-Za-z][A-Za-z0-9\-]*\.)+{_BARE_TLDS}(?![A-Za-z0-9\-])
      (?:[/?#][{_URL_CHARS}]*)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Punctuation that ends a sentence rather than a link ("ดูที่ www.x.go.th.").
_TRAILING_PUNCT = ".,;:!?'\")]"


def to_thai_digits(text: str) -> str:
    """0–9 → ๐–๙; everything else unchanged."""
    return text.translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """๐–๙ → 0–9; everything else unchanged."""
    return text.translate(_TO_ARABIC)


def check_digits(digits: str) -> Digits:
    """Return ``digits`` if it is a valid mode, else raise ValueError."""
    if digits not in DIGITS_MODES:
        raise ValueError(
            f"digits ต้องเป็น 'thai' หรือ 'arabic' / digits must be 'thai' or 'arabic', got {digits!r}"
        )
    return digits  # type: ignore[return-value]


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL and e-mail address in ``text`` (kept as typed)."""
    spans: list[tuple[int, int]] = []
    if "." not in text and "@" not in text and "://" not in text:
        return spans  # every address has one of these; most sentences have none (a batch calls this a lot)
    for m in _VERBATIM_RE.finditer(text):
        start, end = m.span()
        # Trailing sentence punctuation belongs to the prose, except a ")" closing a "(" of the URL.
        while end > start and text[end - 1] in _TRAILING_PUNCT:
            if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                break
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def convert_digits(text: str, digits: Digits) -> str:
    """Apply the document's digit setting to ``text``.

    "thai": Arabic → Thai digits, except inside URLs and e-mail addresses (left as typed).
    "arabic": every Thai digit → Arabic (a URL never legitimately contains Thai digits).
    """
    check_digits(digits)
    if digits == "arabic":
        return text.translate(_TO_ARABIC)
    if not any(c in ARABIC_DIGITS for c in text):
        return text
    out: list[str] = []
    pos = 0
    for start, end in verbatim_spans(text):
        out.append(text[pos:start].translate(_TO_THAI))
        out.append(text[start:end])
        pos = end
    out.append(text[pos:].translate(_TO_THAI))
    return "".join(out)
