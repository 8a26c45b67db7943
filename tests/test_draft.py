"""`ita-docs draft` (issue 15 item 4): every example's document — each document of a bundle — written
as a generic memo/announcement/order/report input renders to the same text, paragraph by paragraph
and cell by cell (python-docx reading both real .docx files); edits to the draft show in the document."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import docx
import pytest
import yaml
from conftest import REPO

from ita_docs import ItaDocsWarning, load, render_parts
from ita_docs.cli import main
from ita_docs.draft import drafts, to_yaml
from ita_docs.kinds import get_kind

EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))


def document_text(data: bytes) -> list[str]:
    """Every paragraph of the body, then every table row (cells joined), as python-docx reads them."""
    document = docx.Document(io.BytesIO(data))
    rows = [" | ".join(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    return [p.text for p in document.paragraphs] + rows


def rendered(doc) -> list[tuple[str, bytes]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return render_parts(doc)


def quietly_load(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return load(path)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_draft_of_every_example_renders_to_the_same_text(path, tmp_path):
    doc = quietly_load(path)
    originals = rendered(doc)
    documents = drafts(doc, tmp_path)
    assert len(documents) == len(originals)
    for (name, data), (file_name, original) in zip(documents, originals):
        assert file_name == f"{name}.docx"
        assert data["kind"] in ("memo", "announcement", "order", "report")
        assert get_kind(data["kind"]).form == get_kind(data["kind"]).name  # a generic kind of its form
        draft_file = tmp_path / f"{name}.yaml"
        draft_file.write_text(to_yaml(data), encoding="utf-8")
        [(_, again)] = rendered(quietly_load(draft_file))
        expected, got = document_text(original), document_text(again)
        assert len(got) == len(expected), name
        for n, (want, have) in enumerate(zip(expected, got)):
            assert have == want, f"{name} paragraph {n}"


def test_a_draft_is_the_generic_kind_of_the_documents_form(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        documents = drafts(quietly_load(REPO / "examples" / "o42-bundle.yaml"))
    forms = {name: data["kind"] for name, data in documents}
    assert forms == {"01-o42-memo": "memo", "02-analysis-report": "report", "03-measures-announcement": "announcement",
                     "04-culture-announcement": "announcement", "05-circular-memo": "memo", "06-o43-report": "report"}


def test_an_edit_to_the_draft_shows_in_the_document(tmp_path):
    """The point of a draft: any sentence of the kind's fixed wording can now be changed."""
    doc = quietly_load(REPO / "examples" / "score-memo.yaml")
    [(_, data)] = drafts(doc, tmp_path)
    first = next(n for n, b in enumerate(data["body"]) if "text" in b)
    data["body"][first]["text"] = "ถ้อยคำที่เจ้าหน้าที่เขียนเอง"
    path = tmp_path / "edited.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    [(_, again)] = rendered(quietly_load(path))
    assert "ถ้อยคำที่เจ้าหน้าที่เขียนเอง" in document_text(again)


def test_cli_writes_one_file_for_a_document_and_a_folder_for_a_bundle(tmp_path, capsys):
    out = tmp_path / "memo-draft.yaml"
    assert main(["draft", str(REPO / "examples" / "memo.yaml"), "-o", str(out)]) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["kind"] == "memo"
    assert out.read_text(encoding="utf-8").startswith("# ร่างจาก ")
    folder = tmp_path / "set"
    assert main(["draft", str(REPO / "examples" / "o42-bundle.yaml"), "-o", str(folder)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "01-o42-memo.yaml", "02-analysis-report.yaml", "03-measures-announcement.yaml",
        "04-culture-announcement.yaml", "05-circular-memo.yaml", "06-o43-report.yaml"]
    # a draft of a document with photos finds them from where the draft is written
    briefing = tmp_path / "deeper" / "briefing.yaml"
    assert main(["draft", str(REPO / "examples" / "briefing-report-memo.yaml"), "-o", str(briefing)]) == 0
    assert main(["render", str(briefing), "-o", str(tmp_path / "briefing.docx")]) == 0


def test_cli_refuses_wrong_outputs(tmp_path, capsys):
    assert main(["draft", str(REPO / "examples" / "memo.yaml"), "-o", str(tmp_path / "memo.docx")]) == 2
    assert ".yaml" in capsys.readouterr().err
    assert main(["draft", str(REPO / "examples" / "o42-bundle.yaml"), "-o", str(tmp_path / "set.yaml")]) == 2
    assert main(["draft", str(REPO / "examples" / "o42-bundle.yaml"), "-o", "-"]) == 2
    assert not list(tmp_path.iterdir())
    assert main(["draft", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "d.yaml")]) == 2


def test_a_bad_input_is_an_input_error_not_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: report\nagency: {name: x}\n", encoding="utf-8")
    assert main(["draft", str(bad), "-o", str(tmp_path / "d.yaml")]) == 2
    assert "title" in capsys.readouterr().err
    assert not (tmp_path / "d.yaml").exists()


def test_stdout(capsys):
    assert main(["draft", str(REPO / "examples" / "order.yaml"), "-o", "-"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["kind"] == "order"


def test_a_field_of_blocks_takes_blocks_a_text_field_does_not():
    """What a draft relies on for a signature that is not one plain signer (a preparer's role, none)."""
    from ita_docs import InputError, from_data, render

    data = yaml.safe_load((REPO / "examples" / "memo.yaml").read_text(encoding="utf-8"))
    data["parts"] = {"signature": {"blocks": [{"signature": {"name": "นายผู้จัดทำ ตัวอย่าง"}, "role": "ผู้จัดทำ"}]}}
    text = "\n".join(document_text(render(from_data(data, base_dir=REPO / "examples"))))
    assert "(นายผู้จัดทำ ตัวอย่าง)" in text and "ผู้จัดทำ\n" in text
    data["parts"] = {"closing": {"blocks": ["ข้อความ"]}}
    with pytest.raises(InputError, match="parts.closing"):
        from_data(data, base_dir=REPO / "examples")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_draft_of_a_draft_is_itself(path, tmp_path):
    """Nothing is lost or added between a draft and the document it renders: drafting it again gives
    the same input, sentence for sentence."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        for name, data in drafts(quietly_load(path), tmp_path):
            draft_file = tmp_path / f"{name}.yaml"
            draft_file.write_text(to_yaml(data), encoding="utf-8")
            assert drafts(quietly_load(draft_file), tmp_path) == [(data["kind"], data)]
