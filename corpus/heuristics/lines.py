"""A context-sensitive line classifier for one document, in the spirit of jusText but on
text lines, for pages from sites no rule knows.

Each line first gets a class from its own features (length, stop-word density, whether
it ends like a sentence); then short and borderline lines take the class of their
neighbours, so a short sub-heading inside the article stays while a short menu item
between menu items goes. The article is the run from the first to the last good line;
everything outside it is boilerplate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.heuristics.stopwords import stopwords

GOOD, NEAR, SHORT, BAD = "good", "near-good", "short", "bad"

# Thresholds, in "Latin characters" (a CJK character counts as CJK_WEIGHT of them, as
# one carries about a word):
# - shorter than this, a line says nothing by itself (menu items, labels, dates);
SHORT_CHARS = 40
# - a line this long with enough stop words is running prose;
GOOD_CHARS = 120
# - from this length a line that ends like a sentence may be prose (near-good);
NEAR_CHARS = 60
# - a short line between paragraphs this long is a sub-heading, not a button or label;
SHORT_TEXT_CHARS = 25
# Stop-word density of running text: jusText measured 0.30-0.32 for prose; news prose
# dense with names runs lower, so near-good starts at 0.2 and good at 0.25.
NEAR_STOPWORDS = 0.20
GOOD_STOPWORDS = 0.25
CJK_WEIGHT = 3
# Lines ending like this end a sentence (Latin, CJK, Arabic, Devanagari...).
_TERMINAL = re.compile(r"[.!?…。！？؟۔।\"'”’»)\]]$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Verdict:
    initial: str  # class from the line's own features
    klass: str  # final class after context
    reason: str | None  # why the line goes, or None when it stays


def weighted_length(text: str) -> int:
    """Length counting a CJK character as a word's worth of Latin characters.

    >>> weighted_length("abc"), weighted_length("中文")
    (3, 6)
    """
    cjk = len(_CJK.findall(text[:5000]))
    return len(text) + cjk * (CJK_WEIGHT - 1)


def initial_class(text: str, stops: frozenset[str]) -> str:
    length = weighted_length(text)
    if length < SHORT_CHARS:
        return SHORT
    terminal = bool(_TERMINAL.search(text))
    if not stops:  # no stop-word list for this language: sentence shape only
        if length >= GOOD_CHARS and terminal:
            return GOOD
        return NEAR if length >= NEAR_CHARS and terminal else BAD
    words = _WORD.findall(text[:5000].casefold())
    density = sum(w in stops for w in words) / len(words) if words else 0.0
    if length >= GOOD_CHARS and density >= GOOD_STOPWORDS:
        return GOOD
    if density >= NEAR_STOPWORDS or (terminal and length >= NEAR_CHARS and density >= NEAR_STOPWORDS / 2):
        return NEAR
    return BAD


def classify(texts: list[str], language: str | None) -> list[Verdict]:
    stops = stopwords(language)
    classes = [initial_class(t, stops) for t in texts]
    if GOOD not in classes:
        # No line is prose by itself (a recipe, a list, lyrics): the best the page has,
        # its borderline lines, then any line that is not short, anchor the article.
        promote = NEAR if NEAR in classes else BAD
        classes = [GOOD if c == promote else c for c in classes]
    final = _resolve_short(_resolve_near(classes), texts)
    good = [i for i, c in enumerate(final) if c == GOOD]
    verdicts = []
    for i, klass in enumerate(final):
        if not good or i < good[0]:
            reason = "heuristic:before-article"
        elif i > good[-1]:
            reason = "heuristic:after-article"
        elif klass == BAD:
            reason = "heuristic:not-prose"
        else:
            reason = None
        verdicts.append(Verdict(classes[i], klass, reason))
    return verdicts


def _decided_neighbours(classes: list[str]) -> tuple[list[str], list[str]]:
    """For every line, the class of the nearest line before and after it that is good or
    bad (not short or undecided); BAD at the edges. Two linear passes."""
    before, after = [BAD] * len(classes), [BAD] * len(classes)
    last = BAD
    for i, klass in enumerate(classes):
        before[i] = last
        if klass in (GOOD, BAD):
            last = klass
    last = BAD
    for i in range(len(classes) - 1, -1, -1):
        after[i] = last
        if classes[i] in (GOOD, BAD):
            last = classes[i]
    return before, after


def _resolve_near(classes: list[str]) -> list[str]:
    # A borderline line next to prose is prose; between boilerplate it is boilerplate.
    before, after = _decided_neighbours(classes)
    return [(GOOD if GOOD in (before[i], after[i]) else BAD) if c == NEAR else c for i, c in enumerate(classes)]


def _resolve_short(classes: list[str], texts: list[str]) -> list[str]:
    # A short line inside prose stays when it reads like text (a sentence, or a
    # sub-heading of a few words); one with boilerplate on either side goes. Short lines
    # that are neither ("Kategorien", "Zurück", "Folgt uns!") are section labels and
    # buttons even between paragraphs.
    before, after = _decided_neighbours(classes)
    return [
        (GOOD if before[i] == GOOD and after[i] == GOOD and _text_like(texts[i]) else BAD) if c == SHORT else c
        for i, c in enumerate(classes)
    ]


def _text_like(text: str) -> bool:
    return bool(_TERMINAL.search(text)) or weighted_length(text) >= SHORT_TEXT_CHARS
