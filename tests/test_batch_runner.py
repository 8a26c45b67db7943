"""The batch runner: defaults merged under rows, a folder per agency, bad rows reported with their
field while the others are produced, any Executor, resume after a partial run."""

from __future__ import annotations

import csv
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

import docx
import pytest
import yaml
from conftest import REPO

from ita_docs.batch import Report, merge, render_batch
from ita_docs.batch.runner import COMPLETE_MARKER, is_complete

EXAMPLE = yaml.safe_load((REPO / "examples" / "o42-bundle.yaml").read_text(encoding="utf-8"))
DEFAULTS = {k: v for k, v in EXAMPLE.items() if k not in ("kind", "agency", "assessment")}
SCORES = EXAMPLE["assessment"]["scores"]


def row(name: str, **scores) -> dict:
    return {"agency": {"name": name, "chief": {"name": "นายทดสอบ ใจดี", "position": f"นายก{name}"}},
            "assessment": {"fiscal_year": 2565, "scores": {**SCORES, **scores}}}


ROWS = [row("เทศบาลตำบลหนึ่ง"), row("เทศบาลตำบลสอง", I1=120), row("../x"), row("เทศบาลตำบลหนึ่ง"), row("CON")]


def test_merge_row_over_defaults_field_by_field():
    defaults = {"agency": {"name": "d", "province": "p"}, "measures": [{"title": "a"}, {"title": "b"}]}
    merged = merge(defaults, {"agency": {"name": "r"}, "measures": [{"title": "c"}]})
    assert merged == {"agency": {"name": "r", "province": "p"}, "measures": [{"title": "c"}]}
    assert defaults["agency"]["name"] == "d"  # the defaults are not changed


@pytest.mark.parametrize("parallel", [False, True])
def test_batch_renders_good_rows_and_reports_bad_ones(tmp_path, parallel):
    executor = ProcessPoolExecutor(2) if parallel else None
    try:
        outcomes = list(render_batch(ROWS, "o42-bundle", tmp_path, defaults=DEFAULTS, executor=executor,
                                     base_dir=REPO / "examples"))
    finally:
        if executor:
            executor.shutdown()
    assert [o.row for o in outcomes] == [1, 2, 3, 4, 5]
    assert [o.status for o in outcomes] == ["ok", "failed", "ok", "ok", "ok"]
    assert "assessment.scores.I1" in outcomes[1].error and "120" in outcomes[1].error
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == sorted(["เทศบาลตำบลหนึ่ง", "_x", "เทศบาลตำบลหนึ่ง-2", "_CON"])
    for outcome in outcomes:
        if outcome.status == "ok":
            assert len([f for f in outcome.files if f.endswith(".docx")]) == 6
            for name in outcome.files:
                docx.Document(tmp_path / name)  # every file opens
    assert not (tmp_path / "เทศบาลตำบลสอง").exists()  # nothing half-made for the bad row


def test_resume_skips_complete_folders_only(tmp_path):
    first = list(render_batch(ROWS[:1], "o42-bundle", tmp_path, defaults=DEFAULTS))
    folder = tmp_path / "เทศบาลตำบลหนึ่ง"
    assert first[0].status == "ok" and is_complete(folder)
    again = list(render_batch(ROWS[:1], "o42-bundle", tmp_path, defaults=DEFAULTS, resume=True))
    assert again[0].status == "skipped"
    (folder / "03-measures-announcement.docx").unlink()  # as if killed before this file
    third = list(render_batch(ROWS[:1], "o42-bundle", tmp_path, defaults=DEFAULTS, resume=True))
    assert third[0].status == "ok" and (folder / "03-measures-announcement.docx").is_file()
    assert (folder / COMPLETE_MARKER).is_file()


def test_report_csv(tmp_path):
    report = Report(tmp_path / "report.csv")
    for outcome in render_batch(ROWS[:2], "o42-bundle", tmp_path / "out", defaults=DEFAULTS):
        report.add(outcome)
    report.close()
    with (tmp_path / "report.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.DictReader(handle))
    assert [(r["row"], r["agency"], r["status"]) for r in lines] == [
        ("1", "เทศบาลตำบลหนึ่ง", "ok"), ("2", "เทศบาลตำบลสอง", "failed")]
    assert "scores.I1" in lines[1]["error"]


def test_cli_batch_csv_report_exit_codes_and_zip(tmp_path):
    import zipfile

    from ita_docs.cli import main

    table = tmp_path / "agencies.csv"
    lines = ["ชื่อหน่วยงาน,agency.chief.name,agency.chief.position,assessment.fiscal_year,"
             + ",".join(f"assessment.scores.{k}" for k in SCORES)]
    for name, i1 in (("เทศบาลตำบลหนึ่ง", 92.18), ("เทศบาลตำบลสอง", 120), ("เทศบาลตำบลสาม", 80)):
        scores = {**SCORES, "I1": i1}
        lines.append(f"{name},นายทดสอบ ใจดี,นายก{name},2565," + ",".join(str(v) for v in scores.values()))
    table.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text(yaml.safe_dump({**DEFAULTS, "kind": "o42-bundle"}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(table), "--kind", "o42-bundle", "--defaults", str(defaults), "-o", str(out),
                 "--jobs", "2", "--zip", "--quiet"])
    assert code == 1  # one row failed, the others were produced
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert [(r["row"], r["status"]) for r in report] == [("2", "ok"), ("3", "failed"), ("4", "ok")]
    assert "assessment.scores.I1" in report[1]["error"]
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = archive.namelist()
        assert "out/เทศบาลตำบลหนึ่ง/01-o42-memo.docx" in names
        assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())
    assert main(["batch", str(tmp_path / "none.csv"), "--kind", "o42-bundle", "-o", str(out), "--quiet"]) == 2
    assert main(["batch", str(table), "--kind", "nope", "-o", str(out), "--quiet"]) == 2


