"""Instructions of a batch document and of a render's start, counted by valgrind: figures the machine's load does not move.

    python benchmarks/instructions.py [--rows 2 22] [--stock 2 12]

CPU time on a shared machine moves by a third between runs minutes apart, more than most single
changes; the number of instructions a run executes does not (valgrind's cachegrind counts them,
about 50 times slower than running natively). Prints the instructions of one O42-bundle row (six
documents, the real `render_batch` path in one process, emblem on, output in RAM when /dev/shm is
there) as the difference between two table sizes, and those of one stock docxtpl document (the
plain template of benchmarks/startup.py), and their ratio per document. An instruction of Python's
interpreter and one of lxml's C code do not take the same time, so the ratio is not the CPU-time
ratio of benchmarks/startup.py (stock docxtpl spends most of its time in lxml); it compares versions
of this code with each other. Also prints the instructions of one `ita-docs render examples/memo.yaml`
against a fresh interpreter importing pydantic, jinja2, lxml.etree and PyYAML, and of defining and
validating one pydantic model on top of those imports (what any program validating with pydantic pays).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ROWS = """
import sys, tempfile, warnings
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
from batch_speed import EMBLEM, write_inputs
import ita_docs.api as api
from ita_docs import ItaDocsWarning
from ita_docs.batch import read_table, render_batch
folder = Path(tempfile.mkdtemp(dir={ram!r}))
table, defaults = write_inputs(folder, {rows})
warnings.simplefilter("ignore", ItaDocsWarning)
for outcome in render_batch(read_table(table), "o42-bundle", folder / "out", defaults=api.read_input_file(defaults),
                            emblem=EMBLEM if EMBLEM.is_file() else None, base_dir=folder):
    assert outcome.status == "ok", outcome.error
"""

STOCK = """
import sys, tempfile
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
import startup
startup.stock_cpu_per_document(startup.plain_template(Path(tempfile.mkdtemp())), {count})
"""


LIBRARIES = "import pydantic, jinja2, lxml.etree, yaml"
ONE_MODEL = LIBRARIES + "\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"
# as an installed package runs: from its compiled .pyc files (see benchmarks/startup.py)
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def instructions(code: str | None = None, arguments: tuple[str, ...] = ()) -> int:
    """Instructions executed by a fresh interpreter running code, or `python ARGUMENTS` (cachegrind's "I refs")."""
    command = [sys.executable, "-c", code] if code is not None else [sys.executable, *arguments]
    # run once natively first: a module changed since its .pyc was written is compiled (and written)
    # by the first run only, which would make the smaller run of a pair dearer than the larger
    subprocess.run(command, capture_output=True, check=True, env=ENVIRONMENT)
    result = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                             *command], capture_output=True, text=True, check=True, env=ENVIRONMENT)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if found is None:
        sys.exit(f"valgrind printed no instruction count:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs=2, default=(2, 22), metavar=("FEW", "MANY"))
    parser.add_argument("--stock", type=int, nargs=2, default=(2, 12), metavar=("FEW", "MANY"),
                        help="stock docxtpl documents timed (after its three warm-up documents)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    benchmarks = str(REPO / "benchmarks")
    ram = "/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir()
    few, many = (instructions(ROWS.format(benchmarks=benchmarks, ram=ram, rows=n)) for n in args.rows)
    row = (many - few) / (args.rows[1] - args.rows[0])
    few, many = (instructions(STOCK.format(benchmarks=benchmarks, count=n)) for n in args.stock)
    stock = (many - few) / (args.stock[1] - args.stock[0])
    print(f"ita-docs batch, O42 bundle, a row of six documents: {row / 1e6:.1f} million instructions "
          f"({row / 6e6:.2f} million a document)")
    print(f"stock docxtpl, 30 paragraphs + 20-row table, saved to memory: {stock / 1e6:.1f} million a document")
    print(f"ratio per document: {row / 6 / stock:.3f}")
    with tempfile.TemporaryDirectory() as folder:
        render = instructions(arguments=("-m", "ita_docs", "render", str(REPO / "examples" / "memo.yaml"),
                                         "-o", str(Path(folder) / "memo.docx")))
    libraries, one_model = instructions(LIBRARIES), instructions(ONE_MODEL)
    print(f"ita-docs render examples/memo.yaml: {render / 1e6:.0f} million; `{LIBRARIES}`: {libraries / 1e6:.0f} "
          f"million → {render / libraries:.2f}×; with one pydantic model defined and validated: "
          f"{one_model / 1e6:.0f} million")


if __name__ == "__main__":
    main()
