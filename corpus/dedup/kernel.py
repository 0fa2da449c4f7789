"""The C kernel of duplicate keys (``_keys.c``, built by setup.py), and when it is used.

Per document, folding the normalized text and hashing its tokens, shingles and 128
permutations cost ~0.3 s of the dev dumps' ~4 s text run in numpy (small arrays, a
numpy call per step); the kernel does the same in one pass, a few times faster. The
numpy and Python code in normalize.py, tokens.py and minhash.py stays the spec, and the
fallback: when the kernel is not built, was built for other character classes or
unspaced ranges (``SPEC``), or CORPUS_PURE_PYTHON is set (to anything but 0).
``tests/test_dedup_kernel.py`` checks that both give the same keys on arbitrary text.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

from corpus import kernels

_disabled = False


def kernel():
    """``corpus.dedup._keys`` if it may be used, else None."""
    return None if _disabled else _built()


@functools.lru_cache(maxsize=1)
def _built():
    _keys = kernels.load("corpus.dedup._keys")
    return _keys if _keys is not None and _keys.SPEC == spec() else None


def spec() -> dict:
    """What the kernel must have been built for: the Python modules' constants."""
    # Imported here: normalize.py imports this module.
    from corpus.dedup import normalize, tokens

    return {
        "KEEP": normalize.KEEP, "SPACE": normalize.SPACE, "DROP": normalize.DROP, "UNKNOWN_CLASS": normalize._UNKNOWN_CLASS,
        "TABLE_SIZE": normalize._TABLE_SIZE, "POSITION_SHIFT": tokens._POSITION_SHIFT,
        "UNSPACED_RANGES": tuple(map(tuple, tokens.UNSPACED_RANGES)),
    }


@contextlib.contextmanager
def pure_python() -> Iterator[None]:
    """Within the block, keys are computed by the Python spec even where the kernel is
    built: to compare the two (tests, benchmarks). Not thread-safe.

    >>> from corpus.dedup import DedupConfig, document_keys
    >>> with pure_python():
    ...     len(document_keys("a short text", DedupConfig()).exact)
    16
    """
    global _disabled
    disabled, _disabled = _disabled, True
    try:
        yield
    finally:
        _disabled = disabled
