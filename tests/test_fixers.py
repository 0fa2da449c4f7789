import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.text.fixers import FIXERS, normalize


def test_mojibake_is_repaired_and_recorded():
    text, applied = normalize("The caf\u00c3\u00a9 is open")
    assert text == "The café is open"
    assert applied == ["mojibake"]


def test_typographic_quotes_and_fullwidth_are_kept():
    text, _ = normalize("“Islamic Resistance” ‘secured’ ＡＢＣ")
    assert text == "“Islamic Resistance” ‘secured’ ＡＢＣ"


def test_paragraphs_are_separated_by_one_blank_line_and_lines_trimmed():
    text, applied = normalize("Title  \r\n\r\n\r\n\r\nBody\u00a0text\u200b.\t \r\n")
    assert text == "Title\n\nBody text."
    assert {"line-breaks", "invisible-chars", "whitespace"} <= set(applied)


def test_nul_and_control_characters_are_removed():
    assert normalize("a\x00b\x07c")[0] == "abc"


def test_zero_width_joiners_are_kept():
    persian = "می\u200cخواهم"
    assert normalize(persian)[0] == persian


def test_nfc():
    assert normalize("cafe\u0301")[0] == "café"


def test_fixers_are_registered_in_order():
    assert list(FIXERS) == ["line-breaks", "mojibake", "invisible-chars", "whitespace", "nfc"]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_normalizing_twice_equals_once(text):
    once, _ = normalize(text)
    twice, applied = normalize(once)
    assert twice == once
    assert applied == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aé \n\r\t\u00a0\u200bÃ©€x"), max_size=200))
def test_output_has_no_trailing_spaces_or_double_blank_lines(text):
    out, _ = normalize(text)
    assert "\n\n\n" not in out
    assert all(line == line.strip() for line in out.split("\n"))


def whitespace_line_by_line(text):
    """The whitespace fixer as first written, line by line: the reference."""
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
    out = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


_SPACY = st.text(alphabet=st.sampled_from("ab \n\t\r\u00a0\u2003\u3000\x1c\x85\u2028"), max_size=60)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_SPACY, st.text(max_size=60)))
def test_whitespace_fixer_equals_the_line_by_line_reading(text):
    assert FIXERS["whitespace"](text) == whitespace_line_by_line(text)


@given(st.one_of(_SPACY, st.text(max_size=40)))
def test_fast_paths_change_nothing_they_skip(text):
    assert FIXERS["line-breaks"](text) == re.sub(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]", "\n", text)
    invisible = "[\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    assert FIXERS["invisible-chars"](text) == re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]", "", re.sub(invisible, "", text))


@given(st.text(alphabet=st.sampled_from("a&#;x1\u00e9\ufb01\x85\x1b "), max_size=30))
def test_quick_ftfy_check_equals_the_pattern(text):
    from corpus.text.fixers import _MAY_NEED_FTFY, may_need_ftfy

    assert may_need_ftfy(text) == bool(_MAY_NEED_FTFY.search(text))


def test_a_space_stripped_away_can_reveal_mojibake():
    # Found by the idempotence property: one round left "Â¡", a second repaired it.
    once = normalize("\xa0Â¡")[0]
    assert normalize(once)[0] == once


def normalize_every_fixer_every_round(text):
    """normalize without its shortcuts: every fixer asked again in every round."""
    applied = []
    for _ in range(5):
        changed = False
        for name, fn in FIXERS.items():
            fixed = fn(text)
            if fixed != text:
                changed, text = True, fixed
                applied += [name] if name not in applied else []
        if not changed:
            break
    return text, applied


# Spaces of every kind next to what ftfy reads as mojibake (or an entity) once a space
# is gone: the cases where the second round matters.
_MOJIBAKE_AND_SPACE = st.lists(
    st.sampled_from(["a", "x", ".", "Â", "Ã", "¡", "©", "€", "œ", "Г", "ў", "В", "Ђ", "Ø", "\xa0", " ", "  ", "\n",
                     "\t", "\u2003", "\u200b", "\x85", "&amp;", "&", ";", "é", "“", "”", "„"]),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_MOJIBAKE_AND_SPACE, _SPACY, st.text(max_size=80)))
@example("\xa0Â¡")
@example("x \n Ã ")
def test_normalize_equals_asking_every_fixer_every_round(text):
    assert normalize(text) == normalize_every_fixer_every_round(text)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_MOJIBAKE_AND_SPACE, _SPACY))
