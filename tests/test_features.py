import math
import os
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.heuristics import features
from corpus.heuristics.features import (
    CONTEXT_FEATURES,
    DOCUMENT_FEATURES,
    KERNEL_SPEC,
    LINE_FEATURES,
    MAX_CHARS,
    SECOND_PASS_FEATURES,
    context_features,
    document_features,
    line_features,
    main_block,
    pure_python,
    second_pass_features,
    weighted_length,
)
from corpus.heuristics.stopwords import stopwords
from corpus.heuristics.vocabulary import CREDIT_WORDS, INTERFACE_STEMS

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


# The C kernel (features.KERNEL) against the Python spec: the same floats, bit for bit.

needs_kernel = pytest.mark.skipif(features.KERNEL is None, reason="the C kernel is not built, or CORPUS_PURE_PYTHON")
# Text the kernel must read as Python does: case edge cases (ß folds to ss, İ to i̇, ǅ is
# titlecase, Ⓐ is upper case but no letter), combining marks, digits of other scripts,
# CJK, Arabic, lone surrogates, odd white space, and the words, marks and dates the
# features look for.
TRICKY = ["ß", "İ", "ǅ", "Ǆ", "ǆ", "ﬁ", "ΣΑΣ", "e\u0301", "\u0301", "_", "٣", "߀", "²", "Ⅻ", "Ⓐ", "ⓐ", "\ud800",
          "\udfff", "中文新闻", "한국어", "カタカナ", "مرحبا بكم", "©", "…", "...", "://", "www.", "@", "|", "»", "•", "›",
          "-", "▪", "*", ":", ".", "?", "”", " ", "\t", "\u00a0", "\u2028", "\x1c", "21.04.2022", "15:54", "April 21, 2022",
          "2023-11-06", "6. November 2023", "١٢:٣٠", "Foto: dpa", "FOTO", "Newsletter", "NEWSLETTERANMELDUNG", "Ünd"]
WORDS = sorted(CREDIT_WORDS | set(INTERFACE_STEMS)) + sorted(stopwords("en"))[:60] + sorted(stopwords("de"))[:60]
# Lines without a lower-case letter, where str.isupper() and \b decide: titlecase (ǅ, ᾼ),
# upper case that is no letter (Ⓐ, Ⅻ), caseless letters and marks.
CASES = ["ǅ", "ᾼ", "Ǆ", "A", "Z", "Ⓐ", "Ⅻ", "ⓐ", "ß", "İ", "Σ", "中", "\u0301", "1", "_", " ", "-", ":"]
token = st.one_of(st.text(max_size=12), st.sampled_from(TRICKY), st.sampled_from(WORDS), st.sampled_from(WORDS).map(str.title))
any_line = st.one_of(
    st.tuples(st.lists(token, max_size=25), st.sampled_from(["", " ", " | "])).map(lambda parts: parts[1].join(parts[0])),
    st.lists(st.sampled_from(CASES), max_size=6).map("".join),
)
LANGUAGES = ["en", "de", "pl", "ar", "zh", None]


def exactly(columns: list[list[float]]) -> list[list[str]]:
    """Floats as their exact hex form: equal only when bit for bit the same (0.0 is not -0.0)."""
    return [[value.hex() for value in column] for column in columns]


def test_kernel_is_built():
    assert features.KERNEL is not None or os.environ.get("CORPUS_PURE_PYTHON"), "build it: pip install -e ."


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(st.lists(any_line, max_size=20), st.sampled_from(LANGUAGES))
def test_kernel_features_are_the_python_ones(lines, language):
    doc = document_features(lines, language)
    with pure_python():
        spec = document_features(lines, language)
    assert exactly(doc.columns) == exactly(spec.columns) and doc.lengths == spec.lengths
    if lines:
        alone = line_features(lines[0], EN)
        with pure_python():
            assert exactly([list(alone.values())]) == exactly([list(line_features(lines[0], EN).values())])


