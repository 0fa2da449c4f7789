"""URLs from untrusted places (canonical links, sidecars, JSONL, WARC headers)."""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str | None) -> str | None:
    """The host without "www.", or None for a missing or malformed URL.

    >>> host_of("https://www.rudaw.net/english"), host_of("http://[bad/x"), host_of(None)
    ('rudaw.net', None, None)
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "Invalid IPv6 URL" and friends
        return None
    return host.removeprefix("www.") if host else None


def web_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL that parses, else None.

    >>> web_url("https://example.com/a"), web_url("/relative"), web_url("http://[bad/x"), web_url(42)
    ('https://example.com/a', None, None, None)
    """
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.hostname else None
