"""Turn one input file into documents: plain text, HTML, WARC or JSONL.

The format comes from the file name (``.gz`` stripped): ``.html``/``.htm`` pages,
``.warc`` archives (Common Crawl style, gzipped or not), ``.jsonl`` exports
(``{"url", "html"}`` or ``{"url", "text"}`` a line); anything else is a text scrape.
A bad record becomes a reject that names it; it never ends the file or the run.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from corpus.config import CleanConfig
from corpus.document import Document
from corpus.io.inputs import BadArchive, InputFile, TooLarge, file_sha256, open_maybe_gzip, read_bytes, sha256, unpack
from corpus.io.urls import web_url

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A sidecar is a few hundred bytes of metadata; anything larger is not one.
MAX_SIDECAR_BYTES = 1 << 20


def input_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(".warc") or name.endswith(".arc"):
        return "warc"
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"
    return "text"


def read_documents(item: InputFile, config: CleanConfig, held: Mapping[Path, bytes] | None = None) -> Iterator[Document]:
    """The documents of an input. ``held``: bytes of files as on disk, already read (for
    the input's hash), by path: a text scrape or a sidecar found there is not read again."""
    kind = input_format(item.path)
    if kind == "warc":
        yield from _warc(item, config)
        return
    if kind == "jsonl":
        yield from _jsonl(item, config)
        return
    doc = Document(source=item.source, kind="html" if kind == "html" else "text")
    data = held.get(item.path) if held else None
    try:
        raw = read_bytes(item.path, config.max_input_bytes) if data is None else unpack(data, config.max_input_bytes)
    except (TooLarge, BadArchive, OSError) as exc:
        doc.raw_sha256 = (file_sha256(item.path) if data is None else sha256(data)) or ""  # a reject still names its bytes
        yield _read_failure(doc, exc)
        return
    doc.raw, doc.raw_sha256, doc.n_bytes = raw, sha256(raw), len(raw)
    if item.sidecar is not None:
        _read_sidecar(doc, item.sidecar, held.get(item.sidecar) if held else None)
    yield doc


def _read_sidecar(doc: Document, path: Path, data: bytes | None = None) -> None:
    """What the scraper knew (url, title, published, authors); a bad sidecar is a note on
    the document, never a reason to lose it. ``data``: its bytes, if already read."""
    try:
        data = json.loads(read_bytes(path, MAX_SIDECAR_BYTES) if data is None else unpack(data, MAX_SIDECAR_BYTES))
    except (OSError, TooLarge, BadArchive, ValueError, RecursionError) as exc:
        doc.meta.notes.append(f"sidecar {path.name} ignored: {type(exc).__name__}: {exc}"[:500])
        return
    if not isinstance(data, dict):
        doc.meta.notes.append(f"sidecar {path.name} ignored: not a JSON object")
        return
    doc.sidecar = {k: data[k] for k in ("url", "title", "published", "authors") if data.get(k)}
    doc.url = web_url(doc.sidecar.get("url"))


def _read_failure(doc: Document, exc: Exception) -> Document:
    if isinstance(exc, TooLarge):
        return doc.fail("too-large", str(exc))
    if isinstance(exc, BadArchive):
        return doc.fail("bad-archive", str(exc))
    return doc.fail("unreadable", str(getattr(exc, "strerror", None) or exc))


def _jsonl(item: InputFile, config: CleanConfig) -> Iterator[Document]:
    """One document a line, streamed: an export of many gigabytes is fine, only a
    single line is bounded by the input limit."""
    number = 0
    try:
        with open_maybe_gzip(item.path) as stream:
            while True:
                line = stream.readline(config.max_input_bytes + 1)
                if not line:
                    return
                number += 1
                if len(line) > config.max_input_bytes:
                    while line and not line.endswith(b"\n"):  # skip the rest of this line
                        line = stream.readline(1 << 20)
                    yield Document(source=f"{item.source}#L{number}").fail(
                        "too-large", f"line {number} is over the {config.max_input_bytes:,} byte input limit")
                    continue
                if line.strip():
                    yield _jsonl_record(item, number, line)
    except (OSError, EOFError, zlib.error) as exc:  # truncated or corrupt gzip
        yield Document(source=f"{item.source}#L{number + 1}").fail("bad-archive", f"unreadable from line {number + 1}: {exc}")


def _jsonl_record(item: InputFile, number: int, line: bytes) -> Document:
    doc = Document(source=f"{item.source}#L{number}", raw_sha256=sha256(line), n_bytes=len(line))
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, huge ints, deep nesting
        return doc.fail("bad-json", f"line {number} is not JSON we can read: {type(exc).__name__}: {exc}"[:500])
    if not isinstance(record, dict):
        return doc.fail("bad-json", f"line {number} is not a JSON object")
    url, html, text = record.get("url"), record.get("html"), record.get("text")
    doc.url = web_url(url)
    if isinstance(html, str) and html.strip():
        doc.kind, doc.raw = "html", html.encode("utf-8", errors="surrogatepass")
    elif isinstance(text, str):
        doc.kind, doc.raw = "text", text.encode("utf-8", errors="surrogatepass")
    else:
        return doc.fail("bad-json", f"line {number} has neither an 'html' nor a 'text' string")
    return doc


def _warc(item: InputFile, config: CleanConfig) -> Iterator[Document]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    source_hash = file_sha256(item.path) or ""
    try:
        with open(item.path, "rb") as stream:
            records = ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=True, fsspec_args=False)
            for record in records:
                yield _warc_record(item, record, config)
    except OSError as exc:
        # A truncated or corrupt archive: the records read so far stand, the rest is named.
        doc = Document(source=f"{item.source}#rest", raw_sha256=source_hash)
        yield doc.fail("bad-archive", f"WARC unreadable from here on: {exc}")


def _warc_record(item: InputFile, record, config: CleanConfig) -> Document:
    from fastwarc.warc import WarcRecordType

    record_id = (record.record_id or "").strip("<>")
    doc = Document(source=f"{item.source}#{record_id}", kind="html")
    if record.record_type != WarcRecordType.response:
        doc.skipped = f"warc-{(record.headers.get('WARC-Type') or 'unknown').lower()}"
        return doc
    if not (record.headers.get("Content-Length") or "").strip().isdigit():
        # fastwarc hands out a record cut off inside its headers as an empty one
        return doc.fail("bad-archive", "record truncated or malformed: no WARC Content-Length")
    content_type = (record.http_content_type or "").lower()
    if not record.is_http or not ("html" in content_type or not content_type):
        doc.skipped = "warc-not-html"
        return doc
    doc.url = web_url(record.headers.get("WARC-Target-URI"))
    doc.declared_charset = record.http_charset
    raw = record.reader.read(config.max_input_bytes + 1)
    doc.raw_sha256, doc.n_bytes = sha256(raw), len(raw)
    if len(raw) > config.max_input_bytes:
        return doc.fail("too-large", f"record over the {config.max_input_bytes:,} byte input limit")
    declared = (record.http_headers.get("Content-Length") or "").strip()
    if declared.isdigit() and len(raw) < int(declared) and "gzip" not in (record.http_headers.get("Content-Encoding") or ""):
        return doc.fail("bad-archive", f"record truncated: {len(raw):,} of {int(declared):,} bytes")
    doc.raw = raw
    return doc
