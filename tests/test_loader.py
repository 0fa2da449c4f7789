import functools
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpus.config import DEFAULT_RULES
from corpus.errors import RulesError
from corpus.rulebook.loader import load_rules, normalize_line
from tests.conftest import write_rules


def test_shipped_rules_load(rules):
    assert {s.name for s in rules.sites} >= {"Rudaw"}
    kinds = {r.kind for r in rules.generic}
    assert kinds == {"drop", "cut", "label", "meta", "css"}
    assert all(r.id.startswith("generic:") for r in rules.generic)
    assert all(r.id.startswith("rudaw:") for r in rules.site_named("Rudaw").rules)
    assert rules.date_order["de"] == "DMY" and "en" not in rules.date_order


def test_rules_hash_changes_with_any_rule_file(tmp_path):
    folder = write_rules(tmp_path / "r", '[[rule]]\nid = "a"\nkind = "drop"\nlines = ["x"]\n')
    first = load_rules(folder).digest
    write_rules(folder, '[[rule]]\nid = "a"\nkind = "drop"\nlines = ["y"]\n')
    assert load_rules(folder).digest != first
    assert load_rules(DEFAULT_RULES).digest == load_rules(DEFAULT_RULES).digest


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[rule]]\nid = "a"\nkind = "drop"\nlines = ["x"]\nbogus = 1\n', "unknown key for a drop rule: 'bogus'"),
        ('[[rule]]\nid = "a"\nkind = "drop"\npatterns = ["(?<=a)b"]\n', "bad pattern '(?<=a)b'"),
        ('[[rule]]\nid = "a"\nkind = "zap"\nlines = ["x"]\n', "kind 'zap' is not one of"),
        ('[[rule]]\nid = "a"\nkind = "drop"\n', "needs 'lines' or 'patterns'"),
        ('[[rule]]\nid = "a"\nkind = "cut"\nlines = ["x"]\nmin_position = 2\n', "'min_position' must be a number"),
        ('[[rule]]\nid = "a"\nkind = "meta"\nfield = "colour"\nlines = ["x"]\n', "field 'colour' is not one of"),
        ('[[rule]]\nid = "a"\nkind = "block"\nstart = {lines = ["x"]}\n', "needs a 'end' table"),
        ('[[rule]]\nkind = "drop"\nlines = ["x"]\n', "every [[rule]] needs an id"),
        ('[site]\nname = "X"\ncolour = "red"\n', "unknown [site] key 'colour'"),
        ('[date_order]\nen = "DDM"\n', "date order 'DDM'"),
        ("[[rule]\n", "not valid TOML"),
    ],
)
def test_bad_rules_name_the_file_and_rule(tmp_path, text, message):
    folder = write_rules(tmp_path / "r", text, "broken.toml")
    with pytest.raises(RulesError) as err:
        load_rules(folder)
    assert "broken.toml" in str(err.value)
    assert message in str(err.value)
    if "id" in text and "kind" in text and "[[rule]]\nid" in text:
        assert "generic:a" in str(err.value)


def test_duplicate_ids_are_an_error(tmp_path):
    rule = '[[rule]]\nid = "a"\nkind = "drop"\nlines = ["x"]\n'
    folder = write_rules(tmp_path / "r", rule, "one.toml")
    write_rules(folder, rule, "two.toml")
    with pytest.raises(RulesError, match="duplicate id"):
        load_rules(folder)


def test_missing_or_empty_folder(tmp_path):
    with pytest.raises(RulesError, match="rules folder not found"):
        load_rules(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(RulesError, match="no \\*.toml"):
        load_rules(tmp_path / "empty")


def test_pathological_pattern_runs_in_linear_time(tmp_path):
    # (a+)+$ takes exponential time in a backtracking engine on "aaaa...b".
    folder = write_rules(tmp_path / "r", '[[rule]]\nid = "evil"\nkind = "drop"\npatterns = ["(a+)+$"]\nmax_chars = 100000\n')
    rule = load_rules(folder).generic[0]
    start = time.perf_counter()
    assert not rule.match.search("a" * 50_000 + "b")
    assert time.perf_counter() - start < 1.0


def test_case_folding_keeps_white_space_and_never_shortens():
    # What the fingerprint search (and the exact-line lookup in linefilter) rely on:
    # folding a text changes no white space and gives at least one character for each.
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        assert len(folded) >= 1
        assert folded == char if char.isspace() else not any(c.isspace() for c in folded), hex(code)


@functools.lru_cache(maxsize=1)
def fingerprinted_rules():
    return load_rules(write_rules(Path(tempfile.mkdtemp()), FINGERPRINTED))


FINGERPRINTED = """[site]
name = "Example"
fingerprints = ["Example  moderates ALL comments", "ß Straße"]
"""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["example", "Moderates", "all", "comments", "EXAMPLE MODERATES", "x", " ", "\n",
                                 "\u00a0", "ss", "STRASSE", "ß", "straße", "\t"]), max_size=12).map("".join))
@example("Example moderates all\ncomments")
@example("SS STRASSE")
def test_fingerprint_search_equals_searching_the_normalized_text(text):
    rules = fingerprinted_rules()
    site = rules.sites[0]
    expected = site if any(fp in normalize_line(text) for fp in site.fingerprints) else None
    assert rules.site_by_fingerprint(text) == expected
