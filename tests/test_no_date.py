"""no_date's "dateparser reads no date here" against dateparser itself: whenever
never_a_date says so, dateparser must return None; and every assumption the proof makes
about dateparser's data and code is checked against dateparser's own objects."""

import re
import unicodedata

import dateparser
import regex
import regex._regex as regex_tables
from dateparser.conf import Settings
from dateparser.date import APOSTROPHE_LOOK_ALIKE_CHARS, DASH_LOOK_ALIKE_CHARS, sanitize_date
from dateparser.languages.loader import default_loader
from dateparser.timezone_parser import _build_tz_regexes
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.metadata import dateparser_data, no_date
from corpus.metadata.dates import _DATEPARSER_SETTINGS, _dateparser, _textual
from corpus.metadata.month_dates import MONTH_KEYS
from corpus.metadata.no_date import fold, letterish, never_a_date, pattern_runs

# Candidates the date patterns handed to dateparser on the development set (dumps and
# pages; None: a page without a language): all are no date, all are proved.
DEV_CANDIDATES = [
    ("5 juin 2018", "en"), ("8 فيفري 2019", "ar"), ("10 Folgen, 2016", "de"), ("27日在台北小巨蛋举办2016", "zh"),
    ("ryzen 7 4800", "de"), ("März 2nd, 2018", "de"), ("uni 19th, 2018", "de"), ("10, Tübingen, 1991", "de"),
    ("Januar 8th, 2017", "de"), ("ezember 14th, 2021", "de"), ("DambrotNovember 6, 2023", "en"),
    ("2. Quartal 2022", "en"), ("22Munich 2022", "de"), ("16 мая 2018", "en"), ("7 января 2018", "en"),
    ("2. Auflage 2020", "de"), ("5. Auflage 2014", "de"), ("26, Abril, 2022", "en"), ("24. März 2004", None),
    ("13. Mai 2012", None), ("15. Februar 2012", None), ("5. Oktober 2013", None), ("15 августа 2016", None),
    ("13 июля 2016", None), ("26 мая 2016", None), ("02 июня 2016", None), ("22 сентября 2021", None),
    ("30. Oktober 2019", None), ("14. Juni 2019", None), ("Mai 10, 2017", None), ("26 Mai, 2008", None),
    ("04 de mayo 2022", None), ("04 de mayo de 2022", None), ("2. Quartal 2022", "de"), ("7 kwietnia 2021", None),
]
LANGUAGES = ["en", "de", "fr", "es", "ru", "ar", "fa", "zh", "ja", "pl", "tr", "it", "pt", "hu", "el", "he", "th", None]
SHAPES = ["{d} {w} {y}", "{w} {d}, {y}", "{d}. {w} {y}", "{w} {d}{o}, {y}", "{d}{w} {y}", "{w}{m} {d}, {y}",
          "{d} de {w} de {y}", "{d}, {w}, {y}", "{w} {d}{o}", "{d} {w} {w2} {y}", "{w}. {d} {y}"]
ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz", "äöüßéèçñåøłğışţ", "абвгдеёжзийклмнопрстуфхцчшщыэюя",
    "αβγδεζηθικλμνξοπρστυφχψως", "ابتثجحخدذرزسشصضطظعغفقكلمنهوييکی", "אבגדהוזחטיכלמנסעפצקרשת",
    "日月年时分秒在台北小巨蛋举办前后中午上下", "あいうえおかきくけこ", "한국어날짜", "ﬁﬂǅKİıſ", "MDCLXVIQ",
]


def words_of(code: str) -> list[str]:
    info = default_loader.get_locale(code).info
    keys = MONTH_KEYS + ("monday", "sunday", "ago", "in", "year", "day", "hour", "am", "pm", "skip", "pertain")
    forms = [f for key in keys for f in info.get(key, ()) or ()]
    forms += [w for words in info.get("relative-type", {}).values() for w in words]
    return [f for f in forms if f.strip()]


ZONES = [name for info in dateparser_data.timezone_info_list()[1:] for name, _ in info["timezones"]][::9]
WORDS = sorted({w for code in ("en", "de", "fr", "es", "ru", "ar", "fa", "zh", "pl", "tr") for w in words_of(code)})
WORDS += ZONES + ["Formel", "Auflage", "Quartal", "Munich", "th", "nd", "st", "MMX", "MCM", "XIV", "Q", "noon", "mons", "eins"]


def raw_parse(text: str, language: str | None):
    """dateparser's own answer (an error is no date, as in dates._dateparser)."""
    try:
        return dateparser.parse(text, languages=list(dict.fromkeys([language or "en", "en"])), settings=_DATEPARSER_SETTINGS)
    except Exception:
        return None


def check(text: str, language: str | None) -> bool:
    proved = never_a_date(text, list(dict.fromkeys([language or "en", "en"])))
    if proved:
        assert raw_parse(text, language) is None, (text, language)
    return proved


def test_dev_candidates_are_proved_and_agree():
    for text, language in DEV_CANDIDATES:
        assert check(text, language), (text, language)


