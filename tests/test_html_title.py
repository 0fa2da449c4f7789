import pytest
from selectolax.lexbor import LexborHTMLParser

from corpus.html.blocks import linearize
from corpus.html.main_content import find_main_content
from corpus.html.title import choose_title, title_parts

ARTICLE = "".join(f"<p>Paragraph {i}: the council voted on Tuesday to extend the bus line to the new district.</p>" for i in range(8))


def title_of(body: str, declared: list[str], site_name: str | None = None) -> str | None:
    layout = linearize(LexborHTMLParser(f"<html><body>{body}</body></html>").body)
    return choose_title(layout, find_main_content(layout).element, declared, site_name)


def test_the_heading_that_matches_a_declared_title_without_the_site_name():
    body = f"<header><h1>Example News</h1></header><article><h1>Buses for the new district</h1>{ARTICLE}</article>"
    assert title_of(body, ["Buses for the new district | Example News"]) == "Buses for the new district"


def test_a_declared_title_that_is_part_of_another_beats_the_site_logo():
    body = f"<header><h1>Example News</h1></header><article>{ARTICLE}</article>"
    assert title_of(body, ["Buses for the new district", "Buses for the new district | Example News"]) == "Buses for the new district"


def test_the_headline_in_the_article_when_nothing_matches():
    body = f"<h1>Blog of Jane</h1><article><h1>Buses, at last</h1>{ARTICLE}</article>"
    assert title_of(body, ["Completely different SEO title"]) == "Buses, at last"


def test_without_headings_the_longest_part_of_the_declared_title():
    assert title_of(f"<article>{ARTICLE}</article>", ["Example News » Buses for the new district"]) == "Buses for the new district"
    assert title_of(f"<article>{ARTICLE}</article>", ["Buses – News – Example"], site_name="Example") == "Buses"
    assert title_of(f"<article>{ARTICLE}</article>", []) is None


def test_entities_left_in_declared_titles_are_decoded():
    assert title_of(f"<article>{ARTICLE}</article>", ["Buses &amp; trams &#8222;now&#8220;"]) == "Buses & trams „now“"


@pytest.mark.parametrize(
    "title, parts",
    [("A | B", ["A | B", "A", "B"]), ("A - B - C", ["A - B - C", "A", "B", "C"]), ("Well-known", ["Well-known"]), ("XUM1541: files to a C64", ["XUM1541: files to a C64"])],
)
def test_title_parts(title, parts):
    assert title_parts(title) == parts
