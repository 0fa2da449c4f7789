import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.release.shards import ShardWriter

SCHEMA = pa.schema([("n", pa.int64()), ("text", pa.string())])


def write(folder, pieces, shard_rows=7, row_group_rows=3):
    folder.mkdir()
    done = []
    writer = ShardWriter(folder, lambda i: f"part-{i:05d}.parquet", SCHEMA, shard_rows,
                         lambda path, rows: done.append((path.name, rows)), row_group_rows)
    for piece in pieces:
        writer.write(piece)
    writer.close()
    return done


def table(start, stop):
    return pa.table({"n": list(range(start, stop)), "text": [f"row {i}" for i in range(start, stop)]}, schema=SCHEMA)


def test_shards_and_row_groups_have_fixed_sizes(tmp_path):
    done = write(tmp_path / "a", [table(0, 10), table(10, 16)])
    assert done == [("part-00000.parquet", 7), ("part-00001.parquet", 7), ("part-00002.parquet", 2)]
    meta = pq.read_metadata(tmp_path / "a" / "part-00000.parquet")
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [3, 3, 1]
    assert pq.read_table(tmp_path / "a").column("n").to_pylist() == list(range(16))


def test_no_rows_still_make_one_empty_shard(tmp_path):
    assert write(tmp_path / "a", []) == [("part-00000.parquet", 0)]
    assert pq.read_table(tmp_path / "a" / "part-00000.parquet").schema.equals(SCHEMA)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 9), max_size=8))
def test_files_do_not_depend_on_how_rows_arrive(tmp_path_factory, cuts):
    total = 25
    bounds = sorted({min(c * 3, total) for c in cuts} | {0, total})
    pieces = [table(a, b) for a, b in zip(bounds, bounds[1:])]
    root = tmp_path_factory.mktemp("shards")
    write(root / "whole", [table(0, total)])
    write(root / "pieces", pieces)
    for name in sorted(p.name for p in (root / "whole").iterdir()):
        assert (root / "whole" / name).read_bytes() == (root / "pieces" / name).read_bytes()


def test_zstd_level_trades_write_time_for_size_not_content(tmp_path):
    words = [f"word{i % 97} text{i % 13} " * 20 for i in range(3000)]
    rows = pa.table({"n": list(range(3000)), "text": words}, schema=SCHEMA)
    sizes = {}
    for level in (1, 19):
        folder = tmp_path / f"level{level}"
        folder.mkdir()
        writer = ShardWriter(folder, lambda i: "part.parquet", SCHEMA, 10_000, lambda path, n: None, zstd_level=level)
        writer.write(rows)
        writer.close()
        assert pq.read_table(folder / "part.parquet").equals(rows)
        assert pq.read_metadata(folder / "part.parquet").row_group(0).column(1).compression == "ZSTD"
        sizes[level] = (folder / "part.parquet").stat().st_size
    assert sizes[19] < sizes[1]
