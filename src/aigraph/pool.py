"""A pool of query worker processes that keep the store open (for ``serve``).

``run_query`` with a timeout starts one process per query and opens the store
in it (about 0.75 s); an endpoint answering many clients cannot afford that.
The pool starts its workers once; each opens the store read-only and then
answers queries one after another over a pipe. A worker whose query runs past
the timeout, or whose client went away, is killed (pyoxigraph cannot
interrupt a query: killing the process is what really stops the work) and a
fresh one takes its place in the background, so cheap queries keep being
answered by the other workers while runaway ones are stopped.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import QueryError, QueryTimeoutError
from .query import QueryResult, open_source, worker_context, worker_outcome

#: How often a waiting request checks whether its client is still there.
POLL_SECONDS = 0.1


class PoolClosedError(QueryError):
    """The pool was closed or retired (for a newer one) before the query got a worker."""


def _pool_worker_main(connection, spec) -> None:
    """One worker: open the store once, then answer queries until told to stop."""
    try:
        store = open_source(spec)
    except Exception as exc:  # noqa: BLE001 - reported to the parent for the first query
        store, opening_error = None, exc
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        if store is None:
            outcome = ("error", QueryError(f"cannot open the store: {opening_error}"))
        else:
            outcome = worker_outcome(store, *request)
        connection.send(outcome)


@dataclass(eq=False)   # compared (and hashed) by identity
class _Worker:
    process: object
    connection: object

    def stop(self) -> None:
        try:
            self.connection.close()
        finally:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()


@dataclass
class QueryPool:
    """``size`` worker processes over one source (see :func:`aigraph.query.source_spec`)."""

    spec: tuple[str, object]
    size: int = 4
    _idle: queue.Queue = field(default_factory=queue.Queue, init=False)
    _all: set = field(default_factory=set, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _closed: bool = field(default=False, init=False)

    def start(self) -> QueryPool:
        for _ in range(self.size):
            self._idle.put(self._spawn())
        return self

    def _spawn(self) -> _Worker:
        context = worker_context()
        here, there = context.Pipe(duplex=True)
        process = context.Process(target=_pool_worker_main, args=(there, self.spec),
                                  daemon=True)
        process.start()
        there.close()
        worker = _Worker(process, here)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker and put a fresh one in its place (in the background:
        starting one takes a moment the client should not wait for)."""
        self._discard(worker)
        if not self._closed:
            threading.Thread(target=self._replace, daemon=True).start()

    def _release(self, worker: _Worker) -> None:
        """A worker whose query is done: back to work, or stopped if the pool was retired."""
        if self._closed:
            self._discard(worker)
        else:
            self._idle.put(worker)

    def _replace(self) -> None:
        self._release(self._spawn())

    def run(self, text: str, params: dict[str, str] | None = None, want_labels: bool = False,
            timeout: float | None = None,
            abandoned: Callable[[], bool] | None = None) -> QueryResult:
        """Run a query on a free worker. Raises QueryTimeoutError when it (with
        the wait for a free worker) takes longer than ``timeout`` seconds or
        when ``abandoned()`` turns true; the worker is then killed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        worker = self._take(deadline, abandoned)
        try:
            worker.connection.send((text, dict(params or {}), want_labels))
            while not worker.connection.poll(POLL_SECONDS):
                if deadline is not None and time.monotonic() >= deadline:
                    raise QueryTimeoutError(
                        f"the query ran longer than {timeout:g} s and was stopped "
                        "(narrow it with LIMIT or more specific patterns)")
                if abandoned is not None and abandoned():
                    raise QueryTimeoutError("the client went away; the query was stopped")
            status, payload = worker.connection.recv()
        except QueryTimeoutError:
            self._retire(worker)
            raise
        except (EOFError, OSError) as exc:
            self._retire(worker)
            raise QueryError(f"the query worker died without an answer ({exc or 'no reply'})"
                             ) from None
        self._release(worker)
        if status == "error":
            raise payload
        return payload

    def _take(self, deadline: float | None,
              abandoned: Callable[[], bool] | None) -> _Worker:
        while True:
            try:
                return self._idle.get(timeout=POLL_SECONDS)
            except queue.Empty:
                pass
            if self._closed:
                raise PoolClosedError("the query workers were stopped")
            if deadline is not None and time.monotonic() >= deadline:
                raise QueryTimeoutError("every query worker stayed busy until the timeout; "
                                        "try again later")
            if abandoned is not None and abandoned():
                raise QueryTimeoutError("the client went away")

    @property
    def drained(self) -> bool:
        """True when a retired or closed pool has no worker left."""
        with self._lock:
            return self._closed and not self._all

    def retire(self) -> None:
        """Stop taking queries: idle workers stop now, busy ones when their query ends."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            self._discard(worker)

    def close(self) -> None:
        """Stop every worker now, busy or not."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
