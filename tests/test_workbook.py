"""`ita-docs workbook`: the fill-in workbook, read back by openpyxl and by `batch` as it is, and the
round trip: a workbook filled by a program the way an officer would gives the same documents as
the same data written as YAML inputs."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import subprocess
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from layout_checks import source_text
from openpyxl import load_workbook

from ita_docs.api import from_data, read_input_file, render_parts
from ita_docs.assessment import ScoreCard
from ita_docs.cli import main
from ita_docs.diagnostics import ItaDocsWarning
from ita_docs.kinds import all_kinds
from ita_docs.workbook import (
    DATA_SHEET,
    DEFAULTS_SHEET,
    FIRST_ROW,
    HEADER_ROW,
    HELP_SHEET,
    META_SHEET,
    NAME_ROW,
    plan,
    write_workbook,
)

EXAMPLES = Path(__file__).parent.parent / "examples"
YEAR = 2565  # the bundled O42 example's assessed year


def _flatten(data: dict, prefix: str = "") -> dict:
    """A nested input → the workbook's cells: dotted names, list positions from 1, plain lists in one
    cell with the separator, dates as Excel dates."""
    flat: dict = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for n, item in enumerate(value, start=1):
                flat.update(_flatten(item, f"{name}.{n}."))
        elif isinstance(value, list):
            flat[name] = " | ".join(str(v) for v in value)
        else:
            flat[name] = value
    return flat


def _agencies(count: int) -> list[dict]:
    """count different agencies from the bundled example: names, scores, measures and signers vary."""
    base = read_input_file(EXAMPLES / "o42-bundle.yaml")
    base.pop("kind")
    out = []
    for i in range(count):
        data = copy.deepcopy(base)
        data["agency"]["name"] = f"เทศบาลตำบลทดสอบที่ {i + 1}"
        data["agency"]["district"] = ["เมือง", "บ้านไผ่", "ชุมแพ"][i % 3]
        data["agency"]["chief"]["name"] = f"นายทดสอบ ผู้บริหาร{i + 1}"
        scores = {code: round(55 + ((i * 7.37 + n * 11.13) % 45), 2) for n, code in enumerate(data["assessment"]["scores"])}
        data["assessment"]["scores"] = scores
        card = ScoreCard.model_validate({"fiscal_year": YEAR, "scores": scores})
        data["assessment"].pop("published_grade")
        if i % 2:  # half the rows give the published total, which the model checks against the scores
            data["assessment"]["published_total"] = float(card.rounded_total)
        else:
            data["assessment"].pop("published_total")
        data["measures"] = data["measures"][: 1 + i % 4]
        data["measures"][0]["title"] += f" (หน่วยงานที่ {i + 1})"
        if i % 3 == 0:
            data.pop("strengths")  # proposed from the scores when left blank
        data["proposal_memo"]["reviewers"] = data["proposal_memo"]["reviewers"][: 1 + i % 2]
        out.append(data)
    return out


def _fill(path: Path, agencies: list[dict], shared_paths: set[str]) -> dict:
    """Types each agency into the data sheet and the values all share into the defaults sheet, by the
    hidden row of names (a name the workbook lacks fails the test). Returns the shared values."""
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    columns = {cell.value: cell.column for cell in sheet[NAME_ROW] if cell.value}
    shared: dict = {}
    for r, agency in enumerate(agencies, start=FIRST_ROW):
        for name, value in _flatten(agency).items():
            if name in shared_paths:
                shared[name] = value
                continue
            sheet.cell(r, columns[name], value)
    defaults = book[DEFAULTS_SHEET]
    rows = {defaults.cell(r, 2).value: r for r in range(2, defaults.max_row + 1)}
    for name, value in shared.items():
        defaults.cell(rows[name], 3, value)
    book.save(path)
    return shared


def _expected_texts(agency: dict) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data({"kind": "o42-bundle", **agency})
        return {name: source_text(data) for name, data in render_parts(doc)}


def _batch(workbook: Path, out: Path, *extra: str) -> tuple[int, list[dict]]:
    code = main(["batch", str(workbook), "--kind", "o42-bundle", "-o", str(out), "--jobs", "1", "--quiet", *extra])
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        return code, list(csv.DictReader(handle))


def _round_trip(tmp_path: Path, count: int) -> None:
    workbook = tmp_path / "o42.xlsx"
    write_workbook("o42-bundle", workbook, year=YEAR, rows=max(count, 10))
    shared_paths = {column.path for column in plan("o42-bundle", YEAR).shared}
    agencies = _agencies(count)
    shared = _fill(workbook, agencies, shared_paths)
    assert isinstance(shared["proposal_memo.date"], dt.date)  # typed as an Excel date
    code, report = _batch(workbook, tmp_path / "out")
    assert code == 0, [r["error"] for r in report if r["status"] != "ok"]
    assert [int(r["row"]) for r in report] == list(range(FIRST_ROW, FIRST_ROW + count))
    for agency, row in zip(agencies, report):
        assert row["agency"] == agency["agency"]["name"]
        files = {Path(f).stem: tmp_path / "out" / f for f in row["files"].split(" | ")}
        expected = _expected_texts(agency)
        assert sorted(files) == sorted(Path(name).stem for name in expected)
        for name, text in expected.items():
            assert source_text(files[Path(name).stem]) == text, f"{row['agency']}: {name} differs"


def test_round_trip_a_few_agencies(tmp_path):
    _round_trip(tmp_path, 6)


@pytest.mark.slow
def test_round_trip_150_agencies(tmp_path):
    _round_trip(tmp_path, 150)


@pytest.mark.parametrize("kind", [k.name for k in all_kinds()])
def test_every_kind_has_a_workbook_openpyxl_reads_with_its_validation(tmp_path, kind):
    path = write_workbook(kind, tmp_path / f"{kind}.xlsx", year=2567, rows=20)
    book = load_workbook(path)  # not read-only: the data validations are read too
    assert book.sheetnames == [DATA_SHEET, HELP_SHEET, DEFAULTS_SHEET, META_SHEET]
    sheet = book[DATA_SHEET]
    headers = [c.value for c in sheet[HEADER_ROW]]
    names = [c.value for c in sheet[NAME_ROW]]
    assert headers and all(any("\u0e00" <= ch <= "\u0e7f" for ch in h) for h in headers), headers
    assert sheet.row_dimensions[NAME_ROW].hidden
    assert sheet.freeze_panes == f"B{FIRST_ROW}"
    assert len(set(names)) == len(names) and len(set(headers)) == len(headers)
    rules = sheet.data_validations.dataValidation
    assert rules and all(rule.prompt for rule in rules if rule.showInputMessage)
    assert book[META_SHEET].sheet_state == "hidden"
    assert book[META_SHEET]["B2"].value == kind


def test_o42_workbook_rules_and_check_formulas():
    the_plan = plan("o42-bundle", 2567)
    by_path = {c.path: c for c in the_plan.columns}
    assert by_path["assessment.scores.I1"].rule == "score"
    assert by_path["measures.3.indicator"].choices == "indicators"
    assert by_path["assessment.published_grade"].choices == "grades"
    assert "ผ่านดีเยี่ยม" in the_plan.lists["grades"]  # 2567 grades by rating
    assert plan("o42-bundle", 2565).lists["grades"][0] == "AA"  # 2565 by letter
    assert {"measures.1.title", "measures.5.result.action"} <= set(by_path)
    assert "measures.6.title" not in by_path
    assert "measures.7.title" in {c.path for c in plan("o42-bundle", 2567, items=7).columns}
    assert {c.path for c in the_plan.shared} >= {"assessment.fiscal_year", "digits", "circular_memo.date"}
    assert by_path["#check.total"].formula.startswith("=IF(COUNT(")
    assert "0.30*AVERAGE" in by_path["#check.total"].formula


def _filled(tmp_path: Path, rows: list[dict], year: int = YEAR, name: str = "t.xlsx") -> Path:
    path = write_workbook("o42-bundle", tmp_path / name, year=year, rows=10)
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    columns = {cell.value: cell.column for cell in sheet[NAME_ROW] if cell.value}
    for r, row in enumerate(rows, start=FIRST_ROW):
        for key, value in row.items():
            sheet.cell(r, columns[key], value)
    book.save(path)
    return path


def _row(name: str, **extra) -> dict:
    scores = {f"assessment.scores.{c}": 80 for c in ("I1", "I2", "I3", "I4", "I5", "E6", "E7", "E8", "O9", "O10")}
    return {"agency.name": name, "agency.chief.name": "นายก", "agency.chief.position": "นายกเทศมนตรี", **scores,
            **extra}


def test_a_bad_row_is_reported_with_its_row_thai_header_and_field(tmp_path, capsys):
    path = _filled(tmp_path, [_row("ก", **{"measures.1.title": "มาตรการแรก", "measures.2.indicator": "O9"}),
                              _row("ข", **{"assessment.scores.E7": 130, "measures.1.steps": "ขั้นแรก"}),
                              _row("ค", **{"measures.1.title": "มาตรการแรก", "measures.1.indicator": "Z99"})])
    code, report = _batch(path, tmp_path / "out")
    assert code == 1
    first, second, third = report
    assert first["row"] == str(FIRST_ROW) and first["status"] == "failed"
    # the column of the second measure, counted from 1 as in the workbook
    assert 'คอลัมน์ AI "มาตรการ 2: ชื่อมาตรการ" (measures.2.title)' in first["error"], first["error"]
    # a code not in the drop-down (a warning only in Excel, as a measure may name its indicator in words)
    assert '"มาตรการ 1: ตัวชี้วัดที่แก้ไข" (measures.1.indicator)' in third["error"], third["error"]
    # a score Excel's validation would have refused (0–100) is still checked by the model
    assert second["row"] == str(FIRST_ROW + 1)
    assert "คะแนน E7" in second["error"] and "assessment.scores.E7" in second["error"], second["error"]
    assert "measures.1.title" in second["error"] and "มาตรการ 1: ชื่อมาตรการ" in second["error"], second["error"]
    err = capsys.readouterr().err
    assert f"แถว/row {FIRST_ROW + 1}" in err and "คะแนน E7" in err


def test_batch_counts_the_filled_rows_and_takes_the_data_sheet_by_name(tmp_path):
    from ita_docs.batch.tables import count_rows, read_table

    path = _filled(tmp_path, [_row("ก"), _row("ข")])
    assert count_rows(path) == 2  # not the ten rows made ready
    for sheet in (None, DATA_SHEET):
        rows = list(read_table(path, sheet=sheet))
        assert [r.number for r in rows] == [FIRST_ROW, FIRST_ROW + 1]
        assert rows[1].data["agency"]["name"] == "ข"
        assert not any(key.startswith("#") for key in rows[0].data)


def test_a_workbook_of_another_kind_or_year_is_refused(tmp_path, capsys):
    path = _filled(tmp_path, [_row("ก")])
    assert main(["batch", str(path), "--kind", "o42-memo", "-o", str(tmp_path / "o1"), "--quiet"]) == 2
    assert "o42-bundle" in capsys.readouterr().err
    book = load_workbook(path)
    defaults = book[DEFAULTS_SHEET]
    for r in range(2, defaults.max_row + 1):
        if defaults.cell(r, 2).value == "assessment.fiscal_year":
            defaults.cell(r, 3, 2566)
    book.save(path)
    assert main(["batch", str(path), "--kind", "o42-bundle", "-o", str(tmp_path / "o2"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "2565" in err and "2566" in err and "--year 2566" in err


def test_a_workbook_whose_hidden_row_of_names_was_deleted_is_refused_clearly(tmp_path, capsys):
    path = _filled(tmp_path, [_row("ก"), _row("ข")])
    book = load_workbook(path)
    book[DATA_SHEET].delete_rows(NAME_ROW)
    book.save(path)
    assert main(["batch", str(path), "--kind", "o42-bundle", "-o", str(tmp_path / "out"), "--quiet"]) == 2
    assert "hidden row of names" in capsys.readouterr().err


def test_blank_optional_cells_and_excel_numbers(tmp_path):
    """Blank optional cells are left out; a year typed as a number, a score as an integer, a text
    column holding a number (a document number) all read as the model wants."""
    path = _filled(tmp_path, [_row("เทศบาลตำบลหนึ่ง", **{"agency.number_prefix": "ขก 52301",
                                                          "circular_memo.number": "ขก 52301/ว 118",
                                                          "measures.1.title": "มาตรการทดสอบ",
                                                          "measures.1.result.action": "ดำเนินการแล้ว",
                                                          "measures.1.result.when": dt.datetime(2023, 1, 5)})])
    code, report = _batch(path, tmp_path / "out")
    assert code == 0, report[0]["error"]
    text = source_text(tmp_path / "out" / [f for f in report[0]["files"].split(" | ") if "circular" in f][0])
    assert "ขก ๕๒๓๐๑/ว ๑๑๘" in text


def test_the_cli_writes_a_workbook(tmp_path, capsys):
    out = tmp_path / "w.xlsx"
    assert main(["workbook", "o42-bundle", "--year", "2567", "-o", str(out), "--rows", "5", "--items", "3"]) == 0
    assert out.is_file()
    assert main(["workbook", "o42-bundle", "--year", "2490", "-o", str(out)]) == 2
    assert main(["workbook", "nope", "-o", str(out)]) == 2
    assert main(["workbook", "memo", "-o", str(tmp_path / "w.csv")]) == 2


@pytest.mark.pdf
def test_libreoffice_opens_the_workbook_and_computes_the_checks(tmp_path):
    """Calc opens the workbook without repair (converted to PDF), and its check formulas give the
    total and grade ita-docs computes (the data sheet converted to CSV)."""
    from ita_docs.render.pdf import find_soffice

    rows = _agencies(3)
    flat = [{k: v for k, v in _flatten(a).items() if k.startswith(("agency.", "assessment.scores"))
             and k != "agency.province"} for a in rows]
    path = _filled(tmp_path, flat)
    soffice = find_soffice()
    profile = tmp_path / "profile"
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76,1"):
        result = subprocess.run([str(soffice), f"-env:UserInstallation=file://{profile}", "--headless",
                                 "--convert-to", target, "--outdir", str(tmp_path), str(path)],
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.pdf").stat().st_size > 1000
    import pymupdf

    with pymupdf.open(tmp_path / "t.pdf") as pdf:
        assert "ชื่อหน่วยงาน" in pdf[0].get_text()
    with (tmp_path / "t.csv").open(encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    header = lines[HEADER_ROW - 1]
    total_at = header.index("ตรวจสอบ: คะแนนรวม (คำนวณ)")
    for agency, line in zip(rows, lines[FIRST_ROW - 1:]):
        card = ScoreCard.model_validate({"fiscal_year": YEAR, "scores": agency["assessment"]["scores"]})
        assert Decimal(line[total_at]) == card.rounded_total
        assert line[total_at + 1] == card.grade


# What openpyxl writes in every workbook, ours or not: strings inline (Excel moves them to a shared
# table when it next saves: a rewrite, not a repair) and the default font's children in its own order
# (CT_Font is a choice in the schema; the validator reads it as a sequence).
_OPENPYXL_OWN = ("inline-string cell(s)", "/xl/styles.xml:/styleSheet[1]/fonts[1]/font[1]: Unexpected element 'color'")


@pytest.mark.parametrize("kind", ["o42-bundle", "score-memo", "drive-report"])
def test_the_workbook_has_no_ooxml_fault_of_its_own(tmp_path, kind):
    """openxml-audit (Office 2016): the validations, prompts, formulas, hidden row and sheets are valid
    SpreadsheetML; only openpyxl's own habits are reported."""
    from openxml_audit import FileFormat, OpenXmlValidator

    path = write_workbook(kind, tmp_path / "w.xlsx", year=2567, rows=20)
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2016, max_errors=100).validate(str(path))
    ours = [str(e) for e in result.errors if not any(known in str(e) for known in _OPENPYXL_OWN)]
    assert not ours, ours


