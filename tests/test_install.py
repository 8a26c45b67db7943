"""A plain (non-editable) install ships the templates and the examples: build the wheel, install it
into an empty folder and render the examples from outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"pip wheel failed: {result.stderr[-2000:]}")
    return next(out.glob("ita_docs-*.whl"))


@pytest.mark.slow  # scale and install: the full tier
def test_wheel_holds_templates_examples_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("memo", "announcement", "order"):
        assert f"ita_docs/templates/{name}.docx" in names
        assert f"ita_docs/examples/{name}.yaml" in names
    assert "ita_docs/examples/photos/meeting.jpg" in names
    assert "ita_docs/render/prepared_templates.json" in names  # the built-in templates load from it
    for name in ("templates/index.html", "static/app.js", "static/app.css", "file_names.yaml"):  # ita-docs serve
        assert f"ita_docs/web/{name}" in names


@pytest.mark.slow  # scale and install: the full tier
def test_installed_package_renders_the_examples(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("ITA_DOCS_EMBLEM", None)
    result = subprocess.run([sys.executable, "-m", "ita_docs", "example", "-o", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import ita_docs; print(ita_docs.__file__)"], cwd=tmp_path, env=env,
        capture_output=True, text=True).stdout
    out = tmp_path / "out"
    produced = list(out.glob("*.docx")) + [d for d in out.iterdir() if d.is_dir()]  # a bundle: a folder
    assert len(produced) == len(list((REPO / "examples").glob("*.yaml")))
    assert all(list(d.glob("*.docx")) for d in produced if d.is_dir())
