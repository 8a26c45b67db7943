"""A document's body as named parts the input may reword, remove, move or add to (issue 15).

Every kind builds its body as an ordered list of `Part`s with stable ids (`intro`, `criteria_table`,
`analysis.strengths`, `closing` …). Its input's `parts:` changes them by id and `add:` puts new
blocks anywhere:

    parts:
      intro: {text: "ตามที่ … ได้คะแนน {total} คะแนน ระดับ {grade}"}   # reworded; figures stay computed
      measures_intro: {remove: true}
      request: {after: closing_note}                                  # or before:
    add:
      - {after: intro, text: "ย่อหน้าใหม่ของหน่วยงานเอง"}               # any body block, or blocks: [...]

A kind declares what parts it can have in a `Catalogue` (ids, default wording, the placeholders a
reworded text may use): the input is checked against it when read (an unknown id is an error naming
the ids there are), and `ita-docs wording KIND` lists it. Figures are computed by the kind; a text
names them only through its {placeholders} (ita_docs/placeholders.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import ConfigDict, Field, model_validator

from ita_docs.diagnostics import InputError, InputProblem
from ita_docs.model.blocks import Body
from ita_docs.model.common import Strict, Text
from ita_docs.placeholders import check_text, fill_names

# --- the input -----------------------------------------------------------------------------------


class PartChange(Strict):
    """What the input does to one part: reword it, replace its blocks, remove it, or move it."""

    text: Text | None = None  # the part's text in the user's words ({placeholders} of the part)
    blocks: Body | None = None  # the part's blocks replaced by these (a table part, a list …)
    remove: bool = False
    after: str | None = None  # moved after this part
    before: str | None = None  # moved before this part

    @model_validator(mode="after")
    def _one_way(self) -> PartChange:
        if self.after is not None and self.before is not None:
            raise ValueError("ใช้ after หรือ before อย่างใดอย่างหนึ่ง / give after or before, not both")
        if self.text is not None and self.blocks is not None:
            raise ValueError("ใช้ text หรือ blocks อย่างใดอย่างหนึ่ง / give text or blocks, not both")
        if self.remove and (self.text is not None or self.blocks is not None or self.after or self.before):
            raise ValueError("ส่วนที่ลบ (remove) ไม่มีข้อความหรือตำแหน่ง / a removed part takes nothing else")
        return self


_PLACE_KEYS = ("id", "after", "before")


class NewPart(Strict):
    """A part the input adds: any body blocks, after or before a part (at the end of the body
    when neither). `{after: intro, text: …}` is one block; `blocks: [...]` several."""

    id: str | None = None  # so that other changes can name it (default: added.N)
    after: str | None = None
    before: str | None = None
    blocks: Body = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_block(cls, value: Any) -> Any:
        if isinstance(value, dict) and "blocks" not in value:
            block = {k: v for k, v in value.items() if k not in _PLACE_KEYS}
            value = {**{k: value[k] for k in _PLACE_KEYS if k in value}, "blocks": [block] if block else []}
        return value

    @model_validator(mode="after")
    def _one_place(self) -> NewPart:
        if self.after is not None and self.before is not None:
            raise ValueError("ใช้ after หรือ before อย่างใดอย่างหนึ่ง / give after or before, not both")
        return self


def _schema_of_parts(schema: dict[str, Any], model: type) -> None:
    """The JSON Schema names the kind's part ids (and their placeholders) under `parts`."""
    catalogue = getattr(model, "part_catalogue", None)
    properties = schema.get("properties", {})
    if catalogue is None or "parts" not in properties:
        return
    lines = [f"{spec.id}" + (f" ({', '.join('{' + n + '}' for n in spec.names)})" if spec.names else "")
             for spec in catalogue.specs]
    properties["parts"]["description"] = (
        "ส่วนของเอกสาร แก้ถ้อยคำ (text) ลบ (remove) หรือย้าย (after/before) ได้ / the document's parts by id: "
        "reword (text, with the placeholders shown), replace (blocks), remove, or move (after/before): "
        + "; ".join(lines))
    pattern = "|".join(re.escape(s.id[:-2]) + r"\.[0-9]+" if s.id.endswith(".N") else re.escape(s.id)
                       for s in catalogue.specs)
    properties["parts"]["propertyNames"] = {"pattern": f"^({pattern})$"}
    if "add" in properties:
        properties["add"]["description"] = (
            "ส่วนที่เพิ่ม / new parts: any body block (or blocks: [...]) with after: or before: a part id")


