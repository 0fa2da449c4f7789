"""The C extensions (setup.py), each loaded by the module that holds its Python spec.

An extension is used unless it is not built or CORPUS_PURE_PYTHON is set (to anything
but 0): then its spec runs, which gives the same answers (differential tests).

>>> load("corpus._no_such_extension") is None
True
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def pure_python_asked() -> bool:
    return os.environ.get("CORPUS_PURE_PYTHON", "0") not in ("", "0")


def load(name: str) -> ModuleType | None:
    """The extension ``name``, or None where its Python spec is to run."""
    if pure_python_asked():
        return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
