"""Milliseconds per document: stock docxtpl against the engine, per kind, in one run.

    python benchmarks/render_speed.py [-n 200] [--rows 1000 | --rows 0] [--profile KIND]

Each kind with an example (a bundle's documents count as their own kinds) is rendered n times by
both, from the same template and the same context (blocks and emblem already turned into XML:
what is timed is the renderer). Stock docxtpl is timed as its users run it: open the template, add
the pictures through python-docx, render, save. Prints the median of each, their ratio, then the
documents per second of `ita-docs batch` on --rows agencies with every core (benchmarks/
batch_speed.py), and last `speedup X.Y`, the geometric mean of the ratios. --profile KIND prints
where the engine's time goes for that kind (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import os
import pstats
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_docs import ItaDocsWarning, load  # noqa: E402
from ita_docs.api import _materialize, _template, templates_dir  # noqa: E402
from ita_docs.kinds import get_kind  # noqa: E402
from ita_docs.render.engine import Media  # noqa: E402
from ita_docs.render.stock import StockMedia, open_template, render_stock  # noqa: E402
from ita_docs.render.transforms import document_transforms  # noqa: E402

EMBLEM = REPO.parent / "shared" / "assets" / "garuda.png"


def documents():
    """(kind name, model, kind, context) for one example of every kind, the plainest example first."""
    seen = set()
    for path in sorted((REPO / "examples").glob("*.yaml"), key=lambda p: ("khaochaison" in p.stem, p.stem)):
        doc = load(path)
        kind = get_kind(doc.kind)
        parts = [(get_kind(p.kind), p.context) for p in kind.parts(doc)] if kind.is_bundle else [
            (kind, kind.context(doc))]
        for part_kind, context in parts:
            if part_kind.name not in seen:
                seen.add(part_kind.name)
                yield part_kind.name, doc, part_kind, context


def median_ms(render, repeat: int) -> float:
    render()  # warm
    gc.collect()
    times = []
    for _ in range(repeat):
        start = time.process_time()  # CPU time: the machine is shared, wall time would count others' work
        render()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000


def renderers(doc, kind, context):
    """(engine, stock): callables rendering the document, each from its own materialised context."""
    emblem = EMBLEM if EMBLEM.is_file() else None
    transforms = document_transforms(doc.style.font, doc.style.dotted_lines, doc.digits)
    compiled = _template(kind.template, None)
    media = Media()
    engine_context = _materialize(doc, kind, context, media, emblem)
    path = templates_dir() / kind.template
    stock_media = StockMedia(open_template(path))
    stock_context = _materialize(doc, kind, context, stock_media, emblem)
    return (lambda: compiled.render(engine_context, media, transforms),
            # a fresh template each time, its pictures added under the same ids, as stock runs
            lambda: render_stock(open_template(path), stock_context, stock_media, transforms))


def batch_documents_per_second(rows: int) -> tuple[float, int]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import batch_speed

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        table, defaults = batch_speed.write_inputs(Path(tmp), rows)
        seconds, _, _ = batch_speed.run(table, defaults, Path(tmp) / "out", cores, pdf=False)
    return rows * batch_speed.DOCUMENTS_PER_ROW / seconds, cores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--repeat", type=int, default=200, help="documents per kind and renderer")
    parser.add_argument("--rows", type=int, default=1000, help="agencies for the batch figure (0: skip it)")
    parser.add_argument("--profile", metavar="KIND", help="cProfile the engine on this kind")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ItaDocsWarning)

    cases = list(documents())
    if args.profile:
        doc, kind, context = next((d, k, c) for name, d, k, c in cases if name == args.profile)
        engine, _ = renderers(doc, kind, context)
        engine()

        def run() -> None:
            for _ in range(args.repeat):  # each document dropped, as a caller writing files would
                engine()

        profile = cProfile.Profile()
        profile.runcall(run)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
        return

    print(f"{'kind':24} {'stock ms':>9} {'engine ms':>9} {'ratio':>7}")
    ratios = []
    for name, doc, kind, context in cases:
        engine, stock = renderers(doc, kind, context)
        stock_ms = median_ms(stock, args.repeat)
        engine_ms = median_ms(engine, args.repeat)
        ratios.append(stock_ms / engine_ms)
        print(f"{name:24} {stock_ms:9.2f} {engine_ms:9.3f} {ratios[-1]:7.1f}")
    if args.rows:
        per_second, cores = batch_documents_per_second(args.rows)
        print(f"ita-docs batch: {per_second:.0f} documents/s (o42-bundle, {args.rows} agencies, {cores} cores, .docx)")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores; times are CPU time")
    print(f"speedup {math.exp(statistics.fmean(math.log(r) for r in ratios)):.1f}")


if __name__ == "__main__":
    main()
