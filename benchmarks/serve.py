"""Benchmark: ``aigraph serve`` under load, on loopback only.

Starts ``aigraph serve`` (a subprocess, so that the clients here do not share
its interpreter) over a synthetic store built with the real pipeline code (the
same generator as ``benchmarks/query.py``), then:

1. **load**: ``--clients`` threads (default 50), each sending simple SELECT
   queries over fresh connections until ``--requests`` (default 2,000) have
   been sent in all; prints queries/s and latency percentiles;
2. **runaways**: two queries that would run for minutes are sent; while they
   run, ``--cheap`` (default 20) cheap queries are sent one after the other,
   and their latencies printed; then the runaways' answers (503 when the
   server's ``--timeout`` stopped them).

Bounded (a fixed number of requests; every request has a client timeout) and
it stops the server itself. Usage::

    python benchmarks/serve.py                     # 20k triples, 50 clients
    python benchmarks/serve.py --clients 50 --requests 5000 --triples 100000
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import Synth  # noqa: E402  (benchmarks/query.py: the synthetic extraction)

from aigraph.graph import build_graph  # noqa: E402
from aigraph.store import save_store  # noqa: E402

SIMPLE = "SELECT ?c ?label WHERE { ?c a aig:Country ; rdfs:label ?label } ORDER BY ?c LIMIT 10"
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
           "?m ?n2 ?o . ?p ?q ?r }")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ask(url: str, query: str, timeout: float = 60) -> tuple[int, float]:
    """(HTTP status, seconds) of one query over a fresh connection."""
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def start_server(store_dir: Path, port: int, timeout: float, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-c", "from aigraph.cli import cli; cli()", "serve", "--store", str(store_dir),
               "--port", str(port), "--timeout", str(timeout), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"aigraph serve exited with code {process.returncode}")
        if ask(f"http://127.0.0.1:{port}/sparql", "ASK {}", timeout=5)[0] == 200:
            return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit("aigraph serve did not start within 60 s")


def load(url: str, clients: int, requests: int) -> tuple[list[float], list[int], float]:
    """Latencies and statuses of ``requests`` simple queries from ``clients`` threads."""
    latencies, statuses, lock = [], [], threading.Lock()
    remaining = [requests]

    def client():
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            status, seconds = ask(url, SIMPLE)
            with lock:
                latencies.append(seconds)
                statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses, time.perf_counter() - start


def runaways(url: str, cheap: int) -> tuple[list[float], list[int], list[int]]:
    """Cheap query latencies (and statuses) while two runaway queries run; the
    runaways' statuses."""
    runaway_statuses = []
    threads = [threading.Thread(target=lambda: runaway_statuses.append(ask(url, RUNAWAY)[0]))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)   # let both reach a worker
    latencies, statuses = [], []
    for _ in range(cheap):
        status, seconds = ask(url, SIMPLE)
        latencies.append(seconds)
        statuses.append(status)
    still_running = sum(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join()
    print(f"(runaways still running after the cheap queries: {still_running} of 2)")
    return latencies, statuses, runaway_statuses


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--cheap", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=15.0,
                        help="the server's query timeout (stops the runaways)")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="aigraph-bench-serve-") as workdir:
        graph = build_graph(Synth(args.triples).extraction)
        store_dir = save_store(graph, Path(workdir) / "store")
        port = free_port()
        server = start_server(store_dir, port, args.timeout, args.workers)
        url = f"http://127.0.0.1:{port}/sparql"
        try:
            latencies, statuses, elapsed = load(url, args.clients, args.requests)
            cheap, cheap_statuses, runaway_statuses = runaways(url, args.cheap)
        finally:
            server.terminate()
            server.wait(timeout=30)

    ok = statuses.count(200)
    print(f"## aigraph serve: {len(graph)} triples, {args.workers} workers, "
          f"query timeout {args.timeout:g} s\n")
    print("| measure | value |\n|---|---|")
    print(f"| simple queries, {args.clients} concurrent clients | {len(statuses)} "
          f"({ok} answered 200) |")
    print(f"| throughput | {len(statuses) / elapsed:.0f} queries/s |")
    for name, share in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
        print(f"| latency {name} | {percentile(latencies, share) * 1000:.0f} ms |")
    print(f"| latency max | {max(latencies) * 1000:.0f} ms |")
    print(f"| cheap query while 2 runaways run: max of {len(cheap)} | "
          f"{max(cheap) * 1000:.0f} ms (statuses {sorted(set(cheap_statuses))}) |")
    print(f"| runaway queries' answers | {sorted(runaway_statuses)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
