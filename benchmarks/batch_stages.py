"""CPU time per stage of one `ita-docs batch` row of the O42 bundle (six documents, emblem on).

    python benchmarks/batch_stages.py [--rows 200] [--warm-up 5] [--emblem PATH] [--profile]

Runs the real batch path in this process (`render_batch` → `render_row`, no worker pool) on a CSV
table written like benchmarks/batch_speed.py's, output in RAM (/dev/shm when there is one). Each
stage is timed with time.process_time around the project's own functions, wrapped here at run time
(their code is not changed); a stage called inside another counts only for itself. Prints the
median of each stage over the rows after the warm-up (which compiles the templates and prepares the
emblem once), its share of the median row, the row's total, and the machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import functools
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from batch_speed import write_inputs  # noqa: E402 - the same table as the throughput benchmark

import ita_docs.api as api  # noqa: E402
import ita_docs.batch.runner as runner  # noqa: E402
from ita_docs import ItaDocsWarning  # noqa: E402
from ita_docs.batch import read_table, render_batch  # noqa: E402
from ita_docs.kinds import get_kind, registry  # noqa: E402
from ita_docs.render.engine import CompiledTemplate  # noqa: E402

KIND = "o42-bundle"
EMBLEM = REPO.parent / "shared" / "assets" / "garuda.png"
STAGES = {  # key → the label printed (in the order)
    "contexts": "building the six documents' contexts",
    "blocks": "body blocks → WordprocessingML (and the emblem)",
    "engine": "engine (six templates + zip)",
    "writing": "writing files",
    "validation": "Pydantic validation of the input",
    "reading": "reading the row, merging defaults, list splitting",
    "other": "the rest (runner, folder names, warnings)",
}


class StageClock:
    """Exclusive CPU time per stage: a stage entered inside another pauses the outer one."""

    def __init__(self) -> None:
        self.row: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [stage, started, time of the stages inside it]

    def wrap(self, stage: str, function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._stack.append([stage, time.process_time(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                name, started, inner = self._stack.pop()
                spent = time.process_time() - started
                self.row[name] += spent - inner
                if self._stack:
                    self._stack[-1][2] += spent
        return timed

    def timed_rows(self, rows):
        """The table's rows, the time to read each counted as reading."""
        rows = iter(rows)
        read = self.wrap("reading", lambda: next(rows, None))
        while (row := read()) is not None:
            yield row


def instrument(clock: StageClock) -> None:
    """Wrap the real functions of each stage (at run time only: the project's code is unchanged)."""
    registry._load_all()
    bundle = get_kind(KIND)
    registry._KINDS[KIND] = dataclasses.replace(bundle, parts=clock.wrap("contexts", bundle.parts))
    api._materialize = clock.wrap("blocks", api._materialize)
    api.document_transforms = clock.wrap("engine", api.document_transforms)
    CompiledTemplate.render = clock.wrap("engine", CompiledTemplate.render)
    api.write_atomically = clock.wrap("writing", api.write_atomically)  # render_row imports it per row
    api.from_data = clock.wrap("validation", api.from_data)
    runner._split_lists = clock.wrap("reading", runner._split_lists)
    runner.merge = clock.wrap("reading", runner.merge)


def ram_folder() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200, help="rows measured (after the warm-up)")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--emblem", type=Path, default=EMBLEM)
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top 25 by own time")
    args = parser.parse_args()
    if not args.emblem.is_file():
        sys.exit(f"no emblem at {args.emblem} (--emblem PATH)")
    clock = StageClock()
    instrument(clock)
    load_before = os.getloadavg()
    per_row: list[dict[str, float]] = []
    profile = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory(dir=ram_folder()) as tmp:
        table, defaults_file = write_inputs(Path(tmp), args.warm_up + args.rows)
        defaults = api.read_input_file(defaults_file)
        warnings.simplefilter("ignore", ItaDocsWarning)
        outcomes = render_batch(clock.timed_rows(read_table(table)), KIND, Path(tmp) / "out", defaults=defaults,
                                emblem=args.emblem, base_dir=Path(tmp))
        output_bytes = 0
        while True:
            started = time.process_time()
            if profile and len(per_row) == args.warm_up:
                profile.enable()
            outcome = next(outcomes, None)
            total = time.process_time() - started
            if outcome is None:
                break
            if outcome.status != "ok":
                sys.exit(f"row {outcome.row} failed: {outcome.error}")
            row = dict(clock.row)
            row["other"] = total - sum(row.values())
            row["total"] = total
            per_row.append(row)
            clock.row.clear()
            if len(per_row) == args.warm_up + 1:  # one measured row's files: the output per agency
                output_bytes = sum((Path(tmp) / "out" / f).stat().st_size for f in outcome.files)
        if profile:
            profile.disable()
    load_after = os.getloadavg()
    measured = per_row[args.warm_up:]
    median = {stage: statistics.median(r.get(stage, 0.0) for r in measured) * 1000 for stage in [*STAGES, "total"]}
    print(f"{KIND}: CPU per row, median of {len(measured)} rows (after {args.warm_up} warm-up rows), "
          f"output in {'RAM' if ram_folder() else 'a temporary folder'}, emblem {args.emblem.name}")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)\n")
    print("| stage | ms | share |\n|---|---:|---:|")
    for stage, label in STAGES.items():
        print(f"| {label} | {median[stage]:.2f} | {median[stage] / median['total']:.0%} |")
    print(f"| **row (six documents)** | **{median['total']:.2f}** | |")
    print(f"\n{median['total'] / 6:.2f} ms CPU per document; {output_bytes / 1000:.0f} KB of .docx per agency")
    if profile:
        stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "tottime"))
        stats.print_stats(int(os.environ.get("TOP", "25")))
        if os.environ.get("CALLERS"):  # e.g. CALLERS=validate_python: who calls it, and how often
            stats.print_callers(os.environ["CALLERS"])


if __name__ == "__main__":
    main()
