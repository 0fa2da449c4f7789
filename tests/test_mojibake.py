import re

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.badness import is_bad as ftfy_is_bad
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.text import mojibake
from corpus.text.mojibake import fix_text, is_bad, required_chars, sre_parse

# Characters of ftfy's own tables (every character its expression names), some from
# the scripts it confuses (Latin, Greek, Cyrillic, Arabic), plain ASCII and whitespace:
# strings from them hit the expression's matches, near misses and window edges.
_NAMED = sorted({chr(c) for c in range(0x80, 0x2600) if BADNESS_RE.pattern.find(chr(c)) >= 0} | set("ÃÂØÙ×²³°œŒ€™\uf8ff\ufffd"))
_ALPHABET = st.sampled_from(_NAMED + list("aZ .,!?\n\t é") + ["\u00a0", "α", "Ж", "ب", "\x85", "\x9d"])
_TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)


def test_the_expression_is_accelerated():
    # If ftfy changes its expression so that no anchor set is found, is_bad still
    # answers (through ftfy's own), but the speed is gone: this test says so.
    assert mojibake._ANCHORS is not None and 1 < mojibake._WIDTH <= 10


@settings(max_examples=600, deadline=None)
@given(_TEXTS)
@example("cafÃ©")
@example("Ã ")  # the expression's one "^" branch: at the start only...
@example("x Ã ")  # ...and after a lowercase letter
@example("ГўВЂВ™s")  # the longest branch
def test_is_bad_answers_as_ftfy(text):
    assert is_bad(text) == ftfy_is_bad(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=5), st.text(alphabet="abc xyz\n", max_size=300))
def test_windows_far_apart_in_long_text(pieces, filler):
    text = filler.join(pieces)
    assert is_bad(text) == ftfy_is_bad(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_is_bad_on_any_unicode(text):
    assert is_bad(text) == ftfy_is_bad(text)


def test_clean_text_needs_no_ftfy_and_mojibake_does():
    assert not is_bad("Grüße aus München – „Zitat“ und ‘quotes’ © 2024 €5")
    assert is_bad(ftfy.fix_text("Grüße").encode("utf-8").decode("latin-1"))


def test_required_chars_of_a_branch_is_the_union_of_its_branches():
    parsed = sre_parse.parse("a[éè]|x?ü|(?:ö)+z")
    assert required_chars(parsed.data) == {ord(c) for c in "éèüö"}
    # A branch with no required character makes the whole pattern unanchored.
    assert required_chars(sre_parse.parse("é|\\w").data) is None
    assert required_chars(sre_parse.parse(re.escape("^")).data) == {ord("^")}


_LINES = st.lists(
    st.one_of(_TEXTS, st.sampled_from(["<b>&amp;</b>", "fish &amp; chips", "ﬁne", "ĳs", "\x1b[31mred", "\x93q\x94", "Ã ", "cafÃ©"])),
    max_size=8,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_LINES, st.booleans())
@example("a &amp; b\n<p>\nc &amp; d", False)  # after a line with "<", entities stay
def test_fix_text_answers_as_ftfy(text, crlf):
    from corpus.text.fixers import _FTFY

    text = text.replace("\n", "\r\n") if crlf else text
    assert fix_text(text, _FTFY) == ftfy.fix_text(text, _FTFY)
    assert fix_text(text, ftfy.TextFixerConfig()) == ftfy.fix_text(text, ftfy.TextFixerConfig())


@settings(max_examples=300, deadline=None)
@given(_LINES, st.integers(1, 12))
@example("abcdefÃ©gh &amp; ij", 4)  # mojibake and an entity cut by the segment limit
def test_fix_text_answers_as_ftfy_when_long_lines_are_cut(text, limit):
    from corpus.text.fixers import _FTFY

    config = _FTFY._replace(max_decode_length=limit)
    assert fix_text(text, config) == ftfy.fix_text(text, config)


def test_quotes_and_capitals_of_running_text_open_no_window():
    # If ftfy's expression changes so that its branches are no longer read, is_bad stays
    # exact but searches a window around every anchor again: this test says so.
    assert mojibake._NEIGHBOURS and mojibake._NEIGHBOURS["„"] is not None
    text = "Er sagte „Wir schaffen das“. Über 80 Prozent – so die „Zeit“ © 2024"
    assert not any(mojibake._fits(text, m.start()) for m in mojibake._ANCHORS.finditer(text))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_is_bad_answers_as_ftfy_when_its_memory_is_emptied_often(text):
    saved, mojibake._FITTING_MAX = mojibake._FITTING_MAX, 2
    mojibake._FITTING.clear()
    try:
        assert is_bad(text) == ftfy_is_bad(text)
        assert len(mojibake._FITTING) <= 2
    finally:
        mojibake._FITTING_MAX = saved


# corpus.text._fixers.anchor_windows (C) against its spec, mojibake._anchor_windows.
@settings(max_examples=600, deadline=None)
@given(st.one_of(_TEXTS, st.text(max_size=60), st.lists(_TEXTS, max_size=4).map("x y\n".join)), st.integers(1, 3))
@example("", 2)
@example("Ã", 2)
@example("ÃÃ", 2)
def test_anchor_windows_in_c_are_the_spec(text, fitting_max):
    import pytest

    from corpus.text.charclass import KERNEL, table

    if KERNEL is None:
        pytest.skip("corpus.text._fixers is not built (or CORPUS_PURE_PYTHON)")
    fitting = {}  # a cache of its own, emptied as it fills: the windows must not depend on it
    windows = KERNEL.anchor_windows(text, table(mojibake._ANCHORS), fitting, mojibake._fits, mojibake._WIDTH, fitting_max)
    assert windows == list(mojibake._anchor_windows(text))
    assert len(fitting) <= fitting_max and all(v == mojibake._fits(k, 1) for k, v in fitting.items())
    assert windows == KERNEL.anchor_windows(text, table(mojibake._ANCHORS), fitting, mojibake._fits, mojibake._WIDTH, fitting_max)


def test_anchor_windows_in_c_find_anchors_at_every_offset_of_every_width():
    # The C scan skips ASCII a machine word at a time: an anchor must be found wherever
    # it falls in a word, after ASCII runs of any length, in strings of 1, 2 and 4 bytes
    # a character.
    import pytest

    from corpus.text.charclass import KERNEL, table

    if KERNEL is None:
        pytest.skip("corpus.text._fixers is not built (or CORPUS_PURE_PYTHON)")
    anchors = table(mojibake._ANCHORS)
    for widen in ("", "\u0100", "\U0001F600"):
        for before in range(0, 20):
            for after in range(0, 10):
                text = widen + "x" * before + "cafÃ©" + "y" * after
                windows = KERNEL.anchor_windows(text, anchors, {}, mojibake._fits, mojibake._WIDTH, 10)
                assert windows == list(mojibake._anchor_windows(text)) != []


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, st.text(max_size=60)))
def test_may_turn_bad_looks_for_every_spaced_anchor(text):
    assert mojibake.may_turn_bad(text) == any(char in text for char in mojibake._SPACED)
    for char in mojibake._SPACED:
        assert mojibake.may_turn_bad(text + char) and mojibake.may_turn_bad(char + "\U0001F600")
