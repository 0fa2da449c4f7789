import json

from corpus.clean import clean
from corpus.config import CleanConfig
from tests.conftest import SEEDS


def test_progress_is_reported_per_input(tmp_path):
    calls = []
    clean([SEEDS], tmp_path / "out", CleanConfig(), progress=calls.append)
    assert calls == [-5, 1, 1, 1, 1, 1]


def test_same_source_twice_is_a_reject_not_a_collision(tmp_path):
    summary = clean([SEEDS / "000_599e02925b91bee3.txt", SEEDS / "000_599e02925b91bee3.txt"], tmp_path / "out", CleanConfig())
    assert summary.documents == 1 and summary.rejects == {"duplicate-source": 1}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["rejects"] == {"duplicate-source": 1}


def test_workers_give_the_same_summary(tmp_path):
    one = clean([SEEDS], tmp_path / "a", CleanConfig(workers=1))
    two = clean([SEEDS], tmp_path / "b", CleanConfig(workers=2))
    assert one == two
