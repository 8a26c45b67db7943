"""One way in (issue 13): one reader with the same rules for every command, one error family, exit
codes 0/1/2/3, `-` for standard input and output, and `ita-docs score` on any input holding scores."""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from ita_docs import cli
from ita_docs.api import load
from ita_docs.diagnostics import EXIT_INPUT, EXIT_INTERNAL, InputError, ItaDocsError, ItaDocsWarning
from ita_docs.reader import MAX_NODES, read_input_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MEMO = (EXAMPLES / "memo.yaml").read_text(encoding="utf-8")


def run_cli(*args: str, stdin: bytes | None = None, timeout: float = 60, limit_memory: int | None = None):
    """The real command in a fresh process (optionally under an address-space limit)."""
    def limit():
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS, (limit_memory, limit_memory))

    return subprocess.run([sys.executable, "-m", "ita_docs", *args], input=stdin, capture_output=True,
                          timeout=timeout, preexec_fn=limit, cwd=ROOT)


# -- duplicate keys, everywhere ---------------------------------------------------------------------

def test_duplicate_key_in_a_memo_is_an_error_naming_key_and_line(tmp_path):
    text = MEMO.replace("  subject:", "  subject: เรื่องแรก\n  subject:", 1)
    path = tmp_path / "memo.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "photos").symlink_to(EXAMPLES / "photos")
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    line = text.splitlines().index("  subject: เรื่องแรก") + 2  # the second one, counted from 1
    assert "'subject'" in message and f"line {line}" in message and "ซ้ำ" in message
    assert cli.main(["render", str(path), "-o", str(tmp_path / "out.docx")]) == EXIT_INPUT
    assert not (tmp_path / "out.docx").exists()


def test_duplicate_key_in_json_and_in_score_input(tmp_path):
    path = tmp_path / "memo.json"
    path.write_text('{"kind": "memo", "kind": "order"}', encoding="utf-8")
    with pytest.raises(InputError, match="'kind'"):
        read_input_file(path)
    score = tmp_path / "score.yaml"
    score.write_text("fiscal_year: 2563\nfiscal_year: 2564\nscores: {}\n", encoding="utf-8")
    result = run_cli("score", str(score))
    assert result.returncode == EXIT_INPUT
    assert "fiscal_year" in result.stderr.decode() and "line 2" in result.stderr.decode()


def test_yaml_merge_keys_still_work(tmp_path):
    """An officer's YAML may share a person with an anchor and `<<:`; overriding a merged key is no duplicate."""
    path = tmp_path / "m.yaml"
    path.write_text("base: &b {name: ก, position: ข}\nsigner:\n  <<: *b\n  position: ค\n", encoding="utf-8")
    assert read_input_file(path)["signer"] == {"name": "ก", "position": "ค"}


# -- inputs that must not take the machine down ----------------------------------------------------

def test_alias_bomb_is_refused_quickly_and_within_memory(tmp_path):
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["kind: memo"]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bomb.stat().st_size < 1500
    started = time.monotonic()
    result = run_cli("render", str(bomb), "-o", str(tmp_path / "x.docx"), limit_memory=1 << 30)
    assert result.returncode == EXIT_INPUT, result.stderr.decode()
    assert f"{MAX_NODES:,}" in result.stderr.decode()
    assert time.monotonic() - started < 20


def test_deep_nesting_is_an_input_error(tmp_path):
    for name, text in (("deep.yaml", "[" * 100_000 + "]" * 100_000), ("deep.json", "[" * 100_000 + "]" * 100_000),
                       ("deep2.yaml", "a: " + "[" * 500 + "]" * 500)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match="nest"):
            read_input_file(path)


def test_a_fifo_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "input.yaml"
    os.mkfifo(fifo)
    result = run_cli("render", str(fifo), "-o", str(tmp_path / "x.docx"), timeout=30)
    assert result.returncode == EXIT_INPUT
    assert "regular file" in result.stderr.decode()


