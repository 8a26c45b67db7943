"""Checking a user's Word template against a kind: unknown variables, tags Word split or broke, and
what no template may do (reach Python's internals, include other files, declare XML entities).

Word stores a typed `{{ memo.subject }}` as it pleases: across several runs when the spelling checker
or an edit touched part of it (docxtpl joins those again, so they only earn a note), or broken for
good — a tag spread over two paragraphs, AutoCorrect's curly quotes inside it, a brace typed apart
(`{ {`). Variables are checked twice: the names the template uses against those the kind provides,
and a real render with a sample input, which also finds misspelt fields (`memo.subjct`). That render
runs in the sandbox every template renders in, and only when the template showed nothing unsafe.
"""

from __future__ import annotations

import html
import io
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ita_docs.render.engine import CompiledTemplate, TemplateError, _docxtpl, _with_line_breaks
from ita_docs.render.sandbox import make_environment, unsafe_constructs, xml_problems

_TAGGED_PART = re.compile(r"^(word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml)$")
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_BROKEN_BRACES = re.compile(r"\{\s+[{%]|[}%]\s+\}|[｛｝]")
_CURLY_QUOTES = "“”‘’"


@dataclass
class TemplateProblem:
    severity: str  # "error": the template will not render as meant; "note": fine, worth knowing
    where: str  # part and paragraph, e.g. "word/document.xml, ย่อหน้า/paragraph 12"
    message: str  # Thai / English


@dataclass
class TemplateReport:
    template: Path
    kind: str
    problems: list[TemplateProblem] = field(default_factory=list)
    provided: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[TemplateProblem]:
        return [p for p in self.problems if p.severity == "error"]

    def describe(self) -> str:
        lines = [f"{self.template}: แม่แบบสำหรับ / template for {self.kind}"]
        for problem in self.problems:
            mark = "ผิด/error" if problem.severity == "error" else "หมายเหตุ/note"
            lines.append(f"  [{mark}] {problem.where}: {problem.message}")
        if not self.errors:
            lines.append("  ใช้ได้ / usable: ตัวแปรทุกตัวมีค่า แท็กครบถ้วน / every variable is provided, every tag whole")
        lines.append(f"  ตัวแปรที่ชนิดเอกสารนี้มีให้ / variables {self.kind} provides: {', '.join(self.provided)}")
        return "\n".join(lines)


def _paragraphs(xml: str):
    for number, match in enumerate(_PARAGRAPH.finditer(xml), start=1):
        raw = match.group(0)
        text = html.unescape("".join(_TEXT.findall(raw)))
        yield number, raw, text


def scan_tags(part: str, xml: str) -> list[TemplateProblem]:
    """Tags split across runs (a note) and tags broken beyond docxtpl's repair (an error)."""
    problems = []
    for number, raw, text in _paragraphs(xml):
        where = f"{part}, ย่อหน้า/paragraph {number}"
        for opener, closer in (("{{", "}}"), ("{%", "%}")):
            if text.count(opener) != text.count(closer):
                problems.append(TemplateProblem("error", where, (
                    f"แท็กไม่ครบคู่ {opener} … {closer} ในย่อหน้าเดียว (ขึ้นบรรทัดใหม่กลางแท็ก?) / "
                    f"unbalanced {opener} … {closer} in one paragraph (a tag split over paragraphs?): {text.strip()[:80]}")))
        if _BROKEN_BRACES.search(text):
            problems.append(TemplateProblem("error", where, (
                "วงเล็บปีกกาของแท็กถูกแยกหรือเป็นอักษรเต็มความกว้าง / a tag's braces are typed apart "
                f"or full-width: {text.strip()[:80]}")))
        for tag in _TAG.findall(text):
            if any(q in tag for q in _CURLY_QUOTES):
                problems.append(TemplateProblem("error", where, (
                    f"อัญประกาศโค้งในแท็ก {tag} (Word แก้อัตโนมัติ) ใช้ \" หรือ ' แทน / curly quotes inside "
                    f"{tag} (Word's AutoCorrect): type straight quotes")))
            elif html.escape(tag, quote=False) not in raw:
                problems.append(TemplateProblem("note", where, (
                    f"แท็ก {tag} ถูก Word แยกเป็นหลายช่วงอักษร ระบบรวมให้แล้ว / Word split {tag} "
                    "across runs; it is joined again when rendering")))
    return problems


