"""Which lines of a document a rule list's line rules can match, found for the whole
document at once.

A call from Python into RE2 costs more than the match itself, and a document has
hundreds of lines: asking every rule about every line was most of the rules' time.
Instead, for the rules that only ask "does this line match" (drop, label, cut, block):

- their patterns are joined into one alternation, and RE2 scans the document's lines
  joined by "\\n" once. Compiled with ``never_nl`` (no match crosses a line break) and
  in multi-line mode ("^" and "$" at every line's start and end), the alternation
  matches a line of the joined text exactly where it matches that line alone. A pattern
  for which that is not certain (``\\A``, ``\\z``, ``\\C``, a flag group naming "m")
  makes the rule list search line by line, as does text RE2 cannot take;
- exact ``lines`` are looked up in one set, for the lines short enough to equal one.

The rules then look only at the lines found, with their own patterns. So the union may
find a few lines more than its patterns, never fewer: it is made of them relaxed
(:func:`~corpus.rulebook.relax.relax`), which is much quicker to compile and search.

Every "does it match" question goes to RE2 through :func:`found`, not through the
``re2`` module's ``search``: that wrapper is written in Python and costs more than the
match itself on a short line (a byline rule asks fifty lines of every document).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import re2

from corpus import kernels
from corpus.rulebook.relax import relax

try:  # the compiled program under the `re2` module's Python wrapper
    _UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED
    _DIRECT = hasattr(re2.compile("a"), "_regexp")
except AttributeError:  # pragma: no cover - another google-re2: through the wrapper
    _DIRECT = False
_NO_MATCH = (-1, -1)

# Kinds whose matchers are only asked "does this line match" (meta rules need the match
# itself, for its named groups, and look at a few header lines only).
FILTERED_KINDS = ("drop", "label", "cut", "block")
# The union of all patterns may need more memory than one pattern (8 MiB each).
_UNION_MAX_MEM = 64 << 20
# Bytes of text RE2 is given at a time (at least; the window ends at a line break).
_SCAN_WINDOW = 4096
# Constructs that mean something else once lines are joined: text start and end (\A, \z),
# a single byte (\C), and a pattern's own multi-line flag.
_NOT_JOINABLE = re.compile(r"\\[ACz]|\(\?[imsU-]*m[imsU-]*[:)]")


def found(pattern: Any, text: str) -> bool:
    """``pattern.search(text) is not None`` for a pattern from ``re2.compile``, asked of
    the compiled program directly: the wrapper's ``search`` does the same (the text as
    UTF-8, searched whole), through a generator and a match object.

    >>> found(re2.compile(r"^\\pL+$"), "Çà"), found(re2.compile("b"), "abc"), found(re2.compile("d"), "abc")
    (True, True, False)
    """
    if not _DIRECT:  # pragma: no cover
        return pattern.search(text) is not None
    data = text.encode("utf-8")  # raises on a lone surrogate, as the wrapper does
    return pattern._regexp.Match(_UNANCHORED, data, 0, len(data))[0] != _NO_MATCH


class Found:
    """A match, as much of it as the rules ask about: the text of a named group."""

    __slots__ = ("_data", "_spans", "_names")

    def __init__(self, data: bytes, spans: list[tuple[int, int]], names: dict[str, int]):
        self._data, self._spans, self._names = data, spans, names

    def group(self, name: str) -> str | None:
        """As the wrapper's ``group``: None for a group that took no part, IndexError
        for a name the pattern has not."""
        index = self._names.get(name)
        if index is None:
            raise IndexError("bad group name")
        start, end = self._spans[index]
        return None if start < 0 else self._data[start:end].decode("utf-8")


def search(pattern: Any, text: str) -> Any:
    """``pattern.search(text)`` for a pattern from ``re2.compile``, asked of the compiled
    program directly: a :class:`Found`, or None. RE2 reads UTF-8 a character at a time,
    so a group's bytes are whole characters, but for ``\\C`` (one byte): a pattern
    holding it goes through the wrapper.

    >>> search(re2.compile(r"^By (?P<value>\\pL+)"), "By Åsa").group("value"), search(re2.compile("x"), "By")
    ('Åsa', None)
    """
    if not _DIRECT or "\\C" in pattern.pattern:
        return pattern.search(text)
    data = text.encode("utf-8")
    spans = pattern._regexp.Match(_UNANCHORED, data, 0, len(data))
    return None if spans[0] == _NO_MATCH else Found(data, spans, _group_names(pattern))


@functools.lru_cache(maxsize=1024)  # the rules' patterns: a few dozen
def _group_names(pattern: Any) -> dict[str, int]:
    return dict(pattern.groupindex)


def normalize_line(text: str) -> str:
    """The form exact ``lines`` are compared in: case-folded, single spaces.

    >>> normalize_line("  Share\u00a0 THIS ")
    'share this'
    """
    return " ".join(text.split()).casefold()


def _options(never_nl: bool) -> Any:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = _UNION_MAX_MEM
    options.never_nl = never_nl
    # Only "does it match" is asked: groups (and their names, which may repeat across
    # the patterns of one meta rule) need not be kept.
    options.never_capture = True
    return options


def _union(sources: tuple[str, ...], joined: bool) -> Any:
    # Relaxed patterns: the union only picks the lines the rules then ask (see relax).
    body = "|".join(f"(?:{relax(p)})" for p in sources)
    try:
        return re2.compile(f"(?m:{body})" if joined else body, _options(never_nl=joined))
    except re2.error:
        return None  # too large to combine: every line is a candidate, just slower


@dataclass(frozen=True)
class LineFilter:
    """What some rules ask of every line, prepared once. The unions are compiled on
    first use: compiling RE2 programs for large Unicode classes takes a while."""

    sources: tuple[str, ...] = ()  # the patterns
    joinable: bool = False  # their union may search all lines joined by "\n"
    exact: frozenset[str] = frozenset()  # every exact line of these rules (normalize_line form)
    longest_exact: int = 0
    # The longest line these rules ask about (-1: any): the patterns' lines are found
    # among the lines at most this long only.
    longest_line: int = -1

    @classmethod
    def of(cls, matchers: Iterable[Any], join: bool = True, longest_line: int = -1) -> "LineFilter":
        """``join=False``: search line by line only (for patterns whose union would make
        RE2's automaton explode over many lines, such as a long counted repetition of a
        Unicode class anchored at every line start)."""
        matchers = list(matchers)
        sources = tuple(p.pattern for m in matchers for p in m.patterns)
        exact = frozenset(x for m in matchers for x in m.lines)
        return cls(
            sources=sources,
            joinable=join and not any(_NOT_JOINABLE.search(p) for p in sources),
            exact=exact,
            longest_exact=max(map(len, exact), default=0),
            longest_line=longest_line,
        )

    @functools.cached_property
    def per_line(self) -> Any:
        """The union of the patterns, searched in one line (None: too large to build)."""
        return _union(self.sources, joined=False)

    @functools.cached_property
    def joined(self) -> Any:
        """The union searched in all lines joined by "\n" (None: line by line)."""
        return _union(self.sources, joined=True) if self.joinable else None

    def pattern_lines(self, texts: list[str], joined: str | None = None) -> set[int]:
        """Indexes of the lines some pattern matches (and maybe a few more, see relax);
        ``joined`` is ``"\n".join(texts)`` when already made."""
        if not self.sources:
            return set()
        if self.joinable and self.joined is not None:
            joined = "\n".join(texts) if joined is None else joined
            if joined.count("\n") == len(texts) - 1:  # else a line holds a line break
                try:
                    return _scan(self.joined, joined.encode("utf-8"))
                except UnicodeEncodeError:  # a lone surrogate: let the per-line search say so
                    pass
        union = self.per_line
        if union is None:
            return set(range(len(texts)))  # every line may match: each rule is asked
        if not _DIRECT:  # pragma: no cover
            return {i for i, text in enumerate(texts) if found(union, text)}
        match = union._regexp.Match  # (found, inlined: fifty lines of every document)
        return {
            i for i, text in enumerate(texts)
            if match(_UNANCHORED, (data := text.encode("utf-8")), 0, len(data))[0] != _NO_MATCH
        }

    def short_pattern_lines(self, texts: list[str]) -> set[int]:
        """Indexes of the lines at most ``longest_line`` long that some pattern matches
        (and maybe a few more, see relax). The union scans those lines only, joined
        (the longer ones left empty), and as UTF-8 made in one pass: most of a
        document's text is in paragraphs too long for any rule to ask about."""
        if self.sources and self.joinable and self.joined is not None:
            data = _short_lines_utf8(texts, self.longest_line)
            if data is not None:  # else no line, or a line holds a line break or a lone surrogate
                hits = _scan(self.joined, data)
                return hits if self.longest_line < 0 else self._short(texts, hits)
        return self._short(texts, self.pattern_lines(texts))

    def _short(self, texts: list[str], hits: set[int]) -> set[int]:
        # (a long line left empty may match: an empty line is not that line)
        limit = self.longest_line
        return hits if limit < 0 else {i for i in hits if len(texts[i]) <= limit}


