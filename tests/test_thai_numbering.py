"""ita_docs.thai.numbering: Thai list labels (SPEC §3.1, §5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import LIST_STYLES, THAI_LIST_LETTERS, list_label, to_arabic_digits


def test_styles():
    assert LIST_STYLES == ("๑.", "๑.๑", "๑.๑.๑", "(๑)", "๑)", "-", "ก.", "(ก)")


@pytest.mark.parametrize(
    ("style", "path", "kwargs", "expected"),
    [
        ("๑.", (3,), {}, "๓."),
        ("๑.๑", (2, 3), {}, "๒.๓"),
        ("๑.๑.๑", (1, 2, 3), {}, "๑.๒.๓"),
        ("(๑)", (4,), {}, "(๔)"),
        ("๑)", (4,), {}, "๔)"),
        ("-", (7,), {}, "-"),
        ("-", (), {}, "-"),
        ("ก.", (2,), {}, "ข."),
        ("(ก)", (3,), {}, "(ค)"),
        ("ก.", (3,), {}, "ค."),  # ฃ is skipped
        ("ก.", (5,), {}, "จ."),  # ฅ is skipped
        ("ก.", (4,), {}, "ง."),  # ฆ is not used in lists
        ("ก.", (11,), {}, "ฐ."),  # nor ฎ ฏ
        ("ก.", (39,), {}, "ฮ."),
        # Arabic-digit style names mean the same styles
        ("1.", (12,), {}, "๑๒."),
        ("1.1", (2, 3), {}, "๒.๓"),
        ("1.1.1", (1, 2, 3), {}, "๑.๒.๓"),
        ("(1)", (4,), {}, "(๔)"),
        ("1)", (4,), {}, "๔)"),
        # the style uses the last N positions of a deeper path
        ("๑.๑", (1, 2, 3), {}, "๒.๓"),
        ("๑.", (5, 6), {}, "๖."),
        # arabic output
        ("๑.๑", (2, 10), {"digits": "arabic"}, "2.10"),
        ("(1)", (4,), {"digits": "arabic"}, "(4)"),
    ],
)
def test_list_label(style, path, kwargs, expected):
    assert list_label(style, path, **kwargs) == expected


def test_letters():
    assert "".join(THAI_LIST_LETTERS) == "กขคงจฉชซฌญฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
    assert len(THAI_LIST_LETTERS) == len(set(THAI_LIST_LETTERS)) == 39
    for skipped in "ฃฅฆฎฏ":
        assert skipped not in THAI_LIST_LETTERS
    assert THAI_LIST_LETTERS[:4] == ("ก", "ข", "ค", "ง")
    assert THAI_LIST_LETTERS[-1] == "ฮ"
    with pytest.raises(ValueError):
        list_label("ก.", (40,))


@pytest.mark.parametrize(("style", "path"), [("๑.๑", (1,)), ("๑.๑.๑", (1, 2)), ("๑.", ())])
def test_short_path(style, path):
    with pytest.raises(ValueError):
        list_label(style, path)


@pytest.mark.parametrize("path", [(0,), (-1,), (1, 0)])
def test_positions_are_one_based(path):
    with pytest.raises(ValueError):
        list_label("๑.๑" if len(path) == 2 else "๑.", path)


def test_unknown_style_lists_supported():
    with pytest.raises(ValueError) as exc:
        list_label("i.", (1,))
    for s in LIST_STYLES:
        assert repr(s) in str(exc.value)


@given(st.lists(st.integers(min_value=1, max_value=999), min_size=3, max_size=6))
def test_numeric_labels_carry_the_last_positions(path):
    assert to_arabic_digits(list_label("๑.๑.๑", path)) == ".".join(map(str, path[-3:]))
    assert to_arabic_digits(list_label("๑.๑", path)) == ".".join(map(str, path[-2:]))
    assert list_label("๑.", path, digits="arabic") == f"{path[-1]}."
    assert list_label("(๑)", path) == list_label("(1)", path)


@given(st.integers(min_value=1, max_value=39))
def test_letter_labels_are_distinct_and_ordered(n):
    label = list_label("ก.", (n,))
    assert label == THAI_LIST_LETTERS[n - 1] + "."
    assert list_label("(ก)", (n,)) == f"({THAI_LIST_LETTERS[n - 1]})"
