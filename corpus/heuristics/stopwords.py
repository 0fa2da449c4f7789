"""Stop-word lists per language, from jusText's lists (about 100 languages)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=64)
def stopwords(language: str | None) -> frozenset[str]:
    """Stop words of an ISO 639-1 language; empty when jusText has no list for it.

    >>> "the" in stopwords("en"), "und" in stopwords("de"), len(stopwords(None))
    (True, True, 0)
    """
    if not language:
        return frozenset()
    import justext
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name("en")
    except (ValueError, UnknownLocaleError):
        return frozenset()
    name = name.split(" (")[0].replace(" ", "_")
    if name not in justext.get_stoplists():
        return frozenset()
    return frozenset(w.casefold() for w in justext.get_stoplist(name))
