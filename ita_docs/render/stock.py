"""Stock docxtpl: the reference the fast engine is tested against, and its fallback.

A document rendered here goes the way any docxtpl user's does: the template package is opened by
python-docx, docxtpl renders the body, headers, footers, footnotes and core properties and fixes
tables and drawing ids, images become parts through python-docx's own image machinery (as
docxtpl's InlineImage does), and python-docx writes the package.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate

from ita_docs.render.engine import Media, apply_transforms
from ita_docs.render.sandbox import make_environment


class StockMedia(Media):
    """Media that become image parts of a DocxTemplate's package as they are added: the
    relationship ids are python-docx's own (rId7, …)."""

    def __init__(self, template: DocxTemplate):
        super().__init__()
        self.template = template

    def add(self, data: bytes, ext: str, digest: str | None = None) -> str:
        rid, _ = self.template.get_docx().part.get_or_add_image(io.BytesIO(data))
        self.items.setdefault(rid, (ext, data))
        return rid


def open_template(source: str | Path | bytes) -> DocxTemplate:
    """A fresh DocxTemplate (docxtpl renders a template object once)."""
    template = DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    template.init_docx()
    return template


def add_media(template: DocxTemplate, media: Media) -> None:
    """The images of an engine Media, as image parts related under the ids the context uses."""
    part = template.get_docx().part
    for rid, (_, data) in media.items.items():
        if rid in part.rels:
            continue
        image_part = part.package.get_or_add_image_part(io.BytesIO(data))
        part.rels.add_relationship(RT.IMAGE, image_part, rid)


def render_stock(template: DocxTemplate, context: dict, media: Media | None = None, transforms=()) -> bytes:
    """Render with stock docxtpl (same Jinja environment as the engine: sandboxed, autoescape, strict) → .docx
    bytes. media: a StockMedia of this template, or an engine Media whose ids are kept."""
    if media is not None and not (isinstance(media, StockMedia) and media.template is template):
        add_media(template, media)
    template.render(context, jinja_env=make_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    data = out.getvalue()
    return apply_transforms(data, transforms) if transforms else data
