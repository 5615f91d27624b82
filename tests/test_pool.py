"""The query worker pool: workers keep the store open, runaway and abandoned
queries are killed and replaced, the others keep being answered."""

from __future__ import annotations

import json
import threading
import time

import pytest

from aigraph.errors import QueryError, QueryTimeoutError
from aigraph.graph import build_graph
from aigraph.pool import QueryPool
from aigraph.query import source_spec
from aigraph.store import save_store
from test_query import sample_extraction

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
           "?m ?n2 ?o . ?p ?q ?r }")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return save_store(build_graph(sample_extraction()), tmp_path_factory.mktemp("pool") / "store")


@pytest.fixture
def pool(store_dir):
    started = QueryPool(source_spec(store_dir), size=2).start()
    try:
        yield started
    finally:
        started.close()


def count(result) -> int:
    return int(json.loads(result.serialize("json"))["results"]["bindings"][0]["n"]["value"])


def worker_pids(pool) -> set[int]:
    return {worker.process.pid for worker in pool._all}


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_workers_answer_many_queries_and_stay_the_same(pool):
    before = worker_pids(pool)
    answers = {count(pool.run(COUNT, timeout=30)) for _ in range(20)}
    assert len(answers) == 1 and answers.pop() > 100
    assert worker_pids(pool) == before and len(before) == 2


def test_errors_come_back_and_the_worker_stays(pool):
    before = worker_pids(pool)
    with pytest.raises(QueryError, match="syntax error"):
        pool.run("SELECT WHERE", timeout=30)
    assert count(pool.run(COUNT, timeout=30)) > 100
    assert worker_pids(pool) == before


def test_a_runaway_query_is_killed_and_its_worker_replaced(pool):
    before = worker_pids(pool)
    with pytest.raises(QueryTimeoutError, match="was stopped"):
        pool.run(RUNAWAY, timeout=0.5)
    assert wait_for(lambda: len(worker_pids(pool)) == 2 and worker_pids(pool) != before)
    killed = before - worker_pids(pool)
    assert len(killed) == 1
    assert count(pool.run(COUNT, timeout=30)) > 100


def test_an_abandoned_query_without_timeout_is_killed(pool):
    gone = threading.Event()
    outcome = []

    def runaway():
        try:
            pool.run(RUNAWAY, timeout=None, abandoned=gone.is_set)
        except QueryTimeoutError as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=runaway)
    thread.start()
    before = worker_pids(pool)
    assert count(pool.run(COUNT, timeout=30)) > 100     # the other worker still answers
    gone.set()
    thread.join(timeout=30)
    assert outcome == ["the client went away; the query was stopped"]
    assert wait_for(lambda: len(worker_pids(pool) - before) == 1)


def test_busy_pool_times_out_waiting(store_dir):
    single = QueryPool(source_spec(store_dir), size=1).start()
    try:
        thread = threading.Thread(target=lambda: pytest.raises(QueryTimeoutError, single.run,
                                                               RUNAWAY, timeout=3))
        thread.start()
        wait_for(lambda: single._idle.empty())
        with pytest.raises(QueryTimeoutError, match="every query worker stayed busy"):
            single.run(COUNT, timeout=0.3)
        thread.join(timeout=30)
        assert count(single.run(COUNT, timeout=30)) > 100
    finally:
        single.close()


def test_close_stops_every_worker(store_dir):
    started = QueryPool(source_spec(store_dir), size=3).start()
    processes = [worker.process for worker in started._all]
    started.close()
    assert len(processes) == 3 and not any(process.is_alive() for process in processes)


def test_a_retired_pool_finishes_running_queries_then_drains(store_dir):
    from aigraph.pool import PoolClosedError
    retiring = QueryPool(source_spec(store_dir), size=2).start()
    try:
        answers = []
        thread = threading.Thread(target=lambda: answers.append(count(retiring.run(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g a ?h }", timeout=120))))
        thread.start()
        assert wait_for(lambda: retiring._idle.qsize() == 1)   # one worker is busy
        retiring.retire()
        assert len(worker_pids(retiring)) == 1 and not retiring.drained
        with pytest.raises(PoolClosedError):
            retiring.run(COUNT, timeout=5)
        thread.join(timeout=60)
        assert answers and answers[0] > 1_000_000             # the running query finished
        assert retiring.drained
    finally:
        retiring.close()
