"""Named parts (issue 15): every kind's body can be reworded, removed, moved and added to by id;
per-document settings in the O42 bundle; `ita-docs wording`; the small defects of item 7.

Every test renders the real .docx and reads its text back (word/document.xml)."""

from __future__ import annotations

import copy
import json
import re
import warnings
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from ooxml_checks import document_text

from ita_docs import InputError, ItaDocsWarning, from_data, render, render_parts
from ita_docs.assessment import ScoreCard
from ita_docs.cli import main
from ita_docs.kinds.o42_bundle import BUNDLE_PARTS
from ita_docs.thai import convert_digits, format_score

EXAMPLES = REPO / "examples"


def example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))


SETTINGS = {  # the settings each kind of the set reads
    "o42-memo": ["proposal_memo"],
    "analysis-report": ["analysis_report", "proposal_memo"],
    "measures-announcement": ["measures_announcement"],
    "culture-announcement": ["culture_announcement"],
    "circular-memo": ["circular_memo", "measures_announcement"],
    "o43-report": ["o43_report", "measures_announcement", "proposal_memo"],
}


def o42_data(kind: str) -> dict:
    """The bundle example as the input of one kind of the set."""
    data = example("o42-bundle")
    data["kind"] = kind
    data.pop("documents", None)
    for key in {k for keys in SETTINGS.values() for k in keys} - set(SETTINGS[kind]):
        data.pop(key, None)
    return data


def text_of(data: dict) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data(data, base_dir=EXAMPLES)
        return document_text(render(doc))


def bundle_texts(data: dict) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        doc = from_data(data, base_dir=EXAMPLES)
        names = {f"{name}.docx": kind for name, kind, _ in BUNDLE_PARTS}
        return {names[name]: document_text(docx) for name, docx in render_parts(doc)}


def card_of(data: dict) -> tuple[str, str, str]:
    """(year, total, grade) as the set computes them, in Thai digits."""
    card = ScoreCard.build(**data["assessment"])
    return thai(str(card.fiscal_year)), format_score(card.rounded_total, digits="thai"), card.grade


def thai(text: str) -> str:
    return convert_digits(text, "thai")


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def index_of(text: str, needle: str) -> int:
    found = [n for n, line in enumerate(lines(text)) if needle in line]
    assert found, f"{needle!r} not in the document"
    return found[0]


# --- the generic forms ------------------------------------------------------------------------------

def test_memo_parts_reword_remove_move_add():
    data = example("memo")
    first = lines(text_of(data))
    data["parts"] = {
        "body.1": {"remove": True},
        "body.3": {"before": "body.2"},
        "closing": {"text": "จึงเรียนมาเพื่อโปรดทราบและพิจารณาอนุมัติ"},
    }
    data["add"] = [{"after": "body.2", "text": "ย่อหน้าที่หน่วยงานเพิ่มเอง"}]
    text = text_of(data)
    assert "ด้วยสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ" in "\n".join(first)
    assert "ด้วยสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ" not in text
    list_item = index_of(text, "แต่งตั้งคณะทำงานและกำหนดผู้รับผิดชอบ")
    second = index_of(text, "กองยุทธศาสตร์และงบประมาณได้จัดทำแผน")
    added = index_of(text, "ย่อหน้าที่หน่วยงานเพิ่มเอง")
    assert list_item < second < added  # body.3 (the list) moved before body.2; the new paragraph after body.2
    assert "จึงเรียนมาเพื่อโปรดทราบและพิจารณาอนุมัติ" in text


def test_announcement_and_order_closing_and_effective_are_parts():
    data = example("announcement")
    data["parts"] = {"closing": {"remove": True}}
    data["add"] = [{"before": "body.1", "heading": "หัวข้อที่เพิ่ม"}]
    text = text_of(data)
    assert "จึงประกาศให้ทราบโดยทั่วกัน" not in text
    assert lines(text).index("หัวข้อที่เพิ่ม") < index_of(text, "ประกาศ ณ วันที่")
    order = example("order")
    order["parts"] = {"effective": {"text": "ทั้งนี้ ให้มีผลทันที"}, "signature": {"remove": True}}
    text = text_of(order)
    assert "ทั้งนี้ ให้มีผลทันที" in text and "ตั้งแต่" not in text.split("ทั้งนี้ ให้มีผลทันที")[0][-5:]
    assert order["signature"]["name"] not in text


