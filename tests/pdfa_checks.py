"""A PDF/A-2b/-3b check of our own (veraPDF needs Maven Central, out of reach here), on the parts of
ISO 19005-2 a LibreOffice export can get wrong: the XMP identification, the output intent, every font
embedded, no encryption, the Info dictionary agreeing with the XMP, nothing PDF/A forbids (JavaScript,
launch actions, embedded files in a -2b)."""

from __future__ import annotations

import re

import pymupdf as fitz
from lxml import etree

PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def pdfa_identification(xmp: str) -> tuple[int, str] | None:
    """(part, conformance) from XMP, written as elements (LibreOffice) or attributes (pyHanko)."""
    if not xmp.strip():
        return None
    root = etree.fromstring(xmp.encode("utf-8"))
    found = {}
    for name in ("part", "conformance"):
        tag = f"{{{PDFAID}}}{name}"
        element = root.find(f".//{tag}")
        if element is not None:
            found[name] = element.text
        for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
            if tag in description.attrib:
                found[name] = description.attrib[tag]
    if "part" not in found or "conformance" not in found:
        return None
    return int(found["part"]), str(found["conformance"]).upper()


def _fonts_of(doc: fitz.Document, xref: int, seen: set[int]) -> list[str]:
    """Problems of one font object (a Type0 font: of its descendant)."""
    if xref in seen:
        return []
    seen.add(xref)
    subtype = doc.xref_get_key(xref, "Subtype")[1]
    name = doc.xref_get_key(xref, "BaseFont")[1]
    if subtype == "/Type3":
        return []  # drawn by its own glyph procedures: nothing to embed
    if subtype == "/Type0":
        kind, value = doc.xref_get_key(xref, "DescendantFonts")
        refs = [int(x) for x in re.findall(r"(\d+) 0 R", value)]
        if not refs:
            return [f"{name}: a Type0 font without its descendant"]
        return [p for ref in refs for p in _fonts_of(doc, ref, seen)]
    kind, descriptor = doc.xref_get_key(xref, "FontDescriptor")
    found = re.match(r"(\d+) 0 R", descriptor or "")
    if not found:
        return [f"{name}: no font descriptor (not embedded)"]
    descriptor_xref = int(found.group(1))
    if not any(doc.xref_get_key(descriptor_xref, key)[0] == "xref"
               for key in ("FontFile", "FontFile2", "FontFile3")):
        return [f"{name}: not embedded"]
    return []


def _annotation_problems(doc: fitz.Document, page: fitz.Page) -> list[str]:
    """ISO 19005-2 6.3.2/6.3.3: every annotation printable and shown (F: Print set; Hidden, Invisible,
    NoView clear), and one with an area drawn by its own appearance stream (a signature widget too)."""
    kind, annots = doc.xref_get_key(page.xref, "Annots")
    problems = []
    for ref in (int(x) for x in re.findall(r"(\d+) 0 R", annots or "")):
        subtype = doc.xref_get_key(ref, "Subtype")[1]
        if subtype == "/Popup":
            continue
        flags = int(doc.xref_get_key(ref, "F")[1] or 0) if doc.xref_get_key(ref, "F")[0] == "int" else 0
        if not flags & 4 or flags & (1 | 2 | 32):
            problems.append(f"page {page.number + 1}: {subtype} annotation flags {flags} (not printable or hidden)")
        rect = [float(v) for v in re.findall(r"-?[\d.]+", doc.xref_get_key(ref, "Rect")[1] or "")]
        has_area = len(rect) == 4 and rect[0] != rect[2] and rect[1] != rect[3]
        if has_area and subtype != "/Link" and doc.xref_get_key(ref, "AP")[0] == "null":
            problems.append(f"page {page.number + 1}: {subtype} annotation without an appearance stream")
    return problems


def pdfa_problems(path, part: int = 2) -> list[str]:
    """What makes the PDF at path fail PDF/A-`part`b; an empty list when none was found."""
    problems: list[str] = []
    doc = fitz.open(path)
    if doc.is_encrypted or doc.xref_get_key(-1, "Encrypt")[0] != "null":
        problems.append("encrypted")
    xmp = doc.get_xml_metadata()
    found = pdfa_identification(xmp)
    if not found:
        problems.append("no pdfaid:part/conformance in the XMP metadata")
    elif found != (part, "B"):
        problems.append(f"XMP says PDF/A-{found[0]}{found[1].lower()}, not {part}b")
    catalog = doc.pdf_catalog()
    kind, intents = doc.xref_get_key(catalog, "OutputIntents")
    refs = [int(x) for x in re.findall(r"(\d+) 0 R", intents or "")]
    if kind == "null" or not refs:
        problems.append("no OutputIntents in the catalog")
    for ref in refs:
        if doc.xref_get_key(ref, "S")[1] != "/GTS_PDFA1":
            problems.append("an output intent that is not GTS_PDFA1")
        if doc.xref_get_key(ref, "DestOutputProfile")[0] != "xref":
            problems.append("an output intent without its ICC profile")
    if doc.xref_get_key(catalog, "Metadata")[0] != "xref":
        problems.append("the catalog has no Metadata stream")
    for key in ("AA", "JavaScript"):
        if doc.xref_get_key(catalog, key)[0] != "null":
            problems.append(f"the catalog has /{key}")
    if part == 2 and doc.embfile_count():
        problems.append("embedded files (PDF/A-2b allows only PDF/A ones; we make none)")
    title = doc.metadata.get("title") or ""
    if title and title not in xmp:
        problems.append("the Info title is not the XMP dc:title")
    for page in doc:
        problems += _annotation_problems(doc, page)
    seen: set[int] = set()
    for page in doc:
        for xref, *_ in page.get_fonts(full=True):
            problems += _fonts_of(doc, xref, seen)
    for xref in range(1, doc.xref_length()):
        try:
            action = doc.xref_get_key(xref, "S")[1]
        except Exception:  # a free entry (an incremental update, such as a signature, leaves some)
            continue
        if action in ("/JavaScript", "/Launch"):
            problems.append(f"object {xref}: a {action} action")
    return problems
