"""The wheel: built from a copy of the source tree, installed without -e into a
fresh virtual environment, it builds a graph of a folder outside the checkout.

Slow (a wheel build and a pipeline load): ``pytest -m slow`` runs it alone,
the quick loop ``pytest -m "not browser and not slow"`` leaves it out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from aigraph.vocab import AIG

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "data" / "golden" / "summit.txt"


def run(*args, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a clean copy of what the package is made of (a
    checkout's stale build/ folder cannot leak into it)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    for name in ("src", "ontology", "queries"):
        shutil.copytree(ROOT / name, tree / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, tree, cwd=tree)
    (found,) = dist.glob("aigraph-*.whl")
    return found


def test_the_wheel_ships_every_ontology_and_query_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, packaged in (("ontology", "ontology_data"), ("queries", "queries_data")):
        files = [p for p in (ROOT / folder).rglob("*") if p.is_file()]
        assert files
        for path in files:
            assert f"aigraph/{packaged}/{path.relative_to(ROOT / folder).as_posix()}" in names
    assert "aigraph/py.typed" in names


def test_installed_wheel_builds_a_graph_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel, cwd=tmp_path)
    # Dependencies come from the test environment's site-packages, added as a
    # plain path (its .pth files, among them the editable install's, are not run).
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                       cwd=tmp_path).strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")

    env = {k: v for k, v in os.environ.items()
           if k not in ("AIGRAPH_ONTOLOGY", "AIGRAPH_QUERIES", "PYTHONPATH")}
    where = run(python, "-c", "import aigraph; print(aigraph.__file__)", cwd=tmp_path, env=env)
    assert Path(where.strip()).is_relative_to(venv)

    sources = tmp_path / "news"
    sources.mkdir()
    shutil.copy2(ARTICLE, sources / "summit.txt")
    run(venv / "bin" / "aigraph", "build", "news", "-o", "out", "-q", cwd=tmp_path, env=env)
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    entities = {s for cls in (AIG.Country, AIG.Person, AIG.Agreement)
                for s in graph.subjects(RDF.type, cls)}
    assert len(entities) >= 3
    saved = run(venv / "bin" / "aigraph", "query", "--list", cwd=tmp_path, env=env)
    assert "risks-both-concerned" in saved
