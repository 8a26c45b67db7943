"""A 500-agency table with broken rows, and a run killed with SIGKILL then resumed."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest
import yaml
from conftest import REPO

EXAMPLE = yaml.safe_load((REPO / "examples" / "o42-bundle.yaml").read_text(encoding="utf-8"))
SCORES = EXAMPLE["assessment"]["scores"]
HEADER = (["agency.name", "agency.chief.name", "agency.chief.position", "assessment.fiscal_year"]
          + [f"assessment.scores.{k}" for k in SCORES] + ["proposal_memo.date"])
BROKEN = {  # row index → (what is broken, the field the report must name)
    7: ("score", "assessment.scores.I1"),
    99: ("date", "proposal_memo.date"),
    250: ("missing", "agency.chief.name"),
    421: ("year", "assessment.fiscal_year"),
}


def write_table(folder, rows: int, extra_column: bool = False):
    table = folder / "agencies.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER + (["agency.nmae"] if extra_column else []))
        for i in range(rows):
            scores = dict(SCORES)
            name, chief, year, date = f"เทศบาลตำบลที่ {i + 1}", "นายทดสอบ ใจดี", "2565", "2022-11-03"
            broken = BROKEN.get(i, (None,))[0]
            if broken == "score":
                scores["I1"] = "๙๙x"
            elif broken == "date":
                date = "2022-02-30"
            elif broken == "missing":
                chief = ""
            elif broken == "year":
                year = "สองห้าหกห้า"
            writer.writerow([name, chief, "นายกเทศมนตรี", year, *scores.values(), date]
                            + (["x"] if extra_column else []))
    defaults = folder / "defaults.yaml"
    settings = {k: v for k, v in EXAMPLE.items() if k not in ("kind", "agency", "assessment", "proposal_memo")}
    defaults.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return table, defaults


def run_batch(table, defaults, out, *extra, **popen):
    command = [sys.executable, "-m", "ita_docs", "batch", str(table), "--kind", "o42-bundle",
               "--defaults", str(defaults), "-o", str(out), "--quiet", *extra]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def report(out):
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow  # scale and install: the full tier
def test_500_agencies_with_broken_rows(tmp_path):
    table, defaults = write_table(tmp_path, 500)
    out = tmp_path / "out"
    process = run_batch(table, defaults, out, "--jobs", "2")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 1, err
    rows = report(out)
    assert len(rows) == 500
    failed = {int(r["row"]) - 2: r["error"] for r in rows if r["status"] == "failed"}
    assert set(failed) == set(BROKEN)
    for index, (_, field) in BROKEN.items():
        assert field in failed[index], (index, failed[index])
        assert f"row {index + 2}" in err
    good = [r for r in rows if r["status"] == "ok"]
    assert len(good) == 496
    for r in good[::50]:  # every good row's files exist and open
        for name in r["files"].split(" | "):
            with zipfile.ZipFile(out / name) as package:
                assert package.testzip() is None


def test_unknown_column_is_reported_per_row(tmp_path):
    table, defaults = write_table(tmp_path, 2, extra_column=True)
    process = run_batch(table, defaults, tmp_path / "out", "--jobs", "1")
    process.communicate(timeout=120)
    assert process.returncode == 1
    assert all("agency.nmae" in r["error"] for r in report(tmp_path / "out"))


@pytest.mark.slow  # scale and install: the full tier
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_run_leaves_only_complete_files_and_resume_finishes(tmp_path):
    table, defaults = write_table(tmp_path, 300)
    out = tmp_path / "out"
    process = run_batch(table, defaults, out, "--jobs", "1", start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*/.complete"))) < 20:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    finished = len(list(out.glob("*/.complete")))
    assert 0 < finished < 296, "the run was not killed part-way"
    for docx in out.glob("*/*.docx"):  # anything with a final name is a whole file
        with zipfile.ZipFile(docx) as package:
            assert package.testzip() is None
    journal = {r["row"]: r for r in report(out)}  # flushed row by row before the kill
    assert len([r for r in journal.values() if r["status"] == "ok"]) >= finished - 1
    again = run_batch(table, defaults, out, "--jobs", "2", "--resume")
    again.communicate(timeout=600)
    assert again.returncode == 1  # the broken rows still fail
    rows = report(out)
    assert len(rows) == 300 and [int(r["row"]) for r in rows] == list(range(2, 302))
    assert all(journal[r["row"]] == r for r in rows if r["row"] in journal and journal[r["row"]]["status"] == "ok")
    assert all(r["files"] for r in rows if r["status"] in ("ok", "skipped"))  # resumed rows keep their files
    assert sum(r["status"] in ("ok", "skipped") for r in rows) == 300 - len([i for i in BROKEN if i < 300])
    assert not list(out.glob("*/.*.tmp"))
    assert len(list(out.glob("*/.complete"))) == 300 - len([i for i in BROKEN if i < 300])


def _office_pids() -> set[int]:
    ps = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return {int(line.split()[0]) for line in ps.splitlines()[1:] if "ita-docs-lo-" in line and "soffice" in line}


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_pdf_run_leaves_only_whole_pdfs_and_no_libreoffice(tmp_path, real_fonts):
    import pymupdf

    rows = 16
    table, defaults = write_table(tmp_path, rows)
    out = tmp_path / "out"
    before = _office_pids()
    process = run_batch(table, defaults, out, "--jobs", "2", "--pdf", start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and len(list(out.glob("*/.complete"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its workers, mid-conversion
    process.communicate()
    finished = len(list(out.glob("*/.complete")))
    assert 0 < finished < rows - 1, "the run was not killed part-way"
    for pdf in out.glob("*/*.pdf"):  # anything with a final name is a whole PDF
        with pymupdf.open(pdf) as doc:
            assert doc.page_count >= 1
    # LibreOffice sees its worker's pipe close and quits: nothing is left running
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _office_pids() - before:
        time.sleep(0.2)
    assert not _office_pids() - before
    again = run_batch(table, defaults, out, "--jobs", "2", "--pdf", "--resume")
    again.communicate(timeout=600)
    assert again.returncode == 1  # row 8's broken score still fails
    done = list(out.glob("*/.complete"))
    assert len(done) == rows - 1
    assert all(len(list(marker.parent.glob("*.pdf"))) == 6 for marker in done)
    assert not list(out.glob("*/.*.tmp"))
