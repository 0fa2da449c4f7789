import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata.dates import _ISO, _NUMERIC, _TEXTUAL, MAX_YEAR, MIN_YEAR, _parse, parse_date


@pytest.mark.parametrize(
    "text, order, language, expected",
    [
        ("21-11-2023", None, None, dt.date(2023, 11, 21)),
        ("11/21/2023", None, "en", dt.date(2023, 11, 21)),
        ("2024-01-21T10:00:00Z", None, None, dt.date(2024, 1, 21)),
        ("Sunday, January 21, 2024", None, "en", dt.date(2024, 1, 21)),
        ("في21 يناير 2024", None, "ar", dt.date(2024, 1, 21)),
        ("26, Abril, 2022", None, "es", dt.date(2022, 4, 26)),
        ("3. März 2021", None, "de", dt.date(2021, 3, 3)),
        ("le 1er janvier 2020", None, "fr", dt.date(2020, 1, 1)),
        ("21.11.2023", None, "de", dt.date(2023, 11, 21)),
        ("05.06.2023", "DMY", "de", dt.date(2023, 6, 5)),
        ("05/06/2023", "MDY", "en", dt.date(2023, 5, 6)),
    ],
)
def test_dates_in_many_forms(text, order, language, expected):
    assert parse_date(text, order, language).value == expected


def test_ambiguous_numeric_date_is_not_guessed():
    parsed = parse_date("05/06/2023", None, "en")
    assert parsed.value is None and parsed.ambiguous


def test_same_day_and_month_is_not_ambiguous():
    assert parse_date("05/05/2023").value == dt.date(2023, 5, 5)


@pytest.mark.parametrize("text", ["yesterday", "3 hours ago", "Budget 2024", "call 030-1234-5678", "99-99-2023", "January"])
def test_no_date(text):
    assert parse_date(text, language="en").value is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises_and_dates_stay_in_range(text):
    value = parse_date(text).value
    assert value is None or MIN_YEAR <= value.year <= MAX_YEAR


# Texts made of the pieces of dates (and of near misses) and arbitrary text.
_DATEISH = st.lists(
    st.one_of(
        st.sampled_from(["21", "11", "5", "05", "2023", "1999", "12345", "\u0663\u0663", "-", "/", ".", " ", ", ", "T"]),
        st.sampled_from(["January", "Jan.", "März", "mayo", "de ", "st", "er", "º", "Folgen", "yesterday"]),
        st.text(max_size=3),
    ),
    max_size=10,
).map("".join) | st.tuples(  # shaped as dates: a number, a separator, a number or word, a year
    st.text(max_size=3),
    st.sampled_from(["21", "5", "05", "12", "2023", "\u0663"]),
    st.sampled_from(["-", "/", ".", " ", ". "]),
    st.sampled_from(["11", "06", "1", "Jan", "January", "März", "de mayo de"]),
    st.sampled_from(["-", "/", ".", " ", ", "]),
    st.sampled_from(["2023", "1999", "12345", "21", "1850"]),
    st.text(max_size=3),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_DATEISH, st.text(max_size=40)), st.sampled_from([None, "DMY", "MDY"]), st.sampled_from([None, "en", "de"]))
def test_texts_without_four_digits_skip_the_patterns_with_the_same_answer(text, order, language):
    # parse_date answers "no date" without the patterns when there are no four digits in
    # a row: _parse, the patterns themselves, must agree.
    assert parse_date(text, order, language) == _parse(text[:2000], order, language)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_DATEISH, st.text(max_size=40)))
def test_every_date_pattern_match_holds_four_digits_in_a_row(text):
    for pattern in (_ISO, _NUMERIC, _TEXTUAL):
        found = pattern.search(text)
        assert found is None or re.search(r"\d{4}", found.group(0))


def test_a_long_text_is_read_up_to_its_first_2000_characters():
    assert parse_date("x" * 1996 + " 21-11-2023").value is None
    assert parse_date("x" * 1980 + " 21-11-2023").value == dt.date(2023, 11, 21)


# Texts where runs of letters meet digits, spaces, periods and commas in every way: the
# word-first dates' starts inside a run are what the fast pattern skips.
_LETTERS_AND_DIGITS = st.lists(
    st.one_of(
        st.sampled_from(["Jan", "January", "März", "mayo", "de", "st", "º", "ab", "x", "é", "_", "\u00b2", "\u0663", "\u0301"]),
        st.sampled_from(["1", "21", "5", "2023", "12345", "1999"]),
        st.sampled_from([" ", "  ", ", ", ",", ".", ". ", "\n", "-"]),
        st.text(max_size=2),
    ),
    max_size=14,
).map("".join) | st.tuples(  # shaped as word-first dates, the word met by what may precede it
    st.text(max_size=2),
    st.sampled_from(["", "5", "12", "x", "x5", "5x", "_", " ", "\u0663", "\u00b2"]),
    st.sampled_from(["Jan", "January", "März", "ab", "abcd", "é\u0301t\u00e9"]),
    st.sampled_from(["", ".", ","]),
    st.sampled_from([" ", "  ", "", "\n"]),
    st.sampled_from(["8", "21", "3rd", "123", "5."]),
    st.sampled_from([", ", " ", ",", ""]),
    st.sampled_from(["2023", "12345", "999"]),
    st.text(max_size=2),
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_LETTERS_AND_DIGITS, _DATEISH, st.text(max_size=60)))
def test_textual_pattern_finds_what_the_plain_one_finds(text):
    from corpus.metadata.dates import _TEXTUAL_SPEC

    fast, spec = _TEXTUAL.search(text), _TEXTUAL_SPEC.search(text)
    assert (fast and (fast.span(), fast.group(0))) == (spec and (spec.span(), spec.group(0)))


def test_textual_pattern_on_words_met_by_digits():
    from corpus.metadata.dates import _TEXTUAL_SPEC

    texts = ["5Januar 21, 2024", "DambrotNovember 6, 2023", "x7abcd 12, 2020", "Jan 8, 2018", "a1bcde 3 2020"]
    spans = [_TEXTUAL.search(text).span() for text in texts]
    assert spans == [(2, 16), (0, 23), (3, 15), (0, 11), (3, 13)]  # (a match starts after a digit's letter)
    assert spans == [_TEXTUAL_SPEC.search(text).span() for text in texts]
    assert _TEXTUAL.search("1abc 3 2020") is _TEXTUAL_SPEC.search("1abc 3 2020") is None
