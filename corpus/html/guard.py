"""Refuse pages that would make a parser hang or explode, before any parser sees them.

HTML parsers handle deep nesting badly: lexbor slows down quadratically (20 s for
100,000 nested divs), libxml2 gives up past 256 levels. A cheap scan of the tags finds
such pages first.
"""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Iterator

# Real pages nest a few dozen levels; sloppy ones leave thousands of <font> or <b> open.
# lexbor's cost grows with the square of the depth: 5,000 levels take it ~50 ms,
# 100,000 take 20 s. Past this it is an attack or a broken generator.
MAX_DEPTH = 5000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements without content, and elements whose end tag may be left out (the parser closes
# them at the next sibling): neither makes the tree deeper.
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont frame keygen "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rt rp".split()
)


# SVG and MathML elements, where "/>" really closes an element; on HTML elements
# parsers ignore the slash ("<div/>" opens a div).
_FOREIGN_LEAVES = frozenset(
    "path circle rect line polyline polygon ellipse use stop image text tspan mi mo mn mspace".split()
)


class PageTooComplex(ValueError):
    """The page is nested too deeply or took too long to process."""


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so that the `except Exception` blocks inside
    trafilatura and htmldate cannot swallow it; `time_limit` turns it into
    PageTooComplex at its own boundary."""


def check_depth(html: str, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`PageTooComplex` when tags nest deeper than ``limit``.

    >>> check_depth("<div><p>a<br>b</p></div>")
    >>> check_depth("<div>" * 6000)
    Traceback (most recent call last):
    ...
    corpus.html.guard.PageTooComplex: tags nest deeper than 5000 levels
    """
    if html.count("<") <= limit:  # fewer tags than the limit cannot nest past it
        return
    depth = 0
    for found in _TAG.finditer(html):
        closing, name, self_closing = found.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not (self_closing and name.lower() in _FOREIGN_LEAVES) and name.lower() not in _VOID:
            depth += 1
            if depth > limit:
                raise PageTooComplex(f"tags nest deeper than {limit} levels")


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTooComplex` when the block runs longer than ``seconds``.

    Uses SIGALRM, so it works in the main thread of a process (each worker is one)
    and interrupts Python code; where no alarm is available it does not limit.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _Expired()

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise PageTooComplex(f"took longer than {seconds:g} s to extract") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
