"""The O42/O43 set: one input, six documents that agree on every figure, name, measure and date."""

from __future__ import annotations

import copy
import re
import warnings

import pymupdf
import pytest
import yaml
from conftest import EMBLEM, REPO
from ooxml_checks import NS, document_text, xml

from ita_docs import InputError, ItaDocsWarning, from_data, render, render_parts
from ita_docs.assessment import ScoreCard
from ita_docs.cli import main
from ita_docs.kinds.o42_bundle import BUNDLE_PARTS
from ita_docs.thai import convert_digits, format_date, to_thai_digits, verbatim_spans

EXAMPLE = REPO / "examples" / "o42-bundle.yaml"
SINGLE_KINDS = {
    "o42-memo": ["proposal_memo"],
    "analysis-report": ["analysis_report", "proposal_memo"],
    "measures-announcement": ["measures_announcement"],
    "culture-announcement": ["culture_announcement"],
    "circular-memo": ["circular_memo", "measures_announcement"],
    "o43-report": ["o43_report", "measures_announcement", "proposal_memo"],
}
SETTINGS_KEYS = {"proposal_memo", "analysis_report", "measures_announcement", "culture_announcement",
                 "circular_memo", "o43_report"}
ARABIC = re.compile("[0-9]")
THAI = re.compile("[๐-๙]")


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def quietly(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        return function(*args, **kwargs)


def render_set(data: dict) -> dict[str, str]:
    """kind name → the text of its document, rendered as one bundle."""
    doc = quietly(from_data, data, base_dir=REPO / "examples")
    parts = quietly(render_parts, doc, emblem=EMBLEM if EMBLEM.is_file() else None)
    names = {f"{name}.docx": kind for name, kind, _ in BUNDLE_PARTS}
    return {names[name]: document_text(docx) for name, docx in parts}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return render_set(example_data())


@pytest.fixture(scope="module")
def card() -> ScoreCard:
    return ScoreCard.build(**example_data()["assessment"])


def thai(text: str) -> str:
    return convert_digits(text, "thai")


def test_bundle_renders_six_documents_in_signing_order(texts):
    assert list(texts) == [kind for _, kind, _ in BUNDLE_PARTS]


def test_score_and_grade_are_computed_and_equal_everywhere(texts, card):
    total = thai(f"{card.rounded_total:.2f}")
    assert total == "๗๗.๐๒" and card.grade == "B"
    for kind in ("o42-memo", "analysis-report"):
        assert f"ได้คะแนน {total} คะแนน อยู่ในระดับ B" in texts[kind] or \
            f"ได้คะแนนภาพรวม {total} คะแนน อยู่ในระดับ B" in texts[kind]
    # the report's tool table: computed tool scores
    for tool, score in card.rounded_tool_scores.items():
        assert thai(f"{score:.2f}") in texts["analysis-report"], tool


def test_ranked_indicator_table_is_high_to_low(card):
    single = {k: v for k, v in example_data().items() if k not in SETTINGS_KEYS}
    doc = quietly(from_data, {**single, "kind": "analysis-report"}, base_dir=REPO / "examples")
    data = quietly(render, doc)
    tables = xml(data, "word/document.xml").findall(".//w:tbl", NS)
    ranked = tables[1]  # tool table, then the ranked indicators
    rows = ranked.findall("w:tr", NS)[1:]
    scores = ["".join(t.text for t in row.findall("w:tc", NS)[3].iter(f"{{{NS['w']}}}t")) for row in rows]
    expected = [thai(f"{r.rounded:.2f}") for r in card.ranked_indicators()]
    assert scores == expected
    assert [float(convert_digits(s, "arabic")) for s in scores] == sorted(
        (float(convert_digits(s, "arabic")) for s in scores), reverse=True)
    # the header row repeats on every page, body rows never split
    assert rows[0].find("w:trPr/w:tblHeader", NS) is None
    assert ranked.find("w:tr/w:trPr/w:tblHeader", NS) is not None


def test_measures_are_the_same_in_every_document(texts):
    titles = [thai(m["title"]) for m in example_data()["measures"]]
    for kind in ("o42-memo", "analysis-report", "measures-announcement", "o43-report"):
        for title in titles:
            assert title in texts[kind], (kind, title)


def test_measure_numbering(texts):
    count = len(example_data()["measures"])
    memo = texts["o42-memo"]
    labels = [thai(f"2.{n} ") for n in range(1, count + 1)]
    positions = [memo.index(label + thai(m["title"])) for label, m in zip(labels, example_data()["measures"])]
    assert positions == sorted(positions)
    announcement = texts["measures-announcement"].split("\n")
    numbered = [line for line in announcement if re.match("^[๑-๙]+\\. ", line)]
    assert [line.split(" ")[0] for line in numbered] == [thai(f"{n}.") for n in range(1, count + 1)]
    report = texts["analysis-report"]
    for n, m in enumerate(example_data()["measures"], start=1):
        assert f"({thai(str(n))}) {thai(m['title'])}" in report


def test_names_and_dates_agree(texts):
    data = example_data()
    agency, chief = data["agency"]["name"], data["agency"]["chief"]["name"]
    for kind, text in texts.items():
        assert agency in text, kind
    for kind in ("o42-memo", "measures-announcement", "culture-announcement", "circular-memo"):
        assert f"({chief})" in texts[kind], kind
    announced = format_date(data["measures_announcement"]["date"], digits="thai")
    assert f"ประกาศ ณ วันที่ {announced}" in texts["measures-announcement"].replace(" พ.ศ. ", " ")
    assert f"ลงวันที่ {announced}" in texts["circular-memo"]
    assert f"ลงวันที่ {announced}" in texts["o43-report"]
    author = data["proposal_memo"]["author"]["name"]
    for kind in ("o42-memo", "analysis-report", "o43-report"):
        assert f"({author})" in texts[kind], kind
    assert "(ลงชื่อ)" in texts["analysis-report"] and "ผู้จัดทำรายงาน" in texts["analysis-report"]


def test_comment_chain_in_order_up_to_the_chief(texts):
    data = example_data()
    memo = texts["o42-memo"]
    signers = [data["proposal_memo"]["author"]["name"]] + [r["name"] for r in data["proposal_memo"]["reviewers"]]
    signers.append(data["agency"]["chief"]["name"])
    positions = [memo.index(f"({name})") for name in signers]
    assert positions == sorted(positions)
    assert memo.count("ความเห็น") == len(signers) - 1  # one per superior, the author has none
    assert memo.count(f"({data['agency']['chief']['name']})") == 1


def test_chief_is_not_repeated_when_listed_as_the_last_reviewer():
    data = example_data()
    chief = data["agency"]["chief"]
    data["proposal_memo"]["reviewers"].append(chief)
    memo = render_set(data)["o42-memo"]
    assert memo.count(f"({chief['name']})") == 1
    assert memo.count("ความเห็น") == len(data["proposal_memo"]["reviewers"])


def _outside_urls(text: str) -> str:
    spans = verbatim_spans(text)
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return "".join(kept)


def test_thai_digits_everywhere_in_thai_mode(texts):
    for kind, text in texts.items():
        stray = ARABIC.findall(_outside_urls(text))
        assert not stray, (kind, [line for line in text.split("\n") if ARABIC.search(_outside_urls(line))][:3])
    assert "https://www.huaisaingam.go.th/ita/2566/o43-1" in texts["o43-report"]  # links keep theirs


def test_no_thai_digits_in_arabic_mode():
    texts = render_set({**example_data(), "digits": "arabic"})
    for kind, text in texts.items():
        assert not THAI.search(text), (kind, [line for line in text.split("\n") if THAI.search(line)][:3])
    assert "77.02" in texts["analysis-report"]


def test_criteria_table_comes_from_the_target_years_framework(texts):
    memo = texts["o42-memo"]
    assert "O๔๒" in memo and "O๔๓" in memo
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in memo
    assert f"ปีงบประมาณ พ.ศ. {to_thai_digits('2565')}" in memo  # what O42 must analyse: last year


def test_2569_cites_its_own_items():
    data = example_data()
    data["assessment"] = {"fiscal_year": 2568, "scores": data["assessment"]["scores"]}
    memo = render_set(data)["o42-memo"]
    assert "O๒๕" in memo and "O๒๖" in memo and "O๔๒" not in memo


def test_a_year_without_known_items_warns_and_leaves_the_table_out():
    data = example_data()
    data["assessment"] = {"fiscal_year": 2566, "scores": data["assessment"]["scores"]}
    doc = quietly(from_data, data, base_dir=REPO / "examples")
    with pytest.warns(ItaDocsWarning, match="items.analysis"):
        parts = render_parts(doc)
    memo = document_text(parts[0][1])
    assert "องค์ประกอบด้านข้อมูล" not in memo and "O๔๒" not in memo


def test_a_first_draft_from_nothing_but_the_scores():
    data = {
        "kind": "o42-bundle",
        "agency": {"name": "องค์การบริหารส่วนตำบลทดสอบ", "chief": {"name": "นายทดสอบ ใจดี",
                                                               "position": "นายกองค์การบริหารส่วนตำบลทดสอบ"}},
        "assessment": {"fiscal_year": 2563, "scores": {"I1": 84.46, "I2": 71.76, "I3": 81.35, "I4": 76.83,
                                                       "I5": 72.94, "E6": 73.94, "E7": 72.21, "E8": 68.74,
                                                       "O9": 59.26, "O10": 31.25}},
    }
    doc = from_data(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = render_parts(doc)
    messages = " ".join(str(w.message) for w in caught)
    assert "proposed from the scores" in messages
    assert sum("proposed from the scores" in str(w.message) for w in caught) == 1  # said once per bundle
    texts = [document_text(data) for _, data in parts]
    memo, report = texts[0], texts[1]
    # the weakest indicators lead the weaknesses and the measures (O10 31.25, then O9 59.26)
    assert memo.index("การป้องกันการทุจริตได้ ๓๑.๒๕") < memo.index("การเปิดเผยข้อมูลได้ ๕๙.๒๖")
    assert "๒.๑ วิเคราะห์ผลการประเมิน" in memo  # the default measure of O10
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๔" in memo  # the target year: last year + 1
    assert "ระดับ D" in report


def test_each_kind_renders_alone_from_its_own_input():
    data = example_data()
    shared = {k: v for k, v in data.items() if k not in SETTINGS_KEYS and k != "kind"}
    bundle_texts = render_set(data)
    for kind, keys in SINGLE_KINDS.items():
        single = {**copy.deepcopy(shared), "kind": kind, **{k: data[k] for k in keys if k in data}}
        doc = quietly(from_data, single, base_dir=REPO / "examples")
        text = document_text(quietly(render, doc))
        assert text == bundle_texts[kind], kind


def test_settings_of_another_document_are_an_error_in_a_single_kind():
    data = {**example_data(), "kind": "measures-announcement"}
    with pytest.raises(InputError) as info:
        from_data(data)
    assert "proposal_memo" in str(info.value)


@pytest.mark.parametrize("change,field", [
    (lambda d: d["measures"][0].update(indicator="X9"), "measures.0.indicator"),
    (lambda d: d.update(fiscal_year=2565), "fiscal_year"),
    (lambda d: d["assessment"]["scores"].update(I1=120), "scores.I1"),
    (lambda d: d["assessment"].update(published_total=70.00), "published_total"),
    (lambda d: d["proposal_memo"].update(date="2022-13-01"), "proposal_memo.date"),
    (lambda d: d.update(wording={"no_such_text": "x"}), "wording.no_such_text"),
])
def test_bad_input_names_the_field(change, field):
    data = example_data()
    change(data)
    with pytest.raises(InputError) as info:
        from_data(data, source="o42-bundle.yaml")
    message = str(info.value)
    assert field in message and "o42-bundle.yaml" in message


def test_cli_renders_a_bundle_into_a_folder(tmp_path, capsys):
    assert main(["render", str(EXAMPLE), "-o", str(tmp_path / "set")]) == 0
    assert sorted(p.name for p in (tmp_path / "set").iterdir()) == [f"{n}.docx" for n, _, _ in BUNDLE_PARTS]
    assert main(["render", str(EXAMPLE), "-o", str(tmp_path / "set.docx")]) == 2
    assert "folder" in capsys.readouterr().err


def test_improvement_plan_header_repeats_on_the_next_page_in_pdf(tmp_path, real_fonts):
    from ita_docs.render.pdf import PdfConverter

    data = example_data()
    measure = data["measures"][0]
    data["measures"] = [{**measure, "title": f"{measure['title']} (ชุดที่ {n})"} for n in range(1, 16)]
    single = {k: v for k, v in data.items() if k not in SETTINGS_KEYS}
    doc = quietly(from_data, {**single, "kind": "analysis-report"}, base_dir=REPO / "examples")
    converter = PdfConverter("thai")
    try:
        pdf = converter.convert(quietly(render, doc), tmp_path / "report.pdf")
    finally:
        converter.close()
    with pymupdf.open(pdf) as document:
        # "(ตัวชี้วัด…" is written only in the plan table's first column
        pages_with_plan_rows = [page for page in document if "(ตัวชี้วัด" in page.get_text()]
        assert len(pages_with_plan_rows) >= 2
        for page in pages_with_plan_rows:
            assert "ขั้นตอนหรือวิธีการ" in page.get_text(), page.number


def test_recommendations_without_the_forced_score(texts):
    """Issue 15: the analysis report's recommendation per indicator is worded by the set
    (`wording.recommendation_scored`): an agency that does not print each score leaves it out."""
    recommendation = re.compile(r"^\(([๐-๙]+)\) (\S+) \([๐-๙]+\.[๐-๙]{2} คะแนน\) ", re.MULTILINE)
    default = recommendation.findall(texts["analysis-report"])
    assert len(default) >= 10, "the default names each indicator's score"
    data = example_data()
    data["wording"] = {"recommendation_scored": "{name}: {recommendation}"}
    report = render_set(data)["analysis-report"]
    assert recommendation.findall(report) == []
    assert all(f"({n}) {name}: " in report for n, name in default)
    data["wording"] = {"recommendation_scored": "{name} {points}"}
    with pytest.raises(InputError, match=r"wording\.recommendation_scored"):
        quietly(from_data, data, base_dir=REPO / "examples")
