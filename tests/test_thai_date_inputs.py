"""Dates in inputs (issue 13): every date field of every kind reads B.E. and Thai-written dates
through one type, and a day that does not exist is an input error naming the field."""

from __future__ import annotations

import copy
import datetime as dt
import json
import warnings

import pytest
import yaml
from conftest import EXAMPLES, REPO
from ooxml_checks import document_text

from ita_docs import InputError, ItaDocsWarning, from_data
from ita_docs.api import read_input_file, render_parts
from ita_docs.kinds import get_kind
from ita_docs.kinds.registry import all_kinds
from ita_docs.thai import format_date_short


def _respell(data, spell):
    """A copy of the input data with every date respelled by ``spell``."""
    if isinstance(data, dict):
        return {k: _respell(v, spell) for k, v in data.items()}
    if isinstance(data, list):
        return [_respell(v, spell) for v in data]
    if isinstance(data, dt.date):
        return spell(data)
    return data


def _be_iso(d: dt.date) -> str:
    return f"{d.year + 543}-{d.month:02d}-{d.day:02d}"


def _thai_written(d: dt.date) -> str:
    return format_date_short(d, digits="thai")  # "๑๔ พ.ค. ๒๕๖๗"


def _yaml_be_date(d: dt.date):
    # What YAML makes of an unquoted B.E. date: a (real, but wrong) C.E. date 543 years later.
    return yaml.safe_load(_be_iso(d)) if not (d.month, d.day) == (2, 29) else _be_iso(d)


def _texts(path, data) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data(data, source=str(path), base_dir=path.parent)
        return [document_text(part) for _, part in render_parts(doc)]


def _dates_in(data) -> int:
    found = []
    _respell(data, lambda d: found.append(d) or d)
    return len(found)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reads_the_same_in_either_era_and_thai_written(path):
    data = read_input_file(path)
    assert _dates_in(data), f"{path.name} has no date to respell"
    expected = _texts(path, data)
    for spell in (_be_iso, _thai_written, _yaml_be_date, lambda d: d.isoformat()):
        assert _texts(path, _respell(copy.deepcopy(data), spell)) == expected, spell


def _schema_date_fields(schema, path=""):
    """(path, sub-schema) of every field whose schema speaks of a date."""
    found = []
    if isinstance(schema, dict):
        if schema.get("format") == "date" or "Buddhist" in str(schema.get("description", "")):
            found.append((path, schema))
        for key, value in schema.items():
            found += _schema_date_fields(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found += _schema_date_fields(value, f"{path}/{i}")
    return found


@pytest.mark.parametrize("kind", [k.name for k in all_kinds()])
def test_every_date_field_of_every_kind_uses_the_one_date_type(kind):
    schema = get_kind(kind).model.model_json_schema()
    fields = _schema_date_fields(schema)
    plain = [p for p, s in fields if s.get("format") == "date"]
    assert not plain, f"date fields that bypass the Thai date type: {plain}"
    for _, sub in fields:
        assert "พ.ศ." in sub["description"] and "C.E." in sub["description"]
        assert "2567-05-14" in sub["examples"] and "14 พ.ค. 2567" in sub["examples"]


def test_the_kinds_with_dates_have_them_in_the_schema():
    with_dates = {k.name for k in all_kinds() if _schema_date_fields(k.model.model_json_schema())}
    assert {"memo", "announcement", "order", "briefing-report-memo", "drive-report", "o42-bundle", "score-memo"} <= with_dates


def run_cli(capsys, *args) -> tuple[int, str]:
    from ita_docs.cli import main

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def _memo_with_date(tmp_path, date_text: str):
    source = (REPO / "examples" / "memo.yaml").read_text(encoding="utf-8")
    assert "  date: 2024-03-11\n" in source
    path = tmp_path / "memo.yaml"
    path.write_text(source.replace("  date: 2024-03-11\n", f"  date: {date_text}\n"), encoding="utf-8")
    (tmp_path / "photos").symlink_to(REPO / "examples" / "photos")
    return path


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("2567-05-14", "วันที่ ๑๔ พฤษภาคม ๒๕๖๗"),  # was "๑๔ พฤษภาคม ๓๑๑๐", silently
        ("2024-05-14", "วันที่ ๑๔ พฤษภาคม ๒๕๖๗"),
        ("2567-02-29", "วันที่ ๒๙ กุมภาพันธ์ ๒๕๖๗"),  # a B.E. leap day YAML itself cannot read
        ("14 พ.ค. 2567", "วันที่ ๑๔ พฤษภาคม ๒๕๖๗"),
        ("๑๔ พฤษภาคม พ.ศ. ๒๕๖๗", "วันที่ ๑๔ พฤษภาคม ๒๕๖๗"),
    ],
)
def test_cli_prints_the_date_as_typed(tmp_path, capsys, typed, printed):
    path = _memo_with_date(tmp_path, typed)
    out = tmp_path / "memo.docx"
    code, stderr = run_cli(capsys, "render", path, "-o", out)
    assert code == 0, stderr
    text = document_text(out.read_bytes())
    assert printed in " ".join(text.split()), text[:400]
    assert "๓๑๑๐" not in text


@pytest.mark.parametrize("typed", ["2024-02-30", "2566-02-29", "2568-02-29", "30 ก.พ. 2567", "'2024-02-30'",
                                   "20240514", "2024-05-14 10:30:00"])
def test_cli_impossible_date_exits_2_naming_the_field(tmp_path, capsys, typed):
    path = _memo_with_date(tmp_path, typed)
    out = tmp_path / "memo.docx"
    code, stderr = run_cli(capsys, "render", path, "-o", out)
    assert code == 2, stderr
    assert "header.date" in stderr and "memo.yaml" in stderr
    assert "Traceback" not in stderr
    assert not out.exists()


def test_order_effective_takes_a_date_or_a_sentence():
    data = read_input_file(REPO / "examples" / "order.yaml")
    for value, expected in [("1 ต.ค. 2567", dt.date(2024, 10, 1)), (dt.date(2567, 10, 1), dt.date(2024, 10, 1)),
                            ("ตั้งแต่บัดนี้เป็นต้นไป", "ตั้งแต่บัดนี้เป็นต้นไป"),
                            ("ตั้งแต่วันที่ 1 ตุลาคม 2567 เป็นต้นไป", "ตั้งแต่วันที่ 1 ตุลาคม 2567 เป็นต้นไป")]:
        doc = from_data({**data, "effective": value}, base_dir=REPO / "examples")
        assert doc.effective == expected
    with pytest.raises(InputError) as info:
        from_data({**data, "effective": "2024-02-30"}, source="order.yaml", base_dir=REPO / "examples")
    assert [p.field for p in info.value.problems] == ["effective"]


def test_nested_date_fields_name_their_path():
    data = read_input_file(REPO / "examples" / "drive-report.yaml")
    data = copy.deepcopy(data)
    data["activities"][1]["date"] = "31 เม.ย. 2567"
    with pytest.raises(InputError) as info:
        from_data(data, source="drive.yaml", base_dir=REPO / "examples")
    (problem,) = info.value.problems
    assert problem.field == "activities.1.date" and "30 วัน" in problem.message and problem.value == "31 เม.ย. 2567"


def test_schema_command_says_both_eras(capsys):
    from ita_docs.cli import main

    assert main(["schema", "memo"]) == 0
    schema = json.loads(capsys.readouterr().out)
    text = json.dumps(schema, ensure_ascii=False)
    assert "Buddhist" in text and "พ.ศ." in text and "14 พ.ค. 2567" in text