@needs_kernel
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.floats(-12, 12), st.floats()), st.integers(0, 3000)), max_size=60))
def test_kernel_context_is_the_python_one(scored):
    scores, lengths = [s for s, _ in scored], [n for _, n in scored]
    columns, block = context_features(scores, lengths)
    with pure_python():
        spec_columns, spec_block = context_features(scores, lengths)
    assert exactly(columns) == exactly(spec_columns) and block == spec_block


@needs_kernel
def test_kernel_reads_long_lines_and_odd_ones_as_python():
    long = "Foto: dpa " + "x" * MAX_CHARS
    lines = [long, long + "a different end", "中" * (MAX_CHARS + 5), "", " ", "\ud800", "\ud800\udc00", "ab" * 5000 + "..."]
    for language in ("de", None):
        with pure_python():
            spec = document_features(lines, language)
        doc = document_features(lines, language)
        assert exactly(doc.columns) == exactly(spec.columns) and doc.lengths == spec.lengths
    assert dict(zip(DOCUMENT_FEATURES, doc.rows()[0]))["repeated"] == 1.0  # equal in their first MAX_CHARS
    assert document_features([], "en").columns == [[] for _ in DOCUMENT_FEATURES]


@needs_kernel
def test_kernel_passes_exceptions_on():
    def out_of_memory(text):
        raise MemoryError

    kernel = features.KERNEL
    with pytest.raises(MemoryError):
        kernel.document_columns(["21.04.2022"], EN, {**KERNEL_SPEC, "DATE_SEARCH": out_of_memory})
    with pytest.raises(TypeError):
        kernel.document_columns(["a line", None], EN, KERNEL_SPEC)
    with pytest.raises(TypeError):
        kernel.document_columns(["a line"], ["the"], KERNEL_SPEC)
    with pytest.raises(KeyError):
        kernel.line_columns(["a line"], EN, {k: v for k, v in KERNEL_SPEC.items() if k != "PREFIX"})
    with pytest.raises(ValueError):
        kernel.two_pass_scores(["a line"], EN, KERNEL_SPEC, (1.0,), 0.0, (1.0,), 0.0)
    with pytest.raises(ValueError):
        kernel.context_columns([0.0, 1.0], [10], KERNEL_SPEC)


@needs_kernel
def test_kernel_keeps_no_memory():
    lines = ["Home | News", "Der Minister sagte am 21.04.2022, dass die Foto-Newsletter bleiben.", "中文新闻 İß", "\ud800", ""]
    kernel, weights = features.KERNEL, ((0.5,) * len(DOCUMENT_FEATURES), 0.1, (0.5,) * len(SECOND_PASS_FEATURES), 0.2)

    def calls():
        kernel.line_columns(lines, EN, KERNEL_SPEC)
        kernel.document_columns(lines, EN, KERNEL_SPEC)
        kernel.two_pass_scores(lines, EN, KERNEL_SPEC, *weights)
        kernel.two_pass_scores(lines, set(EN), kernel.read_spec(KERNEL_SPEC), *weights)
        kernel.article_start(lines, [None, "x", None, None, None], EN, features.KERNEL_SPEC_READ, ((120, 0.25),), ".")
        kernel.label_lines([0.5, -1.0, 2.0], 0.0, 1, 2, ("a", "b", "c"))
        kernel.line_words(lines[2], features.KERNEL_SPEC_READ)
        context_features([0.5, -2.0, 9.0], [10, 200, 30])
        try:
            kernel.document_columns(lines + [1], EN, KERNEL_SPEC)
        except TypeError:
            pass

    for _ in range(200):  # caches and free lists fill up
        calls()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(2000):
            calls()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 20_000, grown  # a leak of one object per call would be 2000 objects


# The kernel cuts and folds words itself, with no str per word (_lines_words.c).

