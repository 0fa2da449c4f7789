from selectolax.lexbor import LexborHTMLParser

from corpus.html.byline import byline_authors


def authors_of(body: str) -> list[str]:
    return byline_authors(LexborHTMLParser(f"<html><body>{body}</body></html>"))


def test_schema_org_author_name():
    body = "<p>By <span itemprop='author' itemscope><span itemprop='name'>Jane Doe</span></span>, 3 May 2022</p>"
    assert authors_of(body) == ["Jane Doe"]


def test_rel_author_link_before_generic_byline_classes():
    body = "<div class='byline'>Photos: Max Muster</div><a rel='author' href='/jane'>Jane Doe</a>"
    assert authors_of(body) == ["Jane Doe"]


def test_labels_and_several_names():
    assert authors_of("<p class='post-byline'>Written by Jane Doe and Max Muster</p>") == ["Jane Doe", "Max Muster"]
    assert authors_of("<div class='submitted'>Gespeichert von <span class='username'>rasos</span></div>") == ["rasos"]


def test_comment_authors_dates_and_form_fields_are_no_bylines():
    body = (
        "<ol class='comment-list'><li><span class='comment-author'>Troll 42</span></li></ol>"
        "<form><input id='author' name='author'></form><span class='author-date'>12. Mai 2023</span>"
    )
    assert authors_of(body) == []


def test_long_author_boxes_are_bios_not_bylines():
    bio = "Jane Doe has written about transport for twenty years and lives in a small town by the sea with two cats."
    assert authors_of(f"<div class='author-bio'>{bio}</div>") == []
