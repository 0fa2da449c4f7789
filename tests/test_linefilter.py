import re2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.document import Document, Line
from corpus.rulebook.engine import Context, apply_rules
from corpus.rulebook.linefilter import DocumentLines, LineFilter, is_single_spaced, normalize_line
from corpus.rulebook.loader import Matcher, RuleList, load_rules
from tests.conftest import write_rules

# Patterns whose meaning could change once lines are joined: anchors, word boundaries,
# classes that hold a line break, empty matches, and the ones that must not be joined.
TRICKY = [
    r"^A\s*[+-]?$", r"(?i)^share\b", r"\bfoo\b", r"x$", r"^$", r"[^a]b", r"\s{2,}", r"(?s)a.b", r"a\Wb",
    r"^", r"z*", r"\Bé", r"(?i)É", r"\d{4}$", r"(?m)^b", r"\Ab", r"b\z", r"\p{Lu}{2}",
]
LINE = st.text(alphabet="aAbBxzé É+-  \t\u00a0fo1234", max_size=12)


def matcher(*patterns: str, lines: tuple[str, ...] = ()) -> Matcher:
    return Matcher(frozenset(normalize_line(x) for x in lines), tuple(re2.compile(p) for p in patterns))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4), st.lists(LINE, max_size=12))
@example([r"^A\s*[+-]?$"], ["A+", "xA+", "A", ""])
@example([r"\Ab"], ["a", "b"])  # not joinable: searched line by line
@example([r"x$"], ["ax", "x\ny"])  # a line holding a break: line by line too
def test_joined_scan_finds_the_lines_each_pattern_finds_alone(patterns, texts):
    line_filter = LineFilter.of([matcher(*patterns)])
    expected = {i for i, text in enumerate(texts) if any(re2.compile(p).search(text) for p in patterns)}
    assert line_filter.pattern_lines(texts, "\n".join(texts)) == expected


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([1, 5, 16]), st.lists(st.sampled_from(TRICKY[:10]), min_size=1, max_size=3), st.lists(LINE, max_size=30))
def test_scan_windows_do_not_change_the_lines_found(window, patterns, texts):
    from corpus.rulebook import linefilter

    line_filter = LineFilter.of([matcher(*patterns)])
    expected = line_filter.pattern_lines(texts, "\n".join(texts))
    saved, linefilter._SCAN_WINDOW = linefilter._SCAN_WINDOW, window
    try:
        assert line_filter.pattern_lines(texts, "\n".join(texts)) == expected
    finally:
        linefilter._SCAN_WINDOW = saved


def test_a_long_document_with_many_matches(rules):
    texts = ["Share", "Tweet", "The minister spoke at length about the year. " * 3, "Print", ""] * 2000
    line_filter = rules.generic.line_filter
    assert line_filter.pattern_lines(texts) == {i for i, t in enumerate(texts) if line_filter.per_line.search(t)}


def test_unjoinable_patterns_are_searched_line_by_line():
    assert LineFilter.of([matcher(r"\Ab")]).joined is None
    assert LineFilter.of([matcher(r"(?m)^b")]).joined is None
    assert LineFilter.of([matcher(r"^b$")]).joined is not None


def test_lone_surrogate_is_searched_line_by_line_and_raises_as_before():
    line_filter = LineFilter.of([matcher("b")])
    try:
        line_filter.pattern_lines(["a\ud800", "b"], "a\ud800\nb")
    except UnicodeEncodeError:
        return
    raise AssertionError("RE2 takes no lone surrogate: the error must show, as it did per line")


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=10), st.lists(LINE, max_size=4), st.lists(st.sampled_from(TRICKY[:10]), max_size=2))
@example(["Share  THIS", "share this", " Share this "], ["Share this"], [])
def test_matches_answers_as_the_matcher(texts, exact, patterns):
    one = matcher(*patterns, lines=tuple(x for x in exact if x.strip()))
    other = matcher(r"\d", lines=("a b",))
    lines = DocumentLines(texts, LineFilter.of([one, other]))
    for index, text in enumerate(texts):
        assert lines.matches(one, index) == bool(one.search(text))
        assert lines.matches(other, index) == bool(other.search(text))


