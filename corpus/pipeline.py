"""The cleaning pipeline: steps chained as generators over documents, run over a batch
of documents one step at a time (see ``run``).

    for step in steps: docs = step(docs)

A rejected document passes through the remaining steps untouched and ends in the
rejects table with its reason; nothing is dropped silently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from corpus.config import CleanConfig
from corpus.document import Document, Line, lines_of, remove_each, texts_of
from corpus.heuristics.learned import document_lines, remove_learned, site_key
from corpus.heuristics.lines import article_start, classify
from corpus.io.inputs import InputFile
from corpus.io.readers import input_format, read_documents
from corpus.io.urls import host_of, web_url
from corpus.metadata.header import take_title
from corpus.metadata.language import identify, sample_of_lines
from corpus.metadata.dates import parse_timestamp
from corpus.metadata.textdate import find_date_around
from corpus.rulebook.engine import Context, apply_rules, take_first
from corpus.rulebook.loader import RuleSet, Site, normalize_line
from corpus.text.decode import NotText, decode
from corpus.text.fixers import fix_line_breaks, normalize

Step = Callable[[Iterable[Document]], Iterator[Document]]

# A sidecar's title is looked for among the first kept lines, where a headline stands.
HEADER_SCAN = 20


def read(files: Iterable[InputFile], config: CleanConfig, held: Mapping[Path, bytes] | None = None) -> Iterator[Document]:
    """The inputs' documents (``held``: files' bytes already read, see ``read_documents``)."""
    for item in files:
        reader = read_documents(item, config, held)
        while True:
            try:
                doc = next(reader)
            except StopIteration:
                break
            except Exception as exc:  # a reader bug on one file must not end the run
                yield _internal_error(Document(source=f"{item.source}#unread"), exc)
                break
            yield doc


def _internal_error(doc: Document, exc: BaseException) -> Document:
    doc.raw = b""
    return doc.fail("internal-error", f"{type(exc).__name__}: {exc}"[:500])


def to_lines(rules: RuleSet, config: CleanConfig) -> Step:
    """Bytes to normalized lines: decoded text, or the main content of an HTML page."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.active:
                if not doc.raw.strip():
                    doc.fail("empty", "the input holds no text")
                else:
                    _html_to_text(doc, rules, config) if doc.kind == "html" else _decode_text(doc)
                if doc.active:
                    doc.lines = lines_of(doc.text)
                    if not doc.lines and doc.kind == "html":
                        doc.fail("no-content", "no main content found in the page")
                    elif not doc.lines:
                        doc.fail("empty", "nothing but whitespace and control characters")
                doc.raw = b""  # the bytes are not needed past this point; don't carry them
            yield doc

    return step


def _decode_text(doc: Document) -> None:
    try:
        text, _encoding = decode(doc.raw)
    except NotText as exc:
        doc.fail("not-text", str(exc))
        return
    doc.text, doc.fixes = normalize(text)


def _html_to_text(doc: Document, rules: RuleSet, config: CleanConfig) -> None:
    # The HTML stack (corpus.html, selectolax, lxml, trafilatura) is imported with the
    # first page: a run on text scrapes never needs it, and it is ~50 ms of its start.
    from corpus.html.decode import decode_html
    from corpus.html.extract import as_date, extract, parse_page
    from corpus.html.guard import PageTooComplex, time_limit

    try:
        html, _encoding = decode_html(doc.raw, doc.declared_charset)
        with time_limit(config.extract_seconds):
            page = parse_page(html)
            # The canonical link or og:url: a page saved alone has no other.
            doc.url = doc.url or web_url(page.meta.url)
            site = _site_by_url(doc.url, rules)
            extraction = extract(page, doc.url, rules.css_rules(site), rules.date_order)
    except NotText as exc:
        doc.fail("not-text", str(exc))
        return
    except PageTooComplex as exc:
        doc.fail("too-complex", str(exc))
        return
    meta = doc.meta
    meta.title = extraction.title
    meta.authors = list(extraction.authors)
    meta.published = as_date(extraction.published)
    meta.published_from = extraction.published_from if meta.published else None
    meta.site = site.name if site else page.meta.site_name
    doc.removed_before = dict(extraction.removed)
    doc.text, doc.fixes = normalize(extraction.text)


