"""Proofs that dateparser reads no date in a candidate, without running (or importing) it.

The odd candidates the date patterns find ("10 Folgen, 2016", "5 juin 2018" in an English
page, "März 2nd, 2018") come back from dateparser as no date, yet the first of them costs
~0.2 s: importing dateparser, compiling its time zone regexes and each language's
splitting and simplification regexes. :func:`never_a_date` answers for the strings where
that outcome follows from dateparser's data (read by :mod:`dateparser_data`), and says
"not proved" (False) for every other string.

The argument follows ``dateparser.parse(s, languages=codes, settings=dates' settings)``
(dateparser 1.5.0; no date formats, default NORMALIZE, SKIP_TOKENS, DEFAULT_LANGUAGES and
IGNORE_SURROUNDING_TEXT): dateparser returns None when no locale of ``codes`` "is
applicable" to the sanitized string, no calendar quarter is read and no short Roman
numeral is read as a year.

1. Only strings of letters (Unicode categories L*), ASCII digits, spaces, commas and
   periods are considered; on them sanitize_date only collapses spaces and drops a
   period after a letter (:func:`_sanitize`); no Roman numeral, quarter ("Q") or time
   zone name can be read, and without "+" or "-" no UTC offset, so the time zone
   stripping leaves the string as it is (:func:`_plain`).
2. A locale is applicable when every token of the string, split by its dictionary, is a
   number, a dictionary word or a relative expression. A maximal run of letters W of
   the prepared string (NFKD without marks, lower case) proves it is not when W is not
   a run of letters of any dictionary word, nor a run a simplification or relative
   expression regex can match (:func:`pattern_runs`), nor an ordinal suffix ending the
   string (dropped after a number). Known words and those regexes match only whole runs
   of letters (they are bounded by non-word characters, or a digit for the known words),
   so W stays, with its neighbours, and lands in a token no rule accepts. For languages
   written without spaces (no boundaries) a single letter plays the part of W.

Case-insensitive matching is compared through :func:`fold`; tests/test_no_date.py checks
it against the ``regex`` module's case tables for every code point, checks the whole
argument against dateparser on real and generated candidates, and checks the data
assumptions against dateparser's own objects.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from re import _constants as sre
from re import _parser as sre_parse

from corpus.metadata import dateparser_data

_ORDINALS = frozenset({"st", "nd", "rd", "th"})  # dropped after a number by dateparser's split
_SEPARATORS = frozenset("0123456789 ,.")
# Letters sanitize_date turns into an apostrophe (date.py APOSTROPHE_LOOK_ALIKE_CHARS).
_APOSTROPHE_LETTERS = frozenset("\u02bc\u02bb\ua78c\u02b9")
# dateparser's own words besides a locale's (languages/dictionary.py).
_ALWAYS_KEEP_TOKENS = ("+", ":", ".", " ", "-", "/")
_PARSER_KNOWN_TOKENS = ("am", "pm", "UTC", "GMT", "Z", "early_morning")
_KNOWN_WORD_KEYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "century", "decade", "fortnight", "year", "month",
    "week", "day", "hour", "minute", "second", "ago", "in", "am", "pm", "early_morning",
    "morning", "afternoon", "evening", "night",
)
# Past this many shapes a regex is taken as matching anything (a bound on work, not a guess).
_MAX_SHAPES = 4096
# A letter repeated more than this (or without bound) makes a regex match anything.
_MAX_LETTER_REPEAT = 4
_SANITIZED_PERIOD = re.compile(r"(?<=[^0-9 ])\.")  # date.py RE_SANITIZE_PERIOD on these strings
_CROATIAN = re.compile(r"\d\.\s?\d+\.\s?\d+\.")  # date.py RE_SANITIZE_CROATIAN needs this
_QUARTER_OR_ROMAN = frozenset("qQMDCLXVI")
_ASCII_LETTER_RUNS = re.compile("[a-z]+")
# A pattern without these characters matches only itself (Python's "verbose" flag, under
# which spaces and "#" mean something else, is set only with a parenthesis).
_REGEX_SYNTAX = frozenset("\\.^$*+?{}[]|()")


class _Wild(Exception):
    """The regex may match letters it does not spell out."""


@functools.lru_cache(maxsize=None)
def _fold_char(c: str) -> str:
    return "i" if c in "ıİ" else c.casefold()  # regex also pairs the Turkish i's with i


def fold(text: str) -> str:
    """A form equal for every two strings regex's IGNORECASE may match to each other."""
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=None)
def letterish(c: str) -> bool:
    """A letter, or a character matching one case-insensitively (U+0345 and iota)."""
    return any(unicodedata.category(x)[0] == "L" for x in (c, *c.casefold(), *c.upper()))


def _runs(text: str) -> list[str]:
    """Maximal runs of letterish characters (a character unknown to this Python's
    Unicode tables raises _Wild: its case pairs are unknown)."""
    runs, current = [], []
    for c in text:
        if unicodedata.category(c) == "Cn":
            raise _Wild(c)
        if letterish(c):
            current.append(c)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def _folded_runs(text: str) -> list[str]:
    """The runs of letterish characters of ``text``, folded."""
    if text.isascii():  # (the ASCII letterish characters are A-Z and a-z; fold is lower)
        return _ASCII_LETTER_RUNS.findall(text.lower())
    return [fold(run) for run in _runs(text)]


