from selectolax.lexbor import LexborHTMLParser

from corpus.html.fallback import LxmlPage, trafilatura_text


def test_the_lxml_tree_is_made_once_and_only_when_asked():
    page = LxmlPage(LexborHTMLParser("<html><body><p>Text</p></body></html>"))
    assert page._tree is None and not page._parsed
    tree = page.tree
    assert tree is page.tree and tree.tag == "html"


def test_trafilatura_extracts_the_article_of_the_page():
    body = "".join(f"<p>Paragraph {i}: the council voted on Tuesday to extend the bus line to the new district.</p>" for i in range(8))
    page = LxmlPage(LexborHTMLParser(f"<html><body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>"))
    text = trafilatura_text(page, None)
    assert "Paragraph 7" in text and "Home" not in text


def test_an_empty_page_has_no_text():
    assert trafilatura_text(LxmlPage(LexborHTMLParser("")), None) == ""
