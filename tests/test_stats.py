import json
from collections import Counter

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import corpus.inspect.reader as reader_module
import corpus.inspect.stats as stats_module
from corpus.cli import app
from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.errors import ReleaseError
from corpus.inspect.render import render_stats, to_json
from corpus.inspect.stats import LENGTH_EDGES, release_stats
from tests.conftest import SEEDS, copy_release, rewrite_shard

SHARD = "data/part-00000.parquet"
runner = CliRunner()


def test_counts_agree_with_the_run_that_wrote_the_release(tmp_path):
    summary = clean([SEEDS], tmp_path / "out", CleanConfig())
    stats = release_stats(tmp_path / "out")
    assert stats.total.documents == summary.documents == 5
    assert stats.total.chars == summary.chars
    assert {site: t.documents for site, t in stats.sites.items()} == dict(summary.sites)
    assert {lang: t.documents for lang, t in stats.languages.items()} == dict(summary.languages)
    assert stats.removed_chars == dict(summary.removed_chars) and stats.removed_chars["rudaw:comment-policy"] > 0
    table = pq.read_table(tmp_path / "out" / SHARD)
    assert stats.total.words == sum(table.column("n_words").to_pylist())
    assert sum(t.chars for t in stats.sites.values()) == sum(t.chars for t in stats.languages.values()) == stats.total.chars


def test_histogram_puts_each_document_in_its_bucket(seed_release):
    stats = release_stats(seed_release)
    lengths = pq.read_table(seed_release / SHARD, columns=["n_chars"]).column("n_chars").to_pylist()
    expected = Counter(max(i for i, edge in enumerate(LENGTH_EDGES) if n >= edge) for n in lengths)
    assert [b.documents for b in stats.lengths] == [expected[i] for i in range(len(LENGTH_EDGES))]
    assert [b.min_chars for b in stats.lengths] == list(LENGTH_EDGES)
    assert stats.lengths[-1].max_chars is None


def test_many_shards_and_small_batches_give_the_same_numbers(seed_release, tmp_path, monkeypatch):
    clean([SEEDS], tmp_path / "sharded", CleanConfig(shard_rows=2))
    monkeypatch.setattr(reader_module, "BATCH_ROWS", 1)
    one, many = release_stats(seed_release), release_stats(tmp_path / "sharded")
    many.release = one.release
    assert one == many


def test_the_text_column_is_never_read(seed_release, monkeypatch):
    asked = []
    real = stats_module.batches
    monkeypatch.setattr(stats_module, "batches", lambda release, columns: asked.append(columns) or real(release, columns))
    release_stats(seed_release)
    assert asked and all("text" not in columns for columns in asked)


def test_duplicates_are_not_computed_without_the_columns(seed_release, tmp_path):
    release = copy_release(seed_release, tmp_path / "old")  # as written before duplicates were detected
    rewrite_shard(release, pq.read_table(release / SHARD).drop_columns(["duplicate_of", "cluster_size"]))
    stats = release_stats(release)
    assert stats.duplicates is None
    assert "duplicates: not computed" in render_stats(stats)


def with_duplicates(seed_release, tmp_path, sizes: bool):
    release = copy_release(seed_release, tmp_path / "dup")
    table = pq.read_table(release / SHARD).drop_columns(["duplicate_of", "cluster_size"])
    ids = table.column("id").to_pylist()
    # rows 1 and 2 duplicate row 0; row 4 duplicates row 3
    table = table.append_column("duplicate_of", pa.array([None, ids[0], ids[0], None, ids[3]], pa.string()))
    if sizes:
        table = table.append_column("cluster_size", pa.array([3, 3, 3, 2, 2], pa.int64()))
    rewrite_shard(release, table)
    chars = table.column("n_chars").to_pylist()
    return release, chars[1] + chars[2] + chars[4]


@pytest.mark.parametrize("sizes", [True, False])
def test_duplicates_are_counted_when_the_columns_exist(seed_release, tmp_path, sizes):
    release, duplicate_chars = with_duplicates(seed_release, tmp_path, sizes)
    duplicates = release_stats(release).duplicates
    assert (duplicates.documents, duplicates.chars, duplicates.clusters, duplicates.largest_cluster) == (3, duplicate_chars, 2, 3)


def test_a_release_without_the_count_columns_is_refused(seed_release, tmp_path):
    release = copy_release(seed_release, tmp_path / "odd")
    rewrite_shard(release, pq.read_table(release / SHARD).drop_columns(["n_words"]))
    with pytest.raises(ReleaseError, match="no n_words column"):
        release_stats(release)


def test_a_missing_shard_is_named(seed_release, tmp_path):
    release = copy_release(seed_release, tmp_path / "broken")
    (release / SHARD).unlink()
    with pytest.raises(ReleaseError, match="part-00000.parquet: listed in the manifest but missing"):
        release_stats(release)


def test_a_damaged_shard_is_named(seed_release, tmp_path):
    release = copy_release(seed_release, tmp_path / "broken")
    (release / SHARD).write_bytes(b"not parquet")
    with pytest.raises(ReleaseError, match="part-00000.parquet: cannot read"):
        release_stats(release)


def test_cli_table(seed_release):
    result = runner.invoke(app, ["stats", str(seed_release)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "5 documents" in out and "Rudaw" in out and "rudaw:comment-policy" in out
    assert "2,500–4,999" in out


def test_cli_json_is_stable_and_complete(seed_release):
    first = runner.invoke(app, ["stats", str(seed_release), "--json"]).stdout
    assert first == runner.invoke(app, ["stats", str(seed_release), "--json"]).stdout
    data = json.loads(first)
    originals = pq.read_table(seed_release / SHARD, columns=["duplicate_of"]).column("duplicate_of").null_count
    assert data["total"]["documents"] == 5 and data["duplicates"]["documents"] == 5 - originals
    assert data["sites"]["Rudaw"]["documents"] == 1
    assert sum(b["documents"] for b in data["lengths"]) == 5
    assert first == to_json(release_stats(seed_release)) + "\n"


def test_cli_not_a_release(tmp_path):
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 5 and "no manifest.json: not a corpus release" in result.stderr
