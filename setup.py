"""Builds the line classifier's C kernel, corpus.heuristics._lines (everything else about
the package is in pyproject.toml). corpus/heuristics/features.py is its spec and its
fallback when it is not built."""

from setuptools import Extension, setup

KERNEL_SOURCES = ["_lines.c", "_lines_spec.c", "_lines_line.c", "_lines_document.c", "_lines_words.c", "_lines_article.c"]

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
        )
    ]
)
