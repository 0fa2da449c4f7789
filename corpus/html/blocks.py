"""A page as a list of text blocks, the way a browser would break it into lines.

One walk over selectolax's lexbor tree: every block element (p, div, li, h2, td...)
starts a new block; inline elements (a, span, b...) add their text to the block they
stand in. Each block remembers the innermost block element holding it, and each element
its parent and the range of elements below it (elements are numbered in document order,
so element ``e`` holds every element numbered ``e + 1`` to ``last[e]``). That is all the
main-content scoring in :mod:`corpus.html.main_content` needs, without walking the tree
again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Elements that start a new line in a browser (and in a text dump).
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul caption legend".split()
)
# Elements whose text is never part of a page's prose: code, media, form controls, the
# reading of a ruby annotation, and image captions (photo credits, mostly).
SKIPPED_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas button select input textarea option "
    "head title meta link img video audio map area math source track picture base rt rp figcaption".split()
)
_SPACE = re.compile(r"\s+")
# Stands for a <br> among the text pieces of a block: unlike "\n", which is white space
# in HTML source, it ends a line. (U+2028 is Unicode's own line separator.)
LINE_BREAK = "\u2028"


@dataclass
class Block:
    """The text of one line of the page and where it stands."""

    text: str
    owner: int  # the innermost block element holding the text
    link_chars: int  # characters of the text inside <a> elements

    @property
    def link_density(self) -> float:
        """Share of the text that is link text: menus and teasers are mostly links.

        >>> Block("Read more", 0, 9).link_density, Block("", 0, 0).link_density
        (1.0, 0.0)
        """
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class Layout:
    """Elements (numbered in document order) and the blocks of text they hold."""

    tags: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    last: list[int] = field(default_factory=list)  # the last element inside each element
    names: list[str] = field(default_factory=list)  # class and id, lower case
    blocks: list[Block] = field(default_factory=list)

    def holds(self, outer: int, inner: int) -> bool:
        """Whether element ``inner`` is ``outer`` or inside it."""
        return outer <= inner <= self.last[outer]


def _is_hidden(attributes: dict) -> bool:
    """What the page hides is not shown to a reader.

    >>> _is_hidden({"style": "display: none"}), _is_hidden({"hidden": None}), _is_hidden({"class": "x"})
    (True, True, False)
    """
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = attributes.get("style")
    return bool(style) and "none" in style and _SPACE.sub("", style).find("display:none") >= 0


def _block(pieces: list[str], owner: int, link_chars: int) -> Block | None:
    """The block of the text pieces, white space collapsed as a browser does; a <br>
    (LINE_BREAK among the pieces) is a new line."""
    text = "".join(pieces)
    if LINE_BREAK in text:
        text = "\n".join(line for line in (" ".join(part.split()) for part in text.split(LINE_BREAK)) if line)
    else:
        text = " ".join(text.split())
    return Block(text, owner, min(link_chars, len(text))) if text else None


def _names(attributes: dict) -> str:
    names = " ".join(filter(None, (attributes.get("class"), attributes.get("id"), attributes.get("itemprop"))))
    return names.lower() if names else ""


def linearize(root: Any) -> Layout:
    """The blocks of text under ``root`` (a lexbor node, usually ``tree.body``).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = LexborHTMLParser("<div><h1>Title</h1><p>Some <b>bold</b> text<br>and a <a href=#>link</a></p></div>")
    >>> [(b.text, page_layout.tags[b.owner], b.link_chars) for page_layout in [linearize(page.body)] for b in page_layout.blocks]
    [('Title', 'h1', 0), ('Some bold text\\nand a link', 'p', 4)]
    """
    layout = Layout()
    if root is None:
        return layout
    # Local names: this loop runs for every node of the page.
    tags, parents, last, names, blocks = layout.tags, layout.parents, layout.last, layout.names, layout.blocks
    tags.append(root.tag)
    parents.append(-1)
    last.append(0)
    names.append(_names(root.attributes))
    owner, pieces, link_chars = 0, [], 0
    # An explicit stack, not recursion: some pages nest thousands of levels deep. An
    # entry is a node to visit (and whether it is inside a link), or the number of an
    # element whose end is reached.
    stack: list[Any] = [(root.first_child, False)]
    pop, push = stack.pop, stack.append
    while stack:
        entry = pop()
        if entry.__class__ is int:
            if pieces:
                block = _block(pieces, owner, link_chars)
                if block:
                    blocks.append(block)
                pieces, link_chars = [], 0
            last[entry] = len(tags) - 1
            owner = parents[entry] if entry else 0
            continue
        node, in_link = entry
        if node is None:
            continue
        # The next sibling is visited after this node and everything inside it.
        push((node.next, in_link))
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                pieces.append(text)
                if in_link:
                    link_chars += len(text.strip())
            continue
        if not tag or tag[0] == "-" or tag in SKIPPED_TAGS:
            continue
        if tag == "br":
            pieces.append(LINE_BREAK)
            continue
        attributes = node.attributes
        if attributes and _is_hidden(attributes):
            continue
        if tag in BLOCK_TAGS:
            if pieces:
                block = _block(pieces, owner, link_chars)
                if block:
                    blocks.append(block)
                pieces, link_chars = [], 0
            element = len(tags)
            tags.append(tag)
            parents.append(owner)
            last.append(element)
            names.append(_names(attributes) if attributes else "")
            owner = element
            push(element)
            push((node.first_child, in_link))
        else:
            push((node.first_child, in_link or tag == "a"))
    if pieces:
        block = _block(pieces, owner, link_chars)
        if block:
            blocks.append(block)
    last[0] = len(tags) - 1
    return layout
