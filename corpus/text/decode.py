"""Decode raw bytes to text: BOM, UTF-8, UTF-16 without BOM, else detection.

Bytes that are not text (binary junk, images, archives) raise :class:`NotText` instead
of turning into a row of replacement characters.
"""

from __future__ import annotations

import codecs
import re

from corpus.text.charclass import holds_any


_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Detection looks at the start only: charset-normalizer is slow on megabytes and the
# first 64 KiB tell the encoding of any real page.
_DETECT_SAMPLE = 64 * 1024
# Share of odd (or even) bytes that must be NUL to call BOM-less text UTF-16: ASCII-range
# text in UTF-16 has a NUL in every other byte; 40% leaves room for non-Latin scripts.
_UTF16_NUL_SHARE = 0.4
_FALLBACK = "cp1252"
# Bytes below 0x20 other than tab, line feeds and ESC never appear in text in an 8-bit
# or UTF-8 encoding; random binary data has about 10% of them. 5% tolerates a text
# with stray NULs and still rejects binary.
_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 11, 12, 13, 27}))
_JUNK = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]")
_holds_junk = holds_any(_JUNK)
_MAX_CONTROL_SHARE = 0.05
_MIN_CONTROL_BYTES = 16  # a few stray bytes in a tiny file do not make it binary
# Text with more than this share of control or replacement characters is not text.
_MAX_JUNK_SHARE = 0.1


class NotText(ValueError):
    """The bytes do not decode to text."""


def decode(raw: bytes) -> tuple[str, str]:
    r"""Return ``(text, encoding)``.

    >>> decode("café".encode("utf-16"))
    ('café', 'utf-16-le')
    >>> decode(b"caf\xc3\xa9")
    ('café', 'utf-8')
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _checked(raw[len(bom):].decode(encoding, errors="replace")), encoding
    utf16 = _bomless_utf16(raw)
    if utf16:
        return _checked(raw.decode(utf16, errors="replace")), utf16
    sample = raw[:_DETECT_SAMPLE]
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control > max(_MAX_CONTROL_SHARE * len(sample), _MIN_CONTROL_BYTES):
        raise NotText(f"{control} of the first {len(sample)} bytes are control bytes: binary data")
    try:
        return _checked(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detect(raw[:_DETECT_SAMPLE])
    return _checked(raw.decode(encoding, errors="replace")), encoding


def _detect(sample: bytes) -> str:
    # Imported here: most inputs are UTF-8 and never get this far (~10 ms of a run's start).
    from charset_normalizer import from_bytes

    matches = list(from_bytes(sample))
    if not matches:
        raise NotText("no text encoding fits these bytes")
    best = matches[0]
    # On a short sample several single-byte code pages fit equally well (é is 0xE9 in
    # cp1252, cp1250 and cp1257 alike); then windows-1252 wins, as in browsers: it is
    # by far the most common legacy encoding of web text.
    tied = [m.encoding for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
    return _FALLBACK if _FALLBACK in tied else best.encoding


def _bomless_utf16(raw: bytes) -> str | None:
    sample = raw[:_DETECT_SAMPLE]
    if len(sample) < 4 or b"\0" not in sample:  # (no NUL at all, as in most text: one memchr)
        return None
    half = len(sample) // 2
    odd_nuls = sample[1::2].count(0) / half
    even_nuls = sample[0::2].count(0) / half
    if odd_nuls >= _UTF16_NUL_SHARE and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls >= _UTF16_NUL_SHARE and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    sample = text[:_DETECT_SAMPLE]
    if not sample:
        return text
    # Counted only where some is found: a text holds none, as a rule, and looking for one
    # (a table look-up a character, in C) is several times quicker than counting with re.
    junk = len(_JUNK.findall(sample)) if _holds_junk(sample) else 0
    if junk > max(_MAX_JUNK_SHARE * len(sample), _MIN_CONTROL_BYTES):
        raise NotText(f"{junk} of the first {len(sample)} characters are control or undecodable")
    return text
