"""What a document is, for the systems that file it: its core properties (docProps/core.xml, which
LibreOffice carries into the PDF's Info and XMP) and the metadata written beside it (--metadata).

Everything is read from the kind's template context (what the page shows) plus the input's own
fiscal year, so every kind and every part of a bundle is described the same way:
title = เรื่อง (or a report's title lines), subject = the kind, identifier = ที่ (the document
number), creator = the unit (ส่วนราชการ) or the agency, keywords = the fiscal year and the OIT item
codes the document names, created/modified = the document's date (Bangkok midnight), else now.

Deterministic output: with SOURCE_DATE_EPOCH set, or reproducible=True, an undated document keeps
a fixed time (the epoch's, or the template's own) instead of now.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from lxml import etree

from ita_docs.thai import to_arabic_digits
from ita_docs.thai.dates import ThaiDateError, fiscal_year, format_date, parse_date

LANGUAGE = "th-TH"
BANGKOK = timezone(timedelta(hours=7))
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/
MAX_PROPERTY = 255  # Word refuses longer core properties

_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# OIT item codes as documents write them: O9, O42 (Latin O, Arabic or Thai digits)
_ITEM_CODE = re.compile(r"(?<![A-Za-z])O[0-9๐-๙]{1,2}(?![0-9๐-๙])")
_DATE_AFTER = re.compile(r"วันที่\s*(.+)$")
_YEAR_BE = re.compile(r"พ\.ศ\.\s*([0-9๐-๙]{4})")


@dataclass(frozen=True)
class DocumentInfo:
    """One document as an e-saraban system files it (all text as the page shows it)."""

    kind: str
    title: str
    number: str = ""
    date: date | None = None
    date_text: str = ""  # as the page writes it (พ.ศ.)
    unit: str = ""  # ส่วนราชการ, else the agency
    agency: str = ""
    to: str = ""
    fiscal_year: int | None = None  # B.E.
    item_codes: tuple[str, ...] = ()
    urgency: str = ""
    secrecy: str = ""
    signer: str = ""  # the name under the signature (where --sign-visible draws)

    @property
    def keywords(self) -> str:
        # no space inside a keyword: LibreOffice splits keywords at spaces on the way to the PDF
        words = [f"ปีงบประมาณ{self.fiscal_year}"] if self.fiscal_year else []
        return ", ".join(words + list(self.item_codes))

    def timestamp(self, reproducible: bool = False) -> datetime | None:
        """created/modified: the document's date (midnight in Bangkok), else SOURCE_DATE_EPOCH, else
        now; None when reproducible and neither is known (the template's own time is kept)."""
        if self.date is not None:
            return datetime(self.date.year, self.date.month, self.date.day, tzinfo=BANGKOK)
        epoch = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
        if epoch.isdigit():
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        return None if reproducible else datetime.now(timezone.utc).replace(microsecond=0)

    def metadata(self) -> dict[str, Any]:
        """The JSON written beside the files (without their sizes and digests)."""
        out: dict[str, Any] = {
            "kind": self.kind, "number": self.number, "subject": self.title,
            "date": self.date_text or None, "date_iso": self.date.isoformat() if self.date else None,
            "from": self.unit, "agency": self.agency, "to": self.to or None,
            "fiscal_year": self.fiscal_year, "item_codes": list(self.item_codes),
        }
        if self.urgency:
            out["urgency"] = self.urgency
        if self.secrecy:
            out["secrecy"] = self.secrecy
        return out


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _strings(value: Any):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _date(context: dict) -> tuple[date | None, str]:
    candidates = [_text(context.get("date"))]
    for key in ("date_line", "date_text"):
        found = _DATE_AFTER.search(_text(context.get(key)))
        if found:
            candidates.append(found.group(1))
    for text in candidates:
        if not text:
            continue
        try:
            return parse_date(text), text
        except ThaiDateError:
            continue
    return None, ""


def _signer(context: dict) -> str:
    """The name in the document's own signature block (its first), from the kind's context."""
    blocks = context.get("signature")
    for block in blocks if isinstance(blocks, (list, tuple)) else ():
        person = getattr(block, "signature", None)
        name = getattr(person, "name", None)
        if isinstance(name, str) and name.strip():
            return _text(name)
    return ""


def document_info(doc: Any, kind_name: str, context: dict) -> DocumentInfo:
    """The description of one document (a kind's context, or one part's of a bundle)."""
    title_lines = context.get("title_lines")
    title = _text(context.get("subject")) or (
        " ".join(_text(line) for line in title_lines) if isinstance(title_lines, list) else "")
    day, day_text = _date(context)
    own = getattr(doc, "date", None)
    if day is None and isinstance(own, date) and getattr(doc, "kind", None) == kind_name:
        day, day_text = own, format_date(own, digits=getattr(doc, "digits", "thai"))  # a report's date is in its body
    agency = _text(context.get("agency_name")) or _text(getattr(getattr(doc, "agency", None), "name", ""))
    year = getattr(doc, "fiscal_year", None)
    if not isinstance(year, int):
        year = fiscal_year(day) if day else None
    if year is None:
        found = _YEAR_BE.search(to_arabic_digits(title))
        year = int(found.group(1)) if found else None
    # one search over all the context's text (a newline between texts: no code spans two)
    every_text = "\n".join(_strings({k: v for k, v in context.items() if k != "emblem"}))
    codes = dict.fromkeys(to_arabic_digits(code) for code in _ITEM_CODE.findall(every_text))
    return DocumentInfo(
        kind=kind_name, title=title, number=_text(context.get("number")), date=day, date_text=day_text,
        unit=_text(context.get("unit")) or agency, agency=agency, to=_text(context.get("to")),
        fiscal_year=year, item_codes=tuple(sorted(codes, key=lambda c: int(c[1:]))),
        urgency=_text(context.get("urgency")), secrecy=_text(context.get("secrecy")), signer=_signer(context),
    )


@functools.lru_cache(maxsize=512)  # a batch's documents share a few dates
def _w3cdtf(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_values(info: DocumentInfo, *, reproducible: bool = False) -> list[tuple[str, str, str]]:
    """(namespace prefix, property, value) for docProps/core.xml; an empty value removes the property."""
    moment = info.timestamp(reproducible)
    values = [
        ("dc", "title", info.title), ("dc", "subject", info.kind), ("dc", "identifier", info.number),
        ("dc", "creator", info.unit), ("cp", "keywords", info.keywords), ("dc", "language", LANGUAGE),
        ("cp", "lastModifiedBy", info.unit),
    ]
    if moment is not None:
        values += [("dcterms", "created", _w3cdtf(moment)), ("dcterms", "modified", _w3cdtf(moment))]
    return values


def core_xml_setter(info: DocumentInfo, *, reproducible: bool = False):
    """A function (core.xml text) → core.xml text with the document's properties set (the template's
    other properties kept)."""
    values = core_values(info, reproducible=reproducible)
    fields = tuple((prefix, name, bool(value)) for prefix, name, value in values)
    texts = [_escape_text(value[:MAX_PROPERTY]) for _, _, value in values]

    def setter(xml: str) -> str:
        if any(_NOT_XML(value) for _, _, value in values):
            return _set_by_tree(xml, values)  # lxml names the character it cannot write
        pieces, order = _core_skeleton(xml, fields)
        out = [pieces[0]]
        for index, piece in zip(order, pieces[1:]):
            out += (texts[index], piece)
        return "".join(out)

    return setter


# Every template's core.xml is the same few hundred bytes: it is parsed and written once per template
# and set of fields, with markers where the values go; a document then only joins strings (parsing
# and writing it per document was a tenth of a batch row's engine time).
_MARK = "\ue000"  # private-use characters: no template property holds them
_FIRST_INDEX = 0xE100
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff" + _MARK + "]").search


def _escape_text(value: str) -> str:
    """As lxml writes element text."""
    return html.escape(value, quote=False).replace("\r", "&#13;")


@functools.lru_cache(maxsize=32)
def _core_skeleton(xml: str, fields: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """core.xml written with a marker for each value (the template's order may differ from ours):
    the text between the markers, and which value each marker stands for."""
    marked = [(prefix, name, f"{_MARK}{chr(_FIRST_INDEX + i)}" if present else "")
              for i, (prefix, name, present) in enumerate(fields)]
    cut = re.split(f"{_MARK}(.)", _set_by_tree(xml, marked))
    return tuple(cut[0::2]), tuple(ord(mark) - _FIRST_INDEX for mark in cut[1::2])


def _set_by_tree(xml: str, values: list[tuple[str, str, str]]) -> str:
    root = etree.fromstring(xml.encode("utf-8"))
    for prefix, name, value in values:
        tag = f"{{{_NS[prefix]}}}{name}"
        element = root.find(tag)
        if not value:
            if element is not None and prefix != "dcterms":
                root.remove(element)
            continue
        if element is None:
            element = etree.SubElement(root, tag)
        element.text = value[:MAX_PROPERTY]
        if prefix == "dcterms":
            element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def sha256_file(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
