"""Folder and file names from agency names, safe on Windows, Linux and inside a zip.

Hand-written: pathvalidate would do most of it, but not the Thai-aware length limit in UTF-8 bytes
or uniqueness across a batch; the rules are few and stated here once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

# Windows forbids these names whatever the extension (CON.docx is CON).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
MAX_BYTES = 150  # UTF-8 bytes of a name: room under 255 for a suffix, a counter and a temp prefix


def safe_name(name: str, fallback: str = "agency") -> str:
    """One path component: no separators, no "..", no reserved or hidden names, ≤ MAX_BYTES."""
    text = unicodedata.normalize("NFC", str(name))
    text = " ".join(text.split())  # newlines, tabs and runs of spaces → one space
    text = _FORBIDDEN.sub("_", text)
    text = text.strip(" .")  # Windows drops trailing dots and spaces; a leading dot hides the file
    while len(text.encode("utf-8")) > MAX_BYTES:
        text = text[:-1]
    text = text.rstrip(" .")
    if not text or set(text) <= {"_"}:
        text = fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text


class UniqueNames:
    """Hands out safe names, each unique case-insensitively (Windows and macOS ignore case):
    "x", "x-2", "x-3" … One per batch; rows ask one at a time, so a table can stream."""

    def __init__(self, fallback: str = "agency", reserved: Iterable[str] = ()):
        self.fallback = fallback
        self._seen: set[str] = {name.casefold() for name in reserved}  # names the caller uses itself

    def claim(self, name: str, fallback: str | None = None) -> str:
        base = safe_name(name, fallback or self.fallback)
        candidate, n = base, 1
        while candidate.casefold() in self._seen:
            n += 1
            suffix = f"-{n}"
            trimmed = base
            while len((trimmed + suffix).encode("utf-8")) > MAX_BYTES:
                trimmed = trimmed[:-1]
            candidate = trimmed + suffix
        self._seen.add(candidate.casefold())
        return candidate


def unique_names(names: Iterable[str], fallback: str = "agency") -> Iterator[str]:
    """safe_name of each, made unique (see UniqueNames)."""
    registry = UniqueNames(fallback)
    for name in names:
        yield registry.claim(name)
