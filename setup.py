"""Builds the C extensions (everything else about the package is in pyproject.toml): the
line classifier's kernel, corpus.heuristics._lines (corpus/heuristics/features.py is its
spec and its fallback when it is not built), and fastText's language identification,
corpus.metadata._lid (the fasttext package is its spec and fallback: language.py)."""

from setuptools import Extension, setup

KERNEL_SOURCES = ["_lines.c", "_lines_spec.c", "_lines_line.c", "_lines_document.c"]
# The kernels' floats must be Python's (fastText's) on every machine: no fused
# multiply-add (gcc contracts a * b + c by default where the CPU has FMA, e.g. ARM64)
# and no fast-math reassociation.
EXACT_FLOATS = ["-ffp-contract=off", "-fno-fast-math"]

setup(
    ext_modules=[
        Extension(
            "corpus.heuristics._lines",
            sources=[f"corpus/heuristics/{name}" for name in KERNEL_SOURCES],
            depends=["corpus/heuristics/_lines.h"],
            extra_compile_args=EXACT_FLOATS,
        ),
        Extension(
            "corpus.metadata._lid",
            sources=["corpus/metadata/_lid.c", "corpus/metadata/_lid_load.c"],
            depends=["corpus/metadata/_lid.h"],
            extra_compile_args=EXACT_FLOATS,
        ),
    ]
)
