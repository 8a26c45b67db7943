"""ita_docs.thai.docnumbers: document and order numbers (SPEC §5)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import BuddhistYearError, DocumentNumber, format_order_number


@pytest.mark.parametrize(
    ("text", "prefix", "running", "circular"),
    [
        ("นธ 61406/78", "นธ 61406", "78", False),
        ("มท ๐๘๑๐.๓/ว ๑๒๓", "มท ๐๘๑๐.๓", "๑๒๓", True),
        ("มท ๐๘๑๐.๓/ว๑๒๓", "มท ๐๘๑๐.๓", "๑๒๓", True),
        ("พท ๗๑๒๐๑/", "พท ๗๑๒๐๑", "", False),
        ("ที่ พท ๗๑๒๐๑/๑๒๓", "พท ๗๑๒๐๑", "๑๒๓", False),
        ("  ที่  นธ   61406 / 78 ", "นธ 61406", "78", False),
        ("ที่นธ 61406/78", "นธ 61406", "78", False),
        ("ศธ 04002/1/123", "ศธ 04002/1", "123", False),  # split at the LAST "/"
        ("พท 71201", "พท 71201", "", False),
        ("มท 0810.3/ว", "มท 0810.3", "", True),
    ],
)
def test_parse(text, prefix, running, circular):
    assert DocumentNumber.parse(text) == DocumentNumber(prefix, running, circular)


def test_format():
    assert DocumentNumber("พท 71201", "123").format() == "พท ๗๑๒๐๑/๑๒๓"
    assert DocumentNumber("พท 71201", "123").format("arabic") == "พท 71201/123"
    assert DocumentNumber.parse("มท ๐๘๑๐.๓/ว ๑๒๓").format() == "มท ๐๘๑๐.๓/ว ๑๒๓"
    assert DocumentNumber.parse("มท ๐๘๑๐.๓/ว ๑๒๓").format(digits="arabic") == "มท 0810.3/ว 123"
    assert DocumentNumber.parse("พท ๗๑๒๐๑/").format() == "พท ๗๑๒๐๑/"
    assert DocumentNumber("พท 71201").format() == "พท ๗๑๒๐๑/"
    assert DocumentNumber.parse("นธ 61406/78").format() == "นธ ๖๑๔๐๖/๗๘"
    assert not DocumentNumber.parse("ที่ นธ 61406/78").format().startswith("ที่")


def test_frozen():
    n = DocumentNumber("พท 71201", "1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.running = "2"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["", "   ", "ที่ ", "/123", "ที่ /ว 5"])
def test_parse_rejects_missing_prefix(bad):
    with pytest.raises(ValueError):
        DocumentNumber.parse(bad)


def test_order_number():
    assert format_order_number(12, 2567) == "๑๒/๒๕๖๗"
    assert format_order_number("12", 2567, digits="arabic") == "12/2567"
    with pytest.raises(BuddhistYearError):
        format_order_number(12, 2024)


_codes = st.sampled_from(["พท", "นธ", "มท", "ศธ", "สธ", "กค"])
_unit = st.from_regex(r"\A0[0-9]{2,4}(\.[0-9]{1,2})?\Z")
_running = st.one_of(st.just(""), st.integers(min_value=1, max_value=99999).map(str))


@given(_codes, _unit, _running, st.booleans(), st.booleans())
def test_format_parse_round_trip(code, unit, running, circular, label):
    n = DocumentNumber(f"{code} {unit}", running, circular)
    for digits in ("thai", "arabic"):
        text = n.format(digits)
        parsed = DocumentNumber.parse(("ที่ " if label else "") + text)
        assert parsed.format("arabic") == n.format("arabic")
        assert parsed.circular == circular


def test_a_circular_running_number_alone_asks_for_the_whole_number():
    """"ว 245" used to print "ที่ ว ๒๔๕/": the agency code is what is missing."""
    with pytest.raises(ValueError, match="อด 52708/ว 245"):
        DocumentNumber.parse("ว 245")
    assert DocumentNumber.parse("อด 52708/ว 245").format() == "อด ๕๒๗๐๘/ว ๒๔๕"
