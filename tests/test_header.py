from corpus.document import Document, Line
from corpus.metadata.header import is_headline, take_title

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
