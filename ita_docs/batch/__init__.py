"""Batch production (SPEC §8): tables of agencies in, one set of documents per row out.

The names below are imported on first use (PEP 562): `ita-docs render` reads the list separator
from batch.tables without importing the batch runner and everything it renders with.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "UniqueNames": "names", "safe_name": "names", "unique_names": "names",
    "Report": "runner", "RowOutcome": "runner", "merge": "runner", "render_batch": "runner",
    "LIST_SEPARATOR": "tables", "TableError": "tables", "TableRow": "tables", "read_table": "tables",
    "split_list_cells": "tables", "unflatten": "tables",
}

__all__ = ["LIST_SEPARATOR", "Report", "RowOutcome", "TableError", "TableRow", "UniqueNames", "merge", "read_table", "render_batch",
           "safe_name", "split_list_cells", "unflatten", "unique_names"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f"ita_docs.batch.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ita_docs.batch' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])


if TYPE_CHECKING:
    from ita_docs.batch.names import UniqueNames, safe_name, unique_names
    from ita_docs.batch.runner import Report, RowOutcome, merge, render_batch
    from ita_docs.batch.tables import LIST_SEPARATOR, TableError, TableRow, read_table, split_list_cells, unflatten
