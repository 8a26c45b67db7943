"""How the text of a PDF falls on its pages and lines (issue 14), read back with PyMuPDF.

`layout_problems(pdf, source)` lists what a clerk would fix by hand before signing: a heading at a
page's foot, a page opening with the closing formula, a signature or endorsement cut off from the
text, a line break inside a common official compound, a Latin word or between a number and its
unit, and the memo title off level with the Garuda. `source` is the document's own text (from the
.docx), used to tell a break inside a word from a break at a space.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pymupdf

CM = 72 / 2.54
WORD_JOINER = "\u2060"
PAGE_HEIGHT = 29.7 * CM
TEXT_LEFT, TEXT_WIDTH = 3 * CM, 15.906 * CM
SIGNATURE_AXIS = TEXT_LEFT + 10 * CM
ENDORSEMENT_AXES = (TEXT_LEFT + TEXT_WIDTH / 4, TEXT_LEFT + 3 * TEXT_WIDTH / 4)

# Words a clerk never sees broken (LibreOffice's dictionary splits them; Word keeps them whole).
COMPOUNDS = (
    "ตรวจสอบ", "หน่วยงาน", "เผยแพร่", "ถูกต้อง", "ขั้นตอน", "เปิดเผย", "ผู้บริหาร", "ผู้รับผิดชอบ",
    "เป็นธรรม", "ภาครัฐ", "คุณธรรม", "โปร่งใส", "ประสิทธิภาพ", "ดำเนินการ", "ปีงบประมาณ", "ราชการ",
    "บุคลากร", "ประเมิน", "มาตรการ", "ร้องเรียน", "ทุจริต", "วิเคราะห์", "เทศบาล", "แกรนด์",
)
UNITS = ("คะแนน", "วัน", "ปี", "เดือน", "บาท", "คน", "ครั้ง", "ข้อ", "ชั่วโมง", "แห่ง", "เรื่อง", "โครงการ")
CLOSINGS = ("จึงเรียนมาเพื่อ", "จึงประกาศให้ทราบ", "ทั้งนี้ ตั้งแต่", "ทั้งนี้ตั้งแต่", "สั่ง ณ วันที่", "ประกาศ ณ วันที่")
_NUMBER_END = re.compile(r"(?:^|[\s(])[๐-๙0-9][๐-๙0-9.,]*$")
_LATIN_END = re.compile(r"[A-Za-z0-9]+$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]+")


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    y: float  # baseline
    text: str
    bold: bool
    block: int = -1  # PyMuPDF's text block: the lines of one paragraph or table cell

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def source_text(docx: bytes | Path) -> str:
    """The text of a .docx, paragraphs joined by newlines (enough to tell "ITA" from "IT A")."""
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    xml = re.sub(r"<w:tab/>", "\t", xml)
    text = re.sub(r"<[^>]+>", "", xml)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def read_lines(doc: pymupdf.Document) -> list[list[Line]]:
    """The lines of every page in reading order, the page-number line left out."""
    pages = []
    for page in doc:
        bold_points = [
            (c[2][0], c[2][1]) for trace in page.get_texttrace()
            if trace["type"] == 1 or "Bold" in trace["font"] for c in trace["chars"]
        ]
        lines = []
        for block_number, block in enumerate(page.get_text("dict")["blocks"]):
            for raw in block.get("lines", []):
                text = "".join(s["text"] for s in raw["spans"]).replace(WORD_JOINER, "").replace("\u200b", "")
                if not text.strip():
                    continue
                x0, _, x1, _ = raw["bbox"]
                y = raw["spans"][0]["origin"][1]
                if y < 2.3 * CM and re.fullmatch(r"\s*-\s*\S+\s*-\s*", text):
                    continue  # the page number
                bold = any(x0 - 1 <= x <= x1 + 1 and abs(by - y) < 2 for x, by in bold_points)
                lines.append(Line(page.number, x0, x1, y, text, bold, block_number))
        lines.sort(key=lambda line: (round(line.y), line.x0))
        pages.append(lines)
    return pages


def _next_line(lines: list[Line], index: int) -> Line | None:
    """The line printed under lines[index] in the same column (a paragraph or a table cell)."""
    line = lines[index]
    for other in lines[index + 1:]:
        if other.y - line.y > 1.6 * 16:  # a gap wider than a line: a new paragraph or block
            return None
        if other.block == line.block and other.y > line.y + 2 and other.x0 < line.x1 and other.x1 > line.x0 \
                and -3 * CM < other.x0 - line.x0 < 0.3 * CM:  # a paragraph's next line never starts further right
            return other
    return None


def _break_problems(before: str, after: str, source: str, where: str) -> list[str]:
    """What is wrong with a line ending in `before` followed by a line starting with `after`."""
    out = []
    tail, head = before.rstrip(), after.lstrip()
    if before != tail or not tail or not head:
        return out  # broken at a space
    for word in COMPOUNDS:
        for cut in range(1, len(word)):
            if tail.endswith(word[:cut]) and head.startswith(word[cut:]):
                out.append(f"{where}: line break inside {word!r}: …{tail[-12:]}|{head[:12]}…")
    latin_a, latin_b = _LATIN_END.search(tail), _LATIN_START.match(head)
    if latin_a and latin_b and re.search(r"[A-Za-z]", latin_a.group() + latin_b.group()):
        joined = latin_a.group() + latin_b.group()
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(joined)}(?![A-Za-z0-9])", source):
            out.append(f"{where}: Latin word split: {latin_a.group()}|{latin_b.group()}")
    if re.search(r"(?:^|[\s(])[OIE]$", tail) and re.match(r"[๐-๙0-9]", head):
        out.append(f"{where}: code split: …{tail[-8:]}|{head[:8]}…")
    if _NUMBER_END.search(tail) and any(head.startswith(unit) for unit in UNITS):
        out.append(f"{where}: number cut from its unit: …{tail[-12:]}|{head[:12]}…")
    if (tail.endswith("พ.ศ.") or tail.endswith("ร้อยละ")) and re.match(r"[๐-๙0-9]", head):
        out.append(f"{where}: number cut from what it follows: …{tail[-12:]}|{head[:12]}…")
    return out


def _signature_line(line: Line) -> bool:
    """A line of a signature block (centred on the signature axis) or of an endorsement."""
    width = line.x1 - line.x0
    if width > 9 * CM:
        return False
    if abs(line.centre - SIGNATURE_AXIS) < 0.6 * CM:
        return True
    return line.text.startswith("(") and any(abs(line.centre - axis) < 0.6 * CM for axis in ENDORSEMENT_AXES)


def layout_problems(pdf: Path, source: str, memo: bool = False) -> list[str]:
    doc = pymupdf.open(pdf)
    try:
        pages = read_lines(doc)
        out = []
        if memo:
            out += _title_level(doc[0])
        for number, lines in enumerate(pages):
            where = f"page {number + 1}"
            if not lines:
                continue
            last = lines[-1]
            if number + 1 < len(pages) and (last.bold or last.text.rstrip().endswith(":")) \
                    and last.x1 - last.x0 < 0.8 * TEXT_WIDTH and re.search("[ก-ฮ]{2}", last.text):
                out.append(f"{where}: heading as the last line of the page: {last.text.strip()!r}")
            first = lines[0]
            if number > 0 and first.text.lstrip().startswith(CLOSINGS):
                out.append(f"{where}: page starts with the closing: {first.text.strip()[:30]!r}")
            if number > 0 and _signature_line(first):
                out.append(f"{where}: page starts inside a signature or endorsement: {first.text.strip()!r}")
            if number + 1 < len(pages) and last.text.lstrip().startswith("(") and _signature_line(last):
                out.append(f"{where}: signature split after its name: {last.text.strip()!r}")
            for index, line in enumerate(lines):
                below = _next_line(lines, index)
                if below is not None:
                    out += _break_problems(line.text, below.text, source, where)
            if number + 1 < len(pages) and pages[number + 1]:
                nxt = pages[number + 1][0]
                if abs(nxt.x0 - TEXT_LEFT) < 0.3 * CM:  # the paragraph runs on from the page before
                    out += _break_problems(last.text, nxt.text, source, f"{where}→{number + 2}")
            out += _endorsements_level(lines, where)
        return out
    finally:
        doc.close()


def _title_level(page) -> list[str]:
    """The baseline of "บันทึกข้อความ" 0.1–0.4 cm above the Garuda's bottom edge."""
    images = page.get_image_info()
    title = next((line for line in read_lines_page(page) if "บันทึกข้อความ" in line.text), None)
    if not images or title is None:
        return ["page 1: no Garuda or no title to level"]
    bottom = images[0]["bbox"][3]
    rise = (bottom - title.y) / CM
    if not 0.1 <= rise <= 0.4:
        return [f"page 1: memo title baseline {title.y / CM:.2f} cm, Garuda bottom {bottom / CM:.2f} cm "
                f"(baseline must be 0.1–0.4 cm above it; is {rise:+.2f})"]
    return []


