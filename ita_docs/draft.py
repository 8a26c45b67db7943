"""`ita-docs draft`: a document spelled out as a generic input (issue 15 item 4).

Any kind's document — or each document of a bundle — becomes the input of the generic kind of its
form (`memo`, `announcement`, `order`, `report`) with every sentence, list and table written out, so
an officer can edit the wording freely where a kind's parts are not enough. The draft renders to the
same document text: it is read back from the very context the kind's template is filled with.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ita_docs.kinds import get_kind
from ita_docs.model.blocks import CommentBlock, SignatureBlock
from ita_docs.model.common import InputDocument
from ita_docs.thai import VerbatimText


def drafts(doc: InputDocument, folder: str | Path | None = None) -> list[tuple[str, dict]]:
    """Every document of doc as (name, generic input data), in order; file paths relative to folder
    (the folder the draft is written to) when given."""
    kind = get_kind(doc.kind)
    if kind.parts is None:
        documents = [(kind.name, kind.form, kind.context(doc))]
    else:
        documents = [(part.name, get_kind(part.kind).form, part.context) for part in kind.parts(doc)]
    return [(name, _draft(doc, form, context, folder)) for name, form, context in documents]


def _draft(doc: InputDocument, form: str, context: dict, folder: str | Path | None) -> dict:
    data: dict[str, Any] = {"kind": form, "digits": doc.digits}
    style = doc.style.model_dump(mode="json", exclude_defaults=True)
    if style:
        data["style"] = style
    agency = getattr(doc, "agency", None)
    # the generic forms know an agency by its name and emblem only
    data["agency"] = {"name": agency.name if agency is not None else context.get("agency_name", "")}
    emblem = getattr(agency, "emblem", None)
    if emblem:
        data["agency"]["emblem"] = _relative(emblem, folder)
    parts: dict[str, Any] = {}
    if form == "memo":
        if context.get("urgency"):
            data["urgency"] = context["urgency"]
        if context.get("secrecy"):
            data["secrecy"] = context["secrecy"]
        header = {"unit": context["unit"], "number": context["number"], "subject": context["subject"],
                  "to": context["to"]}
        if context.get("date"):
            header["date"] = context["date"]
        data["header"] = header
    elif form == "announcement":
        data["header"] = {"subject": context["subject"]}
    elif form == "order":
        data["header"] = {"number": context["number"], "subject": context["subject"]}
    elif form == "report":
        data["title"] = list(context["title_lines"])
    if form in ("announcement", "order"):
        data["date"] = _date_of(context["date_line"])
    data["body"] = _blocks(context["body"], folder)
    if form in ("memo", "announcement"):
        if context.get("closing"):
            data["closing"] = context["closing"]
    if form == "order":
        if context.get("effective"):
            data["effective"] = context["effective"]
        else:
            parts["effective"] = {"remove": True}
    _signature(data, parts, form, list(context.get("signature", ())), folder)
    if form == "memo":
        # what a memo prints after its signature: the superiors' comments, then any photo pages
        after = [*context.get("comments", ()), *context.get("photos", ())]
        comments = [b.comment for b in after if isinstance(b, CommentBlock)]
        if len(comments) == len(after):
            if comments:
                data["comments"] = [_dump(c, folder) for c in comments]
        else:
            parts["comments"] = {"blocks": _blocks(after, folder)}
    if parts:
        data["parts"] = parts
    return data


def _signature(data: dict, parts: dict, form: str, blocks: list, folder) -> None:
    """The signer as the generic kind writes it, or the blocks themselves when they are not one
    plain signature (no signer, or more than one)."""
    one = blocks[0] if len(blocks) == 1 and isinstance(blocks[0], SignatureBlock) else None
    if form == "report":
        if one is not None:
            data["signature"] = _dump(one.signature, folder)
            if one.role:
                data["signer_role"] = one.role
        else:  # a report's signature follows its body directly: the blocks end the body
            data["body"] += _blocks(blocks, folder)
        return
    if one is not None and one.role is None:
        data["signature"] = _dump(one.signature, folder)
        return
    first = next((b.signature for b in blocks if isinstance(b, SignatureBlock)), None)
    data["signature"] = _dump(first, folder) if first is not None else {"name": ""}
    parts["signature"] = {"blocks": _blocks(blocks, folder)} if blocks else {"remove": True}


_DATE_LINE = re.compile(r"ณ\s*วันที่\s*(.+)$")


def _date_of(date_line: str) -> str:
    """The date of a closing line (ประกาศ ณ วันที่ …), as written: the generic kind reads it back."""
    match = _DATE_LINE.search(date_line)
    return match.group(1).strip() if match else date_line


def _blocks(blocks, folder) -> list:
    return [_dump(block, folder) for block in blocks]


def _dump(value: Any, folder) -> Any:
    """A model as the input files write it: defaults left out, file paths relative to the draft."""
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        out = {}
        for name in fields:
            item = getattr(value, name)
            if item is None or item == fields[name].get_default(call_default_factory=True):
                continue
            out[name] = _dump(item, folder)
        return out
    if isinstance(value, (list, tuple)):
        return [_dump(v, folder) for v in value]
    if isinstance(value, Path):
        return _relative(value, folder)
    if isinstance(value, VerbatimText):
        return {"text": str(value), "verbatim": True}
    if isinstance(value, str):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


def _relative(path: Path, folder) -> str:
    if folder is None:
        return str(path)
    try:
        return os.path.relpath(path, Path(folder).resolve())
    except ValueError:  # another drive (Windows)
        return str(path)


def to_yaml(data: dict, source: str | None = None) -> str:
    """The draft as YAML (one line per sentence), headed by where it came from."""
    import yaml

    source = " ".join(str(source).split()) if source else None  # one comment line, whatever the name
    head = (f"# ร่างจาก {source}: แก้ไขถ้อยคำได้ทุกส่วน แล้วสร้างด้วย ita-docs render / drafted from {source}: "
            "edit any wording, then ita-docs render\n") if source else ""
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


__all__ = ["drafts", "to_yaml"]
