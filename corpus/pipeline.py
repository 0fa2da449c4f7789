"""The cleaning pipeline: steps chained as generators over documents.

    for step in steps: docs = step(docs)

A rejected document passes through the remaining steps untouched and ends in the
rejects table with its reason; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from corpus.config import CleanConfig
from corpus.document import Document, Line
from corpus.heuristics.lines import GOOD, classify
from corpus.io.inputs import BadArchive, InputFile, TooLarge, file_sha256, read_bytes, sha256
from corpus.metadata.header import take_title
from corpus.metadata.language import identify, sample
from corpus.rulebook.engine import Context, apply_rules
from corpus.rulebook.loader import RuleSet, Site, normalize_line
from corpus.text.decode import NotText, decode
from corpus.text.fixers import normalize

Step = Callable[[Iterable[Document]], Iterator[Document]]


def read(files: Iterable[InputFile], config: CleanConfig) -> Iterator[Document]:
    for item in files:
        doc = Document(source=item.source)
        try:
            doc.raw = read_bytes(item.path, config.max_input_bytes)
        except (TooLarge, BadArchive, OSError) as exc:
            # The reject still names the bytes: the hash of the file as it is on disk.
            doc.raw_sha256 = file_sha256(item.path) or ""
            yield _read_failure(doc, exc)
            continue
        doc.raw_sha256, doc.n_bytes = sha256(doc.raw), len(doc.raw)
        yield doc


def _read_failure(doc: Document, exc: Exception) -> Document:
    if isinstance(exc, TooLarge):
        return doc.fail("too-large", str(exc))
    if isinstance(exc, BadArchive):
        return doc.fail("bad-archive", str(exc))
    return doc.fail("unreadable", str(getattr(exc, "strerror", None) or exc))


def decode_text(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        if doc.reject is None:
            if not doc.raw.strip():
                doc.fail("empty", "the input holds no text")
            else:
                try:
                    text, _encoding = decode(doc.raw)
                except NotText as exc:
                    doc.fail("not-text", str(exc))
                else:
                    doc.text, doc.fixes = normalize(text)
                    doc.lines = [Line(x) for x in doc.text.split("\n") if x]
                    if not doc.lines:
                        doc.fail("empty", "nothing but whitespace and control characters")
            doc.raw = b""  # the bytes are not needed past this point; don't carry them
        yield doc


def find_site(rules: RuleSet) -> Step:
    """The publisher: by URL domain where there is a URL, else by a fingerprint text."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.reject is None:
                site = _site_of(doc, rules)
                if site:
                    doc.meta.site = site.name
            yield doc

    return step


def _site_of(doc: Document, rules: RuleSet) -> Site | None:
    if doc.url:
        host = (urlsplit(doc.url).hostname or "").removeprefix("www.")
        for site in rules.sites:
            if any(host == d or host.endswith("." + d) for d in site.domains):
                return site
    folded = normalize_line(doc.text)
    for site in rules.sites:
        if any(normalize_line(fp) in folded for fp in site.fingerprints):
            return site
    return None


def find_language(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        if doc.reject is None:
            doc.meta.language, doc.meta.language_score = identify(sample([x.text for x in doc.lines]))
        yield doc


def apply_rulebook(rules: RuleSet) -> Step:
    """Site rules first, then the generic ones."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.reject is None:
                site = rules.site_named(doc.meta.site)
                language = (site.language if site else None) or doc.meta.language
                order = (site.date_order if site else None) or rules.date_order.get(language or "")
                ctx = Context(language=language, date_order=order)
                if site:
                    apply_rules(doc, site.rules, ctx)
                apply_rules(doc, rules.generic, ctx)
            yield doc

    return step


def strip_boilerplate(docs: Iterable[Document]) -> Iterator[Document]:
    """The headline first (it sits just before the article), then the line classifier."""
    for doc in docs:
        if doc.reject is None:
            kept = doc.kept_lines()
            verdicts = classify([x.text for x in kept], doc.meta.language)
            first_good = next((i for i, v in enumerate(verdicts) if v.initial == GOOD), None)
            body_start = doc.lines.index(kept[first_good]) if first_good is not None else len(doc.lines)
            take_title(doc, body_start)
            for line, verdict in zip(kept, verdicts):
                if verdict.reason and line.kept:
                    line.remove(verdict.reason)
        yield doc


def require_text(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        if doc.reject is None and not doc.kept_lines():
            removed = ", ".join(doc.rule_ids()) or "nothing"
            doc.fail("no-content", f"no line is left once boilerplate is removed (removed by {removed})")
        yield doc


def steps(rules: RuleSet) -> list[Step]:
    return [decode_text, find_site(rules), find_language, apply_rulebook(rules), strip_boilerplate, require_text]


def run(files: Iterable[InputFile], rules: RuleSet, config: CleanConfig) -> Iterator[Document]:
    docs: Iterable[Document] = read(files, config)
    for step in steps(rules):
        docs = step(docs)
    return iter(docs)