# --- the O42 set, kind by kind ----------------------------------------------------------------------

def test_o42_memo_reword_with_computed_figures_remove_move_add():
    data = o42_data("o42-memo")
    data["parts"] = {
        "intro": {"text": "ผลการประเมินปี {previous_year} ได้ {total} คะแนน ระดับ {grade}"},
        "request": {"remove": True},
        "measures_intro": {"after": "measures"},
    }
    data["add"] = [{"after": "intro", "id": "note", "text": "ข้อความเพิ่มของหน่วยงาน"},
                   {"before": "note", "text": "ก่อนข้อความเพิ่ม"}]
    text = text_of(data)
    year, total, grade = card_of(data)
    assert f"ผลการประเมินปี {year} ได้ {total} คะแนน ระดับ {grade}" in text  # computed, not typed
    assert "หากเห็นชอบโปรดลงนามในประกาศ" not in text
    assert index_of(text, "ผลการประเมินปี") < index_of(text, "ก่อนข้อความเพิ่ม") < index_of(text, "ข้อความเพิ่มของหน่วยงาน")
    measures = index_of(text, thai("๒.๑"))
    assert index_of(text, "เห็นควรกำหนดมาตรการ") > measures


def test_analysis_report_parts():
    data = o42_data("analysis-report")
    data["parts"] = {
        "part3.heading": {"remove": True},
        "tool_table": {"text": "ตารางคะแนนแยกตามแบบวัด"},
        "recommendations": {"remove": True},
        "analysis.result": {"text": "ภาพรวมได้ {total} คะแนน ({grade})"},
    }
    data["add"] = [{"after": "part1.intro", "text": "ความเป็นมาของการประเมินตามที่หน่วยงานเขียนเอง"}]
    text = text_of(data)
    assert "ส่วนที่ ๓" not in text
    assert "ตารางคะแนนแยกตามแบบวัด" in text and "คะแนนรายแบบวัด\n" not in text
    _, total, grade = card_of(data)
    assert f"ภาพรวมได้ {total} คะแนน ({grade})" in text
    assert index_of(text, "ความเป็นมาของการประเมิน") < index_of(text, "ตารางคะแนนแยกตามแบบวัด")


@pytest.mark.parametrize("kind, reword, gone", [
    ("measures-announcement", "lead", "reason"),
    ("culture-announcement", "lead", "guidelines"),
    ("circular-memo", "body", "reason"),
    ("o43-report", "intro", "summary.heading"),
])
def test_each_document_of_the_set_takes_parts(kind, reword, gone):
    data = o42_data(kind)
    before = text_of(data)
    data["parts"] = {reword: {"text": "ถ้อยคำใหม่ของ{agency} ปี {fiscal_year}"}, gone: {"remove": True}}
    data["add"] = [{"before": reword, "text": "ย่อหน้าที่เพิ่มก่อน"}]
    text = text_of(data)
    agency = data["agency"]["name"]
    year = data.get("fiscal_year") or data["assessment"]["fiscal_year"] + 1
    assert thai(f"ถ้อยคำใหม่ของ{agency} ปี {year}") in text
    assert index_of(text, "ย่อหน้าที่เพิ่มก่อน") + 1 == index_of(text, "ถ้อยคำใหม่ของ")
    assert len(lines(text)) < len(lines(before)) + 1  # the removed part's lines are gone


def test_o43_report_computed_summary_reworded():
    data = o42_data("o43-report")
    data["parts"] = {"summary": {"text": "ทำแล้ว {done} จาก {count} มาตรการ"}}
    text = text_of(data)
    assert re.search("ทำแล้ว [๐-๙]+ จาก [๐-๙]+ มาตรการ", text)


# --- the bundle: per-document settings --------------------------------------------------------------

