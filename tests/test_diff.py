import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import corpus.inspect.diff as diff_module
from corpus.cli import app
from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.errors import ReleaseError
from corpus.inspect.diff import diff_releases, text_diff
from corpus.inspect.render import render_diff, to_json
from corpus.release.schema import doc_id
from tests.conftest import SEEDS, copy_release, rewrite_shard, write_rules

SHARD = "data/part-00000.parquet"
runner = CliRunner()
NAMES = sorted(p.name for p in SEEDS.iterdir())


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """OLD: seeds 0-3. NEW: seed 0 edited, seed 1 gone, seed 4 new (same folder name, so
    the same ids)."""
    root = tmp_path_factory.mktemp("diff")
    folder = root / "seeds"
    folder.mkdir()
    for name in NAMES[:4]:
        shutil.copy(SEEDS / name, folder / name)
    clean([folder], root / "old", CleanConfig())
    edited = folder / NAMES[0]
    edited.write_text(edited.read_text().replace("significant meeting", "long meeting", 1))
    (folder / NAMES[1]).unlink()
    shutil.copy(SEEDS / NAMES[4], folder / NAMES[4])
    clean([folder], root / "new", CleanConfig())
    return root / "old", root / "new"


def seed_id(name):
    return doc_id(f"seeds/{name}")


def test_added_removed_changed_by_id(two_releases):
    result = diff_releases(*two_releases)
    assert result.added == [seed_id(NAMES[4])]
    assert result.removed == [seed_id(NAMES[1])]
    assert [c.id for c in result.changed] == [seed_id(NAMES[0])]
    assert result.unchanged == 2
    assert (result.old_documents, result.new_documents) == (4, 4)
    assert "text" in result.changed[0].columns and "raw_sha256" in result.changed[0].columns
    assert "source" not in result.changed[0].columns and "title" not in result.changed[0].columns


def test_the_sample_shows_the_text_diff(two_releases):
    [sample] = diff_releases(*two_releases).samples
    assert sample.id == seed_id(NAMES[0]) and sample.source == f"seeds/{NAMES[0]}"
    assert any(line.startswith("-") and "significant meeting" in line for line in sample.text_diff)
    assert any(line.startswith("+") and "long meeting" in line for line in sample.text_diff)
    assert sum(line[:1] in "+-" for line in sample.text_diff) == 2  # only the changed paragraph
    assert "raw_sha256" in sample.values and "text" not in sample.values


def test_a_release_against_itself_has_no_changes(seed_release):
    result = diff_releases(seed_release, seed_release)
    assert (result.added, result.removed, result.changed, result.unchanged) == ([], [], [], 5)
    assert result.samples == [] and result.manifest == {}


def test_a_metadata_change_names_its_column_and_values(seed_release, tmp_path):
    new = copy_release(seed_release, tmp_path / "new")
    table = pq.read_table(new / SHARD)
    titles = table.column("title").to_pylist()
    titles[2] = "A new headline"
    rewrite_shard(new, table.set_column(table.schema.get_field_index("title"), "title", pa.array(titles, pa.string())))
    result = diff_releases(seed_release, new)
    changed_id = table.column("id")[2].as_py()
    assert [(c.id, c.columns) for c in result.changed] == [(changed_id, ["title"])]
    assert result.changed_per_column == {"title": 1}
    [sample] = result.samples
    assert sample.values == {"title": [pq.read_table(seed_release / SHARD).column("title")[2].as_py(), "A new headline"]}
    assert sample.text_diff == []


def test_a_new_column_is_reported_once_not_as_a_change_of_every_document(seed_release, tmp_path):
    # A release from before duplicates were detected, against one with the new columns.
    old = copy_release(seed_release, tmp_path / "old")
    rewrite_shard(old, pq.read_table(old / SHARD).drop_columns(["duplicate_of", "cluster_size"]))
    result = diff_releases(old, seed_release)
    assert result.columns_added == ["duplicate_of", "cluster_size"] and result.columns_removed == []
    assert result.changed == [] and result.unchanged == 5


