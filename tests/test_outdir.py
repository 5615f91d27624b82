"""The output folder after faults: a build killed at each stage (a real
``kill -9`` of a subprocess, at a named checkpoint), then the next command
finds graph.ttl and a store of the same build; one build at a time."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from aigraph.errors import OutputLockedError
from aigraph.faults import ENV_VAR
from aigraph.outdir import LOCK_NAME, graph_digest, output_lock, recover, store_stamp
from aigraph.store import is_store, open_store

#: Made-up articles (invented countries, people and organisations).
FIRST = {
    "pact.txt": "Estravia and Vesteria sign pact on machine learning safety\n\n"
                "The governments of Estravia and Vesteria signed the Harbor Accord on Tuesday, "
                "committing both countries to share evaluations of advanced AI models. "
                "Minister Tova Brennholt said the accord addresses the risk of "
                "disinformation.\n",
    "lab.txt": "Quillon Labs joins testing network\n\n"
               "Quillon Labs, a research company based in France, announced it will join the "
               "International Network of AI Testing Bodies. Its chief executive, Marek Oduya, "
               "warned about cyber attacks enabled by AI systems.\n",
}
SECOND = {
    "summit.txt": "Ostmark hosts talks on autonomous weapons\n\n"
                  "Delegates from Ostmark, Brazil and Kenya met in Kessing on Friday to discuss "
                  "limits on autonomous weapons. Ambassador Ilse Varga of Ostmark proposed a "
                  "register of military AI systems.\n",
}
STAGES = ("exports-written", "store-written", "store-moved-away", "store-swapped")


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def aigraph(*args, cwd: Path, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    if fault:
        env[ENV_VAR] = fault
    return subprocess.run([sys.executable, "-c", "from aigraph.cli import cli; cli()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def store_triples(store_dir: Path) -> set:
    return {quad.triple for quad in open_store(store_dir)}


def file_triples(path: Path) -> set:
    return {quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def assert_consistent(out: Path) -> None:
    assert is_store(out / "store")
    assert store_triples(out / "store") == file_triples(out / "graph.ttl")
    assert store_stamp(out / "store") == graph_digest(out / "graph.ttl")
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A finished build of FIRST in base/out, and the SECOND sources (FIRST + SECOND)."""
    base = tmp_path_factory.mktemp("faults")
    first = write_articles(base / "first", FIRST)
    both = write_articles(base / "both", {**FIRST, **SECOND})
    done = aigraph("build", str(first), "-o", str(base / "out"), "-q", cwd=base)
    assert done.returncode == 0, done.stderr
    assert_consistent(base / "out")
    return base, both


