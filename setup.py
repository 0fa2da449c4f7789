"""Builds the C kernels (everything else about the package is in pyproject.toml): the line
classifier's, corpus.heuristics._lines (corpus/heuristics/features.py is its spec and its
fallback when it is not built), and duplicate keys', corpus.dedup._keys (same with
corpus/dedup/normalize.py, tokens.py and minhash.py)."""

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
        Extension(
            "corpus.dedup._keys",
            sources=[f"corpus/dedup/{name}" for name in ("_keys.c", "_keys_normalize.c", "_keys_minhash.c")],
            depends=["corpus/dedup/_keys.h"],
            extra_compile_args=["-ffp-contract=off", "-fno-fast-math"],  # as above (the kernel has no floats today)
        ),
    ]
)
