"""A context-sensitive line classifier for one text document, for pages from sites no
rule knows.

Two passes of a small logistic model (weights in ``line_model.json``, fitted by
``bench/fit_line_model.py``): the first reads each line and its neighbours (length,
stop words, sentence shape, interface words, position... see ``features.py``); the
second reads what the first made of the lines around it and where the main block is,
the run of lines with the most text the first pass believes in. So a short sub-heading
between paragraphs stays, while a paragraph-like newsletter blurb among footer links
goes. A line stays when the second pass gives it the model's threshold or more (on a
page where no line does, its best lines stay).
"""

from __future__ import annotations

import functools
import json
import math
import operator
from dataclasses import dataclass
from pathlib import Path

from corpus.heuristics import features
from corpus.heuristics.features import (
    DOCUMENT_FEATURES,
    SECOND_PASS_FEATURES,
    document_features,
    second_pass_features,
    sigmoid,
    stop_word_share,
    weighted_length,
)
from corpus.heuristics.stopwords import stopwords

MODEL_PATH = Path(__file__).with_name("line_model.json")
BEFORE, AFTER, INSIDE = "heuristic:before-article", "heuristic:after-article", "heuristic:not-prose"
# When no line reaches the threshold (a page of short lines: a recipe, a results table),
# the lines within this share of the best line's probability stay: the best the page has.
FALLBACK_SHARE = 0.8
# The article's first paragraph, where its header (headline, date, byline) ends, is the
# first line kept that is prose by itself: this long and this dense in stop words (or
# ending like a sentence in a language without a list). jusText asks 0.30 of its prose;
# news prose, dense with names and numbers, runs lower.
PROSE_CHARS = 120
PROSE_STOPWORDS = 0.25
# On a page without such a line (a results table, a list), the first line that is nearly
# prose: past the short labels and menu items, with some stop words.
NEAR_PROSE_CHARS = 40
NEAR_PROSE_STOPWORDS = 0.2
_PROSE_STEPS = ((PROSE_CHARS, PROSE_STOPWORDS), (NEAR_PROSE_CHARS, NEAR_PROSE_STOPWORDS))
# How a sentence ends, in a language without stop words.
_SENTENCE_ENDS = ".!?…。！？؟"


@dataclass(frozen=True)
class Weights:
    names: tuple[str, ...]
    values: tuple[float, ...]
    bias: float

    def scores(self, columns: list[list[float]]) -> list[float]:
        """Log-odds of every line from feature columns (a list over the lines each)."""
        weights, bias = self.values, self.bias
        return [bias + sum(map(operator.mul, weights, row)) for row in zip(*columns)]

    def as_json(self) -> dict:
        return {"bias": self.bias, "weights": dict(zip(self.names, self.values))}

    @staticmethod
    def from_json(data: dict, names: tuple[str, ...], path: Path) -> "Weights":
        weights = data["weights"]
        if tuple(weights) != names:
            raise ValueError(f"{path}: the model's features {tuple(weights)} are not the code's {names}: refit it")
        return Weights(names, tuple(float(weights[n]) for n in names), float(data["bias"]))

    @staticmethod
    def fitted(names: tuple[str, ...], weights, bias) -> "Weights":
        return Weights(names, tuple(round(float(x), 6) for x in weights), round(float(bias), 6))


@dataclass(frozen=True)
class LineModel:
    line: Weights  # first pass, over DOCUMENT_FEATURES
    context: Weights  # second pass, over SECOND_PASS_FEATURES
    threshold: float
    report: dict  # how it was fitted and scored

    def scores(self, texts: list[str], language: str | None) -> tuple[list[float], tuple[int, int]]:
        """The second pass's log-odds for every line, and the main block of the first."""
        if features.KERNEL is not None:  # the same numbers, with no feature column in Python objects
            return features.KERNEL.two_pass_scores(texts, stopwords(language), features.KERNEL_SPEC_READ,
                                                   self.line.values, self.line.bias, self.context.values,
                                                   self.context.bias)
        doc = document_features(texts, language)
        columns, block = second_pass_features(doc, self.line.scores(doc.columns))
        return self.context.scores(columns), block

    def classify(self, texts: list[str], language: str | None) -> list[str | None]:
        """For every line, why it goes (a rule id), or None when it stays."""
        scores, (start, end) = self.scores(texts, language)
        threshold = min(self.threshold, sigmoid(max(scores, default=0.0)) * FALLBACK_SHARE)
        cut = math.log(threshold / (1 - threshold))  # the threshold as log-odds
        return reasons(scores, cut, (start, end))

    @staticmethod
    def load(path: Path = MODEL_PATH) -> "LineModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        return LineModel(
            Weights.from_json(data["line"], DOCUMENT_FEATURES, path),
            Weights.from_json(data["context"], SECOND_PASS_FEATURES, path),
            float(data["threshold"]),
            data.get("report", {}),
        )

    def save(self, path: Path) -> None:
        data = {"threshold": self.threshold, "line": self.line.as_json(), "context": self.context.as_json(),
                "report": self.report}
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@functools.lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    return LineModel.load()


def classify(texts: list[str], language: str | None) -> list[str | None]:
    """For every line, why the shipped model removes it, or None when it stays."""
    return shipped_model().classify(texts, language)


def reasons(scores: list[float], cut: float, block: tuple[int, int]) -> list[str | None]:
    """None for the lines scored cut or more, else where they are against the block.

    >>> reasons([2.0, -1.0, -1.0, 2.0, -1.0], 0.0, (2, 4))
    [None, 'heuristic:before-article', 'heuristic:not-prose', None, 'heuristic:after-article']
    """
    start, end = block
    if features.KERNEL is not None:  # the same reasons, the list made in C
        return features.KERNEL.label_lines(scores, cut, start, end, (BEFORE, INSIDE, AFTER))
    return [None if x >= cut else BEFORE if i < start else AFTER if i >= end else INSIDE for i, x in enumerate(scores)]


def article_start(texts: list[str], reasons: list[str | None], language: str | None) -> int | None:
    """Index of the article's first paragraph: the first line kept that is prose by
    itself; on a page without one (a table, a list), the first that is nearly prose, else
    the first line kept; None when no line is kept.

    >>> prose = "The minister said on Sunday that the government would not change its plans, and that the talks with the unions would go on."
    >>> article_start(["Home", "A headline", prose], [BEFORE, None, None], "en")
    2
    >>> article_start(["Home", "A headline", "Results of the regional championship in the city"], [BEFORE, None, None], "en")
    2
    >>> article_start(["Home", "A headline"], [BEFORE, None], "en"), article_start(["Home"], [BEFORE], "en")
    (1, None)
    """
    stops = stopwords(language)
    if features.KERNEL is not None:  # the same index, with each line measured once in C
        return features.KERNEL.article_start(texts, reasons, stops, features.KERNEL_SPEC_READ, _PROSE_STEPS,
                                             _SENTENCE_ENDS)
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    for chars, share in _PROSE_STEPS:
        for i in kept:
            text = texts[i]
            if weighted_length(text) >= chars and (
                stop_word_share(text, stops) >= share if stops else text.rstrip()[-1:] in _SENTENCE_ENDS
            ):
                return i
    return kept[0] if kept else None
