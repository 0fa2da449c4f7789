import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.errors import OutputError
from corpus.io.inputs import sha256
from corpus.release import writer as writer_module
from corpus.release.schema import DOCUMENTS, REJECTS
from tests.conftest import ROOT, SEEDS

ARTICLE = "The minister met the ambassador in Baghdad on Sunday and they talked about the coming year at length.\n"


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_manifest_describes_every_file(tmp_path):
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {o["file"]: o for o in manifest["outputs"]}
    assert set(files_of(out)) == set(listed) | {"manifest.json"}
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == sha256(data)
        if name.endswith(".parquet"):
            assert pq.read_metadata(out / name).num_rows == entry["rows"]
    assert [i["source"] for i in manifest["inputs"]] == sorted(f"seeds/{p.name}" for p in SEEDS.iterdir())
    assert all(i["sha256"] == sha256((SEEDS.parent / i["source"]).read_bytes()) for i in manifest["inputs"])
    assert manifest["rules_sha256"] and manifest["version"]


def test_explicit_schemas(tmp_path):
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    assert pq.read_schema(out / "data" / "part-00000.parquet").remove_metadata().equals(DOCUMENTS.remove_metadata())
    assert pq.read_schema(out / "rejects.parquet").remove_metadata().equals(REJECTS.remove_metadata())


def test_two_runs_are_byte_identical(tmp_path):
    clean([SEEDS], tmp_path / "a", CleanConfig())
    clean([SEEDS], tmp_path / "b", CleanConfig(workers=2))
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_shards_fill_up_to_the_configured_size(tmp_path):
    clean([SEEDS], tmp_path / "out", CleanConfig(shard_rows=2))
    shards = sorted((tmp_path / "out" / "data").iterdir())
    assert [pq.read_metadata(p).num_rows for p in shards] == [2, 2, 1]


def test_a_failed_run_leaves_the_previous_release(tmp_path, monkeypatch):
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    before = files_of(out)

    def explode(self, *args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer_module.ReleaseWriter, "add_task", explode)
    with pytest.raises(RuntimeError):
        clean([SEEDS], out, CleanConfig())
    assert files_of(out) == before
    assert not (tmp_path / ".out.staging").exists()


def test_a_run_killed_with_sigkill_leaves_the_previous_release(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(400):
        (inputs / f"{i:04d}.txt").write_text(f"Headline number {i} of the day\n" + ARTICLE * 20)
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    before = files_of(out)
    # A shard of 2 rows: 200 shards to write, so the kill lands while they are written
    # (a run of 400 documents is over in a second).
    corpus = [sys.executable, "-m", "corpus", "clean", str(inputs), "-o", str(out), "--workers", "1", "--shard-rows", "2"]
    proc = subprocess.Popen(corpus, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (tmp_path / ".out.staging" / "data").exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed: the test proves nothing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert files_of(out) == before
    clean([inputs], out, CleanConfig())  # the next run cleans up and completes
    assert json.loads((out / "manifest.json").read_text())["documents"] == 400


def test_a_swap_cut_short_is_undone_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    before = files_of(out)
    os.replace(out, tmp_path / ".out.previous")  # killed between the two renames
    writer_module.ReleaseWriter(out, None, 10).abort()
    assert files_of(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_release(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(OutputError, match="not a corpus release"):
        clean([SEEDS], out, CleanConfig())
    assert (out / "thesis.tex").exists()


def test_unwritable_output(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        clean([SEEDS], blocker / "out", CleanConfig())
    assert "file" in str(err.value)


def test_a_leftover_previous_release_does_not_block_the_next_run(tmp_path):
    out = tmp_path / "out"
    clean([SEEDS], out, CleanConfig())
    leftover = tmp_path / ".out.previous"
    (leftover / "data").mkdir(parents=True)  # killed while deleting the old release
    (leftover / "data" / "part-00000.parquet").write_bytes(b"old")
    clean([SEEDS], out, CleanConfig())
    assert not leftover.exists() and (out / "manifest.json").exists()


def test_two_runs_cannot_write_the_same_release_at_once(tmp_path):
    first = writer_module.ReleaseWriter(tmp_path / "out", None, 10)
    with pytest.raises(OutputError, match="another corpus run"):
        writer_module.ReleaseWriter(tmp_path / "out", None, 10)
    first.abort()
    writer_module.ReleaseWriter(tmp_path / "out", None, 10).abort()  # free again


# The one-line readers the README shows, run against a fresh release: a user copies them.
def test_the_release_loads_with_pyarrow_and_duckdb(seed_release):
    import duckdb
    import pyarrow.dataset as ds

    data = seed_release / "data"
    table = ds.dataset(str(data)).to_table()
    assert table.num_rows == 5 and table.schema.remove_metadata().equals(DOCUMENTS.remove_metadata())
    ids = sorted(table.column("id").to_pylist())
    rows = duckdb.sql(f"select id, n_chars, published from '{data}/*.parquet' order by id").fetchall()
    assert [r[0] for r in rows] == ids
    assert [r[1] for r in rows] == [len(t) for _, t in sorted(zip(table.column("id").to_pylist(), table.column("text").to_pylist()))]
    sites = dict(duckdb.sql(f"select coalesce(site, 'unknown'), count(*) from '{data}/*.parquet' group by all").fetchall())
    assert sites == {"Rudaw": 1, "unknown": 4}


def test_the_release_loads_with_pandas_polars_and_datasets_when_installed(seed_release, tmp_path):
    data = seed_release / "data"
    loaded = {}
    try:
        import pandas as pd

        loaded["pandas"] = len(pd.read_parquet(data))
    except ImportError:
        pass
    try:
        import polars as pl

        loaded["polars"] = pl.read_parquet(f"{data}/*.parquet").height
    except ImportError:
        pass
    try:
        from datasets import load_dataset

        loaded["datasets"] = load_dataset("parquet", data_dir=str(data), split="train", cache_dir=str(tmp_path)).num_rows
    except ImportError:
        pass
    if not loaded:
        pytest.skip("none of pandas, polars, datasets is installed")
    assert set(loaded.values()) == {5}, loaded
