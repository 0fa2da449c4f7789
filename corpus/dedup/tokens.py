"""Tokens of a normalized text, and their hashes on numpy.

A token is a word where a script writes spaces, and a single character where it does
not (Chinese, Japanese, Thai, ...): shingles of 5 tokens are then 5-word windows in
German and 5-character n-grams in Chinese, instead of one giant "word" per CJK
sentence. Korean writes spaces and is cut into words.

:func:`tokens` is the definition, in Python; :func:`token_hashes` computes
``[token_hash(t) for t in tokens(text)]`` on numpy without making a string per token
(the tests check that the two agree on arbitrary text).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from corpus.dedup.normalize import codepoints

# Scripts written without spaces between words: every character is a token there.
UNSPACED_RANGES = [
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan (syllables separated by tsheg, not spaces)
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
]
_UNSPACED_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in UNSPACED_RANGES)
_TOKEN = re.compile(f"[{_UNSPACED_CLASS}]|[^ {_UNSPACED_CLASS}]+")

# The polynomial hash's base: the 64-bit FNV prime (odd, so no bit is lost mod 2**64).
_BASE = 0x100000001B3
_MASK64 = (1 << 64) - 1


def tokens(normalized: str) -> list[str]:
    """Words, except in scripts without spaces, where every character is one.

    >>> tokens("dpa 东京电力 reported")
    ['dpa', '东', '京', '电', '力', 'reported']
    """
    return _TOKEN.findall(normalized)


def token_hash(token: str) -> int:
    """Polynomial hash of a token's code points, mod 2**64 (mixed further per shingle).

    >>> token_hash("a") == ord("a") + 1
    True
    """
    return sum((ord(char) + 1) * pow(_BASE, k, 1 << 64) for k, char in enumerate(token)) & _MASK64


def token_hashes(normalized: str) -> np.ndarray:
    """``token_hash`` of every token of a text from ``normalize_for_hash``, in order
    (uint64), computed on numpy.

    >>> token_hashes("a 电力").tolist() == [token_hash(t) for t in ("a", "电", "力")]
    True
    """
    points = codepoints(normalized)
    if points.size == 0:
        return np.zeros(0, dtype=np.uint64)
    unspaced = _unspaced_table()[np.minimum(points, _UNSPACED_TABLE_SIZE - 1)]
    in_token = points != ord(" ")
    starts = in_token.copy()  # a token starts after a space, at and after an unspaced character
    starts[1:] &= ~in_token[:-1] | unspaced[1:] | unspaced[:-1]
    chars = points[in_token].astype(np.uint64)
    first = np.flatnonzero(starts[in_token])  # each token's first character, among chars
    offset = np.arange(chars.size) - np.repeat(first, np.diff(np.append(first, chars.size)))
    return np.add.reduceat((chars + np.uint64(1)) * _powers(int(offset.max()) + 1)[offset], first)


_UNSPACED_TABLE_SIZE = 0x40000  # past the last unspaced range


@functools.lru_cache(maxsize=1)
def _unspaced_table() -> np.ndarray:
    table = np.zeros(_UNSPACED_TABLE_SIZE, dtype=bool)
    for low, high in UNSPACED_RANGES:
        table[low : high + 1] = True
    table.flags.writeable = False
    return table


_power_cache = np.ones(1, dtype=np.uint64)


def _powers(count: int) -> np.ndarray:
    """_BASE**k mod 2**64 for k < count, from a table grown as long tokens show up."""
    global _power_cache
    if _power_cache.size < count:
        size = max(count, 2 * _power_cache.size, 256)
        grown = np.full(size, _BASE, dtype=np.uint64)
        grown[0] = 1
        _power_cache = np.cumprod(grown, dtype=np.uint64)
    return _power_cache[:count]
