"""The fast engine writes what stock docxtpl writes, for every example and for every docxtpl feature.

"What stock docxtpl writes": the same template and the same context rendered by docxtpl as any of
its users would (ita_docs/render/stock.py: python-docx opens the template, images become parts
through python-docx's image machinery, python-docx saves). Packages compare part by part after
canonicalisation (tests/package_compare.py: C14N, relationship ids by their targets, media by
their bytes).
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import docx
import pytest
import yaml
from conftest import EMBLEM, EXAMPLE_DOCUMENTS, REPO, load_quietly
from docxtpl import RichText
from markupsafe import Markup
from package_compare import differences

from ita_docs import ItaDocsWarning, from_data
from ita_docs.api import _materialize, _template, templates_dir
from ita_docs.kinds import get_kind
from ita_docs.render.build_templates import TEMPLATES
from ita_docs.render.engine import CompiledTemplate, EngineFallbackWarning, Media
from ita_docs.render.images import PreparedImage, blank_image, inline_drawing
from ita_docs.render.stock import StockMedia, open_template, render_stock
from ita_docs.render.transforms import document_transforms
from ita_docs.render.zipcopy import Member, write_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _document(name: str):
    """An example document by its EXAMPLE_DOCUMENTS name → (model, kind, context)."""
    path = EXAMPLE_DOCUMENTS[name]
    doc = load_quietly(path)
    kind = get_kind(doc.kind)
    if not kind.is_bundle:
        return doc, kind, kind.context(doc)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        part = next(p for p in kind.parts(doc) if f"{path.stem}/{p.name}" == name)
    return doc, get_kind(part.kind), part.context


def _fast_and_stock(doc, kind, context) -> tuple[bytes, bytes]:
    """One document through the engine and through stock docxtpl: same template, same context."""
    emblem = EMBLEM if EMBLEM.is_file() else None
    transforms = document_transforms(doc.style.font, doc.style.dotted_lines, doc.digits)
    compiled = _template(kind.template, None)
    assert compiled.engine == "fast", compiled.fallback_reason
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        media = Media()
        fast = compiled.render(_materialize(doc, kind, context, media, emblem), media, transforms)
        template = open_template(templates_dir() / kind.template)
        stock_media = StockMedia(template)
        stock = render_stock(template, _materialize(doc, kind, context, stock_media, emblem), stock_media,
                             transforms)
    return fast, stock


@pytest.mark.parametrize("name", sorted(EXAMPLE_DOCUMENTS))
def test_every_example_renders_as_stock_docxtpl_renders_it(name):
    fast, stock = _fast_and_stock(*_document(name))
    assert differences(fast, stock) == []


@pytest.mark.parametrize("example", ["memo", "announcement", "order"])
@pytest.mark.parametrize("style", [
    {"digits": "arabic"},
    {"style": {"font": "TH Sarabun New", "dotted_lines": False}},
    {"digits": "arabic", "style": {"font": "TH SarabunIT๙"}},
])
def test_house_style_options_render_as_stock_docxtpl_renders_them(example, style):
    data = yaml.safe_load((REPO / "examples" / f"{example}.yaml").read_text(encoding="utf-8"))
    data.update(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data(data, base_dir=REPO / "examples")
    kind = get_kind(doc.kind)
    fast, stock = _fast_and_stock(doc, kind, kind.context(doc))
    assert differences(fast, stock) == []
    assert differences(fast, _fast_and_stock(doc, kind, kind.context(doc))[0]) == []  # transforms cached


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_takes_the_fast_path(name):
    template = CompiledTemplate((REPO / "templates" / name).read_bytes(), name)
    assert (template.engine, template.fallback_reason) == ("fast", None)


# --- docxtpl's features, on small templates -------------------------------------------------------

def _template_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _both(template: bytes, context, transforms=()) -> tuple[bytes, CompiledTemplate]:
    """Fast and stock output of a template; context: a dict, or media → dict. Asserts they are equal."""
    build = context if callable(context) else (lambda media: context)
    compiled = CompiledTemplate(template, "test.docx")
    media = Media()
    fast = compiled.render(build(media), media, transforms)
    stock_template = open_template(template)
    stock_media = StockMedia(stock_template)
    stock = render_stock(stock_template, build(stock_media), stock_media, transforms)
    assert differences(fast, stock) == []
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        assert zf.testzip() is None
    docx.Document(io.BytesIO(fast))  # python-docx opens it
    return fast, compiled


def _text(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(part).decode("utf-8")


def _visible(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_tags_split_across_runs_paragraph_tags_and_listing_characters():
    def build(document):
        p = document.add_paragraph()
        p.add_run("Dear {{ na")
        p.add_run("me }}, ").bold = True
        p.add_run("{{ address }}")
        document.add_paragraph("{%p if show %}")
        document.add_paragraph("shown: {{ 'yes' }} & {{ amount }}")
        document.add_paragraph("{%p endif %}")
        document.add_paragraph("{%p for item in items %}")
        document.add_paragraph("item {{ loop.index }}: {{ item }}")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{{r rich }}")
        document.add_paragraph("literal {_{ not a tag }_}")

    context = {"name": "สมชาย <ใจดี>", "address": "line one\nline two\ttabbed", "show": True, "amount": "1 & 2",
               "items": ["a", "b & c", "d"], "rich": RichText("bold", bold=True)}
    fast, compiled = _both(_template_bytes(build), context)
    assert compiled.engine == "fast"
    text = _visible(_text(fast))
    assert "Dear สมชาย <ใจดี>, line one" in text.replace("&lt;", "<").replace("&gt;", ">")
    assert "item 3: d" in text and "literal {{ not a tag }}" in text
    assert "<w:br/>" in _text(fast) and "<w:tab/>" in _text(fast)  # the newline and the tab


def test_a_tag_holding_a_paragraph_start_renders_as_docxtpl_renders_it():
    """docxtpl breaks the line before every "<w:p" of its source, even inside a tag's string."""
    fast, _ = _both(_template_bytes(lambda d: d.add_paragraph("{{ '<w:p>' if show }} in a tag")), {"show": True})
    assert "<w:br/>" in _text(fast)


