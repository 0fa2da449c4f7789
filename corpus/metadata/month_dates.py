"""A fast path for the commonest dates with a month name, giving dateparser's answer.

Text dumps print most dates as a day, a month name and a year: "21. Januar 2024",
"January 21, 2024", "6 de mayo de 2022", "Jan. 8, 2018". Asking dateparser costs about
2 ms a date; these are read here from dateparser's own month names instead, and only
strings of another shape, or with a word dateparser might read otherwise, go to it.
The month names are read from dateparser's data files without importing dateparser
(:mod:`corpus.metadata.dateparser_data`).

What dateparser does with such a string, and what this module mirrors:

- it tries its locales in its own global order (``language_order``, English first),
  not in the order the languages were given, and the first locale that knows every
  word of the string and parses it wins;
- a language it does not know makes it raise, which ``dates`` turns into "no date".

- a day that month does not have (31 April, 0 May, 45 May) gives no date;
- an ordinal suffix (st, nd, rd, th) is dropped when the locale lists it as a word to
  skip, as English does.

A word that a locale knows as something else besides a month (Spanish "mar" is March
and Tuesday), a suffix or particle that is not a plain filler word of that locale ("th"
in German): each of these gives :data:`UNKNOWN`, and the caller asks dateparser. The answers were checked
against dateparser on every month name of all its 205 languages in many shapes
(tests/test_month_dates.py keeps checking a sample).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from corpus.metadata import dateparser_data

UNKNOWN = object()  # "ask dateparser": not a shape or word this module can answer for

# dateparser's names for the twelve months, in order, and the other words of its
# dictionaries (a word with one of these meanings besides a month is ambiguous).
MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_OTHER_KEYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "century", "decade", "fortnight", "year", "month", "week", "day", "hour", "minute",
    "second", "ago", "in", "am", "pm", "early_morning", "morning", "afternoon", "evening", "night",
)
_ORDINALS = {"st", "nd", "rd", "th"}
_WORD = r"(?P<word>[^\W\d_]{3,})"
_DAY = r"(?P<day>\d{1,2})(?P<suffix>st|nd|rd|th|er|º)?"
# "21. Januar 2024", "21 Jan., 2024", "6 de mayo de 2022", "3rd August 2017"
_DAY_FIRST = re.compile(rf"{_DAY}\.?,? ?(?:(?P<de1>de) )?{_WORD}\.?,? (?:(?P<de2>de) )?(?P<year>\d{{4}})")
# "January 21, 2024", "Jan. 8 2018"
_MONTH_FIRST = re.compile(rf"{_WORD}\.? {_DAY},? (?P<year>\d{{4}})")


@functools.lru_cache(maxsize=1)
def _positions() -> dict[str, int]:
    return {code: i for i, code in enumerate(dateparser_data.language_order())}


@functools.lru_cache(maxsize=None)
def locale_words(code: str) -> tuple[dict[str, int], frozenset[str], frozenset[str]]:
    """For one dateparser language: its unambiguous month words (lower case) with the
    month's number, its filler words (skipped when parsing, meaning nothing else), and
    every word it knows."""
    info = dateparser_data.locale_info(code)  # default_loader.get_locale(code).info
    meanings: dict[str, set[str]] = {}
    for key in MONTH_KEYS + _OTHER_KEYS:
        for form in info.get(key, ()):
            meanings.setdefault(form.lower(), set()).add(key)
    fillers = {form.lower() for key in ("skip", "pertain") for form in info.get(key, ())}
    # dateparser drops st/nd/rd/th after a number when the locale skips them, whatever
    # else they may mean ("th" is Thursday in English too).
    fillers |= {form.lower() for form in info.get("skip", ()) if form.lower() in _ORDINALS}
    months = {
        word: MONTH_KEYS.index(key) + 1
        for word, keys in meanings.items()
        for key in keys
        if len(keys) == 1 and key in MONTH_KEYS
    }
    plain = {f for f in fillers if f not in meanings or f in _ORDINALS}
    return months, frozenset(plain), frozenset(set(meanings) | fillers)


def month_date(candidate: str, language: str | None) -> dt.date | None | object:
    """The date dateparser reads in ``candidate`` (a day, a month name and a year) with
    ``languages=[language or "en", "en"]``; :data:`UNKNOWN` when not sure.

    >>> month_date("21. Januar 2024", "de"), month_date("Jan. 8, 2018", "de")
    (datetime.date(2024, 1, 21), datetime.date(2018, 1, 8))
    >>> month_date("13 сентября 2021", "ru"), month_date("6 de mayo de 2022", "es")
    (datetime.date(2021, 9, 13), datetime.date(2022, 5, 6))
    >>> month_date("21 January 2024", "ku") is None  # dateparser knows no Kurdish
    True
    >>> month_date("31. Februar 2024", "de"), month_date("December 14th 2019", "de")
    (None, datetime.date(2019, 12, 14))
    >>> month_date("Dezember 14th 2019", "de") is UNKNOWN, month_date("10 Folgen, 2016", "de") is UNKNOWN
    (True, True)
    """
    found = _DAY_FIRST.fullmatch(candidate) or _MONTH_FIRST.fullmatch(candidate)
    if not found:
        return UNKNOWN
    parts = found.groupdict()
    positions = _positions()
    codes = {language or "en", "en"}
    if not codes <= positions.keys():
        return None  # dateparser raises "Unknown language(s)"
    word = parts["word"].lower()
    extras = {parts[key].lower() for key in ("suffix", "de1", "de2") if parts.get(key)}
    for code in sorted(codes, key=positions.__getitem__):
        months, fillers, words = locale_words(code)
        if word in months:
            if not extras <= fillers:
                return UNKNOWN
            year = int(parts["year"])
            if year < dt.MINYEAR:
                return UNKNOWN
            try:
                return dt.date(year, months[word], int(parts["day"]))
            except ValueError:
                return None  # no such day in that month (31 April, 0 May, 45 May): no date
        if word in words:  # known to this locale, as something other than a month
            return UNKNOWN
        # Unknown to this locale: dateparser does not apply it; on to the next one.
    return UNKNOWN
