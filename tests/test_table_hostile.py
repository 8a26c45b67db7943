"""Hostile and unlucky tables and options: each gives its documents or a clear exit 2, never an
internal error, a hang, a machine's worth of memory or a file outside the batch."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from ita_docs.assessment import ScoreError, parse_score
from ita_docs.batch import TableError, read_table
from ita_docs.cli import main

DEFAULTS = {
    "kind": "memo",
    "header": {"unit": "กองทดสอบ", "number": {"prefix": "ทส 1"}, "date": "2024-03-11", "subject": "ทดสอบ",
               "to": "นายก"},
    "body": [{"text": "ข้อความทดสอบ"}],
    "signature": {"name": "นายทดสอบ ใจดี", "position": "ปลัด"},
}


def defaults_file(folder: Path) -> Path:
    path = folder / "defaults.yaml"
    path.write_text(yaml.safe_dump(DEFAULTS, allow_unicode=True), encoding="utf-8")
    return path


def batch_args(table: Path, out: Path, *extra: str, kind: str = "memo") -> list[str]:
    return ["batch", str(table), "--kind", kind, "--defaults", str(defaults_file(table.parent)), "-o", str(out),
            "--jobs", "1", "--quiet", *extra]


def run_limited(args: list[str], memory_mb: int = 1500, timeout: int = 120) -> subprocess.CompletedProcess:
    """The CLI in a child with its address space capped: a bomb shows as MemoryError, not a dead machine."""
    def cap():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    return subprocess.run([sys.executable, "-m", "ita_docs", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap)


def report(out: Path) -> list[dict]:
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- scores are plain decimals --------------------------------------------------------------------

@pytest.mark.parametrize("text", ["8,4", "0,5", "1_0", "84,46", "8 4", "1e2", "๘,๔", "1,000.5", "٨٤"])
def test_a_score_with_a_comma_or_underscore_is_an_error(text):
    with pytest.raises(ScoreError) as info:
        parse_score(text, "scores.I1")
    message = str(info.value)
    assert "scores.I1" in message and repr(text) in message and "plain decimal" in message
    assert "outside" not in message


@pytest.mark.parametrize("text,value", [("84.46", "84.46"), ("๘๔.๔๖", "84.46"), (" 84 ", "84"), (".5", "0.5"),
                                        ("+7", "7")])
def test_plain_decimals_are_scores(text, value):
    assert parse_score(text, "scores.I1") == Decimal(value)


def test_scores_with_commas_fail_their_rows_in_a_batch(tmp_path):
    example = yaml.safe_load((REPO / "examples" / "o42-bundle.yaml").read_text(encoding="utf-8"))
    scores = example["assessment"]["scores"]
    header = ["agency.name", "agency.chief.name", "agency.chief.position", "assessment.fiscal_year",
              *(f"assessment.scores.{k}" for k in scores)]
    table = tmp_path / "t.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n, bad in enumerate(["8,4", "0,5", "1_0", "84,46"]):
            writer.writerow([f"หน่วยงาน {n}", "นายทดสอบ ใจดี", "นายก", "2565", bad, *list(scores.values())[1:]])
    defaults = tmp_path / "defaults.yaml"
    settings = {k: v for k, v in example.items() if k not in ("kind", "agency", "assessment")}
    defaults.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(table), "--kind", "o42-bundle", "--defaults", str(defaults), "-o", str(out),
                 "--jobs", "1", "--quiet"]) == 1
    rows = report(out)
    assert [r["status"] for r in rows] == ["failed"] * 4
    for row, bad in zip(rows, ["8,4", "0,5", "1_0", "84,46"]):
        assert "assessment.scores.I1" in row["error"] and bad in row["error"] and "outside" not in row["error"]


# --- headers and limits ---------------------------------------------------------------------------

def test_duplicate_csv_headers_name_both_columns(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name,header.date,ชื่อหน่วยงาน\nก,2024-03-11,ข\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        list(read_table(table))
    message = str(info.value)
    assert "A" in message and "C" in message and "agency.name" in message and "ชื่อหน่วยงาน" in message


def test_duplicate_xlsx_headers_name_both_columns(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency.name", "header.date", "agency.name"])
    book.active.append(["ก", "2024-03-11", "ข"])
    book.save(tmp_path / "t.xlsx")
    assert main(batch_args(tmp_path / "t.xlsx", tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert "columns A and C" in err and "agency.name" in err


def test_a_huge_list_position_in_a_column_name_is_refused(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name,body.1000000000.text\nก,x\n", encoding="utf-8")
    done = run_limited(batch_args(table, tmp_path / "out"))
    assert done.returncode == 2, done.stderr
    assert "body.1000000000.text" in done.stderr and "1,000" in done.stderr
    assert "internal error" not in done.stderr


def test_list_positions_up_to_the_limit_are_fine_and_json_keys_are_capped_per_row(tmp_path):
    table = tmp_path / "t.jsonl"
    table.write_text('{"agency.name": "ก", "body.1001.text": "x"}\n{"agency.name": "ข", "body.1.text": "y"}\n',
                     encoding="utf-8")
    rows = list(read_table(table))
    assert "1,000" in rows[0].error and rows[1].data == {"agency": {"name": "ข"}, "body": [{"text": "y"}]}
    csv_table = tmp_path / "t.csv"
    csv_table.write_text("agency.name,body.1000.text\nก,x\n", encoding="utf-8")
    assert list(read_table(csv_table))[0].data["body"] == [{"text": "x"}]


def test_a_column_name_too_deep_is_refused(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name," + ".".join(["a"] * 5000) + "\nก,x\n", encoding="utf-8")
    with pytest.raises(TableError, match="more than 20 parts"):
        list(read_table(table))


def test_a_yaml_table_of_aliases_does_not_eat_memory(tmp_path):
    lines = ["- agency: {name: &a0 lol}"] + [f"  x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]"
                                              for i in range(1, 10)]
    table = tmp_path / "t.yaml"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(table.read_bytes()) < 700
    done = run_limited(batch_args(table, tmp_path / "out"), timeout=60)
    assert done.returncode == 2, done.stderr
    assert "aliases" in done.stderr and "internal error" not in done.stderr  # the reader's expansion cap


def test_a_deep_yaml_table_is_an_input_error(tmp_path):
    table = tmp_path / "t.yaml"
    table.write_text("- " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    with pytest.raises(TableError, match="nested deeper"):
        list(read_table(table))


def _workbook_with(tmp_path: Path, part: str, prolog: bytes) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency.name"])
    book.active.append(["ก"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    hostile = tmp_path / "t.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                head, sep, rest = data.partition(b"?>")
                data = head + sep + prolog + rest if sep else prolog + data
            target.writestr(info, data)
    return hostile


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_a_workbook_with_a_dtd_is_refused(tmp_path, capsys, part):
    bomb = (b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)) + b"]>")
    table = _workbook_with(tmp_path, part, bomb)
    assert main(batch_args(table, tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert "DTD" in err and part in err and "internal error" not in err


def test_a_damaged_sheet_is_an_input_error(tmp_path, capsys):
    table = _workbook_with(tmp_path, "xl/worksheets/sheet1.xml", b"<unclosed>")
    assert main(batch_args(table, tmp_path / "out")) == 2
    assert "cannot read the workbook" in capsys.readouterr().err


# --- options and output paths ---------------------------------------------------------------------

def test_an_empty_separator_is_a_usage_error(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("agency.name\nก\n", encoding="utf-8")
    for separator in ("", "  "):
        with pytest.raises(SystemExit) as info:
            main(batch_args(table, tmp_path / "out", "--separator", separator))
        assert info.value.code == 2
        assert "separator" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_zip_of_the_current_folder(tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\n", encoding="utf-8")
    defaults = defaults_file(tmp_path)
    out = tmp_path / "out.v2"
    out.mkdir()
    monkeypatch.chdir(out)
    assert main(["batch", str(table), "--kind", "memo", "--defaults", str(defaults), "-o", ".", "--jobs", "1",
                 "--quiet", "--zip"]) == 0
    with zipfile.ZipFile(tmp_path / "out.v2.zip") as archive:
        assert sorted(archive.namelist()) == ["out.v2/report.csv", "out.v2/เทศบาลตำบลหนึ่ง/memo.docx"]
    monkeypatch.chdir("/")
    assert main(["batch", str(table), "--kind", "memo", "--defaults", str(defaults), "-o", ".", "--quiet",
                 "--zip"]) == 2


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_zip_holds_only_what_the_batch_wrote(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\nเทศบาลตำบลสอง\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the archive")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "memo.docx").write_text("not ours")
    (out / "planted.txt").symlink_to(secret)
    (out / "stray.txt").write_text("not the batch's")
    (out / "เทศบาลตำบลสอง").symlink_to(elsewhere, target_is_directory=True)  # a folder the batch will use
    assert main(batch_args(table, out, "--zip")) == 1  # row 3 is not written through the symlinked folder
    assert (elsewhere / "memo.docx").read_text() == "not ours"
    assert [r["status"] for r in report(out)] == ["ok", "failed"] and "symbolic link" in report(out)[1]["error"]
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = archive.namelist()
        infos = {i.filename: i for i in archive.infolist()}
        for name in names:
            assert b"not for the archive" not in archive.read(name) and b"not ours" not in archive.read(name)
    assert "out/planted.txt" not in names and "out/stray.txt" not in names
    assert "out/เทศบาลตำบลสอง/memo.docx" not in names
    assert infos["out/เทศบาลตำบลหนึ่ง/memo.docx"].compress_type == zipfile.ZIP_STORED
    assert infos["out/report.csv"].compress_type == zipfile.ZIP_DEFLATED
    # a listed file swapped for a symlink after the run is left out too
    from ita_docs.cli import _zip_folder

    listed = out / "เทศบาลตำบลหนึ่ง" / "memo.docx"
    listed.unlink()
    listed.symlink_to(secret)
    with zipfile.ZipFile(_zip_folder(out)) as archive:
        assert archive.namelist() == ["out/report.csv"]


def test_an_agency_called_report_csv_does_not_clobber_the_report(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("agency.name\nreport.csv\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(batch_args(table, out)) == 0
    assert (out / "report.csv").is_file() and (out / "report.csv-2" / "memo.docx").is_file()


def test_rendering_onto_a_folder_leaves_no_temp_file(tmp_path, capsys):
    target = tmp_path / "existing-dir.docx"
    target.mkdir()
    assert main(["render", str(REPO / "examples" / "memo.yaml"), "-o", str(target)]) == 2
    assert "existing-dir.docx" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing-dir.docx"]


def test_write_atomically_syncs_and_replaces(tmp_path, monkeypatch):
    from ita_docs.api import write_atomically

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    path = write_atomically(tmp_path / "a" / "f.bin", b"one")
    assert path.read_bytes() == b"one"
    write_atomically(path, [b"tw", b"o"])
    assert path.read_bytes() == b"two" and len(synced) >= 2 * (2 if os.name == "posix" else 1)
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.bin"]


def test_write_atomically_into_a_folder_that_is_a_file_fails_and_leaves_nothing(tmp_path):
    from ita_docs.api import write_atomically

    (tmp_path / "taken").write_bytes(b"a file, not a folder")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "taken" / "f.docx", b"data")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "taken" / "deeper" / "f.docx", b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (tmp_path / "taken").read_bytes() == b"a file, not a folder"
