"""Shared paths and fixtures.

Markers (registered in pyproject.toml): ``browser`` for tests that drive
Chromium, ``slow`` for the wheel test and long builds. The quick loop is
``pytest -m "not browser and not slow"``; ``make test`` runs everything.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
GOLD = ROOT / "tests" / "gold"
DATA = ROOT / "tests" / "data"
GOLDEN_ARTICLE = DATA / "golden" / "summit.txt"


@contextlib.contextmanager
def patterns_only():
    """Build with the hand-written patterns alone (no relation model): outputs
    that tests pin exactly then do not change each time the model is retrained."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AIGRAPH_RELATION_MODEL", "none")
        yield


def has_chromium() -> bool:
    """Debian's Chromium and ChromeDriver, which the browser tests drive."""
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def golden_build(tmp_path_factory) -> Path:
    """An exports folder built once from the golden article (tests/data/golden/summit.txt),
    with graph.ttl, store/ and cache/ as ``aigraph build`` writes them. Read only."""
    import aigraph

    out = tmp_path_factory.mktemp("golden-build")
    aigraph.build([GOLDEN_ARTICLE], out=out)
    return out


@pytest.fixture(scope="session")
def samples_build(tmp_path_factory) -> Path:
    """An exports folder built once from the five samples in sources/ (the
    pipeline end to end: a few seconds). Read only; copy it to change it."""
    import aigraph

    out = tmp_path_factory.mktemp("samples-build")
    aigraph.build([SOURCES], out=out)
    return out


def open_when(driver, path, flag: str, what: str, timeout: float = 60) -> None:
    """Open a page in the browser and wait until ``window.aigraph.<flag>`` is set;
    the timeout guards against hanging, it is not a timing assertion."""
    import time

    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(f"return !!(window.aigraph && window.aigraph.{flag})"):
            return
        time.sleep(0.05)
    raise AssertionError(f"page never {what}: {driver.get_log('browser')}")


#: The formats the update tests export, and the files they compare with a full build's.
UPDATE_FORMATS = ("ttl", "nt", "nq")
UPDATE_EXPORTS = ("graph.ttl", "graph.nt", "graph.nq")


def write_articles(folder: Path, articles: dict[str, str]) -> list[Path]:
    """The articles as files in ``folder`` (name -> text), their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in articles]
