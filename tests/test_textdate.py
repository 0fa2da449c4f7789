import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.metadata.textdate import _YEAR, _lines_with_a_year, find_date


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 1920a-\n", max_size=12), max_size=10))
def test_lines_with_a_year_are_the_ones_a_search_of_each_finds(lines):
    assert _lines_with_a_year(lines) == [i for i, text in enumerate(lines) if _YEAR.search(text)]


@given(st.text(alphabet="0123456789a\u0663\n", max_size=30))
def test_year_pattern_is_the_plain_one(text):
    plain = re.compile(r"(?<!\d)(?:1[89]|20|21)\d\d(?!\d)")
    assert [m.span() for m in _YEAR.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_date_nearest_the_article_start_wins_and_after_it_counts_more():
    lines = ["3 May 2021", "Headline", "Body starts here.", "4 May 2022"]
    assert find_date(lines, 2, "DMY", "en") == (dt.date(2021, 5, 3), 0)
    assert find_date(["Copyright © 2020 Site", "Body."], 1, None, "en") == (None, None)
