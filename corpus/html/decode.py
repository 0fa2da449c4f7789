"""Decode an HTML page: BOM, then the charset the HTTP header declared, then the one the
page declares in a meta tag, then detection."""

from __future__ import annotations

import codecs
import re

from corpus.text.decode import NotText, decode

# Browsers read these labels as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}
# The meta charset must sit in the first 1024 bytes (HTML standard); some pages put it
# later, so look a little further.
_META_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # Only text encodings: "hex", "base64", "rot13" or "idna" are codecs too, and a page
    # that names one is wrong, not encoded with it.
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "punycode", "raw-unicode-escape", "unicode-escape"):
        return None
    return info.name


def decode_html(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(html, encoding)``.

    >>> decode_html(b'<meta charset="windows-1251"><p>\\xcf\\xf0\\xe8\\xe2\\xe5\\xf2</p>')
    ('<meta charset="windows-1251"><p>Привет</p>', 'cp1251')
    >>> decode_html("<p>café</p>".encode("latin-1"), declared="ISO-8859-1")[1]
    'cp1252'
    """
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(raw)
    for label in (declared, _meta_charset(raw)):
        codec = _codec(label)
        if codec and not codec.startswith("utf-16"):  # a page that says UTF-16 but has no BOM lies
            try:
                text = raw.decode(codec, errors="replace")
            except (LookupError, UnicodeError):
                continue
            if codec != "utf-8" or "\ufffd" not in text[:_META_WINDOW * 4]:
                return text, codec
    return decode(raw)


def _meta_charset(raw: bytes) -> str | None:
    found = _META_CHARSET.search(raw[:_META_WINDOW])
    return found.group(1).decode("ascii", errors="ignore") if found else None


__all__ = ["NotText", "decode_html"]
