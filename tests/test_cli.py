"""The command line: render, example, kinds, schema; exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EMBLEM, REPO
from ooxml_checks import document_text

from ita_docs.cli import main


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ita_docs", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_render_writes_the_docx(tmp_path):
    out = tmp_path / "memo.docx"
    result = run_cli("render", REPO / "examples" / "memo.yaml", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and "บันทึกข้อความ" in document_text(out.read_bytes())
    assert "emblem" in result.stderr  # no emblem given: a warning, the space kept


def test_render_with_options(tmp_path):
    out = tmp_path / "order.docx"
    args = ["render", REPO / "examples" / "order.yaml", "-o", out, "--digits", "arabic"]
    if EMBLEM.is_file():
        args += ["--emblem", EMBLEM]
    assert main([str(a) for a in args]) == 0
    text = document_text(out.read_bytes())
    assert "45/2567" in text and "๔๕" not in text


def test_bad_input_exits_2_with_field_and_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: memo\nagency: {name: x}\nsignature: {name: y}\nheader: {unit: a}\n", encoding="utf-8")
    result = run_cli("render", bad, "-o", tmp_path / "x.docx")
    assert result.returncode == 2
    assert "bad.yaml" in result.stderr and "header.subject" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_unreadable_yaml_and_missing_file_exit_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: [memo\n", encoding="utf-8")
    assert run_cli("render", broken, "-o", tmp_path / "x.docx").returncode == 2
    missing = run_cli("render", tmp_path / "none.yaml", "-o", tmp_path / "x.docx")
    assert missing.returncode == 2 and "none.yaml" in missing.stderr


def test_example_renders_every_bundled_example(tmp_path):
    result = run_cli("example", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    produced = sorted(p.stem for p in out.glob("*.docx")) + sorted(p.name for p in out.iterdir() if p.is_dir())
    assert sorted(produced) == sorted(p.stem for p in (REPO / "examples").glob("*.yaml"))
    # a bundle's folder holds all of its documents
    assert len(list((out / "o42-bundle").glob("*.docx"))) == 6
    assert str((tmp_path / "out").resolve()) in result.stderr  # says where


def test_kinds_and_schema(capsys):
    assert main(["kinds"]) == 0
    listed = capsys.readouterr().out
    assert "memo" in listed and "announcement" in listed and "order" in listed
    assert main(["schema", "order"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["kind"]["const"] == "order"
    assert main(["schema", "nope"]) == 2


def test_an_output_folder_that_is_a_file_is_a_clear_error(tmp_path, capsys):
    table = tmp_path / "rows.csv"
    table.write_text("agency.name\nเทศบาลตำบลหนึ่ง\n", encoding="utf-8")
    taken = tmp_path / "out"
    taken.write_text("not a folder", encoding="utf-8")
    code = main(["batch", str(table), "--kind", "memo", "--defaults", str(REPO / "examples" / "memo.yaml"),
                 "-o", str(taken), "--jobs", "1", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert "cannot read or write" in err and "Traceback" not in err and "internal error" not in err


_PLUGINS_AFTER_RENDER = """
import sys
from ita_docs.cli import main
main(["render", sys.argv[1], "-o", sys.argv[2]])
import pydantic.plugin._loader as loader
print(loader._plugins)
"""


def test_the_command_line_does_not_look_for_pydantic_plugins_unless_asked(tmp_path):
    # Pydantic's search of every package's entry points costs 10-30 ms of each command's start
    import os

    def plugins_searched(**environment) -> str:
        env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | environment
        result = subprocess.run([sys.executable, "-c", _PLUGINS_AFTER_RENDER, str(REPO / "examples" / "memo.yaml"),
                                 str(tmp_path / "memo.docx")], capture_output=True, text=True, env=env, check=True)
        return result.stdout.strip().splitlines()[-1]

    assert plugins_searched() == "None"  # never searched
    assert plugins_searched(PYDANTIC_DISABLE_PLUGINS="") == "{}"  # the user's setting is kept: searched
