"""``make livehtml`` on a copy of the real site: a saved note shows after one rebuild; the preview never loops."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO, copy_real_site, tree_digest

EVENT = "recaps/openstack-day-canada-2016"
NEW_NOTE = """---
kind: talk
topics: [kubernetes]
summary: Written while the live preview runs.
---

# Saved during the live preview

A note added while `make livehtml` is running.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while it cannot be read whole.

    Sphinx rewrites a page in place, so a request that lands mid-rebuild can be
    told one length and then find the file truncated (``IncompleteRead``): that
    is "not yet", like a refused connection, not a failure of the preview.
    """
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return None


def wait_until(condition: object, timeout: float, what: str) -> float:
    """Poll ``condition`` until it is true; the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():  # type: ignore[operator]
            return time.monotonic() - start
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """The real site, copied without its git history and build output; npm packages shared by a link."""
    src = copy_real_site(tmp_path / "site")
    if (REPO / "node_modules").is_dir():
        (src / "node_modules").symlink_to(REPO / "node_modules")
    return src


def test_live_preview_shows_a_saved_note_after_one_rebuild_and_never_loops(site_copy: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    output: list[str] = []
    command = ["make", "livehtml", f"VENV={REPO / '.venv'}", f"LIVE_PORT={port}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("READTHEDOCS", "TALKNOTES_"))}
    process = subprocess.Popen(
        command,
        cwd=site_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so the whole process group can be stopped
    )
    reader = threading.Thread(target=lambda: output.extend(process.stdout or ()), daemon=True)
    reader.start()

    def builds() -> int:
        # sphinx-autobuild says where it serves after every build; the build itself is quiet.
        return sum("Serving on http" in line for line in list(output))

    try:
        wait_until(lambda: builds() >= 1 and fetch(f"{base}/{EVENT}/index.html"), 240, "the first build")
        # The preview serves the site and nothing else: its doctrees and records are outside what it serves.
        assert (site_copy / "_build/livehtml.doctrees/environment.pickle").is_file()
        assert not (site_copy / "_build/livehtml/.doctrees").exists()
        assert fetch(f"{base}/.doctrees/environment.pickle") is None
        hidden = {p.name for p in (site_copy / "_build/livehtml").iterdir() if p.name.startswith(".")}
        # The preview's explore index is in shards (a save re-indexes its own), in a folder of its own.
        shards = {p.name for p in (site_copy / "_build/livehtml/pagefind").iterdir()}
        assert "2016" in shards and "other-0" in shards and "notes" not in shards
        assert hidden <= {".buildinfo", ".buildinfo.bak"}  # Sphinx's own, nothing of ours
        before = tree_digest(site_copy, ("_build", "node_modules"))
        (site_copy / EVENT / "live-note.md").write_text(NEW_NOTE, encoding="utf-8")
        seconds = wait_until(
            lambda: (
                "Saved during the live preview" in (fetch(f"{base}/{EVENT}/index.html") or "")
                and "Saved during the live preview" in (fetch(f"{base}/topics/kubernetes.html") or "")
            ),
            120,
            "the new note on the event and topic pages",
        )
        assert fetch(f"{base}/{EVENT}/live-note.html") is not None
        # One save, one rebuild (its last line may reach us after the pages); then nothing, since the
        # build writes nothing the preview watches.
        wait_until(lambda: builds() >= 2, 30, "the rebuild to finish")
        time.sleep(8)
        assert builds() == 2, "".join(output)[-3000:]
        after = tree_digest(site_copy, ("_build", "node_modules"))
        assert set(after) - set(before) == {f"{EVENT}/live-note.md"}
        assert {k: v for k, v in after.items() if k in before} == before
        # A deleted note's page goes with it, as in a clean build.
        (site_copy / EVENT / "live-note.md").unlink()
        wait_until(lambda: builds() >= 3, 120, "the rebuild after the deletion")
        assert fetch(f"{base}/{EVENT}/live-note.html") is None
        assert "Saved during the live preview" not in (fetch(f"{base}/{EVENT}/index.html") or "")
        print(f"live preview: the new note was on its pages {seconds:.1f} s after saving")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
