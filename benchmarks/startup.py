"""Two ratios of issue 19, each measured against its reference in the same run.

    python benchmarks/startup.py [--repeat 7] [--rows 20 120] [--stock 60] [--batch-repeat 3]

1. Start-up: the CPU (user + system, of the child process) of one `ita-docs render` of
   examples/memo.yaml, against a fresh interpreter importing pydantic, jinja2, lxml.etree and
   PyYAML (the libraries any such tool loads). Median of --repeat runs each, from .pyc files as
   an installed package runs. Target: ≤ 2×.
2. Batch: the marginal CPU per document of `ita-docs batch` of the O42 bundle (six documents a row,
   emblem on, one job; the difference between two table sizes, so start-up and template compiling
   cancel out), against stock docxtpl rendering a plain template of 30 paragraphs and a 20-row
   table in this process (open, render, save to memory; median of --stock documents).
   Target: ≤ 0.05×. The batch writes each file durably (fsync): its system time is given apart,
   with the files on disk and in RAM (/dev/shm), where syncing costs next to nothing.

Prints the load average too: the machine may be shared, and CPU time is what is compared.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from batch_speed import DOCUMENTS_PER_ROW, EMBLEM, write_inputs  # noqa: E402

LIBRARIES = "import pydantic, jinja2, lxml.etree, yaml"


def ram_folder() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


# As an installed package runs: from its compiled .pyc files (pip writes them at install; a shell
# with PYTHONDONTWRITEBYTECODE would otherwise compile every module from source on every run).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child_times(command: list[str], **kwargs) -> tuple[float, float]:
    """CPU seconds (user, system) of one run of command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def child_cpu(command: list[str], **kwargs) -> float:
    """CPU seconds (user + system) of one run of command and its children."""
    return sum(child_times(command, **kwargs))


def median_cpu(command: list[str], repeat: int, **kwargs) -> float:
    child_cpu(command, **kwargs)  # warm the disk cache and the .pyc files
    return statistics.median(child_cpu(command, **kwargs) for _ in range(repeat))


def plain_template(folder: Path) -> Path:
    """30 paragraphs and a 20-row table (header + a {%tr for %} row), as docxtpl's users write them."""
    from docx import Document

    document = Document()
    for n in range(30):
        document.add_paragraph(f"{{{{ paragraphs[{n}] }}}}")
    table = document.add_table(rows=4, cols=3)
    for cell, title in zip(table.rows[0].cells, ("ลำดับ", "รายการ", "จำนวน")):
        cell.text = title
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, field in zip(table.rows[2].cells, ("number", "item", "amount")):
        cell.text = f"{{{{ row.{field} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    path = folder / "plain.docx"
    document.save(path)
    return path


def stock_cpu_per_document(template: Path, count: int) -> float:
    from docxtpl import DocxTemplate

    context = {
        "paragraphs": [f"ย่อหน้าที่ {n} ของหนังสือราชการ ข้อความยาวพอสมควรเพื่อให้เหมือนเอกสารจริง" * 2 for n in range(30)],
        "rows": [{"number": n, "item": f"รายการที่ {n}", "amount": f"{n * 1234:,}"} for n in range(1, 21)],
    }
    times = []
    for n in range(count + 3):
        started = time.process_time()
        document = DocxTemplate(str(template))
        document.render(context)
        document.save(io.BytesIO())
        if n >= 3:  # the first documents warm python-docx and Jinja
            times.append(time.process_time() - started)
    return statistics.median(times)


def batch_cpu(folder: Path, out_folder: Path, rows: int) -> tuple[float, float]:
    table, defaults = write_inputs(folder, rows)
    out = out_folder / f"out-{rows}"
    emblem = ["--emblem", str(EMBLEM)] if EMBLEM.is_file() else []
    return child_times([sys.executable, "-m", "ita_docs", "batch", str(table), "--kind", "o42-bundle",
                      "--defaults", str(defaults), "-o", str(out), "--jobs", "1", "--quiet", *emblem],
                     stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rows", type=int, nargs=2, default=(20, 120), metavar=("FEW", "MANY"))
    parser.add_argument("--stock", type=int, default=60, help="stock docxtpl documents timed")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of each batch (their median)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        render = median_cpu([sys.executable, "-m", "ita_docs", "render", str(REPO / "examples" / "memo.yaml"),
                             "-o", str(folder / "memo.docx")], args.repeat, stderr=subprocess.DEVNULL)
        imports = median_cpu([sys.executable, "-c", LIBRARIES], args.repeat)
        version = median_cpu([sys.executable, "-m", "ita_docs", "--version"], args.repeat)
        documents = (args.rows[1] - args.rows[0]) * DOCUMENTS_PER_ROW
        marginal = {}  # where the files go → (user, system) CPU seconds per document
        with tempfile.TemporaryDirectory(dir=ram_folder()) as ram:
            for where, out_folder in (("disk", folder), ("RAM", Path(ram))):
                runs = []
                for n in range(args.batch_repeat):  # the median of a few: the machine may be shared
                    few, many = (batch_cpu(folder, out_folder / str(n), rows) for rows in args.rows)
                    runs.append(((many[0] - few[0]) / documents, (many[1] - few[1]) / documents))
                marginal[where] = min(runs, key=sum) if len(runs) < 3 else sorted(runs, key=sum)[len(runs) // 2]
        stock = stock_cpu_per_document(plain_template(folder), args.stock)
    load_after = os.getloadavg()[0]
    print(f"load average {load_before:.2f} before, {load_after:.2f} after (1 min); {os.cpu_count()} cores; CPU time")
    print(f"ita-docs render memo.yaml: {render * 1000:.0f} ms CPU; `{LIBRARIES}`: {imports * 1000:.0f} ms "
          f"→ {render / imports:.2f}× (target ≤ 2×); ita-docs --version: {version * 1000:.0f} ms")
    print(f"stock docxtpl, 30 paragraphs + 20-row table, saved to memory: {stock * 1000:.2f} ms CPU per document")
    for where, (user, system) in marginal.items():
        print(f"ita-docs batch o42-bundle (emblem {'on' if EMBLEM.is_file() else 'off'}, --jobs 1, files on {where}): "
              f"{(user + system) * 1000:.2f} ms CPU per document (user {user * 1000:.2f} + system "
              f"{system * 1000:.2f}; rows {args.rows[0]}→{args.rows[1]}) → {(user + system) / stock:.3f}× "
              f"(target ≤ 0.05×)")


if __name__ == "__main__":
    main()