def test_only_the_sampled_documents_are_read_in_full(two_releases, monkeypatch, seed_release, tmp_path):
    fetched = []
    real = diff_module.rows_with_ids
    monkeypatch.setattr(diff_module, "rows_with_ids", lambda release, ids, columns: fetched.append(set(ids)) or real(release, ids, columns))
    read = []
    real_batches = diff_module.batches
    monkeypatch.setattr(diff_module, "batches", lambda release, columns: read.append(columns) or real_batches(release, columns))
    edited = tmp_path / "edited" / SEEDS.name  # same sources, so the same ids
    edited.mkdir(parents=True)
    for seed in SEEDS.iterdir():  # every text changes: a word edited throughout
        (edited / seed.name).write_text(seed.read_text(encoding="utf-8").replace(" the ", " this ").replace(" في ", " من "), encoding="utf-8")
    clean([edited], tmp_path / "other", CleanConfig(rules_dir=write_rules(tmp_path / "no-rules", "")))
    result = diff_releases(seed_release, tmp_path / "other", sample=2)
    assert len(result.changed) > 2 and len(result.samples) == 2
    assert sum("text" in c.columns for c in result.changed) >= 2
    assert all("text" in sample.columns for sample in result.samples)  # text changes are shown first
    assert fetched == [{s.id for s in result.samples}] * 2
    assert read and all("text" not in columns for columns in read)
    assert result.manifest["rules_sha256"][0] != result.manifest["rules_sha256"][1]


def test_sample_zero_reads_no_texts(two_releases):
    assert diff_releases(*two_releases, sample=0).samples == []


def test_a_folder_that_is_not_a_release(seed_release, tmp_path):
    with pytest.raises(ReleaseError, match="not a corpus release"):
        diff_releases(seed_release, tmp_path)


def test_long_paragraphs_are_shown_where_they_change():
    before = "word " * 100 + "old ending"
    after = "word " * 100 + "new ending"
    removed, added = text_diff(before, after, width=40)[1:]
    assert removed.startswith("-…") and removed.endswith("old ending") and len(removed) <= 42
    assert added.startswith("+…") and added.endswith("new ending")


def test_long_diffs_are_cut():
    shown = text_diff("\n".join(map(str, range(100))), "\n".join(str(i + 1000) for i in range(100)), lines=10)
    assert len(shown) == 11 and shown[-1].startswith("… ") and shown[-1].endswith("more lines")


def test_cli_table_and_json(two_releases):
    old, new = map(str, two_releases)
    result = runner.invoke(app, ["diff", old, new])
    assert result.exit_code == 0, result.output
    assert f"added: {seed_id(NAMES[4])}" in result.stdout and f"removed: {seed_id(NAMES[1])}" in result.stdout
    assert f"=== {seed_id(NAMES[0])} seeds/{NAMES[0]}" in result.stdout
    assert result.stdout == render_diff(diff_releases(old, new)) + "\n"
    as_json = runner.invoke(app, ["diff", old, new, "--json", "--sample", "0"]).stdout
    assert as_json == to_json(diff_releases(old, new, sample=0)) + "\n"
    data = json.loads(as_json)
    assert data["added"] == [seed_id(NAMES[4])] and data["unchanged"] == 2 and data["samples"] == []


def test_the_cli_default_sample_is_the_library_default():
    import inspect

    from corpus.cli import diff

    assert inspect.signature(diff).parameters["sample"].default == diff_module.DEFAULT_SAMPLE


def test_columns_in_another_order_are_matched_by_name(seed_release, tmp_path):
    new = copy_release(seed_release, tmp_path / "new")
    table = pq.read_table(new / SHARD)
    rewrite_shard(new, table.select(list(reversed(table.column_names))))
    result = diff_releases(seed_release, new)
    assert result.changed == [] and result.unchanged == 5
