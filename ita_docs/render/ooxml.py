"""A small OOXML writer: runs, paragraphs and their properties, always in schema order.

Hand-written because python-docx builds documents through its object tree (slow for our per-document
fragments, and its defaults are Latin-only); these helpers emit exactly the WordprocessingML we need.
Thai run properties (cs font, szCs, bCs, th-TH) live in the styles of the shared base; direct
formatting written here always sets both halves (b + bCs, sz + szCs).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from ita_docs.model.common import strip_illegal_xml_chars  # the models warn when they remove any
from ita_docs.render.house_style import half_points, twips

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# A Latin word inside Thai text: its runs get the Latin style (English line breaking, Thai as the
# complex script), in body blocks and in the template's own fields alike.
LATIN_WORD = re.compile(r"([A-Za-z][A-Za-z0-9.\-]*)")


# html.escape, not xml.sax.saxutils: that one imports urllib.request (http, ssl), a tenth of a
# render's start-up.
def text_xml(text: str) -> str:
    """Escape text for a w:t element."""
    return html.escape(strip_illegal_xml_chars(text), quote=False)


def attribute_xml(value: str) -> str:
    """A quoted XML attribute value; line breaks and tabs kept as characters (a parser would make
    them spaces)."""
    escaped = html.escape(strip_illegal_xml_chars(value), quote=True)
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


@dataclass(frozen=True)
class Tab:
    """A tab stop: kind is left | center | right; leader none | dot."""

    position_cm: float
    kind: str = "left"
    leader: str = "none"

    def xml(self) -> str:
        leader = f' w:leader="{self.leader}"' if self.leader != "none" else ""
        return f'<w:tab w:val="{self.kind}"{leader} w:pos="{twips(self.position_cm)}"/>'


# Properties are pure functions of their arguments and a few dozen combinations make every
# document: each is written once per process.
@lru_cache(maxsize=1024)
def rpr(
    *,
    style: str | None = None,
    font: str | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    size_pt: float | None = None,
    underline: bool = False,
    lang: str | None = None,
) -> str:
    """Run properties in CT_RPr order; bold/italic/size always for both Latin and complex script."""
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if font:
        parts.append(
            f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        )
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size_pt:
        hp = half_points(size_pt)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    if lang:
        parts.append(f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{lang}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


@lru_cache(maxsize=1024)
def ppr(
    *,
    style: str | None = None,
    keep_next: bool | None = None,  # None: as the style says; False: explicitly off
    keep_lines: bool = False,
    page_break_before: bool = False,
    frame: tuple[float, float] | None = None,  # (width, top from the paper's top edge), cm
    border_bottom: bool = False,
    tabs: tuple[Tab, ...] = (),
    before_pt: float | None = None,
    after_pt: float | None = None,
    line_exact_pt: float | None = None,
    left_cm: float | None = None,
    right_cm: float | None = None,
    first_line_cm: float | None = None,
    hanging_cm: float | None = None,
    jc: str | None = None,
    run_props: str = "",
) -> str:
    """Paragraph properties in CT_PPr order."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next is not None:
        parts.append("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    if keep_lines:
        parts.append("<w:keepLines/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if frame:
        # a framed paragraph at a fixed height on the page; the text that follows goes below it
        parts.append(f'<w:framePr w:w="{twips(frame[0])}" w:wrap="notBeside" w:vAnchor="page" '
                     f'w:hAnchor="margin" w:y="{twips(frame[1])}"/>')
    if border_bottom:
        parts.append(
            '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        )
    if tabs:
        parts.append("<w:tabs>" + "".join(t.xml() for t in tabs) + "</w:tabs>")
    spacing = ""
    if before_pt is not None:
        spacing += f' w:before="{round(before_pt * 20)}"'
    if after_pt is not None:
        spacing += f' w:after="{round(after_pt * 20)}"'
    if line_exact_pt is not None:
        spacing += f' w:line="{round(line_exact_pt * 20)}" w:lineRule="exact"'
    if spacing:
        parts.append(f"<w:spacing{spacing}/>")
    ind = ""
    if left_cm is not None:
        ind += f' w:left="{twips(left_cm)}"'
    if right_cm is not None:
        ind += f' w:right="{twips(right_cm)}"'
    if first_line_cm is not None:
        ind += f' w:firstLine="{twips(first_line_cm)}"'
    if hanging_cm is not None:
        ind += f' w:hanging="{twips(hanging_cm)}"'
    if ind:
        parts.append(f"<w:ind{ind}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if run_props:
        parts.append(run_props)
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def run(text: str, props: str = "") -> str:
    """A run of text; tab characters become w:tab, spaces are preserved."""
    pieces = []
    for i, chunk in enumerate(text.split("\t")):
        if i:
            pieces.append("<w:tab/>")
        if chunk:
            pieces.append(f'<w:t xml:space="preserve">{text_xml(chunk)}</w:t>')
    return f"<w:r>{props}{''.join(pieces)}</w:r>"


def tab_run(props: str = "") -> str:
    return f"<w:r>{props}<w:tab/></w:r>"


def page_break_run() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def paragraph(runs: str | list[str] = "", props: str = "") -> str:
    body = runs if isinstance(runs, str) else "".join(runs)
    return f"<w:p>{props}{body}</w:p>"


def page_field_runs(cached: str) -> str:
    """A PAGE field (no \\* ThaiArabic switch: LibreOffice turns it into Thai letters)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{text_xml(cached)}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
