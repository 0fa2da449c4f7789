"""Patterns made wider on purpose, for unions that only pick the lines worth asking.

A union of the rules' patterns (see ``linefilter``) only has to find every line one of
them matches; the rules then ask their own patterns. A counted repetition such as
``[\\pL ]{3,60}`` makes RE2 build sixty copies of what it repeats (for a class of all
letters, a program of tens of thousands of instructions: slow to compile, and a large
automaton to search with); ``[\\pL ]{3,}`` is one loop, and matches every text the
other matches. So the unions are made of the patterns with every ``{n,m}`` read as
``{n,}``: wider, never narrower.
"""

from __future__ import annotations

import re

_COUNTED = re.compile(r"\{(\d+),(\d+)\}")


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
    out = []
    position, in_class = 0, False
    while position < len(source):
        char = source[position]
        end = position + 1
        if char == "\\":
            end = position + 2
            if source[position + 1 : position + 2] in ("p", "P", "x") and source[end : end + 1] == "{":
                end = source.find("}", end) + 1 or len(source)
        elif in_class:
            if source.startswith("[:", position) and source.find(":]", position + 2) > 0:
                end = source.find(":]", position + 2) + 2  # a named class: [:alpha:]
            elif char == "]":
                in_class = False
        elif char == "[":
            in_class = True
            end += source[end : end + 1] == "^"
            end += source[end : end + 1] == "]"  # a "]" first in a class is itself
        elif char == "{" and (counted := _COUNTED.match(source, position)):
            out.append(f"{{{counted.group(1)},}}")
            position = counted.end()
            continue
        out.append(source[position:end])
        position = end
    return "".join(out)
