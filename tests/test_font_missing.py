"""A PDF drawn without the document's font is a failure, not a silent exit 0 (issue 13): the real
fonts are installed except TH SarabunIT๙, which a document may ask for."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from ita_docs import cli
from ita_docs.diagnostics import EXIT_OK, EXIT_SOME_FAILED

ROOT = Path(__file__).resolve().parents[1]


def _memo_asking_for(tmp_path: Path, font: str) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "memo.yaml").read_text(encoding="utf-8"))
    data["style"] = {"font": font}
    path = tmp_path / "memo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "photos").symlink_to(ROOT / "examples" / "photos")
    return path


def test_render_pdf_without_the_font_fails_and_keeps_the_docx(real_fonts, tmp_path, capsys):
    memo = _memo_asking_for(tmp_path, "TH SarabunIT๙")
    out = tmp_path / "memo.docx"
    assert cli.main(["render", str(memo), "-o", str(out), "--pdf"]) == EXIT_SOME_FAILED
    err = capsys.readouterr().err
    assert "TH SarabunIT๙" in err and "fc-cache" in err and "--allow-font-substitution" in err
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert cli.main(["render", str(memo), "-o", str(out), "--pdf", "--allow-font-substitution"]) == EXIT_OK
    assert out.with_suffix(".pdf").is_file()


def test_batch_pdf_without_the_font_fails_the_row_and_keeps_its_docx(real_fonts, tmp_path):
    memo = _memo_asking_for(tmp_path, "TH SarabunIT๙")
    table = tmp_path / "agencies.csv"
    table.write_text("agency.name\nเทศบาลหนึ่ง\n", encoding="utf-8")
    out = tmp_path / "out"
    code = cli.main(["batch", str(table), "--kind", "memo", "--defaults", str(memo), "-o", str(out), "--pdf",
                     "--jobs", "1", "--quiet"])
    assert code == EXIT_SOME_FAILED
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["status"] == "failed" and "TH SarabunIT๙" in row["error"]
    assert row["files"].endswith("memo.docx") and (out / row["files"]).is_file()
    assert not list(out.rglob("*.pdf")) and not list(out.rglob(".complete"))
