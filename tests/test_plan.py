from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.io.inputs import InputFile
from corpus.run.plan import PlanConfig, plan


def files(names):
    return [InputFile(Path(n), n) for n in sorted(names)]


def groups(tasks):
    return [[f.source for f in t.files] for t in tasks]


CONFIG = PlanConfig(task_files=8, max_task_files=32, max_task_bytes=10_000)


def test_every_input_is_in_exactly_one_task_in_order():
    names = [f"site/{i:05d}.txt" for i in range(1000)]
    tasks = plan(files(names), [100] * 1000, CONFIG)
    assert [s for g in groups(tasks) for s in g] == names
    assert [t.index for t in tasks] == list(range(len(tasks)))
    # Content-defined boundaries average task_files inputs a task.
    assert 50 < len(tasks) < 250


def test_caps_bound_every_task():
    names = [f"{i:05d}.txt" for i in range(500)]
    tasks = plan(files(names), [3_000] * 500, CONFIG)
    assert all(len(t.files) <= 4 for t in tasks)  # 4 x 3000 bytes reach the 10 000 byte cap
    tasks = plan(files(names), [1] * 500, PlanConfig(task_files=10**9, max_task_files=32))
    assert all(len(t.files) <= 32 for t in tasks)


# Without the caps in play (they cut tasks by count, so a new input shifts the cut
# points up to the next content-defined boundary).
UNCAPPED = PlanConfig(task_files=8, max_task_files=10**6, max_task_bytes=10**12)


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(0, 5000), min_size=20, max_size=300), st.integers(0, 5000))
def test_a_new_input_changes_only_the_task_it_lands_in(numbers, new):
    names = [f"{n:05d}.txt" for n in numbers]
    before = groups(plan(files(names), [1] * len(names), UNCAPPED))
    after = groups(plan(files(names + [f"{new:05d}.txt"]), [1] * (len(names) + 1), UNCAPPED))
    changed = [g for g in after if g not in before]
    assert len(changed) <= 2  # its own task, or (when it is a boundary) the two halves
    assert len([g for g in before if g not in after]) <= 1
