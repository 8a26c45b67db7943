"""Input files → models: the contract of the generic kinds, and what happens with bad input."""

from __future__ import annotations

import warnings

import pytest
from conftest import REPO, render_quietly
from ooxml_checks import THAI_DIGIT, document_text, parts

from ita_docs import InputError, ItaDocsWarning, from_data, load
from ita_docs.model import MemoDocument

BASE = {
    "kind": "memo",
    "agency": {"name": "เทศบาลเมืองตัวอย่าง"},
    "header": {"unit": "กองวิชาการ", "number": "นธ 61406/78", "date": "2020-03-24",
               "subject": "ทดสอบ", "to": "ปลัดเทศบาล"},
    "body": ["ย่อหน้าแรก"],
    "signature": {"name": "นางสาวตัวอย่าง ใจดี", "position": "นิติกรชำนาญการ"},
}


def memo(**changes) -> dict:
    data = {**BASE, **changes}
    return data


def problems(data) -> list[tuple[str, str]]:
    with pytest.raises(InputError) as info:
        from_data(data, source="input.yaml")
    return [(p.field, p.message) for p in info.value.problems]


def test_examples_load_into_their_models():
    kinds = {load(REPO / "examples" / f"{n}.yaml").kind for n in ("memo", "announcement", "order")}
    assert kinds == {"memo", "announcement", "order"}


def test_unknown_key_is_an_error_naming_the_field():
    found = problems(memo(header={**BASE["header"], "subjet": "x"}))
    assert ("header.subjet", found[0][1]) in found
    assert "unknown field" in found[0][1] and "ไม่รู้จัก" in found[0][1]


def test_missing_field_and_bad_date_name_their_fields():
    header = {k: v for k, v in BASE["header"].items() if k != "to"}
    found = dict(problems(memo(header={**header, "date": "March 24, 2020"})))
    assert "header.to" in found and "missing" in found["header.to"]
    assert "header.date" in found and "YYYY-MM-DD" in found["header.date"]


def test_error_message_names_file_and_is_bilingual():
    with pytest.raises(InputError) as info:
        from_data(memo(kind="memoo"), source="input.yaml")
    message = str(info.value)
    assert "input.yaml" in message and "kind" in message and "ไม่รู้จัก" in message and "unknown" in message


def test_unknown_list_style_and_ragged_table_rows():
    found = dict(problems(memo(body=[{"list": {"style": "a)", "items": ["x"]}},
                                     {"table": {"columns": [{"title": "ก"}, {"title": "ข"}],
                                                "rows": [["1", "2"], ["3"]]}}])))
    assert any(k.startswith("body.0.list") for k in found)
    assert any(k.startswith("body.1.table") and "row 2" in v for k, v in found.items())


def _xml_text(doc) -> str:
    return document_text(render_quietly(doc))


def test_user_text_is_data_never_template_code():
    doc = from_data(memo(body=["{{ agency_name }} {% if x %} A & B <c> </w:t>"],
                         header={**BASE["header"], "subject": "R&D <ทดสอบ> {{ subject }}"}))
    text = _xml_text(doc)
    assert "{{ agency_name }} {% if x %} A & B <c> </w:t>" in text
    assert "R&D <ทดสอบ> {{ subject }}" in text


def test_control_characters_removed_with_a_warning():
    with pytest.warns(ItaDocsWarning, match="control"):
        doc = from_data(memo(body=["ก\x00ข\x07ค\x1bง"]))
    assert doc.body[0].text == "กขคง"
    assert "กขคง" in _xml_text(doc)


def test_newline_starts_a_new_paragraph():
    doc = from_data(memo(body=["บรรทัดหนึ่ง\nบรรทัดสอง"], header={**BASE["header"], "subject": "หนึ่ง\nสอง"}))
    lines = _xml_text(doc).split("\n")
    assert "บรรทัดหนึ่ง" in lines and "บรรทัดสอง" in lines
    xml = parts(render_quietly(doc))["word/document.xml"].decode()
    assert "หนึ่ง</w:t><w:br/>" in xml  # a header value breaks the line where the template says so
    assert "\x07" not in xml and "\n<w:t" not in xml


