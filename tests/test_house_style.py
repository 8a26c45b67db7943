"""The house-style options of §4 (font, dotted lines) and the PDF copy's fixes."""

from __future__ import annotations

from conftest import render_quietly
from ooxml_checks import parts
from test_inputs import BASE

from ita_docs import from_data
from ita_docs.render.engine import apply_transforms
from ita_docs.render.transforms import PDF_COPY_TRANSFORMS


def test_font_option_changes_every_font_reference():
    data = render_quietly(from_data({**BASE, "style": {"font": "TH Sarabun New"}}))
    package = parts(data)
    for part in ("word/styles.xml", "word/fontTable.xml", "word/theme/theme1.xml"):
        xml = package[part].decode()
        assert "TH Sarabun New" in xml and "TH SarabunPSK" not in xml, part


def test_dotted_lines_can_be_turned_off():
    dotted = parts(render_quietly(from_data(BASE)))["word/styles.xml"].decode()
    plain = parts(render_quietly(from_data({**BASE, "style": {"dotted_lines": False}})))["word/styles.xml"].decode()
    assert dotted.count('w:leader="dot"') >= 4
    assert plain.count('w:leader="dot"') == dotted.count('w:leader="dot"') - 4  # comment lines keep theirs


def test_pdf_copy_justifies_with_both():
    data = render_quietly(from_data(BASE))
    assert b"thaiDistribute" in parts(data)["word/styles.xml"]
    copy = parts(apply_transforms(data, PDF_COPY_TRANSFORMS))
    assert b"thaiDistribute" not in copy["word/styles.xml"] and b'w:val="both"' in copy["word/styles.xml"]
