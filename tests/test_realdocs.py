"""Issue 15, "Done when" 1: the reference documents (../shared/reference/documents/) reproduced part
by part. Each tests/realdocs/NNN.yaml is an input written in the project's own words with the real
document's structure (same parts in the same order, headings, tables with the same columns, lists
with the same numbering); NNN.expected.txt is the text it must give, one paragraph or table row per
line (cells joined by " | "), in document order. Nothing the real document lacks may appear, and
nothing may be missing: the rendered .docx is compared with it line by line."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import docx
import pytest
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ita_docs import ItaDocsWarning, load, render_parts

HERE = Path(__file__).parent / "realdocs"
CASES = sorted(HERE.glob("*.yaml"))


def text_in_order(data: bytes) -> list[str]:
    """The body's paragraphs and table rows (cells joined by " | ") in document order, as python-docx
    reads them: empty paragraphs (spacing) are left out, a line break starts a new line, a cell's
    paragraphs are joined by a space, and a cell merged into the one above reads as empty."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines += Paragraph(element, document).text.split("\n")
        elif element.tag.endswith("}tbl"):
            for row in Table(element, document).rows:
                cells = ["" if tc.vMerge == "continue" else
                         " ".join(p.text for p in _Cell(tc, row).paragraphs if p.text.strip())
                         for tc in row._tr.tc_lst]
                lines.append(" | ".join(cells))
    return [line.strip() for line in lines if line.strip()]


def expected_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rendered(path: Path) -> list[tuple[str, list[str]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return [(name, text_in_order(data)) for name, data in render_parts(load(path))]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_real_document_is_reproduced_part_by_part(path):
    documents = rendered(path)
    expected_files = sorted(HERE.glob(f"{path.stem}*.expected.txt"))
    assert [f.name for f in expected_files], f"no expected text for {path.name}"
    if len(documents) == 1:
        pairs = [(documents[0], expected_files[0])]
    else:  # a bundle: NNN.<document file name without .docx>.expected.txt for each document
        by_name = {f.name.removeprefix(f"{path.stem}.").removesuffix(".expected.txt"): f for f in expected_files}
        names = {name: name.removesuffix(".docx") for name, _ in documents}
        assert sorted(by_name) == sorted(names.values())
        pairs = [((name, got), by_name[names[name]]) for name, got in documents]
    for (name, got), expected_file in pairs:
        want = expected_lines(expected_file)
        for n, (have, should) in enumerate(zip(got, want)):
            assert have == should, f"{name}: part {n + 1} differs\n got: {have}\nwant: {should}"
        assert len(got) == len(want), (
            f"{name}: {len(got)} parts, expected {len(want)}; first extra/missing: "
            f"{(got if len(got) > len(want) else want)[min(len(got), len(want))]}")
