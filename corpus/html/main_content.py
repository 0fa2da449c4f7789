"""The main content of a page: the element that holds the most prose and the least
boilerplate, and the lines inside it.

A block is prose when it is long and mostly not link text; link lists (menus, teasers),
short fragments and what a class or id names as page furniture count against the
element holding them. The element where prose minus boilerplate is greatest is the
article (or its parent, when that holds much more prose: an article in parts). Inside
it, boilerplate boxes (share buttons, related stories, comments), link lists, button
labels, the headings over them and short lines after the last paragraph are left out;
a lead standing between the headline and the article's element is added. The rules
are structural and hold in every language: no word lists beyond class names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.html.blocks import Block, Layout

# A block this long (CJK characters count three) is a sentence or more, not a label.
PROSE_CHARS = 60
# Link text above this share makes a block a menu or a list of teasers.
LINKY = 0.5
# Against the element holding them, link lists weigh as much as prose; short fragments
# (labels, dates, buttons) and what a class names as boilerplate less, as the lines
# step removes them anyway. Measured on the development set: weights from 0.15 to 1
# for fragments and 0.5 to 1.5 for links move F1 by less than 0.003.
LINK_WEIGHT = 1.0
FRAGMENT_WEIGHT = 0.3
BOILERPLATE_WEIGHT = 0.3
# When the chosen element holds this much paragraph (<p>) text, text outside paragraphs,
# headings, lists, quotes and tables is left out: labels, dates and buttons in <div>s.
# trafilatura does the same from 750 characters; 750 to 2000 measured alike here.
PARAGRAPH_CHARS = 1500
# Inside the article, a block with this share of link text goes (a list of links) when it
# is shorter than LINK_LIST_CHARS; a longer paragraph of links goes from LINK_LIST_SHARE.
LINK_LIST_CHARS = 100
LINK_LIST_SHARE = 0.8

# Class and id words of page furniture. Long words are matched anywhere in a class or
# id ("cmplz-cookiebanner"), short ones only as a word ("nav-main", not "canvas"), and
# a few only as a whole class: "hidden-xs" and "elementor-widget" wrap visible content.
_BOILERPLATE = re.compile(
    r"comment|cookie|consent|gdpr|share|sharing|social|related|newsletter|subscri|promo|advert|sponsor|"
    r"sidebar|breadcrumb|crumbs|popup|modal|footer|banner|byline|author|navigation|pagination|rating|disqus|"
    r"outbrain|taboola|caption|credit|copyright|teaser|"
    r"(?:^|[\s_-])(?:nav|navbar|menu|ad|ads|tags|tag-list|meta|respond|reply|login|more|next|prev|pager|toolbar)"
    r"(?:$|[\s_-])|"
    r"(?:^|\s)(?:hidden|hide|noprint|widget|widget_\S*)(?:$|\s)"
)
# Class, id and itemprop words of the article's own container.
_CONTENT = re.compile(
    r"articlebody|article-body|article__body|article-content|article__content|article-text|articletext|"
    r"entry-content|post-content|post-body|post-text|postcontent|story-body|story-content|storycontent|"
    r"main-content|content-body|text-content|body-text|page-content|single-content|blog-content"
)
# Elements that are (or hold) the article whatever their class says: the page, its main
# part, an article, and the headline.
_CONTENT_TAGS = frozenset({"html", "body", "main", "article", "h1"})
# Short lines after the last paragraph of prose are the article's furniture ("Share",
# "Tags: x", a date) rather than its text. Measured: 30 gains 0.001 F1, 60 loses recall.
TAIL_FRAGMENT_CHARS = 30
# A line this short ending with a colon labels what follows it, like a heading.
LABEL_CHARS = 60
# The parent of the best element is taken instead when it holds this many times its
# prose and at least this share of its score (climbing repeats). Measured: it takes
# 10 more pages without fallback at the same F1; ratios 1.1 to 1.5 and shares 0.3 to
# 0.8 measured alike.
WIDEN_PROSE_RATIO = 1.5
WIDEN_SCORE_SHARE = 0.3
# A line that is only the label of a share or print button (trafilatura's list).
_BUTTON = re.compile(
    r"\W*(?:drucken|e-?mail|facebook|flipboard|google|instagram|linkedin|mail|pdf|pinterest|pocket|print|reddit|"
    r"twitter|wechat|weibo|whatsapp|xing|mehr zum thema:?|more on this.{,8})\W*$",
    re.IGNORECASE,
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class MainContent:
    lines: list[str]
    element: int  # the element chosen, numbered as in the layout
    prose_chars: int  # prose in the chosen element
    page_prose_chars: int  # prose on the whole page


def effective_length(text: str) -> int:
    """Characters, with CJK characters (three UTF-8 bytes) counted three times: a CJK
    sentence says as much as a three times longer one in a Latin script.

    >>> effective_length("abc"), effective_length("新闻报道")
    (3, 12)
    """
    utf8 = len(text.encode("utf-8"))
    return utf8 if utf8 >= 2.5 * len(text) else len(text)


def _is_prose(block: Block, length: int) -> bool:
    return length >= PROSE_CHARS and block.link_density < LINKY


def _subtree_sums(layout: Layout, values: list) -> list:
    """Each element's value plus those of every element inside it."""
    sums = list(values)
    parents = layout.parents
    # Children are numbered after their parents: one pass from the end sums subtrees.
    for element in range(len(sums) - 1, 0, -1):
        sums[parents[element]] += sums[element]
    return sums


