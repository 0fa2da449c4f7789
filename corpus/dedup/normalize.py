"""Text as duplicate detection sees it: folded, then keyed.

Two copies of a story differ in ways a reader does not notice: curly or straight
quotes, a full-width digit, a soft hyphen, case in a headline, optional Arabic vowel
marks. :func:`normalize_for_hash` folds all of these, so that such copies have the
same exact key (:func:`exact_key`) and the same tokens (``corpus.dedup.tokens``).

The folding runs on numpy over code points (a table says what each one becomes), at
nine times the speed of ``str.translate`` on the dev dumps;
``tests/test_dedup_normalize.py`` checks it against a one-line-per-rule reference on
arbitrary text. Where the C kernel (``corpus.dedup.kernel``) is built, a text whose
characters can each be normalized on their own (98% of the dev dumps' cleaned texts:
see :func:`_shortcut`) is normalized in one pass, 7x faster than NFKC, casefold and
folding one after the other; the others are folded in C with the same classes. This
code is the kernel's spec and its fallback.

Keys are stable for a given Python (its Unicode database drives NFKC, casefold and
the character classes): a newer Unicode version folds newly assigned characters
differently.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata

import numpy as np

from corpus.dedup.kernel import kernel

# What folding does with a code point.
KEEP, SPACE, DROP = 0, 1, 2

# Characters removed outright (not turned into a space): they sit inside words, and one
# copy of a text has them where another does not.
DROPPED_RANGES = [
    (0x0640, 0x0640),  # Arabic tatweel: decorative stretching of a word
    (0x064B, 0x065F),  # Arabic harakat: optional vowel marks, written by some sites only
    (0x0670, 0x0670),  # Arabic superscript alef, same
    (0x0591, 0x05C7),  # Hebrew points (niqqud, cantillation): optional, same
]

# Code points below this are classified by table lookup (the BMP: 64 KiB, built on first
# use in ~20 ms); the few above it (emoji, rare CJK) one by one.
_TABLE_SIZE = 0x10000
_SPACE = np.uint32(ord(" "))

# Characters folded (and tokens hashed) per numpy pass: temporaries are ~40 bytes a
# character, so a pathological 60 MB one-line input costs ~10 MB at a time, not 2 GB; a
# news article (~10,000 characters) is one pass.
CHUNK_CHARS = 256 * 1024


def char_class(code_point: int) -> int:
    """KEEP letters, digits and combining marks; DROP invisible format characters (soft
    hyphen, zero-width joiners: they sit inside words) and ``DROPPED_RANGES``; SPACE for
    the rest: punctuation, symbols, whitespace, controls, unassigned code points.

    >>> [char_class(ord(c)) for c in "a1\u0301-\u00ad"] == [KEEP, KEEP, KEEP, SPACE, DROP]
    True
    """
    if any(low <= code_point <= high for low, high in DROPPED_RANGES):
        return DROP
    return _category_class(unicodedata.category(chr(code_point)))


def _category_class(category: str) -> int:
    if category == "Cf":
        return DROP
    return KEEP if category[0] in "LNM" else SPACE


# Classes of code points above the table, as they show up: emoji and rare CJK, a few
# thousand distinct ones at most.
_astral_class = functools.lru_cache(maxsize=4096)(char_class)

# What the tables say of every code point above them (one entry past the BMP, where
# ``take(mode="clip")`` sends them): look it up with _astral_class.
_ASTRAL = 3
# Entries of the folding table for a DROP character and for one above the table (the
# largest uint32 values, so that one ``max`` tells whether a text holds either).
_DROPPED, _ABOVE = np.uint32(0xFFFFFFFF), np.uint32(0xFFFFFFFE)


@functools.lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    """char_class of every BMP code point, and _ASTRAL past them. Built from the ~30
    categories rather than per code point: 20 ms instead of 75."""
    # (map rather than comprehensions: no Python frame per code point, ~13 ms -> ~10)
    categories = list(map(unicodedata.category, map(chr, range(_TABLE_SIZE))))
    of_category = {category: _category_class(category) for category in set(categories)}
    table = np.array([*map(of_category.__getitem__, categories), _ASTRAL], dtype=np.uint8)
    for low, high in DROPPED_RANGES:  # all in the BMP
        table[low : high + 1] = DROP
    table.flags.writeable = False
    return table


# The kernel's class table holds this for code points not classified yet.
_UNKNOWN_CLASS = 0xFF


@functools.lru_cache(maxsize=1)
def _classes_seen() -> np.ndarray:
    """The kernel's class table: _class_table filled in as code points show up (the few
    hundred of a run cost less than building the whole table, ~20 ms)."""
    return np.full(_TABLE_SIZE, _UNKNOWN_CLASS, dtype=np.uint8)


def _class_of(code_point: int) -> int:
    """char_class, remembered in _classes_seen for a BMP code point."""
    if code_point >= _TABLE_SIZE:
        return _astral_class(code_point)
    _classes_seen()[code_point] = kind = char_class(code_point)
    return kind


@functools.lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """What folding makes of every BMP code point: itself (KEEP), a space (SPACE) or
    _DROPPED; _ABOVE past them. One lookup instead of a class lookup and a ``where``."""
    classes = _class_table()
    table = np.arange(_TABLE_SIZE + 1, dtype=np.uint32)
    table[classes == SPACE] = _SPACE
    table[classes == DROP] = _DROPPED
    table[classes == _ASTRAL] = _ABOVE
    table.flags.writeable = False
    return table


def codepoints(text: str) -> np.ndarray:
    """The code points of a text, as a uint32 array (read-only: a view of the bytes). A
    lone surrogate (text decoded with ``surrogateescape``) is a code point like any other."""
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype="<u4")


def normalize_for_hash(text: str) -> str:
    """The text as compared: NFKC (full-width forms, ligatures), casefolded,
    punctuation, symbols and whitespace folded to single spaces.

    >>> normalize_for_hash("“Breaking”: The   CAFÉ’s ２０２４ re\u00adopening!")
    'breaking the café s 2024 reopening'
    >>> normalize_for_hash("Straße") == normalize_for_hash("STRASSE")
    True
    >>> normalize_for_hash("مُحَمَّد") == normalize_for_hash("محمد")
    True
    """
    fast = kernel()
    if fast is not None:  # every character on its own, if the text allows it (see _shortcut)
        normalized = fast.normalize(text, _shortcut_table(), _SHORTCUT_STRINGS, _shortcut)
        if normalized is not None:
            return normalized
    folded = unicodedata.normalize("NFKC", text).casefold()
    joined = fast.fold(folded, _classes_seen(), _class_of) if fast else _fold_in_pieces(folded)
    # NFKC again: casefold and dropped marks can leave a sequence that composes.
    return unicodedata.normalize("NFKC", joined)


def _fold_in_pieces(folded: str) -> str:
    """:func:`_fold` of the whole text, CHUNK_CHARS at a time, without spaces at the ends."""
    pieces: list[str] = []
    for start in range(0, len(folded), CHUNK_CHARS):
        piece = _fold(folded[start : start + CHUNK_CHARS])
        if pieces and pieces[-1].endswith(" ") and piece.startswith(" "):
            piece = piece[1:]  # a run of spaces across two pieces is one space too
        if piece:
            pieces.append(piece)
    return "".join(pieces).strip(" ")


def _fold(text: str) -> str:
    """Letters, digits and marks kept, format characters dropped, every run of anything
    else one space."""
    points = codepoints(text)
    if points.size == 0:
        return text
    folded = _fold_table().take(points, mode="clip")
    if folded.max() >= _ABOVE:  # a DROP character or one above the BMP: the rare case
        for index in np.flatnonzero(folded == _ABOVE).tolist():
            point = int(points[index])
            folded[index] = {KEEP: point, SPACE: _SPACE, DROP: _DROPPED}[_astral_class(point)]
        folded = folded[folded != _DROPPED]
        if folded.size == 0:
            return ""
    space = folded == _SPACE
    kept = np.empty(space.size, dtype=np.bool_)  # all but the second and later spaces of a run
    kept[0] = True
    np.logical_and(space[1:], space[:-1], out=kept[1:])
    np.logical_not(kept[1:], out=kept[1:])
    return folded[kept].astype("<u4", copy=False).tobytes().decode("utf-32-le")  # byte order as encoded, on any machine


# What the kernel's shortcut makes of a code point (_shortcut): below _STRING, the one
# code point it becomes (a space for SPACE characters); _STRING + i: _SHORTCUT_STRINGS[i];
# or one of these.
_UNKNOWN, _SLOW, _REMOVED, _STRING = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0x80000000
# The strings of code points that become several (folded: "ss" for "ß", "1 2" for "½").
_SHORTCUT_STRINGS: list[str] = []


def _shortcut(code_point: int) -> int:
    """What normalize_for_hash makes of a character on its own, if it may be normalized
    on its own in any text; else _SLOW, and a text holding it goes the whole way.

    A character may when it and what it becomes have a normalization boundary before
    them (their decomposition starts with a starter that composes with nothing before
    it: it cuts NFKC into independent pieces), and what it becomes is in NFKC. Then NFKC
    of a text of such characters is NFKC of each, casefold is per character anyway, and
    the final NFKC changes nothing. The kernel looks BMP characters up in
    _shortcut_table, which this fills in as characters show up, and asks for the others
    each time (see _shortcut_above_table). 98% of the dev dumps' texts take the shortcut.

    >>> [_shortcut(ord(c)) for c in "A,­"] == [ord("a"), ord(" "), _REMOVED]
    True
    >>> _SHORTCUT_STRINGS[_shortcut(ord("ß")) - _STRING], _shortcut(0x0301) == _SLOW  # a combining mark
    ('ss', True)
    """
    if code_point >= _TABLE_SIZE:
        return _shortcut_above_table(code_point)
    table = _shortcut_table()
    if table[code_point] == _UNKNOWN:
        table[code_point] = _shortcut_of(chr(code_point))
    return int(table[code_point])


@functools.lru_cache(maxsize=4096)
def _shortcut_above_table(code_point: int) -> int:
    # Scripts of the supplementary planes below emoji (Brahmi to Ottoman Siyaq, musical
    # and mathematical symbols) hold the few compositions above the BMP: they go the
    # whole way. From emoji on (and CJK extensions, tags) nothing composes.
    return _SLOW if code_point < 0x1F000 else _shortcut_of(chr(code_point))


def _shortcut_of(char: str) -> int:
    if not _boundary_before(char):
        return _SLOW
    out = []
    for folded in unicodedata.normalize("NFKC", char).casefold():
        kind = char_class(ord(folded))
        if kind == KEEP and (unicodedata.normalize("NFKC", folded) != folded or not _boundary_before(folded)):
            return _SLOW
        if kind != DROP:
            out.append(folded if kind == KEEP else " ")
    string = "".join(out)
    while "  " in string:  # "..." for "…": one space, as folding leaves it
        string = string.replace("  ", " ")
    if len(string) <= 1:
        return ord(string) if string else _REMOVED
    if string not in _SHORTCUT_STRINGS:
        _SHORTCUT_STRINGS.append(string)
    return _STRING + _SHORTCUT_STRINGS.index(string)


def _boundary_before(char: str) -> bool:
    """Whether nothing before this character can compose with it or be reordered past it
    in NFKC: its full decomposition starts with a starter that is nobody's second half."""
    first, halves = unicodedata.normalize("NFKD", char)[0], _second_halves()
    return unicodedata.combining(first) == 0 and ord(first) not in halves and ord(char) not in halves


