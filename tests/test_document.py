"""corpus._document (C) against its spec, the pure-Python functions of corpus.document."""

import pickle
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import document
from corpus.document import KERNEL, PYTHON_FUNCTIONS, Document

needs_kernel = pytest.mark.skipif(KERNEL is None, reason="corpus._document is not built (or CORPUS_PURE_PYTHON)")

# Arbitrary Unicode (combining marks, other scripts, lone surrogates), with line breaks
# and white space of every kind made common.
TEXT = st.text(st.one_of(st.characters(), st.sampled_from("\n\n \t\xa0\u2028\u3000\u0301ßİ")), max_size=200)
IDS = st.one_of(st.none(), st.sampled_from(["", "generic:menu", "header:title", "learned:x"]), st.text(max_size=5))


def _pair(texts, ids, metas):
    """The same lines as C Lines and as spec Lines."""
    spec = PYTHON_FUNCTIONS["Line"]
    return ([KERNEL.Line(t, r, m) for t, r, m in zip(texts, ids, metas)],
            [spec(t, r, m) for t, r, m in zip(texts, ids, metas)])


def _fields(line):
    return line.text, line.removed_by, line.meta


@needs_kernel
@settings(max_examples=300)
@given(TEXT)
def test_lines_of_is_the_spec(text):
    fast, spec = KERNEL.lines_of(text), PYTHON_FUNCTIONS["lines_of"](text)
    assert [_fields(x) for x in fast] == [_fields(x) for x in spec]
    assert all(type(x) is KERNEL.Line for x in fast)


@needs_kernel
def test_lines_of_long_and_edge_texts():
    for text in ["", "\n", "\n\n\n", "a", "a\n", "\na", "x" * 100_000 + "\n" + "é" * 70_000 + "\n\U0001F600", "\ud800\n\udfff"]:
        fast, spec = KERNEL.lines_of(text), PYTHON_FUNCTIONS["lines_of"](text)
        assert [_fields(x) for x in fast] == [_fields(x) for x in spec]


@needs_kernel
@settings(max_examples=300)
@given(st.lists(st.tuples(TEXT, IDS, IDS), max_size=30))
def test_loops_over_lines_are_the_spec(rows):
    fast, spec = _pair(*zip(*rows)) if rows else ([], [])
    for name in ("texts_of", "removed_by_ids"):
        assert getattr(KERNEL, name)(fast) == PYTHON_FUNCTIONS[name](spec), name
    for texts in (False, True):
        kept_fast, kept_spec = KERNEL.kept_lines(fast, texts), PYTHON_FUNCTIONS["kept_lines"](spec, texts)
        assert [x if texts else _fields(x) for x in kept_fast] == [x if texts else _fields(x) for x in kept_spec]
    reasons = [r for _, r, _ in rows][::-1] + [None]  # (one more than lines: zip stops at the shorter)
    KERNEL.remove_each(fast, reasons)
    PYTHON_FUNCTIONS["remove_each"](spec, reasons)
    assert [_fields(x) for x in fast] == [_fields(x) for x in spec]
    KERNEL.remove_each(fast, tuple(reasons[:3]))
    PYTHON_FUNCTIONS["remove_each"](spec, tuple(reasons[:3]))
    assert [_fields(x) for x in fast] == [_fields(x) for x in spec]
    counts_fast, counts_spec = {"start": 3, "generic:menu": 1}, {"start": 3, "generic:menu": 1}
    KERNEL.add_removed_chars(fast, counts_fast)
    PYTHON_FUNCTIONS["add_removed_chars"](spec, counts_spec)
    assert counts_fast == counts_spec and list(counts_fast) == list(counts_spec)


@needs_kernel
@settings(max_examples=500)
@given(TEXT)
def test_count_words_is_the_spec(text):
    assert KERNEL.count_words(text) == PYTHON_FUNCTIONS["count_words"](text)


@needs_kernel
def test_count_words_on_every_white_space():
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    for text in [spaces, "a" + spaces + "b", spaces.join("word"), "", "x" * 10_000, " ".join(["ü"] * 1000)]:
        assert KERNEL.count_words(text) == len(text.split())


