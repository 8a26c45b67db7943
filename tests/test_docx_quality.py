"""Every example renders to a .docx that is valid OOXML, opens in python-docx, and follows §4."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import EXAMPLE_DOCUMENTS, EXAMPLE_FORMS
from ooxml_checks import NS, q, thai_run_defects, validate, xml

from ita_docs.render import house_style as hs

NAMES = list(EXAMPLE_DOCUMENTS)


@pytest.mark.parametrize("name", NAMES)
def test_valid_ooxml(rendered_examples, name):
    assert validate(rendered_examples[name]) == []


@pytest.mark.parametrize("name", NAMES)
def test_opens_in_python_docx(rendered_examples, name):
    document = docx.Document(io.BytesIO(rendered_examples[name]))
    assert any(p.text.strip() for p in document.paragraphs)


@pytest.mark.parametrize("name", NAMES)
def test_thai_run_properties(rendered_examples, name):
    assert thai_run_defects(rendered_examples[name]) == []


@pytest.mark.parametrize("name", NAMES)
def test_page_size_and_margins(rendered_examples, name):
    sect = xml(rendered_examples[name], "word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(q("w")), size.get(q("h"))) == ("11906", "16838")  # A4
    margins = {k: int(sect.find("w:pgMar", NS).get(q(k))) for k in ("top", "left", "right", "bottom", "header")}
    assert margins["left"] == pytest.approx(hs.twips(3.0), abs=1)
    assert margins["right"] == pytest.approx(hs.twips(2.0), abs=1)
    assert margins["bottom"] == pytest.approx(hs.twips(2.0), abs=1)
    assert margins["top"] == pytest.approx(hs.twips(2.5), abs=1)
    assert sect.find("w:titlePg", NS) is not None  # no page number on page 1


@pytest.mark.parametrize("name", NAMES)
def test_emblem_size_and_place(rendered_examples, name):
    root = xml(rendered_examples[name], "word/document.xml")
    anchors = [a for a in root.iter(f"{{{NS['wp']}}}anchor")
               if a.find("wp:docPr", NS).get("descr") == "ตราครุฑ"]
    if EXAMPLE_FORMS[name] == "report":  # an attachment: no letterhead, no Garuda
        assert anchors == []
        return
    assert len(anchors) == 1
    anchor = anchors[0]
    height_cm = int(anchor.find("wp:extent", NS).get("cy")) / hs.EMU_PER_CM
    memo = EXAMPLE_FORMS[name] == "memo"
    expected = 1.5 if memo else 3.0
    assert height_cm == pytest.approx(expected, abs=0.01)
    vertical = anchor.find("wp:positionV", NS)
    assert vertical.get("relativeFrom") == "page"
    assert int(vertical.find("wp:posOffset", NS).text) / hs.EMU_PER_CM == pytest.approx(1.5, abs=0.01)
    horizontal = anchor.find("wp:positionH", NS)
    if memo:
        assert horizontal.find("wp:posOffset", NS).text == "0"  # the text area's left edge
    else:
        assert horizontal.find("wp:align", NS).text == "center"


@pytest.mark.parametrize("name", NAMES)
def test_body_paragraphs_use_thai_distribute(rendered_examples, name):
    styles = xml(rendered_examples[name], "word/styles.xml")
    body = next(s for s in styles.iter(q("style")) if s.get(q("styleId")) == "BodyText")
    assert body.find("w:pPr/w:jc", NS).get(q("val")) == "thaiDistribute"
    indent = int(body.find("w:pPr/w:ind", NS).get(q("firstLine")))
    assert indent == hs.twips(2.5)


def test_table_header_rows_repeat(rendered_examples):
    root = xml(rendered_examples["memo"], "word/document.xml")
    table = root.find(".//w:tbl", NS)
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    # merged cells: a vertical merge and a horizontal span
    assert table.find(".//w:vMerge[@w:val='restart']", NS) is not None
    assert table.find(".//w:gridSpan", NS) is not None
