"""Two .docx packages compared for what they mean, not how they were written.

Every XML part is canonicalised (C14N 2.0) after parsing the way python-docx parses (ignorable
whitespace dropped); relationship ids are replaced by what they point at, so "rId7" and
"rIdItaMedia1" to the same picture compare equal; media parts are named by the SHA-1 of their
bytes (python-docx calls a picture image1.png, the engine rIdItaMedia1.png); relationship parts
compare as sets of (type, target, mode) and [Content_Types].xml as the content type each part
ends up with. Nothing else is normalised.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile

from lxml import etree

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def canonical_package(data: bytes) -> dict[str, object]:
    """Part key → canonical form. Keys: part names, media as "media:<sha1>"."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        raw = {name: zf.read(name) for name in zf.namelist()}
    media = {name: "media:" + hashlib.sha1(content).hexdigest() for name, content in raw.items()
             if name.startswith("word/media/")}

    def key(name: str) -> str:
        return media.get(name, name)

    # content types: what each part ends up as
    types = etree.fromstring(raw["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{{{CT_NS}}}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{{{CT_NS}}}Override")}
    out: dict[str, object] = {
        "[Content_Types].xml": sorted(
            (key(name), overrides.get(name) or defaults.get(name.rsplit(".", 1)[-1].lower()))
            for name in raw if name != "[Content_Types].xml"
        )
    }

    targets: dict[str, dict[str, str]] = {}  # rels part → rId → what it points at
    for name, content in raw.items():
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        source = posixpath.join(folder, posixpath.basename(name)[: -len(".rels")])
        by_id = {}
        for rel in etree.fromstring(content).iter(f"{{{RELS_NS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target") if external else key(_resolve(source, rel.get("Target")))
            by_id[rel.get("Id")] = f"{rel.get('Type')} -> {target}{' (external)' if external else ''}"
        targets[name] = by_id
        out[name] = sorted(by_id.values())

    for name, content in raw.items():
        if name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        if name in media or not name.endswith(".xml"):
            out[key(name)] = hashlib.sha1(content).hexdigest()
            continue
        root = etree.fromstring(content, _PARSER)
        ids = targets.get(_rels_name(name), {})
        for element in root.iter():
            for attribute, value in element.attrib.items():
                if attribute.startswith(f"{{{R_NS}}}") and value in ids:
                    element.set(attribute, ids[value])
        out[name] = etree.tostring(root, method="c14n").decode("utf-8")
    return out


def differences(a: bytes, b: bytes) -> list[str]:
    """What differs between two packages, one line per part (empty when they are equal)."""
    left, right = canonical_package(a), canonical_package(b)
    problems = []
    for name in sorted(set(left) | set(right)):
        if name not in left or name not in right:
            problems.append(f"{name}: only in the {'second' if name not in left else 'first'}")
        elif left[name] != right[name]:
            x, y = left[name], right[name]
            if isinstance(x, str) and isinstance(y, str):
                at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                problems.append(f"{name}: differs at {at}: …{x[max(0, at - 80):at + 80]!r}\n"
                                f"   vs …{y[max(0, at - 80):at + 80]!r}")
            else:
                problems.append(f"{name}: {x!r} vs {y!r}")
    return problems
