"""What the line model (``lines.py``) sees of each line of a text document: numbers read
from the line itself, from its neighbours and from its place in the document.

Every feature is cheap (a few C-level string operations, one word split), so a document
costs O(lines). The features are language-independent but for the stop-word density,
which uses the document's language (no list: 0, and the model leans on the rest).

The C kernel (``_lines.c``, see KERNEL at the end) computes the same numbers, float for
float, several times faster: this module is its spec. A change here is a change there.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from corpus import kernels
from corpus.heuristics.stopwords import stopwords
from corpus.heuristics.vocabulary import (
    CREDIT_WORDS,
    PREFIX,
    STEMS_BY_PREFIX,
    interface_words,
    may_hold_interface_words,
)

# A line shorter than this (in Latin characters) says nothing by itself: menu items,
# labels, dates.
SHORT_CHARS = 40
# A CJK character carries about a word: it counts as this many Latin characters.
CJK_WEIGHT = 3
# Features read a line's first characters only: a paragraph's shape is clear long
# before, and a megabyte-long line then costs no more than a paragraph.
MAX_CHARS = 2000
# A date or time in a line this short is a date line or a teaser's date, not a
# paragraph that happens to mention one.
DATE_LINE_CHARS = 80
# The count of interface words saturates here: past a few, a line is furniture.
MAX_WORD_COUNT = 3
# relative_length compares a line with the document's longest, but with no less than
# this: in a page of short lines (a results table, a link list) no line is long.
LONGEST_FLOOR = 120
# Neighbourhood for the "around" features: three lines either side cover a teaser
# (headline, date, summary) or a short run of menu items.
AROUND = 3

# CJK characters, first and last of each range: kana, ideographs, Hangul.
CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF))
# Upper-case letters below this start a capitalised word: every upper-case letter of the
# alphabets up to U+2FFF (Latin, Greek, Cyrillic, Armenian, Georgian...).
CAPITALS_BELOW = 0x3000

_CJK = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES) + "]")
_WORD = re.compile(r"\w+")
# A day-month-year, an ISO date, "6. November 2023", "April 21, 2022" or a clock time.
# Every branch starts with a digit, which lets the regex engine skip to the digits.
_DATE = re.compile(r"\d(?:\d?[./-] ?\d{1,2}[./-] ?\d{2,4}|\d{3}-\d\d-\d\d|\d?\.? \w+\.? \d{4}|\d?,? \d{4}|\d?:\d\d)")
# In every match of _DATE a digit is followed by one of these (in each branch, the last of
# its first digits is followed by a separator, a space or a colon): the C kernel skips
# the regex for lines without such a pair. test_features checks it on arbitrary text.
_DATE_AFTER_DIGIT = "./-, :"
# A letter starting a word in upper case.
_CAPITALISED = re.compile(r"\b[" + re.escape("".join(c for c in map(chr, range(CAPITALS_BELOW)) if c.isupper())) + "]")
_SENTENCE_END = set(".!?…。！？؟۔।\"'”’»)]")
_SEPARATOR_CHARS = "|»›•·→>"
_SEPARATORS = re.compile("[" + re.escape(_SEPARATOR_CHARS) + "]")
_BULLETS = set("-–—•*·▪►")

LINE_FEATURES = (
    "length",  # log(1 + weighted length)
    "words",  # log(1 + number of words)
    "short",  # shorter than SHORT_CHARS
    "stopwords",  # share of the words that are stop words of the document's language
    "sentence_end",  # ends like a sentence
    "colon_end",  # ends with a colon: a label or the lead-in to a list
    "ellipsis_end",  # ends with "..." or "…": a cut teaser
    "all_caps",  # no lower-case letter: a section label or a button
    "capitalised",  # share of words starting upper-case: Title Case menus and headlines
    "separators",  # log(1 + count of | » › • · → >): breadcrumbs and link rows
    "interface",  # interface words (vocabulary.py), up to MAX_WORD_COUNT, scaled to 0..1
    "credit",  # photo credit or agency marks, or ©
    "link",  # an address: URL, www., e-mail or handle
    "date",  # a date or time in a short line
    "starts_lower",  # starts with a lower-case letter: the rest of a broken paragraph
    "starts_digit",  # starts with a digit: a list item, a date, a score
    "starts_bullet",  # starts with a bullet or dash: a list item
)
DOCUMENT_FEATURES = LINE_FEATURES + (
    "prev_length", "prev_sentence_end", "prev_interface",  # the line before
    "next_length", "next_sentence_end", "next_interface",  # the line after
    "around_short",  # share of short lines among the AROUND lines either side
    "around_stopwords",  # their mean stop-word density
    "around_relative_length",  # their mean relative_length
    "repeated",  # the same line occurs elsewhere in the document (a menu at the top and the bottom)
    "position",  # line index / number of lines
    "position_squared",
    "char_position",  # share of the document's characters before the line
    "relative_length",  # log(length / the document's longest line): the article holds the longest
    "document_lines",  # log(1 + number of lines)
)
_LENGTH, _SHORT, _STOPWORDS, _SENTENCE, _INTERFACE = (
    LINE_FEATURES.index(x) for x in ("length", "short", "stopwords", "sentence_end", "interface")
)


def weighted_length(text: str) -> int:
    """Length counting a CJK character as a word's worth of Latin characters.

    >>> weighted_length("abc"), weighted_length("中文")
    (3, 6)
    """
    if text.isascii():
        return len(text)
    return len(text) + len(_CJK.findall(text)) * (CJK_WEIGHT - 1)


def stop_word_share(text: str, stops: frozenset[str]) -> float:
    """Share of a line's words that are stop words.

    >>> stop_word_share("The cat and the hat", frozenset({"the", "and"}))
    0.6
    """
    words = _WORD.findall(text[:MAX_CHARS].casefold())
    return sum(1 for w in words if w in stops) / len(words) if words else 0.0


def line_features(text: str, stops: frozenset[str]) -> dict[str, float]:
    """The LINE_FEATURES of one line, by name.

    >>> found = line_features("Share on Facebook | Twitter", frozenset({"on"}))
    >>> found["interface"], found["stopwords"], found["short"]
    (1.0, 0.25, 1.0)
    """
    columns, _lengths = _line_columns([text[:MAX_CHARS]], stops)
    return {name: column[0] for name, column in zip(LINE_FEATURES, columns)}


def _line_columns(texts: list[str], stops: frozenset[str]) -> tuple[list[list[float]], list[int]]:
    """The LINE_FEATURES of lines already cut to MAX_CHARS, one column (a list over the
    lines) per feature, and their weighted lengths. In Python, a feature at a time, in
    comprehensions, is faster than a line at a time."""
    if KERNEL is not None:
        return KERNEL.line_columns(texts, stops, KERNEL_SPEC_READ)
    n = len(texts)
    lengths = [len(t) if t.isascii() else weighted_length(t) for t in texts]
    folded = [_WORD.findall(t.casefold()) for t in texts]
    counts = [len(w) or 1 for w in folded]
    ends = [t.rstrip()[-1:] for t in texts]
    firsts = [t[:1] for t in texts]
    columns = [
        list(map(math.log1p, lengths)),
        [math.log1p(len(w)) for w in folded],
        [1.0 if x < SHORT_CHARS else 0.0 for x in lengths],
        [sum(map(stops.__contains__, f)) / c for f, c in zip(folded, counts)] if stops else [0.0] * n,
        [1.0 if e in _SENTENCE_END else 0.0 for e in ends],
        [1.0 if e == ":" else 0.0 for e in ends],
        [1.0 if e == "…" or t.endswith("...") else 0.0 for e, t in zip(ends, texts)],
        [1.0 if t.isupper() else 0.0 for t in texts],
        [len(_CAPITALISED.findall(t)) / c for t, c in zip(texts, counts)],
        [math.log1p(len(_SEPARATORS.findall(t))) for t in texts],
        [min(interface_words(f), MAX_WORD_COUNT) / MAX_WORD_COUNT if may_hold_interface_words(f) else 0.0
         for f in folded],
        [0.0 if CREDIT_WORDS.isdisjoint(f) and "©" not in t else 1.0 for f, t in zip(folded, texts)],
        [1.0 if "://" in t or "www." in t or "@" in t else 0.0 for t in texts],
        [1.0 if x < DATE_LINE_CHARS and _DATE.search(t) else 0.0 for x, t in zip(lengths, texts)],
        [1.0 if f.islower() else 0.0 for f in firsts],
        [1.0 if f.isdigit() else 0.0 for f in firsts],
        [1.0 if f in _BULLETS else 0.0 for f in firsts],
    ]
    return columns, lengths


@dataclass
class Document:
    """A document's DOCUMENT_FEATURES, one column (a list over the lines) per feature,
    and its lines' weighted lengths."""

    columns: list[list[float]]
    lengths: list[int]

    def rows(self) -> list[list[float]]:
        """The features as a row per line (to fit a model on)."""
        return [list(row) for row in zip(*self.columns)]


