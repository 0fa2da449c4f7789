"""Bylines to a list of names."""

from __future__ import annotations

import re

# "By", "Von", "Par", "Por", "Di", "Door", "بقلم", "كتب" and a colon, at the start.
_LEAD = re.compile(r"^(?:by|von|par|por|di|door|av|przez|بقلم|كتب|كتبت|إعداد)\s*[:：]?\s+", re.I)
# Name separators: commas, "and" in the seed languages and their neighbours, "&", "و".
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\boraz\b|\s+و\s*|/)\s*", re.I)
# What follows a name in a byline and is not a name: "in Erbil", "| Reuters", "- AP".
_TAIL = re.compile(r"\s*(?:\||–|—| - |/|\bin\b\s+[A-Z]|\d).*$")
# A name has at most this many words; longer pieces are sentences, not names.
_MAX_NAME_WORDS = 5


def split_authors(byline: str) -> list[str]:
    """Names in a byline, in order, without duplicates.

    >>> split_authors("By A. Smith and Ben Jones")
    ['A. Smith', 'Ben Jones']
    >>> split_authors("By Jane Doe, Max Mustermann & Ann Lee | Reuters")
    ['Jane Doe', 'Max Mustermann', 'Ann Lee']
    >>> split_authors("بقلم: أحمد علي و سارة حسن")
    ['أحمد علي', 'سارة حسن']
    """
    text = _TAIL.sub("", _LEAD.sub("", byline.strip()))
    names: list[str] = []
    for piece in _SPLIT.split(text):
        name = piece.strip(" .:-–—")
        if name and len(name.split()) <= _MAX_NAME_WORDS and name not in names:
            names.append(name)
    return names
