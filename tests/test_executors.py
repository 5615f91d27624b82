"""Where the per-article work runs: local processes and a real Dask cluster give
the graph a single process gives, byte for byte; updates re-read only what
they touch. The articles are made up for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from aigraph.build import build
from aigraph.cli import cli
from aigraph.errors import ExecutorError
from aigraph.executors import Processes, Serial, make_executor

ARTICLES = {
    "alpha": """# Norway and Chile sign the Velmora Accord

4 March 2025

Norway and Chile signed the Velmora Accord on 4 March 2025 at the Quendal Summit in Oslo.

Tavin Orrick, the director of the Brask Institute, said the Velmora Accord would set shared tests
for advanced models. "We cannot wait for deepfakes to spread," Orrick said.

Delegates from Norway and Chile met in Oslo for two days of talks.
""",
    "beta": """# Kessel Labs releases Lumo-4

12 April 2025

Kessel Labs released Lumo-4 last month. Its chief scientist, Ysolde Prane, warned that systems
like Lumo-4 could make misinformation cheaper.

Prane told reporters that Kessel Labs supports the Velmora Accord.
""",
    "gamma": """# Ghana joins the talks

20 May 2025

Ghana and Kenya called for an international register of large models at the Quendal Summit.
Tavin Orrick of the Brask Institute chaired the closing session. The Brask Institute said
surveillance and job displacement are its main concerns.
""",
    "delta": """# Dorne Council warns on cyberattacks

2 June 2025

Marit Solberg, the chair of the Dorne Council, said cyberattacks on hospitals are rising.
Solberg said the Dorne Council will publish its evaluations in Accra.
""",
}


def write(folder: Path, names) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / f"{name}.md"
        path.write_text(ARTICLES[name], encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(autouse=True)
def one_article_per_task(monkeypatch):
    """Four articles make four tasks, so the workers really share them (one
    task would run in this process)."""
    monkeypatch.setattr("aigraph.extract.TASK_ARTICLES", 1)


def exports(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.nq")}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The graph of all four articles built in this process, without the cache."""
    root = tmp_path_factory.mktemp("serial")
    build(write(root / "in", ARTICLES), root / "out", ("ttl", "nq"), use_cache=False, workers=1)
    return exports(root / "out")


def test_two_worker_processes_build_the_same_graph(serial, tmp_path):
    report = build(write(tmp_path / "in", ARTICLES), tmp_path / "out", ("ttl", "nq"), workers=2)
    assert exports(tmp_path / "out") == serial
    assert (report.parsed, report.cached, report.claims_read) == (4, 0, 4)
    assert b"Velmora Accord" in serial["graph.ttl"] and b"Lumo-4" in serial["graph.ttl"]


def test_a_dask_cluster_builds_the_same_graph(serial, tmp_path):
    """A real Dask scheduler and worker (in this process), reached by address."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster:
        report = build(write(tmp_path / "in", ARTICLES), tmp_path / "out", ("ttl", "nq"),
                       executor="dask", scheduler=cluster.scheduler_address)
    assert exports(tmp_path / "out") == serial
    assert report.parsed == 4


@pytest.mark.slow
def test_a_local_dask_cluster_of_two_processes_builds_the_same_graph(serial, tmp_path):
    write(tmp_path / "in", ARTICLES)
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                      "-f", "nq", "--executor", "dask", "--workers", "2",
                                      "--no-store", "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert exports(tmp_path / "out") == serial


def test_an_update_reads_again_only_the_claims_it_touches(serial, tmp_path):
    """Adding an article that shares no name with the others re-reads its claims
    alone; one naming a known person re-reads the articles of that person."""
    first = write(tmp_path / "in", ["alpha", "beta"])
    build(first, tmp_path / "up")
    added = build(write(tmp_path / "in", ["delta"]), tmp_path / "up", update=True)
    assert (added.parsed, added.cached, added.claims_read) == (1, 2, 1)
    joined = build(write(tmp_path / "in", ["gamma"]), tmp_path / "up", ("ttl", "nq"), update=True)
    assert (joined.parsed, joined.cached) == (1, 3)
    assert 1 <= joined.claims_read < 4
    assert exports(tmp_path / "up") == serial
    again = build([], tmp_path / "up", update=True)
    assert (again.parsed, again.claims_read) == (0, 0)


def test_remove_takes_a_file_out_as_a_build_without_it(tmp_path):
    paths = write(tmp_path / "in", ARTICLES)
    build(paths, tmp_path / "up")
    report = build([], tmp_path / "up", update=True, remove=[paths[1]])
    build([p for p in paths if p != paths[1]], tmp_path / "full", use_cache=False)
    assert (tmp_path / "up" / "graph.ttl").read_bytes() == (tmp_path / "full" / "graph.ttl").read_bytes()
    assert sorted(a.id for a in report.articles) == ["alpha", "delta", "gamma"]
    assert report.parsed == 0


def test_cli_remove_needs_update(tmp_path):
    result = CliRunner().invoke(cli, ["build", "--remove", "x.md", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "Error: --remove needs --update" in result.output


def test_make_executor_picks_by_workers_and_kind():
    assert isinstance(make_executor("local", 1), Serial)
    pool = make_executor("local", 3)
    assert isinstance(pool, Processes) and pool.workers == 3
    assert list(pool.map(abs, [-2, 5, -7])) == [2, 5, 7]   # in task order
    pool.close()
    with pytest.raises(ExecutorError, match="--scheduler needs --executor dask"):
        make_executor("local", 2, "tcp://127.0.0.1:1")


def test_an_unreachable_scheduler_is_an_error():
    with pytest.raises(ExecutorError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        make_executor("dask", scheduler="tcp://127.0.0.1:9")


_PREPARED: list[str] = []


def _prepared_here(_task) -> list[str]:
    return list(_PREPARED)


def test_processes_prepare_runs_once_before_the_workers_fork_and_they_inherit_it():
    with Processes(2) as pool:
        pool.prepare(lambda: _PREPARED.append("loaded"))
        fn = _PREPARED.clear
        try:
            pool.prepare(fn)   # another function runs too
            _PREPARED.append("loaded")
            pool.prepare(fn)   # the same one: not again
            assert _PREPARED == ["loaded"]
            assert list(pool.map(_prepared_here, [1, 2, 3])) == [["loaded"]] * 3
            pool.prepare(lambda: _PREPARED.append("late"))   # started: nothing runs
            assert _PREPARED == ["loaded"]
        finally:
            _PREPARED.clear()
    Serial().prepare(lambda: _PREPARED.append("serial"))   # no worker forks: a no-op
    assert _PREPARED == []
