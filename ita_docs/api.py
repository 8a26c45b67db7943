"""The Python API: input files → models → documents. Joins a kind (model + context) to the engine.

    from ita_docs import load, render, render_to
    doc = load("memo.yaml")
    render_to(doc, "memo.docx")
"""

from __future__ import annotations

import json
import os
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ita_docs.diagnostics import InputError, InputProblem, ItaDocsWarning
from ita_docs.kinds import get_kind
from ita_docs.model.common import validate_input
from ita_docs.render.blocks import BlockWriter
from ita_docs.render.engine import CompiledTemplate, Media, TemplateCache, TemplateError
from ita_docs.render.transforms import document_transforms

EMBLEM_ENV = "ITA_DOCS_EMBLEM"


def templates_dir() -> Path:
    """The built templates: shipped inside the package, or templates/ of a source checkout."""
    packaged = resources.files("ita_docs") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


_CACHE = TemplateCache()  # compiled templates are immutable; the cache only grows, under a lock


def _template(kind_template: str, template: str | Path | None) -> CompiledTemplate:
    path = Path(template) if template else templates_dir() / kind_template
    if not path.is_file():
        raise FileNotFoundError(f"ไม่พบแม่แบบ / template not found: {path}")
    return _CACHE.get(path)


# --- loading -------------------------------------------------------------------------------------

def read_input_file(path: str | Path) -> Any:
    """YAML or JSON → plain data, with a clear error naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([InputProblem("", "ไม่พบไฟล์ / file not found")], source=str(path)) from None
    except UnicodeDecodeError:
        raise InputError([InputProblem("", "ไฟล์ไม่ใช่ UTF-8 / the file is not UTF-8 text")],
                         source=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise InputError([InputProblem("", f"อ่าน YAML/JSON ไม่ได้ / cannot parse: {exc}")],
                         source=str(path)) from None


def from_data(data: Any, *, source: str | None = None, row: int | None = None,
              base_dir: Path | None = None) -> BaseModel:
    """Plain data (as read from a file or a table row) → the model of its `kind:`."""
    if not isinstance(data, dict):
        raise InputError([InputProblem("", "ต้องเป็นชุดข้อมูล (mapping) / must be a mapping")],
                         source=source, row=row)
    kind_name = data.get("kind")
    if kind_name is None:
        raise InputError([InputProblem("kind", "ขาดชนิดเอกสาร (kind:) / `kind:` is missing")],
                         source=source, row=row)
    try:
        kind = get_kind(str(kind_name))
    except KeyError as exc:
        raise InputError([InputProblem("kind", str(exc.args[0]))], source=source, row=row) from None
    return validate_input(kind.model, data, source=source, row=row, base_dir=base_dir)


def load(path: str | Path) -> BaseModel:
    """Read a YAML/JSON input file into the model of its `kind:` (paths relative to the file)."""
    path = Path(path)
    return from_data(read_input_file(path), source=str(path), base_dir=path.resolve().parent)


# --- rendering -----------------------------------------------------------------------------------

def _emblem_path(doc: BaseModel, emblem: str | Path | None) -> Path | None:
    if emblem:
        return Path(emblem)
    agency = getattr(doc, "agency", None)
    if agency is not None and agency.emblem:
        return agency.emblem
    if os.environ.get(EMBLEM_ENV):
        return Path(os.environ[EMBLEM_ENV])
    return None


def render(doc: BaseModel, *, emblem: str | Path | None = None, template: str | Path | None = None) -> bytes:
    """One document → .docx bytes. emblem overrides agency.emblem and $ITA_DOCS_EMBLEM."""
    kind = get_kind(doc.kind)
    if kind.is_bundle:
        raise TypeError(f"{kind.name} is a bundle of documents: use render_bundle(doc, outdir)")
    return _render_context(doc, kind, kind.context(doc), emblem=emblem, template=template)


def render_parts(doc: BaseModel, *, emblem: str | Path | None = None,
                 template_dir: str | Path | None = None) -> list[tuple[str, bytes]]:
    """A bundle → [(file name, .docx bytes)], in order. template_dir: your own kind templates."""
    kind = get_kind(doc.kind)
    if not kind.is_bundle:
        return [(f"{kind.name}.docx", render(doc, emblem=emblem))]
    out = []
    for part in kind.parts(doc):
        part_kind = get_kind(part.kind)
        template = Path(template_dir) / part_kind.template if template_dir else None
        if template is not None and not template.is_file():
            template = None  # only the kinds you customised come from your folder
        out.append((f"{part.name}.docx",
                    _render_context(doc, part_kind, part.context, emblem=emblem, template=template)))
    return out


def render_bundle(doc: BaseModel, outdir: str | Path, **options) -> list[Path]:
    """Render every document of a bundle into outdir (each file written atomically)."""
    outdir = Path(outdir)
    return [write_atomically(outdir / name, data) for name, data in render_parts(doc, **options)]


def _render_context(doc: BaseModel, kind, context: dict, *, emblem, template) -> bytes:
    compiled = _template(kind.template, template)
    media = Media()
    context = _materialize(doc, kind, context, media, emblem)
    transforms = document_transforms(doc.style.font, doc.style.dotted_lines, doc.digits)
    return compiled.render(context, media, transforms)


def _materialize(doc: BaseModel, kind, context: dict, media: Media, emblem) -> dict:
    """A kind's context with its blocks and emblem as XML; images go to media."""
    writer = BlockWriter(media, digits=doc.digits)
    context = writer.materialize(context)
    emblem_path = _emblem_path(doc, emblem)
    if emblem_path is None and kind.form in ("memo", "announcement", "order"):
        warnings.warn(
            "ไม่ได้ระบุไฟล์ตราครุฑ: เว้นพื้นที่ว่างขนาดเท่าตราครุฑไว้ / no Garuda emblem given "
            f"(agency.emblem, --emblem or ${EMBLEM_ENV}): its space is left blank",
            ItaDocsWarning,
            stacklevel=4,
        )
    context["emblem"] = writer.emblem(emblem_path, kind.form)
    return context


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write under a temporary name, then rename: a reader never sees a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def render_to(doc: BaseModel, path: str | Path, **options) -> Path:
    """Render and write atomically."""
    return write_atomically(path, render(doc, **options))


__all__ = ["load", "from_data", "render", "render_to", "render_bundle", "render_parts", "templates_dir",
           "TemplateError"]
