"""report.csv as a journal: every row's line survives resumes, reruns, broken rows, a broken table,
a second batch into the same folder and a kill; spreadsheet-safe cells (OWASP CSV injection)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from ita_docs.batch import Report, RowOutcome, render_batch
from ita_docs.batch.journal import listed_files, safe_cell
from ita_docs.batch.lock import LOCK_NAME
from ita_docs.batch.runner import COMPLETE_MARKER
from ita_docs.cli import main

DEFAULTS = {
    "kind": "memo",
    "header": {"unit": "กองทดสอบ", "number": {"prefix": "ทส 1"}, "date": "2024-03-11", "subject": "ทดสอบ",
               "to": "นายก"},
    "body": [{"text": "ข้อความทดสอบ"}],
    "signature": {"name": "นายทดสอบ ใจดี", "position": "ปลัด"},
}
HYSTERICAL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "  =1+1"]


def defaults_file(folder: Path) -> Path:
    path = folder / "defaults.yaml"
    path.write_text(yaml.safe_dump(DEFAULTS, allow_unicode=True), encoding="utf-8")
    return path


def write_csv(folder: Path, rows: list[list[str]], header=("agency.name", "header.date"), name="t.csv") -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def batch(table: Path, out: Path, *extra: str) -> int:
    return main(["batch", str(table), "--kind", "memo", "--defaults", str(defaults_file(table.parent)),
                 "-o", str(out), "--jobs", "1", "--quiet", *extra])


def report(out: Path) -> list[dict]:
    with (out / "report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def agencies(n: int, start: int = 1) -> list[list[str]]:
    return [[f"เทศบาลตำบลที่ {i}", "2024-03-11"] for i in range(start, start + n)]


# --- formula injection -----------------------------------------------------------------------------

def _assert_not_formulas(rows: list[dict]) -> None:
    for row in rows:
        for column, value in row.items():
            assert not value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)


def test_formula_cells_from_csv_are_neutralised(tmp_path):
    table = write_csv(tmp_path, [[name, "2024-03-11"] for name in HYSTERICAL])
    out = tmp_path / "out"
    assert batch(table, out) == 0
    rows = report(out)
    assert [r["agency"] for r in rows] == ["'" + " ".join(n.replace("\r", "\n").split("\n")) for n in HYSTERICAL]
    _assert_not_formulas(rows)
    assert all(r["status"] == "ok" and r["files"].startswith("'") for r in rows[:4])
    # the files the report lists are the real ones, once the quote is taken off
    assert sorted(listed_files(out / "report.csv")) == sorted(
        str(p.relative_to(out).as_posix()) for p in out.glob("*/*.docx"))


def test_formula_cells_from_xlsx_and_errors_are_neutralised(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["agency.name", "header.date"])
    for n, (name, date) in enumerate([*((h, "2024-03-11") for h in HYSTERICAL[:4]), ("=bad date", "2024-02-30")]):
        cell = book.active.cell(n + 2, 1, name)
        cell.data_type = "s"  # text that begins with "=", as a cell typed with a leading quote holds
        book.active.cell(n + 2, 2, date)
    table = tmp_path / "t.xlsx"
    book.save(table)
    out = tmp_path / "out"
    assert batch(table, out) == 1
    rows = report(out)
    assert [r["agency"] for r in rows] == ["'" + n for n in HYSTERICAL[:4]] + ["'=bad date"]
    assert rows[-1]["status"] == "failed" and "header.date" in rows[-1]["error"]
    _assert_not_formulas(rows)


def test_safe_cell_is_one_line_of_text_and_idempotent():
    assert safe_cell("=1+1") == "'=1+1" == safe_cell(safe_cell("=1+1"))
    assert safe_cell("ก\nข\r\nค") == "ก ข  ค"
    assert safe_cell("\ud800x") == "?x"
    assert safe_cell("−5 (a minus sign, not a hyphen)") == "−5 (a minus sign, not a hyphen)"
    assert safe_cell("＝1") == "'＝1"


# --- resume and reruns ------------------------------------------------------------------------------

def test_resume_keeps_earlier_lines_with_their_files(tmp_path):
    table = write_csv(tmp_path, agencies(3))
    out = tmp_path / "out"
    assert batch(table, out) == 0
    first = report(out)
    assert [r["status"] for r in first] == ["ok"] * 3 and all(r["files"] for r in first)
    assert batch(table, out, "--resume") == 0
    assert report(out) == first  # not rewritten as "skipped" with no files
    # a longer table: the new rows are rendered, the old ones keep their lines
    table = write_csv(tmp_path, agencies(5))
    assert batch(table, out, "--resume") == 0
    rows = report(out)
    assert rows[:3] == first and [r["status"] for r in rows[3:]] == ["ok", "ok"]
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6"]


def test_resume_without_an_earlier_line_lists_the_files(tmp_path):
    table = write_csv(tmp_path, agencies(2))
    out = tmp_path / "out"
    assert batch(table, out) == 0
    (out / "report.csv").unlink()  # e.g. the officer deleted it
    assert batch(table, out, "--resume") == 0
    rows = report(out)
    assert [r["status"] for r in rows] == ["skipped", "skipped"]
    assert all(r["files"].endswith("/memo.docx") for r in rows)


def test_a_rerun_that_fails_on_its_table_keeps_the_report(tmp_path):
    table = write_csv(tmp_path, agencies(3))
    out = tmp_path / "out"
    assert batch(table, out) == 0
    before = (out / "report.csv").read_bytes()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"agency.name\n\xff\xfe\n")  # not UTF-8 from its first row
    assert batch(broken, out) == 2
    assert (out / "report.csv").read_bytes() == before
    duplicate = write_csv(tmp_path, agencies(1), header=("agency.name", "ชื่อหน่วยงาน"), name="dup.csv")
    assert batch(duplicate, out) == 2
    assert (out / "report.csv").read_bytes() == before
    assert batch(tmp_path / "missing.csv", out) == 2
    assert (out / "report.csv").read_bytes() == before


def test_a_row_that_fails_on_rerun_loses_its_marker(tmp_path):
    table = write_csv(tmp_path, agencies(2))
    out = tmp_path / "out"
    assert batch(table, out) == 0
    folder = out / "เทศบาลตำบลที่ 2"
    assert (folder / COMPLETE_MARKER).is_file()
    table = write_csv(tmp_path, [agencies(1)[0], ["เทศบาลตำบลที่ 2", "2024-02-30"]])
    assert batch(table, out) == 1
    assert not (folder / COMPLETE_MARKER).exists()
    assert (folder / "memo.docx").is_file()  # what was produced is not deleted
    rows = report(out)
    assert [r["status"] for r in rows] == ["ok", "failed"] and "header.date" in rows[1]["error"]
    assert batch(table, out, "--resume") == 1  # not "skipped", exit 0
    assert [r["status"] for r in report(out)] == ["ok", "failed"]


def test_a_shorter_table_gives_a_report_of_its_own_rows(tmp_path):
    out = tmp_path / "out"
    assert batch(write_csv(tmp_path, agencies(4)), out) == 0
    assert batch(write_csv(tmp_path, agencies(2)), out) == 0
    assert [r["row"] for r in report(out)] == ["2", "3"]


# --- malformed rows -------------------------------------------------------------------------------

def test_malformed_csv_row_fails_alone(tmp_path):
    rows = agencies(5)
    rows[1] = rows[1] + ["an extra cell"]
    table = write_csv(tmp_path, rows)
    with table.open("ab") as handle:  # a row that is not UTF-8 (Latin-1) and one with a lone surrogate
        handle.write("Caf\xe9,2024-03-11\n".encode("latin-1") + b"\xed\xa0\x80,2024-03-11\n")
    out = tmp_path / "out"
    assert batch(table, out) == 1
    got = report(out)
    assert [(r["row"], r["status"]) for r in got] == [
        ("2", "ok"), ("3", "failed"), ("4", "ok"), ("5", "ok"), ("6", "ok"), ("7", "failed"), ("8", "failed")]
    assert "more cells than headers" in got[1]["error"]
    assert "UTF-8" in got[5]["error"] and "agency.name" in got[5]["error"] and "UTF-8" in got[6]["error"]
    assert len(list(out.glob(f"*/{COMPLETE_MARKER}"))) == 4


def test_malformed_json_lines_fail_alone(tmp_path):
    good = {"agency": {"name": "เทศบาลตำบลหนึ่ง"}}
    table = tmp_path / "t.jsonl"
    table.write_bytes(b"\n".join([
        json.dumps(good, ensure_ascii=False).encode(),
        b'{"agency": {"name": "x"',  # cut short
        '{"agency": {"name": "Caf\xe9"}}'.encode("latin-1"),
        b'{"agency": {"name": "\\ud800"}}',  # a lone surrogate
        b"[1, 2]",
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"agency": {"name": "เทศบาลตำบลสอง"}}, ensure_ascii=False).encode(),
    ]) + b"\n")
    out = tmp_path / "out"
    assert batch(table, out) == 1
    got = report(out)
    assert [(r["row"], r["status"]) for r in got] == [
        ("1", "ok"), ("2", "failed"), ("3", "failed"), ("4", "failed"), ("5", "failed"), ("6", "failed"),
        ("7", "ok")]
    assert "invalid JSON" in got[1]["error"] and "UTF-8" in got[2]["error"]
    assert "agency.name" in got[3]["error"] and "object" in got[4]["error"]


def test_render_batch_given_a_row_that_is_not_a_mapping(tmp_path):
    rows = [["not", "a", "mapping"], "text", {"agency": {"name": "เทศบาลตำบลหนึ่ง"}}]
    defaults = {k: v for k, v in DEFAULTS.items() if k != "kind"}
    outcomes = list(render_batch(rows, "memo", tmp_path, defaults=defaults))
    assert [o.status for o in outcomes] == ["failed", "failed", "ok"]
    assert "mapping" in outcomes[0].error


# --- the journal itself ---------------------------------------------------------------------------

def test_journal_lines_survive_a_kill_and_are_compacted_next_time(tmp_path):
    path = tmp_path / "report.csv"
    first = Report(path)
    first.add(RowOutcome(2, "ก", "ok", ("ก/memo.docx",)))
    first.add(RowOutcome(3, "ข", "failed", error="bad\nthing"))
    first._lock.release()  # as if killed: never closed, never compacted
    first._handle.close()
    with path.open("ab") as handle:
        handle.write(b'4,"\xe0\xb8\x84,ok')  # a line cut mid-character by the kill
    lines = path.read_bytes().split(b"\r\n")
    assert len(lines) == 4 and lines[2].startswith(b"3,")  # one physical line per row, flushed
    second = Report(path)
    second.add(RowOutcome(3, "ข", "ok", ("ข/memo.docx",)))
    second.add(RowOutcome(2, "ก", "skipped", ("ก/memo.docx",)))
    second.close()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["status"], r["files"]) for r in rows] == [("2", "ok", "ก/memo.docx"), ("3", "ok", "ข/memo.docx")]
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_cells_that_are_not_text(tmp_path):
    report_ = Report(tmp_path / "report.csv")
    report_.add(RowOutcome(1, "\udcff", "failed", error="line one\nline two\r\nthree"))
    report_.close()
    text = (tmp_path / "report.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[1] == "1,?,failed,,line one line two  three,"


def test_an_agency_named_like_the_report(tmp_path):
    table = write_csv(tmp_path, [["report.csv", "2024-03-11"], ["REPORT.CSV", "2024-03-11"]])
    out = tmp_path / "out"
    assert batch(table, out) == 0
    assert (out / "report.csv").is_file() and (out / "report.csv-2" / "memo.docx").is_file()
    assert [r["status"] for r in report(out)] == ["ok", "ok"]


# --- one batch at a time --------------------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="flock")
def test_a_second_batch_into_the_same_folder_is_refused(tmp_path, capsys):
    table = write_csv(tmp_path, agencies(120))
    defaults = defaults_file(tmp_path)
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "ita_docs", "batch", str(table), "--kind", "memo", "--defaults",
                              str(defaults), "-o", str(out), "--jobs", "1", "--quiet"],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(out.glob(f"*/{COMPLETE_MARKER}"))) < 3:
            time.sleep(0.05)
        assert first.poll() is None, "the first batch ended before the second started"
        assert (out / LOCK_NAME).read_text().strip() == str(first.pid)
        capsys.readouterr()
        assert batch(table, out) == 2
        err = capsys.readouterr().err
        assert f"pid {first.pid}" in err and "another batch" in err
    finally:
        _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err.decode()
    rows = report(out)
    assert [int(r["row"]) for r in rows] == list(range(2, 122)) and {r["status"] for r in rows} == {"ok"}
    assert not (out / LOCK_NAME).exists()


def test_a_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / LOCK_NAME).write_text(f"{dead.pid}\n")
    assert batch(write_csv(tmp_path, agencies(1)), out) == 0
    assert not (out / LOCK_NAME).exists()


def test_a_lock_file_that_is_a_symlink_is_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / LOCK_NAME).symlink_to(victim)
    assert batch(write_csv(tmp_path, agencies(1)), out) == 2
    assert victim.read_text() == "keep me"


def test_a_report_from_before_the_journal_keeps_its_multiline_rows(tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes("\ufeffrow,agency,status,files,error,warnings\r\n"
                     '2,ก,failed,,"TemplateError: one\nline two ""quoted""",\r\n'
                     "3,ข,ok,ข/memo.docx,,\r\n".encode("utf-8"))
    journal = Report(path)
    journal.add(RowOutcome(4, "ค", "ok", ("ค/memo.docx",)))
    journal.close(finished=False)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["status"]) for r in rows] == [("2", "failed"), ("3", "ok"), ("4", "ok")]
    assert rows[0]["error"] == 'TemplateError: one\nline two "quoted"'


def test_rows_in_flight_are_reported_when_the_table_breaks_off(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from ita_docs.batch import TableError

    def rows():
        yield {"agency": {"name": "เทศบาลตำบลหนึ่ง"}}
        yield {"agency": {"name": "เทศบาลตำบลสอง"}}
        raise TableError("t.xlsx", "the sheet breaks off here")

    defaults = {k: v for k, v in DEFAULTS.items() if k != "kind"}
    seen = []
    with ThreadPoolExecutor(2) as executor:
        with pytest.raises(TableError):
            for outcome in render_batch(rows(), "memo", tmp_path, defaults=defaults, executor=executor):
                seen.append(outcome)
    assert [(o.row, o.status) for o in seen] == [(1, "ok"), (2, "ok")]
