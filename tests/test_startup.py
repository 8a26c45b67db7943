"""What a render costs at start-up (issue 19): built-in templates load from their prepared forms
(render/prepared_templates.json), giving the same documents as compiling them with python-docx and
docxtpl without importing either; Pillow is imported only for a picture file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
import zipfile

import pytest
from conftest import EMBLEM, EXAMPLES, REPO, load_quietly
from PIL import Image

from ita_docs import ItaDocsWarning, api
from ita_docs.render.build_templates import TEMPLATES
from ita_docs.render.engine import CompiledTemplate, TemplateCache
from ita_docs.render.images import blank_image


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_built_in_template_loads_prepared(name):
    data = (REPO / "templates" / name).read_bytes()
    assert CompiledTemplate(data, name).prepared
    assert not CompiledTemplate(data, name, prepared=False).prepared


@pytest.mark.parametrize("emblem", [EMBLEM, None], ids=["emblem", "no-emblem"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_prepared_and_compiled_templates_render_the_same_bytes(path, emblem, monkeypatch):
    if emblem is not None and not emblem.is_file():
        pytest.skip("../shared (the emblem) is not present")
    doc = load_quietly(path)
    rendered = {}
    for prepared in (True, False):
        monkeypatch.setattr(api, "_CACHE", TemplateCache(prepared=prepared))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ItaDocsWarning)
            rendered[prepared] = api.render_parts(doc, emblem=emblem, reproducible=True)
        assert {template.prepared for template in api._CACHE._templates.values()} == {prepared}
    assert rendered[True] == rendered[False]


_SCRIPT = """
import sys, warnings
import ita_docs.api as api
warnings.simplefilter("ignore")
doc = api.load(sys.argv[1])
api.render(doc, template=sys.argv[2] if len(sys.argv) > 2 else None)
print(sorted({"docx", "docxtpl", "PIL"} & set(sys.modules)))
print(*(template.prepared for template in api._CACHE._templates.values()))
"""


def _render_in_a_new_process(*args: str) -> list[str]:
    env = {name: value for name, value in os.environ.items() if name != api.EMBLEM_ENV}
    result = subprocess.run([sys.executable, "-c", _SCRIPT, *args], capture_output=True, text=True, cwd=REPO,
                            env=env, timeout=120, check=True)
    return result.stdout.splitlines()


def test_a_built_in_template_renders_without_python_docx_or_docxtpl():
    imported, described = _render_in_a_new_process(str(REPO / "examples" / "memo.yaml"))
    assert imported == "[]"  # nor Pillow: its photo, an upright JPEG, is embedded as it is, read from its header
    assert described == "True"


def test_an_edited_template_is_compiled_with_python_docx(tmp_path):
    """One byte of the memo template's text changed: its hash is no built-in one's."""
    built_in = REPO / "templates" / "memo.docx"
    edited = tmp_path / "memo.docx"
    with zipfile.ZipFile(built_in) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                assert content.count(b"  {{ unit }}") == 1
                content = content.replace(b"  {{ unit }}", b" :{{ unit }}")
            out.writestr(info, content)
    imported, described = _render_in_a_new_process(str(REPO / "examples" / "memo.yaml"), str(edited))
    assert imported == "['docx', 'docxtpl']"
    assert described == "False"
    doc = load_quietly(REPO / "examples" / "memo.yaml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        data = api.render(doc, template=edited)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert f" :{doc.header.unit}".encode() in zf.read("word/document.xml")


def test_a_document_without_pictures_renders_without_pillow():
    imported, described = _render_in_a_new_process(str(REPO / "examples" / "announcement.yaml"))
    assert imported == "[]"  # no emblem given either: a blank picture keeps its space
    assert described == "True"


def test_the_blank_emblem_is_the_png_pillow_writes():
    buffer = io.BytesIO()
    Image.new("RGBA", (1, 1), (0, 0, 0, 0)).save(buffer, format="PNG", optimize=False)
    assert blank_image().data == buffer.getvalue()


def test_a_value_with_a_line_break_renders_the_same_from_the_prepared_form():
    """The rare part docxtpl's listing characters change is rendered from its lined source, which a
    prepared template compiles only then."""
    doc = load_quietly(REPO / "examples" / "memo.yaml")
    kind = api.get_kind(doc.kind)
    data = (REPO / "templates" / kind.template).read_bytes()
    rendered = []
    for prepared in (True, False):
        template = CompiledTemplate(data, kind.template, prepared=prepared)
        media = api.Media()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ItaDocsWarning)
            context = api._materialize(doc, kind, kind.context(doc), media, None)
        context["subject"] = "บรรทัดแรก\nบรรทัดที่สอง\tแท็บ"
        rendered.append(template.render(context, media))
    assert rendered[0] == rendered[1]
    with zipfile.ZipFile(io.BytesIO(rendered[0])) as zf:
        assert "บรรทัดแรก</w:t><w:br/>".encode() in zf.read("word/document.xml")  # docxtpl's line break
