"""Documents per second of `ita-docs batch`, and its peak memory as the table grows.

    python benchmarks/batch_speed.py [--rows 1000] [--pdf-rows N] [--rss-rows 500 5000] [--skip-pdf]

Prints, for the o42-bundle kind (six documents a row): documents/s with one job and with every
core, .docx only and with PDF, then the peak RSS (parent and workers) at each table size. A flat
RSS across sizes is what streaming promises. Runs the real command line in a subprocess, with the
Garuda of ../shared/assets when it is there; the PDF runs need the TH Sarabun fonts installed (or a
FONTCONFIG_FILE adding them). Each line gives the wall-clock rate, the CPU per document of the
command and its workers, and the load average: the machine may be shared.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = yaml.safe_load((REPO / "examples" / "o42-bundle.yaml").read_text(encoding="utf-8"))
DOCUMENTS_PER_ROW = 6
EMBLEM = REPO.parent / "shared" / "assets" / "garuda.png"  # on, as a real batch has it, when present


def _varied(score: float, row: int, column: int) -> float:
    """The example's score moved by up to ±2 (deterministic, no two rows alike within 401): every
    agency has its own scores, as in a real batch, so nothing computed from them is shared between rows."""
    return round(min(100.0, max(0.0, float(score) + ((row * 37 + column * 11) % 401 - 200) / 100)), 2)


def write_inputs(folder: Path, rows: int) -> tuple[Path, Path]:
    scores = EXAMPLE["assessment"]["scores"]
    table = folder / f"agencies-{rows}.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["agency.name", "agency.chief.name", "agency.chief.position", "assessment.fiscal_year"]
                        + [f"assessment.scores.{k}" for k in scores])
        for i in range(rows):
            writer.writerow([f"เทศบาลตำบลที่ {i + 1}", "นายทดสอบ ใจดี", "นายกเทศมนตรี", 2565,
                             *(_varied(score, i, k) for k, score in enumerate(scores.values()))])
    defaults = folder / "defaults.yaml"
    shared = {k: v for k, v in EXAMPLE.items() if k not in ("kind", "agency", "assessment")}
    defaults.write_text(yaml.safe_dump(shared, allow_unicode=True), encoding="utf-8")
    return table, defaults


def run(table: Path, defaults: Path, out: Path, jobs: int, pdf: bool) -> tuple[float, int, float]:
    """(seconds, peak RSS in MB of the command and its workers, their CPU seconds: LibreOffice's
    only as far as its processes are waited for by theirs)."""
    command = [sys.executable, "-m", "ita_docs", "batch", str(table), "--kind", "o42-bundle", "--defaults",
               str(defaults), "-o", str(out), "--jobs", str(jobs), "--quiet"] + (["--pdf"] if pdf else []) + (
        ["--emblem", str(EMBLEM)] if EMBLEM.is_file() else [])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"batch failed ({result.returncode}): {result.stderr[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss  # the largest child so far, in KB
    return seconds, max(peak, before) // 1024, usage.ru_utime + usage.ru_stime - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--pdf-rows", type=int, help="rows for the PDF runs (default: --rows)")
    parser.add_argument("--skip-pdf", action="store_true", help="only the .docx runs and the RSS")
    parser.add_argument("--rss-rows", type=int, nargs="*", default=[500, 5000])
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"o42-bundle, {DOCUMENTS_PER_ROW} documents a row, {cores} cores, "
              f"emblem {'on' if EMBLEM.is_file() else 'off (not found)'}")
        runs = [(False, args.rows)] + ([] if args.skip_pdf else [(True, args.pdf_rows or args.rows)])
        for pdf, rows in runs:
            table, defaults = write_inputs(folder, rows)
            for jobs in sorted({1, cores}):
                seconds, _, cpu = run(table, defaults, folder / f"out-{pdf}-{jobs}", jobs, pdf)
                kind = "docx+pdf" if pdf else "docx"
                documents = rows * DOCUMENTS_PER_ROW
                print(f"{kind:9} jobs={jobs}: {rows} rows in {seconds:6.1f} s = {documents / seconds:7.1f} "
                      f"documents/s; {cpu / documents * 1000:6.2f} ms CPU a document (command and workers); "
                      f"load average {os.getloadavg()[0]:.2f}")
        for rows in args.rss_rows:
            table, defaults = write_inputs(folder, rows)
            # a fresh interpreter per size, so each peak is its own
            code = (f"import resource,subprocess,sys; subprocess.run([sys.executable,'-m','ita_docs','batch',"
                    f"{str(table)!r},'--kind','o42-bundle','--defaults',{str(defaults)!r},'-o',"
                    f"{str(folder / f'rss-{rows}')!r},'--jobs','{cores}','--quiet'],cwd={str(REPO)!r},check=True);"
                    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss//1024)")
            peak = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            print(f"peak RSS at {rows:5} rows: {peak.stdout.strip()} MB")


if __name__ == "__main__":
    main()
