import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.document import Document, Line
from corpus.rulebook.engine import Context, apply_rules, take_first, take_meta
from corpus.rulebook.loader import load_rules
from tests.conftest import write_rules

PARAGRAPH = "The minister met the ambassador on Sunday and spoke about the coming year at some length. " * 3


def doc_of(*lines: str) -> Document:
    return Document(source="t.txt", lines=[Line(x) for x in lines])


def rules_from(tmp_path, text):
    return load_rules(write_rules(tmp_path / "r", text)).generic


def kept(doc):
    return [x.text for x in doc.lines if x.kept]


def test_drop_by_exact_line_and_pattern(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "d"\nkind = "drop"\nlines = ["Share this"]\npatterns = ["^A\\\\+ A-$"]\n')
    doc = doc_of("share  THIS", PARAGRAPH, "A+ A-")
    apply_rules(doc, rules, Context())
    assert kept(doc) == [PARAGRAPH]
    assert doc.rule_ids() == ["generic:d"]


def test_drop_never_takes_a_long_line(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "d"\nkind = "drop"\npatterns = ["minister"]\n')
    doc = doc_of(PARAGRAPH, "minister")
    apply_rules(doc, rules, Context())
    assert kept(doc) == [PARAGRAPH]


def test_cut_removes_the_tail_from_its_marker(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "c"\nkind = "cut"\nlines = ["Latest stories"]\n')
    doc = doc_of(PARAGRAPH, PARAGRAPH, "Latest stories", "Teaser of the next article")
    apply_rules(doc, rules, Context())
    assert kept(doc) == [PARAGRAPH, PARAGRAPH]
    assert doc.removed_chars() == {"generic:c": len("Latest stories") + len("Teaser of the next article")}


def test_cut_is_guarded_near_the_start(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "c"\nkind = "cut"\nlines = ["Comments"]\n')
    doc = doc_of("Comments", PARAGRAPH, PARAGRAPH)  # a menu item, not the comment section
    apply_rules(doc, rules, Context())
    assert len(kept(doc)) == 3


def test_cut_marker_must_be_a_short_line_of_its_own(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "c"\nkind = "cut"\npatterns = ["Comments"]\n')
    doc = doc_of(PARAGRAPH, PARAGRAPH, "Comments on the budget came from every party in parliament on Monday.", "x")
    apply_rules(doc, rules, Context())
    assert len(kept(doc)) == 4


def test_block_between_markers_and_unclosed_block(tmp_path):
    rule = '[[rule]]\nid = "b"\nkind = "block"\nstart = {lines = ["Ad"]}\nend = {lines = ["End ad"]}\nmax_lines = 3\n'
    rules = rules_from(tmp_path, rule)
    doc = doc_of(PARAGRAPH, "Ad", "buy", "now", "End ad", PARAGRAPH)
    apply_rules(doc, rules, Context())
    assert kept(doc) == [PARAGRAPH, PARAGRAPH]
    unclosed = doc_of(PARAGRAPH, "Ad", "a", "b", "c", "d", "End ad")
    apply_rules(unclosed, rules, Context())
    assert len(kept(unclosed)) == 7  # the end is beyond max_lines: nothing goes


def test_label_drops_only_empty_labels(tmp_path):
    rules = rules_from(tmp_path, '[[rule]]\nid = "l"\nkind = "label"\nlabels = ["Date", "التاريخ"]\n')
    doc = doc_of("Date:", "date", "التاريخ :", "Date: 21-11-2023", PARAGRAPH)
    apply_rules(doc, rules, Context())
    assert kept(doc) == ["Date: 21-11-2023", PARAGRAPH]


def test_meta_date_line_needs_a_real_date(rules):
    doc = doc_of("Budget 2024", "Sunday, January 21, 2024", PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="en"))
    assert doc.meta.published == dt.date(2024, 1, 21)
    assert doc.meta.published_from == "generic:date-line"
    assert kept(doc) == ["Budget 2024", PARAGRAPH]


def test_headline_mentioning_a_date_is_not_a_date_line(rules):
    doc = doc_of("Vote on new budget set for May 5, 2024 after long talks", PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="en"))
    assert doc.meta.published is None
    assert len(kept(doc)) == 2


def test_ambiguous_date_is_left_unset_with_a_note(rules):
    doc = doc_of("05-06-2023", PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="en"))
    assert doc.meta.published is None
    assert "ambiguous date" in doc.meta.notes[0]
    doc = doc_of("05-06-2023", PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="de", date_order="DMY"))
    assert doc.meta.published == dt.date(2023, 6, 5)


def test_byline_and_dateline(rules):
    doc = doc_of("By Jane Doe and John Roe", "ERBIL, Kurdistan Region - " + PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="en"))
    assert doc.meta.authors == ["Jane Doe", "John Roe"]
    assert doc.meta.dateline == "ERBIL, Kurdistan Region"
    assert kept(doc) == ["ERBIL, Kurdistan Region - " + PARAGRAPH]  # the paragraph stays


def test_meta_rules_look_only_at_the_header(rules):
    doc = doc_of(*([PARAGRAPH] * 10), "By Jane Doe")
    apply_rules(doc, rules.generic, Context(language="en"))
    assert doc.meta.authors == []


def test_generic_rules_remove_common_debris(rules):
    debris = ["A+ A-", "Share on Facebook", "Read more", "Post a comment", "Required", "© 2024 Rudaw. All rights reserved",
              "We use cookies to improve your experience. By continuing you accept our use of cookies.",
              "Sign up for our daily newsletter", "اقرأ المزيد", "أضف تعليقا", "جميع الحقوق محفوظة 2024"]
    doc = doc_of(PARAGRAPH, *debris, PARAGRAPH)
    apply_rules(doc, rules.generic, Context(language="en"))
    assert kept(doc) == [PARAGRAPH, PARAGRAPH]


HEADER_LINES = [
    "By Jane Doe and John Roe", "Von Max Mustermann | dpa", "Autor: Anna Schmidt", "بقلم: أحمد علي",
    "ERBIL, Kurdistan Region - The minister said", "كييف في21 يناير 2024 – قال", "Published: 21 January 2024",
    "Sunday, January 21, 2024", "05-06-2023", "Home", "Rudaw", "by the way this is prose", PARAGRAPH,
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(HEADER_LINES), max_size=14), st.sampled_from(["en", "de", "ar"]))
def test_take_first_equals_asking_every_rule_on_every_line(rules, texts, language):
    meta_rules = [r for r in rules.generic if r.kind == "meta"]
    ctx = Context(language=language, date_order="DMY")
    for group in [*([r] for r in meta_rules), meta_rules]:
        doc, expected = doc_of(*texts), doc_of(*texts)
        taken = take_first(doc, group, ctx, doc.lines)
        reference = next((True for line in expected.lines for r in group if take_meta(expected, r, ctx, line)), False)
        assert taken == reference
        assert doc.meta == expected.meta
        assert [x.removed_by for x in doc.lines] == [x.removed_by for x in expected.lines]