@needs_kernel
def test_kernel_folds_and_cuts_every_character_as_python():
    # Every code point, surrogates too, in runs of 256: the first pass asks CPython about
    # each character (and keeps the first 2^16), the second over the BMP reads what was kept.
    cut = features.KERNEL.line_words
    for first, last in ((0, 0x110000), (0, 0x10000)):
        for start in range(first, last, 256):
            chunk = "".join(map(chr, range(start, start + 256)))
            assert cut(chunk, KERNEL_SPEC) == features._WORD.findall(chunk.casefold()), hex(start)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.one_of(any_line, st.text(), st.text(max_size=3000)))
def test_kernel_words_are_the_python_ones(text):
    assert features.KERNEL.line_words(text, KERNEL_SPEC) == features._WORD.findall(text[:MAX_CHARS].casefold())


class Word(str):
    """A str subclass: a set may hold one (it equals the str of its text)."""


# Stop-word sets as a caller might hand them: the lines' own words (folded or not), other
# text, objects that are no str, a mutable set.
stop_sets = st.tuples(
    st.lists(st.one_of(st.text(max_size=8), st.sampled_from(WORDS), st.sampled_from(TRICKY)), max_size=30),
    st.lists(st.one_of(st.integers(), st.binary(max_size=4), st.sampled_from(WORDS).map(Word)), max_size=3),
    st.booleans(),
)


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(st.lists(any_line, max_size=12), stop_sets, st.booleans())
def test_kernel_reads_any_stop_words_as_python(lines, stop_set, from_lines):
    words, others, mutable = stop_set
    if from_lines:  # the lines' own words: many hits
        words = words + [w for line in lines for w in features._WORD.findall(line.casefold())][::2]
    stops = (set if mutable else frozenset)(words + others)
    lines = [line[:MAX_CHARS] for line in lines]
    columns, lengths = features.KERNEL.line_columns(lines, stops, KERNEL_SPEC)
    with pure_python():
        spec_columns, spec_lengths = features._line_columns(lines, stops)
    assert exactly(columns) == exactly(spec_columns) and lengths == spec_lengths


@needs_kernel
def test_kernel_keeps_a_bounded_number_of_stop_word_tables():
    lines = ["the cat and the hat", "der Hund und die Katze"]
    spec = features.KERNEL.line_columns(lines, EN, KERNEL_SPEC)

    def calls():
        for k in range(40):  # more sets than the kernel keeps: each replaces the oldest
            stops = frozenset(["the", "and", f"word{k}"])
            assert features.KERNEL.line_columns(lines, stops, KERNEL_SPEC)[0][3] == spec[0][3]

    calls()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(50):
            calls()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 20_000, grown


# The kernel asks _DATE only of lines where a digit is followed by one of
# _DATE_AFTER_DIGIT: every match must hold such a pair.
date_text = st.text(alphabet=st.sampled_from("0123456789٣١٢ ./-,:;_aZé\t|h"), max_size=30)


@settings(max_examples=2000, deadline=None)
@given(date_text)
def test_every_date_match_holds_a_digit_before_a_date_separator(text):
    match = features._DATE.search(text)
    if match:
        found = match.group()
        assert any(a.isdecimal() and b in features._DATE_AFTER_DIGIT for a, b in zip(found, found[1:])), found


@needs_kernel
def test_kernel_tables_outlive_their_place_among_the_kept_ones():
    # Stop-word sets and credit words that come and go (more than the kernel keeps): a
    # table a call is using must not be freed when the call's other set takes its place.
    import random

    rng = random.Random(7)
    lines = ["the cat and the hat", "Foto: dpa and the word3 here", "word5 ap the"]
    sets = [frozenset(["the", "and", f"word{k}"] + [f"filler{k}_{j}" for j in range(k * 20)]) for k in range(20)]
    for _ in range(400):
        stops = rng.choice(sets)
        credit = frozenset(sorted(CREDIT_WORDS)) if rng.random() < 0.5 else CREDIT_WORDS  # a new one: a new table
        columns, _lengths = features.KERNEL.line_columns(lines, stops, {**KERNEL_SPEC, "CREDIT_WORDS": credit})
        with pure_python():
            expected, _lengths = features._line_columns(lines, stops)
        assert exactly(columns) == exactly(expected)
