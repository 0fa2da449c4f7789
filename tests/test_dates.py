import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata.dates import MAX_YEAR, MIN_YEAR, parse_date


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
