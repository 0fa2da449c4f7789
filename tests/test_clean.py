import json

import pyarrow.parquet as pq

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
    monkeypatch.setattr(task_module, "learning_pass", lambda *args, **kwargs: os._exit(1))
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


def release_files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_release_does_not_depend_on_how_inputs_are_split_into_tasks(tmp_path):
    folder = many_inputs(tmp_path / "in")
    clean([folder], tmp_path / "small", CleanConfig(plan=SMALL_TASKS, shard_rows=7))
    clean([folder], tmp_path / "one", CleanConfig(shard_rows=7))
    assert release_files(tmp_path / "small") == release_files(tmp_path / "one")


def test_a_rerun_redoes_no_finished_task(tmp_path):
    folder = many_inputs(tmp_path / "in")
    first = clean([folder], tmp_path / "out", CleanConfig(plan=SMALL_TASKS))
    again = clean([folder], tmp_path / "out", CleanConfig(plan=SMALL_TASKS))
    assert first.tasks > 1 and first.tasks_reused == 0 and again.tasks_reused == again.tasks


def test_a_grown_folder_redoes_only_the_changed_tasks_and_matches_a_full_run(tmp_path):
    folder = many_inputs(tmp_path / "in", 40)
    config = CleanConfig(plan=SMALL_TASKS)
    clean([folder], tmp_path / "out", config)
    (folder / "new.txt").write_text("A new headline\n" + ARTICLE * 3)
    (folder / "005.txt").write_text("A changed headline\n" + ARTICLE)
    grown = clean([folder], tmp_path / "out", config)
    assert 0 < grown.tasks_reused <= grown.tasks - 1
    full = clean([folder], tmp_path / "fresh", config)  # its own, empty work folder
    assert full.tasks_reused == 0
    assert release_files(tmp_path / "out") == release_files(tmp_path / "fresh")


def test_changed_rules_redo_every_task(tmp_path):
    import shutil

    from corpus.config import DEFAULT_RULES

    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES, rules)
    folder = many_inputs(tmp_path / "in", 12)
    clean([folder], tmp_path / "out", CleanConfig(rules_dir=rules, plan=SMALL_TASKS))
    with open(rules / "generic" / "boilerplate.toml", "a", encoding="utf-8") as f:
        f.write('\n[[rule]]\nid = "test-headline"\nkind = "drop"\npatterns = ["^Headline number 3 "]\n')
    again = clean([folder], tmp_path / "out", CleanConfig(rules_dir=rules, plan=SMALL_TASKS))
    assert again.tasks_reused == 0
    assert again.removed_chars["generic:test-headline"] > 0


def test_a_run_killed_with_sigkill_resumes_to_the_same_release(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(400):
        (inputs / f"{i:04d}.txt").write_text(f"Headline number {i} of the day\n" + ARTICLE * (5 + i % 7))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "corpus", "clean", str(inputs), "-o", str(out), "--workers", "1"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = tmp_path / ".out.work" / "done"
    deadline = time.monotonic() + 120
    while not (done.is_dir() and any(p.name[0] != "." for p in done.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    resumed = clean([inputs], out, CleanConfig(workers=1))
    assert 0 < resumed.tasks_reused < resumed.tasks
    clean([inputs], tmp_path / "whole", CleanConfig(workers=1))
    assert release_files(out) == release_files(tmp_path / "whole")


STORY = (
    "The city council voted on Tuesday to expand the night bus network to the northern districts, "
    "after two years of complaints from shift workers who said the last buses left before their work ended. "
    "The plan adds four routes and extends three more until two in the morning, at a cost the council put "
    "at four million a year, to be paid from parking fees. Opposition members said the money would be "
    "better spent on the tram line promised in the last election, and asked for a study of ridership first."
)


def write_wire_stories(folder):
    """One wire story on three sites (one copy edited), fetched twice, and an unrelated one."""
    folder.mkdir()
    (folder / "a.txt").write_text(STORY + "\n")
    (folder / "a.json").write_text('{"published": "2024-03-02"}')
    (folder / "b.txt").write_text(STORY.replace("four routes", "five routes") + "\nReporting by the wire desk.\n")
    (folder / "b.json").write_text('{"published": "2024-03-01"}')
    (folder / "c.txt").write_text(STORY + "\n")  # the same page fetched again
    (folder / "d.txt").write_text(ARTICLE * 6)
    return folder


def rows_by_source(out):
    table = pq.read_table(out / "data")
    return {r["source"].split("/")[-1]: r for r in table.select(["source", "id", "duplicate_of", "cluster_size"]).to_pylist()}


def test_copies_point_at_the_earliest_published_one(tmp_path):
    folder = write_wire_stories(tmp_path / "in")
    summary = clean([folder], tmp_path / "out", CleanConfig())
    rows = rows_by_source(tmp_path / "out")
    canonical = rows["b.txt"]  # published first, although edited
    assert canonical["duplicate_of"] is None and canonical["cluster_size"] == 3
    assert rows["a.txt"]["duplicate_of"] == rows["c.txt"]["duplicate_of"] == canonical["id"]
    assert rows["d.txt"]["duplicate_of"] is None and rows["d.txt"]["cluster_size"] == 1
    assert summary.duplicates == 2
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["duplicates"] == 2 and manifest["dedup"]["threshold"] == 0.8


def test_drop_duplicates_keeps_the_canonical_documents(tmp_path):
    folder = write_wire_stories(tmp_path / "in")
    summary = clean([folder], tmp_path / "out", CleanConfig(drop_duplicates=True))
    assert sorted(rows_by_source(tmp_path / "out")) == ["b.txt", "d.txt"]
    assert summary.documents == 2 and summary.dropped_duplicates == 2


def test_duplicates_are_found_across_tasks_and_workers(tmp_path):
    folder = write_wire_stories(tmp_path / "in")
    clean([folder], tmp_path / "one", CleanConfig())
    split = PlanConfig(task_files=1, max_task_files=1)  # every input its own task
    clean([folder], tmp_path / "two", CleanConfig(workers=2, plan=split))
    assert release_files(tmp_path / "one") == release_files(tmp_path / "two")