def _join(a: str, b: str) -> str:
    return a + b[1:] if a.endswith("#") and b.startswith("#") else a + b


def _product(left: set[str], right: set[str]) -> set[str]:
    joined = {_join(a, b) for a in left for b in right}
    if len(joined) > _MAX_SHAPES:
        raise _Wild("too many shapes")
    return joined


def _char(code: int) -> str:
    c = chr(code)
    if unicodedata.category(c) == "Cn" or c in "{}[":
        raise _Wild(c)  # "{" "}": regex's fuzzy matching; "[": a POSIX class in regex
    return fold(c) if letterish(c) else "#"


def _shapes(items) -> set[str]:
    """What a parsed regex may match: its letters folded, "#" for non-letters."""
    shapes = {""}
    for op, arg in items:
        if op is sre.LITERAL:
            found = {_char(arg)}
        elif op is sre.IN:
            found = set()
            for kind, value in arg:
                if kind is sre.LITERAL:
                    found.add(_char(value))
                elif kind is sre.RANGE and value[1] - value[0] < 512:
                    found |= {_char(code) for code in range(value[0], value[1] + 1)}
                elif kind is sre.CATEGORY and value in (sre.CATEGORY_DIGIT, sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD):
                    found.add("#")
                else:
                    raise _Wild(kind)  # NEGATE, \w, \S, \D, a wide range
        elif op is sre.BRANCH:
            found = set().union(*(_shapes(branch) for branch in arg[1]))
        elif op is sre.SUBPATTERN:
            if (arg[1] | arg[2]) & (sre.SRE_FLAG_ASCII | sre.SRE_FLAG_LOCALE):
                raise _Wild("flags")  # \W would match letters
            found = _shapes(arg[3])
        elif op is sre.ATOMIC_GROUP:
            found = _shapes(arg)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            found = _repeat(*arg)
        elif op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            found = {""}  # consumes nothing (a lookaround only narrows the matches)
        else:
            raise _Wild(op)  # ANY, NOT_LITERAL, back references, conditionals
        shapes = _product(shapes, found)
    return shapes


def _repeat(low: int, high, body) -> set[str]:
    once = _shapes(body)
    if all(shape in ("", "#") for shape in once):
        return ({""} if low == 0 or "" in once else set()) | ({"#"} if "#" in once else set())
    if high > _MAX_LETTER_REPEAT:  # (MAXREPEAT, no bound, is larger)
        raise _Wild("repeated letters")
    shapes, total = ({""} if low == 0 else set()), {""}
    for count in range(1, high + 1):
        total = _product(total, once)
        if count >= low:
            shapes |= total
    return shapes


@functools.lru_cache(maxsize=None)
def pattern_runs(pattern: str) -> frozenset[str] | None:
    """The folded runs of letters a match of ``pattern`` (a dateparser regex) may hold;
    None when it may hold any.

    >>> sorted(pattern_runs(r"(\\d++[.,]?\\d*+)\\s*mons?\\b")), pattern_runs(r"\\w+ ago")
    (['mon', 'mons'], None)
    """
    if _REGEX_SYNTAX.isdisjoint(pattern):  # a plain string (a third of them): its own runs
        try:
            return frozenset(_folded_runs(pattern))
        except _Wild:
            return None
    return _parsed_pattern_runs(pattern)


def _parsed_pattern_runs(pattern: str) -> frozenset[str] | None:
    """pattern_runs, read from the pattern as Python's regex parser reads it."""
    try:
        with warnings.catch_warnings():  # "possible nested set": such a regex is wild anyway
            warnings.simplefilter("ignore", FutureWarning)
            parsed = sre_parse.parse(pattern)
        if parsed.state.flags & (sre.SRE_FLAG_ASCII | sre.SRE_FLAG_LOCALE):
            return None
        return frozenset(run for shape in _shapes(parsed) for run in shape.split("#") if run)
    except (_Wild, re.error, OverflowError, RecursionError, ValueError):
        return None  # anything Python's parser does not read as regex would


def _parse_bool(value) -> bool:
    return value if isinstance(value, bool) else isinstance(value, str) and value.strip().lower() in ("true", "1", "yes")


def _normalize(text: str) -> str:
    """dateparser's normalize_unicode: NFKD without nonspacing marks."""
    if text.isascii():
        return text  # (NFKD leaves ASCII as it is, and it has no marks)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")


