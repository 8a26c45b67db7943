"""`ita-docs score INPUT [--json] [--no-verify] [--framework FILE]`, through run_score_command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ita_docs.assessment import load_framework
from ita_docs.score_command import run_score_command

SPEC_EXAMPLE = """\
fiscal_year: 2563
scores: {I1: 84.46, I2: 71.76, I3: 81.35, I4: 76.83, I5: 72.94, E6: 73.94, E7: 72.21, E8: 68.74, O9: 59.26, O10: 31.25}
published_total: 62.83      # optional, verified
"""

KCS = {"I1": 84.46, "I2": 71.76, "I3": 81.35, "I4": 76.83, "I5": 72.94,
       "E6": 73.94, "E7": 72.21, "E8": 68.74, "O9": 59.26, "O10": 31.25}


def write(tmp_path: Path, text_or_data, name: str = "input.yaml") -> str:
    p = tmp_path / name
    if isinstance(text_or_data, str):
        p.write_text(text_or_data, encoding="utf-8")
    elif name.endswith(".json"):
        p.write_text(json.dumps(text_or_data, ensure_ascii=False), encoding="utf-8")
    else:
        p.write_text(yaml.safe_dump(text_or_data, allow_unicode=True), encoding="utf-8")
    return str(p)


def run_ok(*args, **kw):
    code, out, err = run_score_command(*args, **kw)
    assert code == 0, err
    return out, err


def run_bad(*args, **kw):
    code, out, err = run_score_command(*args, **kw)
    assert code == 2, (out, err)
    assert out == ""
    assert "Traceback" not in err
    return err


# -- §7 output ------------------------------------------------------------------------------------


def test_spec_example_json_exactly(tmp_path):
    out, err = run_ok(write(tmp_path, SPEC_EXAMPLE), as_json=True)
    assert out.endswith("\n")
    assert out.startswith(
        '{"fiscal_year": 2563, "tools": {"IIT": 77.47, "EIT": 71.63, "OIT": 45.26}, '
        '"total": 62.83, "grade": "D", "passed": false, "indicators": ['
    )
    d = json.loads(out)
    assert [i["score"] for i in d["indicators"]] == [84.46, 81.35, 76.83, 73.94, 72.94, 72.21, 71.76, 68.74, 59.26, 31.25]
    assert err == ""  # 2563 is fully confirmed: no note


def test_spec_example_as_json_file(tmp_path):
    data = {"fiscal_year": 2563, "scores": KCS, "published_total": 62.83, "published_tools": {"OIT": 45.26}}
    out, _ = run_ok(write(tmp_path, data, "in.json"), as_json=True)
    assert json.loads(out)["tools"]["OIT"] == 45.26


def test_table_output(tmp_path):
    out, _ = run_ok(write(tmp_path, SPEC_EXAMPLE), as_json=False)
    for needle in ("๖๒.๘๓", "๔๕.๒๖", "๗๗.๔๗", "๗๑.๖๓", "ระดับผลการประเมิน", "การปฏิบัติหน้าที่", "ไม่ผ่าน", "พ.ศ. ๒๕๖๓"):
        assert needle in out
    out_a, _ = run_ok(write(tmp_path, SPEC_EXAMPLE), as_json=False, digits="arabic")
    assert "62.83" in out_a and "๖" not in out_a


def test_years_form_gives_a_list(tmp_path):
    data = {
        "agency": "อบต.ทดสอบ",
        "years": [
            {"fiscal_year": 2564, "scores": {**KCS, "O10": 60}},
            {"fiscal_year": 2563, "scores": KCS, "published_total": 62.83},
            {"fiscal_year": 2567, "scores": {c: 90 for c in KCS}},
        ],
    }
    path = write(tmp_path, data)
    out, err = run_ok(path, as_json=True)
    d = json.loads(out)
    assert isinstance(d, list) and [x["fiscal_year"] for x in d] == [2563, 2564, 2567]
    assert d[0]["total"] == 62.83 and d[2]["grade"] == "ผ่านดี" and d[2]["passed"] is True
    assert "2567" in err and "note" in err  # unconfirmed 2567 facts are pointed out
    table, _ = run_ok(path, as_json=False)
    assert "อบต.ทดสอบ" in table and "พ.ศ. ๒๕๖๓" in table and "พ.ศ. ๒๕๖๗" in table and "ผ่านดี" in table
    assert "หมายเหตุ" in table


def test_single_year_in_years_form_is_still_a_list(tmp_path):
    out, _ = run_ok(write(tmp_path, {"years": [{"fiscal_year": 2563, "scores": KCS}]}), as_json=True)
    assert isinstance(json.loads(out), list)


def test_kind_score_is_accepted(tmp_path):
    out, _ = run_ok(write(tmp_path, {"kind": "score", "fiscal_year": 2563, "scores": KCS}), as_json=True)
    assert json.loads(out)["grade"] == "D"


def test_2567_published_case_rated_pass(tmp_path):
    scores = {c: 99 for c in KCS}
    scores.update({"E6": 84, "E7": 84, "E8": 84, "O9": 99.35, "O10": 99.35})
    out, err = run_ok(write(tmp_path, {"fiscal_year": 2567, "scores": scores, "published_total": 94.64}), as_json=True)
    d = json.loads(out)
    assert d["total"] == 94.64 and d["grade"] == "ผ่าน" and d["passed"] is True
    assert '"grade": "ผ่าน"' in out  # Thai as is, not \u escapes


# -- verification ---------------------------------------------------------------------------------


def test_published_mismatch_is_exit_2_naming_both_values(tmp_path):
    path = write(tmp_path, {"fiscal_year": 2563, "scores": KCS, "published_total": 63.5})
    err = run_bad(path, as_json=True)
    assert path in err and "published_total" in err and "63.5" in err and "62.83" in err
    assert "ไม่ตรง" in err and "differ" in err and "--no-verify" in err


def test_no_verify_downgrades_to_a_warning(tmp_path):
    path = write(tmp_path, {"fiscal_year": 2563, "scores": KCS, "published_total": 63.5})
    out, err = run_ok(path, as_json=True, verify=False)
    assert json.loads(out)["total"] == 62.83
    assert "warning" in err and "published_total" in err and "63.5" in err


def test_mismatch_in_years_names_the_year_entry(tmp_path):
    path = write(tmp_path, {"years": [{"fiscal_year": 2563, "scores": KCS},
                                      {"fiscal_year": 2564, "scores": KCS, "published_tools": {"IIT": 70}}]})
    err = run_bad(path, as_json=False)
    assert "years[1].published_tools.IIT" in err and "77.47" in err


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, needles",
    [
        ({"fiscal_year": 2020, "scores": KCS}, ["fiscal_year", "2020", "543", "2563"]),
        ({"fiscal_year": 2575, "scores": KCS}, ["fiscal_year", "2575"]),
        ({"fiscal_year": 2563, "scores": {**KCS, "I1": 120}}, ["scores.I1", "120", "0–100"]),
        ({"fiscal_year": 2563, "scores": {**KCS, "I1": -0.5}}, ["scores.I1", "-0.5"]),
        ({"fiscal_year": 2563, "scores": {**KCS, "E7": "สูง"}}, ["scores.E7", "สูง", "not a number", "ไม่ใช่ตัวเลข"]),
        ({"fiscal_year": 2563, "scores": {**KCS, "E7": "NaN"}}, ["scores.E7", "NaN"]),
        ({"fiscal_year": 2563, "scores": {**KCS, "Q1": 50}}, ["scores.Q1", "unknown indicator"]),
        ({"fiscal_year": 2563, "scores": {k: v for k, v in KCS.items() if k != "O9"}}, ["scores.O9", "O9"]),
        ({"fiscal_year": 2563}, ["scores.I1", "no score"]),
        ({"scores": KCS}, ["fiscal_year", "missing"]),
        ({"fiscal_year": 2563, "scores": KCS, "publishd_total": 62.83}, ["publishd_total", "unknown field"]),
        ({"fiscal_year": 2563, "scores": [1, 2]}, ["scores"]),
        ({"years": []}, ["years"]),
        ({"years": [{"fiscal_year": 2563, "scores": KCS}, {"fiscal_year": 2563, "scores": KCS}]}, ["years[1].fiscal_year", "2563"]),
        ({"years": [{"fiscal_year": 2563, "scores": {**KCS, "I2": "x"}}]}, ["years[0]", "scores.I2"]),
        ({"years": [5]}, ["years[0]"]),
        ({"fiscal_year": 2563, "scores": KCS, "years": []}, ["fiscal_year", "years"]),
        ({"kind": "memo", "fiscal_year": 2563, "scores": KCS}, ["kind", "memo"]),
        ({"fiscal_year": 2563, "scores": KCS, "oit_items": {"O42": 50}}, ["oit_items.O42", "50"]),
        ([1, 2, 3], ["fiscal_year"]),
    ],
)
def test_bad_input_is_exit_2_with_thai_and_english(tmp_path, data, needles):
    path = write(tmp_path, data)
    err = run_bad(path, as_json=True)
    assert path in err
    for n in needles:
        assert n in err, (n, err)
    assert "ข้อผิดพลาด" in err and "error" in err


def test_nan_in_yaml_and_json(tmp_path):
    err = run_bad(write(tmp_path, SPEC_EXAMPLE.replace("O9: 59.26", "O9: .nan")), as_json=True)
    assert "scores.O9" in err
    err = run_bad(write(tmp_path, '{"fiscal_year": 2563, "scores": {"I1": NaN}}', "in.json"), as_json=True)
    assert "scores.I1" in err


@pytest.mark.parametrize(
    "text, name, needle",
    [
        ("fiscal_year: 2563\nscores: {I1: 1\n", "broken.yaml", "YAML/JSON"),
        ("", "empty.yaml", "empty"),
        ('{"fiscal_year": 2563,', "broken.json", "YAML/JSON"),
        ("fiscal_year: 2563\nfiscal_year: 2564\nscores: {}\n", "dup.yaml", "twice"),
        ("fiscal_year: 2563\nscores: {I1: 1, I1: 2}\n", "dup2.yaml", "twice"),
        ('{"fiscal_year": 2563, "fiscal_year": 2564}', "dup.json", "twice"),
    ],
)
def test_unreadable_files(tmp_path, text, name, needle):
    err = run_bad(write(tmp_path, text, name), as_json=False)
    assert needle in err and name in err


def test_missing_file_and_directory(tmp_path):
    err = run_bad(str(tmp_path / "nope.yaml"), as_json=True)
    assert "nope.yaml" in err and "not found" in err and "ไม่พบไฟล์" in err
    err = run_bad(str(tmp_path), as_json=True)
    assert "directory" in err


def test_non_utf8_file(tmp_path):
    p = tmp_path / "latin.yaml"
    p.write_bytes("fiscal_year: 2563\nagency: \xe9\n".encode("latin-1"))
    err = run_bad(str(p), as_json=True)
    assert "UTF-8" in err


def test_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + SPEC_EXAMPLE.encode("utf-8"))
    out, _ = run_ok(str(p), as_json=True)
    assert json.loads(out)["total"] == 62.83


# -- --framework FILE -----------------------------------------------------------------------------


def test_framework_file_adds_a_year(tmp_path):
    fw = write(tmp_path, {"based_on": 2569, "fiscal_year": 2570}, "fw2570.yaml")
    path = write(tmp_path, {"fiscal_year": 2570, "scores": {c: 96 for c in KCS}})
    err = run_bad(path, as_json=True)  # unknown without the file
    assert "2570" in err
    out, err = run_ok(path, as_json=True, framework=fw)
    d = json.loads(out)
    assert d["fiscal_year"] == 2570 and d["grade"] == "ผ่านดีเยี่ยม" and d["total"] == 96.0


def test_framework_file_overrides_a_year(tmp_path):
    data = json.loads(load_framework(2563).model_dump_json())
    data["grading"]["levels"][4]["label"] = "ด"  # rename D
    fw = write(tmp_path, data, "fw2563.json")
    out, _ = run_ok(write(tmp_path, SPEC_EXAMPLE), as_json=True, framework=fw)
    assert json.loads(out)["grade"] == "ด"
    # other years in the same input keep their bundled framework
    path = write(tmp_path, {"years": [{"fiscal_year": 2563, "scores": KCS}, {"fiscal_year": 2564, "scores": KCS}]}, "two.yaml")
    out, _ = run_ok(path, as_json=True, framework=fw)
    assert [x["grade"] for x in json.loads(out)] == ["ด", "D"]


def test_bad_framework_files(tmp_path):
    inp = write(tmp_path, SPEC_EXAMPLE)
    err = run_bad(inp, as_json=True, framework=str(tmp_path / "none.yaml"))
    assert "none.yaml" in err
    bad = json.loads(load_framework(2563).model_dump_json())
    bad["tools"][2]["weight"] = "0.5"
    err = run_bad(inp, as_json=True, framework=write(tmp_path, bad, "bad.json"))
    assert "bad.json" in err and "sum to 1" in err
    other = write(tmp_path, {"based_on": 2566}, "fw2566.yaml")
    err = run_bad(inp, as_json=True, framework=other)
    assert "2566" in err and "2563" in err


def test_near_miss_field_gets_a_suggestion(tmp_path):
    err = run_bad(write(tmp_path, {"fiscal_year": 2563, "scores": KCS, "publishd_total": 62.83}), as_json=True)
    assert "did you mean 'published_total'?" in err and "หมายถึง 'published_total'" in err