@pytest.mark.parametrize("stage", STAGES)
def test_a_build_killed_at_any_stage_leaves_a_consistent_pair(built, tmp_path, stage):
    base, both = built
    out = Path(shutil.copytree(base / "out", tmp_path / "out"))
    before = file_triples(out / "graph.ttl")
    killed = aigraph("build", str(both), "-o", str(out), "-q", cwd=tmp_path, fault=stage)
    assert killed.returncode == -9, killed.stderr
    assert (out / LOCK_NAME).is_file()                  # the killed build's lock is left
    # the next command (a query) repairs the folder before reading it
    query = aigraph("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv",
                    "--store", str(out / "store"), cwd=tmp_path)
    assert query.returncode == 0, query.stderr
    assert_consistent(out)
    after = file_triples(out / "graph.ttl")
    assert after != before                              # graph.ttl is the new build's ...
    assert query.stdout == f"n\n{len(after)}\n"     # ... and so is the store
    # and the next build takes over the dead build's lock
    again = aigraph("build", str(both), "-o", str(out), "-q", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert_consistent(out)
    assert file_triples(out / "graph.ttl") == after


def test_a_second_build_into_a_locked_folder_is_refused(built, tmp_path):
    base, both = built
    out = Path(shutil.copytree(base / "out", tmp_path / "out"))
    with output_lock(out):         # this test process is the live first build
        second = aigraph("build", str(both), "-o", str(out), "-q", cwd=tmp_path)
    assert second.returncode == 1
    assert second.stdout == "" and second.stderr == (
        f"Error: another aigraph build (pid {os.getpid()}) is writing into {out}; wait for it "
        f"to finish (a lock left by a build that no longer runs is taken over: "
        f"{out / LOCK_NAME})\n")
    assert not (out / LOCK_NAME).exists()      # released by its holder only
    assert file_triples(out / "graph.ttl") == file_triples(base / "out" / "graph.ttl")


def test_recover_puts_back_a_store_moved_away(built, tmp_path):
    base, _ = built
    out = Path(shutil.copytree(base / "out", tmp_path / "out"))
    (out / "store").rename(out / ".store.old-x1")
    shutil.copytree(out / ".store.old-x1", out / ".store.new-x2")
    (out / ".store.new-x2" / "aigraph-graph.sha256").unlink()     # an unfinished new store
    (out / ".graph.ttl.abc.tmp").write_bytes(b"@prefix")          # killed atomic writes
    (out / "cache" / "docs" / ".k.doc.x.tmp").write_bytes(b"\0")
    assert recover(out) == ["put .store.old-x1 back as store", "removed .store.new-x2",
                            "removed .graph.ttl.abc.tmp", "removed cache/docs/.k.doc.x.tmp"]
    assert_consistent(out)


def test_a_store_older_than_graph_ttl_is_rebuilt(built, tmp_path):
    base, both = built
    out = Path(shutil.copytree(base / "out", tmp_path / "out"))
    newer = file_triples(out / "graph.ttl") | {ox.Triple(ox.NamedNode("urn:x:a"),
                                                         ox.NamedNode("urn:x:b"),
                                                         ox.Literal("c"))}
    ox.serialize(sorted(newer, key=str), output=str(out / "graph.ttl"),
                 format=ox.RdfFormat.TURTLE)
    assert recover(out) == ["rebuilt store from graph.ttl"]
    assert_consistent(out)


def test_no_export_of_an_older_build_is_left_beside_a_newer_one(built, tmp_path):
    base, both = built
    out = tmp_path / "out"
    with_nq = aigraph("build", str(both), "-o", str(out), "-q", "-f", "nq", cwd=tmp_path)
    assert with_nq.returncode == 0 and (out / "graph.nq").is_file() and is_store(out / "store")
    plain = aigraph("build", str(both), "-o", str(out), "-q", "--no-store", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert sorted(p.name for p in out.iterdir()) == ["cache", "graph.ttl"]
    assert plain.stderr == (f"Warning: {out / 'graph.nq'}: removed: an export of an earlier "
                            "build that this build did not write (add -f nq to keep writing "
                            "it)\n")


def test_a_plain_build_after_an_update_warns_that_it_drops_articles(built, tmp_path):
    base, both = built
    out = Path(shutil.copytree(base / "out", tmp_path / "out"))
    extra = write_articles(tmp_path / "extra", SECOND)
    update = aigraph("build", "--update", str(extra / "summit.txt"), "-o", str(out), "-q",
                     cwd=tmp_path)
    assert update.returncode == 0 and update.stderr == "", update.stderr
    plain = aigraph("build", str(base / "first"), "-o", str(out), "-q", cwd=tmp_path)
    assert plain.returncode == 0
    assert plain.stderr == (f"Warning: {out}: the previous build here also read 1 file(s) not "
                            "in these sources (summit.txt); their articles are no longer in the "
                            "graph (use --update to add sources to the previous build "
                            "instead)\n")


def unshared(mount_options: str, out: Path, sources: Path) -> tuple[int, str, list[str]]:
    """Build into ``out`` mounted as a tmpfs with ``mount_options`` (``ro``,
    ``size=...``) in a private user and mount namespace, so a real read-only
    or full file system, without root. Returns (exit code, stderr, the files
    left in ``out``, listed before the namespace goes away)."""
    if shutil.which("unshare") is None:
        pytest.skip("needs util-linux's unshare for a private read-only or full tmpfs")
    script = ('mount -t tmpfs -o "$0" tmpfs "$1" || exit 99; '
              '"$2" -c "from aigraph.cli import cli; cli()" build "$3" -o "$1" -q; code=$?; '
              'cd "$1" && find . -mindepth 1 | sort; exit $code')
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, mount_options, str(out),
                           sys.executable, str(sources)],
                          env=env, capture_output=True, text=True, timeout=600)
    if done.returncode == 99:
        pytest.skip(f"cannot mount a tmpfs in a user namespace here: {done.stderr.strip()}")
    return done.returncode, done.stderr, done.stdout.split()


@pytest.mark.parametrize("mount_options, message", [
    ("ro", r"Error: cannot write into {out}: Read-only file system \(a read-only folder\? "
           r"choose another with -o\)\n"),
    # the first file that does not fit: a parse in the cache (written while parsing)
    ("size=4k", r"Error: cannot write {out}/cache/docs/\w+\.doc: No space left on device\n"),
    ("size=200k", r"Error: cannot write the store {out}/store: No space left on device\n"),
])
def test_a_read_only_or_full_output_folder_is_one_error_line(built, tmp_path, mount_options,
                                                              message):
    base, both = built
    out = tmp_path / "out"
    out.mkdir()
    code, stderr, left = unshared(mount_options, out, both)
    assert code == 1 and re.fullmatch(message.format(out=re.escape(str(out))), stderr), stderr
    # nothing half-written: no temporary files, no unfinished store, no lock
    assert [name for name in left if "tmp" in name or "/." in name] == []
    # the listing is real: the articles' claims fit in 200k, then the store (the
    # graph is built straight into it, before the exports) does not
    assert ("./cache/claims" in left) == (mount_options == "size=200k")
    assert "./graph.ttl" not in left


def test_the_lock_is_not_reentrant_and_a_dead_holder_is_replaced(tmp_path):
    out = tmp_path / "out"
    with output_lock(out) as lock:
        assert lock.read_text() == f"{os.getpid()}\n"
        with pytest.raises(OutputLockedError, match=f"pid {os.getpid()}"):
            with output_lock(out):
                pass
        assert lock.is_file()                       # the refused attempt left it alone
    assert not lock.exists()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (out / LOCK_NAME).write_text(f"{dead.pid}\n")
    with output_lock(out) as lock:                  # a dead build's lock is taken over
        assert lock.read_text() == f"{os.getpid()}\n"
