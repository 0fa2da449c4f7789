"""Small pure ``str -> str`` fixers, applied in order; each document records the names of
the ones that changed it (``fixes`` column), so any result can be explained and replayed.

Which ftfy fixes we apply, and why:

- ``fix_encoding`` (mojibake such as ``cafÃ©``): always; that is the point of ftfy.
- HTML entities are unescaped only in text that holds no markup (ftfy's "auto"):
  plain-text scrapes often carry ``&amp;``, while a literal ``<b>&amp;</b>`` is code.
- Typographic quotes are **kept** (``uncurl_quotes=False``): they are the publisher's
  text, and curly quotes carry meaning in several languages (« », „ “).
- Full-width characters are **kept** (``fix_character_width=False``): they are the
  normal form in Chinese and Japanese text.
- Latin ligatures (ﬁ → fi) are expanded: they come from PDF and font artefacts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

import ftfy

from corpus.text.charclass import KERNEL, holds_any
from corpus.text.mojibake import fix_text, is_bad, may_turn_bad

Fixer = Callable[[str], str]
FIXERS: dict[str, Fixer] = {}


def fixer(name: str) -> Callable[[Fixer], Fixer]:
    def register(fn: Fixer) -> Fixer:
        FIXERS[name] = fn
        return fn

    return register


_FTFY = ftfy.TextFixerConfig(
    unescape_html="auto",
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=True,
    fix_line_breaks=False,  # our own fixers below, so each change is recorded by name
    remove_control_chars=False,
    normalization=None,  # NFC is its own fixer below, applied last
    explain=False,
)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_LINE_BREAK_CHARS = "\r\u2028\u2029\x85\x0b\x0c"
_HOLDS_LINE_BREAK = holds_any(re.compile(f"[{_LINE_BREAK_CHARS}]"))


@fixer("line-breaks")
def fix_line_breaks(text: str) -> str:
    r"""CRLF, CR and Unicode line/paragraph separators become ``\n``.

    >>> fix_line_breaks("a\r\nb\rc\u2029d")
    'a\nb\nc\nd'
    """
    if not _HOLDS_LINE_BREAK(text):  # most texts hold none
        return text
    return _LINE_BREAKS.sub("\n", text)


@fixer("mojibake")
def fix_mojibake(text: str) -> str:
    """Repair text decoded with the wrong codec, with ftfy.

    >>> fix_mojibake("cafÃ©")
    'café'
    >>> fix_mojibake("fish &amp; chips")
    'fish & chips'
    """
    if not needs_ftfy(text):
        return text  # the common case, decided by two fast scans instead of ftfy's per-line work
    return fix_text(text, _FTFY)


@functools.lru_cache(maxsize=1)  # normalize asks again about the text fix_mojibake just saw
def needs_ftfy(text: str) -> bool:
    """Has ftfy anything to do in ``text``: mojibake (``is_bad``), or another of its fixes?"""
    return may_need_ftfy(text) or is_bad(text)


# What ftfy would change besides mojibake (which `is_bad` detects): HTML entities, Latin
# ligatures, C1 controls (cp1252 decoded as Latin-1), surrogates, terminal escapes.
_MAY_NEED_FTFY = re.compile(r"&#?\w{1,31};|[\ufb00-\ufb06\x80-\x9f\ud800-\udfff\x1b]")
# The same in two searches that are each much quicker than the alternation, which is
# tried at every character.
_ENTITY = re.compile(r"&#?\w{1,31};")
_FTFY_CHAR_CLASS = r"\ufb00-\ufb06\x80-\x9f\ud800-\udfff\x1b"
_FTFY_CHARS = re.compile(f"[{_FTFY_CHAR_CLASS}]")
_HOLDS_FTFY_CHARS = holds_any(_FTFY_CHARS)


def may_need_ftfy(text: str) -> bool:
    """``_MAY_NEED_FTFY.search(text)``, quickly.

    >>> may_need_ftfy("fish &amp; chips"), may_need_ftfy("fish & chips"), may_need_ftfy("\ufb01ne")
    (True, False, True)
    """
    return bool(("&" in text and _ENTITY.search(text)) or (not _quiet(text) and _HOLDS_FTFY_CHARS(text)))


# Zero-width characters that carry nothing in running text. ZWNJ (U+200C) and ZWJ
# (U+200D) are kept: Persian, Hindi and emoji sequences need them.
_INVISIBLE_CHARS = "\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CONTROL_CHARS = r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_EITHER = re.compile(f"[{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")
_HOLDS_EITHER = holds_any(_EITHER)


@fixer("invisible-chars")
def remove_invisible(text: str) -> str:
    r"""Drop zero-width, soft-hyphen, bidi-control and C0/C1 control characters.

    >>> remove_invisible("zero\u200bwidth\x00 soft\u00adhyphen")
    'zerowidth softhyphen'
    """
    if _quiet(text) or not _HOLDS_EITHER(text):  # one scan for the common case instead of two
        return text
    return _CONTROL.sub("", _INVISIBLE.sub("", text))


# Every Unicode space separator (NBSP, thin, ideographic...) and tabs become one space.
_SPACES = re.compile(r"[^\S\n]+")
# The white space that is not " " nor "\n" (what [^\S\n ] matches), listed: a class of
# characters is searched twice as fast as one of categories (tests check the list).
_OTHER_SPACE_CHARS = "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_OTHER_SPACE = re.compile(f"[{_OTHER_SPACE_CHARS}]")
_BLANK_LINES = re.compile(r"\n{3,}")


@fixer("whitespace")
def fix_whitespace(text: str) -> str:
    r"""One space between words, no spaces at line ends, at most one blank line in a row,
    no blank lines at the start or end.

    >>> fix_whitespace("  a\u00a0\u00a0b \n\n\n\n c\t ")
    'a b\n\nc'
    """
    return _fix_whitespace(text)


def fix_whitespace_spec(text: str) -> str:
    r"""fix_whitespace in Python: the spec of the C one, and its fallback.

    >>> fix_whitespace_spec("  a\u00a0\u00a0b \n\n\n\n c\t ")
    'a b\n\nc'
    """
    # Done on the whole text, not line by line: once runs of white space are one space,
    # a line's ends hold at most that one space, next to a line break or the text's ends.
    # Each step is skipped when a quick search finds nothing for it to do (the common
    # case: replacing every single space by itself is slow).
    if "  " in text or (not _quiet(text) and _OTHER_SPACE.search(text)):
        text = _SPACES.sub(" ", text)
    text = text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


# One pass in C: ~5x quicker than the replaces and searches above (their spec).
_fix_whitespace = KERNEL.fix_whitespace if KERNEL else fix_whitespace_spec


# Every character that ftfy's quick check (besides entities), remove_invisible and
# fix_whitespace search for: nine texts in ten hold none, and one search for them all
# spares those three their own.
_NOISY = re.compile(f"[{_FTFY_CHAR_CLASS}{_INVISIBLE_CHARS}{_CONTROL_CHARS}{_OTHER_SPACE_CHARS}]")
_HOLDS_NOISY = holds_any(_NOISY)


@functools.lru_cache(maxsize=1)  # asked by three fixers in a row about the same text
def _quiet(text: str) -> bool:
    """No character in ``text`` that ``_FTFY_CHARS``, ``_EITHER`` or ``_OTHER_SPACE`` find."""
    return not _HOLDS_NOISY(text)


@fixer("nfc")
def fix_nfc(text: str) -> str:
    r"""Unicode NFC: one code point sequence for one visible text.

    >>> fix_nfc("cafe\u0301") == "café"
    True
    """
    return unicodedata.normalize("NFC", text)


def normalize(text: str) -> tuple[str, list[str]]:
    r"""Apply the fixers in order until the text stops changing; return the text and the
    names of the fixers that changed it.

    One round is not always enough: removing a control character can join two bytes
    of mojibake that ftfy then repairs. Repeating until nothing changes makes
    normalizing twice the same as normalizing once.

    >>> normalize("Caf\u00c3\u00a9 \r\n\r\n\r\nau lait\u200b")
    ('Café\n\nau lait', ['line-breaks', 'mojibake', 'invisible-chars', 'whitespace'])
    """
    applied: list[str] = []
    # Each fixer's last output (given it back, it has nothing to do), or a text it is
    # known to leave as it is (see _settled_by_whitespace).
    seen: dict[str, str] = {}
    for _ in range(_MAX_ROUNDS):
        changed_by = []
        for name, fn in FIXERS.items():
            if seen.get(name) is text:
                continue
            fixed = seen[name] = fn(text)
            if fixed != text:
                if name == "whitespace":
                    _settled_by_whitespace(seen, text, fixed)
                changed_by.append(name)
                text = fixed
                if name not in applied:
                    applied.append(name)
        # Any change may give an earlier fixer new work, even spaces: ftfy leaves
        # "\xa0Â¡" alone but repairs "Â¡" once the space is stripped. Fixers known to
        # have nothing to do are skipped above, so a settled round costs little.
        if not changed_by:
            break
    return text, applied


def _settled_by_whitespace(seen: dict[str, str], before: str, after: str) -> None:
    """Mark the fixers that had nothing to do in ``before`` as having nothing to do in
    ``after = fix_whitespace(before)`` either, where that is certain without asking them
    (almost every text has a space to strip: asking ftfy twice was a third of the time).

    fix_whitespace only removes white space or turns it into spaces, and never brings two
    other characters together. So it adds no character but " ", and none of the line
    break or invisible characters (which those fixers remove wherever they are).
    ftfy's quick checks: an HTML entity holds no white space, so a new one would be in a
    run of other characters that ``before`` holds too; for mojibake, ``may_turn_bad``.
    """
    for name in ("line-breaks", "invisible-chars"):
        if seen.get(name) is before:
            seen[name] = after
    if seen.get("mojibake") is before and not needs_ftfy(before) and not may_turn_bad(after):
        seen["mojibake"] = after


# Real text settles in one or two rounds; the bound only stops a pathological input
# from looping.
_MAX_ROUNDS = 5
