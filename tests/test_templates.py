"""The committed Word templates and their prepared forms are exactly what the build script makes from the
shared house style."""

from __future__ import annotations

import pytest
from conftest import REPO
from ooxml_checks import parts

from ita_docs.render.build_templates import TEMPLATES, build_template, prepared_forms
from ita_docs.render.engine import PREPARED_PATH, CompiledTemplate


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_committed_template_matches_the_build(name):
    committed = (REPO / "templates" / name).read_bytes()
    built = build_template(name)
    assert parts(committed) == parts(built), (
        f"templates/{name} is stale: run python -m ita_docs.render.build_templates"
    )


def test_every_template_shares_one_base():
    """Styles, settings, headers and page set-up are byte-identical across templates."""
    shared = ("word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml",
              "word/theme/theme1.xml", "word/fontTable.xml")
    built = {name: parts(build_template(name)) for name in TEMPLATES}
    first = next(iter(built.values()))
    for package in built.values():
        for part in shared:
            assert package[part] == first[part], part


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_compile_and_name_their_variables(name):
    template = CompiledTemplate((REPO / "templates" / name).read_bytes(), name)
    assert {"body", "signature"} <= template.variables()
    title, _ = TEMPLATES[name]
    if title == "รายงาน":  # a report is an attachment: no letterhead, no Garuda
        assert "emblem" not in template.variables() and "title_lines" in template.variables()
    else:
        assert "emblem" in template.variables()


def test_committed_prepared_forms_match_the_build():
    built = {name: build_template(name) for name in TEMPLATES}
    assert PREPARED_PATH.read_text(encoding="utf-8") == prepared_forms(built), (
        "ita_docs/render/prepared_templates.json is stale: run python -m ita_docs.render.build_templates"
    )
