"""Finishing steps on rendered XML parts: per-document house-style choices and the PDF copy's fixes.

Each transform is a function (part name, xml) -> xml for CompiledTemplate.render(transforms=…).
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from ita_docs.render import house_style as hs
from ita_docs.render.line_breaks import keep_words_whole_in_xml

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
    return tuple(transforms)


def _verbatim_not_thai(part: str, xml: str) -> str:
    # LibreOffice's "context" numerals (Thai page numbers in the PDF) would show the digits of
    # URLs in Thai too, unless those runs are tagged as another language.
    if part != "word/styles.xml":
        return xml
    return xml.replace(
        '<w:name w:val="ITA Verbatim"/><w:qFormat/>',
        '<w:name w:val="ITA Verbatim"/><w:qFormat/><w:rPr><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="en-US"/></w:rPr>',
    )


def _keep_words_whole(part: str, xml: str) -> str:
    # LibreOffice breaks Thai inside compounds and cuts numbers from their units (line_breaks.py)
    if part != "word/document.xml":
        return xml
    return keep_words_whole_in_xml(xml)


PDF_COPY_TRANSFORMS = (_justify_for_libreoffice, _verbatim_not_thai, _keep_words_whole)
