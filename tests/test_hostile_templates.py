"""Hostile templates and wording: a Word template or a wording override is data, never a program.

Each hostile template is a built-in template with one paragraph injected into word/document.xml,
as a person editing it in Word (or a zip tool) would. A payload that would run code creates a
marker file; the tests assert the file never appears, that the command exits 2 (render, a batch
checked before its first row) or 1 (check-template: the template has errors, listed), and that no
traceback or internal error is shown.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import docx
import jinja2
import pytest
import yaml
from conftest import REPO, load_quietly, render_quietly

from ita_docs import ItaDocsWarning
from ita_docs.api import from_data, templates_dir
from ita_docs.cli import main
from ita_docs.diagnostics import InputError
from ita_docs.kinds.o42_set import _SET_NAMES, O42Set, _check_wording, _default_wording
from ita_docs.render.engine import CompiledTemplate, TemplateError
from ita_docs.render.stock import open_template, render_stock
from ita_docs.template_check import check_template

MEMO = REPO / "examples" / "memo.yaml"
O42 = REPO / "examples" / "o42-bundle.yaml"


def hostile_template(folder: Path, tag: str, name: str = "hostile.docx", *, doctype: str = "",
                     part: str = "word/document.xml", without_core: bool = False) -> Path:
    """templates/memo.docx with a paragraph holding `tag` before the body's section properties;
    doctype: a DOCTYPE declaration put after the XML declaration of `part`; without_core: no core
    properties part (the engine then renders with stock docxtpl)."""
    with zipfile.ZipFile(templates_dir() / "memo.docx") as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info, content in members:
            xml = content.decode("utf-8")
            if info.filename == "word/document.xml" and tag:
                at = xml.rindex("<w:sectPr")
                paragraph = f'<w:p><w:r><w:t xml:space="preserve">{tag}</w:t></w:r></w:p>'
                xml = xml[:at] + paragraph + xml[at:]
            if info.filename == part and doctype:
                at = xml.index("?>") + 2
                xml = xml[:at] + doctype + xml[at:]
            if without_core:
                if info.filename == "docProps/core.xml":
                    continue
                if info.filename == "_rels/.rels":
                    xml = xml.replace('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/'
                                      '2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>', "")
            package.writestr(info, xml.encode("utf-8"))
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


def run(args, capsys) -> tuple[int, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_clean_failure(output: str) -> None:
    assert "Traceback" not in output and "internal error" not in output, output


# --- payloads -------------------------------------------------------------------------------------

def _code_payloads(marker: Path) -> dict[str, str]:
    command = f"touch {marker}"
    return {
        "lipsum-globals": f"{{{{ lipsum.__globals__.os.popen('{command}').read() }}}}",
        "cycler-init": f"{{{{ cycler.__init__.__globals__.os.system('{command}') }}}}",
        "joiner-item": f"{{{{ joiner.__init__['__globals__']['os'].system('{command}') }}}}",
        "class-mro": ("{{ ''.__class__.__mro__[1].__subclasses__() }}"
                      f"{{{{ lipsum.__globals__['os'].system('{command}') }}}}"),
        "attr-filter": f"{{{{ (lipsum|attr('__globals__')).os.system('{command}') }}}}",
        "attr-built": ("{% set g = '__glo' ~ 'bals__' %}"
                       f"{{{{ (lipsum|attr(g)).os.system('{command}') }}}}"),
        "namespace": f"{{{{ namespace.__init__.__globals__.os.system('{command}') }}}}",
        "dead-branch": f"{{% if false %}}{{{{ lipsum.__globals__.os.system('{command}') }}}}{{% endif %}}",
    }


# Past every compile-time check: a key built at render time (only the sandbox stops it).
def _runtime_payload(marker: Path) -> str:
    return "{% set g = '__glo' ~ 'bals__' %}" + f"{{{{ lipsum[g]['os'].system('touch {marker}') }}}}"


@pytest.fixture
def marker(tmp_path) -> Path:
    path = tmp_path / "code-ran"
    yield path
    assert not path.exists(), "the template ran code"


@pytest.mark.parametrize("payload", list(_code_payloads(Path("m"))))
def test_render_template_runs_no_code(tmp_path, capsys, marker, payload):
    template = hostile_template(tmp_path, _code_payloads(marker)[payload])
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "hostile.docx" in output and "Python internals" in output
    assert not (tmp_path / "out.docx").exists()


def test_render_time_security_error_is_a_template_error(tmp_path, capsys, marker):
    template = hostile_template(tmp_path, _runtime_payload(marker))
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "hostile.docx (word/document.xml)" in output
    assert "แม่แบบพยายามเข้าถึงส่วนภายในของโปรแกรม / the template tries to reach Python internals" in output


def test_batch_template_runs_no_code(tmp_path, capsys, marker):
    table = tmp_path / "rows.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\nเทศบาลตำบลสอง\n", encoding="utf-8")
    template = hostile_template(tmp_path, _code_payloads(marker)["lipsum-globals"])
    code, output = run(["batch", table, "--kind", "memo", "--defaults", MEMO, "-o", tmp_path / "out",
                        "--jobs", "1", "--quiet", "--template", template], capsys)
    assert code == 2, output  # refused before the first row
    assert_clean_failure(output)
    assert "hostile.docx" in output and "Python internals" in output


def test_batch_template_runs_no_code_at_render_time(tmp_path, capsys, marker):
    table = tmp_path / "rows.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\nเทศบาลตำบลสอง\n", encoding="utf-8")
    template = hostile_template(tmp_path, _runtime_payload(marker))
    code, output = run(["batch", table, "--kind", "memo", "--defaults", MEMO, "-o", tmp_path / "out",
                        "--jobs", "1", "--quiet", "--template", template], capsys)
    assert code == 1, output  # every row failed, each with the template's error
    assert_clean_failure(output)
    assert output.count("the template tries to reach Python internals") >= 2
    assert not list((tmp_path / "out").glob("**/*.docx"))


@pytest.mark.parametrize("payload", list(_code_payloads(Path("m"))))
def test_check_template_reports_unsafe_constructs_without_running_them(tmp_path, capsys, marker, payload):
    template = hostile_template(tmp_path, _code_payloads(marker)[payload])
    code, output = run(["check-template", "memo", template], capsys)
    assert code == 1, output
    assert_clean_failure(output)
    assert "[ผิด/error] word/document.xml, ย่อหน้า/paragraph" in output
    assert "Python internals" in output and "usable" not in output


def test_check_template_trial_render_is_sandboxed(tmp_path, capsys, marker):
    template = hostile_template(tmp_path, _runtime_payload(marker))
    code, output = run(["check-template", "memo", template], capsys)
    assert code == 1, output
    assert_clean_failure(output)
    assert "Python internals" in output and "usable" not in output


def test_check_template_lists_every_unsafe_construct(tmp_path):
    tags = "{{ lipsum.__globals__ }} {{ subject.mro() }} {% include '/etc/passwd' %} {{ cycler.next }}"
    report = check_template("memo", hostile_template(tmp_path, tags))
    messages = "\n".join(p.message for p in report.errors)
    for needle in ("lipsum.__globals__", "subject.mro", "{% include %}", "cycler.next"):
        assert needle in messages, report.describe()


# --- files and the environment ----------------------------------------------------------------------

@pytest.mark.parametrize("tag", [
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as p %}",
    "{% from '/etc/passwd' import x %}",
    "{% extends '/etc/passwd' %}",
])
def test_a_template_reads_no_other_file(tmp_path, capsys, tag):
    template = hostile_template(tmp_path, tag)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "hostile.docx (word/document.xml)" in output and "cannot include, import or extend" in output
    code, output = run(["check-template", "memo", template], capsys)
    assert code == 1 and "cannot include, import or extend" in output, output


@pytest.mark.parametrize("tag", [
    "{{ lipsum.__globals__.os.environ }}",
    "{{ lipsum.__globals__['__builtins__']['open']('/etc/hostname').read() }}",
    "{{ cycler.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
])
def test_a_template_reads_neither_files_nor_the_environment(tmp_path, capsys, monkeypatch, tag):
    monkeypatch.setenv("ITA_DOCS_TEST_SECRET", "ความลับ-7f3a")
    template = hostile_template(tmp_path, tag)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "ความลับ-7f3a" not in output and "root:" not in output
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("tag, needle", [
    ("{{ 'a' * 10**10 }}", "a repetition over 1,000,000"),
    ("{{ [0] * 10**9 }}", "a repetition over 1,000,000"),
    ("{{ 9**(9**9) }}", "a number over 100,000 bits"),
    ("{% set x = 2**90000 %}{{ x*x }}", "a number over 100,000 bits"),
    ("{{ 1/0 }}", "the template failed: ZeroDivisionError"),
    ("{{ subject + 1 }}", "the template failed: TypeError"),
])
def test_a_template_that_fails_or_explodes_is_a_template_error(tmp_path, capsys, tag, needle):
    template = hostile_template(tmp_path, tag)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "hostile.docx (word/document.xml)" in output and needle in output


def test_legitimate_jinja_still_renders(tmp_path):
    tags = ("{{ subject|upper }}|{{ '%s-%s'|format(1, 2) }}|{% for x in ['a', 'b'] %}{{ loop.index }}{{ x }}"
            "{% endfor %}|{{ agency_name|length > 3 }}|{{ [3, 1, 2]|sort|join(',') }}|{{ range(3)|list|length }}"
            "|{{ 'ab' * 2 }}{{ 2**10 }}{{ 3 * 4 }}")
    template = hostile_template(tmp_path, tags)
    assert check_template("memo", template).errors == []
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(
        render_quietly(load_quietly(MEMO), template=template))).paragraphs)
    assert "|1-2|1a2b|True|1,2,3|3|abab102412" in text


# --- the stock docxtpl path -----------------------------------------------------------------------

def test_stock_fallback_is_sandboxed_too(tmp_path, capsys, marker):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = CompiledTemplate(hostile_template(tmp_path, "{{ subject }}", without_core=True).read_bytes())
    assert plain.engine == "stock"  # the template below takes the same path
    template = hostile_template(tmp_path, _code_payloads(marker)["lipsum-globals"], without_core=True)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "Python internals" in output
    template = hostile_template(tmp_path, _runtime_payload(marker), name="runtime.docx", without_core=True)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "runtime.docx" in output and "Python internals" in output


def test_render_stock_takes_the_sandbox(tmp_path, marker):
    context = {name: "" for name in CompiledTemplate((templates_dir() / "memo.docx").read_bytes()).variables()}
    source = hostile_template(tmp_path, _runtime_payload(marker)).read_bytes()
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_stock(open_template(source), context)
    source = hostile_template(tmp_path, "{% include '/etc/passwd' %}").read_bytes()
    with pytest.raises(jinja2.TemplateSyntaxError, match="cannot include"):
        render_stock(open_template(source), context)


# --- XML: DOCTYPE and entities -------------------------------------------------------------------

@pytest.mark.parametrize("part, doctype", [
    ("word/document.xml", '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    ("word/document.xml", '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'),
    ("word/styles.xml", '<!DOCTYPE w:styles SYSTEM "http://example.invalid/styles.dtd">'),
    ("[Content_Types].xml", "<!DOCTYPE Types>"),
])
def test_doctype_in_any_part_is_refused(tmp_path, capsys, part, doctype):
    entity = "&xxe;" if "xxe" in doctype else ("&b;" if "&a;" in doctype else "")
    template = hostile_template(tmp_path, entity, doctype=doctype, part=part)
    code, output = run(["render", MEMO, "-o", tmp_path / "out.docx", "--template", template], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert f"hostile.docx ({part})" in output and "DOCTYPE" in output
    assert not (tmp_path / "out.docx").exists()
    code, output = run(["check-template", "memo", template], capsys)
    assert code == 1, output
    assert f"[ผิด/error] {part}:" in output and "DOCTYPE" in output


def test_a_part_that_is_not_xml_is_refused(tmp_path):
    template = hostile_template(tmp_path, "<w:t>")
    with pytest.raises(TemplateError, match="not well-formed XML"):
        CompiledTemplate(template.read_bytes(), name=template.name)


# --- wording overrides ----------------------------------------------------------------------------

def _o42_with(tmp_path: Path, **overrides) -> Path:
    data = yaml.safe_load(O42.read_text(encoding="utf-8"))
    data.update(overrides)
    path = tmp_path / "o42.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("key, value, needle", [
    ("memo_intro", "{", "unbalanced braces"),
    ("memo_intro", "ก }", "unbalanced braces"),
    ("memo_intro", "{0}", "{0} is not a plain name"),
    ("memo_intro", "{}", "{} is not a plain name"),
    ("memo_intro", "{nosuch}", "unknown placeholder(s) {nosuch}"),
    ("memo_intro", "{agency.__class__}", "{agency.__class__} is not a plain name"),
    ("memo_intro", "{agency[0]}", "{agency[0]} is not a plain name"),
    ("memo_intro", "{agency!r}", "takes no !conversion or :format"),
    ("memo_intro", "{agency:>999999999}", "takes no !conversion or :format"),
    ("item_clause", "{agency}", "unknown placeholder(s) {agency} (allowed: {item})"),
    ("report_title", ["{agency}", "{agency.__init__}"], "wording.report_title.1"),
    ("requirements", {"analysis": ["x"]}, "must be a mapping with the keys analysis, implementation"),
    ("memo_intro", ["a list"], "must be text"),
    ("no_such_key", "x", "unknown wording key"),
])
def test_bad_wording_is_an_input_error(tmp_path, capsys, key, value, needle):
    path = _o42_with(tmp_path, wording={key: value})
    code, output = run(["render", path, "-o", tmp_path / "out"], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert str(path) in output and f"wording.{key}" in output and needle in output, output
    if key in ("memo_intro", "report_title") and needle != "must be text":
        assert "{agency}" in output and "{fiscal_year_text}" in output  # the names that exist
    with pytest.raises(InputError) as error:
        from_data(yaml.safe_load(path.read_text(encoding="utf-8")), source=str(path))
    assert error.value.problems[0].field.startswith(f"wording.{key}")


def test_wording_is_filled_by_plain_names(tmp_path):
    path = _o42_with(tmp_path, wording={"memo_intro": "{agency} {{กรอบ}} {pass_mark}",
                                        "item_clause": " ข้อ {item}"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        s = O42Set.derive(from_data(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert s.say("memo_intro") == "เทศบาลตำบลห้วยทรายงาม {กรอบ} 85"
    assert s.item_clause("O42") == " ข้อ O๔๒"  # the library's own codes follow the digits setting


def test_default_wording_passes_its_own_check(tmp_path):
    _check_wording(_default_wording())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ItaDocsWarning)
        s = O42Set.derive(load_quietly(O42))
    assert set(s._values) == _SET_NAMES


@pytest.mark.parametrize("value", ["{total.__class__}", "{0}", "{", "{total!r}"])
def test_bad_assessment_text_is_an_input_error(tmp_path, capsys, value):
    path = _o42_with(tmp_path, texts={"sentences": {"result_year": value}})
    code, output = run(["render", path, "-o", tmp_path / "out"], capsys)
    assert code == 2, output
    assert_clean_failure(output)
    assert "texts.sentences.result_year" in output
