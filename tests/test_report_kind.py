"""The generic `report` kind (issue 15 item 5): the report form (no letterhead) filled with title lines,
the body's blocks, titled sections and an optional preparer; its parts body.N, section.N, signature.

Every test renders the real .docx and reads its paragraphs back with python-docx."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
import yaml
from conftest import REPO

from ita_docs import InputError, from_data, render
from ita_docs.cli import main
from ita_docs.kinds import get_kind
from ita_docs.render.build_templates import TEMPLATES

EXAMPLES = REPO / "examples"


def example() -> dict:
    return yaml.safe_load((EXAMPLES / "report.yaml").read_text(encoding="utf-8"))


def paragraphs(data: dict) -> list[str]:
    document = docx.Document(io.BytesIO(render(from_data(data, base_dir=EXAMPLES))))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_the_report_kind_fills_the_report_template():
    kind = get_kind("report")
    assert (kind.form, kind.template) == ("report", "report.docx")
    assert TEMPLATES["report.docx"][0] == "รายงาน"


def test_the_example_reads_title_body_sections_and_preparer_in_order():
    texts = paragraphs(example())
    assert texts[:3] == ["รายงานผลการส่งเสริมคุณธรรมและความโปร่งใสของหน่วยงานในจังหวัดตัวอย่าง",
                         "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "(ส่วนราชการส่วนภูมิภาคและองค์กรปกครองส่วนท้องถิ่น)"]
    assert texts[3] == "ข้อมูล ณ วันที่ ๓๐ กันยายน ๒๕๖๗"
    assert texts[4].startswith("จังหวัดตัวอย่างมีหน่วยงานที่เข้ารับการประเมิน")
    headings = [t for t in texts if t[:2] in ("๑.", "๒.", "๓.", "๔.") and len(t) < 60]
    assert headings == ["๑. วัตถุประสงค์", "๒. ผลการประเมินของหน่วยงานในจังหวัด", "๓. กิจกรรมที่ดำเนินการ",
                        "๔. ปัญหาที่พบและข้อเสนอแนะ"]
    assert texts[-1].strip().split("\n") == ["(ลงชื่อ)..............................ผู้จัดทำรายงาน",
                                             "(นางสาวตัวอย่าง ใจซื่อ)",
                                             "ตำแหน่ง นักวิเคราะห์นโยบายและแผนชำนาญการ", "สำนักงานจังหวัดตัวอย่าง"]
    document = docx.Document(io.BytesIO(render(from_data(example(), base_dir=EXAMPLES))))
    table = document.tables[0]
    assert [c.text for c in table.rows[-1].cells] == ["รวม", "๙๖", "๗๑", "๘๘.๔๒"]


def test_no_letterhead_and_no_emblem():
    package = zipfile.ZipFile(io.BytesIO(render(from_data(example(), base_dir=EXAMPLES))))
    xml = package.read("word/document.xml").decode("utf-8")
    assert "บันทึกข้อความ" not in xml and "<pic:pic" in xml  # the photos are pictures; no Garuda title
    assert not any(name.startswith("word/media/") and "emblem" in name for name in package.namelist())


def test_the_preparer_is_optional():
    data = example()
    data.pop("signature")
    data.pop("signer_role")
    texts = paragraphs(data)
    assert not any("(ลงชื่อ)" in t for t in texts)
    assert texts[-1] == "ช่องทางติดตามข่าวสารการประเมินของจังหวัด"


def test_a_minimal_report_and_a_title_written_as_one_string():
    texts = paragraphs({"kind": "report", "agency": {"name": "อบต.ตัวอย่าง"},
                        "title": "รายงานสั้น\nปี 2567", "body": ["ข้อความเดียว"],
                        "signature": {"name": "นายตัวอย่าง ดี", "position": "ปลัด"}})
    assert texts[:3] == ["รายงานสั้น", "ปี ๒๕๖๗", "ข้อความเดียว"]
    assert "(นายตัวอย่าง ดี)" in texts[-1] and "ผู้จัดทำรายงาน" not in texts[-1]


def test_parts_reword_remove_move_and_add():
    data = example()
    data["parts"] = {"section.1": {"text": "{heading} (ปรับปรุง)"}, "section.2": {"remove": True},
                     "section.4": {"before": "section.3"}, "body.1": {"after": "section.1"}}
    data["add"] = [{"id": "note", "after": "section.3", "heading": "หมายเหตุ"}]
    texts = paragraphs(data)
    order = [t for t in texts if t in ("๑. วัตถุประสงค์ (ปรับปรุง)", "๒. ผลการประเมินของหน่วยงานในจังหวัด",
                                       "๓. กิจกรรมที่ดำเนินการ", "๔. ปัญหาที่พบและข้อเสนอแนะ", "หมายเหตุ")
             or t.startswith("จังหวัดตัวอย่างมีหน่วยงาน")]
    assert order[0] == "๑. วัตถุประสงค์ (ปรับปรุง)"
    assert order[1].startswith("จังหวัดตัวอย่างมีหน่วยงาน")  # body.1 moved after section.1
    assert order[2:] == ["๔. ปัญหาที่พบและข้อเสนอแนะ", "๓. กิจกรรมที่ดำเนินการ", "หมายเหตุ"]
    assert not any("๘๘.๔๒" in t for t in texts)  # section 2 and its table are gone


def test_the_date_line_is_rewordable_and_optional():
    data = example()
    data["parts"] = {"date": {"text": "สรุปผลถึงวันที่ {date}"}}
    assert paragraphs(data)[3] == "สรุปผลถึงวันที่ ๓๐ กันยายน ๒๕๖๗"
    data.pop("date")
    assert paragraphs(data)[3].startswith("จังหวัดตัวอย่างมีหน่วยงาน")


def test_an_unknown_part_names_the_parts_there_are():
    data = example()
    data["parts"] = {"chapter.1": {"remove": True}}
    with pytest.raises(InputError) as caught:
        from_data(data, base_dir=EXAMPLES)
    message = str(caught.value)
    assert "chapter.1" in message and "section.N" in message and "body.N" in message


def test_a_report_without_title_is_an_input_error(tmp_path, capsys):
    data = example()
    data.pop("title")
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "photos").symlink_to(EXAMPLES / "photos")
    code = main(["render", str(path), "-o", str(tmp_path / "out.docx")])
    assert code == 2 and "title" in capsys.readouterr().err
    assert not (tmp_path / "out.docx").exists()


def test_wording_lists_the_report_parts(capsys):
    assert main(["wording", "report"]) == 0
    out = capsys.readouterr().out
    assert "section.N" in out and "body.N" in out and "signature" in out
