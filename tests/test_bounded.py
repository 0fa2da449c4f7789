import tomllib
from pathlib import Path

import pytest
import re2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.errors import RulesError
from corpus.rulebook import bounded as bounded_module
from corpus.rulebook.bounded import BoundedPattern
from corpus.rulebook.loader import load_rules
from corpus.rulebook.relax import capture_counted

HEADER = tomllib.loads((Path(__file__).parent.parent / "rules/generic/header.toml").read_text())
HEADER_PATTERNS = [p for rule in HEADER["rule"] for p in rule.get("patterns", [])]
COUNTED = [p for p in HEADER_PATTERNS if capture_counted(p)]  # date-line, the Arabic byline, datelines
# Small patterns for the corner cases: a first branch that leaves a value too long, lazy
# and greedy, optional groups, several counted parts, escapes, flags.
SYNTHETIC = [
    r"^(a|ab)(?P<value>[b-z]{1,2})$",
    r"^(?P<value>[\pL ]{2,4}?)\s*(?P<date>\pN{1,2})",
    r"(?P<value>\p{Lu}{2,3})(?:, (?P<place>[\pL .'-]{2,5}))?\s*[-–]",
    r"(?i)^(?:by )?(?P<value>[\pL\pM ]{3,6})$",
    r"(?P<a>.{0,3})x(?P<value>\w{1,2}?)y?",
    r"^(?:(?P<value>\d{2,3})|\d{1,4}a)[\.,]{1,2}(?P<rest>\s{0,1}\S{2,3})",
    r"(?:(?P<value>[^\n]{1,3}?)في\s*(?P<date>\pN{1,2}))?\x41{1,2}",
    r"(x{1,2}|(?P<value>[a-c]{0,2}))(?P<b>b{2,3})",
]
ALPHABET = "ab cdxyzAB1234.,:-'/éÉßЖжبقلمكتفي٢ \u0301\u200bو漢"
TEXT = st.text(alphabet=ALPHABET, max_size=40)


def groups(pattern, found):
    if found is None:
        return None
    names = ["value", "date", "place", "a", "b", "rest"]
    return {name: found.group(name) for name in names if name in pattern.groupindex}


def bounded(source):
    made = BoundedPattern.of(source, re2.compile, lambda: re2.compile(source))
    assert made is not None, source
    return made


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(COUNTED + SYNTHETIC), TEXT)
@example(SYNTHETIC[0], "abcd")
@example(SYNTHETIC[0], "abc")
@example(COUNTED[0], "Published: " + "1" * 49 + " 2024")
@example(COUNTED[1], "بقلم " + "ب" * 58)
def test_the_bounded_pattern_finds_what_the_exact_pattern_finds(source, text):
    exact = re2.compile(source)
    assert groups(exact, bounded(source).search(text)) == groups(exact, exact.search(text))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(COUNTED), st.lists(st.sampled_from(["Published: ", "بقلم ", "ERBIL", ", ", "May 5, 2024",
                                                                         "ب" * 30, "Kurdistan Region" * 3, " (AFP) ", " - ", "x"]),
                                                        max_size=8).map("".join))
def test_header_patterns_on_header_like_lines(source, text):
    exact = re2.compile(source)
    assert groups(exact, bounded(source).search(text)) == groups(exact, exact.search(text))


def test_a_match_beyond_the_bounds_asks_the_exact_pattern(monkeypatch):
    pattern = bounded(SYNTHETIC[0])
    assert pattern.search("abcd").group("value") == "cd"  # "a" + "bcd" is too long: "ab" + "cd"
    assert pattern._exact is not None
    # Without the bound check (a deliberate bug), the widened match would be taken.
    monkeypatch.setattr(pattern, "bounds", [])
    assert pattern.search("abcd").group("value") == "bcd"


def test_the_exact_pattern_is_compiled_only_when_needed():
    pattern = bounded(COUNTED[0])
    assert pattern.search("Published: May 5, 2024").group("value") == "May 5, 2024"
    assert pattern.search("no date here?") is None
    assert pattern._exact is None


def test_rules_load_without_compiling_the_large_exact_patterns():
    rules = load_rules(Path(__file__).parent.parent / "rules")
    meta = [p for r in rules.generic if r.kind == "meta" for p in r.match.patterns]
    assert len(COUNTED) == 4 and sum(isinstance(p, BoundedPattern) for p in meta) == 3  # (one is small)
    assert all(p._exact is None for p in meta if isinstance(p, BoundedPattern))
    assert {p.pattern for p in meta} == set(HEADER_PATTERNS)


def write_rule(tmp_path, pattern):
    (tmp_path / "r.toml").write_text(f"[[rule]]\nid = \"m\"\nkind = \"meta\"\nfield = \"authors\"\npatterns = ['{pattern}']\n")
    return tmp_path


def test_a_too_large_pattern_is_still_rejected_at_load(tmp_path):
    with pytest.raises(RulesError, match="pattern too large"):
        load_rules(write_rule(tmp_path, r"^(?P<value>[\pL]{1,900})$"))


def test_a_bad_pattern_is_reported_as_written(tmp_path):
    with pytest.raises(RulesError, match="bad pattern") as err:
        load_rules(write_rule(tmp_path, r"^(?P<value>[\pL]{1,90})(?<=x)"))
    assert "{1,90})(?<=x)" in err.value.message  # (not the widened pattern)


def test_an_exact_pattern_failing_on_first_use_names_the_rule(tmp_path, monkeypatch):
    from corpus.rulebook import loader

    monkeypatch.setattr(loader, "_LAZY_MAX_PROGRAM", 10**9)  # as if the estimate were far off
    rules = load_rules(write_rule(tmp_path, r"^(?P<value>[\pL]{1,900})$"))
    (pattern,) = rules.generic[0].match.patterns
    assert isinstance(pattern, BoundedPattern)
    assert pattern.search("Åsa").group("value") == "Åsa"
    with pytest.raises(RulesError, match=r"rule 'generic:m'.*pattern too large"):
        pattern.search("Å" * 901)
    assert bounded_module  # (the module under test)