def _start(union: Any, data: bytes, position: int, end: int) -> int:
    """Where ``union.search(data, position, end)`` starts (-1: no match), asked of the
    compiled program directly (``position <= end <= len(data)``)."""
    if not _DIRECT:  # pragma: no cover
        match = union.search(data, position, end)
        return -1 if match is None else match.start()
    return union._regexp.Match(_UNANCHORED, data, position, end)[0][0]


def _scan(union: Any, data: bytes) -> set[int]:
    lines: set[int] = set()
    line = position = 0  # the line that starts at byte `position`
    while position <= len(data):  # (an empty last line starts at the very end)
        # RE2 may read to the end of the text it is given whatever the match: searching
        # a window of lines at a time keeps a document with many matches linear.
        window_end = data.find(b"\n", position + _SCAN_WINDOW)
        window_end = len(data) if window_end < 0 else window_end
        while position <= window_end:
            start = _start(union, data, position, window_end)
            if start < 0:
                break
            line += data.count(b"\n", position, start)
            lines.add(line)
            # One match is enough: on to the next line (a match never holds a line break).
            position = data.find(b"\n", start) + 1
            if position == 0:
                return lines
            line += 1
        line += data.count(b"\n", position, window_end + 1)
        position = window_end + 1
    return lines


def is_single_spaced(texts: list[str], joined: str) -> bool:
    """Lines with single spaces between words and none at the ends, and no other white
    space (what the text fixers leave): their normalize_line form is their casefold.

    >>> is_single_spaced(["a b", "c"], "a b\\nc"), is_single_spaced(["a  b"], "a  b"), is_single_spaced(["a\\tb"], "a\\tb")
    (True, False, False)
    """
    if joined.count("\n") != len(texts) - 1:
        return False
    # With line breaks as spaces: no two spaces in a row (nor a space next to a line
    # break, nor an empty line), none at the ends, and no white space but " ", which is
    # the only printable one.
    flat = joined.replace("\n", " ")
    return "  " not in flat and not flat.startswith(" ") and not flat.endswith(" ") and flat.isprintable()


