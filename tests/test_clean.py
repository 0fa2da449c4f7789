import json

from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.run.plan import PlanConfig
from tests.conftest import SEEDS


def test_progress_counts_every_input_once(tmp_path):
    calls = []
    clean([SEEDS], tmp_path / "out", CleanConfig(), progress=calls.append)
    assert calls[0] == -5 and sum(calls[1:]) == 5 and all(c > 0 for c in calls[1:])


def test_same_source_twice_is_a_reject_not_a_collision(tmp_path):
    summary = clean([SEEDS / "000_599e02925b91bee3.txt", SEEDS / "000_599e02925b91bee3.txt"], tmp_path / "out", CleanConfig())
    assert summary.documents == 1 and summary.rejects == {"duplicate-source": 1}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["rejects"] == {"duplicate-source": 1}


def test_workers_give_the_same_summary(tmp_path):
    one = clean([SEEDS], tmp_path / "a", CleanConfig(workers=1))
    two = clean([SEEDS], tmp_path / "b", CleanConfig(workers=2))
    assert one == two


ARTICLE = "The minister met the ambassador in Baghdad on Sunday and they talked about the coming year at length.\n"


def many_inputs(folder, n=30):
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"Headline number {i} of the day\n" + ARTICLE * (1 + i % 4))
    return folder


# Small tasks, so 30 files really are split across workers.
SMALL_TASKS = PlanConfig(task_files=4, max_task_files=8)


def test_many_files_across_workers_are_byte_identical(tmp_path):
    folder = many_inputs(tmp_path / "in")
    clean([folder], tmp_path / "one", CleanConfig(workers=1, plan=SMALL_TASKS))
    clean([folder], tmp_path / "two", CleanConfig(workers=2, plan=SMALL_TASKS))
    for name in ("data/part-00000.parquet", "rejects.parquet", "manifest.json", "README.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_dead_worker_stops_the_run_with_an_error(tmp_path, monkeypatch):
    import os

    import pytest

    import corpus.run.task as task_module
    from corpus.errors import WorkerError

    folder = many_inputs(tmp_path / "in")

    # Workers are forked after the patch, so they inherit it; os._exit kills the worker
    # the way the kernel's OOM killer would, with no exception to report.
    monkeypatch.setattr(task_module, "learning_pass", lambda files, rules, config: os._exit(1))
    with pytest.raises(WorkerError, match="worker process died"):
        clean([folder], tmp_path / "out", CleanConfig(workers=2, plan=SMALL_TASKS))
    assert not (tmp_path / "out").exists()


def test_release_inside_the_input_folder_is_not_read_back(tmp_path):
    folder = many_inputs(tmp_path / "in", 3)
    first = clean([folder], folder / "out", CleanConfig())
    second = clean([folder], folder / "out", CleanConfig())
    assert first.inputs == second.inputs == 3


def test_hidden_input_folder_is_read(tmp_path):
    folder = many_inputs(tmp_path / ".scrapes", 2)
    assert clean([folder], tmp_path / "out", CleanConfig()).documents == 2
