"""Stop-word lists per language, from jusText's lists (about 100 languages).

The lists are read from jusText's package folder without importing jusText, whose
import pulls in lxml: a text-only run has no other use for either.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


def _stoplists() -> Path:
    spec = importlib.util.find_spec("justext")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("jusText is not installed: it ships the stop-word lists")
    return Path(spec.origin).parent / "stoplists"


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """Stop words of an ISO 639-1 language; empty when jusText has no list for it.

    >>> "the" in stopwords("en"), "und" in stopwords("de"), len(stopwords(None))
    (True, True, 0)
    """
    if not language:
        return frozenset()
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return frozenset()
    if not name:  # a locale babel knows but cannot name in English
        return frozenset()
    path = _stoplists() / (name.split(" (")[0].replace(" ", "_") + ".txt")
    if not path.is_file():
        return frozenset()
    # As justext.get_stoplist reads them (UTF-8, lowered), then case-folded like the words.
    return frozenset(w.decode("utf-8").lower().casefold() for w in path.read_bytes().splitlines())
