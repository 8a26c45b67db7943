"""Seconds to write the fill-in workbook and to read a filled one back, CPU time with the load stated.

    python benchmarks/workbook_speed.py [--rows 200] [--filled 150] [--kind o42-bundle] [--year 2567]

Prints the CPU seconds of `write_workbook` (--rows rows made ready), its size, and the CPU seconds
of batch's reading of --filled agencies (read_table: every row unflattened, the defaults sheet read),
without rendering (batch_speed.py times that).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--filled", type=int, default=150)
    parser.add_argument("--kind", default="o42-bundle")
    parser.add_argument("--year", type=int, default=2567)
    args = parser.parse_args()

    from openpyxl import load_workbook

    from ita_docs.batch.tables import read_table
    from ita_docs.workbook import DATA_SHEET, FIRST_ROW, NAME_ROW, plan, workbook_info, write_workbook

    plan(args.kind, args.year)  # imports and the kinds' registry, not timed
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.xlsx"
        start = time.process_time()
        write_workbook(args.kind, path, year=args.year, rows=max(args.rows, args.filled))
        written = time.process_time() - start
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print(f"write {args.kind} workbook, {max(args.rows, args.filled)} rows, "
              f"{len(plan(args.kind, args.year).columns)} columns: {written:.2f} s CPU, "
              f"{path.stat().st_size / 1024:.0f} KB")
        book = load_workbook(path)
        sheet = book[DATA_SHEET]
        columns = {cell.value: cell.column for cell in sheet[NAME_ROW] if cell.value}
        for r in range(FIRST_ROW, FIRST_ROW + args.filled):
            sheet.cell(r, columns["agency.name"], f"หน่วยงานที่ {r}")
            for name, column in columns.items():
                if name.startswith("assessment.scores."):
                    sheet.cell(r, column, 80.25)
        book.save(path)
        start = time.process_time()
        workbook_info(path)
        rows = list(read_table(path))
        read = time.process_time() - start
        print(f"read {len(rows)} filled rows (defaults sheet included): {read:.2f} s CPU, "
              f"{1000 * read / max(len(rows), 1):.1f} ms per row")


if __name__ == "__main__":
    main()