def test_thai_digits_everywhere_in_thai_mode_and_none_in_arabic_mode():
    data = memo(body=["ปี 2567 จำนวน 1,234 คน", {"list": {"style": "1.", "items": ["ก", "ข"]}},
                      {"table": {"columns": [{"title": "ปี 2566"}], "rows": [[85.5]]}}])
    thai = _xml_text(from_data(data))
    assert "ปี ๒๕๖๗ จำนวน ๑,๒๓๔ คน" in thai and "๒. ข" in thai and "๘๕.๕" in thai
    assert "นธ ๖๑๔๐๖/๗๘" in thai and "๒๔ มีนาคม ๒๕๖๓" in thai
    arabic = _xml_text(from_data({**data, "digits": "arabic", "body": data["body"] + ["เลขไทย ๑๒๓"]}))
    assert not THAI_DIGIT.search(arabic)
    assert "24 มีนาคม 2563" in arabic and "เลขไทย 123" in arabic
    xml = parts(render_quietly(from_data({**data, "digits": "arabic"})))["word/document.xml"].decode()
    assert 'w:fmt="thaiNumbers"' not in xml


def test_blank_running_number_and_circular_numbers():
    blank = from_data(memo(header={**BASE["header"], "number": {"prefix": "พท 71201", "running": ""}}))
    assert "พท ๗๑๒๐๑/" in _xml_text(blank)
    circular = from_data(memo(header={**BASE["header"], "number": "มท 0810.3/ว 123"}))
    assert "มท ๐๘๑๐.๓/ว ๑๒๓" in _xml_text(circular)


def test_relative_paths_resolve_against_the_input_file(tmp_path):
    (tmp_path / "pics").mkdir()
    from PIL import Image

    Image.new("RGB", (300, 200), "red").save(tmp_path / "pics" / "a.png")
    source = tmp_path / "doc.yaml"
    import yaml

    source.write_text(yaml.safe_dump(memo(body=[{"image": {"path": "pics/a.png", "caption": "ภาพ"}}]),
                                     allow_unicode=True), encoding="utf-8")
    doc = load(source)
    assert doc.body[0].image.path == tmp_path / "pics" / "a.png"
    assert any(n.startswith("word/media/") for n in parts(render_quietly(doc)))


def test_missing_photo_is_an_error_naming_the_file(tmp_path):
    from ita_docs.render.images import ImageFileError

    doc = from_data(memo(body=[{"image": {"path": str(tmp_path / "nope.jpg")}}]))
    with pytest.raises(ImageFileError, match="nope.jpg"):
        render_quietly(doc)


def test_missing_emblem_warns_and_keeps_the_space(monkeypatch):
    monkeypatch.delenv("ITA_DOCS_EMBLEM", raising=False)
    from ita_docs import render

    with pytest.warns(ItaDocsWarning, match="emblem"):
        data = render(from_data(memo()))
    xml = parts(data)["word/document.xml"].decode()
    assert 'name="Garuda (reserved space)"' in xml and 'cy="540000"' in xml  # 1.5 cm kept


def test_emblem_from_environment(monkeypatch, tmp_path):
    from PIL import Image

    from ita_docs import render

    Image.new("RGBA", (200, 300), (200, 0, 0, 255)).save(tmp_path / "g.png")
    monkeypatch.setenv("ITA_DOCS_EMBLEM", str(tmp_path / "g.png"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ItaDocsWarning)
        data = render(from_data(memo()))
    xml = parts(data)["word/document.xml"].decode()
    assert 'name="Garuda"' in xml and 'cx="360000" cy="540000"' in xml  # aspect kept: 1.0 × 1.5 cm


def test_models_are_the_typed_public_contract():
    doc = MemoDocument.model_validate(BASE)
    assert doc.header.number.running == "78"
    schema = MemoDocument.model_json_schema()
    assert "header" in schema["required"] and schema["additionalProperties"] is False