def _site_by_url(url: str | None, rules: RuleSet) -> Site | None:
    host = host_of(url)
    if host:
        for site in rules.sites:
            if any(host == d or host.endswith("." + d) for d in site.domains):
                return site
    return None


def find_site(rules: RuleSet, learning: bool = False) -> Step:
    """The publisher: by URL domain where there is a URL, else by a fingerprint text.
    ``learning``: the learning pass's step, which keeps its fingerprint answers for the
    main pass (see ``_FingerprintsFound``)."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.active:
                site = _site_by_url(doc.url, rules)
                name = site.name if site else _site_by_fingerprint(doc, rules, learning)
                if name:
                    doc.meta.site = name
                doc.group = site_key(doc)
            yield doc

    return step


def _site_by_fingerprint(doc: Document, rules: RuleSet, learning: bool = False) -> str | None:
    """The name of the site whose fingerprint the text holds."""
    if learning:
        site = rules.site_by_fingerprint(doc.text)
        name = site.name if site else None
        _FINGERPRINTS.keep(doc, rules, name)
        return name
    found = _FINGERPRINTS.take(doc, rules)
    if found is not None:
        return found[0]
    site = rules.site_by_fingerprint(doc.text)
    return site.name if site else None


# The fixers that only change white space (line breaks to "\n", runs of spaces to one,
# spaces at line ends and blank lines away): each keeps the words (``str.split``) of the
# text as they are, and so its ``normalize_line`` form, the only form fingerprints are
# compared in (``RuleSet.site_by_fingerprint``). tests/test_pipeline.py checks it.
SPACING_FIXES = frozenset({"line-breaks", "whitespace"})


class _FingerprintsFound:
    """The learning pass's fingerprint answers, for the main pass of the same worker.

    The learning pass asks about the decoded text; the main pass about that text once
    fixed. Where the fixers changed only white space (``SPACING_FIXES``: nine documents in
    ten) the answer is the same, and the main pass takes it instead of case-folding the
    whole text again (~20 ms of a run on the dev dumps). A document is known by its
    source and the sha256 of its bytes; an answer is asked for once (popped), and only from
    the same rules (the same RuleSet object: each worker loads them once)."""

    def __init__(self) -> None:
        self._rules: RuleSet | None = None
        self._sites: dict[tuple[str, str], str | None] = {}

    def keep(self, doc: Document, rules: RuleSet, name: str | None) -> None:
        if rules is not self._rules:
            self._rules, self._sites = rules, {}
        if doc.raw_sha256 and len(self._sites) < _MAX_FINGERPRINTS_KEPT:
            self._sites[(doc.source, doc.raw_sha256)] = name

    def take(self, doc: Document, rules: RuleSet) -> tuple[str | None] | None:
        """(the site's name,) the learning pass found for this text, or None where it is not known."""
        if rules is not self._rules or doc.kind != "text" or not doc.raw_sha256:
            return None
        name = self._sites.pop((doc.source, doc.raw_sha256), _UNKNOWN)
        if name is _UNKNOWN or not SPACING_FIXES.issuperset(doc.fixes):
            return None
        return (name,)


# Answers kept at most (~250 bytes each: ~5 MB): a worker learns its tasks before it
# processes any, so on a big run only the first tasks' answers are kept; the others are
# found again, as before.
_MAX_FINGERPRINTS_KEPT = 20_000
_FINGERPRINTS = _FingerprintsFound()
_UNKNOWN = object()


def find_language(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        if doc.active:
            doc.meta.language, doc.meta.language_score = identify(sample_of_lines(doc.lines))
        yield doc


def _context(doc: Document, rules: RuleSet) -> Context:
    """Language and date order for a document: the site's, else the language's."""
    site = rules.site_named(doc.meta.site)
    language = (site.language if site else None) or doc.meta.language
    order = (site.date_order if site else None) or rules.date_order.get(language or "")
    return Context(language=language, date_order=order)


def apply_rulebook(rules: RuleSet) -> Step:
    """Site rules first, then the generic ones."""

    def step(docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            if doc.active:
                site = rules.site_named(doc.meta.site)
                ctx = _context(doc, rules)
                if site:
                    apply_rules(doc, site.rules, ctx)
                apply_rules(doc, rules.generic, ctx)
            yield doc

    return step


def _date_from_text(doc: Document, body_start: int, rules: RuleSet) -> None:
    # Lines a rule already removed (a "Read also: ..." teaser, learned menus) hold other
    # stories' dates; the candidates are the lines still kept, and the byline, which
    # often carries the date ("By Jane Doe, 6 November 2023").
    ctx = _context(doc, rules)
    lines = doc.lines
    # Read outwards from body_start only as far as the search goes (not every line).
    start = min(max(body_start, 0), len(lines))
    before, after = _candidate_texts(lines, range(start - 1, -1, -1)), _candidate_texts(lines, range(start, len(lines)))
    value, _side, _position = find_date_around(before, after, ctx.date_order, ctx.language)
    if value:
        doc.meta.published, doc.meta.published_from = value, "text:near-article-start"


def _candidate_texts(lines: list[Line], indexes: range) -> Iterator[str]:
    for index in indexes:
        line = lines[index]
        # (line.removed_by, not the line.kept property: one call less on every line)
        if line.removed_by is None or line.meta == "authors":
            yield line.text


# A byline stands with the headline or just under it: this many lines either side of
# the article's first paragraph are searched, nearest first. Measured on the dev dumps:
# 12 lines find 0.136 of the authors, 25 find 0.162, 50 only 0.165.
BYLINE_WINDOW = 25


def _byline_near_start(doc: Document, body_start: int, rules: RuleSet) -> None:
    """The byline rules again, now that the article's start is known: a full-page dump
    puts menus before the header, beyond the first lines the rules looked at."""
    byline_rules = rules.of_kind(rules.site_named(doc.meta.site), "meta", field="authors")
    ctx = _context(doc, rules)
    window = range(max(0, body_start - BYLINE_WINDOW), min(len(doc.lines), body_start + BYLINE_WINDOW + 1))
    near = [i for i in window if doc.lines[i].kept]
    nearest_first = sorted(near, key=lambda i: (abs(i - body_start) + (i >= body_start), i))
    take_first(doc, byline_rules, ctx, [doc.lines[i] for i in nearest_first])


def strip_boilerplate(rules: RuleSet) -> Step:
    return functools.partial(_strip_boilerplate, rules=rules)


def _strip_boilerplate(docs: Iterable[Document], rules: RuleSet) -> Iterator[Document]:
    """Text scrapes: the headline first (it sits just before the article), then the
    publication date nearest the article, then the line classifier. HTML pages: the
    extractor (corpus.html) found the article on the page's structure; only a repeated
    headline goes."""
    for doc in docs:
        # Measured on the development set, a line classifier after HTML extraction costs
        # more recall than it gains precision (F1 0.923 -> 0.897), so HTML skips it.
        if doc.active and doc.kind == "html":
            _drop_repeated_title(doc)

        elif doc.active:
            kept = doc.kept_lines()
            texts = texts_of(kept)
            reasons = classify(texts, doc.meta.language)
            first = article_start(texts, reasons, doc.meta.language)
            body_start = doc.lines.index(kept[first]) if first is not None else len(doc.lines)
            if not doc.meta.authors:  # before the title: a byline looks like a short headline
                _byline_near_start(doc, body_start, rules)
            take_title(doc, body_start)
            if doc.meta.published is None:
                _date_from_text(doc, body_start, rules)
            remove_each(kept, reasons)
        yield doc


def _drop_repeated_title(doc: Document, rule_id: str = "header:title", scan: int = 1) -> None:
    """The title is metadata: a line of the text repeating it (among the first ``scan``
    kept lines) goes."""
    title = normalize_line(doc.meta.title or "")
    for line in doc.kept_lines()[:scan] if title else ():
        if normalize_line(line.text) == title:
            line.remove(rule_id, meta="title")
            return


def apply_sidecar(docs: Iterable[Document]) -> Iterator[Document]:
    """What the scraper knew wins over what we guessed."""
    for doc in docs:
        if doc.active and doc.sidecar:
            _take_sidecar(doc)
        yield doc


def _take_sidecar(doc: Document) -> None:
    meta, given = doc.meta, doc.sidecar
    title = given.get("title")
    if isinstance(title, str) and title.strip():
        meta.title = " ".join(title.split())
        _drop_repeated_title(doc, "sidecar:title", scan=HEADER_SCAN)
    published = given.get("published")
    value = parse_timestamp(published) if isinstance(published, str) else None
    if value:
        meta.published, meta.published_from = value, "sidecar"
    elif published:
        meta.notes.append(f"sidecar date {published!r} not understood")
    authors = given.get("authors")
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(";")]
    if isinstance(authors, list) and all(isinstance(a, str) for a in authors) and any(a.strip() for a in authors):
        meta.authors = [a.strip() for a in authors if a.strip()]


def require_text(docs: Iterable[Document]) -> Iterator[Document]:
    for doc in docs:
        if doc.active and not doc.kept_lines():
            removed = ", ".join(doc.rule_ids()) or "nothing"
            doc.fail("no-content", f"no line is left once boilerplate is removed (removed by {removed})")
        yield doc


Learned = dict[str, frozenset[int]]


def steps(rules: RuleSet, config: CleanConfig, learned: Learned | None = None) -> list[Step]:
    return [
        to_lines(rules, config),
        find_site(rules),
        find_language,
        apply_rulebook(rules),
        remove_learned(learned or {}, config.learn),
        strip_boilerplate(rules),
        apply_sidecar,
        require_text,
    ]


# Documents go through the steps a batch at a time, each step over the whole batch
# before the next: a step's tables and code (the fastText model, the classifier, RE2's
# programs) stay in the CPU's caches. Measured on the dev dumps: 10% less time with 64
# documents than with one. The batch also ends once it holds this many bytes of input,
# so its raw bytes stay small beside a task's other buffers.
BATCH_DOCUMENTS = 64
BATCH_BYTES = 16 * 1024 * 1024


def run(files: Iterable[InputFile], rules: RuleSet, config: CleanConfig, learned: Learned | None = None) -> Iterator[Document]:
    """Every document through every step, in order: an unexpected error (a bug, a
    library tripping on a page) makes that document an "internal-error" reject, which
    passes through the remaining steps untouched, and the run goes on."""
    chain = steps(rules, config, learned)
    for batch in _batches(read(files, config)):
        for step in chain:
            batch = [out for doc in batch for out in _one(step, doc)]
        yield from batch


def _one(step: Step, doc: Document) -> list[Document]:
    try:
        return list(step(iter([doc])))
    except Exception as exc:
        return [_internal_error(doc, exc)]


def _batches(docs: Iterator[Document]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.raw)
        if len(batch) >= BATCH_DOCUMENTS or size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def text_only(docs: Iterable[Document]) -> Iterator[Document]:
    # Learning reads text scrapes only: HTML pages have their structure to find the
    # article by, and extracting them twice would double the cost of a run.
    for doc in docs:
        if doc.kind == "text":
            yield doc


def learning_pass(files: Iterable[InputFile], rules: RuleSet, config: CleanConfig,
                  held: Mapping[Path, bytes] | None = None) -> list[tuple[str | None, frozenset[int]]]:
    """The first pass: each text document's group and distinct line hashes (documents in
    no group, which teach nothing, are left out). It decodes but skips ftfy: line hashes
    compare case-folded text with single spaces, and ftfy would cost more than the rest
    of the pass. ``held``: files' bytes already read (see ``read_documents``)."""
    found = []
    by_site = find_site(rules, learning=True)
    # HTML pages and WARC archives (whose records are HTML) hold no text document:
    # they are not even read.
    files = [item for item in files if input_format(item.path) not in ("html", "warc")]
    for doc in text_only(read(files, config, held)):
        if not doc.active:  # unreadable: the second pass will say why, as a reject
            continue
        try:
            text = decode(doc.raw)[0] if doc.raw.strip() else ""
        except Exception:  # NotText or worse: the second pass will say why, as a reject
            continue
        doc.text = text
        doc = next(by_site([doc]))
        if doc.group is not None:  # a document in no group has nothing to learn from
            doc.lines = [Line(x) for x in fix_line_breaks(text).split("\n") if x.strip()]
            found.append(document_lines(doc, config.learn))
    return found
