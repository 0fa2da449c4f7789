"""ftfy's mojibake detector, ``ftfy.badness.is_bad``, and ``ftfy.fix_text``, with the
same answers and a fraction of their cost.

``is_bad`` searches one large regular expression (``BADNESS_RE``) at every position of
the text: about 5 MB/s, the costliest step of decoding a text scrape, while only a few
texts in a hundred hold mojibake. Every match of that expression is short (at most
``getwidth()`` characters) and holds at least one of a few hundred rare characters
(the "anchors": C1 controls, accented capitals, currency signs...). So the expression
only needs to be searched in small windows around the anchors, found by one fast
character-class scan; and most branches are a few one-character classes in a row, so an
anchor between neighbours that no branch allows next to it (a quote after a space and
before a letter) needs no window at all. These facts are read from the compiled
expression when this module is imported (an anchor's neighbours when first met), not
copied from it: if a later ftfy changes the expression so that they no longer hold,
:func:`is_bad` simply calls ftfy's (or searches around every anchor).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

import ftfy
from ftfy.badness import BADNESS_RE
from ftfy.badness import is_bad as ftfy_is_bad
from ftfy.chardata import HTML_ENTITY_RE, LIGATURES

from corpus.text.charclass import KERNEL, holds_any, table

try:  # Python 3.11+
    from re import _compiler as sre_compile
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_C = sre_parse  # opcode names (LITERAL, IN, BRANCH...) live in the parser's namespace
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | ({_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set())


def _class_chars(op, av) -> frozenset[int] | None:
    """The characters one pattern item matches, when it is a plain set of them."""
    if op is _C.LITERAL:
        return frozenset([av])
    if op is _C.IN:
        chars: set[int] = set()
        for kind, value in av:
            if kind is _C.LITERAL:
                chars.add(value)
            elif kind is _C.RANGE:
                chars.update(range(value[0], value[1] + 1))
            else:  # NEGATE, CATEGORY (\w, \s): too wide to be an anchor
                return None
        return frozenset(chars)
    return None


def _cost(chars: frozenset[int]) -> tuple[bool, int, int]:
    # Scanning for ASCII would stop everywhere; letters are common in running text;
    # otherwise, fewer characters are fewer stops.
    letters = sum(1 for c in chars if unicodedata.category(chr(c)).startswith("L"))
    return (min(chars) < 128, letters, len(chars))


def required_chars(items) -> frozenset[int] | None:
    """Characters of which every match of the parsed pattern ``items`` holds at least
    one (the cheapest such set found), or None when no such set is known."""
    options = []
    for op, av in items:
        if op in (_C.LITERAL, _C.IN):
            chars = _class_chars(op, av)
        elif op is _C.SUBPATTERN:
            chars = required_chars(av[-1])
        elif op is _C.BRANCH:
            parts = [required_chars(branch) for branch in av[1]]
            chars = None if any(p is None for p in parts) else frozenset().union(*parts)
        elif op in _REPEATS and av[0] >= 1:
            chars = required_chars(av[2])
        else:  # anchors (^), optional parts, backreferences...: nothing required
            chars = None
        if chars:
            options.append(chars)
    return min(options, key=_cost) if options else None


# The expression parsed once, for the three readings below (a parse is ~5 ms). Kept:
# _item_match caches by the identity of its items.
_PARSED = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)


def _build() -> tuple[re.Pattern[str] | None, int]:
    if BADNESS_RE.flags & re.IGNORECASE:  # the anchor set would miss other cases
        return None, 0
    parsed = _PARSED
    width = parsed.getwidth()[1]
    anchors = required_chars(parsed.data)
    if anchors is None or min(anchors) < 128 or width > 100:  # no cheap anchor: no shortcut
        return None, 0
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(anchors)) + "]"), width


_ANCHORS, _WIDTH = _build()
_ANCHOR_TABLE = table(_ANCHORS) if _ANCHORS is not None and KERNEL is not None else None


def is_bad(text: str) -> bool:
    """Exactly ``ftfy.badness.is_bad(text)``: does the text look like it holds mojibake?

    >>> is_bad("café"), is_bad("cafÃ©"), is_bad("Arabic: التقى السفير"), is_bad("â€œquotedâ€\x9d")
    (False, True, False, True)
    """
    if _ANCHORS is None:
        return ftfy_is_bad(text)
    # BADNESS_RE has no lookaround and its only "^" is not matched at a search's start
    # position other than 0, so a match inside a window is a match in the text, and every
    # match lies in a window.
    return any(BADNESS_RE.search(text, start, end) for start, end in _windows(text))


def _anchor_windows(text: str) -> Iterator[tuple[int, int]]:
    """The windows of ``text`` that ``BADNESS_RE`` is searched in: around the anchors,
    merged where they overlap. An anchor whose neighbours no branch allows next to it
    (the quotes around a word, "Über" at a sentence's start) holds no match, and every
    match holds an anchor that fits: only those open a window."""
    start = end = -1
    fitting = _FITTING
    for found in _ANCHORS.finditer(text):
        at = found.start()
        around = text[at - 1 : at + 2] if at else ""  # the anchor and both its neighbours
        fits = fitting.get(around) if len(around) == 3 else None
        if fits is None:
            fits = _fits(text, at)
            if len(around) == 3:
                if len(fitting) >= _FITTING_MAX:
                    fitting.clear()
                fitting[around] = fits
        if not fits:
            continue
        if at - _WIDTH + 1 <= end:
            end = at + _WIDTH
            continue
        if end >= 0:
            yield start, end
        start, end = max(0, at - _WIDTH + 1), at + _WIDTH
    if end >= 0:
        yield start, end


def _windows(text: str) -> Iterable[tuple[int, int]]:
    """_anchor_windows, in C where it is built (corpus.text._fixers): the loop over every
    anchor was the costliest part of is_bad (22 000 anchors in the dev dumps)."""
    if KERNEL is None or _ANCHOR_TABLE is None:
        return _anchor_windows(text)
    return KERNEL.anchor_windows(text, _ANCHOR_TABLE, _FITTING, _fits, _WIDTH, _FITTING_MAX)


def _chars_of(op, av) -> tuple[frozenset[str], tuple]:
    """The characters one pattern item matches: listed, or (a class too wide to list: a
    negated one, ``\\w``, ``.``) asked of the item compiled alone."""
    chars = _class_chars(op, av)
    if chars is not None:
        return frozenset(map(chr, chars)), ()
    return frozenset(), (_item_match(op, av),)


# One-character items compiled alone, by (op, identity of av): the same items are asked
# about for every anchor, and compiling them each time was most of this module's import.
_ITEM_MATCH: dict[tuple, tuple] = {}


def _item_match(op, av):
    """The ``match`` of one pattern item (of ``_PARSED``) compiled alone."""
    key = (op, id(av))  # (the entry holds av: no other object can take its id meanwhile)
    entry = _ITEM_MATCH.get(key)
    if entry is None or entry[0] is not av:
        state = sre_parse.State()
        state.flags = BADNESS_RE.flags
        entry = _ITEM_MATCH[key] = (av, sre_compile.compile(sre_parse.SubPattern(state, [(op, av)]), BADNESS_RE.flags).match)
    return entry[1]


def _in(char: str, chars: tuple[frozenset[str], tuple]) -> bool:
    listed, others = chars
    return char in listed or any(match(char) for match in others)


class _Neighbours(dict):
    """For each anchor, where a match may hold it: None when anywhere, else the classes of
    the character after it (it starts a branch), of the one before it (it ends one),
    and of both (in the middle), over every branch made only of one-character items.

    Each anchor's entry is worked out the first time it is looked up: a run meets a few
    of the ~200 anchors (curly quotes in English), and working out all of them took
    ~20 ms of every run's start. Looking up a character that is no anchor is a KeyError
    (``get``: the default), as in a dict holding them all."""

    def __init__(self) -> None:
        super().__init__()
        parsed = _PARSED
        self._branches = parsed.data[0][1][1] if len(parsed.data) == 1 and parsed.data[0][0] is _C.BRANCH else [parsed.data]
        one_char = (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY)
        self._items = [[_chars_of(op, av) if op in one_char else None for op, av in b] for b in self._branches]
        self._anchors = frozenset(map(chr, required_chars(parsed.data) or ())) if _ANCHORS is not None else frozenset()

    def __bool__(self) -> bool:
        return bool(self._anchors)

    def get(self, char, default=None):  # (dict.get does not call __missing__)
        try:
            return self[char]
        except KeyError:
            return default

    def __missing__(self, char: str) -> tuple | None:
        if char not in self._anchors:
            raise KeyError(char)
        after, before, both, anywhere = [], [], [], False
        for branch, parts in zip(self._branches, self._items):
            if None in parts:  # a repeat, an anchor (^), a group...: the char may be anywhere
                anywhere = anywhere or _may_hold([x for x in branch if x[0] is not _C.AT], char)
                continue
            for i, chars in enumerate(parts):
                if not _in(char, chars):
                    continue
                if len(parts) == 1:
                    anywhere = True
                elif i == 0:
                    after.append(parts[1])
                elif i == len(parts) - 1:
                    before.append(parts[i - 1])
                else:
                    both.append((parts[i - 1], parts[i + 1]))
        found = self[char] = None if anywhere else (after, before, both)
        return found


# _fits's answers by an anchor and its two neighbours: they repeat (a quote after a
# space and before a capital), 2 400 of them in the 22 000 anchors of the development
# dumps. Emptied when this full (about 2 MB), to bound what a run of many scripts takes.
_FITTING: dict[str, bool] = {}
_FITTING_MAX = 20_000


def _fits(text: str, at: int) -> bool:
    """May a match hold the anchor at ``at``, by its neighbours? In a branch made of
    one-character items, every character of a match stands between characters the
    items before and after it allow.

    >>> _fits("Er sagte „Wir“.", 9), _fits("cafÃ©", 3)
    (False, True)
    """
    where = _sides(text[at])
    if where is None:
        return True
    after, before, both = where
    left = text[at - 1] if at else ""
    right = text[at + 1] if at + 1 < len(text) else ""
    if (right and _in(right, after)) or (left and _in(left, before)):
        return True
    if left and right:
        for (x_listed, x_others), (y_listed, y_others) in both:  # (_in, inlined: a few thousand calls)
            if (left in x_listed or (x_others and any(m(left) for m in x_others))) \
                    and (right in y_listed or (y_others and any(m(right) for m in y_others))):
                return True
    return False


def _sides(char: str) -> tuple | None:
    """The anchor's _NEIGHBOURS entry with the classes after it merged into one (a
    character fits after it if it is in any of them), and those before it likewise:
    one look-up a side instead of one a branch (a few thousand neighbourhoods are asked
    about in a run, the first time each is met)."""
    found = _SIDES.get(char, _UNSEEN)
    if found is _UNSEEN:
        where = _NEIGHBOURS.get(char)
        if where is not None:
            after, before, both = where
            where = (_merged(after), _merged(before), both)
        found = _SIDES[char] = where
    return found


def _merged(classes: list[tuple[frozenset[str], tuple]]) -> tuple[frozenset[str], tuple]:
    listed = frozenset().union(*(chars for chars, _ in classes))
    others = tuple({id(m): m for _, matches in classes for m in matches}.values())
    return listed, others


_SIDES: dict[str, tuple | None] = {}
_UNSEEN = object()


def _may_hold(items, chars: str) -> bool:
    """May a match of the parsed pattern ``items`` hold one of ``chars``? True when not
    sure: an anchor, a look-around or anything else not read here."""
    for op, av in items:
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY):
            match = _item_match(op, av)
            if any(match(char) for char in chars):
                return True
        elif op is _C.SUBPATTERN:
            if _may_hold(av[-1], chars):
                return True
        elif op is _C.BRANCH:
            if any(_may_hold(branch, chars) for branch in av[1]):
                return True
        elif op in _REPEATS:
            if av[1] >= 1 and _may_hold(av[2], chars):
                return True
        else:
            return True
    return False


def _build_spaced() -> frozenset[str] | None:
    """Characters of which every match of the expression that holds a space or a line
    break holds one; None when unknown."""
    parsed = _PARSED
    branches = parsed.data[0][1][1] if len(parsed.data) == 1 and parsed.data[0][0] is _C.BRANCH else [parsed.data]
    spaced = [branch for branch in branches if _may_hold(branch, " \n")]
    if not spaced:
        return frozenset()
    anchors = required_chars([(_C.BRANCH, (None, spaced))])
    if anchors is None or ord(" ") in anchors or ord("\n") in anchors:
        return None
    return frozenset(map(chr, anchors))


_SPACED = _build_spaced()
# One scan for them all (a table look-up a character, in C where it is built).
_holds_spaced = holds_any(re.compile("[" + "".join(map(re.escape, sorted(_SPACED))) + "]")) if _SPACED else lambda text: False
_NEIGHBOURS = _Neighbours()


def may_turn_bad(text: str) -> bool:
    """False when ``text`` is certainly not bad, given that it was made from a text that is
    not bad by what ``fix_whitespace`` does: runs of white space made one space, spaces
    and blank lines removed, never two other characters brought together.

    A match of the expression that holds no white space lies in a run of other
    characters, which the text it was made from holds too; the expression has no
    look-around, so it would have matched there. So only a match holding a space or a
    line break (the only white space left) can be new, and each holds one of a few
    characters (``_SPACED``: "Â", "€", "œ"...).

    >>> may_turn_bad("Grüße aus München – „Zitat“"), may_turn_bad("1 Â a"), may_turn_bad("5 €")
    (False, True, True)
    """
    if _SPACED is None or _ANCHORS is None:  # pragma: no cover - another ftfy expression
        return True
    return _holds_spaced(text)


# What ftfy's fixes besides fix_encoding (which changes only text that `is_bad`) can
# change, read from ftfy's own tables: HTML entities, Latin ligatures, C1 controls,
# surrogates and terminal escapes (which start with ESC).
_OTHER_FIXES = re.compile(
    HTML_ENTITY_RE.pattern + "|[" + "".join(re.escape(chr(c)) for c in sorted(LIGATURES)) + "\x80-\x9f\ud800-\udfff\x1b]"
)


def fix_text(text: str, config: ftfy.TextFixerConfig) -> str:
    """Exactly ``ftfy.fix_text(text, config)``, asking ftfy only about the lines it
    would change.

    ftfy fixes a text line by line (its "segments"), each line on its own, but for one
    setting: once a line holds "<", HTML entities are left alone in the lines after it.
    Here only the segments holding something a fix may act on (found for the whole
    text at once) are asked about, and only those ftfy would change go through its
    fixes; the others are kept as they are.

    >>> fix_text("fine\\ncafÃ©\\n", ftfy.TextFixerConfig())
    'fine\\ncafé\\n'
    """
    if config.fix_character_width or config.uncurl_quotes or config.fix_line_breaks or config.remove_control_chars \
            or config.normalization is not None or config.explain:
        return ftfy.fix_text(text, config)  # fixes that act on other characters: not worth it
    limit = config.max_decode_length
    first_tag = text.find("<") if config.unescape_html == "auto" else -1
    out, done, asked = [], 0, 0
    for mark in _marks(text):
        if mark < asked:
            continue  # in a segment already asked about
        line_start = text.rfind("\n", 0, mark) + 1
        start = line_start + (mark - line_start) // limit * limit  # (ftfy cuts a long line)
        end = asked = min(text.find("\n", mark) + 1 or len(text), start + limit)
        segment = text[start:end]
        if _OTHER_FIXES.search(segment) or is_bad(segment):
            # Entities are left alone from the first segment holding "<" on.
            segment_config = config._replace(unescape_html=False) if 0 <= first_tag < end else config
            out += [text[done:start], ftfy.fix_and_explain(segment, segment_config).text]
            done = end
    out.append(text[done:])
    return "".join(out)


def _marks(text: str) -> list[int] | range:
    """Where ``text`` holds a character or entity some fix acts on, in order: a segment
    with none is neither bad (every match of the expression holds an anchor) nor has
    another fix to make (``_OTHER_FIXES`` never matches across a line break)."""
    if _ANCHORS is None:  # pragma: no cover - another ftfy expression: ask every segment
        return range(len(text))
    return sorted([m.start() for m in _OTHER_FIXES.finditer(text)] + [m.start() for m in _ANCHORS.finditer(text)])
