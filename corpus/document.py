"""The document as it travels through the pipeline.

A document is a list of :class:`Line` objects. Steps never delete a line: they mark it
removed with the id of the rule that removed it, so ``corpus explain`` can show every
decision and the release can count the characters each rule removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from corpus import kernels


@dataclass(slots=True)  # the spec of corpus._document.Line, and its fallback (see KERNEL below)
class Line:
    text: str
    removed_by: str | None = None  # id of the rule that removed the line
    meta: str | None = None  # metadata field the line was taken as (title, published, ...)

    @property
    def kept(self) -> bool:
        return self.removed_by is None

    def remove(self, rule_id: str, meta: str | None = None) -> None:
        if self.removed_by is None:
            self.removed_by = rule_id
            self.meta = meta


def lines_of(text: str) -> list[Line]:
    r"""A line for each piece of the text between line breaks, but empty ones.

    >>> [x.text for x in lines_of("a\n\nb\n")]
    ['a', 'b']
    """
    return [Line(x) for x in text.split("\n") if x]


def texts_of(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def longest_texts(lines: list[Line], min_chars: int, enough: int) -> list[str]:
    """The texts of the lines at least ``min_chars`` long, longest first (lines of one
    length in their order), as many as it takes for them to make ``enough`` characters
    one space apart (all of them, where they never do)."""
    picked = sorted([line.text for line in lines if len(line.text) >= min_chars], key=len, reverse=True)
    taken, joined = 0, -1
    while taken < len(picked) and joined < enough:
        joined += len(picked[taken]) + 1
        taken += 1
    return picked[:taken]


def kept_lines(lines: list[Line], texts: bool) -> list:
    """The lines not removed, or (``texts``) their texts."""
    if texts:
        return [line.text for line in lines if line.removed_by is None]  # (line.kept, without a call)
    return [line for line in lines if line.removed_by is None]


def add_removed_chars(lines: list[Line], counts: dict[str, int]) -> None:
    """Add the length of each removed line to the count of the rule that removed it."""
    for line in lines:
        if line.removed_by is not None:
            counts[line.removed_by] = counts.get(line.removed_by, 0) + len(line.text)


def removed_by_ids(lines: list[Line]) -> set[str]:
    return {line.removed_by for line in lines if line.removed_by}


def count_words(text: str) -> int:
    return len(text.split())


def remove_each(lines: list[Line], reasons: list[str | None]) -> None:
    """Remove each line still kept by its reason, where it has one."""
    for line, reason in zip(lines, reasons):
        if reason and line.removed_by is None:  # (line.kept, without a call)
            line.remove(reason)


# The C versions of Line and of the functions above (corpus/_document.c), unless it is not
# built or CORPUS_PURE_PYTHON is set (to anything but 0). A run makes a Line for every
# line of every document: the C Line is made without a Python call, and holding only
# str it is left out of the garbage collector's walks (measured on the dev dumps: making
# the lines took 0.19 s, and the collections they set off ~0.15 s more).
PYTHON_FUNCTIONS = {f.__name__: f for f in (Line, lines_of, texts_of, kept_lines, add_removed_chars, removed_by_ids, count_words,
                                            remove_each, longest_texts)}


KERNEL = kernels.load("corpus._document")
if KERNEL is not None:
    Line = KERNEL.Line  # type: ignore[misc]  # noqa: F811
    lines_of, texts_of, kept_lines = KERNEL.lines_of, KERNEL.texts_of, KERNEL.kept_lines  # noqa: F811
    add_removed_chars, removed_by_ids, count_words = KERNEL.add_removed_chars, KERNEL.removed_by_ids, KERNEL.count_words  # noqa: F811
    remove_each, longest_texts = KERNEL.remove_each, KERNEL.longest_texts  # noqa: F811


@dataclass
class Metadata:
    title: str | None = None
    subtitle: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # where the date came from: rule id or "dateline"
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    site: str | None = None
    language: str | None = None
    language_score: float | None = None
    notes: list[str] = field(default_factory=list)  # e.g. an ambiguous date left unset


@dataclass
class Reject:
    reason: str  # short, stable, countable: "empty", "binary", "too-large", ...
    message: str


@dataclass
class Document:
    source: str  # path relative to the input root (plus "#record" for archives)
    kind: str = "text"  # "text" or "html": how the raw bytes are turned into lines
    raw: bytes = b""  # released once decoded: only its size and hash travel on
    n_bytes: int = 0
    raw_sha256: str = ""
    url: str | None = None
    declared_charset: str | None = None  # from the HTTP header of a WARC record
    sidecar: dict = field(default_factory=dict)  # metadata the scraper saved beside a text file
    group: str | None = None  # site or host its boilerplate is learned with
    text: str = ""  # decoded and normalized text, before any rule
    lines: list[Line] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    fixes: list[str] = field(default_factory=list)  # names of the text fixers that changed it
    removed_before: dict[str, int] = field(default_factory=dict)  # chars per CSS rule, before lines
    reject: Reject | None = None
    skipped: str | None = None  # not a document at all (a WARC request record): counted only

    @property
    def active(self) -> bool:
        """Still on its way to becoming a row."""
        return self.reject is None and self.skipped is None

    def fail(self, reason: str, message: str) -> "Document":
        self.reject = Reject(reason, message)
        return self

    def kept_lines(self) -> list[Line]:
        return kept_lines(self.lines, False)

    def removed_chars(self) -> dict[str, int]:
        """Characters removed per rule id, for the run summary and the manifest."""
        counts: dict[str, int] = dict(self.removed_before)
        add_removed_chars(self.lines, counts)
        return counts

    def rule_ids(self) -> list[str]:
        """Ids of the rules that changed this document, sorted for a stable output."""
        return sorted(removed_by_ids(self.lines) | set(self.removed_before))

    def clean_text(self) -> str:
        """The kept lines, one paragraph each, separated by exactly one blank line."""
        return "\n\n".join(kept_lines(self.lines, True))
