"""Builds the C extensions (everything else about the package is in pyproject.toml). Each
has a Python spec that is its fallback when it is not built (or CORPUS_PURE_PYTHON=1),
and differential tests that hold the two to the same answers:

- corpus.heuristics._lines: the line classifier (corpus/heuristics/features.py, lines.py)
- corpus.dedup._keys: duplicate keys (corpus/dedup/normalize.py, tokens.py, minhash.py)
- corpus._document: a document's lines (corpus/document.py)
- corpus.rulebook._linefilter: what a rule list asks of every line (corpus/rulebook/linefilter.py)
- corpus.text._fixers: the text fixers' scans (corpus/text/fixers.py, mojibake.py)
- corpus.metadata._lid: fastText's lid.176 prediction (the fasttext package: language.py)
"""

from setuptools import Extension, setup

# The kernels' floats must be Python's on every machine: no fused multiply-add (gcc
# contracts a * b + c by default where the CPU has FMA, e.g. ARM64) and no fast-math
# reassociation.
EXACT_FLOATS = ["-ffp-contract=off", "-fno-fast-math"]


def kernel(name: str, folder: str, sources: list[str], header: str | None = None) -> Extension:
    return Extension(name, sources=[f"{folder}/{s}" for s in sources],
                     depends=[f"{folder}/{header}"] if header else [], extra_compile_args=EXACT_FLOATS)


setup(
    ext_modules=[
        kernel("corpus.heuristics._lines", "corpus/heuristics",
               ["_lines.c", "_lines_spec.c", "_lines_line.c", "_lines_words.c", "_lines_article.c", "_lines_document.c"], "_lines.h"),
        kernel("corpus.dedup._keys", "corpus/dedup", ["_keys.c", "_keys_normalize.c", "_keys_minhash.c"], "_keys.h"),
        kernel("corpus._document", "corpus", ["_document.c", "_document_line.c"], "_document.h"),
        kernel("corpus.rulebook._linefilter", "corpus/rulebook", ["_linefilter.c", "_linefilter_fold.c"], "_linefilter.h"),
        kernel("corpus.text._fixers", "corpus/text", ["_fixers.c"]),
        kernel("corpus.metadata._lid", "corpus/metadata", ["_lid.c", "_lid_load.c"], "_lid.h"),
    ]
)
