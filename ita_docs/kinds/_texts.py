"""Default wording of the specific kinds, read from texts/<kind>.yaml (data, not code)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from ita_docs.placeholders import PlaceholderError, check_text, fill_names, placeholders
from ita_docs.reader import read_data_yaml
from ita_docs.thai import Digits, convert_digits


@cache
def kind_texts(kind: str) -> dict[str, Any]:
    """The default texts of a kind (read once; treat as read-only)."""
    source = resources.files("ita_docs.kinds") / "texts" / f"{kind}.yaml"
    return read_data_yaml(source.read_text(encoding="utf-8"))


def fill(template: str, digits: Digits, **values: Any) -> str:
    """A text template with its {placeholders} (plain names) filled, single-spaced, in the document's digits."""
    return convert_digits(" ".join(fill_names("texts", template, values).split()), digits)


def default_text(kind: str, *path: str) -> Callable[[], str]:
    """The default of one of a kind's texts (at path in its texts file), read when first asked for,
    on one line: what a part offers `ita-docs wording` and a rewording."""
    def default() -> str:
        value: Any = kind_texts(kind)
        for key in path:
            value = value[key]
        return " ".join(str(value).split())
    return default


def text_keys(kind: str, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every text of a kind's texts file by its dotted key (`table.total`), for `wording:`; skip
    names keys (and what is under them) reworded another way (a part's `parts: {ID: {text}}`)."""
    out: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, str):
            out[prefix] = value

    walk("", kind_texts(kind))
    return {key: value for key, value in out.items()
            if not any(key == s or key.startswith(f"{s}.") for s in skip)}


def check_wording(kind: str, wording: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
    """Every `wording.KEY` a text of the kind, using only the {names} its default uses
    (PlaceholderError naming the key, and the keys or names there are)."""
    known = text_keys(kind, skip)
    for key, value in wording.items():
        if key not in known:
            raise PlaceholderError(f"wording.{key}", "ไม่รู้จักข้อความนี้ (ดู ita-docs wording) / unknown wording "
                                                     f"key (see ita-docs wording); known: {', '.join(known)}")
        if not isinstance(value, str):
            raise PlaceholderError(f"wording.{key}", "ต้องเป็นข้อความ / must be text")
        check_text(f"wording.{key}", value, placeholders(f"wording.{key}", known[key]))


def texts_with(kind: str, wording: dict[str, str]) -> dict[str, Any]:
    """The kind's texts with a document's `wording:` (dotted keys) in place of the defaults."""
    if not wording:
        return kind_texts(kind)
    texts = copy.deepcopy(kind_texts(kind))
    for key, value in wording.items():
        *path, last = key.split(".")
        node = texts
        for step in path:
            node = node[step]
        node[last] = value
    return texts
