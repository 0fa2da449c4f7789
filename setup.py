"""Builds the C extensions (everything else about the package is in pyproject.toml): the
line classifier's kernel, corpus.heuristics._lines (corpus/heuristics/features.py is its
spec and its fallback when it is not built), corpus._document (corpus/document.py),
corpus.rulebook._linefilter (corpus/rulebook/linefilter.py) and corpus.text._fixers
(corpus/text/fixers.py)."""

from setuptools import Extension, setup

KERNEL_SOURCES = ["_lines.c", "_lines_spec.c", "_lines_line.c", "_lines_document.c"]

setup(
    ext_modules=[
        Extension(
            "corpus.heuristics._lines",
            sources=[f"corpus/heuristics/{name}" for name in KERNEL_SOURCES],
            depends=["corpus/heuristics/_lines.h"],
            # The kernel's floats must be Python's on every machine: no fused multiply-add
            # (gcc contracts a * b + c by default where the CPU has FMA, e.g. ARM64) and no
            # fast-math reassociation.
            extra_compile_args=["-ffp-contract=off", "-fno-fast-math"],
        ),
        # The document's lines (corpus/document.py is its spec and fallback).
        Extension("corpus._document", sources=["corpus/_document.c", "corpus/_document_line.c"], depends=["corpus/_document.h"],
                  extra_compile_args=["-ffp-contract=off", "-fno-fast-math"]),
        # What a rule list asks of every line (corpus/rulebook/linefilter.py).
        Extension("corpus.rulebook._linefilter", sources=["corpus/rulebook/_linefilter.c"],
                  extra_compile_args=["-ffp-contract=off", "-fno-fast-math"]),
        # The text fixers' scans (corpus/text/fixers.py is their spec and fallback).
        Extension("corpus.text._fixers", sources=["corpus/text/_fixers.c"], extra_compile_args=["-ffp-contract=off", "-fno-fast-math"]),
    ]
)