class PartsInput(Strict):
    """The `parts:` and `add:` fields; a model using it sets `part_catalogue`."""

    model_config = ConfigDict(json_schema_extra=_schema_of_parts)
    part_catalogue: ClassVar[Catalogue | None] = None

    parts: dict[str, PartChange] = Field(default_factory=dict)
    add: list[NewPart] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_parts(self) -> PartsInput:
        if self.part_catalogue is not None:
            self.part_catalogue.check(self.parts, self.add)
        return self


# --- what a kind declares ------------------------------------------------------------------------


@dataclass(frozen=True)
class PartSpec:
    """One part a kind may have. `id` may end in ".N" (one per item: activity.1, activity.2 …)."""

    id: str
    text: str | Callable[[], str] | None = None  # default wording (None: no text of its own, e.g. a table)
    names: tuple[str, ...] = ()  # the placeholders its text may use
    note: str = ""  # what it is (shown by `ita-docs wording`)
    field: bool = False  # a field of the form (closing …): reworded or removed, not moved

    @property
    def default_text(self) -> str | None:
        return self.text() if callable(self.text) else self.text

    def matches(self, part_id: str) -> bool:
        if self.id.endswith(".N"):
            return re.fullmatch(re.escape(self.id[:-2]) + r"\.\d+", part_id) is not None
        return part_id == self.id


class Catalogue:
    """The parts a kind may have, in their default order."""

    def __init__(self, specs: Iterable[PartSpec]):
        self.specs = tuple(specs)

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.specs]

    def spec(self, part_id: str) -> PartSpec | None:
        return next((s for s in self.specs if s.matches(part_id)), None)

    def _unknown(self, part_id: str, known_extra: Iterable[str] = ()) -> str:
        known = ", ".join([*self.ids, *known_extra])
        return (f"ไม่มีส่วน {part_id!r} ในเอกสารชนิดนี้ (มี: {known}) / no part {part_id!r} in this kind "
                f"(the parts are: {known})")

    def check(self, changes: Mapping[str, PartChange], added: list[NewPart], prefix: str = "") -> None:
        """ValueError naming the first unknown id (and the ids there are), a text with placeholders
        the part does not offer, or a field part asked to move."""
        added_ids = [a.id for a in added if a.id]
        for part_id, change in changes.items():
            spec = self.spec(part_id)
            if spec is None:
                raise ValueError(f"{prefix}parts.{part_id}: {self._unknown(part_id)}")
            if change.text is not None:
                if spec.text is None and not spec.names:
                    raise ValueError(f"{prefix}parts.{part_id}.text: ส่วนนี้ไม่มีข้อความของตัวเอง ใช้ blocks แทน / "
                                     "this part has no text of its own (a table, a list): give blocks instead")
                check_text(f"{prefix}parts.{part_id}.text", change.text, spec.names)
            # a field of blocks (signature, comments) may take other blocks; a text field only its words
            if spec.field and (change.after or change.before or (change.blocks is not None and spec.text is not None)):
                raise ValueError(f"{prefix}parts.{part_id}: ส่วนนี้เป็นช่องของแบบฟอร์ม แก้ถ้อยคำหรือลบได้เท่านั้น / "
                                 "this part is a field of the form: it can be reworded or removed, not moved")
            for key in ("after", "before"):
                anchor = getattr(change, key)
                if anchor and anchor not in added_ids and self.spec(anchor) is None:
                    raise ValueError(f"{prefix}parts.{part_id}.{key}: {self._unknown(anchor, added_ids)}")
        for n, new in enumerate(added):
            for key in ("after", "before"):
                anchor = getattr(new, key)
                if anchor and anchor not in added_ids and self.spec(anchor) is None:
                    raise ValueError(f"{prefix}add.{n}.{key}: {self._unknown(anchor, added_ids)}")
            if new.id and self.spec(new.id) is not None:
                raise ValueError(f"{prefix}add.{n}.id: {new.id!r} เป็นชื่อส่วนที่มีอยู่แล้ว / is already a part's id")


# --- a document's parts --------------------------------------------------------------------------


@dataclass
class Part:
    """One part of a built document: its blocks, and how it reads in the user's words."""

    id: str
    blocks: list
    reword: Callable[[str], list] | None = None  # the blocks from the part's text (filled)
    values: Mapping[str, Any] = field(default_factory=dict)  # what its {placeholders} stand for
    field: bool = False  # a field of the form: its blocks are one string


