"""`ita-docs score INPUT [--json] [--no-verify] [--framework FILE]`: the score card of any input that
holds scores, read by the one reader like every other input.

INPUT may be a score file (`fiscal_year:` and `scores:`, or `years: […]`), a score memo (`kind:
score-memo`, its `years:`), an O42 set or any of its documents (its `assessment:`), or a table of
agencies as `batch` reads it (CSV, XLSX, JSON lines: one card per row, named by its agency).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ita_docs.assessment.framework import Framework, load_framework_file
from ita_docs.assessment.score_input import (
    CARD_KEYS,
    RESULT_FACTS,
    ScoreInput,
    ScoreInputError,
    cards_to_json,
    format_score_table,
    parse_score_input,
)
from ita_docs.assessment.scorecard import ScoreMismatchError, ScoreMismatchWarning
from ita_docs.assessment.texts import assumption_note
from ita_docs.diagnostics import EXIT_INPUT, EXIT_OK, ItaDocsError
from ita_docs.reader import STDIN, read_input_file

TABLE_SUFFIXES = (".csv", ".xlsx", ".jsonl", ".ndjson")


def score_data(data: Any, source: str) -> tuple[Any, str]:
    """Any input that holds scores → (the score file's shape, its digits mode).

    A document input keeps only its cards: `assessment:` (the O42 set) or `years:` (a score memo);
    `agency: {name: …}` becomes the agency's name."""
    if not isinstance(data, Mapping):
        return data, "thai"  # parse_score_input names the problem
    digits = str(data.get("digits", "thai"))
    agency = data.get("agency")
    name = agency.get("name") if isinstance(agency, Mapping) else agency
    kind = data.get("kind")
    out: dict[str, Any] = {"agency": name} if name is not None else {}
    if isinstance(data.get("assessment"), Mapping):  # an O42 set, one of its documents, a table row
        out.update({k: v for k, v in data["assessment"].items() if k in CARD_KEYS})
    elif kind in (None, "score"):
        out.update({k: v for k, v in data.items() if k not in ("digits", "agency")})
    elif isinstance(data.get("years"), list):  # a score memo
        out["years"] = [{k: v for k, v in year.items() if k in CARD_KEYS} if isinstance(year, Mapping) else year
                        for year in data["years"]]
    else:
        raise ScoreInputError(source, None, f"เอกสารชนิด {kind!r} ไม่มีคะแนน (assessment: หรือ years:) / "
                                            f"an input of kind {kind!r} holds no scores (assessment: or years:)")
    return out, digits


def _inputs(path: str, frameworks: list[Framework]) -> list[tuple[ScoreInput, str]]:
    """The score inputs in path: one, or one per row of a table."""
    if Path(path).suffix.lower() in TABLE_SUFFIXES and path != STDIN:
        from ita_docs.batch.tables import read_table

        found = []
        for row in read_table(path):
            where = f"{path}, แถว/row {row.number}"
            data, digits = score_data(row.data, where)
            found.append((parse_score_input(data, where, frameworks=frameworks), digits))
        return found
    source = "(stdin)" if path == STDIN else path
    data, digits = score_data(read_input_file(path), source)
    return [(parse_score_input(data, source, frameworks=frameworks), digits)]


def _err(text: str) -> str:
    return f"ita-docs score: ข้อผิดพลาด / error: {text}\n"


def run_score_command(path: str, as_json: bool, verify: bool = True, framework: str | None = None,
                      digits: str | None = None) -> tuple[int, str, str]:
    """The whole command: (exit code, stdout, stderr). 0 when done, 2 for any input error (the
    message names the file, field and value in Thai and English; never a traceback)."""
    stderr: list[str] = []
    frameworks: list[Framework] = []
    try:
        if framework is not None:
            frameworks.append(load_framework_file(framework))
        inputs = _inputs(path, frameworks)
    except ItaDocsError as exc:
        return EXIT_INPUT, "", _err(str(exc))
    for inp, _ in inputs:
        if frameworks and not any(c.fiscal_year == frameworks[0].fiscal_year for c in inp.cards):
            years = ", ".join(str(c.fiscal_year) for c in inp.cards)
            return EXIT_INPUT, "", _err(
                f"{framework}: กรอบการประเมินนี้เป็นของปี {frameworks[0].fiscal_year} แต่ {inp.source} มีปี {years} / "
                f"this framework is for fiscal year {frameworks[0].fiscal_year} but {inp.source} has {years}"
            )
        for n, card in enumerate(inp.cards):
            where = f"years[{n}]." if inp.multi_year else ""
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ScoreMismatchWarning)
                    card.verify(strict=verify)
            except ScoreMismatchError as exc:
                lines = "\n  ".join(f"{where}{m.message}" for m in exc.mismatches)
                return EXIT_INPUT, "", _err(
                    f"{inp.source}: ค่าที่เผยแพร่ไม่ตรงกับค่าที่คำนวณ (ใช้ --no-verify เพื่อให้เป็นเพียงคำเตือน) / "
                    f"published figures differ from the computed ones (--no-verify makes this a warning):\n  {lines}"
                )
            for w in caught:
                stderr.append(f"ita-docs score: คำเตือน / warning: {inp.source}: {where}{w.message}\n")
    if as_json:
        if len(inputs) == 1:
            out = cards_to_json(inputs[0][0].cards, inputs[0][0].multi_year) + "\n"
        else:  # a table: one object per row, with its agency
            out = json.dumps([{"agency": inp.agency, "cards": json.loads(cards_to_json(inp.cards, True))}
                              for inp, _ in inputs], ensure_ascii=False) + "\n"
        for inp, _ in inputs:
            for c in inp.cards:
                note = assumption_note(c.framework, RESULT_FACTS, digits="arabic")
                if note:
                    stderr.append(f"ita-docs score: หมายเหตุ / note: {note}\n")
    else:
        out = "\n".join(format_score_table(inp.cards, digits=digits or own_digits, agency=inp.agency)  # type: ignore[arg-type]
                        for inp, own_digits in inputs)
    return EXIT_OK, out, "".join(dict.fromkeys(stderr))
