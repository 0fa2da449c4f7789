from selectolax.lexbor import LexborHTMLParser

from corpus.html.blocks import linearize
from corpus.html.main_content import PARAGRAPH_CHARS, find_main_content

SENTENCE = "The council voted on Tuesday to extend the bus line to the new district, after a long debate"


def paragraphs(count: int, prefix: str = "Paragraph") -> str:
    return "".join(f"<p>{prefix} {i}: {SENTENCE}.</p>" for i in range(count))


def main_text(body: str) -> str:
    return "\n".join(find_main_content(linearize(LexborHTMLParser(f"<html><body>{body}</body></html>").body)).lines)


def menu(count: int = 12) -> str:
    return "<ul class='nav'>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(count)) + "</ul>"


def test_the_element_with_the_prose_is_the_article_and_menus_stay_out():
    text = main_text(f"<div>{menu()}</div><div class='x'><h1>Title</h1>{paragraphs(6)}</div><div>{menu()}</div>")
    assert "Paragraph 0" in text and "Paragraph 5" in text
    assert "Section" not in text


def test_comments_and_related_boxes_inside_the_article_go_by_their_names():
    body = (
        f"<article>{paragraphs(6)}"
        "<div class='related-posts'><h3>Related</h3><p>Another story about buses that someone wrote last week, in full.</p></div>"
        "<div id='comments'><p>I think this is a terrible idea and the council should resign at once.</p></div>"
        "</article>"
    )
    text = main_text(body)
    assert "Paragraph 5" in text
    assert "Another story" not in text and "terrible idea" not in text and "Related" not in text


def test_a_wrapper_named_like_boilerplate_is_not_believed():
    # themes put "has-sidebar" or a cookie consent class on the wrapper of everything
    text = main_text(f"<div class='site has-sidebar cookieconsent'><h1>Title</h1>{paragraphs(6)}</div>")
    assert "Paragraph 3" in text


def test_heading_over_a_link_list_goes_with_it():
    body = f"<article>{paragraphs(6)}<h2>Read more</h2><ul>" + "".join(
        f"<li><a href='/{i}'>Other story number {i}</a></li>" for i in range(5)
    ) + "</ul></article>"
    text = main_text(body)
    assert "Paragraph 5" in text and "Read more" not in text and "Other story" not in text


def test_labels_in_divs_go_when_the_article_is_written_in_paragraphs():
    assert len(SENTENCE) * 20 > PARAGRAPH_CHARS
    body = f"<article><div>Updated: 3 May</div>{paragraphs(20)}<div>Share this</div><div class='x'>Print</div></article>"
    text = main_text(body)
    assert "Paragraph 19" in text and "Updated" not in text and "Share this" not in text


def test_the_lead_between_headline_and_article_body_is_kept():
    body = (
        f"<div>{menu(30)}<h1>Buses for the new district</h1><div class='standfirst'>The council wants the line "
        "extended before the first families move in next spring, the mayor said.</div>"
        f"<div class='body'>{paragraphs(8)}</div>{menu(30)}</div>"
    )
    text = main_text(body)
    assert text.startswith("The council wants the line") and text.endswith("a long debate.")


def test_cjk_prose_counts_like_latin_prose():
    sentence = "市议会周二投票决定将公交线路延伸到新区，此前经过了长时间的辩论。"
    found = find_main_content(linearize(LexborHTMLParser(f"<div>{sentence * 2}</div><div>{menu()}</div>").body))
    assert found.prose_chars >= 3 * len(sentence * 2)


def test_a_page_without_text():
    found = find_main_content(linearize(LexborHTMLParser("<html><body></body></html>").body))
    assert found.lines == [] and found.prose_chars == 0
