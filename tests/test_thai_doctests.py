"""The examples in ita_docs.thai's docstrings run as tests (doctest), module by module: only this
package, not the whole tree, so `pytest --doctest-modules` is not needed."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import ita_docs.thai

MODULES = sorted(f"ita_docs.thai.{m.name}" for m in pkgutil.iter_modules(ita_docs.thai.__path__))
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(name)
    examples = {test.name.rsplit(".", 1)[-1]: len(test.examples) for test in doctest.DocTestFinder().find(module)}
    missing = [n for n in module.__all__ if inspect.isfunction(getattr(module, n)) and not examples.get(n)]
    assert not missing, f"{name}: public functions without a docstring example: {missing}"


def test_the_package_lists_every_module():
    assert MODULES == [f"ita_docs.thai.{m}" for m in ("baht", "dates", "digits", "docnumbers", "numbering", "numbers")]
