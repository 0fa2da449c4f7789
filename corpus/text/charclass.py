"""Searches for the characters of one class (``[...]``), in C where it is built.

Every document is scanned for a few rare characters before anything else is done with
it (mojibake anchors, control and invisible characters, odd white space); Python's
``re`` classifies one character at a time through its generic matcher, several times
slower than a table look-up. corpus.text._fixers holds the C; the regular expressions
are its spec, and what runs when it is not built or CORPUS_PURE_PYTHON is set (to
anything but 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable

try:  # Python 3.11+
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

from corpus import kernels


KERNEL = kernels.load("corpus.text._fixers")
TABLE_BYTES = 0x110000 // 8  # one bit per code point


def table(pattern: re.Pattern[str]) -> bytes:
    """The characters of a one-class pattern (``[...]`` of characters and ranges), one
    bit per code point, as the C functions read them.

    >>> t = table(re.compile("[a-c]")); [t[c >> 3] >> (c & 7) & 1 for c in map(ord, "`abcd")]
    [0, 1, 1, 1, 0]
    """
    (op, items), = sre_parse.parse(pattern.pattern, pattern.flags)
    if op is sre_parse.LITERAL:  # a class of one character
        op, items = sre_parse.IN, [(op, items)]
    assert op is sre_parse.IN and not pattern.flags & re.IGNORECASE, pattern.pattern
    bits = bytearray(TABLE_BYTES)
    for kind, value in items:
        assert kind in (sre_parse.LITERAL, sre_parse.RANGE), pattern.pattern
        low, high = (value, value) if kind is sre_parse.LITERAL else value
        for code in range(low, high + 1):
            bits[code >> 3] |= 1 << (code & 7)
    return bytes(bits)


def holds_any(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """``lambda text: pattern.search(text) is not None`` for a one-class pattern.

    >>> holds_any(re.compile("[\\u200b\\xad]"))("soft\\xadhyphen"), holds_any(re.compile("[\\u200b]"))("plain")
    (True, False)
    """
    if KERNEL is None:
        return lambda text: pattern.search(text) is not None
    bits, scan = table(pattern), KERNEL.holds_any
    return lambda text: scan(text, bits)
