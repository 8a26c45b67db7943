"""The client's memory over a batch on a Dask cluster: flat whatever the table's length.

    python benchmarks/cluster_memory.py [--rows 500 2000] [--workers 2]

Starts a LocalCluster of worker processes, runs the O42 bundle for each table size through
`render_batch` with a `distributed.Client` and the files sent back (the case where the client
writes every byte), and prints the client's RSS at the start and at the end of each run, the
rows per second and the machine's load. Rows come from a generator, as `read_table` streams them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = yaml.safe_load((REPO / "examples" / "o42-bundle.yaml").read_text(encoding="utf-8"))


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def rows(count: int):
    for i in range(count):
        yield {"agency": {"name": f"เทศบาลตำบลที่ {i + 1}", "chief": {"name": "นายทดสอบ ใจดี",
                                                                      "position": "นายกเทศมนตรี"}},
               "assessment": {"fiscal_year": 2565, "scores": EXAMPLE["assessment"]["scores"]}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    from ita_docs.batch import render_batch

    warnings.simplefilter("ignore")
    defaults = {k: v for k, v in EXAMPLE.items() if k not in ("kind", "agency", "assessment")}
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client, tempfile.TemporaryDirectory() as folder:
        for count in args.rows:
            out = Path(folder) / f"out-{count}"
            start, began = rss_mb(), time.perf_counter()
            peak = start
            for n, _ in enumerate(render_batch(rows(count), "o42-bundle", out, defaults=defaults, executor=client,
                                               return_files=True), start=1):
                if n % 100 == 0:
                    peak = max(peak, rss_mb())
            seconds = time.perf_counter() - began
            print(f"{count:>6} rows: client RSS {start:.0f} MB at the start, peak {max(peak, rss_mb()):.0f} MB; "
                  f"{count / seconds:.1f} rows/s on {args.workers} workers; load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
