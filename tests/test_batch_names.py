"""Agency names → folder names that are safe on Windows, Linux and in a zip, and unique."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.batch.names import MAX_BYTES, safe_name, unique_names


@pytest.mark.parametrize("name,expected", [
    ("เทศบาลตำบลทดสอบ", "เทศบาลตำบลทดสอบ"),
    ("../x", "_x"),
    ("a/b\\c:d", "a_b_c_d"),
    ("CON", "_CON"),
    ("con.docx", "_con.docx"),
    ("LPT1", "_LPT1"),
    ("..", "agency"),
    ("  ชื่อ\nสองบรรทัด  ", "ชื่อ สองบรรทัด"),
    ("ท้ายจุด.", "ท้ายจุด"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_long_thai_names_are_cut_in_utf8_bytes():
    name = safe_name("ก" * 300)
    assert len(name.encode("utf-8")) <= MAX_BYTES and name == "ก" * (MAX_BYTES // 3)


def test_unique_names_case_insensitively():
    assert list(unique_names(["อบต.ก", "อบต.ก", "Abc", "ABC", "อบต.ก"])) == ["อบต.ก", "อบต.ก-2", "Abc", "ABC-2", "อบต.ก-3"]
    long = ["ข" * 300] * 3
    names = list(unique_names(long))
    assert len(set(names)) == 3 and all(len(n.encode("utf-8")) <= MAX_BYTES for n in names)


@given(st.text(max_size=400))
def test_any_text_gives_one_safe_component(text):
    name = safe_name(text)
    assert name and "/" not in name and "\\" not in name and name not in (".", "..")
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
