import math

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.heuristics.features import (
    CONTEXT_FEATURES,
    DOCUMENT_FEATURES,
    LINE_FEATURES,
    SECOND_PASS_FEATURES,
    context_features,
    document_features,
    line_features,
    main_block,
    second_pass_features,
    weighted_length,
)
from corpus.heuristics.stopwords import stopwords

EN = stopwords("en")


def test_prose_and_menu_items_differ_where_it_matters():
    prose = line_features("The council said on Tuesday that the plan would go ahead as it was agreed last year.", EN)
    menu = line_features("Politics | Business | Culture", EN)
    assert prose["sentence_end"] == 1.0 and menu["sentence_end"] == 0.0
    assert prose["stopwords"] > 0.5 > menu["stopwords"]
    assert menu["separators"] > 0 and prose["separators"] == 0
    assert menu["short"] == 1.0 and prose["short"] == 0.0


def test_furniture_words_in_several_languages():
    for text in ("Newsletter abonnieren", "Subscribe to our newsletter", "Partager sur Facebook", "Dodaj komentarz"):
        assert line_features(text, frozenset())["interface"] > 0, text
    assert line_features("The minister said on Sunday", EN)["interface"] == 0


def test_credits_dates_and_links():
    assert line_features("Foto: dpa", frozenset())["credit"] == 1.0
    assert line_features("© 2024 Example Media", frozenset())["credit"] == 1.0
    for text in ("21.04.2022", "April 21, 2022", "6. November 2023", "2023-11-06", "15:54 Uhr"):
        assert line_features(text, frozenset())["date"] == 1.0, text
    assert line_features("Mail: info@example.com", frozenset())["link"] == 1.0


def test_cjk_characters_weigh_a_word_each():
    assert weighted_length("中文") == 6 and weighted_length("ab") == 2


def test_document_features_see_neighbours_position_and_repeats():
    lines = ["Home", "A long paragraph of the story, which the minister presented on Sunday in the capital, "
                     "where the parliament will debate it next week.", "Home"]
    rows = [dict(zip(DOCUMENT_FEATURES, row)) for row in document_features(lines, "en").rows()]
    assert [r["repeated"] for r in rows] == [1.0, 0.0, 1.0]
    assert [r["position"] for r in rows] == [0.0, 1 / 3, 2 / 3]
    assert rows[0]["next_length"] == rows[1]["length"] and rows[2]["prev_length"] == rows[1]["length"]
    assert rows[1]["relative_length"] == 0.0 and rows[0]["relative_length"] < 0


def test_main_block_is_the_densest_run():
    assert main_block([0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.8], [50, 100, 100, 100, 200, 200, 100]) == (4, 7)
    assert main_block([0.9, 0.1, 0.9], [100, 10, 100]) == (0, 3)  # a short dip does not split the block
    assert main_block([0.1, 0.2], [100, 100]) == (0, 0)


def test_context_features_measure_distance_to_the_block():
    columns, block = context_features([-4.0, -4.0, 4.0, 4.0, -4.0], [10, 10, 200, 200, 10])
    found = dict(zip(CONTEXT_FEATURES, columns))
    assert block == (2, 4)
    assert found["in_block"] == [0.0, 0.0, 1.0, 1.0, 0.0]
    assert found["lines_before_block"][0] > found["lines_before_block"][1] > 0
    assert found["lines_after_block"][4] > 0 and found["lines_after_block"][2] == 0


line_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=400)


@settings(max_examples=150, deadline=None)
@given(st.lists(line_text, max_size=25), st.sampled_from(["en", "de", "ar", "zh", None]))
def test_features_are_finite_and_complete_for_any_text(lines, language):
    doc = document_features(lines, language)
    assert len(doc.columns) == len(DOCUMENT_FEATURES) and len(doc.lengths) == len(lines)
    rows = doc.rows()
    assert len(rows) == len(lines)
    assert all(len(row) == len(DOCUMENT_FEATURES) and all(math.isfinite(x) for x in row) for row in rows)
    columns, _block = second_pass_features(doc, [0.0] * len(lines))
    assert len(columns) == len(SECOND_PASS_FEATURES)
    assert all(len(column) == len(lines) and all(math.isfinite(x) for x in column) for column in columns)


@settings(max_examples=100, deadline=None)
@given(line_text)
def test_one_line_features_agree_with_the_document_ones(text):
    alone = line_features(text, EN)
    in_document = dict(zip(DOCUMENT_FEATURES, document_features([text], "en").rows()[0])) if text else None
    assert set(alone) == set(LINE_FEATURES)
    if in_document:
        assert all(alone[name] == in_document[name] for name in LINE_FEATURES)
