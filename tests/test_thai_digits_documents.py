"""Issue 13, in whole documents: links, codes, ids and mixed tokens keep their Arabic digits in
Thai mode — in body blocks and in template fields (subject, unit, names) alike, in the .docx and
in the PDF — while the numbers of the Thai text are Thai."""

from __future__ import annotations

import re

import pymupdf
import pytest
from conftest import EXAMPLE_DOCUMENTS, render_quietly
from ooxml_checks import document_text, parts, q, xml

from ita_docs import from_data
from ita_docs.thai import verbatim_spans

KEPT = ["67065b", "bit.ly/3abc9", "example.co.uk/page1", "nacc.go.th:8080", "@abc123", "saraban1@abt.go.th",
        "O42", "t.me/ita2567", "www.example.go.th/2567"]
THAI_NUMBERS = ["๑๒ ข้อ", "๗ วัน", "พ.ศ. ๒๕๖๗", "๑๒ คน", "๓ ชุด"]

MEMO = {
    "kind": "memo",
    "agency": {"name": "เทศบาลเมืองตัวอย่าง"},
    "header": {
        "unit": "กองวิชาการ LINE @abc123",
        "number": "ตย 52101/",
        "date": "2567-05-14",
        "subject": "ขอเชิญตอบแบบวัด รหัส 67065b ที่ bit.ly/3abc9 จำนวน 12 ข้อ",
        "to": "ผู้ดูแลระบบ nacc.go.th:8080",
    },
    "body": [
        "ตามข้อ O42 ส่งมาที่ saraban1@abt.go.th ภายใน 7 วัน ปีงบประมาณ พ.ศ. 2567",
        {"list": {"style": "๑.", "items": ["ช่องทาง t.me/ita2567 จำนวน 3 ชุด"]}},
        {"table": {"columns": [{"title": "ช่องทาง"}, {"title": "จำนวน"}],
                   "rows": [["www.example.go.th/2567", "12 คน"]]}},
    ],
    "signature": {"name": "นายทดสอบ ใจดี", "position": "ผู้ดูแลเว็บไซต์ example.co.uk/page1"},
}

ARABIC = re.compile("[0-9]")


def _render(digits="thai") -> bytes:
    return render_quietly(from_data({**MEMO, "digits": digits}))


def _text_parts(data: bytes) -> list[str]:
    return [name for name in parts(data) if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)]


def _runs_with_arabic_digits(data: bytes) -> list[tuple[str, str | None]]:
    """(text, character style) of every run whose text has an Arabic digit."""
    found = []
    for name in _text_parts(data):
        for r in xml(data, name).iter(q("r")):
            text = "".join(t.text or "" for t in r.iter(q("t")))
            if ARABIC.search(text):
                style = r.find(f"{q('rPr')}/{q('rStyle')}")
                found.append((text, style.get(q("val")) if style is not None else None))
    return found


def test_memo_fields_and_blocks_keep_codes_and_links_in_thai_mode():
    data = _render()
    text = " ".join(document_text(data).split())
    for kept in KEPT:
        assert kept in text, kept
    for number in THAI_NUMBERS:
        assert number in text, number
    assert "วันที่ ๑๔ พฤษภาคม ๒๕๖๗" in text
    for broken in ("๖๗๐๖๕b", "bit.ly/๓", "page๑", ":๘๐๘๐", "@abc๑", "O๔๒", "ita๒๕๖๗"):
        assert broken not in text


def test_every_arabic_digit_of_a_thai_document_is_in_a_verbatim_run():
    # The PDF copy tags Verbatim runs as non-Thai, so LibreOffice keeps their digits Arabic.
    runs = _runs_with_arabic_digits(_render())
    assert {t for t, _ in runs} >= set(KEPT) - {"O42"}
    assert [(t, s) for t, s in runs if s != "Verbatim"] == []


@pytest.mark.parametrize("name", sorted(n for n in EXAMPLE_DOCUMENTS))
def test_examples_keep_only_kept_text_arabic(rendered_examples, name):
    from conftest import load_quietly

    if load_quietly(EXAMPLE_DOCUMENTS[name]).digits != "thai":
        pytest.skip("an Arabic-digit example")
    data = rendered_examples[name]
    for text, style in _runs_with_arabic_digits(data):
        assert style == "Verbatim", (text, style)
    for line in document_text(data).split("\n"):
        outside = list(line)
        for start, end in verbatim_spans(line):
            outside[start:end] = [""] * (end - start)
        assert not ARABIC.search("".join(outside)), line


def test_arabic_mode_has_no_thai_digit():
    text = document_text(_render("arabic"))
    assert not re.search("[๐-๙]", text)
    assert "12 ข้อ" in text and "bit.ly/3abc9" in text and "O42" in text


def _drawn_text(pdf_path) -> str:
    """The characters as drawn (a digit LibreOffice shapes as Thai reads as a Thai digit here)."""
    with pymupdf.open(pdf_path) as doc:
        return " ".join("".join(chr(c[0]) for trace in page.get_texttrace() for c in trace["chars"]) for page in doc)


def test_pdf_draws_kept_digits_arabic_and_thai_numbers_thai(real_fonts, tmp_path):
    from ita_docs.render.pdf import PdfConverter

    converter = PdfConverter("thai")
    try:
        path = converter.convert(_render(), tmp_path / "memo.pdf")
    finally:
        converter.close()
    drawn = _drawn_text(path)
    for kept in KEPT:
        assert kept in drawn, (kept, drawn[:600])
    for number in ("๑๒", "๗", "๒๕๖๗", "๓"):
        assert number in drawn


VERBATIM_MEMO = {
    **MEMO,
    "header": {**MEMO["header"], "subject": {"text": "ทะเบียนครั้งที่ 2567/1", "verbatim": True},
               "to": "ผู้อำนวยการ 2 ท่าน"},
    "body": [
        {"text": "ข้อความปกติ 15 ข้อ"},
        {"list": {"style": "๑.", "items": [{"text": {"text": "เลขครุภัณฑ์ 7440-001-0001", "verbatim": True}}]}},
        {"table": {"columns": [{"title": "เลขที่"}],
                   "rows": [[{"text": {"text": "๑๒ และ 34", "verbatim": True}}]]}},
    ],
    "signature": {"name": "นายทดสอบ ใจดี", "position": [{"text": "นักวิชาการ รุ่น 3", "verbatim": True}]},
}


def test_any_text_field_can_be_marked_verbatim():
    for digits in ("thai", "arabic"):
        data = render_quietly(from_data({**VERBATIM_MEMO, "digits": digits}))
        text = " ".join(document_text(data).split())
        for kept in ("ทะเบียนครั้งที่ 2567/1", "เลขครุภัณฑ์ 7440-001-0001", "๑๒ และ 34", "นักวิชาการ รุ่น 3"):
            assert kept in text, (digits, kept)
        assert ("ผู้อำนวยการ ๒ ท่าน" if digits == "thai" else "ผู้อำนวยการ 2 ท่าน") in text
        assert ("ข้อความปกติ ๑๕ ข้อ" if digits == "thai" else "ข้อความปกติ 15 ข้อ") in text
        if digits == "thai":
            assert [(t, s) for t, s in _runs_with_arabic_digits(data) if s != "Verbatim"] == []


def test_verbatim_must_be_true_or_false():
    from ita_docs import InputError

    bad = {**MEMO, "header": {**MEMO["header"], "subject": {"text": "x 1", "verbatim": "yes"}}}
    with pytest.raises(InputError) as info:
        from_data(bad)
    assert any(p.field.startswith("header.subject") for p in info.value.problems)
