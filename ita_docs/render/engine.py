"""The rendering engine: a Word template compiled once, rendered many times (template + context → bytes).

It knows no document kind, and its output is stock docxtpl's (a test compares every example part
by part). Compilation reads the package once, the way python-docx and docxtpl read it: the body,
the headers and footers docxtpl renders get docxtpl's tag clean-up (tags split across runs by Word,
{%p %}/{%tr %}/{%tc %}/{{r }} forms) and are compiled with Jinja; the core properties docxtpl
renders are compiled one by one; what python-docx and docxtpl would change in the other parts
(dropping parts no relationship reaches, adding empty core properties, …) is done once. Every part
that no document changes is kept as its compressed bytes.

What compiling finds with python-docx and docxtpl is plain data (CompiledTemplate.form); for the
built-in templates it is a build artefact (prepared_templates.json, written by build_templates.py,
by the SHA-256 of each .docx). A template whose bytes have one of those hashes is loaded from it, its
Jinja sources compiled, without importing python-docx or docxtpl; any other template (a user's own,
an edited copy) is compiled as above. docxtpl is imported at render time only for what it does
rarely (a value holding a line break or a tab, a table whose grid needs fixing).

Rendering runs the compiled parts, finishes them as docxtpl does (docxtpl's listing characters, the
table grids of column loops, drawing ids numbered from 1001) doing each step only when the text
shows it can change anything, adds the media of the context and writes the zip, copying the
unchanged parts' bytes.

A template using what this fast path does not cover (see _Fallback) is rendered with stock docxtpl
instead: `CompiledTemplate.engine` is then "stock" and compiling it warns once.

User text is never template code: the environment autoescapes, and only Markup values (XML
fragments built by render/blocks.py) are inserted raw. A template is never a program: it renders in
Jinja's sandbox, with no loader, and a package with a DOCTYPE in any XML part is refused
(render/sandbox.py).
"""

from __future__ import annotations

import copy
import errno
import functools
import hashlib
import io
import itertools
import json
import os
import posixpath
import re
import threading
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

import jinja2
from jinja2.exceptions import SecurityError
from lxml import etree

from ita_docs.diagnostics import ItaDocsError, ItaDocsWarning
from ita_docs.render.sandbox import UNSAFE_MESSAGE, make_environment, xml_problems
from ita_docs.render.zipcopy import Member, copy_members, write_zip


@functools.cache
def _docxtpl():
    """docxtpl's patch_xml, get_part_xml, resolve_listing and fix_tables use no instance state: one
    inert instance lends them. Imported when first needed (with python-docx: 30 ms a process)."""
    from docxtpl import DocxTemplate

    return DocxTemplate(None)


CONTENT_TYPES = "[Content_Types].xml"
# python-docx's relationship and content types (docx.opc.constants), spelt out: no import to read them
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
IMAGE_REL_TYPE = _RELATIONSHIPS + "image"
_HEADER_FOOTER_REL_TYPES = (_RELATIONSHIPS + "header", _RELATIONSHIPS + "footer")
_CORE_PROPERTIES_REL_TYPE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_WP_NAMESPACE = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
# The compile results of the built-in templates (build_templates.py writes them), by the SHA-256 of
# each .docx: a template with those bytes is loaded from them, without python-docx or docxtpl.
PREPARED_PATH = Path(__file__).with_name("prepared_templates.json")
MEDIA_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif"}
MEDIA_DATE = (2026, 1, 1, 0, 0, 0)
TAG_MARKERS = ("{{", "{%", "{#")
# The core properties docxtpl renders, in its order (it sets each one, adding those missing).
CORE_TEXT_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class TemplateError(ItaDocsError):
    """A template could not be compiled or rendered (names the template and the tag)."""


class EngineFallbackWarning(ItaDocsWarning):
    """A template uses a feature the fast engine does not cover: it is rendered with stock docxtpl."""


class _Fallback(Exception):
    """Why a template is left to stock docxtpl."""


