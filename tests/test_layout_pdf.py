"""How text falls on pages and lines (issue 14): the examples and long, varied documents rendered
to PDF with the real fonts, read back with PyMuPDF (layout_checks.py), and the rules in the .docx
that make Word lay them out the same way.

On the main branch before issue 14 these checks found 45 problems in the examples alone (headings
at a page's foot, a page opening with จึงเรียนมาเพื่อโปรดพิจารณา, lone signatures, endorsements
not level, ตรวจ|สอบ, (IT|A), ๘๔.๔๖|คะแนน, พ.ศ.|๒๕๖๕, the title 0.49 cm below the Garuda).
"""

from __future__ import annotations

import copy
import html
import io
import re
import zipfile

import pytest
import yaml
from conftest import EMBLEM, EXAMPLE_DOCUMENTS, EXAMPLE_FORMS, EXAMPLES, load_quietly
from layout_checks import layout_problems, one_word_last_lines, source_text

from ita_docs.render.line_breaks import NO_BREAK_SPACE, WORD_JOINER, keep_words_whole


def _part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read(name).decode("utf-8")


@pytest.mark.parametrize("name", list(EXAMPLE_DOCUMENTS))
def test_examples_lay_out_as_a_clerk_would(example_pdfs, rendered_examples, name):
    memo = EXAMPLE_FORMS[name] == "memo"
    assert layout_problems(example_pdfs[name], source_text(rendered_examples[name]), memo=memo) == []
    assert one_word_last_lines(example_pdfs[name]) == []


# --- long, varied documents ---------------------------------------------------------------------

SENTENCES = [
    "เพื่อให้การตรวจสอบการดำเนินงานของหน่วยงานภาครัฐเป็นไปอย่างถูกต้องและเป็นธรรม",
    "ผู้บริหารได้มอบหมายผู้รับผิดชอบเผยแพร่ข้อมูลตามขั้นตอนที่กำหนด โดยเปิดเผยผลการดำเนินงานทุกไตรมาส",
    "ในปีงบประมาณ พ.ศ. 2567 หน่วยงานได้คะแนน 85.50 คะแนน สูงกว่าปีที่ผ่านมาร้อยละ 12 ภายใน 7 วัน",
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ตามแบบตรวจ O 42 และ O 43",
    "ทั้งนี้ ให้ทุกส่วนราชการตรวจสอบความถูกต้องของข้อมูลก่อนเผยแพร่บนเว็บไซต์ของหน่วยงาน",
]


def _memo_input(paragraphs: int) -> dict:
    data = yaml.safe_load((EXAMPLES[0].parent / "memo.yaml").read_text(encoding="utf-8"))
    body = []
    for n in range(paragraphs):
        if n % 5 == 2:
            body.append({"heading": f"{n // 5 + 1}. หัวข้อการดำเนินงานของหน่วยงาน"})
        text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(1 + n % 4))
        body.append({"text": text})
    data["body"] = body
    data.pop("comments", None)
    return data


def _o42_input() -> dict:
    data = yaml.safe_load((EXAMPLES[0].parent / "o42-bundle.yaml").read_text(encoding="utf-8"))
    measures = data["measures"]
    data["measures"] = [dict(copy.deepcopy(measures[n % len(measures)]),
                             title=f"{measures[n % len(measures)]['title']} ระยะที่ {n + 1}")
                        for n in range(15)]
    return data


def _score_input() -> dict:
    data = yaml.safe_load((EXAMPLES[0].parent / "score-memo.yaml").read_text(encoding="utf-8"))
    first = data["years"][0]
    data["years"] = [dict(copy.deepcopy(first), fiscal_year=2561), dict(copy.deepcopy(first), fiscal_year=2562)] \
        + data["years"]
    for year in data["years"][:2]:
        year.pop("published_total", None)
        year.pop("published_grade", None)
    items = data["weak_items"]
    codes = [f"O{n}" for n in range(1, 34)]
    data["weak_items"] = [dict(copy.deepcopy(items[n % len(items)]), code=codes[n]) for n in range(30)]
    return data


LONG = {f"memo-{n}-paragraphs": (lambda n=n: _memo_input(n)) for n in (3, 12, 24, 36, 48, 60)}
LONG["o42-bundle-15-measures"] = _o42_input
LONG["score-memo-5-years-30-items"] = _score_input