def exact_folds(texts: list[str], exact: frozenset[str], limit: int) -> dict[int, str]:
    """The casefold of each line at most ``limit`` long that is in ``exact``, by index."""
    return {i: f for i, t in enumerate(texts) if len(t) <= limit and (f := t.casefold()) in exact}


def short_lines_utf8(texts: list[str], limit: int) -> bytes | None:
    r"""The lines joined by "\n", as UTF-8, each longer than ``limit`` characters
    (``limit`` >= 0) left empty. None when there is no line, or a line holds a line break
    or a lone surrogate (long lines too): the lines are then searched one by one, which
    raises on a lone surrogate as RE2's wrapper does.

    >>> short_lines_utf8(["ab", "abcd", "é"], 2), short_lines_utf8(["a\nb"], 5), short_lines_utf8(["ab"], -1)
    (b'ab\n\n\xc3\xa9', None, b'ab')
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:
        return None
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return "\n".join(t if limit < 0 or len(t) <= limit else "" for t in texts).encode("utf-8")


def exact_lines(texts: list[str], exact: frozenset[str], limit: int) -> dict[int, str]:
    """The normalize_line form of each line that is in ``exact`` (whose lines are at most
    ``limit`` long), by index. Single-spaced lines normalize to their casefold, which
    never shortens a text: a longer line cannot be one."""
    if _single_spaced(texts, "\n".join(texts)):
        return _exact_folds(texts, exact, limit)
    return {i: f for i, t in enumerate(texts) if (f := normalize_line(t)) in exact}


def _load_kernel():
    """corpus.rulebook._linefilter (C), unless it is not built or CORPUS_PURE_PYTHON is
    set (to anything but 0): then is_single_spaced and exact_folds above, its spec."""
    return kernels.load("corpus.rulebook._linefilter")


KERNEL = _load_kernel()
# Both look at every character or line of a document once per rule list: in C, one pass
# each, without a Python call per line (DocumentLines on the dev dumps: 0.13 -> 0.06 s).
if KERNEL is not None:
    _single_spaced = lambda texts, joined: KERNEL.is_single_spaced(joined, len(texts))  # noqa: E731
    _exact_folds = KERNEL.exact_folds
else:
    _single_spaced, _exact_folds = is_single_spaced, exact_folds
# Both read each line only as far as they need to: a line too long to equal an exact
# line, or for a rule to ask about, is not folded nor encoded (DocumentLines on the dev
# dumps: 0.098 -> 0.073 s in-process).
if KERNEL is not None:
    _short_lines_utf8, _exact_lines = KERNEL.short_lines_utf8, KERNEL.exact_lines
else:
    _short_lines_utf8, _exact_lines = short_lines_utf8, exact_lines
# ``text.casefold()``: 2.5x quicker in C on text that is not ASCII (site fingerprints are
# looked for in every document's folded text, in both passes).
casefold = KERNEL.casefold if KERNEL is not None else str.casefold


class DocumentLines:
    """A document's lines as one rule list sees them: which ones its patterns may match
    and the folded form of the ones that may equal an exact line."""

    def __init__(self, texts: list[str], line_filter: LineFilter):
        self.texts = texts
        # (only lines at most line_filter.longest_line long: the rules ask no other)
        self.pattern_hits = line_filter.short_pattern_lines(texts)
        exact = line_filter.exact
        # line -> normalize_line form, for lines in `exact`
        self.folded: dict[int, str] = _exact_lines(texts, exact, line_filter.longest_exact) if exact else {}
        self._candidates: list[int] | None = None

    def candidates(self) -> list[int]:
        """Lines a filtered rule may match, in order."""
        if self._candidates is None:
            self._candidates = sorted(self.pattern_hits.union(self.folded))
        return self._candidates

    def matches(self, matcher: Any, index: int) -> bool:
        """``bool(matcher.search(line))`` for a matcher of a filtered rule, and a line at
        most ``longest_line`` long."""
        if matcher.lines and self.folded.get(index) in matcher.lines:
            return True
        if index not in self.pattern_hits:
            return False
        text = self.texts[index]
        for pattern in matcher.patterns:  # (one, mostly: a rule's patterns are joined)
            if found(pattern, text):
                return True
        return False
