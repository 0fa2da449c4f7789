"""Find the input files of a run and read their bytes, bounded.

Inputs are walked in sorted order so that a release never depends on the order a file
system lists a folder in. Hidden files and folders are skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from corpus.errors import InputError


@dataclass(frozen=True)
class InputFile:
    path: Path  # where to read it
    source: str  # what the release calls it: relative to the input root, "/" separated
    sidecar: Path | None = None  # NAME.json beside NAME.txt: what the scraper knew

    def sidecar_source(self) -> str:
        """The sidecar's name in the release, beside its text file's."""
        assert self.sidecar is not None
        parent = self.source.rpartition("/")[0]
        return f"{parent}/{self.sidecar.name}" if parent else self.sidecar.name


# A text scrape's metadata file: NAME.json beside NAME.txt (or NAME.txt.gz).
SIDECAR_SUFFIX = ".json"
_SIDECAR_PARTNERS = (".txt", ".txt.gz")


class TooLarge(ValueError):
    """The input, once decompressed, is over the configured limit."""


class BadArchive(ValueError):
    """A compressed input is truncated or corrupt."""


def discover(inputs: list[str | Path], exclude: list[Path] = ()) -> list[InputFile]:
    """Every file under the INPUT paths, but those under ``exclude``. A folder's files
    are named relative to the folder's parent (``seeds/000.txt``), a file given
    directly by its name."""
    # Paths are compared by their parts, as tuples: what ``is_relative_to`` and
    # ``relative_to`` compare (on POSIX), without making a new path per file and folder
    # (those calls were 3/4 of the time on 1,000 files).
    skip = [Path(p).resolve().parts for p in exclude]
    found: list[InputFile] = []
    for given in inputs:
        root = Path(given)
        if not root.exists():
            raise InputError(root, "no such file or folder")
        if root.is_file():
            found.append(InputFile(root, root.name, sidecar_of(root)))
            continue
        top = root.resolve()
        below, start = len(top.parts), len(top.parent.parts)
        try:
            paths = sorted(
                p for p in top.rglob("*")
                if p.is_file() and not _hidden(p.parts[below:]) and not any(p.parts[: len(x)] == x for x in skip)
            )
        except OSError as exc:
            raise InputError(root, f"cannot list: {exc.strerror or exc}") from None
        for p in paths:
            if p.name.endswith(SIDECAR_SUFFIX) and any(
                p.with_name(p.name[: -len(SIDECAR_SUFFIX)] + partner).is_file() for partner in _SIDECAR_PARTNERS
            ):
                continue  # read with its text file, not as an input of its own
            found.append(InputFile(p, "/".join(p.parts[start:]), sidecar_of(p)))
    return found


def sidecar_of(path: Path) -> Path | None:
    """NAME.json beside NAME.txt (or NAME.txt.gz), if there is one."""
    for suffix in _SIDECAR_PARTNERS:
        if path.name.endswith(suffix):
            candidate = path.with_name(path.name[: -len(suffix)] + SIDECAR_SUFFIX)
            return candidate if candidate.is_file() else None
    return None


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") for part in parts)


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, gunzipped when it is gzip (by magic number, not name).

    Raises :class:`TooLarge` past ``limit`` bytes (a gzip bomb stops there, it is
    never inflated in full) and :class:`BadArchive` for a truncated or corrupt gzip.
    """
    with open(path, "rb") as f:
        head = f.read(2)
        f.seek(0)
        if head != GZIP_MAGIC:
            data = read_at_most(f, limit + 1, first=os.fstat(f.fileno()).st_size + 1)
            if len(data) > limit:
                raise TooLarge(f"over the {limit:,} byte input limit")
            return data
        return _gunzip(f, limit)


def unpack(data: bytes, limit: int) -> bytes:
    """What :func:`read_bytes` makes of a file holding ``data`` (its bytes as on disk,
    already read): the same bytes, or the same exception.

    >>> import gzip; unpack(gzip.compress(b"news"), 10), unpack(b"news", 10)
    (b'news', b'news')
    """
    if not data.startswith(GZIP_MAGIC):
        if len(data) > limit:
            raise TooLarge(f"over the {limit:,} byte input limit")
        return data
    return _gunzip(io.BytesIO(data), limit)


def _gunzip(stream: BinaryIO, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=stream) as gz:
            data = read_at_most(gz, limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise BadArchive(f"corrupt or truncated gzip: {exc}") from None
    if len(data) > limit:
        raise TooLarge(f"over the {limit:,} byte limit once decompressed")
    return data


GZIP_MAGIC = b"\x1f\x8b"


# Bytes read at a time. ``stream.read(limit)`` would set aside the whole limit (64 MiB)
# for every file, most of which are a few kilobytes.
_READ_CHUNK = 1 << 20


def read_at_most(stream: BinaryIO, size: int, first: int = _READ_CHUNK) -> bytes:
    """The stream's first ``size`` bytes (fewer at its end), read in chunks; ``first``
    is the size of the first read (a file's size, when known).

    >>> import io; read_at_most(io.BytesIO(b"abcdef"), 4, first=2), read_at_most(io.BytesIO(b"ab"), 4)
    (b'abcd', b'ab')
    """
    chunks = []
    read = 0
    chunk = first
    while read < size:
        data = stream.read(max(1, min(chunk, size - read)))
        if not data:
            break
        chunks.append(data)
        read += len(data)
        chunk = _READ_CHUNK
    return b"".join(chunks)


def open_maybe_gzip(path: Path) -> BinaryIO:
    """A binary stream of the file, gunzipped on the fly when it is gzip."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """sha256 of a file as it is on disk, read in blocks; None when it can't be read."""
    return hash_and_keep(path, 0)[0]


def hash_and_keep(path: Path, keep: int) -> tuple[str | None, bytes | None]:
    """sha256 of a file as it is on disk (None when it can't be read), and its bytes too
    when it holds at most ``keep`` of them (else None): one read serves both.

    >>> import tempfile; f = tempfile.NamedTemporaryFile(); _ = f.write(b"abc"); f.flush()
    >>> hash_and_keep(Path(f.name), 3) == (sha256(b"abc"), b"abc"), hash_and_keep(Path(f.name), 2)[1]
    (True, None)
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            head = read_at_most(f, keep + 1, first=min(keep, os.fstat(f.fileno()).st_size) + 1)
            digest.update(head)
            if len(head) <= keep:
                return digest.hexdigest(), head
            for block in iter(lambda: f.read(_READ_CHUNK), b""):
                digest.update(block)
    except OSError:
        return None, None
    return digest.hexdigest(), None
