from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from corpus.html.blocks import linearize


def blocks_of(html: str):
    layout = linearize(LexborHTMLParser(html).body)
    return [(b.text, layout.tags[b.owner]) for b in layout.blocks]


def test_every_block_element_is_a_line_and_inline_text_joins_it():
    html = "<div>Intro <b>bold</b> <i>it</i><p>First<span> para</span></p><ul><li>One</li><li>Two</li></ul>tail</div>"
    assert blocks_of(html) == [("Intro bold it", "div"), ("First para", "p"), ("One", "li"), ("Two", "li"), ("tail", "div")]


def test_line_breaks_stay_inside_a_block_and_spaces_collapse():
    assert blocks_of("<p>  one\n  two<br>three  <br><br> four </p>") == [("one two\nthree\nfour", "p")]


def test_scripts_captions_and_hidden_elements_are_not_text():
    html = (
        "<p>Kept</p><script>var x = 1;</script><style>p {}</style><figure><img src=x><figcaption>Photo: AP</figcaption></figure>"
        "<p>Published <time>3 May</time> here</p><div hidden>secret</div><div style='display: none'>gone</div>"
        "<div aria-hidden='true'>icon</div><ruby>漢<rt>kan</rt></ruby>"
    )
    assert [text for text, _tag in blocks_of(html)] == ["Kept", "Published 3 May here", "漢"]


def test_link_text_is_counted():
    layout = linearize(LexborHTMLParser("<p>Read <a href='/x'>the full story</a> now</p><li><a href='/'>Home</a></li>").body)
    paragraph, item = layout.blocks
    assert paragraph.link_chars == len("the full story") and item.link_density == 1.0


def test_elements_know_what_they_hold():
    layout = linearize(LexborHTMLParser("<article class='Post Entry' id='Main'><p>a</p><div><p>b</p></div></article><p>c</p>").body)
    article = layout.tags.index("article")
    assert layout.names[article] == "post entry main"
    inside = [layout.holds(article, b.owner) for b in layout.blocks]
    assert inside == [True, True, False]


def test_deep_nesting_needs_no_recursion():
    depth = 3000
    layout = linearize(LexborHTMLParser("<div>" * depth + "deep" + "</div>" * depth).body)
    assert [b.text for b in layout.blocks] == ["deep"]


def test_empty_page():
    assert linearize(None).blocks == []
    assert linearize(LexborHTMLParser("").body).blocks == []


_TAGS = st.sampled_from(["div", "p", "span", "a", "b", "li", "ul", "h2", "br", "script", "td", "table", "time"])


@st.composite
def html_fragments(draw):
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(_TAGS)
        parts.append(draw(st.sampled_from([f"<{tag}>", f"</{tag}>", draw(st.text(max_size=20))])))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(html_fragments())
def test_any_markup_gives_clean_blocks_inside_their_owners(html):
    layout = linearize(LexborHTMLParser(html).body)
    for block in layout.blocks:
        assert block.text and block.text == block.text.strip()
        assert all(line == " ".join(line.split()) and line for line in block.text.split("\n"))
        assert 0 <= block.link_chars <= len(block.text)
        assert 0 <= block.owner < len(layout.tags) and layout.holds(0, block.owner)
    for element, parent in enumerate(layout.parents):
        assert parent < element and (parent < 0 or layout.holds(parent, element))