def tag_locations(xml: str, name: str) -> list[int]:
    """The paragraphs whose tags mention a variable name."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    return [number for number, _, text in _paragraphs(xml) if any(pattern.search(t) for t in _TAG.findall(text))]


def scan_unsafe(part: str, xml: str) -> list[TemplateProblem]:
    """Constructs no template may use (see render/sandbox.py), found in the tags without running
    them, each placed at the paragraphs whose tags mention it."""
    try:
        tree = make_environment().parse(_with_line_breaks(_docxtpl().patch_xml(xml)))
    except jinja2.TemplateSyntaxError:
        return []  # the compile reports the syntax error; nothing of it runs
    problems = []
    for construct in unsafe_constructs(tree):
        places = [f"{part}, ย่อหน้า/paragraph {n}" for n in _mentioning(xml, construct.word)]
        problems.append(TemplateProblem("error", "; ".join(places) or f"{part}, line {construct.line}",
                                        construct.message))
    return problems


def _mentioning(xml: str, word: str) -> list[int]:
    return [number for number, _, text in _paragraphs(xml) if any(word in tag for tag in _TAG.findall(text))]


def check_template(kind_name: str, template: str | Path, sample=None) -> TemplateReport:
    """Check a .docx template against a kind. sample: an input model to render with (default: the
    bundled example that has this kind, alone or as a part of a bundle)."""
    import zipfile

    from ita_docs.api import render_context, sample_input
    from ita_docs.kinds import get_kind

    kind = get_kind(kind_name)
    template = Path(template)
    report = TemplateReport(template, kind.name)
    data = template.read_bytes()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = {name: package.read(name).decode("utf-8") for name in package.namelist()
                     if _TAGGED_PART.match(name)}
    except zipfile.BadZipFile:
        raise TemplateError(f"{template}: ไม่ใช่ไฟล์ .docx / not a .docx (zip) file") from None
    doc, context = sample_input(kind.name, sample)
    report.provided = sorted({*context, "emblem"})
    refused = [TemplateProblem("error", part, message) for part, message in xml_problems(data)]
    if refused:
        report.problems.extend(refused)
        return report
    for part, xml in parts.items():
        report.problems.extend(scan_tags(part, xml))
    unsafe = [problem for part, xml in parts.items() for problem in scan_unsafe(part, xml)]
    if unsafe:
        report.problems.extend(unsafe)
        return report  # not tried, not even in the sandbox
    try:
        compiled = CompiledTemplate(data, name=template.name)
    except TemplateError as exc:
        report.problems.append(TemplateProblem("error", template.name, f"แท็กผิดไวยากรณ์ / tag syntax: {exc}"))
        return report
    report.used = sorted(compiled.variables())
    for name in report.used:
        if name not in report.provided:
            places = [f"{part}, ย่อหน้า/paragraph {n}" for part, xml in parts.items() for n in tag_locations(xml, name)]
            report.problems.append(TemplateProblem("error", "; ".join(places) or template.name, (
                f"ตัวแปร {name} ไม่มีในชนิดเอกสาร {kind.name} / variable {name} is not provided by {kind.name}")))
    if not report.errors:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                render_context(doc, kind, context, emblem=None, template=template)
        except TemplateError as exc:
            report.problems.append(TemplateProblem("error", template.name, (
                f"ลองสร้างเอกสารจากข้อมูลตัวอย่างไม่ได้ / rendering a sample failed: {exc}")))
    return report


__all__ = ["TemplateProblem", "TemplateReport", "check_template", "scan_tags", "scan_unsafe"]
