"""Build the Word templates in templates/ from the shared base (run: python -m ita_docs.render.build_templates).

A template is the base (styles, page, headers) plus a document body holding docxtpl tags. The
committed .docx files are what users open and edit in Word; a test checks they equal this build.
The build also writes what compiling each template finds (render/prepared_templates.json, by the
SHA-256 of the .docx): the engine loads a built-in template from it, without python-docx or docxtpl.
Variables every template may use: emblem (a run), body, signature (paragraphs) and the strings
listed per form below; the kinds' context() provides them.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

from ita_docs.render import base
from ita_docs.render import house_style as hs
from ita_docs.render.ooxml import paragraph, ppr, rpr, run, tab_run

# A fixed timestamp makes the build byte-for-byte reproducible.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def _tag_paragraph(tag: str) -> str:
    """A paragraph holding only a docxtpl paragraph-level tag ({{p x }} or {%p … %})."""
    return paragraph(run(tag))


def _if_paragraphs(condition: str, paragraphs: str) -> str:
    return _tag_paragraph(f"{{%p if {condition} %}}") + paragraphs + _tag_paragraph("{%p endif %}")


LABEL = rpr(style="Label")
CLOSING = ppr(style="BodyText", keep_next=True, keep_lines=True)

MEMO_BODY = "".join([
    paragraph(
        [tab_run(), run("{{ urgency }}", rpr(style="Urgent")), tab_run(), run("บันทึกข้อความ")],
        # framed in the paragraph itself (LibreOffice ignores a frame given by a style)
        ppr(style="MemoTitle", frame=(hs.TEXT_WIDTH_CM, hs.MEMO_TITLE_TOP_CM)),
    ),
    # The Garuda is anchored here, out of the title's frame (LibreOffice drops a picture anchored in
    # a frame); it is placed from the page's edges wherever its anchor is.
    paragraph([run("{{r emblem }}"), run("ส่วนราชการ", LABEL), run("  {{ unit }}"), tab_run()],
              ppr(style="MemoHeader")),
    paragraph([run("ที่", LABEL), run("  {{ number }}"), tab_run(), run("วันที่", LABEL),
               run("  {{ date }}"), tab_run()], ppr(style="MemoNumberDate")),
    paragraph([run("เรื่อง", LABEL), run("  {{ subject }}"), tab_run()], ppr(style="MemoSubject")),
    paragraph(run("เรียน  {{ to }}"), ppr(style="Salutation")),
    _tag_paragraph("{{p body }}"),
    # The closing formula stays on the page of the signature it leads to (the body's last
    # paragraph keeps with it: a page never opens with the closing).
    _if_paragraphs("closing", paragraph(run("{{ closing }}"), CLOSING)),
    _tag_paragraph("{{p signature }}"),
    _tag_paragraph("{{p comments }}"),
])

ANNOUNCEMENT_BODY = "".join([
    paragraph([run("{{r emblem }}"), run("ประกาศ{{ agency_name }}")], ppr(style="DocTitle")),
    paragraph(run("เรื่อง  {{ subject }}"), ppr(style="DocTitle")),
    paragraph("", ppr(style="TitleRule")),
    _tag_paragraph("{{p body }}"),
    _if_paragraphs("closing", paragraph(run("{{ closing }}"), CLOSING)),
    paragraph(run("{{ date_line }}"), ppr(style="ClosingDate")),
    _tag_paragraph("{{p signature }}"),
])

ORDER_BODY = "".join([
    paragraph([run("{{r emblem }}"), run("คำสั่ง{{ agency_name }}")], ppr(style="DocTitle")),
    paragraph(run("ที่  {{ number }}"), ppr(style="DocTitle")),
    paragraph(run("เรื่อง  {{ subject }}"), ppr(style="DocTitle")),
    paragraph("", ppr(style="TitleRule")),
    _tag_paragraph("{{p body }}"),
    _if_paragraphs("effective", paragraph(run("{{ effective }}"), CLOSING)),
    paragraph(run("{{ date_line }}"), ppr(style="ClosingDate")),
    _tag_paragraph("{{p signature }}"),
])

# A report (an attachment) has no letterhead: centred title lines, the body, the preparer.
REPORT_BODY = "".join([
    _tag_paragraph("{%p for line in title_lines %}"),
    paragraph(run("{{ line }}"), ppr(style="ReportTitle")),
    _tag_paragraph("{%p endfor %}"),
    _tag_paragraph("{{p body }}"),
    _tag_paragraph("{{p signature }}"),
])

# A memo with photo pages after the signature and comments (a briefing report's pictures).
MEMO_WITH_PHOTOS_BODY = MEMO_BODY + _tag_paragraph("{{p photos }}")

# A form's document title and body; every kind has its own template of its form (users may edit one
# kind's wording in Word without touching the others), derived from the kinds' registry.
FORMS: dict[str, tuple[str, str]] = {
    "memo": ("บันทึกข้อความ", MEMO_BODY),
    "announcement": ("ประกาศ", ANNOUNCEMENT_BODY),
    "order": ("คำสั่ง", ORDER_BODY),
    "report": ("รายงาน", REPORT_BODY),
}
OWN_BODIES = {"briefing-report-memo": MEMO_WITH_PHOTOS_BODY}  # a kind whose body differs from its form's


def _templates() -> dict[str, tuple[str, str]]:
    """template file name → (document title, body): one per form (a start for your own kind) and
    one per kind of the registry."""
    from ita_docs.kinds import all_kinds

    out = {f"{form}.docx": layout for form, layout in FORMS.items()}
    for kind in all_kinds():
        if kind.parts is None:  # a bundle has no template of its own
            title, body = FORMS[kind.form]
            out[kind.template] = (title, OWN_BODIES.get(kind.name, body))
    return out


TEMPLATES = _templates()


def build_template(name: str) -> bytes:
    import io

    title, body = TEMPLATES[name]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for part_name, xml in base.package_parts(title, body).items():
            info = zipfile.ZipInfo(part_name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()


def prepared_forms(packages: dict[str, bytes]) -> str:
    """The prepared forms of template packages (name → .docx bytes), as engine.PREPARED_PATH holds them."""
    from ita_docs.render.engine import CompiledTemplate

    names, forms = {}, {}
    for name, data in sorted(packages.items()):
        digest = names[name] = hashlib.sha256(data).hexdigest()
        if digest not in forms:
            template = CompiledTemplate(data, name, prepared=False)
            if template.form is None:
                raise SystemExit(f"{name}: {template.fallback_reason}")
            forms[digest] = template.form
    about = "Made by python -m ita_docs.render.build_templates: what compiling each template finds."
    return json.dumps({"about": about, "templates": names, "forms": forms},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def default_templates_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "templates"


def main(argv: list[str] | None = None) -> int:
    """Writes the templates to the folder given (default templates/) and their prepared forms to the
    engine's (beside them when a folder is given)."""
    from ita_docs.render.engine import PREPARED_PATH

    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else default_templates_dir()
    out.mkdir(parents=True, exist_ok=True)
    built = {name: build_template(name) for name in TEMPLATES}
    for name, data in built.items():
        (out / name).write_bytes(data)
        print(out / name)
    prepared = out / PREPARED_PATH.name if argv else PREPARED_PATH
    prepared.write_text(prepared_forms(built), encoding="utf-8")
    print(prepared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
