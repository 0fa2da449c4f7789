import gzip
import hashlib
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.errors import InputError
from corpus.io.inputs import BadArchive, TooLarge, discover, file_sha256, hash_and_keep, read_at_most, read_bytes, unpack


def test_discover_walks_sorted_and_skips_hidden(tmp_path):
    root = tmp_path / "in"
    for name in ["b.txt", "a/z.txt", "a/c.txt", ".hidden.txt", ".git/x.txt"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")
    single = tmp_path / "one.txt"
    single.write_text("x")
    found = discover([root, single])
    assert [f.source for f in found] == ["in/a/c.txt", "in/a/z.txt", "in/b.txt", "one.txt"]


def test_missing_input_names_the_path(tmp_path):
    with pytest.raises(InputError, match="nope"):
        discover([tmp_path / "nope"])


def test_gzip_is_read_by_magic_number(tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(b"hello"))
    assert read_bytes(path, 100) == b"hello"
    plain = tmp_path / "plain.gz"
    plain.write_bytes(b"not gzip at all")
    assert read_bytes(plain, 100) == b"not gzip at all"


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    path = tmp_path / "bomb.gz"
    with gzip.open(path, "wb") as f:
        for _ in range(64):
            f.write(b"\0" * (1 << 20))
    assert path.stat().st_size < 200_000
    with pytest.raises(TooLarge):
        read_bytes(path, 1 << 20)


def test_truncated_gzip_is_a_bad_archive(tmp_path):
    data = gzip.compress(b"some text " * 1000)
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadArchive):
        read_bytes(path, 1 << 20)


def test_plain_file_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(TooLarge):
        read_bytes(path, 100)


def test_sidecars_pair_with_the_text_file_in_their_own_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.json").write_text("{}")  # no a/x.txt: an input of its own
    (tmp_path / "b" / "x.txt").write_text("text")
    (tmp_path / "b" / "x.json").write_text("{}")
    found = discover([tmp_path])
    names = [f.source.split("/", 1)[1] for f in found]
    assert names == ["a/x.json", "b/x.txt"]
    assert found[1].sidecar == tmp_path / "b" / "x.json" and found[0].sidecar is None


def test_excluded_folders_are_skipped(tmp_path):
    (tmp_path / "in" / "out").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("x")
    (tmp_path / "in" / "out" / "manifest.json").write_text("{}")
    assert [f.source for f in discover([tmp_path / "in"], exclude=[tmp_path / "in" / "out"])] == ["in/a.txt"]


@given(st.binary(max_size=50), st.integers(0, 60), st.integers(1, 60))
def test_read_at_most_is_the_first_bytes(data, size, first):
    assert read_at_most(io.BytesIO(data), size, first=first) == data[:size]


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_file_of_exactly_the_limit_is_read_whole(tmp_path, gzipped):
    path = tmp_path / "x.txt"
    data = b"x" * 100
    path.write_bytes(gzip.compress(data) if gzipped else data)
    assert read_bytes(path, 100) == data
    with pytest.raises(TooLarge):
        read_bytes(path, 99)


def _outcome(read):
    try:
        return read()
    except (TooLarge, BadArchive) as exc:
        return type(exc), str(exc)


@given(st.binary(max_size=300), st.sampled_from(["plain", "gzip", "cut gzip", "gzip then junk"]), st.integers(0, 400))
def test_unpack_is_what_read_bytes_makes_of_the_file(tmp_path_factory, data, form, limit):
    if form != "plain":
        data = gzip.compress(data)
        data = data[: len(data) // 2] if form == "cut gzip" else data + (b"junk" if form == "gzip then junk" else b"")
    path = tmp_path_factory.mktemp("unpack") / "x.txt"
    path.write_bytes(data)
    assert _outcome(lambda: unpack(data, limit)) == _outcome(lambda: read_bytes(path, limit))


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 3 << 20])
def test_hash_and_keep_hashes_all_and_keeps_up_to_keep(tmp_path, size):
    path = tmp_path / "x.bin"
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    path.write_bytes(data)
    for keep in (0, 100, 4 << 20):
        sha, kept = hash_and_keep(path, keep)
        assert sha == hashlib.sha256(data).hexdigest() == file_sha256(path)
        assert kept == (data if size <= keep else None)
    assert hash_and_keep(tmp_path / "missing", 100) == (None, None) and file_sha256(tmp_path / "missing") is None