def read_lines_page(page) -> list[Line]:
    out = []
    for block in page.get_text("dict")["blocks"]:
        for raw in block.get("lines", []):
            text = "".join(s["text"] for s in raw["spans"])
            if text.strip():
                out.append(Line(page.number, raw["bbox"][0], raw["bbox"][2], raw["spans"][0]["origin"][1], text, False))
    return out


def _endorsements_level(lines: list[Line], where: str) -> list[str]:
    """Endorsements side by side: their "(name)" lines on one baseline."""
    names = [[line for line in lines if line.text.lstrip().startswith("(") and abs(line.centre - axis) < 0.6 * CM
              and line.x1 - line.x0 < 7 * CM] for axis in ENDORSEMENT_AXES]
    return [f"{where}: endorsements not level: {a.text.strip()!r} at {a.y / CM:.2f} cm, "
            f"{b.text.strip()!r} at {b.y / CM:.2f} cm"
            for a, b in zip(*names) if abs(a.y - b.y) > 1]


def one_word_last_lines(pdf: Path) -> list[str]:
    """Last lines of body paragraphs (the line above spans most of the text width; table cells are
    left out) holding one short Thai word ("คะแนน", "ราชการ"): a clerk would pull a word down."""
    doc = pymupdf.open(pdf)
    try:
        out = []
        for number, lines in enumerate(read_lines(doc)):
            continued = {id(below) for index, above in enumerate(lines)
                         if (below := _next_line(lines, index)) is not None and above.x1 - above.x0 > 0.7 * TEXT_WIDTH}
            for index, line in enumerate(lines):
                text = line.text.strip()
                if id(line) in continued and _next_line(lines, index) is None \
                        and re.fullmatch(r"[\u0e01-\u0e4e]{1,8}[.)]?", text):
                    out.append(f"page {number + 1}: one-word last line {text!r}")
        return out
    finally:
        doc.close()
