"""Default wording of the specific kinds, read from texts/<kind>.yaml (data, not code)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ita_docs.placeholders import fill_names
from ita_docs.thai import Digits, convert_digits


@cache
def kind_texts(kind: str) -> dict[str, Any]:
    """The default texts of a kind (read once; treat as read-only)."""
    source = resources.files("ita_docs.kinds") / "texts" / f"{kind}.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8"))


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
