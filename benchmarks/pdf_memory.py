"""LibreOffice's memory over a long run of PDFs, without and with a restart every N documents.

    FONTCONFIG_FILE=… python benchmarks/pdf_memory.py [-n 600] [--every 50] [--restart-after 200]
        [--kinds memo,o42-bundle] [--pdf-format pdfa-2b]

One warm converter converts the examples' documents in turn, n in all; every --every documents the
resident memory (RSS) of its LibreOffice (soffice.bin and the bridge: the converter's process
group) is printed with the seconds per document so far. It runs once with restarts turned off and
once restarting after --restart-after documents, and prints `growth_per_100_docs_MB` of the first
run (a least-squares slope) and the peak of each: the figures RESTART_AFTER in render/pdf.py is
chosen from.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_docs import ItaDocsWarning  # noqa: E402
from ita_docs.api import bundled_examples, load, render_parts  # noqa: E402
from ita_docs.render.pdf import RESTART_AFTER, PdfConverter  # noqa: E402

EMBLEM = REPO.parent / "shared" / "assets" / "garuda.png"


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group, in MB (Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[2]) != pgid:  # field 5 of /proc/PID/stat: the process group
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total / 1024


def documents(kinds: set[str] | None) -> list[tuple[str, bytes]]:
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        for path in bundled_examples():
            doc = load(path)
            if kinds and doc.kind not in kinds:
                continue
            if doc.digits != "thai":
                continue
            emblem = EMBLEM if EMBLEM.is_file() else None
            out += [(f"{path.stem}-{name}", data) for name, data in render_parts(doc, emblem=emblem)]
    return out


def run(docs: list[tuple[str, bytes]], n: int, every: int, restart_after: int, pdf_format: str) -> list[float]:
    samples = []
    with tempfile.TemporaryDirectory() as folder, PdfConverter(
            "thai", restart_after=restart_after, pdf_format=pdf_format, check_fonts=False) as converter:
        start = time.perf_counter()
        for i in range(n):
            name, data = docs[i % len(docs)]
            converter.convert(data, Path(folder) / f"{i % 10}.pdf")
            if (i + 1) % every == 0:
                office = converter._office
                if office is None:  # just closed for its restart: nothing to measure
                    continue
                rss = group_rss_mb(office.process.pid)
                samples.append(rss)
                print(f"  {i + 1:6d} docs  LibreOffice RSS {rss:7.1f} MB  "
                      f"{(time.perf_counter() - start) / (i + 1):.3f} s/doc  restarts {converter.recycled}",
                      flush=True)
    return samples


def slope_per_100(samples: list[float], every: int) -> float:
    xs = [every * (i + 1) for i in range(len(samples))]
    mean_x, mean_y = sum(xs) / len(xs), sum(samples) / len(samples)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, samples))
    den = sum((x - mean_x) ** 2 for x in xs) or 1
    return 100 * num / den


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=600)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--restart-after", type=int, default=RESTART_AFTER)
    parser.add_argument("--kinds", help="comma-separated kinds of the examples to convert (default: all)")
    parser.add_argument("--pdf-format", default="pdfa-2b")
    args = parser.parse_args()
    docs = documents(set(args.kinds.split(",")) if args.kinds else None)
    print(f"{len(docs)} distinct documents, {args.n} conversions, load {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores, {args.pdf_format}")
    print("without restarts:")
    never = run(docs, args.n, args.every, 0, args.pdf_format)
    print(f"with a restart every {args.restart_after} documents:")
    restarted = run(docs, args.n, args.every, args.restart_after, args.pdf_format)
    print(f"growth_per_100_docs_MB {slope_per_100(never, args.every):.1f} (without restarts)")
    print(f"peak_MB without {max(never):.1f}, with restarts {max(restarted):.1f}; "
          f"last without {never[-1]:.1f}, with restarts {restarted[-1]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
