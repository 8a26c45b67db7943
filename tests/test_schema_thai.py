"""`ita-docs schema KIND`: JSON Schema 2020-12 that explains itself in Thai (titles and descriptions
from ita_docs/model/fields.yaml), valid against the meta-schema, for every kind."""

from __future__ import annotations

import datetime as dt
import json
import re

import jsonschema
import pytest
import yaml

from ita_docs.api import bundled_examples
from ita_docs.cli import main
from ita_docs.kinds import all_kinds
from ita_docs.model.schema import SCHEMA_DIALECT, kind_schema
from ita_docs.reader import read_input_file

KINDS = [kind.name for kind in all_kinds()]


def _thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def _properties(schema):
    """Every (path, name, node) of a property anywhere in the schema, $defs and inline ones alike."""
    stack = [("", schema)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            for name, prop in (node.get("properties") or {}).items():
                yield where, name, prop
                stack.append((f"{where}/{name}", prop))
            stack.extend((f"{where}/{key}", value) for key, value in node.items() if key != "properties")
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(node))


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_a_thai_title_and_a_thai_and_english_description(kind):
    schema = kind_schema(kind)
    count = 0
    for where, name, prop in _properties(schema):
        count += 1
        assert _thai(prop.get("title", "")), f"{kind}: {where}/{name} has no Thai title: {prop.get('title')!r}"
        th, _, en = prop.get("description", "").partition(" / ")
        assert _thai(th) and re.search("[A-Za-z]{3,}", en), \
            f"{kind}: {where}/{name} lacks a Thai / English description: {prop.get('description')!r}"
    assert count >= 5


@pytest.mark.parametrize("kind", KINDS)
def test_the_schema_is_valid_2020_12_with_schema_and_id(kind):
    schema = kind_schema(kind)
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["$id"].endswith(f"/{kind}.schema.json")
    assert _thai(schema["title"])
    jsonschema.Draft202012Validator.check_schema(schema)  # raises SchemaError when not valid


def _as_json(value):
    """A YAML input as JSON would hold it (YAML reads 2567-05-14 as a date; JSON has strings)."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_every_bundled_example_is_valid_under_its_kinds_schema():
    """The schema accepts what ita-docs accepts, shorter forms included (fields.yaml `shorthands`):
    a position on one line, a list item or table cell written as its text, a document number as written."""
    checked = 0
    for example in bundled_examples():
        data = _as_json(read_input_file(example))
        validator = jsonschema.Draft202012Validator(kind_schema(data["kind"]))
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:120]}" for e in validator.iter_errors(data)]
        assert not problems, f"{example.name}: {problems[:3]}"
        checked += 1
    assert checked >= 8


def test_shorthands_are_alternatives_not_replacements():
    schema = kind_schema("memo")
    validator = jsonschema.Draft202012Validator(schema)
    base = {"kind": "memo", "agency": {"name": "ก"}, "signature": {"name": "ข", "position": ["ค", "ง"]},
            "header": {"unit": "จ", "number": {"prefix": "ขก 1", "running": "2"}, "subject": "ฉ", "to": "ช"}}
    assert not list(validator.iter_errors(base))
    short = {**base, "signature": {"name": "ข", "position": "ค"}, "header": {**base["header"], "number": "ขก 1/2"}}
    assert not list(validator.iter_errors(short))
    wrong = {**base, "signature": {"name": "ข", "position": {"line": "ค"}}}
    assert list(validator.iter_errors(wrong))


def test_scores_carry_their_range_and_examples():
    card = kind_schema("o42-bundle")["$defs"]["ScoreCard"]["properties"]
    assert card["scores"]["additionalProperties"]["minimum"] == 0
    assert card["scores"]["additionalProperties"]["maximum"] == 100
    assert card["scores"]["examples"]
    assert card["fiscal_year"]["title"] == "ปีงบประมาณที่ประเมิน"
    validator = jsonschema.Draft202012Validator(kind_schema("o42-bundle"))
    bad = {"kind": "o42-bundle", "agency": {"name": "ก", "chief": {"name": "ข"}},
           "assessment": {"fiscal_year": 2567, "scores": {"I1": 101}}}
    assert any("101" in e.message for e in validator.iter_errors(bad))


def test_schema_command_prints_the_thai_schema(capsys):
    assert main(["schema", "o42-bundle"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["properties"]["agency"]["title"] == "หน่วยงาน"


def test_model_specific_text_wins_over_the_field_name():
    defs = kind_schema("o42-bundle")["$defs"]
    assert defs["Person"]["properties"]["name"]["title"] == "ชื่อ-สกุล"
    assert defs["O42Agency"]["properties"]["name"]["title"] == "ชื่อหน่วยงาน"
    # a base class's entry (DocumentSettings.measures) reaches its subclasses
    assert defs["CircularMemoSettings"]["properties"]["measures"]["title"] == "ชื่อมาตรการในเอกสารนี้"


def test_fields_yaml_holds_the_batch_column_headers_once():
    from importlib import resources

    from ita_docs.batch.tables import column_path

    data = yaml.safe_load((resources.files("ita_docs") / "model" / "fields.yaml").read_text("utf-8"))
    headers = [h for names in data["columns"].values() for h in names]
    assert len(headers) == len(set(headers))
    for name, names in data["columns"].items():
        for header in names:
            assert column_path(header) == name