def test_row_and_column_loops_fix_the_table_grid_as_docxtpl_does():
    def build(document):
        table = document.add_table(rows=3, cols=3)
        table.cell(0, 0).text = "{%tr for row in rows %}"
        table.cell(1, 0).text = "{{ row.name }}"
        table.cell(1, 1).text = "{{ row.value }}"
        table.cell(1, 2).text = "x"
        table.cell(2, 0).text = "{%tr endfor %}"
        columns = document.add_table(rows=1, cols=3)
        columns.cell(0, 0).text = "{%tc for c in cols %}"
        columns.cell(0, 1).text = "{{ c }}"
        columns.cell(0, 2).text = "{%tc endfor %}"

    rows = [{"name": f"n{i}", "value": i} for i in range(4)]
    for cols in (["a", "b", "c", "d", "e"], ["only"], ["a", "b", "c"]):
        fast, _ = _both(_template_bytes(build), {"rows": rows, "cols": cols})
        grids = re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", _text(fast))
        assert grids[1].count("<w:gridCol") == max(len(cols), 1)


def test_tables_from_context_xml_are_fixed_like_docxtpl_fixes_them():
    """A table fragment whose grid does not match its rows (more cells, or narrower rows)."""
    def table(grid: int, cells: list[int]) -> str:
        rows = "".join("<w:tr>" + "<w:tc><w:p/></w:tc>" * n + "</w:tr>" for n in cells)
        columns = '<w:gridCol w:w="1000"/>' * grid
        return f"<w:tbl><w:tblPr/><w:tblGrid>{columns}</w:tblGrid>{rows}</w:tbl><w:p/>"

    def build(document):
        document.add_paragraph("{{p tables }}")

    nested = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc><w:p/>'
              + table(2, [2]).removesuffix("<w:p/>") + '<w:p/></w:tc></w:tr></w:tbl><w:p/>')
    for fragment in (table(2, [2, 2]), table(2, [3, 1]), table(4, [2, 2]), nested, table(2, [])):
        _both(_template_bytes(build), {"tables": Markup(fragment)})


def test_images_headers_footers_and_core_properties():
    png = blank_image()
    other = PreparedImage(png.data + b"\0", "png", 1, 1)  # different bytes, still a picture to python-docx

    def build(document):
        document.add_paragraph("{{ picture }} and {{ again }} and {{ second }}")
        section = document.sections[0]
        section.header.paragraphs[0].text = "Header of {{ name }}"
        section.footer.paragraphs[0].text = "Footer {{ name }}"
        document.core_properties.title = "{{ name }} & title"
        document.core_properties.subject = "fixed subject"

    def context(media):
        return {
            "name": "A & B",
            "picture": Markup(inline_drawing(media, png, 1, 1, name="one")),
            "again": Markup(inline_drawing(media, png, 1, 1, name="same bytes")),
            "second": Markup(inline_drawing(media, other, 2, 2, name="two")),
        }

    def raw(data: bytes, part: str) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read(part).decode("utf-8")

    template = _template_bytes(build)
    fast, _ = _both(template, context)
    assert re.findall(r'<wp:docPr id="(\d+)"', _text(fast)) == ["1001", "1002", "1003"]
    with zipfile.ZipFile(io.BytesIO(fast)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        headers = [n for n in zf.namelist() if re.match(r"word/(header|footer)\d*\.xml", n)]
    assert len(media) == 2
    assert any("Header of A &amp; B" in raw(fast, h) for h in headers)
    assert any("Footer A &amp; B" in raw(fast, h) for h in headers)
    # docxtpl renders core properties with the autoescaping environment, then python-docx escapes again
    assert "<dc:title>A &amp;amp; B &amp; title</dc:title>" in raw(fast, "docProps/core.xml")
    # the house transforms touch rendered and unchanging parts alike, as on the stock path
    _both(template, context, document_transforms("TH Sarabun New", False, "arabic"))


def test_templates_without_tags_and_empty_contexts():
    _both(_template_bytes(lambda document: document.add_paragraph("nothing to fill")), {})


# --- the fallback -----------------------------------------------------------------------------------

def _with_footnotes(template: bytes, footnote: str) -> bytes:
    """The template with a footnotes part holding footnote (python-docx cannot add one)."""
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        '</w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        '<w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
        f'<w:t xml:space="preserve">{footnote}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>'))
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", (
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.wordprocessingml.footnotes+xml"/></Types>'))
            zf.writestr(info, content)
        zf.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_footnotes_with_tags_fall_back_to_stock_docxtpl_visibly():
    def build(document):
        document.add_paragraph("Body {{ name }} {{ picture }}")

    template = _with_footnotes(_template_bytes(build), "Note on {{ name }}")
    with pytest.warns(EngineFallbackWarning, match="footnotes"):
        compiled = CompiledTemplate(template, "footnoted.docx")
    assert compiled.engine == "stock" and "footnotes" in compiled.fallback_reason
    assert {"name", "picture"} <= compiled.variables()

    def context(media):
        return {"name": "X", "picture": Markup(inline_drawing(media, blank_image(), 1, 1, name="p"))}

    media = Media()  # the engine's media: the stock path keeps their relationship ids
    fallback = compiled.render(context(media), media)
    assert "Note on X" in _text(fallback, "word/footnotes.xml")
    assert 'r:embed="rIdItaMedia1"' in _text(fallback)
    stock_template = open_template(template)
    stock_media = StockMedia(stock_template)
    assert differences(fallback, render_stock(stock_template, context(stock_media), stock_media)) == []


