"""Finishing steps on rendered XML parts: per-document house-style choices and the PDF copy's fixes.

Each transform is a function (part name, xml) -> xml for CompiledTemplate.render(transforms=…).
"""

from __future__ import annotations

import html
import re
import sys
from functools import cache, lru_cache, partial

from ita_docs.render import house_style as hs
from ita_docs.render.line_breaks import keep_words_whole_in_xml
from ita_docs.render.ooxml import LATIN_WORD, paragraph, ppr, rpr, run, text_xml
from ita_docs.thai import verbatim_spans

_MEMO_LINE_STYLES = ("MemoHeader", "MemoNumberDate", "MemoSubject")


def _font(new_font: str, part: str, xml: str) -> str:
    if part in ("word/styles.xml", "word/fontTable.xml", "word/theme/theme1.xml"):
        return xml.replace(f'"{hs.DEFAULT_FONT}"', f'"{new_font}"')
    return xml


def _no_dotted_lines(part: str, xml: str) -> str:
    if part != "word/styles.xml":
        return xml
    for style_id in _MEMO_LINE_STYLES:
        xml = re.sub(
            rf'(<w:style [^>]*w:styleId="{style_id}".*?</w:style>)',
            lambda m: m.group(1).replace(' w:leader="dot"', ""),
            xml,
            count=1,
            flags=re.DOTALL,
        )
    return xml


def _arabic_page_numbers(part: str, xml: str) -> str:
    if part == "word/document.xml":
        return xml.replace(' w:fmt="thaiNumbers"', "")
    return xml


def _justify_for_libreoffice(part: str, xml: str) -> str:
    # LibreOffice shows thaiDistribute as left-aligned; "both" justifies Thai there.
    if part.startswith("word/") and part.endswith(".xml"):
        return xml.replace('w:val="thaiDistribute"', 'w:val="both"')
    return xml


def _plain_runs_holding(characters: str) -> re.Pattern:
    """A run of the template's own (no style of its own: a field such as the subject or a name)
    whose text holds one of `characters`."""
    if sys.version_info >= (3, 11):
        # Possessive quantifiers: a run that does not match fails without backtracking (the scan of
        # a whole document.xml per document; the same matches as the tempered pattern below, tested)
        props = r"[^<\n]*+(?:<(?!/w:rPr>|w:rStyle )[^<\n]*+)*+"
        text = rf"[^<{characters}]*+[{characters}][^<]*+"
    else:  # Python 3.10 has no possessive quantifiers
        props = r"(?:(?!</w:rPr>|<w:rStyle ).)*"
        text = rf"[^<]*[{characters}][^<]*"
    return re.compile(
        rf'<w:r>(?P<rpr><w:rPr>{props}</w:rPr>)?<w:t(?P<space> xml:space="preserve")?>(?P<text>{text})</w:t></w:r>'
    )


def _with_style(match: re.Match, style: str, spans: list[tuple[int, int]], text: str) -> str:
    """The matched run split so that the spans of its text get `style` and the rest stays as it was."""
    plain = match["rpr"] or ""
    styled = (plain or "<w:rPr></w:rPr>").replace("<w:rPr>", f'<w:rPr><w:rStyle w:val="{style}"/>', 1)
    out, position = [], 0
    for start, end in spans + [(len(text), len(text))]:
        for piece, props in ((text[position:start], plain), (text[start:end], styled)):
            if piece:
                out.append(f'<w:r>{props}<w:t xml:space="preserve">{text_xml(piece)}</w:t></w:r>')
        position = end
    return "".join(out)


# Arabic digits with the ASCII around them (a field marked verbatim keeps "2567/1" as typed).
_ARABIC_STRETCH = re.compile(r"[0-9](?:[!-~]*[0-9])?")


