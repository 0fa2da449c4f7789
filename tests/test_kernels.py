import importlib.util

import pytest

from corpus import kernels

BUILT = importlib.util.find_spec("corpus._document") is not None


@pytest.mark.skipif(not BUILT, reason="the C extensions are not built")
def test_a_built_extension_is_used_unless_pure_python_is_asked(monkeypatch):
    monkeypatch.delenv("CORPUS_PURE_PYTHON", raising=False)
    assert kernels.load("corpus._document") is not None
    monkeypatch.setenv("CORPUS_PURE_PYTHON", "0")
    assert kernels.load("corpus._document") is not None
    monkeypatch.setenv("CORPUS_PURE_PYTHON", "1")
    assert kernels.load("corpus._document") is None


def test_a_missing_extension_means_the_python_spec_runs(monkeypatch):
    monkeypatch.delenv("CORPUS_PURE_PYTHON", raising=False)
    assert kernels.load("corpus._no_such_extension") is None
