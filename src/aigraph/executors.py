"""Where a build's per-article work runs: here, in local processes, or on Dask.

Extraction hands its per-article steps (parse + names, then claims; see
:mod:`aigraph.extract.perarticle`) to an :class:`Executor` as a list of
tasks, and reads the results back **in task order**, so the graph does not
depend on where or in what order the tasks ran. Three executors:

- :class:`Serial`: in this process (one worker);
- :class:`Processes`: a pool of local worker processes (``--workers N``),
  each loading the spaCy pipeline once;
- :class:`DaskExecutor`: tasks on a Dask distributed cluster, either a
  running scheduler (``--scheduler tcp://host:8786``; every worker needs
  aigraph and the model installed) or a local cluster of ``workers``
  processes started for the build.

Each keeps a bounded number of tasks in flight, so memory does not grow with
the batch. The relation model's decision of an article's claims and the
encoding of its cache entries run in the tasks too (:mod:`aigraph.workerclaims`);
the cross-article steps (resolution, the graph) stay in the calling process
and are exact.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from .errors import ExecutorError

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("local", "dask")


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``fn`` of each task, in the order of the tasks."""

    def close(self) -> None: ...


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class Serial:
    """Every task in this process, one after the other."""

    workers = 1

    def map(self, fn, tasks):
        return map(fn, tasks)

    def close(self) -> None:
        pass

    def prepare(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` here before the workers start, so that each inherits what
        it loaded instead of loading it again (a no-op here: no worker forks)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Processes(Serial):
    """A pool of ``workers`` local processes, started on first use.

    Workers are forked, so they see the ontology folder, the registered
    mention passes and relation families of this process."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = None
        self._prepared: list[Callable[[], object]] = []

    def map(self, fn, tasks):
        return _bounded(lambda task: self._started().apply_async(fn, (task,)),
                        lambda pending: pending.get(), tasks, 4 * self.workers)

    def prepare(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` here before the workers are forked (once; nothing once
        they are): each worker inherits what it loaded, not loading it again."""
        if self._pool is None and fn not in self._prepared:
            self._prepared.append(fn)
            fn()

    def _started(self):
        """The pool, started on the first task (a build from the cache needs none)."""
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


class DaskExecutor(Serial):
    """Tasks on a Dask distributed cluster: the one at ``scheduler``, or a
    local cluster of ``workers`` processes (one thread each: the spaCy
    pipeline and the mention passes are not shared between threads)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 processes: bool = True) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError("the dask executor needs Dask distributed: "
                                "pip install 'aigraph[dask]'") from exc
        self._cluster = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout="5s")
            else:
                self._cluster = LocalCluster(n_workers=workers or default_workers(),
                                             threads_per_worker=1, processes=processes,
                                             dashboard_address=None)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            where = scheduler or "a local cluster"
            raise ExecutorError(f"cannot reach the Dask scheduler at {where}: {exc}") from exc
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))

    def map(self, fn, tasks):
        # pure=False: a task is never skipped as a duplicate of another
        return _bounded(lambda task: self._client.submit(fn, task, pure=False),
                        lambda future: future.result(), tasks, 4 * self.workers)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _bounded(submit: Callable, result: Callable, tasks: Iterable, window: int) -> Iterator:
    """Submit tasks keeping at most ``window`` in flight; yield results in order."""
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def make_executor(kind: str = "local", workers: int | None = None,
                  scheduler: str | None = None) -> Serial:
    """The executor for ``--executor``/``--workers``/``--scheduler``: ``local``
    runs ``workers`` processes (default: the number of cores; 1 runs in this
    process), ``dask`` a cluster (``scheduler``, or a local one of ``workers``)."""
    if kind == "dask":
        return DaskExecutor(scheduler, workers)
    if kind != "local":
        raise ExecutorError(f"unknown executor {kind!r} (one of: {', '.join(EXECUTORS)})")
    if scheduler:
        raise ExecutorError("--scheduler needs --executor dask")
    workers = workers or default_workers()
    return Serial() if workers == 1 else Processes(workers)
