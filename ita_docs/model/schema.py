"""JSON Schema 2020-12 of a kind's input that explains itself in Thai.

The titles, descriptions, examples, units and ranges are data (`fields.yaml`, next to this file),
applied while pydantic generates the schema: the model classes stay as they are, and the same
data gives the workbook its headers and rules (ita_docs/workbook.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from ita_docs.reader import read_data_yaml

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://github.com/ita-docs/ita-docs/schemas/{kind}.schema.json"


@dataclass(frozen=True)
class FieldText:
    """What fields.yaml says of one field."""

    title: str
    th: str
    en: str
    examples: tuple[Any, ...] = ()
    unit: str | None = None
    range: tuple[float | None, float | None] | None = None

    @property
    def description(self) -> str:
        return f"{self.th} / {self.en}"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    # read through the ita_docs package, not ita_docs.model: batch's CSV path reads the column
    # headers from here without importing the models
    text = (resources.files("ita_docs") / "model" / "fields.yaml").read_text("utf-8")
    return read_data_yaml(text)


@lru_cache(maxsize=1)
def field_texts() -> dict[str, FieldText]:
    out = {}
    for key, entry in _data()["fields"].items():
        lo_hi = entry.get("range")
        out[key] = FieldText(entry["title"], entry["th"], entry["en"], tuple(entry.get("examples", ())),
                             entry.get("unit"), tuple(lo_hi) if lo_hi else None)
    return out


def shorthands() -> dict[str, dict[str, Any]]:
    """Model.field[…] or Model → the JSON Schema of a shorter form its validators accept."""
    return _data()["shorthands"]


def _with_shorthand(node: dict[str, Any], form: dict[str, Any], depth: int) -> None:
    """node (depth levels of array items down) also accepts form, as an anyOf alternative."""
    for _ in range(depth):
        items = node.get("items")
        if not isinstance(items, dict):
            branches = [b for b in node.get("anyOf", ()) if isinstance(b, dict) and isinstance(b.get("items"), dict)]
            if not branches:
                return
            items = branches[0]["items"]
        node = items
    kept = {key: node.pop(key) for key in list(node) if key in _META_KEYS}
    full = dict(node)
    node.clear()
    node.update(kept)
    node["anyOf"] = [full, dict(form)]


_META_KEYS = ("title", "description", "examples", "default", "x-unit")


def column_headers() -> dict[str, list[str]]:
    """Dotted column name (a list position written N) → its Thai headers, the first the workbook's."""
    return {name: list(headers) for name, headers in _data()["columns"].items()}


def field_text(name: str, owners: tuple[str, ...] = ()) -> FieldText | None:
    """The text of field `name` of a model whose class (and base classes) are named `owners`:
    Model.name first, then the name alone."""
    texts = field_texts()
    for owner in owners:
        if f"{owner}.{name}" in texts:
            return texts[f"{owner}.{name}"]
    return texts.get(name)


def _apply(node: dict[str, Any], text: FieldText) -> None:
    node["title"] = text.title
    given = node.get("description")
    node["description"] = text.description if not given or given in text.description else \
        f"{text.description}\n{given}"
    if text.examples and "examples" not in node:
        node["examples"] = list(text.examples)
    if text.unit:
        node["x-unit"] = text.unit
    if text.range:
        extra = node.get("additionalProperties")
        target: dict[str, Any] = extra if isinstance(extra, dict) else node  # scores: a range for each value
        for keyword, bound in zip(("minimum", "maximum"), text.range):
            if bound is not None and keyword not in target and _numeric(target):
                target[keyword] = bound


def _numeric(node: dict[str, Any]) -> bool:
    kinds = [node.get("type")] + [branch.get("type") for branch in node.get("anyOf", ()) if isinstance(branch, dict)]
    return "number" in kinds or "integer" in kinds


class ThaiJsonSchema(GenerateJsonSchema):
    """pydantic's generator, with every model property titled and described from fields.yaml."""

    def model_schema(self, schema):
        json_schema = super().model_schema(schema)
        owners = tuple(c.__name__ for c in schema["cls"].__mro__)
        target = json_schema
        if "$ref" in json_schema and "properties" not in json_schema:  # the model's own definition
            target = self.definitions.get(json_schema["$ref"].split("/")[-1], json_schema)
        forms = shorthands()
        for name, node in (target.get("properties") or {}).items():
            text = field_text(name, owners)
            if text is not None:
                _apply(node, text)
            for depth, suffix in enumerate(("", "[]", "[][]")):
                form = next((forms[f"{owner}.{name}{suffix}"] for owner in owners if f"{owner}.{name}{suffix}" in forms), None)
                if form is not None:
                    _with_shorthand(node, form, depth)
        model_form = forms.get(schema["cls"].__name__)
        if model_form is not None and "properties" in target:  # the whole model written shorter
            full = {key: target.pop(key) for key in list(target) if key not in ("title", "description")}
            target["anyOf"] = [full, dict(model_form)]
        return json_schema

    def generate(self, schema, mode="validation"):
        json_schema = super().generate(schema, mode=mode)
        _fill_plain_properties(json_schema)  # the ones outside models (Text's {text, verbatim})
        return json_schema


def _fill_plain_properties(root: dict[str, Any]) -> None:
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_text(node):  # user text: a number typed where text is meant is read as that text
                node["anyOf"].append({"type": "number"})
            for name, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and not _is_thai(prop.get("title", "")):
                    text = field_text(name)
                    if text is not None:
                        _apply(prop, text)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _is_text(node: dict[str, Any]) -> bool:
    """The schema of model.common.Text: a string, or {text, verbatim}."""
    branches = node.get("anyOf")
    return (isinstance(branches, list) and len(branches) == 2 and branches[0] == {"type": "string"}
            and isinstance(branches[1], dict) and set(branches[1].get("properties", ())) == {"text", "verbatim"})


def _is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def kind_schema(kind_name: str) -> dict[str, Any]:
    """The JSON Schema 2020-12 of a kind's input, with $schema, $id, and Thai titles and descriptions."""
    from ita_docs.kinds import get_kind

    kind = get_kind(kind_name)
    body = kind.model.model_json_schema(schema_generator=ThaiJsonSchema)
    thai, _, english = kind.description.partition(" / ")
    head = {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID.format(kind=kind.name),
            "title": thai or kind.name, "description": kind.description}
    body.pop("title", None)
    body.pop("description", None)
    return {**head, **body}
