import re2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.rulebook.linefilter import LineFilter
from corpus.rulebook.loader import Matcher
from corpus.rulebook.relax import relax

# Pieces of patterns, braces of every kind among them: repetitions, and braces that are
# text (escaped, in a class, a property name, a hex code, not a repetition at all).
ATOMS = ["a", "b", "é", r"\pL", r"\p{Lu}", r"[ab]", r"[^a]", r"[{]", r"[a{1,2}]", r"\{", r"\x{61}", ".", r"\s",
         r"(?:ab|é)", r"[]a]", r"[[:alpha:]]", "{,2}", "{x}"]
QUANTIFIERS = ["", "*", "?", "{2}", "{1,}", "{0,3}", "{1,2}", "{2,3}?", "{0,1}"]
PATTERN = st.lists(st.tuples(st.sampled_from(ATOMS), st.sampled_from(QUANTIFIERS)), min_size=1, max_size=5).map(
    lambda parts: "".join(a + (q if a not in ("{,2}", "{x}") else "") for a, q in parts))


def compiled(pattern):
    try:
        return re2.compile(pattern)
    except re2.error:
        return None


@settings(max_examples=500, deadline=None)
@given(st.one_of(PATTERN, PATTERN.map(lambda p: f"^{p}$")), st.text(alphabet="abé{}1,2 ]A", max_size=12))
@example("a{1,2}$", "aa")
@example(r"\{1,2}", "{1,2}")
@example(r"[a{1,2}]", "{")
def test_a_relaxed_pattern_matches_whatever_the_pattern_matches(pattern, text):
    original = compiled(pattern)
    if original is None:
        return  # the loader rejects it
    wider = compiled(relax(pattern))
    assert wider is not None
    if original.search(text):
        assert wider.search(text)


@given(st.lists(st.sampled_from([a for a in ATOMS if "{" not in a]), max_size=5).map("".join))
def test_only_counted_repetitions_change(pattern):
    assert relax(pattern) == pattern
    assert relax(pattern + "{1,5}") == pattern + "{1,}"


def test_literal_text_is_kept_whole():
    assert relax(r"\Qa{1,2}\E{1,2}") == r"\Qa{1,2}\E{1,2}"


@settings(max_examples=200, deadline=None)
@given(st.lists(PATTERN, min_size=1, max_size=3), st.lists(st.text(alphabet="abé{}1,2 A", max_size=10), max_size=8))
def test_the_unions_find_every_line_a_pattern_finds(patterns, texts):
    patterns = [p for p in patterns if compiled(p) is not None]
    if not patterns:
        return
    line_filter = LineFilter.of([Matcher(patterns=tuple(re2.compile(p) for p in patterns))])
    expected = {i for i, text in enumerate(texts) if any(re2.compile(p).search(text) for p in patterns)}
    assert expected <= line_filter.pattern_lines(texts, "\n".join(texts))
