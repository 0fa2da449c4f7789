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
# reading of a ruby annotation, image captions (photo credits, mostly) and dates.
SKIPPED_TAGS = frozenset(
    "script style noscript template svg iframe object embed canvas button select input textarea option "
    "head title meta link img video audio map area math source track picture base rt rp figcaption time".split()
)
_SPACE = re.compile(r"\s+")


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


class _Walk:
    """The state of one walk: the open block's text pieces and link characters."""

    def __init__(self) -> None:
        self.layout = Layout()
        self.pieces: list[str] = []
        self.link_chars = 0
        self.owner = -1

    def open_element(self, node: Any, tag: str, parent: int) -> int:
        layout = self.layout
        attributes = node.attributes
        layout.tags.append(tag)
        layout.parents.append(parent)
        layout.last.append(len(layout.tags) - 1)
        names = " ".join(filter(None, (attributes.get("class"), attributes.get("id"), attributes.get("itemprop"))))
        layout.names.append(names.lower() if names else "")
        return len(layout.tags) - 1

    def flush(self) -> None:
        if self.pieces:
            text = "".join(self.pieces)
            lines = [" ".join(part.split()) for part in text.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text:
                self.layout.blocks.append(Block(text, self.owner, min(self.link_chars, len(text))))
        self.pieces = []
        self.link_chars = 0


def linearize(root: Any) -> Layout:
    """The blocks of text under ``root`` (a lexbor node, usually ``tree.body``).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = LexborHTMLParser("<div><h1>Title</h1><p>Some <b>bold</b> text<br>and a <a href=#>link</a></p></div>")
    >>> [(b.text, page_layout.tags[b.owner], b.link_chars) for page_layout in [linearize(page.body)] for b in page_layout.blocks]
    [('Title', 'h1', 0), ('Some bold text\\nand a link', 'p', 4)]
    """
    walk = _Walk()
    if root is None:
        return walk.layout
    walk.owner = walk.open_element(root, root.tag, -1)
    # An explicit stack, not recursion: some pages nest thousands of levels deep. An
    # entry is a node to visit, or the number of an element whose end is reached.
    stack: list[Any] = [(root.first_child, walk.owner, False)]
    layout = walk.layout
    while stack:
        entry = stack.pop()
        if isinstance(entry, int):
            walk.flush()
            layout.last[entry] = len(layout.tags) - 1
            walk.owner = layout.parents[entry] if layout.parents[entry] >= 0 else 0
            continue
        node, parent, in_link = entry
        if node is None:
            continue
        # The next sibling is visited after this node and everything inside it.
        stack.append((node.next, parent, in_link))
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                walk.pieces.append(text)
                if in_link:
                    walk.link_chars += len(text.strip())
            continue
        if not tag or tag[0] == "-" or tag in SKIPPED_TAGS:
            continue
        if tag == "br":
            walk.pieces.append("\n")
            continue
        if _is_hidden(node.attributes):
            continue
        if tag in BLOCK_TAGS:
            walk.flush()
            element = walk.open_element(node, tag, walk.owner)
            walk.owner = element
            stack.append(element)
            stack.append((node.first_child, element, in_link))
        else:
            stack.append((node.first_child, parent, in_link or tag == "a"))
    walk.flush()
    layout.last[0] = len(layout.tags) - 1
    return layout