@given(st.lists(LINE, max_size=8))
def test_single_spaced_lines_fold_by_casefold_alone(texts):
    if is_single_spaced(texts, "\n".join(texts)):
        assert all(normalize_line(text) == text.casefold() for text in texts)


def test_runs_of_drop_and_label_rules_are_one_step(tmp_path):
    rules = '''
[[rule]]
id = "a"
kind = "drop"
lines = ["x"]
[[rule]]
id = "b"
kind = "label"
labels = ["Date"]
[[rule]]
id = "c"
kind = "cut"
lines = ["Comments"]
[[rule]]
id = "d"
kind = "drop"
lines = ["y"]
'''
    generic = load_rules(write_rules(tmp_path / "r", rules)).generic
    assert [step if isinstance(step, tuple) else (step,) for step in generic.steps] == [
        (generic[0], generic[1]), (generic[2],), (generic[3],)]


# The engine against the plain reading of the rules: every rule in order, every kept
# line asked with Matcher.search.
def reference(doc: Document, rules: RuleList) -> None:
    for rule in rules:
        kept = doc.kept_lines()
        if rule.kind in ("drop", "label"):
            for line in kept:
                if len(line.text) <= rule.max_chars and rule.match.search(line.text):
                    line.remove(rule.id)
        elif rule.kind == "cut":
            total, before = sum(len(x.text) for x in kept), 0
            for index, line in enumerate(kept):
                if len(line.text) <= rule.max_chars and total and before / total >= rule.min_position and rule.match.search(line.text):
                    for tail in kept[index:]:
                        tail.remove(rule.id)
                    break
                before += len(line.text)
        elif rule.kind == "block":
            index = 0
            while index < len(kept):
                if rule.match.search(kept[index].text):
                    window = kept[index + 1 : index + 1 + rule.max_lines]
                    end = next((i for i, x in enumerate(window) if rule.end.search(x.text)), None)
                    if end is not None:
                        for line in kept[index : index + end + 2]:
                            line.remove(rule.id)
                        index += end + 2
                        continue
                index += 1


DEBRIS = [
    "Share", "share  THIS", "A+ A-", "Read more", "Read also: Other story", "Date:", "Comments", "The Latest",
    "© 2024 Rudaw", "Rudaw moderates all comments submitted on our website", "Comments are not edited",
    "We use cookies to improve your experience. By continuing you accept cookies.", "Tweet", "Print",
    "Sign up for our newsletter", "اقرأ المزيد", "3 comments", "Leave a Reply", "Loading...",
    "The minister met the ambassador on Sunday and spoke at length about the coming year.",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(DEBRIS), LINE.filter(str.strip)), max_size=30))
def test_engine_removes_what_rule_by_rule_removes(rules, texts):
    for rule_list in (rules.generic, *(site.rules for site in rules.sites)):
        filtered = RuleList.of([r for r in rule_list if r.kind != "meta"])  # meta rules take fields, tested apart
        doc = Document(source="t.txt", lines=[Line(x) for x in texts])
        expected = Document(source="t.txt", lines=[Line(x) for x in texts])
        apply_rules(doc, filtered, Context())
        reference(expected, filtered)
        assert [x.removed_by for x in doc.lines] == [x.removed_by for x in expected.lines]


_ANY_LINE = st.text(alphabet=st.sampled_from("aAbBxzé É+-1\t\u00a0\u0663ق€"), max_size=16)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TRICKY), _ANY_LINE)
@example(r"\p{Lu}{2}", "ÉÉ")
@example("^$", "")
def test_found_answers_as_the_wrappers_search(pattern, text):
    from corpus.rulebook.linefilter import found

    compiled = re2.compile(pattern)
    assert found(compiled, text) == (compiled.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TRICKY[:10]), min_size=1, max_size=3), st.lists(LINE, max_size=30),
       st.integers(0, 40), st.integers(0, 40))
