"""Default analysis texts: own wording, overridable, digits following the setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ita_docs.assessment import (
    ScoreCard,
    ScoreHistory,
    TextsError,
    assumption_note,
    change_sentences,
    indicator_recommendation,
    indicators_below_sentence,
    join_thai,
    load_framework,
    load_texts,
    oit_zero_sentence,
    recommendations,
    result_sentence,
    tool_recommendation,
    tool_sentences,
    tools_pass_sentence,
    top_bottom_sentence,
    total_change_sentence,
    total_pass_sentence,
)

KCS_2563 = {
    "I1": 84.46, "I2": 71.76, "I3": 81.35, "I4": 76.83, "I5": 72.94,
    "E6": 73.94, "E7": 72.21, "E8": 68.74, "O9": 59.26, "O10": 31.25,
}
ARABIC = re.compile(r"[0-9]")
THAI = re.compile(r"[๐-๙]")


@pytest.fixture
def card():
    return ScoreCard(fiscal_year=2563, scores=KCS_2563)


def test_result_sentence_of_reference_001(card):
    assert result_sentence(card) == "ได้คะแนน ๖๒.๘๓ คะแนน อยู่ในระดับ D"
    s = result_sentence(card, subject="องค์การบริหารส่วนตำบลเขาชัยสน")
    assert s == "องค์การบริหารส่วนตำบลเขาชัยสนได้คะแนน ๖๒.๘๓ คะแนน อยู่ในระดับ D"
    assert result_sentence(card, digits="arabic") == "ได้คะแนน 62.83 คะแนน อยู่ในระดับ D"
    y = result_sentence(card, with_year=True)
    assert y.startswith("ปีงบประมาณ พ.ศ. ๒๕๖๓") and "๖๒.๘๓" in y


def test_no_tool_passed_as_in_reference_001(card):
    assert tools_pass_sentence(card) == "ไม่มีแบบวัดใดผ่านเกณฑ์ ๘๕ คะแนน"
    assert tools_pass_sentence(card, digits="arabic") == "ไม่มีแบบวัดใดผ่านเกณฑ์ 85 คะแนน"
    assert total_pass_sentence(card) == "คะแนนรวมยังต่ำกว่าเกณฑ์ ๘๕ คะแนน อยู่ ๒๒.๑๗ คะแนน"


def test_some_and_all_tools_passed():
    fw = load_framework(2565)
    scores = {c: 90 for c in fw.indicator_codes}
    assert tools_pass_sentence(ScoreCard(fiscal_year=2565, scores=scores)) == "ทุกแบบวัดผ่านเกณฑ์ ๘๕ คะแนน"
    assert total_pass_sentence(ScoreCard(fiscal_year=2565, scores=scores)) == "คะแนนรวมผ่านเกณฑ์ ๘๕ คะแนน"
    scores.update({"E6": 80, "E7": 80, "E8": 80, "O9": 50, "O10": 50})
    s = tools_pass_sentence(ScoreCard(fiscal_year=2565, scores=scores))
    assert s == "แบบวัดที่ผ่านเกณฑ์ ๘๕ คะแนน ได้แก่ IIT ส่วน EIT และ OIT ยังต่ำกว่าเกณฑ์"


def test_tool_and_indicator_sentences(card):
    ts = tool_sentences(card)
    assert len(ts) == 3
    assert ts[2] == "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ได้ ๔๕.๒๖ คะแนน ต่ำกว่าเกณฑ์ ๘๕ คะแนน อยู่ ๓๙.๗๔ คะแนน"
    below = indicators_below_sentence(card)
    assert below.startswith("ตัวชี้วัดที่ได้คะแนนต่ำกว่า ๘๕ คะแนน ได้แก่ การป้องกันการทุจริต (๓๑.๒๕ คะแนน)")
    assert below.endswith("และ การปฏิบัติหน้าที่ (๘๔.๔๖ คะแนน)")
    tb = top_bottom_sentence(card, digits="arabic")
    assert "การปฏิบัติหน้าที่ (84.46 คะแนน)" in tb and "การป้องกันการทุจริต (31.25 คะแนน)" in tb


def test_recommendations_cover_every_indicator_and_tool():
    texts = load_texts()
    for year in range(2561, 2570):
        fw = load_framework(year)
        for code in fw.indicator_codes:
            assert len(indicator_recommendation(code, texts=texts)) > 80
        for code in fw.tool_codes:
            assert len(tool_recommendation(code, texts=texts)) > 80


def test_recommendations_for_weak_indicators(card):
    recs = recommendations(card)
    assert [r.code for r in recs][:3] == ["O10", "O9", "E8"]
    assert len(recs) == 10
    fw = load_framework(2565)
    strong = ScoreCard(fiscal_year=2565, scores={c: 90 for c in fw.indicator_codes} | {"I4": 70})
    assert [r.code for r in recommendations(strong)] == ["I4"]
    assert len(recommendations(strong, only_below=False)) == 10


def test_overrides(card):
    texts = load_texts(
        {
            "indicators": {"I4": "ข้อความของหน่วยงานเอง 2 ข้อ"},
            "tools": {"OIT": "ข้อความ OIT ของหน่วยงาน"},
            "sentences": {"result": "{subject} คะแนนรวม {total} ระดับ {grade} (ปี {year})"},
        }
    )
    assert indicator_recommendation("I4", texts=texts) == "ข้อความของหน่วยงานเอง ๒ ข้อ"
    assert indicator_recommendation("I4", texts=texts, digits="arabic") == "ข้อความของหน่วยงานเอง 2 ข้อ"
    assert tool_recommendation("OIT", texts=texts) == "ข้อความ OIT ของหน่วยงาน"
    assert indicator_recommendation("I1", texts=texts) == indicator_recommendation("I1")
    assert result_sentence(card, subject="อบต.", texts=texts) == "อบต. คะแนนรวม ๖๒.๘๓ ระดับ D (ปี ๒๕๖๓)"
    # defaults are untouched
    assert result_sentence(card) == "ได้คะแนน ๖๒.๘๓ คะแนน อยู่ในระดับ D"


@pytest.mark.parametrize(
    "overrides, needle",
    [
        ({"sentences": {"result": "{score_of_moon}"}}, "score_of_moon"),
        ({"sentences": {"no_such_sentence": "x"}}, "no_such_sentence"),
        ({"chapters": {"I1": "x"}}, "chapters"),
        ({"indicators": {"I1": 5}}, "I1"),
        ({"indicators": ["I1"]}, "indicators"),
        ({"sentences": {"result": "{total"}}, "result"),
    ],
)
def test_bad_overrides(overrides, needle):
    with pytest.raises(TextsError) as ei:
        load_texts(overrides)
    assert needle in str(ei.value)


def test_unknown_indicator_text():
    with pytest.raises(TextsError):
        indicator_recommendation("Z1")


def test_history_sentences():
    y63 = ScoreCard(fiscal_year=2563, scores=KCS_2563)
    y64 = ScoreCard(fiscal_year=2564, scores={**KCS_2563, "I1": 80, "E8": 60.74, "O9": 70})
    h = ScoreHistory(cards=[y63, y64])
    drops = change_sentences(h)
    assert drops == [
        "การปรับปรุงการทำงาน ลดลง ๘.๐๐ คะแนน จาก ๖๘.๗๔ เป็น ๖๐.๗๔ คะแนน",
        "การปฏิบัติหน้าที่ ลดลง ๔.๔๖ คะแนน จาก ๘๔.๔๖ เป็น ๘๐.๐๐ คะแนน",
    ]
    gains = change_sentences(h, drops=False, digits="arabic")
    assert gains == ["การเปิดเผยข้อมูล เพิ่มขึ้น 10.74 คะแนน จาก 59.26 เป็น 70.00 คะแนน"]
    s = total_change_sentence(h)
    assert s.startswith("คะแนนรวม") and "๒๕๖๓" in s
    assert total_change_sentence(ScoreHistory(cards=[y63, ScoreCard(fiscal_year=2564, scores=KCS_2563)])) == (
        "คะแนนรวมเท่ากับปีงบประมาณ พ.ศ. ๒๕๖๓"
    )


def test_oit_zero_sentence():
    c = ScoreCard(fiscal_year=2563, scores=KCS_2563)
    assert oit_zero_sentence(c) is None
    c = ScoreCard(fiscal_year=2563, scores=KCS_2563, oit_items={"O43": 0, "O42": 0, "O1": 100})
    s = oit_zero_sentence(c, digits="arabic")
    assert s.startswith("ข้อของแบบตรวจ OIT ที่ได้ 0 คะแนน ได้แก่ O42 มาตรการส่งเสริมคุณธรรม")
    assert oit_zero_sentence(ScoreCard(fiscal_year=2563, scores=KCS_2563, oit_items={"O1": 100})) == (
        "ไม่มีข้อของแบบตรวจ OIT ที่ได้ ๐ คะแนน"
    )


def test_assumption_note():
    assert assumption_note(load_framework(2563)) is None
    note = assumption_note(load_framework(2567))
    assert note.startswith("หมายเหตุ:") and "๒๕๖๗" in note and "น้ำหนักคะแนนของแบบวัด" in note
    only = assumption_note(load_framework(2567), ("grading",))
    assert only is None  # 2567's rating rules are confirmed
    assert "เกณฑ์ระดับผลการประเมิน" in assumption_note(load_framework(2568), ("grading",))


@pytest.mark.parametrize("digits, bad", [("thai", ARABIC), ("arabic", THAI)])
def test_digits_setting_is_followed_everywhere(card, digits, bad):
    h = ScoreHistory(cards=[card, ScoreCard(fiscal_year=2564, scores={**KCS_2563, "I1": 70})])
    texts = [
        result_sentence(card, with_year=True, digits=digits),
        tools_pass_sentence(card, digits=digits),
        total_pass_sentence(card, digits=digits),
        indicators_below_sentence(card, digits=digits),
        top_bottom_sentence(card, digits=digits),
        assumption_note(load_framework(2568), digits=digits),
        total_change_sentence(h, digits=digits),
        *tool_sentences(card, digits=digits),
        *change_sentences(h, digits=digits),
        *(r.text for r in recommendations(card, digits=digits)),
    ]
    for t in texts:
        assert not bad.search(t), t


def test_join_thai():
    assert join_thai([]) == "" and join_thai(["ก"]) == "ก"
    assert join_thai(["ก", "ข", "ค"]) == "ก ข และ ค"


def test_texts_are_our_own_wording():
    """No default paragraph copies a sentence of the reference documents (SPEC §2)."""
    ref = Path(__file__).resolve().parents[2] / "shared" / "reference" / "documents"
    if not ref.exists():
        pytest.skip("../shared/reference is not present")
    corpus = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in ref.glob("*.txt"))
    t = load_texts()
    for text in [*t.indicators.values(), *t.tools.values()]:
        words = text.split()
        # no run of 6 consecutive words appears verbatim in the references
        for i in range(len(words) - 5):
            chunk = " ".join(words[i : i + 6])
            assert chunk not in corpus, chunk


def test_bundled_sentences_use_only_their_placeholders():
    import string

    from ita_docs.assessment.texts import PLACEHOLDERS

    t = load_texts()
    assert set(t.sentences) == set(PLACEHOLDERS)
    for key, template in t.sentences.items():
        used = {n for _, n, _, _ in string.Formatter().parse(template) if n}
        assert used <= PLACEHOLDERS[key], key