@example("\xa0Â¡")
def test_whitespace_turns_a_clean_text_bad_only_where_may_turn_bad_says(text):
    from corpus.text.fixers import may_need_ftfy
    from corpus.text.mojibake import is_bad, may_turn_bad

    if not may_need_ftfy(text) and not is_bad(text):
        spaced = FIXERS["whitespace"](text)
        assert not may_need_ftfy(spaced)
        assert may_turn_bad(spaced) or not is_bad(spaced)


def test_other_space_list_is_every_white_space_but_space_and_line_break():
    import sys

    from corpus.text.fixers import _OTHER_SPACE

    listed = {c for c in map(chr, range(sys.maxunicode + 1)) if _OTHER_SPACE.match(c)}
    assert listed == {c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"[^\S\n ]", c)}


@given(st.one_of(_SPACY, _MOJIBAKE_AND_SPACE, st.text(max_size=40)))
def test_quiet_text_holds_nothing_the_skipped_searches_find(text):
    from corpus.text.fixers import _EITHER, _FTFY_CHARS, _OTHER_SPACE, _quiet

    if _quiet(text):
        assert not (_FTFY_CHARS.search(text) or _EITHER.search(text) or _OTHER_SPACE.search(text))


# corpus.text._fixers (C) against its spec: fix_whitespace_spec and the regular expressions.
_ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(" \n\n\t\r\xa0\u2028\u3000\u200b\x85\x1c\u0301")), max_size=200)


def _kernel_or_skip():
    import pytest

    from corpus.text.fixers import KERNEL

    if KERNEL is None:
        pytest.skip("corpus.text._fixers is not built (or CORPUS_PURE_PYTHON)")
    return KERNEL


@settings(max_examples=500)
@given(st.one_of(_SPACY, _ANY_TEXT))
@example("")
@example(" \n \n\n\n\t\n")
@example("a\u3000\n\u2028b  \n\n\nc \r")
def test_fix_whitespace_in_c_is_the_spec(text):
    from corpus.text.fixers import fix_whitespace_spec

    kernel = _kernel_or_skip()
    fixed = kernel.fix_whitespace(text)
    assert fixed == fix_whitespace_spec(text)
    assert (fixed is text) == (fixed == text)  # the text itself when nothing changes


def test_fix_whitespace_in_c_on_long_texts_of_every_width():
    from corpus.text.fixers import fix_whitespace_spec

    kernel = _kernel_or_skip()
    for text in ["word " * 50_000 + "\n\n\n", "é\xa0" * 30_000, "\n".join(["  ü  \U0001F600 "] * 5_000), "\ud800 \n \udfff"]:
        assert kernel.fix_whitespace(text) == fix_whitespace_spec(text)


@settings(max_examples=300)
@given(st.one_of(_SPACY, _MOJIBAKE_AND_SPACE, _ANY_TEXT))
def test_holds_any_in_c_is_the_regular_expression(text):
    from corpus.text import fixers

    _kernel_or_skip()
    for pattern in (fixers._NOISY, fixers._EITHER, fixers._FTFY_CHARS, fixers._OTHER_SPACE):
        assert fixers.holds_any(pattern)(text) == (pattern.search(text) is not None)
        for char in text:  # each character alone, in texts of every width
            for probe in (char, "a" + char, "\U0001F600" + char):
                assert fixers.holds_any(pattern)(probe) == (pattern.search(probe) is not None)


def test_holds_any_in_c_finds_a_character_at_every_offset_of_every_width():
    # For a table with no printable ASCII character, the C scan skips printable ASCII a
    # machine word at a time.
    from corpus.text import fixers

    _kernel_or_skip()
    for pattern in (fixers._NOISY, fixers._EITHER, fixers._FTFY_CHARS, fixers._OTHER_SPACE):
        for widen in ("", "\u0100", "\U0001F600"):
            for before in range(0, 20):
                for char in ("\u00a0", "\u00ad", "\u200b", "\u2028", "\ufeff", "\u00e9", "\r", "\t", "\x00", "\x1f", "\x7f", "\x80", "~"):
                    text = widen + "x" * before + char + "yy"
                    assert fixers.holds_any(pattern)(text) == (pattern.search(text) is not None)
                    plain = widen + "x" * before + "yy"
                    assert fixers.holds_any(pattern)(plain) == (pattern.search(plain) is not None)


def test_holds_any_tables_hold_exactly_the_classes():
    import sys

    from corpus.text import charclass, fixers

    _kernel_or_skip()
    for pattern in (fixers._NOISY, fixers._EITHER, fixers._FTFY_CHARS, fixers._OTHER_SPACE):
        table = charclass.table(pattern)
        listed = {c for c in range(sys.maxunicode + 1) if table[c >> 3] >> (c & 7) & 1}
        assert listed == {c for c in range(sys.maxunicode + 1) if pattern.match(chr(c))}
