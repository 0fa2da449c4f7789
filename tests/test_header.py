from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.document import Document, Line
from corpus.metadata.header import HEADER_WINDOW, _kept_before, is_headline, take_title

BODY = "The US ambassador to Iraq held a meeting with the former prime minister on Sunday, his office said."


def test_title_and_subtitle_move_to_metadata():
    doc = Document(source="x", lines=[Line("Former PM meets US envoy after strike"), Line("Envoy Meets Former Premier Amid Tensions"), Line(BODY)])
    take_title(doc, body_start=2)
    assert doc.meta.title == "Former PM meets US envoy after strike"
    assert doc.meta.subtitle == "Envoy Meets Former Premier Amid Tensions"
    assert [x.text for x in doc.lines if x.kept] == [BODY]


def test_lead_sentence_is_not_a_subtitle():
    doc = Document(source="x", lines=[Line("Former PM meets US envoy after strike"), Line("A lead that reads like a sentence."), Line(BODY)])
    take_title(doc, body_start=2)
    assert doc.meta.subtitle is None


def test_no_headline_no_title():
    doc = Document(source="x", lines=[Line(BODY)])
    take_title(doc, body_start=0)
    assert doc.meta.title is None


def test_headline_shapes():
    assert is_headline("رئيس الوزراء العراقي الأسبق يلتقي بالمبعوث الأمريكي")
    assert is_headline("中国经济今年增长百分之五")
    assert not is_headline("Latest")
    assert not is_headline("21-11-2023 12:00")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.booleans(), max_size=40), st.integers(-50, 50))
def test_kept_lines_before_read_backwards_are_the_last_kept_of_all(kept, stop):
    lines = [Line(f"line {i}") for i in range(len(kept))]
    for line, keep in zip(lines, kept):
        if not keep:
            line.remove("test")
    expected = [line for line in lines[:stop] if line.kept][-HEADER_WINDOW:]
    assert [id(x) for x in _kept_before(lines, stop)] == [id(x) for x in expected]
