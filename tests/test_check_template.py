"""check-template and --template: a user's Word template, as Word saves it, checked against a kind and used
by render and batch."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, load_quietly, render_quietly

from ita_docs.api import templates_dir
from ita_docs.cli import main
from ita_docs.kinds import all_kinds
from ita_docs.template_check import check_template

SUBJECT_RUN = "  {{ subject }}</w:t></w:r>"


def edited_template(tmp_path: Path, replacements: dict[str, str], name: str = "memo.docx",
                    source: str = "memo.docx") -> Path:
    """A copy of a built-in template with its document.xml edited the way Word or a person would."""
    with zipfile.ZipFile(templates_dir() / source) as package:
        parts = {info: package.read(info) for info in package.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, content in parts.items():
            if info.filename == "word/document.xml":
                xml = content.decode("utf-8")
                for old, new in replacements.items():
                    assert old in xml, old
                    xml = xml.replace(old, new, 1)
                content = xml.encode("utf-8")
            package.writestr(info, content)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def _split_by_word(tag_head: str, tag_tail: str) -> str:
    # what Word writes when the spelling checker marks half a tag: two runs with a proofErr between
    return (f"  {tag_head}</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:b/></w:rPr>"
            f"<w:t>{tag_tail}</w:t></w:r>")


@pytest.mark.parametrize("kind", [k.name for k in all_kinds() if not k.is_bundle])
def test_every_built_in_template_is_usable(kind):
    kind_info = next(k for k in all_kinds() if k.name == kind)
    report = check_template(kind, templates_dir() / kind_info.template)
    assert not report.errors, report.describe()
    assert set(report.used) <= set(report.provided)


def test_split_tag_is_a_note_and_renders(tmp_path):
    template = edited_template(tmp_path, {SUBJECT_RUN: _split_by_word("{{ sub", "ject }}")})
    report = check_template("memo", template)
    assert not report.errors
    assert any(p.severity == "note" and "{{ subject }}" in p.message and "paragraph 4" in p.where
               for p in report.problems), report.describe()
    doc = load_quietly(REPO / "examples" / "memo.yaml")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_quietly(doc, template=template))).paragraphs)
    assert "ขออนุมัติแผนการขับเคลื่อนการประเมินคุณธรรม" in text  # docxtpl joined the runs again


@pytest.mark.parametrize("replacement, expected", [
    ("  {{ budget }}</w:t></w:r>", "variable budget is not provided by memo"),
    ("  {{ to.name }}</w:t></w:r>", "rendering a sample failed"),  # a field the value does not have
    ("  {{ “subject” }}</w:t></w:r>", "curly quotes"),
    ("  { { subject }}</w:t></w:r>", "typed apart"),
    ("  {{ sub</w:t></w:r></w:p><w:p><w:r><w:t>ject }}</w:t></w:r>", "unbalanced {{ … }}"),
    ("  {% if subject %}{{ subject }}</w:t></w:r>", "tag syntax"),
])
def test_broken_templates_are_errors(tmp_path, replacement, expected):
    template = edited_template(tmp_path, {SUBJECT_RUN: replacement})
    report = check_template("memo", template)
    assert any(expected in p.message for p in report.errors), report.describe()


def test_unknown_variable_names_its_paragraph(tmp_path):
    template = edited_template(tmp_path, {SUBJECT_RUN: "  {{ budget }}</w:t></w:r>"})
    problem = next(p for p in check_template("memo", template).errors if "budget" in p.message)
    assert "word/document.xml" in problem.where and "paragraph 4" in problem.where


def test_check_template_cli_exit_codes(tmp_path, capsys):
    good = templates_dir() / "memo.docx"
    assert main(["check-template", "memo", str(good)]) == 0
    assert "usable" in capsys.readouterr().out
    bad = edited_template(tmp_path, {SUBJECT_RUN: "  {{ budget }}</w:t></w:r>"})
    assert main(["check-template", "memo", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "ตัวแปร budget" in out and "variable budget" in out
    assert main(["check-template", "no-such-kind", str(good)]) == 2
    assert main(["check-template", "memo", str(tmp_path / "missing.docx")]) == 2
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("plain text", encoding="utf-8")
    assert main(["check-template", "memo", str(not_docx)]) == 2
    assert "not a .docx" in capsys.readouterr().err


def test_check_template_with_an_input_of_ones_own(tmp_path, capsys):
    template = edited_template(tmp_path, {SUBJECT_RUN: "  {{ subject }}</w:t></w:r>"}, source="o42-memo.docx")
    code = main(["check-template", "o42-memo", str(template), "--input", str(REPO / "examples" / "o42-bundle.yaml")])
    assert code == 0, capsys.readouterr()


MARK = "ฉบับแม่แบบของหน่วยงาน"


def _marked(tmp_path: Path, source: str, name: str | None = None) -> Path:
    return edited_template(tmp_path, {"</w:body>": f'<w:p><w:r><w:t>{MARK}</w:t></w:r></w:p></w:body>'},
                           name=name or source, source=source)


def _text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(path).paragraphs)


def test_batch_with_a_template_of_ones_own(tmp_path):
    own = _marked(tmp_path, "memo.docx", "our-memo.docx")
    table = tmp_path / "rows.csv"
    table.write_text("agency.name,header.subject\nเทศบาลตำบลหนึ่ง,เรื่องที่หนึ่ง\nเทศบาลตำบลสอง,เรื่องที่สอง\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(table), "--kind", "memo", "--defaults", str(REPO / "examples" / "memo.yaml"),
                 "-o", str(out), "--template", str(own), "--jobs", "1", "--quiet"])
    assert code == 0
    files = sorted(out.rglob("*.docx"))
    assert len(files) == 2 and all(MARK in _text(f) for f in files)


def test_batch_stops_before_the_first_row_when_the_template_is_broken(tmp_path, capsys):
    broken = edited_template(tmp_path, {SUBJECT_RUN: "  {% if subject %}</w:t></w:r>"})
    table = tmp_path / "rows.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\n", encoding="utf-8")
    code = main(["batch", str(table), "--kind", "memo", "--defaults", str(REPO / "examples" / "memo.yaml"),
                 "-o", str(tmp_path / "out"), "--template", str(broken), "--jobs", "1", "--quiet"])
    assert code == 2
    assert "memo.docx" in capsys.readouterr().err
    assert not list((tmp_path / "out").rglob("*.docx"))


def test_render_bundle_with_a_folder_of_templates(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    _marked(folder, "o42-memo.docx")  # only the memo is customised; the rest stay built-in
    out = tmp_path / "bundle"
    assert main(["render", str(REPO / "examples" / "o42-bundle.yaml"), "-o", str(out), "--template", str(folder)]) == 0
    assert MARK in _text(out / "01-o42-memo.docx")
    assert MARK not in _text(out / "02-analysis-report.docx")
    shutil.rmtree(out)
    single = _marked(tmp_path, "o42-memo.docx", "single.docx")
    assert main(["render", str(REPO / "examples" / "o42-bundle.yaml"), "-o", str(out), "--template", str(single)]) == 2
