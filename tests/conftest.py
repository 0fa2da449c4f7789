from __future__ import annotations

from pathlib import Path

import pytest

from corpus.config import DEFAULT_RULES
from corpus.rulebook.loader import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED = Path(__file__).resolve().parent / "expected"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(DEFAULT_RULES)


def write_rules(folder: Path, text: str, name: str = "test.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def seed_release(tmp_path_factory) -> Path:
    """A release of the seeds, built once; tests that change it work on a copy."""
    from corpus.clean import clean
    from corpus.config import CleanConfig

    out = tmp_path_factory.mktemp("seed-release") / "out"
    clean([SEEDS], out, CleanConfig())
    return out


def copy_release(release: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(release, to)
    return to


def rewrite_shard(release: Path, table, name: str = "data/part-00000.parquet") -> None:
    """Replace a shard and update its manifest entry, as a release written so would have it."""
    import json

    import pyarrow.parquet as pq

    from corpus.io.inputs import sha256

    pq.write_table(table, release / name)
    manifest = json.loads((release / "manifest.json").read_text())
    data = (release / name).read_bytes()
    for entry in manifest["outputs"]:
        if entry["file"] == name:
            entry.update(bytes=len(data), sha256=sha256(data), rows=table.num_rows)
    manifest["documents"] = sum(o["rows"] for o in manifest["outputs"] if o["file"].startswith("data/"))
    (release / "manifest.json").write_text(json.dumps(manifest))