@st.composite
def candidates(draw):
    def word():
        found = draw(st.one_of(
            st.text(st.sampled_from("".join(ALPHABETS)), min_size=1, max_size=9),
            st.sampled_from(WORDS),
            st.builds(lambda a, b: a + b, st.sampled_from(WORDS), st.sampled_from(WORDS)),
        ))
        return draw(st.sampled_from([str.lower, str.title, str.upper, lambda s: s]))(found)

    text = draw(st.sampled_from(SHAPES)).format(
        d=draw(st.integers(0, 40)), w=word(), w2=word(), m=draw(st.sampled_from(WORDS)),
        y=draw(st.sampled_from([1999, 2022, 4800])), o=draw(st.sampled_from(["", "st", "nd", "rd", "th", "."])),
    )
    return text, draw(st.sampled_from(LANGUAGES))


@settings(max_examples=400, deadline=None)
@given(candidates())
@example(("28 April 2022 EST", "en"))  # a zone name: dateparser strips it
@example(("April MMX 5", "en"))  # a short Roman numeral: read as a year
@example(("5 noon 2022", "en"))  # a simplification ("noon" is 12:00)
@example(("2020 Mai 5th", "de"))  # "th" ending the string is dropped after a number
@example(("zwei Mai 2020", "de"))  # a simplification: "zwei" is 2
@example(("one May 2020", "en"))
@example(("Q1 2022", "en"))  # a quarter
@example(("8 فيفري 2019", "fa"))
@example(("٥ مايو ٢٠٢٠", "ar"))  # Persian with Arabic letter variants
@example(("5 کیک 2019", "ar"))
def test_generated_candidates_agree(case):
    check(*case)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20), st.sampled_from(LANGUAGES))
@example("ǅ 5 2020", "en")
def test_any_string_agrees(text, language):
    check(text, language)
    assert _textual(text, None, language) == _dateparser(text, None, language)


def test_what_is_not_proved():
    assert not never_a_date("28 April 2022 EST", ["en"])  # EST is a time zone
    assert not never_a_date("5 juin 2018", ["en", "fr"])  # French knows "juin"
    assert not never_a_date("5 juin 2018-05", ["en"])  # a sign: an offset may be found
    assert not never_a_date("MMX juin 5", ["en"])  # a Roman numeral
    assert not never_a_date("2020 Mai 5th", ["de", "en"])  # "th" ending the string is dropped
    assert not never_a_date("zwei Mai 2020", ["de", "en"])  # a simplification: "zwei" is 2
    assert not never_a_date("one May 2020", ["en"])
    assert raw_parse("2020 Mai 5th", "de") and raw_parse("zwei Mai 2020", "de") and raw_parse("one May 2020", "en")
    assert never_a_date("5 Mai 2nd, 2020", ["de", "en"])  # ... but not before a comma


def test_a_broken_proof_is_caught():
    # Without the dictionary words, "5 May 2020" in English would be "proved": no date.
    rules = no_date._rules("en", False)
    assert not no_date._unknown_word("5 may 2020", rules)
    assert no_date._unknown_word("5 may 2020", (rules[0], frozenset(), rules[2]))
    assert raw_parse("5 May 2020", "en") is not None


def test_fold_covers_regex_case_insensitivity():
    # Every pair of characters regex matches to each other case-insensitively, both
    # known to this Python's Unicode tables, has one fold and the same letterishness.
    flags = regex.IGNORECASE | regex.UNICODE
    for code in range(0x110000):
        c = chr(code)
        if unicodedata.category(c) in ("Cs", "Cn"):
            continue
        for other in map(chr, regex_tables.get_all_cases(flags, code)):
            if unicodedata.category(other) != "Cn":
                assert fold(c) == fold(other), (hex(code), other)
                assert letterish(c) == letterish(other), (hex(code), other)


def test_letters_are_word_characters_and_separators_are_not():
    word = regex.compile(r"\w")
    not_word = regex.compile(r"[\W_\d]")
    for code in range(0x110000):
        c = chr(code)
        if unicodedata.category(c)[0] == "L":
            assert word.match(c) and not not_word.match(c), hex(code)
    assert all(not letterish(c) and not_word.match(c) for c in "0123456789 ,.")


def test_pattern_runs():
    assert pattern_runs(r"(\d++[.,]?\d*+)\s*mons?\b") == {"mon", "mons"}
    assert pattern_runs(r"(?:12\s+)?noon") == {"noon"}
    assert pattern_runs(r"in (\d+) (?:week|wk)s?") == {"in", "week", "weeks", "wk", "wks"}
    assert pattern_runs(r"a[bc]{1,2}") == {"ab", "ac", "abb", "abc", "acb", "acc"}
    for wild in (r"\w+ ago", "[a-z]+", "[^0-9]", "a.b", r"(a)\1", "(?:ab)+", "a{e<=1}", "[[:alpha:]]", r"(?a)\W", r"\p{L}"):
        assert pattern_runs(wild) is None, wild


