"""The seed articles, end to end: expected outputs are data files in tests/expected/seeds/.

After an intended change of output, regenerate them with
``UPDATE_EXPECTED=1 .venv/bin/python -m pytest tests/test_seeds.py`` and review the diff;
``make run`` rebuilds data/, which the last test compares byte for byte.
"""

import datetime as dt
import json
import os

import pyarrow.parquet as pq
import pytest

from corpus.clean import clean
from corpus.config import CleanConfig
from tests.conftest import EXPECTED, ROOT, SEEDS

FIELDS = ["title", "subtitle", "published", "authors", "dateline", "site", "language", "rules", "text"]
DEBRIS = ["A+ A-", "Rudaw moderates all comments", "community guidelines", "Comments", "Post a comment", "Required",
          "The Latest", "Iraqi ministry says Syria border", "Latest stories", "Date:"]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "out"
    clean([SEEDS], out, CleanConfig())
    rows = pq.read_table(out / "data").to_pylist()
    return out, {row["source"].split("/")[-1][:3]: row for row in rows}


def test_no_debris_is_left(release):
    _, rows = release
    for key, row in rows.items():
        for debris in DEBRIS:
            assert debris not in row["text"], (key, debris)


def test_metadata_of_the_seeds(release):
    _, rows = release
    assert {k: r["published"] for k, r in rows.items()} == {
        "000": None, "001": dt.date(2024, 1, 21), "002": dt.date(2024, 1, 21), "003": None, "004": dt.date(2023, 11, 21)}
    assert rows["002"]["language"] == "ar"
    assert all(rows[k]["language"] == "en" for k in ("000", "001", "003", "004"))
    assert rows["004"]["site"] == "Rudaw"
    assert rows["004"]["dateline"] == "ERBIL, Kurdistan Region"
    assert rows["001"]["subtitle"] == "US Ambassador to Iraq Meets Former Prime Minister Amid Rising Tensions"
    for row in rows.values():  # the headline is metadata, not the first line of the text
        assert row["title"] and not row["text"].startswith(row["title"])


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_matches_expected_output(release, key):
    _, rows = release
    row = rows[key]
    got = {f: (row[f].isoformat() if isinstance(row[f], dt.date) else row[f]) for f in FIELDS}
    path = EXPECTED / "seeds" / f"{row['source'].split('/')[-1]}.json"
    if os.environ.get("UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_committed_release_is_rebuilt_byte_for_byte(release):
    out, _ = release
    committed = ROOT / "data"
    names = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    for name in names:
        assert (out / name).read_bytes() == (committed / name).read_bytes(), f"data/{name} differs: run `make run`"
