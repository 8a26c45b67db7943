"""The Python API: input files → models → documents. Joins a kind (model + context) to the engine.

    from ita_docs import load, render, render_to
    doc = load("memo.yaml")
    render_to(doc, "memo.docx")
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import warnings
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any

from ita_docs.diagnostics import InputError, InputProblem, ItaDocsWarning
from ita_docs.kinds import get_kind
from ita_docs.kinds.registry import Kind
from ita_docs.model.common import InputDocument, validate_input
from ita_docs.reader import STDIN, read_input_file
from ita_docs.render.blocks import BlockWriter
from ita_docs.render.engine import CompiledTemplate, Media, TemplateCache, TemplateError
from ita_docs.render.properties import DocumentInfo, core_xml_setter, document_info
from ita_docs.render.transforms import document_transforms, secrecy_transform

EMBLEM_ENV = "ITA_DOCS_EMBLEM"


@functools.cache  # where the package is does not change while it runs (a batch asks per document)
def templates_dir() -> Path:
    """The built templates: shipped inside the package, or templates/ of a source checkout."""
    packaged = resources.files("ita_docs") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


def bundled_examples() -> list[Path]:
    """The example inputs shipped with the package (examples/ of a source checkout)."""
    packaged = resources.files("ita_docs") / "examples"
    folder = Path(str(packaged)) if packaged.is_dir() else Path(__file__).resolve().parent.parent / "examples"
    return sorted(folder.glob("*.yaml"))


def sample_input(kind_name: str, doc: InputDocument | None = None) -> tuple[InputDocument, dict]:
    """An input and the context it gives kind_name: doc's own, or a bundled example's (a kind that
    only comes in a bundle takes the bundle's part)."""
    with warnings.catch_warnings():  # a sample's own warnings are not the user's concern here
        warnings.simplefilter("ignore", ItaDocsWarning)
        candidates = [doc] if doc is not None else [load(path) for path in bundled_examples()]
        for candidate in candidates:
            kind = get_kind(candidate.kind)
            if kind.name == kind_name and not kind.is_bundle:
                return candidate, kind.context(candidate)
            if kind.parts is not None:
                for part in kind.parts(candidate):
                    if part.kind == kind_name:
                        return candidate, part.context
    raise KeyError(f"ไม่มีข้อมูลตัวอย่างของ {kind_name} / no sample input of kind {kind_name}"
                   + (f" in {doc.kind}" if doc is not None else ""))


_CACHE = TemplateCache()  # compiled templates are immutable; the cache only grows, under a lock


def _template(kind_template: str, template: str | Path | None) -> CompiledTemplate:
    path = Path(template) if template else templates_dir() / kind_template
    try:
        return _CACHE.get(path)
    except FileNotFoundError:  # whatever stat cannot reach, and a folder: the cache reads regular files only
        raise InputError([InputProblem("template", "ไม่พบแม่แบบ / template not found")], source=str(path)) from None


# --- loading -------------------------------------------------------------------------------------

def from_data(data: Any, *, source: str | None = None, row: int | None = None,
              base_dir: Path | None = None) -> InputDocument:
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


def load(path: str | Path) -> InputDocument:
    """Read a YAML/JSON input file ("-": standard input) into the model of its `kind:` (paths in it
    are relative to the file, or to the current folder for standard input)."""
    if str(path) == STDIN:
        return from_data(read_input_file(STDIN), source="(stdin)", base_dir=Path.cwd())
    path = Path(path)
    return from_data(read_input_file(path), source=str(path), base_dir=path.resolve().parent)


# --- rendering -----------------------------------------------------------------------------------

def _emblem_path(doc: InputDocument, emblem: str | Path | None) -> Path | None:
    if emblem:
        return Path(emblem)
    agency = getattr(doc, "agency", None)
    if agency is not None and agency.emblem:
        return agency.emblem
    if os.environ.get(EMBLEM_ENV):
        return Path(os.environ[EMBLEM_ENV])
    return None


def render(doc: InputDocument, *, emblem: str | Path | None = None, template: str | Path | None = None,
           reproducible: bool = False) -> bytes:
    """One document → .docx bytes. emblem overrides agency.emblem and $ITA_DOCS_EMBLEM.
    reproducible: an undated document keeps a fixed time in its properties (also $SOURCE_DATE_EPOCH)."""
    kind = get_kind(doc.kind)
    if kind.is_bundle:
        raise TypeError(f"{kind.name} is a bundle of documents: use render_bundle(doc, outdir)")
    return render_context(doc, kind, kind.context(doc), emblem=emblem, template=template, reproducible=reproducible)


def render_parts(doc: InputDocument, *, emblem: str | Path | None = None,
                 template: str | Path | None = None, reproducible: bool = False) -> list[tuple[str, bytes]]:
    """Every document of doc → [(file name, .docx bytes)], in order (one for a single document).

    template: your own Word template, a .docx for a single document; for a bundle, a folder holding
    .docx files named like the built-in templates of its kinds (the others stay built-in)."""
    return [(name, data) for name, data, _ in render_described(doc, emblem=emblem, template=template,
                                                                reproducible=reproducible)]


def render_described(doc: InputDocument, *, emblem: str | Path | None = None, template: str | Path | None = None,
                     reproducible: bool = False) -> list[tuple[str, bytes, DocumentInfo]]:
    """render_parts, each document with its description (title, number, date…: --metadata)."""
    kind = get_kind(doc.kind)
    if kind.parts is None:
        context = kind.context(doc)
        info = document_info(doc, kind.name, context)
        return [(f"{kind.name}.docx", render_context(doc, kind, context, emblem=emblem, info=info,
                                                     template=_own_template(kind, template),
                                                     reproducible=reproducible), info)]
    if template is not None and not Path(template).is_dir():
        raise InputError([InputProblem("template", f"{kind.name} ต้องการโฟลเดอร์แม่แบบ / a bundle takes a "
                                                   "folder of templates")], source=str(template))
    out = []
    for part in kind.parts(doc):
        part_kind = get_kind(part.kind)
        info = document_info(doc, part_kind.name, part.context)
        out.append((f"{part.name}.docx", render_context(doc, part_kind, part.context, emblem=emblem, info=info,
                                                         template=_own_template(part_kind, template),
                                                         reproducible=reproducible), info))
    return out


def _own_template(kind, template: str | Path | None) -> Path | None:
    """The user's template for kind: the file itself, or the file of kind's name in a folder."""
    if template is None:
        return None
    template = Path(template)
    if template.is_dir():
        own = template / kind.template
        return own if own.is_file() else None  # only the kinds you customised come from your folder
    return template


def render_bundle(doc: InputDocument, outdir: str | Path, **options) -> list[Path]:
    """Render every document of a bundle into outdir (each file written atomically)."""
    outdir = Path(outdir)
    return [write_atomically(outdir / name, data) for name, data in render_parts(doc, **options)]


def render_context(doc: InputDocument, kind: Kind, context: dict, *, emblem: str | Path | None = None,
                   template: str | Path | None = None, info: DocumentInfo | None = None,
                   reproducible: bool = False) -> bytes:
    """A kind's context (its own, or one part's of a bundle) through its template → .docx bytes,
    with the document's properties (title, number, date…) in its docProps/core.xml."""
    compiled = _template(kind.template, template)
    info = info or document_info(doc, kind.name, context)
    media = Media()
    context = _materialize(doc, kind, context, media, emblem)
    transforms = document_transforms(doc.style.font, doc.style.dotted_lines, doc.digits)
    if info.secrecy:
        transforms = (*transforms, secrecy_transform(info.secrecy))
    return compiled.render(context, media, transforms, core=core_xml_setter(info, reproducible=reproducible))


def _caller_outside() -> int:
    """warnings.warn's stacklevel (for the function calling this) that names the first caller
    outside this module, whichever of render, render_parts, render_described… led here."""
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename == __file__:
        frame, level = frame.f_back, level + 1
    return level


def _materialize(doc: InputDocument, kind, context: dict, media: Media, emblem) -> dict:
    """A kind's context with its blocks and emblem as XML; images go to media."""
    writer = BlockWriter(media, digits=doc.digits)
    context = writer.materialize(context)
    emblem_path = _emblem_path(doc, emblem)
    if emblem_path is None and kind.form in ("memo", "announcement", "order"):
        warnings.warn(
            "ไม่ได้ระบุไฟล์ตราครุฑ: เว้นพื้นที่ว่างขนาดเท่าตราครุฑไว้ / no Garuda emblem given "
            f"(agency.emblem, --emblem or ${EMBLEM_ENV}): its space is left blank",
            ItaDocsWarning,
            stacklevel=_caller_outside(),
        )
    context["emblem"] = writer.emblem(emblem_path, kind.form)
    return context


def write_atomically(path: str | Path, data: bytes | Iterable[bytes], *, sync_folder: bool = True) -> Path:
    """Write under a temporary name, synced to disk, then rename (and sync the folder): a reader never
    sees a half-written file, and a crash or power cut leaves the old file or the new one. data: the
    bytes, or chunks of them (streamed: a large report needs no copy in memory). sync_folder=False
    when the caller syncs the folder once after several files (one folder sync covers every rename)."""
    path = Path(path)
    folder = os.path.dirname(path)  # os.path, not pathlib: a batch writes seven files a row
    tmp = os.path.join(folder, f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            handle = open(tmp, "wb")
        except FileNotFoundError:  # the folder is new (asked only then: one system call less per file)
            if not folder:
                raise
            os.makedirs(folder, exist_ok=True)
            handle = open(tmp, "wb")
        with handle:
            for chunk in [data] if isinstance(data, (bytes, bytearray, memoryview)) else data:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):  # e.g. the target is a folder: leave nothing behind
            os.unlink(tmp)
        raise
    if sync_folder:
        _sync_folder(path.parent)
    return path


def _sync_folder(folder: Path) -> None:
    """Make a rename in folder durable (POSIX; Windows cannot open a folder, and its renames are)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network, FUSE) refuse to sync a folder; the file itself is synced
    finally:
        os.close(fd)


def render_to(doc: InputDocument, path: str | Path, **options) -> Path:
    """Render and write atomically."""
    return write_atomically(path, render(doc, **options))


__all__ = ["load", "from_data", "render", "render_to", "render_bundle", "render_parts", "render_described", "templates_dir",
           "bundled_examples", "sample_input", "TemplateError"]