@functools.lru_cache(maxsize=None)
def _rules(code: str, letter_variants: bool) -> tuple[bool, frozenset[str], frozenset[str]] | None:
    """For one locale: whether it splits without spaces, the folded runs of letters its
    dictionary words hold, and those its regexes may match; None if unprovable."""
    info = dateparser_data.locale_info(code, letter_variants)
    settings = dateparser_data.default_settings()
    normalize = _normalize if settings["NORMALIZE"] else (lambda text: text)
    keys = [*_ALWAYS_KEEP_TOKENS, *_PARSER_KNOWN_TOKENS, *settings["SKIP_TOKENS"]]
    for key in ("skip", "pertain", *_KNOWN_WORD_KEYS):
        keys += info.get(key, ())
    for words in info.get("relative-type", {}).values():
        keys += words
    relative = [normalize(p) for words in info.get("relative-type-regex", {}).values() for p in words]
    patterns = ["|".join(re.sub(r"[()]", "", p) for p in relative)] if relative else []
    for simplification in info.get("simplifications", ()):
        patterns += [normalize(pattern) for pattern in simplification]
    try:
        key_runs = {run for key in keys for form in {key.lower(), normalize(key.lower())} for run in _folded_runs(form)}
    except _Wild:
        return None
    runs = [pattern_runs(pattern) for pattern in patterns]
    if any(found is None for found in runs):
        return None
    return _parse_bool(info.get("no_word_spacing", False)), frozenset(key_runs), frozenset().union(*runs)


def _unknown_word(text: str, rules: tuple[bool, frozenset[str], frozenset[str]]) -> bool:
    """Whether ``text``, prepared as is_applicable prepares it, holds a word (a letter for
    languages without spaces) that leaves one of its tokens unknown to the locale."""
    no_word_spacing, key_runs, pattern_runs_ = rules
    if no_word_spacing:
        known = set("".join(key_runs)) | set("".join(pattern_runs_))
        return any(c not in "stndrh" and not set(fold(c)) <= known for c in text if c not in _SEPARATORS)
    return any(
        fold(run) not in key_runs and fold(run) not in pattern_runs_ and not (run in _ORDINALS and text.endswith(run))
        for run in _runs(text)
    )


def _sanitize(candidate: str) -> str:
    """sanitize_date on a string of letters, ASCII digits, spaces, commas and periods
    without "г.", ", в" or "d.d.d.": spaces collapsed, a period after a letter (or a
    comma or period) dropped, ends stripped."""
    return _SANITIZED_PERIOD.sub("", re.sub(" +", " ", candidate)).strip()


def _plain(text: str) -> bool:
    """Letters, ASCII digits, spaces, commas and periods only."""
    return all(c in _SEPARATORS or unicodedata.category(c)[0] == "L" for c in text)


@functools.lru_cache(maxsize=1)
def _zone_names() -> frozenset[str] | None:
    """The folded names of the time zones dateparser finds between non-letters; None if
    its time zone data is not of the two known kinds (names; offsets with a sign)."""
    names = set()
    for info in dateparser_data.timezone_info_list():
        templates = info["regex_patterns"]
        zones = [name for name, _ in info["timezones"]]
        if templates == [r"(.)%s$"] and all("+" in z or "-" in z for z in zones):
            continue  # offsets: each written with its sign (tests check every variant)
        if templates != [r"(\W|\d|_)%s($|\W|(?=\d))"] or info.get("replace") or not all(z.isalpha() for z in zones):
            return None
        names |= {fold(z) for z in zones}
    return frozenset(names)


def never_a_date(candidate: str, codes: list[str]) -> bool:
    """Whether ``dateparser.parse(candidate, languages=codes)`` with the settings of
    :mod:`corpus.metadata.dates` is sure to return None (False: not proved).

    >>> never_a_date("5 juin 2018", ["en"]), never_a_date("März 2nd, 2018", ["de", "en"])
    (True, True)
    >>> never_a_date("5 juin 2018", ["fr", "en"]), never_a_date("28 April 2022 EST", ["en"])
    (False, False)
    """
    if dateparser_data.version() != dateparser_data.CHECKED_VERSION or not _plain(candidate):
        return False
    settings = dateparser_data.default_settings()
    if settings["DEFAULT_LANGUAGES"] or settings["IGNORE_SURROUNDING_TEXT"]:
        return False
    if "г." in candidate or "Г." in candidate or ", в" in candidate or _CROATIAN.search(candidate):
        return False
    if _APOSTROPHE_LETTERS.intersection(candidate):
        return False
    text = _sanitize(candidate)
    zones = _zone_names()
    try:
        runs = _runs(text)
    except _Wild:
        return False
    if zones is None or any(set(run) <= _QUARTER_OR_ROMAN or fold(run) in zones for run in runs):
        return False  # a quarter, a Roman numeral or a time zone name may be read
    if not set(codes) <= set(dateparser_data.language_order()):
        return False  # dateparser raises (month_dates answers for it)
    for code in codes:
        variants = [False]
        if code in dateparser_data.LETTER_VARIANT_LANGUAGES and dateparser_data.VARIANT_LETTERS.intersection(text):
            variants.append(True)  # tried again with its letter variants (date.py)
        for letter_variants in variants:
            prepared = (_normalize(text) if settings["NORMALIZE"] else text).lower()
            if letter_variants:
                prepared = dateparser_data.translate_letters(prepared)
            rules = _rules(code, letter_variants)
            if rules is None or not _plain(prepared) or prepared.lower() != prepared:
                return False
            if not _unknown_word(prepared, rules):
                return False
    return True
