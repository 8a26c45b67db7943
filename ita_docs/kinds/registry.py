"""The registry of document kinds: kind name → input model, form, template and context()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ita_docs.model.common import InputDocument


@dataclass(frozen=True)
class Part:
    """One document of a bundle: its file name (without suffix), its kind, its context."""

    name: str
    kind: str
    context: dict


@dataclass(frozen=True)
class Kind:
    name: str  # the `kind:` value
    form: str  # memo | announcement | order | report | bundle
    model: type[InputDocument]
    template: str  # file name in templates/ ("" for a bundle)
    context: Callable[[Any], dict]  # model → template context (formats Thai, derives figures; no I/O)
    description: str = ""
    parts: Callable[[Any], list[Part]] | None = None  # a bundle: model → its documents

    @property
    def is_bundle(self) -> bool:
        return self.parts is not None


def no_single_context(doc: Any) -> dict:
    """A bundle's context: it has none of its own, only its parts'."""
    raise TypeError(f"{doc.kind} is a bundle of documents: render each of its parts")


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    if name not in _KINDS:
        _load_module_of(name)
    if name not in _KINDS:
        _load_all()
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(
            f"ไม่รู้จักชนิดเอกสาร / unknown document kind {name!r}; "
            f"มี/known: {', '.join(sorted(_KINDS))}"
        ) from None


def all_kinds() -> list[Kind]:
    _load_all()
    return [_KINDS[k] for k in sorted(_KINDS)]


_LOADED = False


def _load_all() -> None:
    # Importing the kind modules registers them (the registry is filled once, then only read).
    # Every module of ita_docs.kinds is a kind module, so adding a kind touches no shared file.
    global _LOADED
    if _LOADED:
        return
    import importlib
    import pkgutil

    import ita_docs.kinds as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in ("registry",) and not module.name.startswith("_"):
            importlib.import_module(f"ita_docs.kinds.{module.name}")
    _LOADED = True


def _load_module_of(name: str) -> None:
    """Import only the module registering kind `name` (found in the modules' text, not imported):
    one `ita-docs render` of a memo need not import the assessment and every other kind."""
    import importlib
    import re
    from pathlib import Path

    defines = re.compile(rf'(?:Kind\(\s*|KIND\s*=\s*)"{re.escape(name)}"')
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.stem != "registry" and not path.stem.startswith("_") and defines.search(path.read_text("utf-8")):
            importlib.import_module(f"ita_docs.kinds.{path.stem}")
            return