def test_scan_from_any_position_starts_where_the_wrappers_search_does(patterns, texts, a, b):
    from corpus.rulebook.linefilter import _start

    union = LineFilter.of([matcher(*patterns)]).joined
    data = "\n".join(texts).encode("utf-8")
    position, end = sorted((min(a, len(data)), min(b, len(data))))
    match = union.search(data, position, end)
    assert _start(union, data, position, end) == (-1 if match is None else match.start())


GROUPED = [
    r"^(?P<value>\p{Lu}\pL*)", r"(?P<value>é+)|(?P<date>\d{4})", r"(?i)by\s*(?P<value>[\pL ]{2,})?$", r"(?P<value>x?)",
    r"(?P<date>\pN+)\s*(?P<value>\pL)", r"a\C(?P<value>.)",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(GROUPED), _ANY_LINE)
@example(r"(?i)by\s*(?P<value>[\pL ]{2,})?$", "By Élé")
@example(r"a\C(?P<value>.)", "aéb")  # \C: through the wrapper
def test_search_answers_as_the_wrappers_search(pattern, text):
    from corpus.rulebook.linefilter import search

    compiled = re2.compile(pattern)
    ours, theirs = search(compiled, text), compiled.search(text)
    assert (ours is None) == (theirs is None)
    for name in ("value", "date", "other"):
        if ours is not None:
            try:
                expected = theirs.group(name)
            except IndexError:
                try:
                    ours.group(name)
                except IndexError:
                    continue
                raise AssertionError("a group the pattern has not")
            assert ours.group(name) == expected


# corpus.rulebook._linefilter (C) against its spec, the Python functions of linefilter.py.
_ANY_LINE = st.text(st.one_of(st.characters(), st.sampled_from("  \n\t\xa0\u2028\x7f\xad\u0301ßİK")), max_size=30)


def _kernel_or_skip():
    import pytest

    from corpus.rulebook.linefilter import KERNEL

    if KERNEL is None:
        pytest.skip("corpus.rulebook._linefilter is not built (or CORPUS_PURE_PYTHON)")
    return KERNEL


@settings(max_examples=500)
@given(st.lists(st.one_of(LINE, _ANY_LINE), max_size=8), st.sampled_from(["\n", " \n", "\n\n", ""]))
@example([], "\n")
@example([""], "\n")
@example(["a", ""], "\n")
def test_is_single_spaced_in_c_is_the_spec(texts, separator):
    kernel = _kernel_or_skip()
    joined = separator.join(texts)
    assert kernel.is_single_spaced(joined, len(texts)) == is_single_spaced(texts, joined)


def test_is_single_spaced_in_c_on_every_character():
    import sys

    kernel = _kernel_or_skip()
    for code in range(sys.maxunicode + 1):
        for texts in ([chr(code)], ["a" + chr(code) + "b"], ["\u0100", chr(code)]):
            joined = "\n".join(texts)
            assert kernel.is_single_spaced(joined, len(texts)) == is_single_spaced(texts, joined), hex(code)


@settings(max_examples=500)
@given(st.lists(st.one_of(LINE, _ANY_LINE, st.sampled_from(["Share THIS", "SHARE", "Straße", "STRASSE", "ﬁne", "İ", "ZOOM", "Zürich", "AZ"])), max_size=10),
       st.integers(0, 12))
def test_exact_folds_in_c_are_the_spec(texts, limit):
    from corpus.rulebook.linefilter import exact_folds

    kernel = _kernel_or_skip()
    exact = frozenset(["share this", "share", "strasse", "fine", "i̇", "", "a b", "é", "zoom", "zürich", "az"] + [t.casefold() for t in texts[:2]])
    assert kernel.exact_folds(texts, exact, limit) == exact_folds(texts, exact, limit)


@settings(max_examples=500)
@given(st.one_of(_ANY_LINE, st.text(max_size=100), st.text(st.characters(max_codepoint=0x2FF), max_size=100)))
@example("Straße ﬁne İstanbul ΐ Σ ς ß" * 50)
def test_casefold_in_c_is_str_casefold(text):
    kernel = _kernel_or_skip()
    assert kernel.casefold(text) == text.casefold()


