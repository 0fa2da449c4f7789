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
from collections.abc import Iterator

import numpy as np

from corpus.dedup.normalize import CHUNK_CHARS, codepoints

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


@functools.lru_cache(maxsize=1)
def _token_re() -> re.Pattern[str]:
    # Compiled on first use (~2 ms): the run hashes tokens without it (token_hashes).
    return re.compile(f"[{_UNSPACED_CLASS}]|[^ {_UNSPACED_CLASS}]+")


_MASK64 = (1 << 64) - 1
_SPACE = ord(" ")
# A character's position goes above its code point (21 bits) in what is mixed.
_POSITION_SHIFT = 21


def tokens(normalized: str) -> list[str]:
    """Words, except in scripts without spaces, where every character is one.

    >>> tokens("dpa 东京电力 reported")
    ['dpa', '东', '京', '电', '力', 'reported']
    """
    return _token_re().findall(normalized)


def token_hash(token: str) -> int:
    """A token's 64-bit hash: the sum (mod 2**64) of splitmix64 of each (position, code
    point). Needs no table of powers, so a token of any length costs the same per
    character.

    >>> token_hash("ab") != token_hash("ba")
    True
    """
    return sum(splitmix64_int((k << _POSITION_SHIFT) | ord(char)) for k, char in enumerate(token)) & _MASK64


def token_hashes(normalized: str) -> np.ndarray:
    """``token_hash`` of every token of a text from ``normalize_for_hash``, in order
    (uint64), computed on numpy a chunk at a time (chunks end at a space).

    >>> token_hashes("a 电力").tolist() == [token_hash(t) for t in ("a", "电", "力")]
    True
    """
    parts = [_chunk_hashes(piece) for piece in _pieces(normalized, CHUNK_CHARS)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def _pieces(text: str, size: int) -> Iterator[str]:
    """The text in pieces of about ``size`` characters, cut at spaces (the spaces left out).

    >>> list(_pieces("aa bb cc dd", 4))
    ['aa bb', 'cc dd']
    """
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end + 1


def _chunk_hashes(text: str) -> np.ndarray:
    points = codepoints(text)
    if points.size and int(points.max()) < UNSPACED_RANGES[0][0]:  # no unspaced script: words only
        spaces = np.flatnonzero(points == _SPACE)
        steps = _word_steps(spaces, points.size)
        if steps is not None:  # single-spaced, as normalize_for_hash leaves it
            return _word_hashes(points, spaces, steps)
    return _any_hashes(points)


def _word_steps(spaces: np.ndarray, size: int) -> np.ndarray | None:
    """How far each space is from the one before (the first: from -1), i.e. the length
    of the word before it plus one; None unless every space ends a word: none at either
    end of the text, none next to another.

    >>> [_word_steps(np.flatnonzero(np.array(list(t)) == " "), len(t)) for t in ("ab c d", " a", "a  b", "a ")]
    [array([3, 2]), None, None, None]
    """
    steps = np.empty(spaces.size, dtype=np.intp)
    if spaces.size:
        steps[0] = spaces[0] + 1
        np.subtract(spaces[1:], spaces[:-1], out=steps[1:])
        if steps.min() < 2 or spaces[-1] == size - 1:
            return None
    return steps


def _word_hashes(points: np.ndarray, spaces: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Hashes of the words of single-spaced text, by running sums instead of
    ``np.repeat`` and ``np.add.reduceat`` (numpy loops word by word there: 1.25x faster):
    positions in words restart at each word, and a word's hash is the difference of the
    running sum of character hashes across it (wrapping mod 2**64, as the sum does)."""
    size = points.size
    key = np.ones(size, dtype=np.int64)  # steps of the position in the word
    key[0] = 0
    key[spaces + 1] = 1 - steps  # back to 0 after a space: minus the last word's length
    np.cumsum(key, out=key)
    key <<= _POSITION_SHIFT
    key |= points
    running = np.cumsum(splitmix64_inplace(key.view(np.uint64)), out=key.view(np.uint64))
    last = np.empty(spaces.size + 1, dtype=np.intp)  # each word's last character
    np.subtract(spaces, 1, out=last[:-1])
    last[-1] = size - 1
    hashes = running[last]
    hashes[1:] -= running[spaces]
    return hashes


def _any_hashes(points: np.ndarray) -> np.ndarray:
    """Hashes of the tokens of any text: words, characters of unspaced scripts, any
    number of spaces anywhere."""
    unspaced = _unspaced_table()[np.minimum(points, _UNSPACED_TABLE_SIZE - 1)]
    in_token = points != _SPACE
    starts = in_token.copy()  # a token starts after a space, at and after an unspaced character
    starts[1:] &= ~in_token[:-1] | unspaced[1:] | unspaced[:-1]
    chars = points[in_token].astype(np.uint64)
    if chars.size == 0:
        return np.zeros(0, dtype=np.uint64)
    first = np.flatnonzero(starts[in_token])  # each token's first character, among chars
    position = np.arange(chars.size, dtype=np.uint64) - np.repeat(first, np.diff(np.append(first, chars.size))).astype(np.uint64)
    return np.add.reduceat(splitmix64_inplace((position << np.uint64(_POSITION_SHIFT)) | chars), first)


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer on uint64 arrays: a bijection in which every output bit
    depends on every input bit."""
    return splitmix64_inplace(x.astype(np.uint64, copy=True))


def splitmix64_inplace(x: np.ndarray) -> np.ndarray:
    """:func:`splitmix64` overwriting its (writeable uint64) argument, which it returns:
    one temporary instead of eight."""
    shifted = np.right_shift(x, np.uint64(30))
    x ^= shifted
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= np.right_shift(x, np.uint64(27), out=shifted)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= np.right_shift(x, np.uint64(31), out=shifted)
    return x


def splitmix64_int(x: int) -> int:
    """:func:`splitmix64` of one Python int.

    >>> splitmix64_int(12345) == int(splitmix64(np.array([12345], dtype=np.uint64))[0])
    True
    """
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & _MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


# One past the last unspaced range: higher code points are looked up at its last entry,
# which is spaced (at 0x40000 they were taken for CJK extensions).
_UNSPACED_TABLE_SIZE = 0x40001


@functools.lru_cache(maxsize=1)
def _unspaced_table() -> np.ndarray:
    table = np.zeros(_UNSPACED_TABLE_SIZE, dtype=bool)
    for low, high in UNSPACED_RANGES:
        table[low : high + 1] = True
    table.flags.writeable = False
    return table
