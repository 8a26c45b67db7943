"""Batch production (SPEC §8): tables of agencies in, one set of documents per row out."""

from ita_docs.batch.names import safe_name, unique_names
from ita_docs.batch.tables import TableError, TableRow, read_table, unflatten

__all__ = ["TableError", "TableRow", "read_table", "safe_name", "unflatten", "unique_names"]