def test_footnotes_without_tags_stay_on_the_fast_path():
    template = _with_footnotes(_template_bytes(lambda d: d.add_paragraph("{{ name }}")), "A plain note")
    fast, compiled = _both(template, {"name": "X"})
    assert compiled.engine == "fast"
    assert "A plain note" in _text(fast, "word/footnotes.xml")


# --- the zip writer ---------------------------------------------------------------------------------

def test_the_zip_writer_writes_what_zipfile_reads():
    members = [Member.deflate("word/ไทย.xml", "<a>ข้อความ</a>".encode() * 50),
               Member.store("word/media/x.png", b"\x89PNG" + bytes(range(256)))]
    data = write_zip(members)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["word/ไทย.xml", "word/media/x.png"]
        assert zf.read("word/ไทย.xml") == "<a>ข้อความ</a>".encode() * 50
        assert zf.getinfo("word/media/x.png").compress_type == zipfile.ZIP_STORED


def test_the_table_check_never_misses_a_table_docxtpl_would_fix():
    """Random tables, nested or not: whenever docxtpl's fix_tables changes one, the engine's text
    check says so (it may also send a table docxtpl leaves alone to docxtpl's own code)."""
    import random

    from lxml import etree

    from ita_docs.render.engine import _docxtpl, _tables_need_fixing

    rnd = random.Random(7)

    def table(depth: int) -> str:
        grid = "".join(f'<w:gridCol w:w="{rnd.randint(100, 2000)}"/>' for _ in range(rnd.randint(0, 4)))
        rows = ""
        for _ in range(rnd.randint(0, 3)):
            cells = ""
            for _ in range(rnd.randint(0, 5)):
                properties = rnd.choice(["", "", f'<w:tcPr><w:gridSpan w:val="{rnd.randint(1, 3)}"/></w:tcPr>'])
                inner = table(depth + 1) if depth < 2 and rnd.random() < 0.2 else ""
                cell = rnd.choice(["<w:tc>", '<w:tc w:x="1">']) + f"{properties}{inner}<w:p/></w:tc>"
                cells += cell if rnd.random() > 0.05 else "<w:tc/>"
            row = rnd.choice(["<w:tr>", "<w:tr><w:trPr/>"]) + f"{cells}</w:tr>"
            rows += row if rnd.random() > 0.05 else "<w:tr/>"
        return rnd.choice(["<w:tbl>", '<w:tbl w:x="1">']) + f"<w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"

    for _ in range(1500):
        body = f'<w:body xmlns:w="{W_NS}">' + "<w:p/>".join(table(0) for _ in range(rnd.randint(1, 3))) + "</w:body>"
        if etree.tostring(etree.fromstring(body)) != etree.tostring(_docxtpl().fix_tables(body)):
            assert _tables_need_fixing(body.encode()), body


def test_drawing_ids_are_numbered_as_docxtpl_numbers_them():
    from ita_docs.render.engine import _renumber_drawings

    body = (b'<w:body><wp:docPr id="7" name="a"/><w:t>docPr text</w:t>'
            b'<wp:docPr name="b" descr="x" id="3"></wp:docPr></w:body>')
    assert _renumber_drawings(body) == body.replace(b'"7"', b'"1001"').replace(b'id="3"', b'id="1002"')
    assert _renumber_drawings(b"<w:body/>") == b"<w:body/>"
    assert _renumber_drawings(b'<w:body><d:docPr id="1"/></w:body>') is None  # left to docxtpl's own code
    assert _renumber_drawings(b"<w:body><wp:docPr id='1'/></w:body>") is None
