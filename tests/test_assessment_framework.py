"""Frameworks by fiscal year as data (SPEC §6, issue 3 part 1)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml

from ita_docs.assessment import (
    FACTS,
    Framework,
    FrameworkError,
    ScoreCard,
    UnknownFiscalYearError,
    available_years,
    load_framework,
    load_framework_file,
)
from ita_docs.thai import BuddhistYearError

ALL_YEARS = list(range(2561, 2570))
LETTER_YEARS = [2561, 2562, 2563, 2564, 2565, 2566]
RATING_YEARS = [2567, 2568, 2569]


def test_bundled_years_are_2561_to_2569():
    assert available_years() == tuple(ALL_YEARS)


@pytest.mark.parametrize("year", ALL_YEARS)
def test_every_year_loads_and_is_consistent(year):
    fw = load_framework(year)
    assert fw.fiscal_year == year
    assert sum(t.weight for t in fw.tools) == 1
    assert fw.tool_codes == ("IIT", "EIT", "OIT")
    assert fw.indicator_codes == ("I1", "I2", "I3", "I4", "I5", "E6", "E7", "E8", "O9", "O10")
    assert fw.pass_mark == 85
    assert fw.confirmed == (not fw.assumptions)
    for a in fw.assumptions:
        assert a.fact in FACTS and a.note_th and a.note_en


def test_weights_are_30_30_40_as_published_in_reference_000():
    # reference 000 (2563 briefing): IIT 30, EIT 30, OIT 40 points, pass mark 85, 10 indicators
    fw = load_framework(2563)
    assert [(t.code, t.weight) for t in fw.tools] == [
        ("IIT", Decimal("0.30")),
        ("EIT", Decimal("0.30")),
        ("OIT", Decimal("0.40")),
    ]
    assert len(fw.indicators) == 10


def test_indicator_names_and_alternative_name():
    fw = load_framework(2563)
    names = [i.name_th for i in fw.indicators]
    assert names == [
        "การปฏิบัติหน้าที่",
        "การใช้งบประมาณ",
        "การใช้อำนาจ",
        "การใช้ทรัพย์สินของราชการ",
        "การแก้ไขปัญหาการทุจริต",
        "คุณภาพการดำเนินงาน",
        "ประสิทธิภาพการสื่อสาร",
        "การปรับปรุงการทำงาน",
        "การเปิดเผยข้อมูล",
        "การป้องกันการทุจริต",
    ]
    # reference 000 and 001 call E8 "การปรับปรุงระบบการทำงาน"
    assert fw.find_indicator("การปรับปรุงระบบการทำงาน").code == "E8"
    assert fw.find_indicator("การปรับปรุงการทำงาน").code == "E8"
    assert fw.find_indicator("ไม่มีตัวชี้วัดนี้") is None
    assert fw.tool("OIT").name_th == "แบบตรวจการเปิดเผยข้อมูลสาธารณะ"
    assert fw.tool_of("E7").code == "EIT"


@pytest.mark.parametrize("year", LETTER_YEARS)
def test_letter_years(year):
    fw = load_framework(year)
    assert fw.grading.scheme == "letters"
    assert fw.grading.labels == ("AA", "A", "B", "C", "D", "E", "F")
    assert fw.passing_labels() == ("AA", "A")


def test_letter_ranges_match_spec():
    ranges = load_framework(2565).grading.ranges()
    assert [(grade, str(lo), str(hi) if hi is not None else None) for grade, lo, hi in ranges] == [
        ("AA", "95", None),
        ("A", "85", "94.99"),
        ("B", "75", "84.99"),
        ("C", "65", "74.99"),
        ("D", "55", "64.99"),
        ("E", "50", "54.99"),
        ("F", "0", "49.99"),
    ]


@pytest.mark.parametrize("year", RATING_YEARS)
def test_rating_years(year):
    fw = load_framework(year)
    assert fw.grading.scheme == "ratings"
    assert fw.grading.labels == ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน")
    assert fw.passing_labels() == ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน")
    lv = fw.grading.level("ผ่านดีเยี่ยม")
    assert lv.min_total == 95 and lv.min_each_tool == 95
    assert fw.grading.level("ผ่านดี").min_each_tool == 85
    assert fw.grading.level("ผ่าน").min_each_tool is None


def test_analysis_and_implementation_items():
    for y in (2563, 2564, 2565, 2566):
        fw = load_framework(y)
        assert (fw.analysis_item, fw.implementation_item) == ("O42", "O43")
        assert fw.is_confirmed("analysis_item")
        assert fw.oit.get("O42").name == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    fw = load_framework(2569)
    assert (fw.analysis_item, fw.implementation_item) == ("O25", "O26")
    assert fw.oit.get("O25").name == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    for y in (2567, 2568):
        fw = load_framework(y)
        assert fw.analysis_item is None and fw.implementation_item is None
        assert not fw.confirmed
        assert not fw.is_confirmed("analysis_item")


def test_confirmed_and_assumed_years():
    confirmed = {y for y in ALL_YEARS if load_framework(y).confirmed}
    assert confirmed == {2563, 2564, 2565}
    assert [a.fact for a in load_framework(2562).assumptions] == ["oit_items"]
    assert [a.fact for a in load_framework(2566).assumptions] == ["oit_items"]
    fw67 = load_framework(2567)
    assert not fw67.is_confirmed("weights")  # SPEC §6: 2567+ weights not confirmed
    assert fw67.is_confirmed("grading")  # SPEC §6 states the 2567 rating rules
    assert not load_framework(2568).is_confirmed("grading")
    assert not load_framework(2561).is_confirmed("tools")


def test_oit_catalogues_follow_the_reference_json():
    ref = json.load(open(_ref_json(), encoding="utf-8"))
    fw64 = load_framework(2564)
    assert fw64.oit.confidence == "high" and fw64.oit.total_items == 43 and fw64.oit.complete
    expected = [s.split(" ", 1) for lst in ref["2564"]["subindicators"].values() for s in lst]
    assert [(it.code, it.name) for it in fw64.oit_items] == [tuple(e) for e in expected]
    assert fw64.oit.get("O1").sub_indicator == "9.1" and fw64.oit.get("O1").indicator == "O9"
    assert fw64.oit.get("O36").indicator == "O10"
    # 2563 is the same catalogue as 2564
    assert load_framework(2563).oit == fw64.oit
    # 2565 differs in four items
    fw65 = load_framework(2565)
    assert fw65.oit.get("O34").name.startswith("นโยบายไม่รับของขวัญ")
    assert fw65.oit.get("O36").name == "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี"
    fw62 = load_framework(2562)
    assert fw62.oit.total_items == 47 and len(fw62.oit_items) == 47 and fw62.oit.confidence == "medium"
    assert all(it.confidence == "medium" for it in fw62.oit_items)
    fw66 = load_framework(2566)
    assert fw66.oit.get("O10").confidence == "low"  # flagged "unverified" in the reference
    assert fw66.oit.get("O31").indicator == "O10"
    assert load_framework(2567).oit.confidence == "low" and not load_framework(2567).oit_items
    fw69 = load_framework(2569)
    assert fw69.oit.total_items == 26 and len(fw69.oit_items) == 26
    assert fw69.oit.get("O5").name is None and not fw69.oit.complete
    assert fw69.oit.get("O5").label == "O5"


def _ref_json():
    from pathlib import Path

    p = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ita_oit_items.json"
    if not p.exists():
        pytest.skip("../shared/reference is not present")
    return p


def test_frameworks_are_immutable_and_cached():
    fw = load_framework(2563)
    assert load_framework(2563) is fw
    with pytest.raises((AttributeError, TypeError, ValueError)):  # frozen, however pydantic says it
        fw.pass_mark = Decimal(50)  # type: ignore[misc]
    assert isinstance(fw.tools, tuple) and isinstance(fw.assumptions, tuple)


def test_ce_year_suggests_adding_543():
    with pytest.raises(BuddhistYearError) as ei:
        load_framework(2020)
    msg = str(ei.value)
    assert "543" in msg and "2563" in msg and "fiscal_year" in msg


def test_year_without_framework():
    with pytest.raises(UnknownFiscalYearError) as ei:
        load_framework(2575)
    assert "2575" in str(ei.value) and "2569" in str(ei.value)
    assert isinstance(ei.value, ValueError) and isinstance(ei.value, LookupError)


# -- user framework files ------------------------------------------------------------------------


def _bundled_dict(year: int) -> dict:
    return json.loads(load_framework(year).model_dump_json())


def test_full_user_file_in_json_equals_bundled(tmp_path):
    p = tmp_path / "fw.json"
    p.write_text(json.dumps(_bundled_dict(2564), ensure_ascii=False), encoding="utf-8")
    assert load_framework(2564, p) == load_framework(2564)


def test_user_file_adds_a_year(tmp_path):
    p = tmp_path / "2570.yaml"
    p.write_text(
        yaml.safe_dump(
            {
                "based_on": 2569,
                "fiscal_year": 2570,
                "confirmed": False,
                "assumptions": {"weights": "ใช้ตามปี 2569 ไปก่อน"},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    fw = load_framework(2570, p)
    assert fw.fiscal_year == 2570 and not fw.confirmed
    assert [a.fact for a in fw.assumptions] == ["weights"]
    assert fw.analysis_item == "O25"
    card = ScoreCard(fiscal_year=2570, scores={c: 90 for c in fw.indicator_codes}, framework=fw)
    assert card.grade == "ผ่านดี" and card.rounded_total == Decimal("90.00")
    # without the file, 2570 is unknown
    with pytest.raises(UnknownFiscalYearError):
        load_framework(2570)


def test_user_file_overrides_weights_and_oit_items_of_2567(tmp_path):
    data = _bundled_dict(2567)
    data["tools"][0]["weight"] = "0.25"
    data["tools"][1]["weight"] = "0.25"
    data["tools"][2]["weight"] = "0.50"
    data["oit"] = {
        "confidence": "high",
        "total_items": 2,
        "items": [{"code": "O1", "name": "ข้อแรก"}, {"code": "O2", "name": "ข้อสอง"}],
    }
    data["analysis_item"] = "O2"
    p = tmp_path / "my2567.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fw = load_framework(2567, p)
    assert [t.weight for t in fw.tools] == [Decimal("0.25"), Decimal("0.25"), Decimal("0.50")]
    scores = {"I1": 80, "I2": 80, "I3": 80, "I4": 80, "I5": 80, "E6": 90, "E7": 90, "E8": 90, "O9": 100, "O10": 100}
    mine = ScoreCard(fiscal_year=2567, scores=scores, framework=fw)
    bundled = ScoreCard(fiscal_year=2567, scores=scores)
    assert mine.rounded_total == Decimal("92.50")  # .25*80 + .25*90 + .5*100
    assert bundled.rounded_total == Decimal("91.00")  # .3*80 + .3*90 + .4*100
    assert fw.analysis_item == "O2"


def test_based_on_partial_override(tmp_path):
    p = tmp_path / "fw.yaml"
    p.write_text("based_on: 2565\npass_mark: 80\nconfirmed: false\nassumptions: {pass_mark: 'ลองเกณฑ์ 80'}\n", encoding="utf-8")
    fw = load_framework(2565, p)
    assert fw.pass_mark == 80 and fw.oit == load_framework(2565).oit


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda d: d["tools"][0].__setitem__("weight", "0.20"), "sum to 1"),
        (lambda d: d.__setitem__("confirmed", True), "confirmed"),
        (lambda d: d.__setitem__("analysis_item", "O99"), "analysis_item"),
        (lambda d: d["grading"]["levels"].reverse(), "grading"),
        (lambda d: d["tools"][1]["indicators"][0].__setitem__("code", "I1"), "duplicate indicator"),
        (lambda d: d.__setitem__("fiscal_year", 2024), "543"),
        (lambda d: d.__setitem__("pass_mark", 150), "pass_mark"),
        (lambda d: d.__setitem__("assumptions", {"colour": "x"}), "colour"),
    ],
)
def test_invalid_user_files_are_rejected_with_the_field(tmp_path, change, needle):
    data = _bundled_dict(2566)
    change(data)
    p = tmp_path / "bad.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as ei:
        load_framework_file(p)
    assert needle in str(ei.value)
    assert str(p) in str(ei.value)


def test_user_file_for_another_year(tmp_path):
    p = tmp_path / "fw.yaml"
    p.write_text("based_on: 2564\n", encoding="utf-8")
    with pytest.raises(FrameworkError) as ei:
        load_framework(2565, p)
    assert "2564" in str(ei.value) and "2565" in str(ei.value)


def test_missing_and_unparsable_user_files(tmp_path):
    with pytest.raises(FrameworkError):
        load_framework_file(tmp_path / "nope.yaml")
    p = tmp_path / "broken.yaml"
    p.write_text("tools: [\n", encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework_file(p)
    p2 = tmp_path / "list.yaml"
    p2.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework_file(p2)


def test_framework_model_validates_directly():
    data = _bundled_dict(2563)
    assert Framework.model_validate(data) == load_framework(2563)
