"""Patterns made wider on purpose: for unions that only pick the lines worth asking, and
for patterns that are asked a cheap wide question first.

A union of the rules' patterns (see ``linefilter``) only has to find every line one of
them matches; the rules then ask their own patterns. A counted repetition such as
``[\\pL ]{3,60}`` makes RE2 build sixty copies of what it repeats (for a class of all
letters, a program of tens of thousands of instructions: slow to compile, and a large
automaton to search with); ``[\\pL ]{3,}`` is one loop, and matches every text the
other matches. So the unions are made of the patterns with every ``{n,m}`` read as
``{n,}``: wider, never narrower. :func:`capture_counted` widens the repetitions of one
character in a pattern the same way, each in a group of its own, for
:mod:`~corpus.rulebook.bounded`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_COUNTED = re.compile(r"\{(\d+),(\d+)\}")


def _tokens(source: str) -> Iterator[tuple[int, int, re.Match | None]]:
    r"""The pattern cut in pieces ``(start, end, counted)``: an escape (``\p{Lu}`` and
    ``\x{41}`` whole), a whole class ``[...]``, a counted repetition ``{n,m}`` (then
    ``counted`` is its match), or any other single character."""
    position = 0
    while position < len(source):
        char = source[position]
        end = position + 1
        if char == "\\":
            end = _escape_end(source, position)
        elif char == "[":
            end += source[end : end + 1] == "^"
            end += source[end : end + 1] == "]"  # a "]" first in a class is itself
            while end < len(source) and source[end] != "]":
                if source[end] == "\\":
                    end = _escape_end(source, end)
                elif source.startswith("[:", end) and source.find(":]", end + 2) > 0:
                    end = source.find(":]", end + 2) + 2  # a named class: [:alpha:]
                else:
                    end += 1
            end = min(end + 1, len(source))
        elif char == "{" and (counted := _COUNTED.match(source, position)):
            yield position, counted.end(), counted
            position = counted.end()
            continue
        yield position, end, None
        position = end


def _escape_end(source: str, position: int) -> int:
    end = position + 2
    if source[position + 1 : position + 2] in ("p", "P", "x") and source[end : end + 1] == "{":
        end = source.find("}", end) + 1 or len(source)
    return end


def relax(source: str) -> str:
    r"""``source`` with every counted repetition ``{n,m}`` made ``{n,}``: a pattern
    matching every text ``source`` matches (RE2 has no look-around nor
    back-reference: a wider part only ever widens the whole).

    Braces that are not a repetition are kept: in a class, after ``\p``, ``\P`` or
    ``\x``, escaped, or in ``\Q...\E`` (a pattern holding that is kept whole).

    >>> relax(r"^(?P<value>[\pL ]{3,60})$"), relax(r".{0,40}?x{2}")
    ('^(?P<value>[\\pL ]{3,})$', '.{0,}?x{2}')
    >>> relax(r"\{1,2}[{1,2}\]]\p{Lu}{1,2}[^]{3,4}[:x:]][[:alpha:]{5,6}]\x{41}")
    '\\{1,2}[{1,2}\\]]\\p{Lu}{1,}[^]{3,4}[:x:]][[:alpha:]{5,6}]\\x{41}'
    """
    if "\\Q" in source:
        return source
    return "".join(f"{{{c.group(1)},}}" if c else source[s:e] for s, e, c in _tokens(source))


# Escapes that stand for one character (``\d``, ``\n``, ...; ``\pL``, ``\x41`` and
# escaped punctuation too); ``\b``, ``\A``, ``\C`` (one byte), octal codes are not.
_ONE_CHARACTER_ESCAPES = frozenset("dDsSwWntrfvpPx")
# The opening of a group: capturing "(" and "(?P<name>", or "(?flags:", or flags alone.
_GROUP = re.compile(r"\((?:\?P?<\w+>|\?([imsU-]*)(:|\)))?")
# A repetition that is not "{n,m}": "{n}", "{n,}".
_OTHER_COUNT = re.compile(r"\{\d+(?:,)?\}")
# RE2's largest repetition count: a larger one is an error, and must stay one.
_MAX_REPEAT = 1000


def capture_counted(source: str) -> tuple[str, list[tuple[int, int, int, str]]] | None:
    r"""``source`` with each counted repetition ``X{n,m}`` (``X{n,m}?``) of a single
    character ``X`` (a class, an escape, ``.``, a character) made ``(X{n,})``
    (``(X{n,}?)``), and what was made: ``(group index in the new pattern, n, m, X)``
    for each. None when there is none (or the pattern holds ``\Q`` or ``\C``).

    A repetition inside a group that repeats (``(?:a{1,2} )+``) is left as it is: its
    group would only hold the last time round.

    >>> capture_counted(r"^(a|b)(?P<value>[\pL ]{3,60}?) x{1,2}$")
    ('^(a|b)(?P<value>([\\pL ]{3,}?)) (x{1,})$', [(3, 3, 60, '[\\pL ]'), (4, 1, 2, 'x')])
    >>> capture_counted(r"(?:a{1,2} )*b{1,2}"), capture_counted(r"(?:ab){1,2}")
    (('(?:a{1,2} )*(b{1,})', [(1, 1, 2, 'b')]), None)
    """
    if "\\Q" in source or "\\C" in source:
        return None
    tokens = list(_tokens(source))
    # (token index of X, index of the counted token, index past it, captures before, groups around)
    candidates: list[tuple[int, int, int, int, tuple[int, ...]]] = []
    opened: list[int] = []  # the groups around this point, by their "(" token
    repeated: set[int] = set()
    captures = 0  # capturing groups opened so far
    item = None  # token index of the single character just read, if any
    index = 0
    while index < len(tokens):
        start, end, counted = tokens[index]
        text = source[start:end]
        following = index + 1
        this_item = None
        if counted is not None:
            low, high = int(counted.group(1)), int(counted.group(2))
            lazy = following < len(tokens) and source[tokens[following][0]] == "?"
            past = following + lazy
            again = past < len(tokens) and source[tokens[past][0]] in "*+?{"
            if item is not None and low <= high <= _MAX_REPEAT and not again:
                candidates.append((item, index, past, captures, tuple(opened)))
            following = past
        elif text[0] == "\\":
            if len(text) > 1 and text[1] in _ONE_CHARACTER_ESCAPES:
                this_item = index
                if text == "\\x":  # "\x41": two hex digits follow
                    following = index + 3
                elif text in ("\\p", "\\P"):  # "\pL": a one-letter name follows
                    following = index + 2
            elif len(text) > 1 and not text[1].isalnum():
                this_item = index
        elif text == "(":
            group = _GROUP.match(source, start)
            if group.group(2) != ")":  # else flags alone: not a group
                opened.append(index)
                captures += group.group(2) is None
            while following < len(tokens) and tokens[following][0] < group.end():
                following += 1
        elif text == ")":
            if opened:
                group_start = opened.pop()
                after = tokens[following] if following < len(tokens) else None
                if after and (after[2] is not None or source[after[0]] in "*+{"):
                    repeated.add(group_start)
        elif text == "{" and _OTHER_COUNT.match(source, start):
            following = index + len(_OTHER_COUNT.match(source, start).group())
        elif text not in "|^$*+?":
            this_item = index  # a class, ".", or a character
        item = this_item
        index = following
    kept = [c for c in candidates if not repeated.intersection(c[4])]
    if not kept:
        return None
    out, made, position = [], [], 0
    for number, (item, counted, past, captures_before, _) in enumerate(kept):
        item_start = tokens[item][0]
        counted_start, counted_end = tokens[counted][0], tokens[past - 1][1]
        low, high = map(int, tokens[counted][2].groups())
        out += [source[position:item_start], "(", source[item_start:counted_start], f"{{{low},}}",
                source[tokens[counted][1]:counted_end], ")"]
        made.append((captures_before + number + 1, low, high, source[item_start:counted_start]))
        position = counted_end
    out.append(source[position:])
    return "".join(out), made
