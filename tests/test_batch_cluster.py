"""Issue 20: `ita-docs batch --scheduler` on a Dask cluster (a LocalCluster of two worker
processes here): the same files and report as a local run, whether the workers write OUTDIR
themselves or send the files back; a worker killed mid-run loses no row, and --resume finishes."""

from __future__ import annotations

import os
import signal
import time

import pytest
from test_batch_scale import BROKEN, report, run_batch, write_table

distributed = pytest.importorskip("distributed")

ROWS = 200
GOOD = ROWS - len([i for i in BROKEN if i < ROWS])
pytestmark = pytest.mark.slow  # two worker processes and three runs of 200 rows: the full tier


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  local_directory=str(tmp_path_factory.mktemp("dask"))) as local:
        yield local


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    return write_table(tmp_path_factory.mktemp("table"), ROWS)


@pytest.fixture(scope="module")
def local_run(table, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    process = run_batch(*table, out, "--jobs", "1", "--reproducible")  # undated documents: no "now" in them
    process.communicate(timeout=600)
    assert process.returncode == 1  # the broken rows
    return out


def files_of(out) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("report.csv", ".ita-docs.lock")}


@pytest.mark.parametrize("deliver", ["shared", "return", "auto"])
def test_cluster_run_equals_a_local_run(cluster, table, local_run, tmp_path, deliver):
    out = tmp_path / "out"
    process = run_batch(*table, out, "--scheduler", cluster.scheduler_address, "--deliver", deliver, "--reproducible")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 1, err[-2000:]
    assert report(out) == report(local_run)
    assert len([r for r in report(out) if r["status"] == "ok"]) == GOOD
    mine, theirs = files_of(out), files_of(local_run)
    assert sorted(mine) == sorted(theirs) and len(mine) > 6 * (GOOD)
    assert [name for name in mine if mine[name] != theirs[name]] == []


def test_a_worker_killed_mid_run_loses_no_row(table, tmp_path):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  local_directory=str(tmp_path / "dask")) as local, distributed.Client(local) as client:
        out = tmp_path / "out"
        process = run_batch(*table, out, "--scheduler", local.scheduler_address, "--deliver", "return")
        journal = out / "report.csv"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and (not journal.is_file() or journal.read_text("utf-8").count("\n") < 20):
            time.sleep(0.05)
        victim = next(iter(client.run(os.getpid).values()))
        os.kill(victim, signal.SIGKILL)
        assert journal.read_text("utf-8").count("\n") < ROWS, "killed mid-run"
        _, err = process.communicate(timeout=600)
        rows = report(out)
        assert sorted(int(r["row"]) for r in rows) == list(range(2, ROWS + 2)), err[-2000:]  # none lost
        for r in rows:
            if r["status"] == "ok":
                assert all((out / name).is_file() for name in r["files"].split(" | ") if name), r
        process = run_batch(*table, out, "--scheduler", local.scheduler_address, "--resume")
        process.communicate(timeout=600)
        rows = report(out)
        assert len([r for r in rows if r["status"] in ("ok", "skipped")]) == GOOD


def test_pdfs_on_the_cluster_read_as_a_local_run(real_fonts, tmp_path):
    """--pdf on the workers (one LibreOffice kept per worker), files sent back: the same text."""
    import pymupdf

    table = write_table(tmp_path, 6)
    local = tmp_path / "local"
    process = run_batch(*table, local, "--jobs", "1", "--pdf")
    process.communicate(timeout=600)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  local_directory=str(tmp_path / "dask")) as cluster:
        out = tmp_path / "out"
        process = run_batch(*table, out, "--pdf", "--scheduler", cluster.scheduler_address, "--deliver", "return")
        _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    pdfs = sorted(p.relative_to(local) for p in local.rglob("*.pdf"))
    assert len(pdfs) == 6 * 6 and pdfs == sorted(p.relative_to(out) for p in out.rglob("*.pdf"))
    for name in pdfs:
        with pymupdf.open(local / name) as a, pymupdf.open(out / name) as b:
            assert [page.get_text() for page in a] == [page.get_text() for page in b], name