def test_casefold_in_c_on_every_character():
    import sys

    kernel = _kernel_or_skip()
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert kernel.casefold(every) == every.casefold()
    assert kernel.casefold("ß" * 10_000 + "a") == ("ß" * 10_000 + "a").casefold()  # (grows its buffer)


@settings(max_examples=500)
@given(st.lists(st.one_of(LINE, _ANY_LINE, st.text(max_size=60), st.sampled_from(["\ud800", "a\udfff", "😀é", "x\ny"])), max_size=10),
       st.integers(-1, 12))
@example([], -1)
@example([""], 0)
@example(["ab", "a\ud800b" * 10], 3)  # a lone surrogate in a long line: searched line by line all the same
@example(["ab", "a\nb" * 10], 3)  # a line break in a long line
def test_short_lines_utf8_in_c_is_the_spec(texts, limit):
    from corpus.rulebook.linefilter import short_lines_utf8

    kernel = _kernel_or_skip()
    assert kernel.short_lines_utf8(texts, limit) == short_lines_utf8(texts, limit)


_SPACES = st.sampled_from([" ", "  ", "\t", "\xa0", "\u2028", "\x1c", "\u3000", "\x85", "\n"])


@settings(max_examples=500)
@given(st.lists(st.one_of(LINE, _ANY_LINE, st.lists(st.one_of(_SPACES, st.sampled_from(["Share", "THIS", "Straße", "ﬁne", "İ", "é"])),
                                                          max_size=6).map("".join)), max_size=10),
       st.integers(0, 12))
@example(["  Share\xa0 THIS ", "share this", "STRASSE", "Straße"], 10)
@example(["x" * 5 + " " * 50], 6)  # long, but all white space past its fifth character
def test_exact_lines_in_c_are_the_spec(texts, limit):
    from corpus.rulebook.linefilter import exact_lines

    kernel = _kernel_or_skip()
    exact = frozenset(x for x in ["share this", "share", "strasse", "fine", "i̇", "", "a b", "é", "xxxxx"] + [normalize_line(t) for t in texts[:3]]
                      if len(x) <= limit)
    expected = {i: f for i, t in enumerate(texts) if (f := normalize_line(t)) in exact}
    assert kernel.exact_lines(texts, exact, limit) == exact_lines(texts, exact, limit) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY[:13]), min_size=1, max_size=4), st.lists(st.one_of(LINE, _ANY_LINE), max_size=12),
       st.integers(-1, 14))
@example([r"^$"], ["toolong", "x"], 3)  # a long line is scanned empty: not a match of its own
def test_short_pattern_lines_are_the_pattern_lines_short_enough(patterns, texts, limit):
    line_filter = LineFilter.of([matcher(*patterns)], longest_line=limit)
    try:
        everything = line_filter.pattern_lines(texts)
    except UnicodeEncodeError:  # a lone surrogate: raised all the same
        try:
            line_filter.short_pattern_lines(texts)
        except UnicodeEncodeError:
            return
        raise AssertionError("a lone surrogate must raise as before")
    short = {i for i in everything if limit < 0 or len(texts[i]) <= limit}
    ours = line_filter.short_pattern_lines(texts)
    assert short <= ours <= everything
    expected = {i for i, text in enumerate(texts) if (limit < 0 or len(text) <= limit)
                and any(re2.compile(p).search(text) for p in patterns)}
    assert ours == expected  # (these patterns have no counted repetition to relax)


def test_document_lines_on_real_pages_agree_with_asking_every_rule(rules):
    from pathlib import Path

    from corpus.text.fixers import normalize

    generic = rules.generic
    for path in sorted(Path("seeds").glob("*.txt")):
        texts = [x for x in normalize(path.read_text("utf-8"))[0].split("\n") if x]
        lines = DocumentLines(texts, generic.line_filter)
        for rule in generic:
            if rule.kind in ("drop", "label", "cut"):
                for index, text in enumerate(texts):
                    if len(text) <= rule.max_chars:
                        assert lines.matches(rule.match, index) == bool(rule.match.search(text)), (rule.id, text)
