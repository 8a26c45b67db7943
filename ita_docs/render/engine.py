"""The rendering engine: a Word template compiled once, rendered many times (template + context → bytes).

It knows no document kind. Compilation reads the package once, runs docxtpl's tag clean-up
(tags split across runs by Word, {%p %}/{%tr %}/{%tc %}/{{r }} forms) on every part that holds
tags, and compiles those parts with Jinja; the other parts are kept as bytes. Rendering runs the
compiled parts, resolves docxtpl's listing characters (a newline in a value becomes a line break),
adds the media of the context and writes the zip.

User text is never template code: the environment autoescapes, and only Markup values (XML
fragments built by render/blocks.py) are inserted raw.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

# docxtpl's patch_xml and resolve_listing use no instance state; one inert instance lends them.
_DOCXTPL = DocxTemplate(None)

TEMPLATED_PART = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$")
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
IMAGE_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
MEDIA_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif"}


class TemplateError(Exception):
    """A template could not be compiled or rendered (names the template and the tag)."""


@dataclass
class Media:
    """Images a document embeds; blocks ask for a relationship id, the engine writes the parts."""

    items: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # rid → (ext, bytes)
    _by_digest: dict[str, str] = field(default_factory=dict)
    _next_shape_id: int = 1

    def add(self, data: bytes, ext: str) -> str:
        digest = hashlib.sha1(data).hexdigest()
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


def make_environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


class CompiledTemplate:
    """One .docx template, prepared once; render() is safe to call from several threads."""

    def __init__(self, data: bytes, name: str = "template"):
        self.name = name
        self._environment = make_environment()
        self._entries: list[tuple[zipfile.ZipInfo, bytes]] = []
        self._compiled: dict[str, jinja2.Template] = {}
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    content = zf.read(info)
                    self._entries.append((info, content))
                    if TEMPLATED_PART.match(info.filename):
                        xml = content.decode("utf-8")
                        if "{{" in xml or "{%" in xml:
                            self._compiled[info.filename] = self._compile(info.filename, xml)
        except zipfile.BadZipFile as exc:
            raise TemplateError(f"{name}: not a .docx (zip) file / ไม่ใช่ไฟล์ .docx") from exc

    def _compile(self, part: str, xml: str) -> jinja2.Template:
        xml = _DOCXTPL.patch_xml(xml)
        # As docxtpl does before rendering: one paragraph per line, for Jinja's error line numbers.
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        try:
            return self._environment.from_string(xml)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{self.name} ({part}), line {exc.lineno}: {exc.message}") from exc

    @property
    def templated_parts(self) -> tuple[str, ...]:
        return tuple(self._compiled)

    def variables(self) -> set[str]:
        """Top-level variables the template uses (for check-template)."""
        from jinja2 import meta

        names: set[str] = set()
        for part, template in self._compiled.items():
            source = next(c for i, c in self._entries if i.filename == part).decode("utf-8")
            ast = self._environment.parse(re.sub(r"<w:p([ >])", r"\n<w:p\1", _DOCXTPL.patch_xml(source)))
            names |= meta.find_undeclared_variables(ast)
        return names

    def render_parts(self, context: dict) -> dict[str, str]:
        """The rendered XML of every templated part."""
        rendered = {}
        for part, template in self._compiled.items():
            try:
                xml = template.render(context)
            except jinja2.UndefinedError as exc:
                raise TemplateError(f"{self.name} ({part}): {exc.message}") from exc
            xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
            xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
            rendered[part] = _DOCXTPL.resolve_listing(xml)
        return rendered

    def render(self, context: dict, media: Media | None = None, transforms=()) -> bytes:
        """Render to .docx bytes. transforms: callables (part_name, xml) -> xml applied to XML parts."""
        parts = self.render_parts(context)
        media = media or Media()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, content in self._entries:
                name = info.filename
                if name in parts or name in (DOCUMENT_RELS, CONTENT_TYPES) or (
                    transforms and name.endswith(".xml")
                ):
                    xml = parts[name] if name in parts else content.decode("utf-8")
                    if name == DOCUMENT_RELS:
                        xml = _add_media_relationships(xml, media)
                    elif name == CONTENT_TYPES:
                        xml = _add_media_content_types(xml, media)
                    for transform in transforms:
                        xml = transform(name, xml)
                    content = xml.encode("utf-8")
                zf.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
            for rid, (ext, data) in media.items.items():
                info = zipfile.ZipInfo(f"word/media/{rid}.{ext}", (2026, 1, 1, 0, 0, 0))
                # Images are already compressed; storing them saves time and nothing else.
                zf.writestr(info, data, compress_type=zipfile.ZIP_STORED)
        return out.getvalue()


def _add_media_relationships(xml: str, media: Media) -> str:
    if not media.items:
        return xml
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{IMAGE_REL_TYPE}" Target="media/{rid}.{ext}"/>'
        for rid, (ext, _) in media.items.items()
    )
    return xml.replace("</Relationships>", rels + "</Relationships>")


def _add_media_content_types(xml: str, media: Media) -> str:
    for ext in sorted({ext for ext, _ in media.items.values()}):
        if f'Extension="{ext}"' not in xml:
            default = f'<Default Extension="{ext}" ContentType="{MEDIA_CONTENT_TYPES[ext]}"/>'
            xml = xml.replace("<Override ", default + "<Override ", 1)
    return xml


class TemplateCache:
    """Compiled templates by path, each compiled once per process (and per cache instance)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._templates: dict[tuple[str, int, int], CompiledTemplate] = {}

    def get(self, path: Path) -> CompiledTemplate:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            template = self._templates.get(key)
            if template is None:
                template = CompiledTemplate(path.read_bytes(), name=path.name)
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