def test_list_cells_split_on_the_separator(tmp_path):
    from ita_docs.cli import main

    table = tmp_path / "agencies.csv"
    header = ["agency.name", "agency.chief.name", "agency.chief.position", "assessment.fiscal_year",
              *(f"assessment.scores.{k}" for k in SCORES), "strengths", "measures.1.title", "measures.1.steps",
              "measures.1.responsible"]
    values = ["เทศบาลตำบลหนึ่ง", "นายทดสอบ ใจดี", "นายกเทศมนตรี", "2565", *(str(v) for v in SCORES.values()),
              "จุดแข็งข้อแรก | จุดแข็งข้อสอง", "มาตรการทดสอบ", "ขั้นที่หนึ่ง|ขั้นที่สอง", "สำนักปลัด"]
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, values])
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text(yaml.safe_dump({**DEFAULTS, "kind": "o42-bundle"}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(table), "--kind", "o42-bundle", "--defaults", str(defaults), "-o", str(out),
                 "--jobs", "1", "--quiet"]) == 0
    memo = "\n".join(p.text for p in docx.Document(out / "เทศบาลตำบลหนึ่ง" / "01-o42-memo.docx").paragraphs)
    assert "จุดแข็งข้อแรก" in memo and "จุดแข็งข้อสอง" in memo
    assert "จุดแข็งข้อแรก | จุดแข็งข้อสอง" not in memo
    texts = [p.text for name in ("01-o42-memo.docx", "02-analysis-report.docx")
             for p in docx.Document(out / "เทศบาลตำบลหนึ่ง" / name).element.body.iter(docx.oxml.ns.qn("w:p"))
             for p in [docx.text.paragraph.Paragraph(p, None)]]
    assert any("ขั้นที่หนึ่ง" in t for t in texts) and any("ขั้นที่สอง" in t for t in texts)
    assert not any("|" in t for t in texts)


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("terminal", [True, False])
def test_progress_bar_only_on_a_terminal(tmp_path, terminal):
    import fcntl
    import os
    import struct
    import subprocess
    import sys
    import termios
    import threading

    table = tmp_path / "rows.csv"
    table.write_text("agency.name\n" + "".join(f"หน่วยงาน {i}\n" for i in range(12)), encoding="utf-8")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    chunks: list[bytes] = []

    def read_terminal():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read_terminal)
    reader.start()
    command = [sys.executable, "-m", "ita_docs", "batch", str(table), "--kind", "memo", "--defaults",
               str(REPO / "examples" / "memo.yaml"), "-o", str(tmp_path / "out"), "--jobs", "1"]
    stderr = slave if terminal else subprocess.PIPE
    process = subprocess.run(command, cwd=REPO, stdout=slave, stderr=stderr, timeout=120)
    os.close(slave)
    reader.join(10)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace") + (process.stderr or b"").decode("utf-8")
    assert process.returncode == 0
    assert ("12/12" in shown and "row/s" in shown) is terminal  # the total, the rate, the time left
    assert "12 done" in shown


class _LosingExecutor(Executor):
    """Runs rows here, except that the worker running row 1 "dies" (its future fails)."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        if args[0].number == 1:
            future.set_exception(RuntimeError("worker lost"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_a_lost_worker_fails_its_row_and_the_batch_goes_on(tmp_path):
    outcomes = list(render_batch(ROWS[:2], "o42-bundle", tmp_path, defaults=DEFAULTS, executor=_LosingExecutor(),
                                 window=2))
    assert [(o.row, o.status) for o in outcomes] == [(1, "failed"), (2, "failed")]
    assert "--resume" in outcomes[0].error and "worker lost" in outcomes[0].error
    assert "I1" in outcomes[1].error  # row 2's own input error, not the lost worker's


def test_files_sent_back_by_workers_equal_files_they_write(tmp_path, monkeypatch):
    """return_files (workers that do not share OUTDIR): rendered in the worker's temporary folder,
    written here with the same names, contents and completion marker."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # undated documents carry "now": two runs, one time
    with ThreadPoolExecutor(1) as pool:  # one thread: warnings.catch_warnings is not thread-safe
        shared = list(render_batch(ROWS, "o42-bundle", tmp_path / "a", defaults=DEFAULTS, executor=pool))
        returned = list(render_batch(ROWS, "o42-bundle", tmp_path / "b", defaults=DEFAULTS, executor=pool,
                                     return_files=True))
    assert shared == returned
    a = {str(p.relative_to(tmp_path / "a")): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {str(p.relative_to(tmp_path / "b")): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b and any(name.endswith(COMPLETE_MARKER) for name in a)
    resumed = list(render_batch(ROWS, "o42-bundle", tmp_path / "b", defaults=DEFAULTS, resume=True, return_files=True))
    assert [o.status for o in resumed if o.status != "failed"] == ["skipped"] * len([o for o in shared if o.status == "ok"])
