"""A Word template is data, never a program: the Jinja sandbox every template renders in, the
constructs refused before a template runs, and the XML a template package may hold.

Templates travel between agencies by e-mail; one must not run code, read files or the environment.
Jinja's ImmutableSandboxedEnvironment refuses attributes that reach Python's internals at render
time (a SecurityError); the same constructs are refused when a template is compiled, so a template
that only names them in a branch never taken is refused too, with the line of the tag. No loader:
a template can include, import or extend nothing. Its "*" and "**" are bounded, and what it computes
wrongly ({{ 1/0 }}) is the template's error (the engine names the template).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

UNSAFE_MESSAGE = "แม่แบบพยายามเข้าถึงส่วนภายในของโปรแกรม / the template tries to reach Python internals"
# Jinja's globals that are objects with internals (lipsum.__globals__ is a module's namespace).
_GLOBAL_OBJECTS = frozenset({"lipsum", "cycler", "joiner", "namespace", "range", "dict", "self"})
# Attributes that reach frames, code or classes without a leading underscore.
_INTERNAL_ATTRIBUTES = frozenset({"mro", "func_globals", "func_code", "gi_frame", "gi_code", "cr_frame",
                                  "cr_code", "ag_frame", "ag_code", "f_globals", "f_locals", "f_builtins",
                                  "tb_frame", "co_code"})
_LOADING_TAGS = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import",
                 nodes.Extends: "extends"}


class UnsafeTemplateError(jinja2.TemplateSyntaxError):
    """A template reaches for Python's internals or for other files (found before it runs)."""


class TemplateLimitError(jinja2.TemplateRuntimeError):
    """A template makes a number or a repetition past any document's need (found as it runs)."""


@dataclass(frozen=True)
class UnsafeConstruct:
    line: int  # in the Jinja source
    word: str  # what to look for in the template's tags: an attribute or a tag name
    message: str  # Thai / English, naming the construct


def unsafe_constructs(template: nodes.Template) -> list[UnsafeConstruct]:
    """Every construct a Word template has no business using: include, import and extends;
    attributes and keys starting with "_" or naming internals (also through the attr filter);
    attributes or keys of Jinja's global objects (lipsum, cycler, joiner, namespace, …)."""
    found = []
    for node in template.find_all(nodes.Node):
        tag = next((name for kind, name in _LOADING_TAGS.items() if isinstance(node, kind)), None)
        if tag is not None:
            found.append(UnsafeConstruct(node.lineno, tag.split()[-1], (
                f"{{% {tag} %}}: แม่แบบอ้างถึงไฟล์อื่นไม่ได้ / a template cannot include, import or "
                "extend another file")))
            continue
        attribute: str | None = None
        target: nodes.Expr | None = None
        if isinstance(node, nodes.Getattr):
            attribute, target = node.attr, node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            attribute, target = node.arg.value, node.node
        elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args:
            if not isinstance(node.args[0], nodes.Const):
                found.append(UnsafeConstruct(node.lineno, "attr", (
                    f"{UNSAFE_MESSAGE}: |attr(…) ชื่อที่ประกอบขึ้นขณะสร้างเอกสาร / an attribute named at render time")))
                continue
            attribute, target = str(node.args[0].value), node.node
        if attribute is None or target is None:
            continue
        if attribute.startswith("_") or attribute in _INTERNAL_ATTRIBUTES:
            found.append(UnsafeConstruct(node.lineno, attribute, f"{UNSAFE_MESSAGE}: {_describe(target)}.{attribute}"))
        elif isinstance(target, nodes.Name) and target.name in _GLOBAL_OBJECTS:
            found.append(UnsafeConstruct(node.lineno, attribute, f"{UNSAFE_MESSAGE}: {target.name}.{attribute}"))
    return found


def _describe(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    return "…"


# The most a template's "*" may make (characters or items) and the largest number "*" or "**" may
# make: far past any document, far short of a machine's memory ('a' * 10**10 or 9**9**9 would fail
# or hang).
MAX_PRODUCT = 1_000_000
MAX_BITS = 100_000


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the refusals of unsafe_constructs at compile time (docxtpl compiles through
    from_string too, so the stock path is covered the same way), and "*" and "**" bounded (only
    templates using them pay for the check)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        if isinstance(left, int) and isinstance(right, int):
            bits = left.bit_length() * right if operator == "**" else left.bit_length() + right.bit_length()
            if bits > MAX_BITS:
                raise TemplateLimitError(f"ตัวเลขใหญ่เกินไป / a number over {MAX_BITS:,} bits")
        elif operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if hasattr(sequence, "__len__") and isinstance(times, int) and len(sequence) * times > MAX_PRODUCT:
                    raise TemplateLimitError(f"ทำซ้ำเกิน / a repetition over {MAX_PRODUCT:,}")
        return super().call_binop(context, operator, left, right)

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str):
            source = self.parse(source, name, filename)
            unsafe = unsafe_constructs(source)
            if unsafe:
                raise UnsafeTemplateError(unsafe[0].message, unsafe[0].line, name, filename)
        return super().compile(source, name, filename, raw, defer_init)


def make_environment() -> jinja2.Environment:
    """Autoescaped (user text is never template code), strict about undefined names, sandboxed."""
    return TemplateEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _xml_parser() -> etree.XMLParser:
    # lxml, already what python-docx and docxtpl parse with (defusedxml's lxml module is deprecated):
    # entities are not resolved and nothing is fetched, and any DOCTYPE at all is then refused.
    # A parser per package: lxml parsers are not to be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def xml_problems(data: bytes) -> list[tuple[str, str]]:
    """(part, Thai / English message) for every XML part of a .docx that declares a DOCTYPE (the
    way to entities, external files and entity bombs) or is not well-formed XML."""
    problems, parser = [], _xml_parser()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            content = package.read(name)
            try:
                tree = etree.parse(io.BytesIO(content), parser)
            except etree.XMLSyntaxError as exc:
                problems.append((name, f"ไม่ใช่ XML ที่ถูกต้อง / not well-formed XML: {exc}"))
                continue
            if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
                problems.append((name, "มีการประกาศ DOCTYPE/ENTITY ซึ่งเอกสาร Word ไม่ใช้ "
                                       "(อาจอ่านไฟล์อื่นหรือขยายจนล้น) / "
                                       "declares a DOCTYPE or entities, which Word documents never do "
                                       "(they can read other files or expand without bound)"))
    return problems