@dataclass
class Media:
    """Images a document embeds; blocks ask for a relationship id, the engine writes the parts."""

    items: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # rid → (ext, bytes)
    _by_digest: dict[str, str] = field(default_factory=dict)
    _next_shape_id: int = 1

    def add(self, data: bytes, ext: str, digest: str | None = None) -> str:
        """The relationship id of an image (one per distinct image); digest: its SHA-1, if known."""
        digest = digest or hashlib.sha1(data).hexdigest()
        if digest in self._by_digest:
            return self._by_digest[digest]
        rid = f"rIdItaMedia{len(self.items) + 1}"
        self.items[rid] = (ext, data)
        self._by_digest[digest] = rid
        return rid

    def shape_id(self) -> int:
        """A document-unique id for wp:docPr / pic:cNvPr."""
        self._next_shape_id += 1
        return self._next_shape_id


def _has_tags(xml: str) -> bool:
    return any(marker in xml for marker in TAG_MARKERS)


# A tag holding "<w:p " or "<w:p>" (in a string, say): docxtpl's line breaks change what it says.
_TAG_WITH_PARAGRAPH = re.compile(r"\{[{%#](?:(?![}%#]\}).)*?<w:p[ >]", re.DOTALL)


def _with_line_breaks(xml: str) -> str:
    # As docxtpl does before rendering: one paragraph per line, for Jinja's error line numbers.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _finish(xml: str) -> str:
    """docxtpl's steps after Jinja (render_xml_part): the line breaks of _with_line_breaks out,
    escaped tag markers back, listing characters (newline, tab, \\a, \\f) in text as breaks, tabs,
    paragraphs and page breaks."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # = re.sub(r"\n<w:p([ >])", …)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return _docxtpl().resolve_listing(xml)


def _finishing_changes(data: bytes) -> bool:
    """Whether _finish could change a part rendered without line breaks: only with a newline, tab,
    \\a, \\f or escaped tag marker in it (rare: a value with a line break). Searched in bytes, one
    byte first (CPython finds single bytes with memchr, longer needles far slower in Thai text)."""
    return (b"\n" in data or b"\t" in data or b"\a" in data or b"\f" in data
            or (b"{" in data and b"{_" in data) or (b"}" in data and b"_}" in data))


# --- the body's tables and drawing ids, as docxtpl fixes them ----------------------------------

_TABLE_TOKEN = re.compile(rb"<(/?)w:(tbl|tr|tc)(?=[ >/])([^>]*)>|<w:(gridCol)[ />]|<w:gridSpan\s[^>]*?w:val=\"(\d+)\"")
_GRID_SPAN = re.compile(rb'<w:gridSpan\s[^>]*?w:val="(\d+)"')
_ID_ATTRIBUTE = re.compile(rb'\sid="(\d+)"')
_PREFIX = re.compile(rb"</?[A-Za-z_][\w.-]*:")


def _table_edges(body: bytes) -> list[tuple[int, bool]] | None:
    """(position, is the end) of every <w:tbl> and </w:tbl>, in one search; None when a table is
    nested in another, the tags do not pair, or a revision keeps an old grid (w:tblGridChange)."""
    edges, at = [], body.find(b"w:tbl")
    while at >= 0:
        after = body[at + 5:at + 6]
        if after in (b">", b" ", b"/"):
            before = body[at - 2:at]
            if before == b"</":
                edges.append((at - 2, True))
            elif before[1:] == b"<":
                edges.append((at - 1, False))
        elif after == b"G" and body.startswith(b"GridChange", at + 5):
            return None
        at = body.find(b"w:tbl", at + 5)
    if len(edges) % 2 or any(is_end != (i % 2 == 1) for i, (_, is_end) in enumerate(edges)):
        return None
    return edges


def _tables_need_fixing(body: bytes) -> bool:
    """Whether docxtpl's fix_tables would change a table: some row has more cells than the grid has
    columns, or no row spans them all. Counted by C-level searches, row by row, when no table is
    nested in another (the common case), else token by token."""
    edges = _table_edges(body)
    if edges is None:
        return _tables_need_fixing_by_tokens(body)
    for (start, _), (end, _) in zip(edges[0::2], edges[1::2]):
        table = body[start:end]
        grid_end = table.find(b"</w:tblGrid>")
        # (an empty <w:tr/> changes no maximum; an empty <w:tbl/> unpairs the edges)
        if grid_end < 0 or b"<w:tc/" in table:
            return _tables_need_fixing_by_tokens(body)
        columns = table.count(b"<w:gridCol", 0, grid_end)
        rows = table.split(b"</w:tr>")[:-1]
        cells = list(map(bytes.count, rows, itertools.repeat(b"</w:tc>")))
        most = max(cells, default=0)
        if most > columns:
            return True
        widest = most
        if b"<w:gridSpan" in table:
            widest = max((count + sum(int(v) - 1 for v in _GRID_SPAN.findall(row)) if b"<w:gridSpan" in row
                          else count for count, row in zip(cells, rows)), default=0)
        if widest < columns:
            return True
    return False


def _tables_need_fixing_by_tokens(body: bytes) -> bool:
    if b"GridChange" in body:
        return True
    tables: list[list[int]] = []  # open tables: [grid columns, most cells in a row, widest row]
    rows: list[list[int]] = []  # open rows: [cells, span]
    cells: list[int] = []  # open cells: span
    opened: list[bytes] = []
    for close, name, rest, grid_col, span in _TABLE_TOKEN.findall(body):
        if grid_col:
            if tables:
                tables[-1][0] += 1
        elif span:
            if cells:
                cells[-1] = int(span)
        elif not close:
            if rest.endswith(b"/"):  # an empty element: opened and closed
                if name == b"tc" and opened and opened[-1] == b"tr":
                    rows[-1][0] += 1
                    rows[-1][1] += 1
                elif name == b"tbl":
                    return True
                continue
            opened.append(name)
            if name == b"tbl":
                tables.append([0, 0, 0])
            elif name == b"tr":
                rows.append([0, 0])
            else:
                cells.append(1)
                if len(opened) > 1 and opened[-2] == b"tr":
                    rows[-1][0] += 1
        else:
            if not opened or opened[-1] != name:
                return True  # not what it seems: let docxtpl's parser judge
            opened.pop()
            if name == b"tc":
                span_of_cell = cells.pop()
                if opened and opened[-1] == b"tr":
                    rows[-1][1] += span_of_cell
            elif name == b"tr":
                count, width = rows.pop()
                for table in tables:
                    table[1] = max(table[1], count)
                    table[2] = max(table[2], width)
            else:
                columns, most_cells, widest = tables.pop()
                if most_cells > columns or widest < columns:
                    return True
    return bool(opened)


def _renumber_drawings(body: bytes) -> bytes | None:
    """docxtpl's fix_docpr_ids by text: every <wp:docPr … id="n"> numbered from 1001 in order; None
    when a docPr is written otherwise (another prefix, an id not found plainly)."""
    out: list[bytes] = []
    done, number = 0, 1001
    at = body.find(b"docPr")
    while at >= 0:
        head = body[body.rfind(b"<", 0, at):at]
        if head == b"<wp:":
            end = body.find(b">", at)
            found = _ID_ATTRIBUTE.search(body, at, end)
            if found is None:
                return None
            out += (body[done:found.start(1)], b"%d" % number)
            done, number = found.end(1), number + 1
        elif head != b"</wp:" and _PREFIX.fullmatch(head):
            return None
        at = body.find(b"docPr", at + 5)
    if not out:
        return body
    out.append(body[done:])
    return b"".join(out)


def _fix_body_slowly(body: str) -> str:
    """Exactly docxtpl's fix_tables and fix_docpr_ids, on the parsed body (body: with its namespaces)."""
    tree = _docxtpl().fix_tables(body)
    for number, element in enumerate(tree.xpath("//wp:docPr", namespaces=_WP_NAMESPACE), start=1001):
        element.attrib["id"] = str(number)
    return etree.tostring(tree, encoding="unicode")