def document_features(texts: list[str], language: str | None) -> Document:
    """The DOCUMENT_FEATURES of every line.

    >>> doc = document_features(["Home", "Home", "A long line of text, said the minister."], "en")
    >>> [dict(zip(DOCUMENT_FEATURES, row))["repeated"] for row in doc.rows()], doc.lengths
    ([1.0, 1.0, 0.0], [4, 4, 39])
    """
    if KERNEL is not None:
        return Document(*KERNEL.document_columns(texts, stopwords(language), KERNEL_SPEC_READ))
    n = len(texts)
    if not n:
        return Document([[] for _ in DOCUMENT_FEATURES], [])
    texts = [t[:MAX_CHARS] for t in texts]
    columns, lengths = _line_columns(texts, stopwords(language))
    for index in (_LENGTH, _SENTENCE, _INTERFACE):
        columns.append([0.0] + columns[index][:-1])  # the line before
    for index in (_LENGTH, _SENTENCE, _INTERFACE):
        columns.append(columns[index][1:] + [0.0])  # the line after
    longest = max(max(lengths), LONGEST_FLOOR)
    relative = [math.log((length or 0.5) / longest) for length in lengths]
    columns.append(_around(columns[_SHORT]))
    columns.append(_around(columns[_STOPWORDS]))
    columns.append(_around(relative))
    counts = Counter(texts)  # lines come whitespace-normalized: equal text is enough
    columns.append([1.0 if counts[text] > 1 else 0.0 for text in texts])
    positions = [i / n for i in range(n)]
    columns.append(positions)
    columns.append([x * x for x in positions])
    chars = _prefix_sums(lengths)
    total = chars[-1] or 1
    columns.append([x / total for x in chars[:-1]])
    columns.append(relative)
    columns.append([math.log1p(n)] * n)
    return Document(columns, lengths)


