"""Batch production (SPEC §8): tables of agencies in, one set of documents per row out."""

from ita_docs.batch.names import UniqueNames, safe_name, unique_names
from ita_docs.batch.runner import Report, RowOutcome, merge, render_batch
from ita_docs.batch.tables import LIST_SEPARATOR, TableError, TableRow, read_table, split_list_cells, unflatten

__all__ = ["LIST_SEPARATOR", "Report", "RowOutcome", "TableError", "TableRow", "UniqueNames", "merge", "read_table", "render_batch",
           "safe_name", "split_list_cells", "unflatten", "unique_names"]
