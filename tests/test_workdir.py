from collections import Counter

import pytest

from corpus.heuristics.learned import LineCounts
from corpus.run.workdir import WorkDir


def test_counts_round_trip(tmp_path):
    work = WorkDir(tmp_path / ".out.work")
    counts = LineCounts()
    counts.add("example.com", [1, 2, 2**64 - 1])
    counts.add("example.com", [2])
    counts.add("other.org", [])
    work.save_counts("k1", counts)
    back = work.load_counts("k1")
    assert back.docs == Counter({"example.com": 2, "other.org": 1})
    assert back.lines["example.com"] == Counter({1: 1, 2: 2, 2**64 - 1: 1})
    assert work.load_counts("missing") is None


def test_damaged_counts_are_learned_again(tmp_path):
    work = WorkDir(tmp_path / ".out.work")
    work.save_counts("k1", LineCounts())
    (tmp_path / ".out.work" / "learn" / "k1.arrow").write_bytes(b"garbage")
    assert work.load_counts("k1") is None


def test_a_task_appears_complete_or_not_at_all(tmp_path):
    work = WorkDir(tmp_path / ".out.work")
    with pytest.raises(RuntimeError):
        with work.task_writer("k1") as folder:
            (folder / "task.json").write_text('{"rows": 1}')
            raise RuntimeError("killed half way")
    assert work.finished("k1") is None
    assert list((tmp_path / ".out.work" / "done").iterdir()) == []
    with work.task_writer("k1") as folder:
        (folder / "task.json").write_text('{"rows": 1}')
    assert work.finished("k1") == {"rows": 1}


def test_keep_only_deletes_what_the_run_did_not_use(tmp_path):
    work = WorkDir(tmp_path / ".out.work")
    for key in ("a", "b"):
        work.save_counts(key, LineCounts())
        with work.task_writer(key) as folder:
            (folder / "task.json").write_text("{}")
    work.keep_only({"a"}, {"b"})
    assert work.load_counts("a") is not None and work.load_counts("b") is None
    assert work.finished("a") is None and work.finished("b") == {}
