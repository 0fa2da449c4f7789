import os
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.clean import clean
from corpus.config import CleanConfig
from corpus.errors import CorpusError
from corpus.run.engines import LocalEngine, make_engine
from tests.conftest import ROOT, SEEDS


def square_plus(item, ctx):
    return item * item + ctx


def test_local_engine_keeps_the_order_of_items():
    assert list(LocalEngine(2).map(square_plus, list(range(20)), 1)) == [i * i + 1 for i in range(20)]
    assert list(LocalEngine(1).map(square_plus, [3], 0)) == [9]


def process_settings(item, ctx):
    import gc

    import pyarrow

    return pyarrow.cpu_count(), pyarrow.io_thread_count(), gc.get_freeze_count() > 0


def test_each_worker_process_keeps_arrow_to_one_thread_and_its_start_heap_frozen():
    # Workers are one process a core: Arrow's own pools would compete with the others.
    assert set(LocalEngine(2).map(process_settings, list(range(4)), None)) == {(1, 1, True)}


def test_the_library_leaves_its_callers_process_as_it_was(tmp_path):
    # clean() may run inside someone else's program: no Arrow pool resized, no heap frozen.
    script = (
        "import gc, sys, pyarrow\n"
        "from corpus.clean import clean\n"
        "from corpus.config import CleanConfig\n"
        "before = (pyarrow.cpu_count(), pyarrow.io_thread_count(), gc.get_freeze_count())\n"
        "clean([sys.argv[1]], sys.argv[2], CleanConfig(workers=1))\n"
        "print(before == (pyarrow.cpu_count(), pyarrow.io_thread_count(), gc.get_freeze_count()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(SEEDS), str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(CorpusError, match="unknown engine 'spark'"):
        make_engine("spark", 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A Ray head on loopback, as `ray start` makes one on a cluster's first machine,
    with token authentication (Ray's default since 2.59): the driver gets the token
    through the environment, as a user's shell would."""
    pytest.importorskip("ray")
    ray_cli = Path(sys.executable).with_name("ray")
    port = _free_port()
    temp = tmp_path_factory.mktemp("ray")
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env = {**os.environ, **auth, "RAY_USAGE_STATS_ENABLED": "0"}
    start = [str(ray_cli), "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
             "--num-cpus", "2", "--include-dashboard", "false", "--disable-usage-stats", "--temp-dir", str(temp)]
    subprocess.run(start, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"127.0.0.1:{port}", env
    finally:
        subprocess.run([str(ray_cli), "stop", "--force"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(temp, ignore_errors=True)


def test_ray_gives_the_release_local_workers_give(tmp_path, ray_cluster):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "bad.bin").write_bytes(b"\x00\x01\x02" * 100)
    for i in range(150):  # enough inputs for several tasks
        (folder / f"extra-{i:03d}.txt").write_text(f"Headline {i}\n" + "The council met on Sunday and voted on the budget for the year.\n" * (1 + i % 5))
    address, env = ray_cluster
    clean([folder], tmp_path / "local", CleanConfig(workers=2))
    command = [sys.executable, "-m", "corpus", "clean", str(folder), "-o", str(tmp_path / "ray"), "--engine", "ray",
               "--address", address]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "documents written:  155" in result.stdout and "not-text" in result.stdout
    for path in sorted((tmp_path / "local").rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "ray" / path.relative_to(tmp_path / "local")).read_bytes(), path


def test_an_unreachable_ray_head_fails_fast_with_its_address(tmp_path):
    pytest.importorskip("ray")
    with pytest.raises(CorpusError, match="127.0.0.1:1: no Ray head answers there"):
        clean([SEEDS], tmp_path / "out", CleanConfig(engine="ray", address="127.0.0.1:1"))
    assert not (tmp_path / "out").exists()


class _FakeRay:
    """Just enough of Ray for RayEngine.map: tasks run at once; cancels are recorded."""

    class exceptions:  # noqa: N801 (Ray's own spelling)
        class RayTaskError(Exception):
            pass

        WorkerCrashedError = NodeDiedError = RayTaskError

    def __init__(self):
        self.cancelled = []

    def remote(self, **options):
        return lambda f: type("Remote", (), {"remote": staticmethod(lambda *args: ("ref", f(*args)))})

    def put(self, value):
        return value

    def get(self, ref):
        return ref[1]

    def cancel(self, ref):
        self.cancelled.append(ref[1])


def _fake_engine():
    from corpus.run.engines import RayEngine

    engine = object.__new__(RayEngine)
    engine._ray, engine._started = _FakeRay(), False
    return engine


def test_ray_map_never_cancels_a_task_whose_result_it_has():
    # Cancelling a finished task races inside Ray's core and can abort the driver.
    engine = _fake_engine()
    results = engine.map(square_plus, [1, 2, 3], 0)
    assert list(zip([1, 2, 3], results)) == [(1, 1), (2, 4), (3, 9)]  # zip leaves the map open
    results.close()
    assert engine._ray.cancelled == []
    results = engine.map(square_plus, [1, 2, 3], 0)
    next(results)
    results.close()  # the driver gave up after one result: only the others are cancelled
    assert engine._ray.cancelled == [4, 9]
