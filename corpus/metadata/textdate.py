"""The publication date of a full-page text dump: the date nearest the article's start.

A dump carries many dates: menus, "most read" teasers, comments, the footer. The
publication date is printed with the headline, just before or just after the first
paragraph; dates further away belong to other things.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterator

from corpus.metadata.dates import parse_date

# A line with a date is read up to here: dates sit at the start of a line, and a
# paragraph-long line is prose that mentions a date.
MAX_DATE_LINE = 200
# A date after the article start is less likely the publication date than one before it
# at the same distance: the date line sits with the headline far more often than at the
# end of the text. Measured on the development dumps: a penalty of 1 gives 0.747 date
# accuracy, 2 gives 0.754, 4 gives 0.757. Every line is a candidate: limiting the
# search to a window around the start (15 lines before, 6 after) found only 0.62.
AFTER_PENALTY = 4
_COPYRIGHT = re.compile(r"©|copyright|\(c\)")  # (searched in the line in lower case)
# A year, 1800-2199, not part of a longer number. (Written with the look-behind at the
# end, "not five digits up to here", which is the same as "no digit before the first":
# a pattern that starts with a look-behind is tried at every character, three times
# slower than one that starts with a digit.)
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d(?<!\d\d\d\d\d)(?!\d)")
# The same years as two patterns, each starting with one literal digit: the regex engine
# then skips to the next "1" (or "2") with a plain character loop instead of testing each
# character against a set, and the two searches together take a fifth of the time of one
# search with _YEAR (measured on the development dumps' lines).
_YEARS = (re.compile(r"1[89]\d\d(?<!\d\d\d\d\d)(?!\d)"), re.compile(r"2[01]\d\d(?<!\d\d\d\d\d)(?!\d)"))


def find_date(lines: list[str], body_start: int, order: str | None, language: str | None) -> tuple[dt.date | None, int | None]:
    """The date nearest to ``body_start`` and the index of its line.

    >>> find_date(["Menu", "12.01.2020 Other story", "Headline", "3 May 2022", "Body text here."], 4, "DMY", "en")
    (datetime.date(2022, 5, 3), 3)
    """
    # (Out of range, ``body_start`` leaves the lines on one side only, where reading them
    # nearest first is the same from the nearest line.)
    start = min(max(body_start, 0), len(lines))
    value, side, position = find_date_around(reversed(lines[:start]), iter(lines[start:]), order, language)
    if value is None:
        return None, None
    return value, (start - 1 - position if side == _BEFORE else start + position)


_BEFORE, _AFTER = 0, 1  # (in this order: of two lines as far away, the one before is read first)


def find_date_around(before: Iterator[str], after: Iterator[str], order: str | None, language: str | None) -> tuple[dt.date | None, int | None, int | None]:
    """The date nearest the article's start, given the lines before it (nearest first)
    and from it on: the date, its side (_BEFORE or _AFTER) and its place on that side.

    The lines are taken from the iterators only as far as the search reaches: a caller
    that skips lines (removed ones) does so only for the lines read.

    >>> find_date_around(iter(["Headline", "3 May 2022", "Menu"]), iter(["Body text here."]), "DMY", "en")
    (datetime.date(2022, 5, 3), 0, 1)
    """
    # Lines are read nearest first, so the first date read is the answer: the lines
    # further away (menus, teasers, the footer) are not parsed, nor even searched for a
    # year when a date is found close by.
    near = ([], [])  # the lines taken so far, before (nearest first) and after
    sources = (before, after)
    for reach, far in _rings():
        found = []
        for side, a, b in ((_BEFORE, reach, far), (_AFTER, reach // AFTER_PENALTY, far // AFTER_PENALTY)):
            taken = near[side]
            if len(taken) == a:  # (fewer: this side's lines ran out in an earlier ring)
                taken.extend(itertools.islice(sources[side], b - a))
                found += [(_distance(side, a + i), side, a + i) for i in _lines_with_a_year(taken[a:])]
        if len(near[_BEFORE]) <= reach and len(near[_AFTER]) <= reach // AFTER_PENALTY:
            return None, None, None  # no line left on either side
        for _, side, position in sorted(found):
            text = near[side][position]
            if len(text) > MAX_DATE_LINE or _COPYRIGHT.search(text.lower()):
                continue
            parsed = parse_date(text, order, language)
            if parsed.value is not None:
                return parsed.value, side, position
    raise AssertionError("unreachable: the rings go on until no line is left")


def _distance(side: int, position: int) -> int:
    """How far from the article's start a line reads: the line just before it is 1 away,
    the first line of the article AFTER_PENALTY."""
    return position + 1 if side == _BEFORE else (position + 1) * AFTER_PENALTY


# The first ring reaches this distance (16 lines before the start, 4 after), each next
# one twice as far: on the development dumps 6 dates in 10 are found in the first.
_FIRST_REACH = 16


def _rings() -> Iterator[tuple[int, int]]:
    """The distances ring after ring: each ring holds the lines further than ``reach``
    and no further than ``far`` (a line before the start at position p (nearest 0) is
    p + 1 away, one after it at position q is (q + 1) * AFTER_PENALTY away).

    >>> list(itertools.islice(_rings(), 3))
    [(0, 16), (16, 32), (32, 64)]
    """
    reach, far = 0, _FIRST_REACH
    while True:
        yield reach, far
        reach, far = far, far * 2


def _lines_with_a_year(lines: list[str]) -> list[int]:
    """Indexes of the lines holding a four-digit year (every date we read has one),
    found with one search of all the lines joined, not one per line.

    >>> _lines_with_a_year(["Menu", "3 May 2022", "12345", "1999 and 2000"])
    [1, 3]
    """
    if not lines:
        return []
    joined = "\n".join(lines)
    # Years never overlap (each is a whole run of four digits), so the two patterns find
    # between them the years _YEAR finds; and a year found in the joined lines is one a
    # search of its own line finds (the "\n" between lines, like a line's ends, is no
    # digit), even in a line that holds a line break itself.
    nineteenth_twentieth, twenty_first = _YEARS
    if nineteenth_twentieth.search(joined) is None and twenty_first.search(joined) is None:
        return []  # (most searches: two plain searches cost less than two finditer loops)
    starts = [match.start() for pattern in _YEARS for match in pattern.finditer(joined)]
    # Where each line's successor starts in `joined`: a year starting at p is in the
    # first line whose successor starts after p.
    next_starts = list(itertools.accumulate(map((1).__add__, map(len, lines))))  # (+1: the "\n")
    return sorted({bisect.bisect_right(next_starts, start) for start in starts})
