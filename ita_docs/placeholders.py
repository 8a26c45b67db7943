"""Text templates with {name} placeholders (the wording an input may override): plain names only.

str.format would let a user's text reach into its values ({agency.__class__}, {x[0]}), pad without
bound ({agency:>999999999}) and fail with Python's own errors on "{" or "{0}". A text here is data:
its placeholders are {name} and nothing else, each a name the caller provides; "{{" and "}}" are
braces. The string module parses the text (as str.format does); only the filling is ours.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ita_docs.diagnostics import ItaDocsError

_PARSER = string.Formatter()


class PlaceholderError(ItaDocsError, ValueError):
    """A text template that is malformed or uses a placeholder other than the plain names given.

    field: where the text came from (e.g. "wording.memo_intro"); also what pydantic's validation
    errors report as the field (ita_docs.model.common reads it)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


@lru_cache(maxsize=4096)
def _pieces(text: str) -> tuple[tuple[str, str | None], ...] | str:
    """(literal, name or None) pieces of a text, or why it is not a text of plain {name}s."""
    try:
        parsed = list(_PARSER.parse(text))
    except ValueError as exc:
        return (f"วงเล็บปีกกาไม่ครบคู่ (พิมพ์ {{{{ หรือ }}}} ถ้าต้องการวงเล็บเอง) / unbalanced braces ({exc}; "
                "type {{ or }} for a brace itself)")
    pieces = []
    for literal, name, spec, conversion in parsed:
        if name is not None:
            typed = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            if not name.isidentifier():
                return f"{typed} ไม่ใช่ชื่อตัวแทน / {typed} is not a plain name (no numbers, dots, brackets)"
            if spec or conversion:
                return f"{typed}: ชื่อตัวแทนต้องไม่มี ! หรือ : ต่อท้าย / a placeholder takes no !conversion or :format"
        pieces.append((literal, name))
    return tuple(pieces)


def _names_line(names: Iterable[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "-"


def placeholders(field: str, text: str) -> set[str]:
    """The names a text uses (PlaceholderError when it is not plain {name}s)."""
    pieces = _pieces(text)
    if isinstance(pieces, str):
        raise PlaceholderError(field, pieces)
    return {name for _, name in pieces if name is not None}


def check_text(field: str, text: str, allowed: Iterable[str]) -> None:
    """PlaceholderError unless every placeholder of text is a plain name among allowed."""
    allowed = set(allowed)
    pieces = _pieces(text)
    if isinstance(pieces, str):
        raise PlaceholderError(field, f"{pieces}; ใช้ได้ / allowed: {_names_line(allowed)}")
    unknown = {name for _, name in pieces if name is not None} - allowed
    if unknown:
        raise PlaceholderError(field, (
            f"ไม่รู้จักตัวแทน {_names_line(unknown)} (ใช้ได้: {_names_line(allowed)}) / unknown placeholder(s) "
            f"{_names_line(unknown)} (allowed: {_names_line(allowed)})"))


def fill_names(field: str, text: str, values: Mapping[str, Any]) -> str:
    """text with each {name} replaced by str(values[name])."""
    pieces = _pieces(text)
    if isinstance(pieces, str):
        raise PlaceholderError(field, f"{pieces}; ใช้ได้ / allowed: {_names_line(values)}")
    out = []
    for literal, name in pieces:
        out.append(literal)
        if name is not None:
            if name not in values:
                check_text(field, text, values)  # raises, naming what exists
            out.append(str(values[name]))
    return "".join(out)


__all__ = ["PlaceholderError", "check_text", "fill_names", "placeholders"]
