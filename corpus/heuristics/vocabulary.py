"""Words that mark a line as page furniture rather than article text, in the languages of
news sites (English, German, French, Spanish, Italian, Polish).

They are features of the line model (``features.py``), not rules: one such word in a
long paragraph weighs little, three in a short line weigh a lot. A word counts when it
starts with one of the stems, so a stem also finds German compounds
("Newsletteranmeldung", "Datenschutzerklärung") and inflections ("abonniert").

Generic vocabulary only: what any site uses for its menus, account, sharing, legal,
advertising, comment and "more stories" widgets. Never a site's name or slogan.
"""

from __future__ import annotations

import operator

# Interface, account, subscription, sharing, legal, advertising, comments, navigation and
# "more stories" widgets.
INTERFACE_STEMS = (
    # account and subscription
    "newsletter", "subscri", "abonn", "registr", "login", "logout", "einlogg", "passw", "account",
    "inscri", "suscri", "connexion", "zaloguj", "zarejestr", "subskryb", "iscriviti", "accedi", "prenumer",
    "paywall", "posteingang", "inbox", "e-mail", "email",
    # sharing and social networks
    "share", "teilen", "partag", "compart", "condivid", "udostępn", "tweet", "facebook", "twitter",
    "instagram", "youtube", "whatsapp", "linkedin", "pinterest", "telegram", "tiktok", "xing", "rss",
    "podcast", "download", "herunterl", "pdf",
    # comments
    "comment", "kommentar", "komentar", "comentar", "commentair", "reply",
    # legal and privacy
    "cookie", "privacy", "datenschutz", "impressum", "imprint", "nutzungsbeding", "agb", "copyright",
    "prywatno", "privacidad",
    # advertising
    "advertis", "werbung", "sponsor", "affiliat", "partnerlink", "publicid", "publicit", "reklam",
    "gutschein",
    # navigation and "more stories" widgets
    "click", "klick", "menu", "menü", "navigation", "startseite", "homepage", "weiterlesen", "zobacz",
    "czytaj", "related", "empfohl", "recommend", "trending", "meistgelesen",
)
# Left out on purpose: words as common in prose as in menus ("mehr", "more", "next",
# "zurück", "nächste", "Kontakt", "Suche", "Anzeige" (a police report), "popular"), which
# would count against ordinary sentences.

# Photo credits and agency marks: a caption or credit line, not a paragraph of the story.
CREDIT_WORDS = frozenset((
    "foto", "fotos", "photo", "photos", "bild", "bildquelle", "quelle", "credit", "credits", "fuente", "zdjęcie",
    "reuters", "afp", "dpa", "ap", "epa", "efe", "ansa", "kna", "epd", "getty", "gettyimages", "imago", "istock",
    "istockphoto", "shutterstock", "unsplash", "pixabay", "pixelio", "keystone", "symbolbild", "symbolfoto",
))

# Second level of the stem index: a word's first letters pick the few stems to try.
PREFIX = 3


def _index(stems: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for stem in stems:
        index.setdefault(stem[:PREFIX], []).append(stem)
    return {key: tuple(values) for key, values in index.items()}


# The stems by their first PREFIX letters (features.py hands it to its C kernel too).
STEMS_BY_PREFIX = _index(INTERFACE_STEMS)
_STARTS = frozenset(STEMS_BY_PREFIX)
_prefix = operator.itemgetter(slice(0, PREFIX))


def may_hold_interface_words(words: list[str]) -> bool:
    """False when no word starts like an interface stem: most lines hold none, and one
    set operation over the words' first letters says so without a loop in Python.

    >>> may_hold_interface_words(["the", "minister"]), may_hold_interface_words(["newsletters"])
    (False, True)
    """
    return not _STARTS.isdisjoint(map(_prefix, words))


def interface_words(words: list[str]) -> int:
    """How many of the (case-folded) words start with an interface stem.

    >>> interface_words(["jetzt", "newsletteranmeldung", "lesen", "und", "teilen"])
    2
    >>> interface_words(["the", "minister", "said"])
    0
    """
    count = 0
    for word in words:
        stems = STEMS_BY_PREFIX.get(word[:PREFIX])
        if stems and any(word.startswith(stem) for stem in stems):
            count += 1
    return count