def find_main_content(layout: Layout) -> MainContent:
    """The article's element in ``layout`` and its lines."""
    n = len(layout.tags)
    if not n:
        return MainContent([], 0, 0, 0)
    lengths = [effective_length(b.text) for b in layout.blocks]
    own_prose = [0] * n
    own_blocks = [0] * n
    for block, length in zip(layout.blocks, lengths):
        own_blocks[block.owner] += 1
        if _is_prose(block, length):
            own_prose[block.owner] += length
    prose = _subtree_sums(layout, own_prose)
    blocks = _subtree_sums(layout, own_blocks)
    holds_content = _holds_content(layout)
    named = [bool(names) and _BOILERPLATE.search(names) is not None for names in layout.names]
    # On the page, a name is not believed on an element holding half of it, or half its prose.
    boilerplate = _inherit(layout, [
        named[e] and not holds_content[e] and blocks[e] * 2 < blocks[0] and prose[e] * 2 < prose[0]
        for e in range(n)
    ])
    score = [0.0] * n
    for block, length in zip(layout.blocks, lengths):
        if boilerplate[block.owner]:
            score[block.owner] -= BOILERPLATE_WEIGHT * length
        elif block.link_density >= LINKY:
            score[block.owner] -= LINK_WEIGHT * length
        elif _is_prose(block, length):
            score[block.owner] += length
        else:
            score[block.owner] -= FRAGMENT_WEIGHT * length
    score = _subtree_sums(layout, score)
    best = max(range(n), key=lambda e: (score[e], e))
    best = _widen(layout, best, prose, score)
    # Inside the article, a name is believed on what holds less than half its prose.
    inside = _inherit(layout, [
        named[e] and not holds_content[e] and e != best and layout.holds(best, e)
        and prose[e] * 2 < max(1, prose[best])
        for e in range(n)
    ])
    lines = _lead(layout, best, boilerplate, lengths) + _lines(layout, best, inside)
    return MainContent(lines, best, prose[best], prose[0])


def _lead(layout: Layout, best: int, boilerplate: list[bool], lengths: list[int]) -> list[str]:
    """Prose between the headline (an <h1> before the article's element) and that
    element: a lead or standfirst kept in the page's header. Measured on the development
    set: 44 more article segments found, 7 more boilerplate ones."""
    blocks = layout.blocks
    first = next((i for i, block in enumerate(blocks) if layout.holds(best, block.owner)), None)
    if not first:  # no block before the article's element (or none in it)
        return []
    headline = next((i for i in range(first - 1, -1, -1) if _in_headline(layout, blocks[i].owner)), None)
    if headline is None:
        return []
    return [
        block.text
        for i, block in enumerate(blocks[headline + 1 : first], headline + 1)
        if lengths[i] >= PROSE_CHARS and block.link_density < LINKY and not boilerplate[block.owner]
    ]


