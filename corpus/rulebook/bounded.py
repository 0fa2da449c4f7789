"""A pattern with counted repetitions, asked its widened form first.

RE2 compiles ``[\\pL\\pN ,./:-]{6,50}`` into fifty copies of a class of every letter
and digit: ~30 ms for one pattern, most of the time it takes to load the rules. The
widened pattern (:func:`~corpus.rulebook.relax.capture_counted`) has each such
repetition as ``([...]{6,})``, a loop, with a group of its own: quick to compile, and
it gives the same match whenever its groups hold no more than the repetitions allow:

- it matches every text the exact pattern matches (its language is a superset): no
  match, no match of the exact pattern either;
- RE2 picks the match a backtracking engine would find first. The exact pattern's ways
  to match are the widened one's, minus those that repeat a counted character too
  often, tried in the same order. So when the widened pattern's first way keeps within
  every bound, it is the exact pattern's first way too: same match, same groups.

Otherwise (a rare line) the exact pattern is compiled, once, and asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from corpus.rulebook.linefilter import _NO_MATCH, _UNANCHORED, Found, search
from corpus.rulebook.relax import capture_counted


class BoundedPattern:
    """Searched like a compiled pattern (:func:`~corpus.rulebook.linefilter.search`):
    ``pattern`` is the exact source, and ``search`` gives the exact pattern's match."""

    __slots__ = ("pattern", "wide", "bounds", "counted", "_names", "_compile_exact", "_exact")

    def __init__(self, source: str, wide: Any, made: list[tuple[int, int, int, str]], compile_exact: Callable[[], Any]):
        self.pattern = source
        self.wide = wide  # the widened pattern, compiled
        self.bounds = [(group, high) for group, _, high, _ in made]  # (its added group, most characters it may hold)
        self.counted = [(low, high, item) for _, low, high, item in made]  # (what the exact pattern repeats)
        self._names = dict(wide.groupindex)  # (the named groups, as numbered in `wide`)
        self._compile_exact = compile_exact
        self._exact = None

    @classmethod
    def of(cls, source: str, compile_wide: Callable[[str], Any], compile_exact: Callable[[], Any]) -> "BoundedPattern | None":
        """None when the pattern has no counted repetition of one character (or RE2's
        wrapper is in the way): then the exact pattern is all there is."""
        made = capture_counted(source)
        if made is None:
            return None
        wide = compile_wide(made[0])
        if not hasattr(wide, "_regexp") or wide._regexp.NumberOfCapturingGroups() < max(g for g, *_ in made[1]):
            return None  # pragma: no cover - another google-re2, or a group misread
        return cls(source, wide, made[1], compile_exact)

    @property
    def exact(self) -> Any:
        """The exact pattern, compiled on first need."""
        if self._exact is None:
            self._exact = self._compile_exact()
        return self._exact

    def search(self, text: str) -> Any:
        """The exact pattern's match in ``text`` (a :class:`Found`), or None."""
        data = text.encode("utf-8")  # raises on a lone surrogate, as the wrapper does
        spans = self.wide._regexp.Match(_UNANCHORED, data, 0, len(data))
        if spans[0] == _NO_MATCH:
            return None
        for group, high in self.bounds:
            start, end = spans[group]
            # (at least n: the widened pattern says so; a character is 1 to 4 bytes)
            if end - start > high and len(data[start:end].decode("utf-8")) > high:
                return search(self.exact, text)
        return Found(data, spans, self._names)