def _around(values: list[float], k: int = AROUND) -> list[float]:
    """Mean of the k values either side of each value (itself left out).

    >>> _around([1.0, 2.0, 3.0, 4.0], 1)
    [2.0, 2.0, 3.0, 3.0]
    """
    n = len(values)
    sums = _prefix_sums([0.0] * k + values + [0.0] * k)
    window = 2 * k + 1
    edge = list(range(k)) + [k] * (n - k) if n > k else list(range(n))  # neighbours on one side
    return [
        (after - before - x) / ((left + right) or 1)
        for before, after, x, left, right in zip(sums, sums[window:], values, edge, reversed(edge))
    ]


def _prefix_sums(values: list[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


# The second pass sees what the first made of the neighbourhood. Windows of 1, 3 and 8
# lines either side: the next line, a paragraph's surroundings, a section.
WINDOWS = (1, 3, 8)
# The main block is the run of lines with the most text the first pass believes in:
# each line adds its length times (probability - BLOCK_PROBABILITY).
BLOCK_PROBABILITY = 0.5
CONTEXT_FEATURES = (
    "first_pass",  # the first pass's log-odds for the line
    *(f"around_{k}" for k in WINDOWS),  # mean first-pass probability of the k lines either side
    "prev_first_pass", "next_first_pass",  # the neighbours' probabilities
    "in_block",  # inside the main block
    "lines_before_block", "lines_after_block",  # log(1 + lines between the line and the block)
    "chars_before_block", "chars_after_block",  # share of the document's text between them
)
# The second pass sees the line itself again through these only: its shape. The first
# pass has summed up the rest (measured: passing every feature through gains nothing).
LINE_SHAPE = ("length", "short", "sentence_end", "capitalised", "interface", "credit", "date", "starts_bullet")
SECOND_PASS_FEATURES = LINE_SHAPE + CONTEXT_FEATURES
_SHAPE = tuple(DOCUMENT_FEATURES.index(name) for name in LINE_SHAPE)
# Log-odds are clipped here: past 1 in 1000 the first pass is sure enough.
MAX_LOG_ODDS = math.log(999)
# sigmoid clips log-odds here: past it a probability is 0 or 1 to 21 decimal places, and
# math.exp cannot overflow.
SIGMOID_CLIP = 50.0


def sigmoid(score: float) -> float:
    """Probability from log-odds (clipped: no overflow).

    >>> sigmoid(0.0), round(sigmoid(2.0), 3), sigmoid(-1000.0) > 0
    (0.5, 0.881, True)
    """
    return 1 / (1 + math.exp(-max(-SIGMOID_CLIP, min(SIGMOID_CLIP, score))))


def main_block(probabilities: list[float], lengths: list[int]) -> tuple[int, int]:
    """Start and end (exclusive) of the run of lines maximising the sum of
    length x (probability - BLOCK_PROBABILITY): the article's core. (0, 0) if no line
    is above BLOCK_PROBABILITY. Kadane's algorithm, one pass.

    >>> main_block([0.1, 0.9, 0.4, 0.9, 0.1], [10, 100, 20, 100, 10])
    (1, 4)
    """
    best = current = 0.0
    span, start = (0, 0), 0
    for i, (p, length) in enumerate(zip(probabilities, lengths)):
        current += (p - BLOCK_PROBABILITY) * length
        if current <= 0:
            current, start = 0.0, i + 1
        elif current > best:
            best, span = current, (start, i + 1)
    return span


def context_features(scores: list[float], lengths: list[int]) -> tuple[list[list[float]], tuple[int, int]]:
    """The CONTEXT_FEATURES from the first pass's log-odds for every line, as columns
    (one list per feature, a value per line), and the main block they were measured
    against.

    >>> columns, block = context_features([-3.0, 3.0, 3.0, -3.0], [10, 200, 150, 10])
    >>> block, dict(zip(CONTEXT_FEATURES, columns))["in_block"]
    ((1, 3), [0.0, 1.0, 1.0, 0.0])
    """
    if KERNEL is not None:
        return KERNEL.context_columns(scores, lengths, KERNEL_SPEC_READ)
    n = len(scores)
    if not n:
        return [[] for _ in CONTEXT_FEATURES], (0, 0)
    probabilities = [sigmoid(x) for x in scores]
    start, end = main_block(probabilities, lengths)
    chars = _prefix_sums([float(x) for x in lengths])
    total = chars[-1] or 1.0
    columns = [[max(-MAX_LOG_ODDS, min(MAX_LOG_ODDS, x)) for x in scores]]
    columns.extend(_around(probabilities, k) for k in WINDOWS)
    columns.append([0.0] + probabilities[:-1])
    columns.append(probabilities[1:] + [0.0])
    columns.append([0.0] * start + [1.0] * (end - start) + [0.0] * (n - end))
    columns.append([math.log1p(start - i) for i in range(start)] + [0.0] * (n - start))
    columns.append([0.0] * end + [math.log1p(i - end + 1) for i in range(end, n)])
    columns.append([(chars[start] - chars[i + 1]) / total for i in range(start)] + [0.0] * (n - start))
    columns.append([0.0] * end + [(chars[i] - chars[end]) / total for i in range(end, n)])
    return columns, (start, end)


def second_pass_features(doc: Document, scores: list[float]) -> tuple[list[list[float]], tuple[int, int]]:
    """The SECOND_PASS_FEATURES as columns, from a document's features and the first
    pass's log-odds, and the main block."""
    context, block = context_features(scores, doc.lengths)
    return [doc.columns[i] for i in _SHAPE] + context, block


# The C kernel (_lines.c and its siblings, built by setup.py) computes the same numbers
# as the Python above, float for float, several times faster. The Python is its spec,
# and its fallback: when the kernel is not built, was built for other features, or
# CORPUS_PURE_PYTHON is set (to anything but 0). It reads the constants, vocabularies
# and the date regex from here:
KERNEL_SPEC = {
    "SHORT_CHARS": SHORT_CHARS, "CJK_WEIGHT": CJK_WEIGHT, "MAX_CHARS": MAX_CHARS,
    "DATE_LINE_CHARS": DATE_LINE_CHARS, "MAX_WORD_COUNT": MAX_WORD_COUNT, "LONGEST_FLOOR": LONGEST_FLOOR,
    "AROUND": AROUND, "CJK_RANGES": CJK_RANGES, "CAPITALS_BELOW": CAPITALS_BELOW,
    "SENTENCE_END": "".join(sorted(_SENTENCE_END)), "SEPARATORS": _SEPARATOR_CHARS, "BULLETS": "".join(sorted(_BULLETS)),
    "CREDIT_WORDS": CREDIT_WORDS, "INTERFACE_STEMS": STEMS_BY_PREFIX, "PREFIX": PREFIX, "DATE_SEARCH": _DATE.search,
    "DATE_AFTER_DIGIT": _DATE_AFTER_DIGIT,
    "WINDOWS": WINDOWS, "SHAPE": _SHAPE, "BLOCK_PROBABILITY": BLOCK_PROBABILITY, "MAX_LOG_ODDS": MAX_LOG_ODDS,
    "SIGMOID_CLIP": SIGMOID_CLIP,
}


def _load_kernel():
    _lines = kernels.load("corpus.heuristics._lines")
    if _lines is None:
        return None
    names = ("LINE_FEATURES", "DOCUMENT_FEATURES", "CONTEXT_FEATURES")
    built_for = tuple(getattr(_lines, name, None) for name in names)
    if built_for != (LINE_FEATURES, DOCUMENT_FEATURES, CONTEXT_FEATURES) or not hasattr(_lines, "read_spec"):
        return None
    return _lines


KERNEL = _load_kernel()
# KERNEL_SPEC as the kernel reads it, once: its functions take this for the dict, and a
# call skips reading the dict again (~5 us, as much as scoring a few lines).
KERNEL_SPEC_READ = KERNEL.read_spec(KERNEL_SPEC) if KERNEL is not None else None


@contextlib.contextmanager
def pure_python() -> Iterator[None]:
    """Within the block, every function here (and LineModel) computes in Python, even
    where the kernel is built: to compare the two (tests, benchmarks). Not thread-safe.

    >>> with pure_python():
    ...     document_features(["Home", "Home"], "en").lengths
    [4, 4]
    """
    global KERNEL
    kernel, KERNEL = KERNEL, None
    try:
        yield
    finally:
        KERNEL = kernel
