import gzip
import json

import pytest

import corpus.run.task as task_module
from corpus.config import CleanConfig
from corpus.heuristics.learned import LineCounts
from corpus.io.inputs import discover, file_sha256
from corpus.pipeline import learning_pass
from corpus.run.plan import Task
from corpus.run.task import RunContext, describe_inputs, learn_task
from corpus.run.workdir import WorkDir

MENU = "Home | World | Business | Sport\nSubscribe to our newsletter\n"


def scrapes(folder):
    """Text scrapes of one site (learned from: sidecars give their URL), gzipped ones, an
    HTML page, an empty file, one over the input limit and a broken sidecar."""
    folder.mkdir()
    for i in range(8):
        text = f"Headline {i}\n{MENU}The story number {i} told in a long paragraph of its own words.\n"
        name = f"{i:02d}.txt" + (".gz" if i % 3 == 0 else "")
        data = text.encode()
        (folder / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        (folder / f"{i:02d}.json").write_text(json.dumps({"url": f"https://news.example.com/{i}"}))
    (folder / "page.html").write_text(f"<html><body><p>{MENU}</p></body></html>")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_text(MENU * 200)
    (folder / "bad.txt").write_text(MENU)
    (folder / "bad.json").write_text("{not json")
    return Task(0, tuple(discover([folder])))


def counts_of(found):
    counts = LineCounts()
    for group, hashes in found:
        counts.add(group, hashes)
    return counts


@pytest.mark.parametrize("budget", [0, 150, 1 << 20])
def test_held_bytes_change_nothing_learned(tmp_path, rules, monkeypatch, budget):
    monkeypatch.setattr(task_module, "_HELD_BYTES", budget)
    task = scrapes(tmp_path / "in")
    config = CleanConfig(max_input_bytes=2000)
    held = {}
    assert describe_inputs(task, held) == describe_inputs(task)
    assert sum(map(len, held.values())) <= budget
    if budget > 1000:  # every text scrape and sidecar, nothing else
        assert {p.name for p in held} == {p.name for p in (tmp_path / "in").iterdir() if p.suffix != ".html"}
    learned = counts_of(learning_pass(task.files, rules, config, held=held))
    assert learned == counts_of(learning_pass(task.files, rules, config))
    assert learned.docs == {"news.example.com": 8} and len(learned.lines["news.example.com"]) > 8


def test_inputs_are_described_as_on_disk(tmp_path):
    task = scrapes(tmp_path / "in")
    entries = {e["source"]: e for e in describe_inputs(task, {})}
    for path in (tmp_path / "in").iterdir():
        entry = entries[f"in/{path.name}"]
        assert entry["sha256"] == file_sha256(path) and entry["bytes"] == path.stat().st_size
        assert entry.get("counted", True) == (path.suffix != ".json")  # every .json here is a sidecar


def test_learn_task_reads_held_bytes_once(tmp_path, rules, monkeypatch):
    task = scrapes(tmp_path / "in")
    ctx = RunContext(CleanConfig(), WorkDir(tmp_path / ".out.work"), "fingerprint")
    reads = []
    real = task_module.learning_pass
    monkeypatch.setattr(task_module, "learning_pass", lambda *a, held: reads.append(set(held)) or real(*a, held=held))
    first = learn_task(task, ctx)
    assert reads and len(reads[0]) == 20  # 11 text scrapes, 9 sidecars
    again = learn_task(task, ctx)  # cached: not learned again
    assert len(reads) == 1 and again.counts == first.counts and again.key == first.key
