import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from corpus.cli import app
from corpus.errors import ReleaseError
from corpus.inspect.verify import verify_release
from tests.conftest import ROOT, copy_release, rewrite_shard

SHARD = "data/part-00000.parquet"
runner = CliRunner()


@pytest.fixture
def release(seed_release, tmp_path):
    return copy_release(seed_release, tmp_path / "out")


def problems(release):
    return [(p.file, p.message) for p in verify_release(release).problems]


def test_a_fresh_release_verifies(release):
    result = verify_release(release)
    assert result.ok and result.problems == []
    assert result.checked == [SHARD, "rejects.parquet", "README.md"]


def test_the_release_in_the_repository_verifies():
    assert verify_release(ROOT / "data").ok


def test_a_changed_byte_is_reported(release):
    path = release / SHARD
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert problems(release) == [(SHARD, "sha256 differs from the manifest: the content changed")]


def test_a_changed_size_is_reported(release):
    with open(release / "README.md", "a") as f:
        f.write("edited by hand\n")
    [(name, message)] = problems(release)
    assert name == "README.md" and "bytes, the manifest says" in message


def test_a_deleted_file_is_reported(release):
    (release / "rejects.parquet").unlink()
    assert problems(release) == [("rejects.parquet", "listed in the manifest but missing")]


def test_an_added_file_is_reported(release):
    (release / "data" / "part-00001.parquet").write_bytes((release / SHARD).read_bytes())
    (release / "notes.txt").write_text("mine")
    assert problems(release) == [("data/part-00001.parquet", "not listed in the manifest"), ("notes.txt", "not listed in the manifest")]


def test_a_changed_schema_is_reported_even_when_the_manifest_agrees(release):
    table = pq.read_table(release / SHARD)
    table = table.drop_columns(["notes"]).set_column(table.schema.get_field_index("n_words"), "n_words", table.column("n_words").cast(pa.int32()))
    rewrite_shard(release, table)
    found = problems(release)
    assert (SHARD, "schema: missing column notes") in found
    assert (SHARD, "schema: column n_words: int32, expected int64") in found
    assert all(name == SHARD for name, _ in found)


def test_a_wrong_row_count_is_reported(release):
    manifest = json.loads((release / "manifest.json").read_text())
    manifest["outputs"][0]["rows"] = 6
    manifest["documents"] = 6
    (release / "manifest.json").write_text(json.dumps(manifest))
    assert problems(release) == [(SHARD, "5 rows, the manifest says 6")]


def test_a_document_count_that_disagrees_with_the_shards_is_reported(release):
    manifest = json.loads((release / "manifest.json").read_text())
    manifest["documents"] = 4
    (release / "manifest.json").write_text(json.dumps(manifest))
    assert problems(release) == [("manifest.json", "says 4 documents, its shards list 5 rows")]


def test_a_folder_without_manifest_is_not_a_release(tmp_path):
    with pytest.raises(ReleaseError, match="no manifest.json"):
        verify_release(tmp_path)


def test_cli_ok(release):
    result = runner.invoke(app, ["verify", str(release)])
    assert result.exit_code == 0, result.output
    assert "ok, 3 files match the manifest" in result.stdout


def test_cli_lists_every_problem_one_line_each_and_fails(release):
    (release / "rejects.parquet").unlink()
    (release / "extra.bin").write_bytes(b"x")
    result = runner.invoke(app, ["verify", str(release)])
    assert result.exit_code == 7
    assert result.stdout.splitlines() == [f"{release}/rejects.parquet: listed in the manifest but missing",
                                          f"{release}/extra.bin: not listed in the manifest"]
    assert result.stderr.strip() == f"corpus: error: {release}: 2 problem(s): the release does not match its manifest"


def test_cli_json(release):
    (release / "extra.bin").write_bytes(b"x")
    result = runner.invoke(app, ["verify", str(release), "--json"])
    assert result.exit_code == 7
    assert json.loads(result.stdout)["problems"] == [{"file": "extra.bin", "message": "not listed in the manifest"}]


def test_cli_not_a_release(tmp_path):
    result = runner.invoke(app, ["verify", str(tmp_path / "nope")])
    assert result.exit_code == 5 and "nope: no such folder" in result.stderr
