"""Publication dates in any language, as real dates.

Numeric dates are read here: ``2024-01-21`` is year-first; in ``21-11-2023`` the 21 can
only be a day. When both numbers could be the day (``05-06-2023``) the site's or the
language's date order decides; without one the date stays unset and the result says it
was ambiguous, so the caller can note it — never a silent guess.

Dates with month names (``Sunday, January 21, 2024``, ``في21 يناير 2024``,
``26, Abril, 2022``) go to dateparser, restricted to absolute dates: "yesterday" or
"3 hours ago" depend on the day of the run and would break reproducible releases.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from corpus.metadata.month_dates import UNKNOWN, month_date
from corpus.metadata.no_date import never_a_date

# Dates outside this range are parsing accidents (phone numbers, prices), not news dates.
MIN_YEAR, MAX_YEAR = 1900, 2100

_SEP = r"[-/.]"
_ISO = re.compile(rf"\b(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)")
_NUMERIC = re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}\s?(\d{{1,2}}){_SEP}\s?(\d{{4}})\b")
# A day, a month word and a year in either order, in any script: "21 يناير 2024",
# "January 21, 2024", "26, Abril, 2022", "3. März 2021", "1er janvier 2020".
_WORD = r"[^\W\d_]{3,}\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|\.|º)?"
_TEXTUAL_SPEC = re.compile(
    rf"(?<!\d)(?:{_DAY},?\s*(?:de\s+)?{_WORD},?\s*(?:de\s+)?\d{{4}}|{_WORD}\s+{_DAY},?\s+\d{{4}})(?!\d)"
)
# The same search, with the word-first dates tried only where a run of letters starts
# (or one letter on, when a digit precedes the run, where no match may start). A match
# starting further inside a run is never the first one: the run's start (or the letter
# after it) starts a match too, with a longer word. Skipping those starts spares
# retrying each word's letters at each of them: a quarter of the time of the search on
# the development dumps. (tests/test_dates.py compares the two patterns.)
_RUN_START = r"(?:(?<![^\W\d_])|(?<=\d[^\W\d_]))"
_TEXTUAL = re.compile(
    rf"(?<!\d)(?:{_DAY},?\s*(?:de\s+)?{_WORD},?\s*(?:de\s+)?\d{{4}}|{_RUN_START}{_WORD}\s+{_DAY},?\s+\d{{4}})(?!\d)"
)
# Every date pattern holds a four-digit year: a text without four digits in a row holds
# no date. Most texts asked about (a meta rule's value, a headline candidate) have none,
# and this one search spares them the three patterns (and the cache).
_FOUR_DIGITS = re.compile(r"\d\d\d\d")
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date | None
    ambiguous: bool = False
    span: tuple[int, int] | None = None  # where in the text the date was found


_NO_DATE = ParsedDate(None)


def parse_date(text: str, order: str | None = None, language: str | None = None) -> ParsedDate:
    """The first date in ``text``.

    >>> parse_date("21-11-2023").value
    datetime.date(2023, 11, 21)
    >>> parse_date("Sunday, January 21, 2024", language="en").value
    datetime.date(2024, 1, 21)
    >>> parse_date("بوابة اوكرانيا – كييف في21 يناير 2024 –", language="ar").value
    datetime.date(2024, 1, 21)
    >>> parse_date("05-06-2023")
    ParsedDate(value=None, ambiguous=True, span=(0, 10))
    >>> parse_date("05-06-2023", order="DMY").value
    datetime.date(2023, 6, 5)
    """
    text = text[:2000]
    if not may_hold_date(text):
        return _NO_DATE
    return _parse(text, order, language)


def may_hold_date(text: str) -> bool:
    """False when ``parse_date(text)`` finds no date for sure: a full date has a year of
    four digits in a row.

    >>> may_hold_date("May 5, 2024"), may_hold_date("May 5, 24")
    (True, False)
    """
    return _FOUR_DIGITS.search(text) is not None


@functools.lru_cache(maxsize=4096)
def _parse(text: str, order: str | None, language: str | None) -> ParsedDate:
    candidates = []
    for pattern in (_ISO, _NUMERIC, _TEXTUAL):
        found = pattern.search(text)
        if found:
            candidates.append((found.start(), pattern, found))
    for _, pattern, found in sorted(candidates, key=lambda c: c[0]):
        span = found.span()
        if pattern is _ISO:
            value = _make(*map(int, found.groups()))
            ambiguous = False
        elif pattern is _NUMERIC:
            value, ambiguous = _numeric(*map(int, found.groups()), order)
        else:
            value, ambiguous = _textual(found.group(0), order, language), False
        if value or ambiguous:
            return ParsedDate(value, ambiguous, span)
    return ParsedDate(None)


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric(first: int, second: int, year: int, order: str | None) -> tuple[dt.date | None, bool]:
    day_first, month_first = _make(year, second, first), _make(year, first, second)
    if day_first and month_first and first != second:
        if order == "DMY":
            return day_first, False
        if order == "MDY":
            return month_first, False
        return None, True
    return day_first or month_first, False


def _textual(candidate: str, order: str | None, language: str | None) -> dt.date | None:
    # Most dates with a month name are read from dateparser's month names without
    # running dateparser (2 ms a date); the same answer, see month_dates.
    known = month_date(candidate, language)
    if known is None or (known is not UNKNOWN and MIN_YEAR <= known.year <= MAX_YEAR):
        return known
    # Most candidates left are no date to dateparser either ("10 Folgen, 2016"); proving
    # it from dateparser's data spares setting dateparser up (~0.2 s), see no_date.
    if known is UNKNOWN and never_a_date(candidate, list(dict.fromkeys([language or "en", "en"]))):
        return None
    return _dateparser(candidate, order, language)


@functools.lru_cache(maxsize=4096)  # the same odd candidate recurs in many lines ("Formel 1 2022")
def _dateparser(candidate: str, order: str | None, language: str | None) -> dt.date | None:
    import dateparser  # imported on first use: it takes most of a second

    settings = dict(_DATEPARSER_SETTINGS)
    if order:
        settings["DATE_ORDER"] = order
    # The document's language, then English (month names in English are everywhere);
    # without a language dateparser tries all of its ~200 locales, which is slow.
    languages = list(dict.fromkeys([language or "en", "en"]))
    try:
        parsed = dateparser.parse(candidate, languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input (unknown locale...)
        parsed = None
    return _make(parsed.year, parsed.month, parsed.day) if parsed else None


_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


@functools.lru_cache(maxsize=4096)
def parse_timestamp(value: str) -> dt.date | None:
    """A machine-written timestamp (page metadata): ISO first, else any absolute form,
    numeric ones read day first as machine formats outside the US mostly are.

    >>> parse_timestamp("2018-12-31T23:11:59+00:00"), parse_timestamp("Wed, 04 May 2022 00:25:56 GMT")
    (datetime.date(2018, 12, 31), datetime.date(2022, 5, 4))
    """
    found = _ISO_PREFIX.match(value)
    if found:
        return _make(*map(int, found.groups()))
    import dateparser

    settings = dict(_DATEPARSER_SETTINGS, DATE_ORDER="DMY")
    try:
        parsed = dateparser.parse(value[:100], languages=["en"], settings=settings)
    except Exception:  # see _textual
        parsed = None
    return _make(parsed.year, parsed.month, parsed.day) if parsed else None