@pytest.fixture(scope="module")
def long_pdfs(real_fonts, tmp_path_factory):
    from ita_docs.api import render_parts
    from ita_docs.render.pdf import PdfConverter

    folder = tmp_path_factory.mktemp("long")
    out = {}
    converter = PdfConverter("thai")
    try:
        for name, make in LONG.items():
            path = folder / f"{name}.yaml"
            path.write_text(yaml.safe_dump(make(), allow_unicode=True), encoding="utf-8")
            doc = load_quietly(path)
            import warnings

            from ita_docs import ItaDocsWarning
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ItaDocsWarning)
                parts = render_parts(doc, emblem=EMBLEM)
            for part, data in parts:
                pdf = converter.convert(data, folder / f"{name}--{part}.pdf")
                out[f"{name}/{part}"] = (pdf, data)
    finally:
        converter.close()
    return out


def test_long_documents_lay_out_as_a_clerk_would(long_pdfs):
    import pymupdf

    problems, pages = [], {}
    for name, (pdf, docx) in long_pdfs.items():
        memo = "บันทึกข้อความ" in source_text(docx)[:200]
        problems += [f"{name}: {p}" for p in layout_problems(pdf, source_text(docx), memo=memo)]
        problems += [f"{name}: {p}" for p in one_word_last_lines(pdf)]
        with pymupdf.open(pdf) as doc:
            pages[name] = doc.page_count
    memo_pages = sorted(pages[f"memo-{n}-paragraphs/memo.docx"] for n in (3, 12, 24, 36, 48, 60))
    assert memo_pages[0] == 1 and memo_pages[-1] >= 6, pages
    assert problems == []


# --- the rules are in the .docx, for Word too ---------------------------------------------------

def test_docx_carries_the_page_break_rules(rendered_examples):
    styles = _part(rendered_examples["memo"], "word/styles.xml")
    assert "<w:pPrDefault><w:pPr><w:widowControl/>" in styles
    signature = re.search(r'w:styleId="Signature".*?</w:style>', styles).group()
    assert "<w:keepLines/>" in signature
    latin = re.search(r'w:styleId="Latin".*?</w:style>', styles).group()
    assert '<w:lang w:val="en-US" w:eastAsia="th-TH" w:bidi="th-TH"/>' in latin

    memo = _part(rendered_examples["o42-bundle-khaochaison/01-o42-memo"], "word/document.xml")
    strengths = re.search(r"<w:p><w:pPr>((?:(?!</w:pPr>).)*)</w:pPr>(?:(?!</w:p>).)*>จุดแข็ง<", memo).group(1)
    assert "<w:keepNext/>" in strengths
    closing = re.search(r"<w:p><w:pPr>((?:(?!</w:pPr>).)*)</w:pPr>(?:(?!</w:p>).)*>จึงเรียนมาเพื่อ", memo)
    assert "<w:keepNext/>" in closing.group(1) and "<w:keepLines/>" in closing.group(1)
    before_closing = memo[:closing.start()].rsplit("<w:p>", 1)[1]
    assert "<w:keepNext/>" in before_closing, "the body's last lines keep with the closing"
    assert "<w:framePr " in memo.split("บันทึกข้อความ")[0].rsplit("<w:p>", 1)[1], "the title is framed level"

    score = _part(rendered_examples["score-memo"], "word/document.xml")
    endorsements = score[score.rindex("<w:tbl>"):]
    assert endorsements.count("<w:cantSplit/>") == endorsements.count("<w:tr>")
    rows = endorsements.split("<w:tr>")[1:]
    assert all("<w:keepNext/>" in row for row in rows[:-1]) and "<w:keepNext/>" not in rows[-1]
    signature = score[:score.rindex("<w:tbl>")].rsplit('<w:pStyle w:val="Signature"/>', 1)[1]
    assert "<w:keepNext/>" in score[:score.rindex("<w:tbl>")].rsplit("<w:p>", 3)[1] or "<w:keepNext/>" in signature

    assert '<w:rStyle w:val="Latin"/>' in _part(rendered_examples["memo"], "word/document.xml")
    for data in rendered_examples.values():  # the .docx itself stays clean
        xml = _part(data, "word/document.xml")
        assert WORD_JOINER not in xml and NO_BREAK_SPACE not in xml