# Plain strings of every kind (no regex syntax: pattern_runs reads them without the
# parser), and strings with some syntax; surrogates included.
_PATTERNISH = st.one_of(
    st.text(),
    st.text(st.characters(blacklist_characters="\\.^$*+?{}[]|()")),
    st.text(st.sampled_from("abßİıΣσςﬁ \u0345#-,\u0301\ud800\U000e0000日" + "".join(ALPHABETS)), max_size=20),
    st.text(st.sampled_from("ab ()|?+*[]{}.\\dswSW-^$:#x0123"), max_size=12),
)


@settings(max_examples=1000, deadline=None)
@given(_PATTERNISH)
def test_plain_patterns_read_without_the_parser_give_the_parsers_runs(pattern):
    assert pattern_runs.__wrapped__(pattern) == no_date._parsed_pattern_runs(pattern)


@settings(max_examples=1000, deadline=None)
@given(_PATTERNISH)
def test_folded_runs_are_the_runs_folded(text):
    def outcome(read):
        try:
            return read(text)
        except no_date._Wild:
            return "wild"  # (a character unknown to this Python's Unicode tables)

    assert outcome(no_date._folded_runs) == outcome(lambda t: [fold(run) for run in no_date._runs(t)])


def test_ascii_letterish_characters_are_the_letters():
    assert all(letterish(chr(code)) == chr(code).isalpha() and fold(chr(code)) == chr(code).lower() for code in range(128))
    assert no_date._normalize("Ab1 ,.") == "Ab1 ,."  # (ASCII: no work)


def test_every_locales_patterns_give_the_parsers_runs():
    for code in dateparser_data.language_order():
        for letter_variants in (False, True):
            info = dateparser_data.locale_info(code, letter_variants)
            patterns = [p for s in info.get("simplifications", ()) for p in s]
            patterns += [p for words in info.get("relative-type-regex", {}).values() for p in words]
            for pattern in patterns:
                for form in (pattern, no_date._normalize(pattern)):
                    assert pattern_runs.__wrapped__(form) == no_date._parsed_pattern_runs(form), (code, form)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["en", "de", "fr", "es", "ru", "ar", "pl", "tr", "hu", "pt"]), st.data())
def test_pattern_runs_hold_every_match(code, data):
    # Each letter run of every match of a locale's regexes (as dateparser compiles them)
    # on text made of its own words is one pattern_runs gives.
    info = default_loader.get_locale(code).info
    patterns = [p for s in info.get("simplifications", ()) for p in s]
    patterns += [p for words in info.get("relative-type-regex", {}).values() for p in words]
    pattern = data.draw(st.sampled_from(patterns))
    runs = pattern_runs(pattern)
    if runs is None:
        return
    pieces = st.sampled_from(sorted(runs | {"x", "1", "12", " ", ",", "."} | set(words_of(code))))
    text = data.draw(st.lists(pieces, max_size=8).map(" ".join))
    for found in regex.finditer(pattern, text, flags=regex.IGNORECASE):
        for run in regex.findall(r"[^\W\d_]+", found.group()):
            assert fold(run) in runs, (pattern, text, run)


def test_sanitize_model():
    for text in [" 5  juin.  2018 ", "Jan. 5, 2018", "a..b 5", "5. Mai 2020.", "x.5"]:
        assert no_date._sanitize(text) == sanitize_date(text)
    assert not (set(APOSTROPHE_LOOK_ALIKE_CHARS) - no_date._APOSTROPHE_LETTERS) & {
        c for c in APOSTROPHE_LOOK_ALIKE_CHARS if unicodedata.category(c)[0] == "L"
    }
    assert not any(unicodedata.category(c)[0] == "L" for c in DASH_LOOK_ALIKE_CHARS if len(c) == 1)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("abMä ,.1Ꭓ日" + "".join(ALPHABETS)), max_size=25))
def test_sanitize_model_on_plain_strings(text):
    if "г." in text or "Г." in text or ", в" in text or no_date._CROATIAN.search(text):
        return
    assert no_date._sanitize(text) == sanitize_date(text)


def test_offset_zones_all_need_a_sign():
    # The first family of dateparser's time zone regexes holds offsets, each with a
    # "+" or "-" outside any optional part; the other is names between non-letters.
    (offsets, _), (names, _) = _build_tz_regexes().families
    parsed = re.compile(offsets.pattern).pattern  # parses with Python's re too
    from re import _constants as sre
    from re import _parser as sre_parse

    tree = sre_parse.parse(parsed)
    branches = [arg[1] for op, arg in tree if op is sre.BRANCH]
    assert len(branches) == 1 and len(branches[0]) > 100
    for alternative in branches[0]:
        (_, (_, _, _, body)), = list(alternative)
        assert any(op is sre.LITERAL and chr(arg) in "+-" for op, arg in body), alternative
    assert names.pattern.startswith(r"(\W|\d|_)(?:")


def test_dictionary_words_are_all_seen():
    # Every word of dateparser's dictionary of a locale is among the words no_date knows.
    settings_ = Settings().replace(**_DATEPARSER_SETTINGS)
    for code in dateparser_data.language_order():
        locale = default_loader.get_locale(code)
        rules = no_date._rules(code, False)
        if rules is None:
            continue
        for dictionary in (locale._native._get_dictionary(settings_),):
            for word in dictionary:
                for run in no_date._runs(word):
                    assert fold(run) in rules[1], (code, word)