@pytest.mark.parametrize("position_cell", ["newline", "separator"])
def test_memo_workbook_with_a_yaml_defaults_file_gives_the_yaml_memo(tmp_path, position_cell):
    """A kind whose body is blocks: the workbook holds the header and signer (the position typed on two
    lines with Alt+Enter, or with the separator), the defaults sheet the shared header lines, and a
    --defaults YAML file the body and comments the workbook leaves out; the batch's memo is the
    example's, to the letter."""
    import yaml

    example = read_input_file(EXAMPLES / "memo.yaml")
    path = write_workbook("memo", tmp_path / "memo.xlsx", rows=5)
    book = load_workbook(path)
    sheet = book[DATA_SHEET]
    columns = {cell.value: cell.column for cell in sheet[NAME_ROW] if cell.value}
    position = example["signature"]["position"].strip()
    row = {"agency.name": example["agency"]["name"], "signature.name": example["signature"]["name"],
           "signature.position": position if position_cell == "newline" else position.replace("\n", " | "),
           "header.unit": example["header"]["unit"], "header.number": example["header"]["number"]["prefix"]}
    for key, value in row.items():
        sheet.cell(FIRST_ROW, columns[key], value)
    defaults = book[DEFAULTS_SHEET]
    shared = {"digits": example["digits"], "urgency": example["urgency"], "header.date": example["header"]["date"],
              "header.subject": example["header"]["subject"], "header.to": example["header"]["to"],
              "closing": example.get("closing")}
    for r in range(2, defaults.max_row + 1):
        name = defaults.cell(r, 2).value
        if shared.get(name) is not None:
            defaults.cell(r, 3, shared[name])
    book.save(path)
    rest = {key: example[key] for key in ("body", "comments") if key in example}
    (tmp_path / "photos").symlink_to(EXAMPLES / "photos")  # the body's pictures, relative to the defaults file
    (tmp_path / "rest.yaml").write_text(yaml.safe_dump(rest, allow_unicode=True), encoding="utf-8")
    code = main(["batch", str(path), "--kind", "memo", "--defaults", str(tmp_path / "rest.yaml"),
                 "-o", str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    with (tmp_path / "out" / "report.csv").open(encoding="utf-8-sig") as handle:
        report = list(csv.DictReader(handle))
    assert code == 0, report
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        expected = source_text(render_parts(from_data(example, base_dir=EXAMPLES))[0][1])
    assert source_text(tmp_path / "out" / report[0]["files"]) == expected


def test_a_workbook_batches_without_kind(tmp_path, capsys):
    """The officer's path has no --kind to guess: the workbook says which kind it was made for; a
    plain table without --kind is a usage error that says what is missing."""
    path = _filled(tmp_path, [_row("ก")])
    assert main(["batch", str(path), "-o", str(tmp_path / "out"), "--jobs", "1", "--quiet"]) == 0
    assert (tmp_path / "out" / "ก" / "01-o42-memo.docx").is_file()
    table = tmp_path / "plain.csv"
    table.write_text("agency.name\nก\n", encoding="utf-8")
    assert main(["batch", str(table), "-o", str(tmp_path / "out2"), "--quiet"]) == 2
    assert "--kind" in capsys.readouterr().err