def test_bundle_documents_have_their_own_parts_and_lists():
    data = example("o42-bundle")
    data["proposal_memo"]["parts"] = {"intro": {"text": "บันทึกนี้เสนอมาตรการของ{agency}"}}
    data["analysis_report"] = {**data.get("analysis_report", {}),
                               "weaknesses": ["จุดอ่อนที่มีในรายงานเท่านั้น"]}
    data["measures_announcement"] = {**data.get("measures_announcement", {}),
                                     "measures": ["มาตรการตามถ้อยคำของประกาศ"],
                                     "add": [{"after": "lead", "text": "ข้อความเฉพาะประกาศ"}]}
    texts = bundle_texts(data)
    agency = data["agency"]["name"]
    assert f"บันทึกนี้เสนอมาตรการของ{agency}" in texts["o42-memo"]
    assert f"บันทึกนี้เสนอมาตรการของ{agency}" not in texts["analysis-report"]
    assert "จุดอ่อนที่มีในรายงานเท่านั้น" in texts["analysis-report"]
    assert "จุดอ่อนที่มีในรายงานเท่านั้น" not in texts["o42-memo"]
    announcement = texts["measures-announcement"]
    assert "มาตรการตามถ้อยคำของประกาศ" in announcement and "ข้อความเฉพาะประกาศ" in announcement
    assert "มาตรการตามถ้อยคำของประกาศ" not in texts["o42-memo"]


def test_bundle_leaves_out_documents_not_listed(tmp_path):
    data = example("o42-bundle")
    data["documents"] = ["o42-memo", "analysis-report", "measures-announcement"]
    texts = bundle_texts(data)
    assert sorted(texts) == ["analysis-report", "measures-announcement", "o42-memo"]
    data["documents"] = ["o43-memo"]
    with pytest.raises(InputError) as caught:
        from_data(data, base_dir=EXAMPLES)
    assert "documents" in str(caught.value)


def test_old_wording_overrides_still_apply():
    data = o42_data("o42-memo")
    data["wording"] = {"memo_closing": "จึงเรียนมาเพื่อโปรดทราบ"}
    assert "จึงเรียนมาเพื่อโปรดทราบ" in text_of(data)


# --- errors -------------------------------------------------------------------------------------

