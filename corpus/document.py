"""The document as it travels through the pipeline.

A document is a list of :class:`Line` objects. Steps never delete a line: they mark it
removed with the id of the rule that removed it, so ``corpus explain`` can show every
decision and the release can count the characters each rule removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)  # hundreds of thousands per run: slots make them smaller and quicker
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
        return [line for line in self.lines if line.removed_by is None]  # (line.kept, without a call)

    def removed_chars(self) -> dict[str, int]:
        """Characters removed per rule id, for the run summary and the manifest."""
        counts: dict[str, int] = dict(self.removed_before)
        for line in self.lines:
            if line.removed_by is not None:
                counts[line.removed_by] = counts.get(line.removed_by, 0) + len(line.text)
        return counts

    def rule_ids(self) -> list[str]:
        """Ids of the rules that changed this document, sorted for a stable output."""
        return sorted({line.removed_by for line in self.lines if line.removed_by} | set(self.removed_before))

    def clean_text(self) -> str:
        """The kept lines, one paragraph each, separated by exactly one blank line."""
        return "\n\n".join(line.text for line in self.lines if line.removed_by is None)