# --- the compiled template --------------------------------------------------------------------

def _core_placeholder(prop: str) -> str:
    return f"ITA-CORE-PROPERTY-{prop}"


@functools.cache
def _prepared_forms() -> dict[str, dict]:
    """The built-in templates' prepared forms by the SHA-256 of their .docx (none: compile them all)."""
    try:
        return json.loads(PREPARED_PATH.read_bytes())["forms"]
    except FileNotFoundError:
        return {}


@dataclass(frozen=True)
class _RenderedPart:
    name: str
    template: jinja2.Template | None  # compiled from docxtpl's source without its line breaks
    lined: str  # docxtpl's source as it is (for the rare part _finish changes: compiled then)
    head: bytes  # the part's bytes before the rendered XML (declaration, document start tag)
    tail: bytes
    is_body: bool = False


class CompiledTemplate:
    """One .docx template, prepared once; render() is safe to call from several threads.

    engine: "fast", or "stock" when the template uses a feature the fast path does not cover
    (fallback_reason says which); both render the same documents.
    """

    def __init__(self, data: bytes, name: str = "template", *, prepared: bool = True):
        """prepared: whether a built-in template may be loaded from its prepared form (tests compare)."""
        self.name = name
        self.engine = "fast"
        self.fallback_reason: str | None = None
        self._data = data
        self._environment = make_environment()
        self._compiled: dict[str, jinja2.Template] = {}  # Jinja source → template
        self._sources: dict[str, str] = {}  # part → Jinja source (for variables())
        self._parts: list[_RenderedPart] = []
        self._core: tuple[str, str, list[tuple[str, jinja2.Template]]] | None = None
        self._lock = threading.Lock()
        self._transformed_cache: dict[tuple, dict[str, Member]] = {}
        self._media_cache: dict[tuple, dict[str, Member]] = {}
        try:
            members = copy_members(data)
        except (zipfile.BadZipFile, ValueError) as exc:
            raise TemplateError(f"{name}: not a .docx (zip) file / ไม่ใช่ไฟล์ .docx ({exc})") from exc
        form = _prepared_forms().get(hashlib.sha256(data).hexdigest()) if prepared else None
        self.prepared = form is not None  # loaded from the prepared form of a built-in template
        self.form: dict | None = None  # what _prepare finds (None: rendered by stock docxtpl)
        if form is None:  # (a stored form's template is the very bytes built and checked here)
            refused = xml_problems(data)
            if refused:
                raise TemplateError("; ".join(f"{name} ({part}): {message}" for part, message in refused))
            try:
                form = self._prepare(members)
            except _Fallback as reason:
                self.engine = "stock"
                self.fallback_reason = str(reason)
                self._sources = self._stock_sources()
                for where, source in self._sources.items():
                    self._jinja(where, source)  # syntax and unsafe constructs refused now, not per document
                warnings.warn(
                    f"แม่แบบ {name} ใช้ความสามารถที่เครื่องมือเร็วไม่รองรับ จึงใช้ docxtpl แบบเดิม (ช้ากว่า) / "
                    f"template {name}: {reason}; rendered with stock docxtpl (slower, same output)",
                    EngineFallbackWarning,
                    stacklevel=3,
                )
                return
        self.form = form
        self._load(form, members)

    # --- compiling --------------------------------------------------------------------------
    def _prepare(self, members: dict[str, Member]) -> dict:
        """What compiling finds with python-docx and docxtpl, as plain data (JSON: the prepared form
        of a built-in template is this, stored); _load makes the compiled template of it."""
        import docx

        try:
            document = docx.Document(io.BytesIO(self._data))
        except Exception as exc:  # python-docx says what it could not read
            raise TemplateError(f"{self.name}: not a Word document / ไม่ใช่เอกสาร Word ({exc})") from exc
        docxtpl = _docxtpl()
        package = document.part.package
        main = document.part
        parts = list(package.iter_parts())
        names = {part.partname.membername: part for part in parts}
        # What python-docx writes: the parts relationships reach, their non-empty .rels, the package's.
        kept = {CONTENT_TYPES, "_rels/.rels", *names}
        kept |= {part.partname.rels_uri.membername for part in parts if len(part.rels)}
        if not kept <= set(members):
            raise _Fallback("its part names are not the zip's member names")
        form: dict = {"order": [name for name in members if name in kept]}
        rendered: list[dict] = []
        replaced: dict[str, str] = {}

        # The body (docxtpl renders the body element alone, as lxml writes it).
        main_name = main.partname.membername
        body_element = document.element.body
        source = etree.tostring(body_element, encoding="unicode")
        self._body_open_full = source[: source.index(">") + 1]
        self._body_open = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", self._body_open_full)
        form.update(body_open_full=self._body_open_full, body_open=self._body_open)
        head, tail = _around_body(document.element, body_element)
        body = self._compile_part(main_name, self._body_open + source[len(self._body_open_full):])
        if isinstance(body, dict):
            rendered.append({"name": main_name, **body, "head": head, "tail": tail, "is_body": True})
        else:
            replaced[main_name] = (head.encode() + self._fix_body(body.encode()) + tail.encode()).decode("utf-8")

        # Headers and footers (docxtpl: those the document relates to, when not empty).
        targets: dict[str, int] = {}
        for rel in main.rels.values():
            if rel.reltype in _HEADER_FOOTER_REL_TYPES and not rel.is_external and rel.target_part.blob:
                part = rel.target_part
                targets[part.partname.membername] = targets.get(part.partname.membername, 0) + 1
                if targets[part.partname.membername] > 1:
                    raise _Fallback(f"{part.partname.membername} is the target of two relationships "
                                    "(docxtpl renders it twice)")
                source = docxtpl.get_part_xml(part)
                compiled = self._compile_part(part.partname.membername, source)
                if isinstance(compiled, dict):
                    rendered.append({"name": part.partname.membername, **compiled, "head": XML_DECLARATION,
                                     "tail": "", "is_body": False})
                elif compiled != source:
                    replaced[part.partname.membername] = XML_DECLARATION + compiled
        form["rendered"] = rendered

        # Footnotes (docxtpl renders them once per section, each time from the last result).
        for part in parts:
            if part.content_type == _FOOTNOTES_CONTENT_TYPE:
                text = part.blob.decode("utf-8")
                patched = docxtpl.patch_xml(text)
                if _has_tags(patched) or _finish(_with_line_breaks(patched)) != text:
                    raise _Fallback("its footnotes hold template tags or characters docxtpl changes "
                                    "(it renders them once per section)")

        # Core properties: docxtpl renders six of them as templates and sets each (adding the missing).
        try:
            core_part = package.part_related_by(_CORE_PROPERTIES_REL_TYPE)
        except KeyError:
            raise _Fallback("it has no core properties part (python-docx would add one stamped with "
                            "the time of rendering)") from None
        properties = core_part.core_properties
        templated = []
        for prop in CORE_TEXT_PROPERTIES:
            value = getattr(properties, prop)
            if _has_tags(value):
                self._jinja(f"{core_part.partname.membername} {prop}", value)
                templated.append((prop, value))
                value = _core_placeholder(prop)
            try:
                setattr(properties, prop, value)
            except ValueError as exc:
                raise _Fallback(f"core property {prop}: {exc}") from None
        core_xml = core_part.blob.decode("utf-8")
        form["core_name"] = core_part.partname.membername
        if templated:
            form["core"] = {"xml": core_xml, "templated": templated}
        else:
            replaced[core_part.partname.membername] = core_xml
        form["replaced"] = replaced

        # What the engine adds to: the document's relationships, the content types.
        form["rels_name"] = main.partname.rels_uri.membername
        form["media_folder"] = posixpath.join(posixpath.dirname(main_name), "media") + "/"
        return form

    def _load(self, form: dict, members: dict[str, Member]) -> None:
        """The compiled template of a prepared form (made by _prepare now, or stored)."""
        self._order = form["order"]
        self._dates = {name: member.date_time for name, member in members.items()}
        self._body_open_full, self._body_open = form["body_open_full"], form["body_open"]
        for part in form["rendered"]:
            name, source = part["name"], part["source"]
            lined = _with_line_breaks(source)
            self._sources[name] = lined
            self._parts.append(_RenderedPart(name, self._jinja(name, source) if part["whole"] else None, lined,
                                             part["head"].encode(), part["tail"].encode(), is_body=part["is_body"]))
        self._core_name = form["core_name"]
        if "core" in form:
            templated = []
            for prop, source in form["core"]["templated"]:
                where = f"{self._core_name} {prop}"
                templated.append((_core_placeholder(prop), self._jinja(where, source)))
                self._sources[where] = source
            self._core = (self._core_name, form["core"]["xml"], templated)
        replaced = {name: text.encode("utf-8") for name, text in form["replaced"].items()}
        static_text: dict[str, str] = {}

        self._rels_name = form["rels_name"]
        self._media_folder = form["media_folder"]
        with zipfile.ZipFile(io.BytesIO(self._data)) as zf:
            for name in self._order:
                if name.endswith((".xml", ".rels")) and name not in replaced:
                    static_text[name] = zf.read(name).decode("utf-8")
        self._rels_missing = self._rels_name not in members  # python-docx writes no empty .rels
        if self._rels_missing:
            static_text[self._rels_name] = (
                XML_DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"></Relationships>')
            self._dates[self._rels_name] = MEDIA_DATE
        content_types = static_text[CONTENT_TYPES]
        self._content_type_defaults = {
            ext.lower() for ext in re.findall(r'<Default\b[^>]*\bExtension="([^"]+)"', content_types)}

        rendered = {part.name for part in self._parts} | ({self._core[0]} if self._core else set())
        self._static: dict[str, Member] = {}
        for name in self._order:
            if name in rendered:
                continue
            if name in replaced:
                self._static[name] = Member.deflate(name, replaced[name], self._dates[name], small=True)
                static_text[name] = replaced[name].decode("utf-8")
            elif name in members:
                self._static[name] = members[name]
        self._static_text = static_text
        self._static_xml = [name for name in self._order if name.endswith(".xml") and name not in rendered]

    def _jinja(self, where: str, source: str) -> jinja2.Template:
        """The template of source, compiled once (two threads may both compile it: the same template)."""
        template = self._compiled.get(source)
        if template is None:
            try:
                template = self._compiled[source] = self._environment.from_string(source)
            except jinja2.TemplateSyntaxError as exc:
                raise TemplateError(f"{self.name} ({where}), line {exc.lineno}: {exc.message}") from exc
        return template

    def _compile_part(self, part: str, source: str) -> dict | str:
        """A part's Jinja source (docxtpl's, without its line breaks) and whether it compiles whole, or,
        when it has no tags, the text docxtpl makes of it."""
        patched = _docxtpl().patch_xml(source)
        lined = self._jinja(part, _with_line_breaks(patched))  # syntax errors name docxtpl's line
        if not _has_tags(patched):
            return _finish(lined.render({}))
        # Not whole when docxtpl's line breaks would land inside a tag: only the lined source renders.
        whole = not _TAG_WITH_PARAGRAPH.search(patched)
        if whole:
            self._jinja(part, patched)
        return {"source": patched, "whole": whole}

    def _stock_sources(self) -> dict[str, str]:
        from docxtpl import DocxTemplate

        from ita_docs.render.stock import open_template

        docxtpl = _docxtpl()
        template = open_template(self._data)
        sources = {"body": _with_line_breaks(docxtpl.patch_xml(template.get_xml()))}
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _, part in template.get_headers_footers(uri):
                sources[part.partname.membername] = _with_line_breaks(
                    docxtpl.patch_xml(docxtpl.get_part_xml(part)))
        properties = template.docx.core_properties
        for prop in CORE_TEXT_PROPERTIES:
            sources[f"core {prop}"] = getattr(properties, prop)
        return sources

    @property
    def templated_parts(self) -> tuple[str, ...]:
        return tuple(self._sources)

    def variables(self) -> set[str]:
        """Top-level variables the template uses (for check-template)."""
        from jinja2 import meta

        names: set[str] = set()
        for source in self._sources.values():
            names |= meta.find_undeclared_variables(self._environment.parse(source))
        return names

    # --- rendering --------------------------------------------------------------------------
    def _fix_body(self, body: bytes) -> bytes:
        """docxtpl's fix_tables and fix_docpr_ids: by text when the text shows all is simple, else
        docxtpl's own code on the parsed body."""
        if _tables_need_fixing(body):
            return self._fix_body_slowly(body)
        renumbered = _renumber_drawings(body)
        return self._fix_body_slowly(body) if renumbered is None else renumbered

    def _fix_body_slowly(self, body: bytes) -> bytes:
        text = body.decode("utf-8")
        if text.startswith(self._body_open):
            text = self._body_open_full + text[len(self._body_open):]
        fixed = _fix_body_slowly(text)
        if fixed.startswith(self._body_open_full):
            fixed = self._body_open + fixed[len(self._body_open_full):]
        return fixed.encode("utf-8")

    def _render_part(self, part: _RenderedPart, context: dict) -> bytes:
        try:
            data = None if part.template is None else part.template.render(context).encode("utf-8")
            if data is None or _finishing_changes(data):
                data = _finish(self._jinja(part.name, part.lined).render(context)).encode("utf-8")
        except jinja2.TemplateError as exc:
            raise self._render_error(part.name, exc) from exc
        except Exception as exc:  # the template's own expressions ({{ 1/0 }}): the context is text and Markup
            raise self._failed(part.name, exc) from exc
        if part.is_body:
            data = self._fix_body(data)
        return part.head + data + part.tail

    def _render_core(self, context: dict) -> bytes:
        assert self._core is not None  # called only for a template with a core properties part
        name, xml, templated = self._core
        for placeholder, template in templated:
            try:
                value = template.render(context)
            except jinja2.TemplateError as exc:
                raise self._render_error(name, exc) from exc
            except Exception as exc:
                raise self._failed(name, exc) from exc
            if len(value) > 255:
                raise TemplateError(f"{self.name} ({name}): a core property over 255 characters")
            xml = xml.replace(placeholder, value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        return xml.encode("utf-8")

    def _render_error(self, where: str, exc: jinja2.TemplateError) -> TemplateError:
        if isinstance(exc, SecurityError):  # the sandbox refused what the compile-time check cannot see
            return TemplateError(f"{self.name} ({where}): {UNSAFE_MESSAGE} ({exc.message})")
        return TemplateError(f"{self.name} ({where}): {exc.message}")

    def _failed(self, where: str, exc: Exception) -> TemplateError:
        return TemplateError(f"{self.name} ({where}): แม่แบบทำงานผิดพลาด / the template failed: "
                             f"{type(exc).__name__}: {exc}")

    def _rendered(self, context: dict) -> dict[str, bytes]:
        rendered = {part.name: self._render_part(part, context) for part in self._parts}
        if self._core is not None:
            rendered[self._core[0]] = self._render_core(context)
        return rendered

    def render_parts(self, context: dict) -> dict[str, str]:
        """The XML of every part rendered per document (not those added for media)."""
        if self.engine == "stock":
            raise TemplateError(f"{self.name}: rendered by stock docxtpl, part by part only as a whole")
        return {name: data.decode("utf-8") for name, data in self._rendered(context).items()}

    def render(self, context: dict, media: Media | None = None, transforms=(), core=None) -> bytes:
        """Render to .docx bytes. transforms: callables (part_name, xml) -> xml applied to XML parts;
        core: a callable (xml) -> xml for this document's core properties (render/properties.py)."""
        if self.engine == "stock":
            if core is not None:
                transforms = (*transforms, _core_transform(core))
            return self._render_stock(context, media, transforms)
        media = media if media is not None else Media()
        rendered = {name: self._transformed(name, data, transforms)
                    for name, data in self._rendered(context).items()}
        if core is not None:  # per document, so never through the static parts' cache
            name = self._core_name
            data = rendered.get(name) or self._transformed(name, self._static_text[name].encode("utf-8"), transforms)
            rendered[name] = core(data.decode("utf-8")).encode("utf-8")
        static = self._transformed_static(transforms) if transforms else self._static
        order = self._order
        if media.items:
            static = {**static, **self._media_parts(media, transforms)}
            if self._rels_missing:
                order = order + [self._rels_name]
        members = [static[name] if name not in rendered else Member.deflate(name, rendered[name], self._dates[name])
                   for name in order]
        for rid, (ext, data) in media.items.items():
            # Images are already compressed; storing them saves time and nothing else.
            members.append(Member.store(f"{self._media_folder}{rid}.{ext}", data, MEDIA_DATE))
        return write_zip(members)

    @staticmethod
    def _transformed(name: str, data: bytes, transforms) -> bytes:
        if not transforms or not name.endswith(".xml"):
            return data
        xml = data.decode("utf-8")
        for transform in transforms:
            xml = transform(name, xml)
        return xml.encode("utf-8")

    def _media_parts(self, media: Media, transforms) -> dict[str, Member]:
        """The document's relationships and the content types with the media's: the same for every
        document with the same pictures' ids and types, so worked out once for each."""
        key = (tuple((rid, ext) for rid, (ext, _) in media.items.items()), tuple(transforms))
        try:
            with self._lock:
                cached = self._media_cache.get(key)
        except TypeError:  # transforms that cannot be a key
            key, cached = None, None  # type: ignore[assignment]
        if cached is not None:
            return cached
        rels = _add_media_relationships(self._static_text[self._rels_name], media).encode("utf-8")
        types = self._add_media_content_types(self._static_text[CONTENT_TYPES], media).encode("utf-8")
        parts = {name: Member.deflate(name, self._transformed(name, data, transforms), self._dates[name])
                 for name, data in ((self._rels_name, rels), (CONTENT_TYPES, types))}
        if key is not None:
            with self._lock:
                if len(self._media_cache) >= 64:
                    self._media_cache.clear()
                self._media_cache[key] = parts
        return parts

    def _transformed_static(self, transforms: tuple) -> dict[str, Member]:
        """The unchanging parts with transforms applied: worked out once per set of transforms."""
        try:
            key = tuple(transforms)
            hash(key)
        except TypeError:
            key = None
        with self._lock:
            cached = self._transformed_cache.get(key) if key is not None else None
        if cached is not None:
            return cached
        static = dict(self._static)
        for name in self._static_xml:
            xml = text = self._static_text[name]
            for transform in transforms:
                xml = transform(name, xml)
            if xml != text:
                static[name] = Member.deflate(name, xml.encode("utf-8"), self._dates[name])
        if key is not None:
            with self._lock:
                if len(self._transformed_cache) >= 32:
                    self._transformed_cache.clear()
                self._transformed_cache[key] = static
        return static

    def _add_media_content_types(self, xml: str, media: Media) -> str:
        new = sorted({ext for ext, _ in media.items.values()} - self._content_type_defaults)
        if not new:
            return xml
        defaults = "".join(f'<Default Extension="{ext}" ContentType="{MEDIA_CONTENT_TYPES[ext]}"/>' for ext in new)
        found = re.search(r"<Types\b[^>]*>", xml)
        if found is None:  # no such package: the template's [Content_Types].xml was checked at compile
            raise TemplateError("[Content_Types].xml: ไม่มี <Types> / has no <Types> element")
        start = found.end()
        return xml[:start] + defaults + xml[start:]

    def _render_stock(self, context: dict, media: Media | None, transforms) -> bytes:
        from ita_docs.render.stock import open_template, render_stock

        try:
            return render_stock(open_template(self._data), context, media, transforms)
        except jinja2.TemplateError as exc:
            raise self._render_error("docxtpl", exc) from exc
        except Exception as exc:  # what the template made that docxtpl or python-docx could not take
            raise self._failed("docxtpl", exc) from exc


def _core_transform(core):
    """core (xml -> xml) as a transform of the core properties part, whatever its name."""
    def transform(part: str, xml: str) -> str:
        return core(xml) if "coreProperties" in xml[:300] else xml
    return transform


def _around_body(root: etree._Element, body: etree._Element) -> tuple[str, str]:
    """The document part as python-docx writes it, before and after its body."""
    clone = copy.deepcopy(root)
    marker = etree.Comment("ITA-BODY")
    clone_body = clone.find(body.tag)
    clone_body.addprevious(marker)
    clone.remove(clone_body)
    text = etree.tostring(clone, encoding="UTF-8", standalone=True).decode("utf-8")
    head, tail = text.split("<!--ITA-BODY-->")
    return head, tail


def _add_media_relationships(xml: str, media: Media) -> str:
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{IMAGE_REL_TYPE}" Target="media/{rid}.{ext}"/>'
        for rid, (ext, _) in media.items.items()
    )
    return xml.replace("</Relationships>", rels + "</Relationships>")


class TemplateCache:
    """Compiled templates by path, each compiled once per process (and per cache instance).
    prepared: whether built-in templates load from their prepared forms (see CompiledTemplate)."""

    def __init__(self, *, prepared: bool = True) -> None:
        self._prepared = prepared
        self._lock = threading.Lock()
        self._templates: dict[tuple[str, int, int], CompiledTemplate] = {}

    def get(self, path: Path) -> CompiledTemplate:
        """The compiled template of a file (FileNotFoundError when path is missing or not a file)."""
        try:
            stat = os.stat(path)
        except (OSError, ValueError) as exc:  # as Path.is_file(): a loop of links, a NUL in the name…
            raise FileNotFoundError(errno.ENOENT, f"not found ({exc})", str(path)) from exc
        if not S_ISREG(stat.st_mode):
            raise FileNotFoundError(errno.ENOENT, "not a file", str(path))
        # abspath, not resolve(): no system call per document (a link and its target only compile twice)
        key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            template = self._templates.get(key)
            if template is None:
                template = CompiledTemplate(path.read_bytes(), name=path.name, prepared=self._prepared)
                self._templates[key] = template
            return template


def apply_transforms(data: bytes, transforms) -> bytes:
    """A copy of a rendered .docx with transforms applied to its XML parts (e.g. for the PDF copy)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(".xml"):
                xml = content.decode("utf-8")
                for transform in transforms:
                    xml = transform(info.filename, xml)
                content = xml.encode("utf-8")
            zf.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()