def test_joiners_leave_the_words_around_a_compound_whole():
    """Letter-by-letter joiners in ดำเนินงาน left ICU the fragment "นของห", which it broke as
    "ข|อง" (seen in the memo example's PDF): joints only where words meet."""
    shown = keep_words_whole("การดำเนินงานของหน่วยงาน").replace(WORD_JOINER, "|")
    assert shown == "การดำ|เนิน|งานของหน่วย|งาน"


def test_pdf_copy_marks_where_lines_may_not_break():
    text = "ตรวจสอบหน่วยงาน ได้ 35.00 คะแนน พ.ศ. ๒๕๖๖ ร้อยละ ๘๕ ข้อ O ๔๒ และ O๔๓ ที่โรงแรมแกรนด์"
    glued = keep_words_whole(text)
    shown = glued.replace(WORD_JOINER, "|").replace(NO_BREAK_SPACE, "_")
    # listed compounds where their own words meet (ICU still sees words around them); a loanword the
    # dictionary cannot make up letter by letter; a joiner never before a vowel sign or tone mark
    assert "ตรวจ|สอบหน่วย|งาน" in shown and "แก|ร|น|ด์" in shown
    # other words where the dictionary's shorter words meet (คะ|แนน), the rest left to ICU
    assert "คะ|แนน" in shown and "ร้อย|ละ" in shown
    assert "35.00_คะ" in shown and "พ.ศ._๒๕๖๖" in shown and "ละ_๘๕" in shown and "ข้อ_O" not in shown
    assert "O_๔๒" in shown and "O|๔๓" in shown
    assert glued.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ") == text


# --- improvement-plan tables (analysis report, ส่วนที่ ๔) ------------------------------------------

@pytest.mark.parametrize("bundle", ["o42-bundle", "o42-bundle-khaochaison"])
def test_plan_tables_numbered_in_order_sized_by_content(rendered_examples, bundle):
    import docx

    from ita_docs.kinds.analysis_report import _PLAN_TITLES

    document = docx.Document(io.BytesIO(rendered_examples[f"{bundle}/02-analysis-report"]))
    plans = [t for t in document.tables if t.rows[0].cells[0].text == _PLAN_TITLES[0]]
    assert plans
    for table in plans:
        rows = table.rows[1:]
        numbers = [row.cells[0].text.split(".")[0] for row in rows]
        assert numbers == ["๑๒๓๔๕๖๗๘๙"[k] for k in range(len(rows))], numbers
        follow_ups = [row.cells[3].text for row in rows]
        if len(rows) > 1:  # a follow-up all rows share is said once under the table, not in every row
            first_lines = {text.split("\n")[0] for text in follow_ups}
            assert len(first_lines) > 1 or not first_lines.pop().startswith("- "), follow_ups
        widths = [column.width for column in table.columns]
        assert len(set(widths)) > 1 and min(widths) >= docx.shared.Cm(2.5)
    text = "\n".join(p.text for p in document.paragraphs)
    if bundle == "o42-bundle-khaochaison":  # its OIT measures share the default follow-up
        assert text.count("การกำกับติดตาม: ให้ผู้รับผิดชอบรายงานความก้าวหน้า") == 1


def test_latin_words_of_template_fields_are_tagged_english(rendered_examples):
    """Template fields (the subject line, names, the order's centred subject) are plain runs of the
    template: "(ITA)" in the score memo's subject must carry the Latin style as body text does,
    or LibreOffice breaks it as Thai ("(IT|A)")."""
    xml = _part(rendered_examples["score-memo"], "word/document.xml")
    subject_runs = xml.split("รายงานผลการวิเคราะห์คะแนน", 1)[1].split("</w:p>", 1)[0]
    assert re.search(r'<w:rStyle w:val="Latin"/>(?:(?!</w:r>).)*>ITA<', subject_runs), subject_runs[:600]
    for name, data in rendered_examples.items():  # no Latin letter left in an untagged plain run
        body = _part(data, "word/document.xml")
        plain = re.findall(r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>|<w:rStyle ).)*</w:rPr>)?<w:t[^>]*>([^<]*[A-Za-z][^<]*)</w:t>", body)
        plain = [text for text in plain if re.search("[A-Za-z]", html.unescape(text))]
        assert plain == [], (name, plain[:5])