def test_not_utf8_names_the_byte(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("kind: memo\nsubject: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        read_input_file(path)


def test_an_impossible_yaml_date_reaches_the_model_as_text(tmp_path):
    """YAML cannot make 2024-02-30; the reader keeps it as text so the model names the field."""
    path = tmp_path / "d.yaml"
    path.write_text("date: 2024-02-30\nok: 2024-02-29\n", encoding="utf-8")
    data = read_input_file(path)
    assert data["date"] == "2024-02-30" and str(data["ok"]) == "2024-02-29"


# -- standard input and output ------------------------------------------------------------------------

def test_render_from_stdin_to_stdout():
    text = MEMO.replace("photos/", str(EXAMPLES / "photos") + "/")
    result = run_cli("render", "-", "-o", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    with zipfile.ZipFile(io.BytesIO(result.stdout)) as package:
        assert "word/document.xml" in package.namelist()
        assert "เรื่อง" in package.read("word/document.xml").decode("utf-8")


def test_a_bundle_or_pdf_cannot_go_to_stdout():
    result = run_cli("render", str(EXAMPLES / "o42-bundle.yaml"), "-o", "-")
    assert result.returncode == EXIT_INPUT and "standard output" in result.stderr.decode()
    assert result.stdout == b""


# -- one error family, exit codes -----------------------------------------------------------------------

def test_every_error_class_of_ours_derives_from_the_root():
    import ita_docs.assessment as assessment
    from ita_docs.batch.tables import TableError
    from ita_docs.render.engine import TemplateError
    from ita_docs.render.images import ImageFileError
    from ita_docs.render.pdf import PdfError
    from ita_docs.thai.dates import BuddhistYearError

    for error in (assessment.ScoreError, assessment.ScoreMismatchError, assessment.ScoreInputError,
                  assessment.FrameworkError, assessment.UnknownFiscalYearError, assessment.TextsError,
                  TableError, TemplateError, ImageFileError, PdfError, BuddhistYearError, InputError):
        assert issubclass(error, ItaDocsError), error
    assert issubclass(assessment.ScoreMismatchWarning, ItaDocsWarning)


def test_an_internal_error_is_exit_3_with_one_line_and_the_debug_hint(monkeypatch, capsys):
    import ita_docs.api

    def broken(*args, **kwargs):
        raise KeyError("a bug of ours")

    monkeypatch.setattr(ita_docs.api, "load", broken)  # a bug in our code, wherever it is
    assert cli.main(["render", str(EXAMPLES / "memo.yaml"), "-o", "x.docx"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "internal error" in err and "ข้อผิดพลาดภายใน" in err and "--debug" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_usage_errors_are_in_thai_too():
    result = run_cli("render")
    assert result.returncode == EXIT_INPUT
    assert "คำสั่งไม่ถูกต้อง" in result.stderr.decode() and "usage error" in result.stderr.decode()


def test_version_is_quick():
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", "import sys; from ita_docs.cli import main; sys.exit(main(['--version']))"],
                            capture_output=True)
    elapsed = time.monotonic() - started
    assert result.returncode == 0 and result.stdout.decode().startswith("ita-docs ")
    assert "pydantic" not in subprocess.run(
        [sys.executable, "-c", "import sys, ita_docs.cli; print(sorted(sys.modules))"], capture_output=True
    ).stdout.decode(), "the CLI's start must not import the models"
    print(f"--version in {elapsed:.3f} s (interpreter included)")


# -- ita-docs score on every input that holds scores ------------------------------------------------

@pytest.mark.parametrize("example", ["score-memo.yaml", "o42-bundle.yaml", "o42-bundle-khaochaison.yaml"])
def test_score_reads_every_example_that_holds_scores(example):
    result = run_cli("score", str(EXAMPLES / example), "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    cards = data if isinstance(data, list) else [data]
    source = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    years = source.get("years") or [source["assessment"]]
    assert [c["fiscal_year"] for c in cards] == [y["fiscal_year"] for y in years]
    for card, year in zip(cards, years):
        if "published_total" in year:
            assert card["total"] == pytest.approx(year["published_total"])


def test_score_of_an_input_without_scores_says_so():
    result = run_cli("score", str(EXAMPLES / "memo.yaml"))
    assert result.returncode == EXIT_INPUT
    assert "holds no scores" in result.stderr.decode()


def test_score_of_a_table_gives_one_card_per_agency(tmp_path):
    table = tmp_path / "agencies.csv"
    table.write_text(
        "agency.name,assessment.fiscal_year," + ",".join(f"assessment.scores.{c}" for c in
                                                        ("I1", "I2", "I3", "I4", "I5", "E6", "E7", "E8", "O9", "O10"))
        + "\nอบต.หนึ่ง,2565,90,90,90,90,90,90,90,90,90,90\nอบต.สอง,2565,50,50,50,50,50,50,50,50,50,50\n",
        encoding="utf-8")
    result = run_cli("score", str(table), "--json")
    assert result.returncode == 0, result.stderr.decode()
    rows = json.loads(result.stdout)
    assert [r["agency"] for r in rows] == ["อบต.หนึ่ง", "อบต.สอง"]
    assert rows[0]["cards"][0]["total"] == 90 and rows[1]["cards"][0]["total"] == 50


def test_score_reads_stdin_and_agency_as_mapping():
    text = "agency: {name: เทศบาลตัวอย่าง}\ndigits: arabic\nfiscal_year: 2563\nscores: {I1: 84.46, I2: 71.76, " \
           "I3: 81.35, I4: 76.83, I5: 72.94, E6: 73.94, E7: 72.21, E8: 68.74, O9: 59.26, O10: 31.25}\n"
    result = run_cli("score", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "เทศบาลตัวอย่าง" in out and "62.83" in out  # arabic digits, as the input asks


def test_the_lazy_names_are_the_public_ones():
    import ita_docs

    assert sorted(ita_docs.__all__) == sorted([*ita_docs._WHERE, "render"])
    for name in ita_docs.__all__:
        assert getattr(ita_docs, name) is not None


def test_a_lone_surrogate_in_json_names_its_field(tmp_path):
    path = tmp_path / "memo.json"
    path.write_text('{"kind": "memo", "header": {"subject": "\\ud800 ก"}}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_input_file(path)
    assert caught.value.problems[0].field == "header.subject"
    assert "surrogate" in str(caught.value)


def test_a_framework_file_is_read_by_the_one_reader(tmp_path):
    """--framework files had a reader of their own that kept the last of two equal keys."""
    from ita_docs.assessment import FrameworkError, load_framework_file

    path = tmp_path / "fw.yaml"
    path.write_text("fiscal_year: 2567\nfiscal_year: 2568\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="given twice"):
        load_framework_file(path)
