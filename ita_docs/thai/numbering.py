"""Thai list numbering as clerks type it: "๑.", "๑.๑", "๑.๑.๑", "(๑)", "๑)", "-", "ก.", "(ก)"."""

from __future__ import annotations

from collections.abc import Sequence

from .digits import Digits, convert_digits, to_thai_digits

__all__ = ["LIST_STYLES", "THAI_LIST_LETTERS", "list_label", "normalize_list_style", "style_depth"]

LIST_STYLES: tuple[str, ...] = ("๑.", "๑.๑", "๑.๑.๑", "(๑)", "๑)", "-", "ก.", "(ก)")

# Letters used for lettered lists, in order: the consonants without the obsolete ฃ ฅ and
# without ฆ ฎ ฏ, which are easily misread (ฆ/ม, ฎ/ฏ) — the project's agreed list, 39 letters.
THAI_LIST_LETTERS: tuple[str, ...] = tuple(
    "กขคงจฉชซฌญฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
)

# Style → (number of path elements used, template with {} per element).
_STYLES: dict[str, int] = {
    "๑.": 1,
    "๑.๑": 2,
    "๑.๑.๑": 3,
    "(๑)": 1,
    "๑)": 1,
    "-": 0,
    "ก.": 1,
    "(ก)": 1,
}


def normalize_list_style(style: str) -> str:
    """The canonical style name; ValueError for an unknown style.

    >>> normalize_list_style("1.1"), normalize_list_style("(1)")
    ('๑.๑', '(๑)')
    """
    name = to_thai_digits(style.strip())
    if name not in _STYLES:
        raise ValueError(
            f"ไม่รู้จักรูปแบบเลขข้อ {style!r} / unknown list style {style!r}; "
            f"supported: {', '.join(repr(s) for s in LIST_STYLES)} "
            f"(or with Arabic digits: '1.', '1.1', '1.1.1', '(1)', '1)')"
        )
    return name


def style_depth(style: str) -> int:
    """How many path elements a style shows.

    >>> style_depth("๑.๑.๑"), style_depth("-")
    (3, 0)
    """
    return _STYLES[normalize_list_style(style)]


def _letter(n: int) -> str:
    if n > len(THAI_LIST_LETTERS):
        raise ValueError(
            f"รายการที่ {n} เกินจำนวนพยัญชนะ ({len(THAI_LIST_LETTERS)}) / item {n} is beyond the "
            f"{len(THAI_LIST_LETTERS)} Thai letters used for lists"
        )
    return THAI_LIST_LETTERS[n - 1]


def list_label(style: str, path: Sequence[int], *, digits: Digits = "thai") -> str:
    """Label of a list item. ``path`` holds 1-based positions, outermost first; the style uses
    its last N elements (N = its depth).

    >>> list_label("๑.๑", (2, 3)), list_label("ก.", (2,)), list_label("(๑)", (4,), digits="arabic")
    ('๒.๓', 'ข.', '(4)')
    """
    name = normalize_list_style(style)
    depth = _STYLES[name]
    if name == "-":
        return "-"
    if len(path) < depth:
        raise ValueError(
            f"รูปแบบ {name!r} ต้องมีลำดับ {depth} ระดับ / style {name!r} needs a path of at least "
            f"{depth} positions, got {tuple(path)!r}"
        )
    used = tuple(path[len(path) - depth:])
    for n in used:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"list positions are 1-based integers, got {tuple(path)!r}")
    if name == "ก.":
        return _letter(used[0]) + "."
    if name == "(ก)":
        return f"({_letter(used[0])})"
    number = ".".join(str(n) for n in used)
    if name == "๑.":
        text = number + "."
    elif name == "(๑)":
        text = f"({number})"
    elif name == "๑)":
        text = number + ")"
    else:  # "๑.๑", "๑.๑.๑"
        text = number
    return convert_digits(text, digits)
