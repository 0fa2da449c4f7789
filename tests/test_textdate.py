import datetime as dt
import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata.textdate import _YEAR, _YEARS, _lines_with_a_year, find_date, find_date_around


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 1920a-\n", max_size=12), max_size=10))
def test_lines_with_a_year_are_the_ones_a_search_of_each_finds(lines):
    assert _lines_with_a_year(lines) == [i for i, text in enumerate(lines) if _YEAR.search(text)]


# Texts made of year-like pieces and arbitrary text. Digits of other scripts (Arabic-Indic,
# Devanagari, fullwidth) are \d too, and so part of a run of digits; superscripts are not.
_YEARISH = st.lists(
    st.one_of(
        st.sampled_from(["1799", "1800", "1999", "2000", "2024", "2199", "2200", "12024", "202", "\u0663", "\u0967", "\uff11", "\u00b2", "\n"]),
        st.text(alphabet="0123456789 1920a-\n", max_size=4),
        st.text(max_size=4),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_YEARISH, max_size=10))
def test_lines_with_a_year_on_any_text_are_the_ones_a_search_of_each_finds(lines):
    assert _lines_with_a_year(lines) == [i for i, text in enumerate(lines) if _YEAR.search(text)]


@settings(max_examples=500, deadline=None)
@given(_YEARISH)
def test_the_two_literal_year_patterns_find_the_years_of_the_one(text):
    both = sorted(m.span() for pattern in _YEARS for m in pattern.finditer(text))
    assert both == [m.span() for m in _YEAR.finditer(text)]


@given(st.text(alphabet="0123456789a\u0663\n", max_size=30))
def test_year_pattern_is_the_plain_one(text):
    plain = re.compile(r"(?<!\d)(?:1[89]|20|21)\d\d(?!\d)")
    assert [m.span() for m in _YEAR.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_date_nearest_the_article_start_wins_and_after_it_counts_more():
    lines = ["3 May 2021", "Headline", "Body starts here.", "4 May 2022"]
    assert find_date(lines, 2, "DMY", "en") == (dt.date(2021, 5, 3), 0)
    assert find_date(["Copyright © 2020 Site", "Body."], 1, None, "en") == (None, None)


def nearest_date_reference(lines, body_start, order, language):
    """find_date as first written: every line with a year parsed, the nearest date kept."""
    from corpus.metadata.dates import parse_date
    from corpus.metadata.textdate import AFTER_PENALTY, MAX_DATE_LINE

    best = None
    for index, text in enumerate(lines):
        if not _YEAR.search(text) or len(text) > MAX_DATE_LINE or any(m in text.lower() for m in ("©", "copyright", "(c)")):
            continue
        value = parse_date(text, order, language).value
        if value is not None:
            distance = body_start - index if index < body_start else (index - body_start + 1) * AFTER_PENALTY
            best = min(best or (distance, index, value), (distance, index, value))
    return (best[2], best[1]) if best else (None, None)


_DATE_LINES = st.sampled_from([
    "3 May 2022", "12.01.2020 Other story", "Menu", "Headline here", "05-06-2023", "Formel 1 2022",
    "© 2021 Site", "2019-02-30", "21 January 2024", "Body text of the article.", "x" * 201 + " 2020", "1999",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_LINES, max_size=80), st.integers(-5, 90), st.sampled_from([None, "DMY", "MDY"]))
def test_nearest_first_reading_finds_the_date_every_line_finds(lines, body_start, order):
    assert find_date(lines, body_start, order, "en") == nearest_date_reference(lines, body_start, order, "en")


def test_rings_cover_every_line_once_nearest_first():
    from corpus.metadata.textdate import _AFTER, _BEFORE, AFTER_PENALTY, _distance, _rings

    rings = list(itertools.islice(_rings(), 12))
    for side, scale in ((_BEFORE, 1), (_AFTER, AFTER_PENALTY)):
        covered = [p for reach, far in rings for p in range(reach // scale, far // scale)]
        assert covered == list(range(len(covered)))  # each position once, in order
        for reach, far in rings:  # and each ring holds the distances in (reach, far]
            assert all(reach < _distance(side, p) <= far for p in range(reach // scale, far // scale))


class _Counted:
    def __init__(self, items):
        self.items, self.taken = iter(items), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.items)
        self.taken += 1
        return item


def test_lines_are_taken_only_as_far_as_the_search_reaches():
    before, after = _Counted(["Headline", "3 May 2022"] + ["Menu 2020"] * 500), _Counted(["Body."] * 500)
    assert find_date_around(before, after, "DMY", "en") == (dt.date(2022, 5, 3), 0, 1)
    assert before.taken <= 16 and after.taken <= 4
    before, after = _Counted(["Menu"] * 100), _Counted(["Body."] * 100 + ["4 May 2022"])
    assert find_date_around(before, after, "DMY", "en") == (dt.date(2022, 5, 4), 1, 100)
    assert find_date_around(iter([]), iter([]), None, "en") == (None, None, None)
