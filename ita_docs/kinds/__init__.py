"""Document kinds: one module per kind (its input model and context()), joined by the registry."""

from ita_docs.kinds.registry import Kind, Part, all_kinds, get_kind

__all__ = ["Kind", "Part", "all_kinds", "get_kind"]