def _in_headline(layout: Layout, element: int) -> bool:
    """An <h1>, or an element right inside one (<h1><span>...)."""
    parent = layout.parents[element]
    return layout.tags[element] == "h1" or (parent >= 0 and layout.tags[parent] == "h1")


def _is_link_list(block: Block) -> bool:
    density = block.link_density
    return density >= LINKY and (len(block.text) < LINK_LIST_CHARS or density >= LINK_LIST_SHARE)


def _is_heading(layout: Layout, block: Block) -> bool:
    """A heading, or a label that introduces what follows it ("Read more:").

    >>> from corpus.html.blocks import Layout
    >>> layout = Layout(tags=["div", "h2"])
    >>> _is_heading(layout, Block("Related", 1, 0)), _is_heading(layout, Block("Contact:", 0, 0))
    (True, True)
    """
    text = block.text
    return layout.tags[block.owner] in _HEADINGS or (len(text) < LABEL_CHARS and text.endswith(":"))


def _widen(layout: Layout, best: int, prose: list[int], score: list[float]) -> int:
    """An article split in parts (a lead, then the body after an embedded box) is held
    by an ancestor of the best element: climb while the parent holds much more prose
    and is not much worse."""
    while best > 0:
        parent = layout.parents[best]
        if prose[parent] < WIDEN_PROSE_RATIO * prose[best] or score[parent] < WIDEN_SCORE_SHARE * score[best]:
            break
        best = parent
    return best


def _lines(layout: Layout, best: int, boilerplate: list[bool]) -> list[str]:
    """The text of the blocks inside ``best``, less boilerplate and link lists. A heading
    goes with what follows it: over a link list or a boilerplate box it is that box's
    title ("Related stories")."""
    inside = [b for b in layout.blocks if layout.holds(best, b.owner)]
    keep = [not boilerplate[b.owner] and not _is_link_list(b) and not _BUTTON.match(b.text) for b in inside]
    text_tagged = _text_tagged(layout, best)
    paragraph_chars = sum(len(b.text) for b, kept in zip(inside, keep) if kept and layout.tags[b.owner] == "p")
    if paragraph_chars >= PARAGRAPH_CHARS:
        keep = [kept and text_tagged[b.owner] for b, kept in zip(inside, keep)]
    prose_lines = [i for i, b in enumerate(inside) if keep[i] and effective_length(b.text) >= PROSE_CHARS]
    for index in range(prose_lines[-1] + 1 if prose_lines else len(inside), len(inside)):
        keep[index] = keep[index] and effective_length(inside[index].text) >= TAIL_FRAGMENT_CHARS
    for index in range(len(inside) - 1, -1, -1):
        if keep[index] and _is_heading(layout, inside[index]):
            keep[index] = index + 1 < len(inside) and keep[index + 1]
    return [b.text for b, kept in zip(inside, keep) if kept]


_TEXT_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd blockquote pre td th caption".split())


def _text_tagged(layout: Layout, best: int) -> dict[int, bool]:
    """Elements inside ``best`` that are, or are inside, a paragraph, heading, list item,
    quote or table cell."""
    tagged = {best: layout.tags[best] in _TEXT_TAGS}
    for element in range(best + 1, layout.last[best] + 1):
        parent = layout.parents[element]
        tagged[element] = layout.tags[element] in _TEXT_TAGS or (parent != best and tagged[parent])
    return tagged


def _holds_content(layout: Layout) -> list[bool]:
    """Elements that are or hold the article's own container or its headline."""
    n = len(layout.tags)
    holds = [False] * n
    for element in range(n - 1, -1, -1):
        names = layout.names[element]
        if holds[element] or layout.tags[element] in _CONTENT_TAGS or (names and _CONTENT.search(names)):
            holds[element] = True
            parent = layout.parents[element]
            if parent >= 0:
                holds[parent] = True
    return holds


def _inherit(layout: Layout, marked: list[bool]) -> list[bool]:
    """Marks passed down to everything inside a marked element."""
    parents = layout.parents
    for element in range(1, len(marked)):
        if marked[parents[element]]:
            marked[element] = True
    return marked
