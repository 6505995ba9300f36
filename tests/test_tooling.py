"""The contributor tooling works offline: pre-commit's hooks and the configuration files' schemas."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import REPO, copy_real_site

BIN = REPO / ".venv" / "bin"


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, check=False)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh git repository of the project's files, using the project's virtual environment."""
    src = copy_real_site(tmp_path / "clone")
    (src / ".venv").symlink_to(REPO / ".venv")  # left out of git by .gitignore, as a real .venv is
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        assert run(command, src).returncode == 0
    assert ".venv" not in run(["git", "ls-files"], src).stdout.split()
    return src


def test_every_pre_commit_hook_is_local() -> None:
    """No hook repository to fetch: pre-commit needs no network."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    for hook in config["repos"][0]["hooks"]:
        assert hook["language"] == "system", hook["id"]
        assert ".venv/bin/" in hook["entry"], hook["id"]  # the pinned tools of requirements.txt


def test_pre_commit_passes_on_a_fresh_clone_offline(clone: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    done = run([str(BIN / "pre-commit"), "run", "--all-files"], clone, PRE_COMMIT_HOME=str(home))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Failed" not in done.stdout and done.stdout.count("Passed") >= 10, done.stdout
    # pre-commit cloned and installed nothing: its store holds no hook repository.
    assert not [p for p in home.glob("repo*") if p.is_dir()]


def test_pre_commit_stops_a_commit_with_a_content_mistake(clone: Path, tmp_path: Path) -> None:
    note = next((clone / "recaps").glob("*/kubernetes-and-openstack.md"))
    note.write_text(note.read_text(encoding="utf-8").replace("topics:", "topics: [nosuchtopic]\nx-topics:", 1))
    done = run([str(BIN / "pre-commit"), "run", "--all-files"], clone, PRE_COMMIT_HOME=str(tmp_path / "home"))
    assert done.returncode == 1
    assert "unknown topic 'nosuchtopic'" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("path", "change", "fragment"),
    [
        (".readthedocs.yaml", ("version: 2", "version: 3"), ".readthedocs.yaml"),
        (".github/workflows/pull-request.yml", ("runs-on:", "runs_on:"), "pull-request.yml"),
        (".pre-commit-config.yaml", ("language: system", "language: no-such-language"), "language"),
    ],
)
def test_make_check_config_rejects_a_broken_configuration(
    clone: Path, path: str, change: tuple[str, str], fragment: str
) -> None:
    assert run(["make", "-s", "check-config"], clone).returncode == 0
    target = clone / path
    text = target.read_text(encoding="utf-8")
    assert change[0] in text
    target.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    done = run(["make", "-s", "check-config"], clone)
    assert done.returncode != 0
    assert fragment in done.stdout + done.stderr
