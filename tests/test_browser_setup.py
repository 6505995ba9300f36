"""Without Chromium, the browser tests skip and say how to install it, except in CI, where they fail."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import REPO


@pytest.mark.parametrize("in_ci", [False, True])
def test_without_chromium_the_tests_say_how_to_install_it_and_fail_in_ci(in_ci: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["TALKNOTES_CHROMIUM"] = "/nonexistent/chromium"
    if in_ci:
        env["CI"] = "true"
    test = "tests/test_browser.py::test_a_reader_browses_by_clicks"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", test, "-rs"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "apt-get install chromium chromium-driver" in done.stdout
    if in_ci:
        assert done.returncode != 0 and "1 error" in done.stdout, done.stdout[-2000:]
    else:
        assert done.returncode == 0 and "1 skipped" in done.stdout, done.stdout[-2000:]