def _run(tmp_path: Path, data: dict, capsys) -> tuple[int, str]:
    source = tmp_path / "input.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for path in ("photos",):
        if (EXAMPLES / path).exists() and not (tmp_path / path).exists():
            (tmp_path / path).symlink_to(EXAMPLES / path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        code = main(["render", str(source), "-o", str(tmp_path / "out.docx")])
    return code, capsys.readouterr().err


def test_unknown_part_id_is_an_input_error_naming_the_ids(tmp_path, capsys):
    data = o42_data("o42-memo")
    data["parts"] = {"intro_typo": {"remove": True}}
    code, err = _run(tmp_path, data, capsys)
    assert code == 2
    assert "intro_typo" in err and "analysis.strengths" in err and "request" in err
    data = example("score-memo")
    data["add"] = [{"after": "nowhere", "text": "x"}]
    code, err = _run(tmp_path, data, capsys)
    assert code == 2 and "nowhere" in err and "weak_items_table" in err


def test_a_part_this_document_lacks_cannot_be_an_anchor(tmp_path, capsys):
    data = example("score-memo")
    data.pop("distribution")
    data["add"] = [{"after": "distribution_table", "text": "x"}]
    code, err = _run(tmp_path, data, capsys)
    assert code == 2 and "distribution_table" in err and "history_table" in err
    assert not (tmp_path / "out.docx").exists()


def test_reworded_text_with_an_unknown_placeholder_names_the_allowed_ones(tmp_path, capsys):
    data = o42_data("o42-memo")
    data["parts"] = {"intro": {"text": "ได้ {score} คะแนน"}}
    code, err = _run(tmp_path, data, capsys)
    assert code == 2 and "{score}" in err and "{total}" in err


def test_a_form_field_cannot_move():
    data = example("memo")
    data["parts"] = {"closing": {"after": "body.1"}}
    with pytest.raises(InputError) as caught:
        from_data(data, base_dir=EXAMPLES)
    assert "parts.closing" in str(caught.value)


# --- wording and schema ------------------------------------------------------------------------

def test_wording_lists_parts_defaults_and_placeholders(capsys):
    assert main(["wording", "o42-memo"]) == 0
    out = capsys.readouterr().out
    assert "analysis.strengths" in out and "criteria_table" in out
    assert "ในการนี้ ได้วิเคราะห์ผลการประเมินของ{agency}" in out  # the default of intro
    assert "{total}" in out and "memo_closing" in out  # placeholders; the `wording:` keys
    assert main(["wording", "o42-bundle"]) == 0
    out = capsys.readouterr().out
    for field in ("proposal_memo.parts", "analysis_report.parts", "o43_report.parts", "circular_memo.parts"):
        assert field in out
    assert main(["wording", "score-memo"]) == 0
    assert "weak_items_count" in capsys.readouterr().out
    assert main(["wording", "no-such-kind"]) == 2


def test_schema_describes_the_parts(capsys):
    assert main(["schema", "briefing-report-memo"]) == 0
    schema = json.loads(capsys.readouterr().out)
    parts = schema["properties"]["parts"]
    assert re.match(parts["propertyNames"]["pattern"], "objectives")
    assert re.match(parts["propertyNames"]["pattern"], "body.3")
    assert not re.match(parts["propertyNames"]["pattern"], "titles")
    assert "{event}" in parts["description"]


# --- item 7: the small defects -----------------------------------------------------------------

def test_briefing_report_has_a_space_after_the_event_name():
    data = example("briefing-report-memo")
    data["event"]["name"] = "ประชุมเครือข่าย ITA ครั้งที่ 6"
    text = text_of(data)
    assert "ครั้งที่ ๖ ดังกล่าว" in text and "ครั้งที่ ๖ดังกล่าว" not in text


def test_briefing_report_rewords_the_parts_its_texts_file_names():
    header = (REPO / "ita_docs/kinds/texts/briefing-report-memo.yaml").read_text(encoding="utf-8").split("\nintro:")[0]
    assert "titles:" not in header  # no longer claims an input key the model rejects
    data = example("briefing-report-memo")
    data["parts"] = {"report": {"text": "บัดนี้ การ{event}เสร็จแล้ว จึงขอรายงาน ดังนี้"},
                     "objectives": {"remove": True}, "benefits": {"text": "ผลที่ได้"}}
    text = text_of(data)
    assert "เสร็จแล้ว จึงขอรายงาน ดังนี้" in text
    assert "วัตถุประสงค์" not in text
    assert "๑. สาระสำคัญ" in text  # renumbered after the removal
    assert re.search("[๒-๙]. ผลที่ได้", text)


def test_drive_report_unknown_signer_leaves_a_dotted_line():
    data = example("drive-report")
    data["signature"] = {"name": "", "position": "เจ้าหน้าที่"}
    text = text_of(data)
    assert "()" not in text and "(" + "." * 40 + ")" in text
    data.pop("signature")
    text = text_of(data)
    assert "()" not in text and "(" + "." * 40 + ")" in text


def test_drive_report_surveys_move_and_activities_reword():
    data = example("drive-report")
    data["parts"] = {"surveys": {"after": "introduction.1"}, "surveys.heading": {"remove": True},
                     "activity.1": {"text": "(๑) {title}"}}
    text = text_of(data)
    assert "ช่องทางการตอบแบบวัด" not in text
    assert index_of(text, "QR Code") < index_of(text, data["introduction"][1][:30])
    assert "(๑) " + thai(data["activities"][0]["title"]) in text


def test_score_memo_weak_items_numbered_and_counted():
    data = example("score-memo")
    text = text_of(data)
    count = len(data["weak_items"])
    assert thai(f"มีจำนวน {count} ตัวชี้วัด") in text
    cells = lines(text)
    start = cells.index("ที่")
    assert cells[start + 1] == "ข้อ"
    numbers = [c for c in cells[start:] if re.fullmatch("[๐-๙]+", c)]
    assert thai("1") in numbers and thai(str(count)) in numbers


def test_score_memo_distribution_says_how_many_did_not_pass():
    data = example("score-memo")
    counts = data["distribution"]["counts"]
    total = sum(counts.values())
    text = text_of(data)
    match = re.search("ไม่ผ่านเกณฑ์ ([๐-๙]+) แห่ง คิดเป็นร้อยละ ([๐-๙.]+)", text)
    assert match
    passed = int(convert_digits(re.search("มี ([๐-๙]+) แห่ง จากทั้งหมด", text).group(1), "arabic"))
    assert int(convert_digits(match.group(1), "arabic")) == total - passed
    share = float(convert_digits(match.group(2), "arabic"))
    assert abs(share - 100 * (total - passed) / total) < 0.006


def test_score_memo_parts_move_and_renumber():
    data = copy.deepcopy(example("score-memo"))
    data["parts"] = {"history": {"remove": True}, "history_table": {"remove": True},
                     "history_summary": {"text": "ได้ {total} คะแนน ระดับ {grade}"},
                     "distribution": {"before": "tools"}, "distribution_table": {"after": "distribution"}}
    text = text_of(data)
    assert "ผลคะแนนการประเมินย้อนหลัง" not in text
    assert re.search("ได้ [๐-๙.]+ คะแนน ระดับ [A-F]+", text)
    assert index_of(text, "๑. การกระจายระดับ") < index_of(text, "๒. ผลการประเมินรายแบบวัด")
    assert "๒.๑" in text or thai("2.1") in text


# --- item 3: from the published total and grade alone ------------------------------------------

def _published_only(data: dict, tools: bool = False) -> dict:
    card = ScoreCard.build(**data["assessment"])
    data["assessment"] = {"fiscal_year": card.fiscal_year, "published_total": str(card.rounded_total),
                          "published_grade": card.grade}
    if tools:
        data["assessment"]["published_tools"] = {t.code: str(t.rounded) for t in card.tool_results()}
    return data


def test_analysis_report_from_total_and_grade_alone():
    full = o42_data("analysis-report")
    _, total, grade = card_of(full)
    data = _published_only(o42_data("analysis-report"))
    text = text_of(data)
    assert f"ได้คะแนนภาพรวม {total} คะแนน อยู่ในระดับ {grade}" in text
    assert "คะแนนรายแบบวัด" not in text and "คะแนนรายตัวชี้วัด" not in text  # no table without its figures
    assert "  " not in text.replace("\n", " ").split("ส่วนที่ ๒")[1][:300]  # no hole where a sentence was
    scored = re.compile(r"\([๐-๙.]+ คะแนน\)")  # an indicator's score beside its recommendation
    assert scored.search(text_of(full).split("ส่วนที่ ๒")[1].split("ส่วนที่ ๓")[0])
    assert not scored.search(text.split("ส่วนที่ ๒")[1].split("ส่วนที่ ๓")[0])
    for measure in data["measures"]:
        assert thai(measure["title"]) in text  # the agency's own measures still come through
    with_tools = text_of(_published_only(o42_data("analysis-report"), tools=True))
    assert "คะแนนรายแบบวัด" in with_tools and "คะแนนรายตัวชี้วัด" not in with_tools


def test_o42_set_from_total_and_grade_alone_proposes_nothing():
    data = _published_only(example("o42-bundle"))
    for key in ("strengths", "weaknesses", "measures"):
        data.pop(key, None)
    with pytest.warns(ItaDocsWarning, match="only the published total"):
        doc = from_data(data, base_dir=EXAMPLES)
        parts = render_parts(doc)
    texts = {name: document_text(docx) for name, docx in parts}
    assert len(texts) == 6
    memo = texts["01-o42-memo.docx"]
    _, total, grade = card_of(example("o42-bundle"))
    assert f"{total} คะแนน อยู่ในระดับ {grade}" in memo
    assert "จุดแข็ง" not in lines(memo) and "จุดอ่อน" not in lines(memo)  # no heading over nothing


def test_published_grade_must_agree_with_the_total(tmp_path, capsys):
    data = _published_only(o42_data("analysis-report"))
    data["assessment"]["published_grade"] = "AA"
    code, err = _run(tmp_path, data, capsys)
    assert code == 2 and "published_grade" in err


def test_a_table_part_takes_blocks_not_text():
    data = example("score-memo")
    data["parts"] = {"history_table": {"text": "ตาราง"}}
    with pytest.raises(InputError) as caught:
        from_data(data, base_dir=EXAMPLES)
    assert "parts.history_table.text" in str(caught.value) and "blocks" in str(caught.value)
    data["parts"] = {"history_table": {"blocks": [{"table": {"columns": [{"title": "ปี"}], "rows": [["2565"]]}}]}}
    text = text_of(data)
    first_part = lines(text.split("ผลการประเมินรายแบบวัด")[0])
    assert "๒๕๖๕" in first_part and "ปี" in first_part
    assert "คะแนนรวม" not in first_part  # the computed table's row label is gone with it
