"""ita-docs: official Thai government documents (บันทึกข้อความ, ประกาศ, คำสั่ง, reports) for the ITA.

    from ita_docs import load, render_to
    render_to(load("examples/memo.yaml"), "memo.docx")

The names below are imported on first use (PEP 562), so `import ita_docs` and `ita-docs --version`
cost almost nothing; a program that renders pays for pydantic, lxml and the templates once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

import_module("ita_docs.render")  # the subpackage first: importing it binds the name `render`, rebound below

__version__ = "0.2.0"

_WHERE = {
    "from_data": "ita_docs.api", "load": "ita_docs.api",
    "render_bundle": "ita_docs.api", "render_parts": "ita_docs.api", "render_to": "ita_docs.api",
    "ScoreCard": "ita_docs.assessment",
    "read_table": "ita_docs.batch", "render_batch": "ita_docs.batch",
    "InputError": "ita_docs.diagnostics", "InputProblem": "ita_docs.diagnostics",
    "ItaDocsError": "ita_docs.diagnostics", "ItaDocsWarning": "ita_docs.diagnostics",
    "Agency": "ita_docs.model", "AnnouncementDocument": "ita_docs.model", "MemoDocument": "ita_docs.model",
    "OrderDocument": "ita_docs.model", "Person": "ita_docs.model",
}

__all__ = [  # what _WHERE names, and render
    "Agency", "AnnouncementDocument", "InputError", "InputProblem", "ItaDocsError", "ItaDocsWarning", "MemoDocument",
    "OrderDocument", "Person", "ScoreCard", "from_data", "load", "read_table", "render", "render_batch",
    "render_bundle", "render_parts", "render_to",
]


def render(doc: Any, *, emblem: Any = None, template: Any = None) -> bytes:
    """One document → .docx bytes (ita_docs.api.render). A function here, not the lazy table: the
    subpackage ita_docs.render would otherwise take the name when it is first imported."""
    from ita_docs.api import render as render_document

    return render_document(doc, emblem=emblem, template=template)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value
    raise AttributeError(f"module 'ita_docs' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


if TYPE_CHECKING:  # type checkers and IDEs see the real names
    from ita_docs.api import from_data, load, render_bundle, render_parts, render_to
    from ita_docs.assessment import ScoreCard
    from ita_docs.batch import read_table, render_batch
    from ita_docs.diagnostics import InputError, InputProblem, ItaDocsError, ItaDocsWarning
    from ita_docs.model import Agency, AnnouncementDocument, MemoDocument, OrderDocument, Person
