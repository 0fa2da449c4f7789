import datetime as dt

from dateparser.languages.loader import default_loader
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.metadata.dates import _dateparser, _textual
from corpus.metadata.month_dates import MONTH_KEYS, UNKNOWN, locale_words, month_date

SHAPES = [
    "{d} {m} {y}", "{d}. {m} {y}", "{d} {m}. {y}", "{d}. {m}. {y}", "{d} {m}, {y}", "{d}. {m}, {y}",
    "{d}.{m} {y}", "{d}, {m}, {y}", "{m} {d}, {y}", "{m} {d} {y}", "{m}. {d}, {y}", "{m}. {d} {y}",
    "{d} de {m} de {y}", "{d} de {m} {y}", "{d} {m} de {y}", "{d}{s} {m} {y}", "{d}{s} {m}, {y}",
    "{m} {d}{s}, {y}", "{m} {d}{s} {y}", "{d}{s} de {m} de {y}",
]
CASES = [str.lower, str.title, str.upper, lambda s: s]
# Every month name of all 205 dateparser languages was checked once in every shape; the
# suite keeps checking the languages of news (each new one costs dateparser ~20 ms to
# load) and a few whose dictionaries hold traps ("de" means "am" in Hungarian).
LANGUAGES = ["en", "de", "fr", "es", "pt", "it", "pl", "ru", "ar", "tr", "sv", "el", "zh", "hu", "dyo"]


def month_forms(language: str) -> list[str]:
    info = default_loader.get_locale(language).info
    return [form for key in MONTH_KEYS for form in info.get(key, ())]


@st.composite
def dates_with_month_names(draw):
    """A date string the way pages print them, in any of dateparser's languages, its
    month name from that language or English (which dateparser always tries too)."""
    language = draw(st.sampled_from(LANGUAGES))
    forms = month_forms(language) + month_forms("en")
    month = draw(st.sampled_from(forms).map(draw(st.sampled_from(CASES))))
    day = draw(st.integers(0, 99))
    text = draw(st.sampled_from(SHAPES)).format(
        d=f"{day:02d}" if draw(st.booleans()) else str(day),
        m=month,
        y=draw(st.sampled_from([1899, 1900, 1999, 2012, 2024, 2100, 2101])),
        s=draw(st.sampled_from(["st", "nd", "rd", "th", "er", "º"])),
    )
    return text, language, draw(st.sampled_from([None, "DMY", "MDY", "YMD"]))


@settings(max_examples=100, deadline=None)
@given(dates_with_month_names())
@example(("5 de MÁJ de 1999", "hu", "MDY"))  # "de" is a word of Hungarian's dictionary
@example(("December 14th 2019", "en", None))  # "th" is Thursday too
@example(("Dezember 14th 2019", "de", None))  # ... and unknown in German
@example(("45 May 2020", "en", "DMY"))
@example(("21 ago 2024", "es", None))  # "ago" is English
@example(("29 February 2023", "en", "DMY"))
def test_fast_path_answers_as_dateparser(case):
    text, language, order = case
    assert _textual(text, order, language) == _dateparser(text, order, language)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["en", "de", "fr", "es", "ru", "ar", "pl", "it", "ku", None]), st.text(max_size=25))
def test_any_string_answers_as_dateparser(language, text):
    # The candidates dates.py hands over are shaped "21 Januar 2024"; anything else
    # must be left to dateparser, never guessed.
    assert _textual(text, None, language) == _dateparser(text, None, language)


def test_common_shapes_need_no_dateparser():
    english = locale_words("en")[2]
    for language in ("en", "de", "fr", "es", "ru", "pl", "ar", "tr"):
        months, _, _ = locale_words(language)
        for word, number in months.items():
            # (A word English knows otherwise, Spanish "ago" for agosto, is dateparser's.)
            if word.isalpha() and len(word) >= 3 and (language == "en" or word not in english):
                assert month_date(f"21 {word} 2024", language) == dt.date(2024, number, 21), (language, word)
                assert month_date(f"{word.title()} 2, 2019", language) == dt.date(2019, number, 2), (language, word)


def test_english_names_are_read_in_every_document_language():
    # dateparser tries English first, whatever the document's language.
    assert month_date("Jan 27, 2016", "de") == dt.date(2016, 1, 27)
    assert month_date("21 janvier 2024", "fr") == dt.date(2024, 1, 21)
    assert month_date("21 janvier 2024", "de") is UNKNOWN  # French words in German: ask dateparser


def test_impossible_days_have_no_date_and_english_ordinals_are_read():
    assert month_date("31 April 2024", "en") is None and _dateparser("31 April 2024", None, "en") is None
    assert month_date("December 14th 2019", "en") == dt.date(2019, 12, 14)  # "th" is skipped, if Thursday too


def test_ambiguous_words_go_to_dateparser():
    assert month_date("Dezember 14th 2019", "de") is UNKNOWN  # German does not skip "th"
    assert month_date("5 May 0000", "en") is UNKNOWN
    assert month_date("10 Folgen, 2016", "de") is UNKNOWN
    assert month_date("Sunday, January 21, 2024", "en") is UNKNOWN  # not a candidate shape


def test_a_language_dateparser_does_not_know_has_no_date():
    assert month_date("21 January 2024", "xx") is None
    assert _dateparser("21 January 2024", None, "xx") is None
