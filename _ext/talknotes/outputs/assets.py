"""Serve Mermaid from the site itself, from the npm package ``npm ci`` installed: readers load nothing third-party."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..base.settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

# Mermaid's ES module build: one entry module that imports its chunks by relative paths.
MERMAID_DIST = Path("mermaid") / "dist"
MERMAID_ENTRY = "mermaid.esm.min.mjs"
MERMAID_CHUNKS = Path("chunks") / "mermaid.esm.min"
# Where the files go in the output, below ``_static/``.
SERVED_FOLDER = "talknotes-vendor/mermaid"
SERVED_ENTRY = f"{SERVED_FOLDER}/{MERMAID_ENTRY}"


def mermaid_dist(app: Sphinx) -> Path:
    return Path(app.confdir) / settings(app.config).node_modules / MERMAID_DIST


def locked_mermaid_version(confdir: Path) -> str | None:
    """The Mermaid version in ``package-lock.json``, so the CDN fallback draws the same diagrams."""
    try:
        lock = json.loads((confdir / "package-lock.json").read_text(encoding="utf-8"))
        version = lock["packages"]["node_modules/mermaid"]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) else None


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Point sphinxcontrib-mermaid at the local copy, or say once that diagrams come from the CDN."""
    if "sphinxcontrib.mermaid" not in app.extensions or config.mermaid_use_local:
        return  # no diagrams, or the site chose its own Mermaid
    if (mermaid_dist(app) / MERMAID_ENTRY).is_file():
        config.mermaid_use_local = SERVED_ENTRY
        return
    version = locked_mermaid_version(Path(app.confdir))
    if version:
        config.mermaid_version = version
    # Not a warning: a laptop without npm still builds under -W; CI and Read the Docs install it.
    logger.info(
        "talknotes: Mermaid is not installed in %s/ (run `npm ci`); diagrams will load from the jsDelivr CDN",
        settings(config).node_modules,
    )


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Copy Mermaid's entry module and its chunks (not the source maps) into ``_static/``; not into an
    e-book, which runs no modules and whose manifest has no type for them."""
    from sphinx.builders.epub3 import Epub3Builder

    if exception is not None or app.builder.format != "html" or isinstance(app.builder, Epub3Builder):
        return
    if getattr(app.config, "mermaid_use_local", "") != SERVED_ENTRY:
        return
    source = mermaid_dist(app)
    target = Path(app.builder.outdir) / "_static" / SERVED_FOLDER
    files = [source / MERMAID_ENTRY, *sorted((source / MERMAID_CHUNKS).glob("*.mjs"))]
    for path in files:
        destination = target / path.relative_to(source)
        stat = path.stat()
        if destination.is_file() and (destination.stat().st_size, destination.stat().st_mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            continue  # copied by an earlier build (copy2 keeps the time)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)


def serve_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: serve the extension's stylesheet (``static/talknotes.css``) with the site."""
    app.config.html_static_path.append(str(Path(__file__).parents[1] / "static"))
    app.add_css_file("talknotes.css")
