"""Checks on generated .docx files, shared by the tests of every kind.

Effective run properties are resolved as Word does (document defaults → paragraph style chain →
character style chain → direct formatting), so a test sees what the reader sees.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
THAI = re.compile("[\u0e00-\u0e7f]")
THAI_DIGIT = re.compile("[\u0e50-\u0e59]")


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(parts(data)[part])


def validate(data: bytes) -> list[str]:
    """OOXML errors (openxml-audit, Office 2016 profile), plus what would make Word repair the file."""
    from openxml_audit import FileFormat, OpenXmlValidator, predict

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.docx"
        path.write_bytes(data)
        result = OpenXmlValidator(file_format=FileFormat.OFFICE_2016, max_errors=50).validate(str(path))
        problems = [str(e) for e in result.errors]
        verdict = predict(result)
        if verdict.prediction.value != "opens-clean":
            problems.append(verdict.headline)
        return problems


class Styles:
    def __init__(self, styles_root: etree._Element):
        self.by_id = {s.get(q("styleId")): s for s in styles_root.iter(q("style"))}
        self.defaults = styles_root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """rPr elements from the base style down to style_id."""
        out = []
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            rpr = style.find("w:rPr", NS)
            if rpr is not None:
                out.append(rpr)
            based = style.find("w:basedOn", NS)
            style_id = based.get(q("val")) if based is not None else None
        return list(reversed(out))


def _apply(props: dict, rpr: etree._Element | None) -> None:
    if rpr is None:
        return
    for child in rpr:
        name = etree.QName(child).localname
        if name == "rFonts":
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                if child.get(q(attr)):
                    props[f"font_{attr}"] = child.get(q(attr))
        elif name in ("b", "bCs", "i", "iCs"):
            props[name] = child.get(q("val"), "true") not in ("0", "false")
        elif name in ("sz", "szCs"):
            props[name] = int(child.get(q("val")))
        elif name == "lang":
            props["lang"] = child.get(q("val"))
            props["lang_bidi"] = child.get(q("bidi"))


def effective_run_properties(styles: Styles, paragraph: etree._Element, run: etree._Element) -> dict:
    props: dict = {}
    _apply(props, styles.defaults)
    pstyle = paragraph.find("w:pPr/w:pStyle", NS)
    for rpr in styles.chain(pstyle.get(q("val")) if pstyle is not None else "Normal"):
        _apply(props, rpr)
    rstyle = run.find("w:rPr/w:rStyle", NS)
    if rstyle is not None:
        for rpr in styles.chain(rstyle.get(q("val"))):
            _apply(props, rpr)
    _apply(props, run.find("w:rPr", NS))
    return props


def thai_run_defects(data: bytes) -> list[str]:
    """Every run with Thai text needs the cs font, szCs, bCs where bold (iCs where italic), th-TH."""
    package = parts(data)
    styles = Styles(etree.fromstring(package["word/styles.xml"]))
    defects = []
    for name in sorted(package):
        if not re.match(r"word/(document|header\d+|footer\d+)\.xml$", name):
            continue
        root = etree.fromstring(package[name])
        for paragraph in root.iter(q("p")):
            for run in paragraph.iter(q("r")):
                text = "".join(t.text or "" for t in run.iter(q("t")))
                if not THAI.search(text):
                    continue
                p = effective_run_properties(styles, paragraph, run)
                missing = []
                if not p.get("font_cs"):
                    missing.append("cs font")
                if "szCs" not in p:
                    missing.append("szCs")
                elif p.get("sz") != p.get("szCs"):
                    missing.append("sz != szCs")
                if p.get("b") and not p.get("bCs"):
                    missing.append("bCs")
                if p.get("i") and not p.get("iCs"):
                    missing.append("iCs")
                if p.get("lang") != "th-TH" or p.get("lang_bidi") != "th-TH":
                    missing.append(f"lang {p.get('lang')}/{p.get('lang_bidi')}")
                if missing:
                    defects.append(f"{name}: {text[:30]!r}: {', '.join(missing)}")
    return defects


def document_text(data: bytes, part: str = "word/document.xml") -> str:
    root = xml(data, part)
    return "\n".join("".join(t.text or "" for t in p.iter(q("t"))) for p in root.iter(q("p")))