def apply_parts(parts: list[Part], changes: Mapping[str, PartChange] | None = None,
                added: list[NewPart] | None = None, *, prefix: str = "") -> list[Part]:
    """The parts after the input's changes, in order. A change to a part this document does not
    have (a table left out for want of data) is skipped; a move next to one is an InputError."""
    changes = changes or {}
    out: list[Part] = []
    for part in parts:
        change = changes.get(part.id)
        if change is None:
            out.append(part)
        elif change.remove:
            continue
        elif change.text is not None:
            where = f"{prefix}parts.{part.id}.text"
            if part.reword is None:
                raise InputError([InputProblem(where, "ส่วนนี้ไม่มีข้อความของตัวเอง ใช้ blocks แทน / this part has "
                                                      "no text of its own: give blocks instead", change.text)])
            out.append(Part(part.id, part.reword(fill_names(where, change.text, part.values)), part.reword,
                            part.values, part.field))
        elif change.blocks is not None:
            out.append(Part(part.id, list(change.blocks), part.reword, part.values, part.field))
        else:
            out.append(part)
    for n, new in enumerate(added or ()):
        out.append(Part(new.id or f"added.{n + 1}", list(new.blocks)))
        _place(out, out[-1].id, new.after, new.before, f"{prefix}add.{n}")
    for part_id, change in changes.items():
        if not change.remove and (change.after or change.before) and any(p.id == part_id for p in out):
            _place(out, part_id, change.after, change.before, f"{prefix}parts.{part_id}")
    return out


def _place(parts: list[Part], part_id: str, after: str | None, before: str | None, where: str) -> None:
    if not (after or before):
        return
    index = next(i for i, p in enumerate(parts) if p.id == part_id)
    part = parts.pop(index)
    anchor = after or before
    at = next((i for i, p in enumerate(parts) if p.id == anchor), None)
    if at is None or parts[at].field:
        parts.insert(index, part)
        present = ", ".join(p.id for p in parts if not p.field)
        reason = "ไม่มีในเอกสารนี้" if at is None else "เป็นช่องของแบบฟอร์ม"
        raise InputError([InputProblem(
            f"{where}.{'after' if after else 'before'}",
            f"ส่วน {anchor!r} {reason} (มี: {present}) / part {anchor!r} is not in the body of this "
            f"document (its parts: {present})", anchor)])
    parts.insert(at + 1 if after else at, part)


def body_blocks(parts: list[Part]) -> list:
    """The body: every block of the parts that are not fields of the form, in order."""
    return [block for part in parts if not part.field for block in part.blocks]


def field_text(parts: list[Part], part_id: str) -> str:
    """A field part's text ("" when removed); its id is the template's variable."""
    return next(("".join(p.blocks) for p in parts if p.id == part_id and p.field), "")


def field_blocks(parts: list[Part], part_id: str) -> list:
    """A field part's blocks (a signature, the comments …; none when removed)."""
    return next((list(p.blocks) for p in parts if p.id == part_id and p.field), [])


def field_part(part_id: str, value: Any, reword: Callable[[str], list] | None = None,
               values: Mapping[str, Any] | None = None) -> Part:
    """A part the form's template places itself (closing, signature …): a text or a list of blocks."""
    return Part(part_id, [value] if isinstance(value, str) else list(value), reword, dict(values or {}), field=True)


def renumber(parts: list[Part], numbered: Iterable[str], children: Mapping[str, str] | None = None) -> list[Part]:
    """The running numbers ๑. ๒. … of a memo's numbered parts (a titled list block first) in their
    order after the input's changes; a child part's lists (๒.๑ …) follow its parent's new number."""
    from ita_docs.model.blocks import ListBlock

    numbered, children = set(numbered), dict(children or {})
    numbers: dict[str, int] = {}
    out = []
    for part in parts:
        blocks = list(part.blocks)
        if part.id in numbered and blocks and isinstance(blocks[0], ListBlock):
            numbers[part.id] = len(numbers) + 1
            blocks[0] = ListBlock(list=blocks[0].list.model_copy(update={"start": numbers[part.id]}))
        elif part.id in children and children[part.id] in numbers:
            blocks = [ListBlock(list=b.list.model_copy(update={"parent": [numbers[children[part.id]]]}))
                      if isinstance(b, ListBlock) and b.list.parent else b for b in blocks]
        out.append(Part(part.id, blocks, part.reword, part.values, part.field))
    return out


def text_part(part_id: str, text: str, make: Callable[[str], list], values: Mapping[str, Any] | None = None,
              ) -> Part:
    """A part whose blocks come from one text (the default filled, or the user's)."""
    return Part(part_id, make(text), make, dict(values or {}))


__all__ = ["Catalogue", "NewPart", "Part", "PartChange", "PartSpec", "PartsInput", "apply_parts", "body_blocks",
           "field_blocks", "field_part", "field_text", "renumber", "text_part"]
