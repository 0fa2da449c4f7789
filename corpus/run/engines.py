"""Engines run a run's tasks: in this process, in a local process pool, or on Ray.

Every engine has one method, ``map(function, items, ctx)``: ``function(item, ctx)`` for
each item, results in the order of ``items`` whatever order they finish in. That order,
and tasks being plain functions of their arguments, is what makes a release the same
byte for byte with one worker, many, or a cluster.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from corpus.errors import CorpusError, WorkerError

_DIED = ("a worker process died (out of memory, or a crash in a C library); "
         "the previous release is unchanged. Rerun with --workers 1 to see which input, "
         "or rerun as is: finished tasks are not redone")


class Engine(Protocol):
    def map(self, function: Callable[[Any, Any], Any], items: list, ctx: Any) -> Iterator[Any]: ...

    def close(self) -> None: ...


class LocalEngine:
    """``workers`` processes on this machine (forked, so they share the loaded code)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers

    def map(self, function: Callable[[Any, Any], Any], items: list, ctx: Any) -> Iterator[Any]:
        if self.workers <= 1 or len(items) <= 1:
            for item in items:
                yield function(item, ctx)
            return
        # Imported here: a one-worker run needs no pool (~10 ms of its start).
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        # concurrent.futures, not multiprocessing.Pool: when a worker dies (killed for
        # memory, a crash in a C library) the pool is marked broken and the run stops
        # with an error instead of waiting forever for a result that will not come.
        workers = min(self.workers, len(items))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_set_context, initargs=(ctx,)) as pool:
            try:
                # One task at a time per worker: tasks are already big enough to hide the
                # hand-off, and results come back as soon as each one is done.
                yield from pool.map(functools.partial(_with_context, function), items, chunksize=1)
            except BrokenProcessPool:
                raise WorkerError(None, _DIED) from None

    def close(self) -> None:
        pass


_context: Any = None


def _set_context(ctx: Any) -> None:
    global _context
    _context = ctx
    own_process()


def one_arrow_thread() -> None:
    """A worker is one process of many, one a core: Arrow's own thread pools (a thread a
    core by default, to compress, decompress and encode) only compete with the other
    workers. Measured on the dev dumps with one worker: 0.08 s less CPU in 1.9 s, the same
    wall time. Called in processes corpus owns (its workers, Ray's tasks, the CLI), not by
    the library's ``clean()``, which may run inside someone else's program."""
    import pyarrow

    pyarrow.set_cpu_count(1)
    pyarrow.set_io_thread_count(1)


_frozen = False


def freeze_heap() -> None:
    """Leave what the process holds before its documents (modules, tables, models) out of
    the garbage collector's full walks, once a process: documents make many short-lived
    objects, and every full collection walked all of the process's objects too (4 full
    collections took 0.15 s of the dev dumps' run before Line became a C type; one fewer
    today, and more on a long run). Only in processes corpus owns, like the above: frozen
    objects are never collected."""
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


def own_process() -> None:
    """What a process that only runs corpus sets up: see the two functions above."""
    one_arrow_thread()
    freeze_heap()


def _with_context(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(item, _context)


class RayEngine:
    """Tasks as Ray tasks: on a local Ray instance, or on the cluster at ``address``.

    Workers must see the inputs, the rules and the work folder at the same paths as the
    driver (a shared file system on a cluster; see README), and have corpus installed.
    """

    def __init__(self, address: str | None, workers: int) -> None:
        try:
            import ray
        except ImportError:
            raise CorpusError(None, "--engine ray needs Ray: pip install 'corpus[ray]'") from None
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "configure_logging": False}
            if address:
                _check_reachable(address)
            try:
                if address:
                    ray.init(address=address, **options)
                else:  # a private local instance, sized like --workers
                    ray.init(num_cpus=workers, **options)
            except Exception as exc:  # Ray raises ConnectionError, RuntimeError, ValueError...
                raise CorpusError(address, f"cannot start or join Ray: {exc}") from None

    def map(self, function: Callable[[Any, Any], Any], items: list, ctx: Any) -> Iterator[Any]:
        ray = self._ray
        # A task is idempotent (it writes into a private folder renamed when complete), so
        # Ray may rerun it elsewhere when a node is lost; twice, then the run stops.
        remote = ray.remote(num_cpus=1, max_retries=2)(_call)
        ctx_ref = ray.put(ctx)
        refs = [remote.remote(function, item, ctx_ref) for item in items]
        done = 0  # refs before this one have been got: never cancelled (see _cancel)
        try:
            for ref in refs:
                result = ray.get(ref)
                done += 1
                yield result
        except ray.exceptions.RayTaskError as exc:  # refs[done] has failed: it is over too
            _cancel(ray, refs[done + 1:])
            cause = getattr(exc, "cause", None)
            if isinstance(cause, CorpusError):
                raise cause from None
            raise WorkerError(None, f"a Ray task failed: {exc}") from None
        except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError) as exc:
            _cancel(ray, refs[done + 1:])
            raise WorkerError(None, f"{_DIED} ({type(exc).__name__})") from None
        except BaseException:  # Ctrl-C, or the driver gave up: no task keeps running for nothing
            _cancel(ray, refs[done:])
            raise

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


# Seconds to wait for a Ray head to answer: Ray itself retries an unreachable address for
# minutes before giving up; a head on the network answers in milliseconds.
_CONNECT_SECONDS = 10


def _check_reachable(address: str) -> None:
    """Fail fast on a HOST:PORT nobody listens on (other forms, e.g. "auto", go to Ray)."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit():
        return
    import socket

    try:
        socket.create_connection((host, int(port)), timeout=_CONNECT_SECONDS).close()
    except OSError as exc:
        raise CorpusError(address, f"no Ray head answers there: {exc.strerror or exc}") from None


def _cancel(ray: Any, refs: list) -> None:
    """Cancel tasks not yet got. Never a finished one: cancelling a task as its result
    arrives races inside Ray 2.x's core and aborts the driver ("Check failed:
    it != submissible_tasks_.end()", ray-project/ray#54527); it did so in about one run in
    five when a map was closed after its last result."""
    for ref in refs:
        try:
            ray.cancel(ref)
        except Exception:  # already finished, or the cluster is gone: nothing to stop
            pass


def _call(function: Callable[[Any, Any], Any], item: Any, ctx: Any) -> Any:
    own_process()
    return function(item, ctx)


def make_engine(name: str, workers: int, address: str | None = None) -> Engine:
    if name == "local":
        return LocalEngine(workers)
    if name == "ray":
        return RayEngine(address, workers)
    raise CorpusError(None, f"unknown engine {name!r}: use 'local' or 'ray'")
