"""The Pagefind binary a build indexes with: npm's, pinned in package-lock.json, else PyPI's; chosen once."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.settings import settings
from ..base.warnings_ import Subtype, warn
from ..sphinx.build import build_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# Node.js's names of the platforms and processors that Pagefind's npm packages are made for
# (``@pagefind/<platform>-<cpu>``, as pagefind's own resolveBinary.js finds them).
NODE_PLATFORMS = {"linux": "linux", "darwin": "darwin", "windows": "windows", "freebsd": "freebsd"}
NODE_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def npm_pagefind(node_modules: Path) -> Path | None:
    """The binary of the npm package ``pagefind`` for this machine, when ``npm ci`` installed it."""
    system = NODE_PLATFORMS.get(platform.system().lower())
    cpu = NODE_CPUS.get(platform.machine().lower())
    if system is None or cpu is None:
        return None
    folder = node_modules / "@pagefind" / f"{system}-{cpu}" / "bin"
    suffix = ".exe" if system == "windows" else ""
    for name in ("pagefind_extended", "pagefind"):
        if (folder / f"{name}{suffix}").is_file():
            return folder / f"{name}{suffix}"
    return None


def pagefind_binary(node_modules: Path | None = None) -> Path | None:
    """The Pagefind binary to index with: ``PAGEFIND_BINARY_PATH`` when set (Pagefind's own override), else
    npm's in ``node_modules``, else PyPI's (``pagefind-bin``); None when there is none."""
    if node_modules is not None and "PAGEFIND_BINARY_PATH" not in os.environ:
        found = npm_pagefind(node_modules)
        if found is not None:
            return found
    from pagefind.service import get_executable

    found = get_executable()
    return found if found is not None and found.is_file() else None


def on_builder_inited(app: Sphinx) -> None:
    """Let the explore page take the place of Sphinx's search page, when Pagefind is there to index the site.

    Only html and dirhtml: singlehtml and epub have no search page."""
    if not settings(app.config).explore or app.builder.name not in ("html", "dirhtml"):
        return
    binary = pagefind_binary(Path(app.confdir) / settings(app.config).node_modules)
    if binary is None:
        warn(
            Subtype.EXPLORE,
            "Pagefind is not installed, so the site keeps Sphinx's own search and has no explore page: "
            "install it (npm ci, or pip install -r requirements.txt), or set talknotes_explore = ''",
        )
        return
    build_of(app.env).explore.binary = binary
    app.builder.search = False  # type: ignore[attr-defined]