def _kept_spans(text: str) -> list[tuple[int, int]]:
    spans = sorted(verbatim_spans(text) + [m.span() for m in _ARABIC_STRETCH.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _verbatim_run(match: re.Match) -> str:
    text = html.unescape(match["text"])
    return _with_style(match, "Verbatim", _kept_spans(text), text)


_RUN_WITH_LATIN = _plain_runs_holding("A-Za-z")


def _latin_run(match: re.Match) -> str:
    text = html.unescape(match["text"])
    spans = [m.span() for m in LATIN_WORD.finditer(text)]
    return _with_style(match, "Latin", spans, text) if spans else match[0]  # no spans: an entity's letters


def _latin_template_fields(part: str, xml: str) -> str:
    # Body blocks tag their Latin words themselves; the template's fields (subject, names) are
    # plain runs: "(ITA)" there would be broken as Thai by LibreOffice ("(IT|A)").
    if part != "word/document.xml" and not part.startswith(("word/header", "word/footer")):
        return xml
    return _RUN_WITH_LATIN.sub(_latin_run, xml)


_RUN_WITH_DIGIT_OR_LATIN = _plain_runs_holding("0-9A-Za-z")


def _styled_run(match: re.Match) -> str:
    """_verbatim_run, then _latin_run on each plain piece it leaves, in one step."""
    if _ARABIC_STRETCH.search(match["text"]) is None:  # no digit in the text as written (as the Verbatim pass saw it)
        return _latin_run(match)
    return _RUN_WITH_LATIN.sub(_latin_run, _verbatim_run(match))


def _template_field_styles(part: str, xml: str) -> str:
    # Template fields (subject, names, …) are plain runs. In a Thai-digit document only digits kept
    # as typed are Arabic (convert_digits; e.g. a link in a subject, a signer's LINE id): they get the
    # Verbatim style, as body text does, so the PDF copy keeps them Arabic (LibreOffice's context
    # numerals would draw them Thai); then Latin words get the Latin style (_latin_template_fields).
    # One pass over the part does both (two were two scans of the whole document.xml per document).
    if part != "word/document.xml" and not part.startswith(("word/header", "word/footer")):
        return xml
    return _RUN_WITH_DIGIT_OR_LATIN.sub(_styled_run, xml)


@lru_cache(maxsize=32)
def _font_transform(font: str):
    return partial(_font, font)


def document_transforms(font: str, dotted_lines: bool, digits: str) -> tuple:
    """The same settings give the same (equal, hashable) tuple: the engine works out what they
    make of a template's unchanging parts once per tuple."""
    transforms = []
    if font != hs.DEFAULT_FONT:
        transforms.append(_font_transform(font))
    if not dotted_lines:
        transforms.append(_no_dotted_lines)
    if digits == "arabic":
        transforms.append(_arabic_page_numbers)
        transforms.append(_latin_template_fields)
    else:
        transforms.append(_template_field_styles)
    return tuple(transforms)


# ชั้นความลับ (ระเบียบว่าด้วยการรักษาความลับของทางราชการ): centred at the top and the bottom of every
# page, in red and larger than the text. Both go into the page headers (the first page's and the
# others'), the bottom one as a paragraph framed at the paper's foot, so no footer part is needed.
SECRECY_MARKS = ("ลับ", "ลับมาก", "ลับที่สุด")
SECRECY_FROM_BOTTOM_CM = 1.6  # the frame's top, from the paper's bottom edge (below the 2 cm margin)
_HEADERS = ("word/header1.xml", "word/header2.xml")


def _secrecy(mark: str, part: str, xml: str) -> str:
    if part not in _HEADERS:
        return xml
    props = rpr(bold=True, color=hs.URGENCY_COLOR, size_pt=20)
    top = paragraph(run(html.escape(mark), props), ppr(style="Header"))
    bottom = paragraph(run(html.escape(mark), props), ppr(
        style="Header", frame=(hs.TEXT_WIDTH_CM, hs.PAGE_HEIGHT_TWIPS / hs.TWIPS_PER_CM - SECRECY_FROM_BOTTOM_CM)))
    found = re.search(r"<w:hdr\b[^>]*>", xml)
    if found is None:
        return xml
    return xml[:found.end()] + top + bottom + xml[found.end():]


@cache
def secrecy_transform(mark: str):
    """The transform that marks every page with `mark` (one equal object per mark: the engine
    caches what it makes of the unchanging parts per tuple of transforms)."""
    if mark not in SECRECY_MARKS:
        raise ValueError(f"secrecy: one of {', '.join(SECRECY_MARKS)}")
    return partial(_secrecy, mark)


def _verbatim_not_thai(part: str, xml: str) -> str:
    # LibreOffice's "context" numerals (Thai page numbers in the PDF) would show the digits of
    # URLs in Thai too, unless those runs are tagged as another language.
    if part != "word/styles.xml":
        return xml
    return xml.replace(
        '<w:name w:val="ITA Verbatim"/><w:qFormat/>',
        '<w:name w:val="ITA Verbatim"/><w:qFormat/><w:rPr><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="en-US"/></w:rPr>',
    )


_NOT_THAI = '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="en-US"/>'
_VERBATIM_RUN_PROPS = re.compile(r'<w:rPr><w:rStyle w:val="Verbatim"/>(?P<rest>(?:(?!</w:rPr>).)*)</w:rPr>')


def _verbatim_runs_not_thai(part: str, xml: str) -> str:
    # The style's language is not enough in table cells (LibreOffice drew a link's digits there
    # Thai): each Verbatim run says it directly too.
    if part != "word/document.xml" and not part.startswith(("word/header", "word/footer")):
        return xml
    return _VERBATIM_RUN_PROPS.sub(
        lambda m: m[0] if "<w:lang " in m["rest"] else f'<w:rPr><w:rStyle w:val="Verbatim"/>{m["rest"]}{_NOT_THAI}</w:rPr>',
        xml,
    )


def _keep_words_whole(part: str, xml: str) -> str:
    # LibreOffice breaks Thai inside compounds and cuts numbers from their units (line_breaks.py)
    if part != "word/document.xml":
        return xml
    return keep_words_whole_in_xml(xml)


PDF_COPY_TRANSFORMS = (_justify_for_libreoffice, _verbatim_not_thai, _verbatim_runs_not_thai,
                       _keep_words_whole)
