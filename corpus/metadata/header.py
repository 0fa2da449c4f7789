"""Title and subtitle of a text document: the headline sits just before the article's
first paragraph, after whatever menus the dump starts with."""

from __future__ import annotations

import re

from corpus.document import Document, Line
from corpus.metadata.dates import parse_date

# How many kept lines before the first paragraph may hold the headline: a headline is
# followed by at most a subtitle, a date, a byline and a photo caption or two.
HEADER_WINDOW = 6
# A headline has a few words and is not a paragraph.
MIN_TITLE_CHARS, MAX_TITLE_CHARS = 10, 250
MIN_TITLE_WORDS = 3
# Of two headline-like lines in a row, the upper one is the title when it has this many
# words; shorter, it is the site's name or a section label above the title.
MIN_PAIR_TITLE_WORDS = 4
_SENTENCE_END = re.compile(r"[.:;,]$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def is_headline(text: str, language: str | None = None) -> bool:
    """A line that reads like a headline.

    >>> is_headline("Iraq Urges Diplomatic Engagement with U.S. Over Military Presence")
    True
    >>> is_headline("Home"), is_headline("This is the first paragraph, and it ends."), is_headline("Sunday, January 21, 2024")
    (False, False, False)
    """
    if not MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS or _SENTENCE_END.search(text):
        return False
    if len(text.split()) < MIN_TITLE_WORDS and not _CJK.search(text):
        return False
    # A date line is not a headline, even one whose day and month are ambiguous.
    found = parse_date(text, language=language)
    return found.span is None or (found.value is None and not found.ambiguous)


def take_title(doc: Document, body_start: int) -> None:
    """Move the headline (and a subtitle right after it) from the text to the metadata.

    ``body_start`` indexes ``doc.lines``: the first line of the article's prose.
    """
    before = _kept_before(doc.lines, body_start)
    language = doc.meta.language
    nearest = next((i for i in range(len(before) - 1, -1, -1) if is_headline(before[i].text, language)), None)
    if nearest is None:
        return
    above = before[nearest - 1] if nearest > 0 else None
    if above is not None and is_headline(above.text, language) and len(above.text.split()) >= MIN_PAIR_TITLE_WORDS:
        # Two headlines in a row: a headline and its subtitle. (A short line above a
        # headline is the site's name or a section: then the lower one is the title.)
        _move(doc, above, "title")
        _move(doc, before[nearest], "subtitle")
    else:
        _move(doc, before[nearest], "title")


def _kept_before(lines: list[Line], stop: int) -> list[Line]:
    """The last HEADER_WINDOW kept lines before ``lines[stop]``, in order, read backwards
    from it: the lines above them (often most of a dump's lines) are not looked at.

    This is ``[line for line in lines[:stop] if line.kept][-HEADER_WINDOW:]``.
    """
    found = []
    end = slice(stop).indices(len(lines))[1]  # where lines[:stop] ends (stop may be negative)
    for index in range(end - 1, -1, -1):
        line = lines[index]
        if line.removed_by is None:  # (line.kept, without a call)
            found.append(line)
            if len(found) == HEADER_WINDOW:
                break
    found.reverse()
    return found


def _move(doc: Document, line: Line, field: str) -> None:
    setattr(doc.meta, field, line.text)
    line.remove(f"header:{field}", meta=field)
