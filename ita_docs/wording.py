"""`ita-docs wording KIND`: every part id and text key a kind's input may reword, with its default
text and the placeholders a new text may use (ita_docs/parts.py, texts/o42.yaml)."""

from __future__ import annotations

from typing import Any

from ita_docs.kinds import get_kind
from ita_docs.parts import Catalogue, PartsInput


def _names(names) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) if names else "-"


def _catalogue_lines(catalogue: Catalogue, where: str) -> list[str]:
    lines = [f"# {where}"]
    for spec in catalogue.specs:
        kind = "field of the form" if spec.field else "part"
        lines.append(f"{spec.id}  ({kind}{'; ' + spec.note if spec.note else ''})")
        default = spec.default_text
        if default:
            lines.append(f"    default: {default}")
        if spec.names:
            lines.append(f"    placeholders: {_names(spec.names)}")
    return lines


def _settings_catalogues(model: Any) -> list[tuple[str, Catalogue]]:
    """(field, catalogue) of each document's settings inside a bundle (proposal_memo …)."""
    out = []
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, PartsInput) and annotation.part_catalogue:
            out.append((name, annotation.part_catalogue))
    return out


def _o42_wording_lines() -> list[str]:
    from ita_docs.kinds._texts import kind_texts
    from ita_docs.kinds.o42_set import wording_names

    lines = ["# wording: KEY (texts/o42.yaml, shared by every document of the set)"]
    for key, default in kind_texts("o42").items():
        names = wording_names(key)
        shown = default if isinstance(default, str) else repr(default)
        lines.append(f"{key}")
        lines.append(f"    default: {' '.join(str(shown).split())}")
        lines.append(f"    placeholders: {_names(names) if names is not None else '(used as typed)'}")
    return lines


def _kind_wording_lines(texts: str, skip: tuple[str, ...]) -> list[str]:
    from ita_docs.kinds._texts import text_keys
    from ita_docs.placeholders import placeholders

    lines = [f"# wording: KEY (texts/{texts}.yaml: table labels and the sentences that are not parts)"]
    for key, default in text_keys(texts, skip).items():
        lines.append(key)
        lines.append(f"    default: {' '.join(default.split())}")
        names = placeholders(f"wording.{key}", default)
        if names:
            lines.append(f"    placeholders: {', '.join('{' + n + '}' for n in sorted(names))}")
    return lines


def describe_wording(kind_name: str) -> str:
    """The listing `ita-docs wording KIND` prints (KeyError for an unknown kind)."""
    kind = get_kind(kind_name)
    model = kind.model
    lines = [f"{kind.name}: {kind.description}",
             "parts: {ID: {text: …} | {blocks: […]} | {remove: true} | {after: ID} | {before: ID}}; "
             "add: [{after: ID, text: …}, …]", ""]
    catalogue = getattr(model, "part_catalogue", None)
    if catalogue is not None:
        lines += _catalogue_lines(catalogue, "parts: ID (this document)")
    if catalogue is not None:
        own = [field for field, settings in _settings_catalogues(model) if settings is catalogue]
        if own:
            lines.append(f"# (or the same ids under {own[0]}.parts, as in the bundle)")
    else:  # a bundle: each document's parts under its settings
        for field, settings in _settings_catalogues(model):
            lines += ["", *_catalogue_lines(settings, f"{field}.parts: ID")]
    source = getattr(model, "wording_source", None)
    if source is not None:
        lines += ["", *_kind_wording_lines(*source)]
    elif "wording" in model.model_fields:
        lines += ["", *_o42_wording_lines()]
    return "\n".join(lines)