@needs_kernel
@settings(max_examples=300)
@given(TEXT, IDS, IDS, IDS, IDS)
def test_line_behaves_as_the_dataclass(text, removed_by, meta, rule_id, new_meta):
    fast, spec = KERNEL.Line(text, removed_by, meta=meta), PYTHON_FUNCTIONS["Line"](text, removed_by, meta=meta)
    assert repr(fast) == repr(spec)
    assert fast.kept == spec.kept
    assert (fast == KERNEL.Line(text, removed_by, meta)) and not (fast != KERNEL.Line(text, removed_by, meta))
    assert fast != KERNEL.Line(text + "x", removed_by, meta) and fast != spec  # other class: not equal, as a dataclass
    fast.remove(rule_id, meta=new_meta)
    spec.remove(rule_id, meta=new_meta)
    assert _fields(fast) == _fields(spec)
    fast.remove("again")
    spec.remove("again")
    assert _fields(fast) == _fields(spec)
    assert _fields(pickle.loads(pickle.dumps(fast))) == _fields(fast)


@needs_kernel
def test_line_keeps_to_str():
    line = KERNEL.Line("a")
    line.removed_by, line.meta, line.text = "r", "title", "b"
    assert (line.text, line.removed_by, line.meta, line.kept) == ("b", "r", "title", False)
    for bad in (lambda: KERNEL.Line(1), lambda: setattr(line, "meta", []), lambda: KERNEL.Line("c").remove(["x"]), lambda: hash(line)):
        with pytest.raises(TypeError):
            bad()
    with pytest.raises(AttributeError):
        del line.text
    assert KERNEL.Line(text="t", meta="m") == KERNEL.Line("t", None, "m")
    assert line.__match_args__ == PYTHON_FUNCTIONS["Line"].__match_args__


def test_document_uses_the_chosen_functions():
    doc = Document(source="x", lines=document.lines_of("Menu\n\nBody one.\nBody two.\n"))
    doc.lines[0].remove("generic:menu")
    doc.removed_before = {"css:nav": 7}
    assert doc.clean_text() == "Body one.\n\nBody two."
    assert doc.removed_chars() == {"css:nav": 7, "generic:menu": 4}
    assert doc.rule_ids() == ["css:nav", "generic:menu"]
    assert [x.text for x in doc.kept_lines()] == ["Body one.", "Body two."]


@needs_kernel
@settings(max_examples=300)
@given(st.lists(st.one_of(TEXT, st.sampled_from(["x" * 40, "y" * 40, "z" * 39, "é" * 41, "\ud800" * 40])), max_size=80),
       st.integers(-2, 60), st.integers(-2, 3000))
def test_longest_texts_is_the_spec(texts, min_chars, enough):
    fast, spec = _pair(texts, [None] * len(texts), [None] * len(texts))
    found = KERNEL.longest_texts(fast, min_chars, enough)
    assert found == PYTHON_FUNCTIONS["longest_texts"](spec, min_chars, enough)
    # lines of one length keep their order (the same texts, not only equal ones), and
    # they are as many as make `enough` characters, or all
    expected = [i for i in sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True) if len(texts[i]) >= min_chars]
    assert all(x is fast[i].text for x, i in zip(found, expected))
    assert len(" ".join(found)) >= enough or len(found) == len(expected)
    before_last = len(" ".join(found[:-1])) if len(found) > 1 else -1  # (no text: -1, as one space less)
    assert not found or before_last < enough


@needs_kernel
def test_longest_texts_refuses_what_is_not_lines():
    with pytest.raises(TypeError):
        KERNEL.longest_texts(["not a Line"], 1, 1)
    with pytest.raises(TypeError):
        KERNEL.longest_texts([], "1", 1)
    text = "a" * 50
    big = [KERNEL.Line(text)] * 3
    before = sys.getrefcount(text)
    for _ in range(100):
        KERNEL.longest_texts(big, 10, 2)
    after = sys.getrefcount(text)
    assert after == before