@functools.lru_cache(maxsize=1)
def _second_halves() -> frozenset[int]:
    """Code points that a character before them may compose with: the second halves of
    two-character canonical decompositions in the BMP (~6 ms), and Hangul vowel and
    final jamo (Hangul syllables compose by formula). tests/test_dedup_kernel.py checks
    that no decomposition above the BMP adds one outside the shortcut's _SLOW range."""
    halves = {*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)}
    for decomposition in map(unicodedata.decomposition, map(chr, range(_TABLE_SIZE))):
        if decomposition and not decomposition.startswith("<") and " " in decomposition:
            halves.add(int(decomposition.split()[-1], 16))
    return frozenset(halves)


@functools.lru_cache(maxsize=1)
def _shortcut_table() -> np.ndarray:
    """_shortcut of every BMP code point seen so far, _UNKNOWN for the others."""
    return np.full(_TABLE_SIZE, _UNKNOWN, dtype=np.uint32)


def exact_key(text: str) -> bytes:
    """16 bytes naming the normalized text: equal for copies that differ only in case,
    punctuation or spacing. 128 bits: no accidental collision in any corpus size.

    >>> exact_key("Hello, World!") == exact_key("hello world")
    True
    >>> len(exact_key(""))
    16
    """
    return normalized_key(normalize_for_hash(text))


def normalized_key(normalized: str) -> bytes:
    """:func:`exact_key` of a text already through :func:`normalize_for_hash`."""
    return hashlib.blake2b(normalized.encode("utf-8"), digest_size=16).digest()
