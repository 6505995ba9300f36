"""The fixtures of the talknotes tests: session-wide builds shared between modules, and the browser's."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from helpers import HOSTING, REPO, REPO_SKIP, ROOTS, Build, copy_root, grown_site, sphinx_build, tree_digest

pytest_plugins = ("sphinx.testing.fixtures", "browser")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing's ``make_app`` finds ``tests/roots/test-<name>``."""
    return ROOTS


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once from the repository with the options and the hosting of Read the Docs."""
    before = tree_digest(REPO, REPO_SKIP)
    out = tmp_path_factory.mktemp("real") / "html"
    build = sphinx_build(REPO, out, "-n", "-W", "--keep-going", "-E", environment=HOSTING)
    build.source_unchanged = tree_digest(REPO, REPO_SKIP) == before  # type: ignore[attr-defined]
    return build


@pytest.fixture(scope="session")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site grown by 1,000 generated notes: 125 events over three years."""
    return grown_site(tmp_path_factory.mktemp("grown"), 1000)


@pytest.fixture(scope="session")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A generated site (bench/generate.py, the default theme) of 500 notes by 2,000 people, four to a note, each
    speaking once: more people than one overview page lists."""
    base = tmp_path_factory.mktemp("crowded")
    command = [sys.executable, str(REPO / "bench/generate.py"), str(base / "site"), "--notes", "500"]
    command += ["--speakers", "2000", "--speakers-per-note", "4", "--topics", "12"]
    subprocess.run(command, check=True, capture_output=True)
    build = sphinx_build(base / "site", base / "html", "-n")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The ``basic`` test site, built once with html."""
    base = tmp_path_factory.mktemp("basic")
    src = copy_root("basic", base)
    return sphinx_build(src, base / "html", "-n", "--keep-going")


BROWSER_TEST_MODULES = ("tests/test_browser.py", "tests/test_explore_browser.py", "tests/test_previews.py")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many browser tests ran, so a CI log shows they were not all skipped."""
    outcomes: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "nodeid", "").startswith(BROWSER_TEST_MODULES):
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    if outcomes:
        ran = outcomes.get("passed", 0) + outcomes.get("failed", 0)
        details = ", ".join(f"{count} {outcome}" for outcome, count in outcomes.items())
        terminalreporter.write_line(f"Browser tests in Chromium: {ran} ran ({details})")


# Session-wide sites of hundreds of generated notes: building each takes tens of seconds.
LARGE_SITES = frozenset({"grown", "crowded"})
# The modules that use them, which make test runs on one worker, first, so that each is built once, early.
LARGE_SITE_MODULES = ("test_explore_browser", "test_navigation", "test_overviews")
LARGE_SITE_GROUP = "large-sites"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark what is slow, and put the modules in the order the workers take them: those of the large sites first.

    A test is ``slow`` when it needs a large generated site or Chromium; ``make test-fast`` leaves those
    out. A module that uses a large site and is not in ``LARGE_SITE_MODULES`` stops the run: on another worker
    it would build that site a second time."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if LARGE_SITES & fixtures or "browser" in fixtures:
            item.add_marker(pytest.mark.slow)
        if LARGE_SITES & fixtures and item.module.__name__ not in LARGE_SITE_MODULES:
            raise pytest.UsageError(f"{item.nodeid} uses a large site: add its module to LARGE_SITE_MODULES")
    # The order the workers take the modules in: the large sites' first, the longest of all, then the rest by
    # their number of tests, as pytest-xdist would order them. Stable: each module's tests keep their order.
    counts = Counter(item.module.__name__ for item in items)
    items.sort(key=lambda item: (item.module.__name__ not in LARGE_SITE_MODULES, -counts[item.module.__name__]))


@pytest.hookimpl(optionalhook=True)  # pytest -p no:xdist has no such hook
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``make test`` on three workers: each module's tests on one worker, so that its module-scoped sites are built
    once, and the modules of the large sites together, so that each of those is built once in the run. The
    workers take the modules in the order of the collection (``pytest_collection_modifyitems``), not
    pytest-xdist's own by number of tests, which put the large sites fourth.

    pytest-xdist's own ``--dist loadgroup`` would do this from markers, but with pytest 9.2 it no longer
    can (it renames tests through an attribute pytest stopped reading); its scope scheduler, given the scope
    of each test, can."""
    from xdist.scheduler import LoadScopeScheduling

    class ByModuleLargeSitesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return LARGE_SITE_GROUP if Path(module).stem in LARGE_SITE_MODULES else module

    config.option.loadscopereorder = False
    return ByModuleLargeSitesTogether(config, log)
