"""Helpers to build HTML pages, WARC archives and JSONL exports in tests."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"


def annotations() -> dict[str, dict]:
    with open(PAGES / "annotations.jsonl", encoding="utf-8") as f:
        return {row["id"]: row for row in map(json.loads, f)}


def article_html(title: str = "Minister meets ambassador", body: str = "", extra_head: str = "") -> str:
    body = body or "".join(
        f"<p>Paragraph {i}: the minister met the ambassador in Baghdad on Sunday and they talked about "
        f"the coming year, the budget and the talks with the unions at length.</p>" for i in range(6)
    )
    return (
        f"<html lang='en'><head><title>{title} | Example News</title>{extra_head}</head><body>"
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>© 2024 Example News. All rights reserved.</footer></body></html>"
    )


def warc_record(record_type: str, record_id: str, uri: str, payload: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-21T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype={'response' if record_type == 'response' else 'request'}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=windows-1252") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def write_warc(path: Path, records: list[bytes], gzipped: bool = True) -> Path:
    # Common Crawl style: every record its own gzip member.
    data = b"".join(gzip.compress(r) for r in records) if gzipped else b"".join(records)
    path.write_bytes(data)
    return path
