"""Sources Sphinx would not read: pages that are not UTF-8, and files in the events folder it skips.

A page that is not valid UTF-8 is left out of the build with a warning at the line of its first
bad byte.
Sphinx reads every source as UTF-8 and stops the whole build with a traceback at the first byte
it cannot decode. The extension checks each page before Sphinx reads it; a page that is not
UTF-8 is reported and left out of this build (as if it did not exist yet), so the rest of the
site builds. It is checked again at the next build, until it is saved as UTF-8.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .internals import leave_out
from .warnings_ import Subtype, warn
from .yamltext import decode

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def page_text(data: bytes, docname: str) -> str | None:
    """A page's text, or None (with a warning) when it is not UTF-8: the build and ``make check`` leave it out."""
    text, problem = decode(data, "this page")
    if problem is None:
        return text
    message = problem[0].replace("it is shown as \ufffd", "the page is left out of the site until then")
    warn(Subtype.ENCODING, message, (docname, problem[1]))
    return None


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Take every page that is not valid UTF-8 out of the documents to read, with a warning."""
    unreadable = []
    for docname in docnames:
        try:
            data = Path(env.doc2path(docname)).read_bytes()
        except OSError:
            continue
        if page_text(data, docname) is None:
            unreadable.append(docname)
    for docname in unreadable:
        # Not found, not written: no toctree lists it and no writer asks for its doctree.
        leave_out(app, env, docname, docnames)


# Files that look like notes but that Sphinx skips for their suffix.
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".rst")


def unread_files(srcdir: Path, events_dir: str, suffixes: tuple[str, ...]) -> list[str]:
    """The files below the events folder that look like notes but that Sphinx does not read, relative."""
    found = []
    # os.walk on strings: this runs on every build, over every note.
    for folder, subfolders, files in os.walk(os.path.join(srcdir, events_dir)):  # noqa: PTH118
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(TEXT_SUFFIXES) and not name.endswith(suffixes):
                found.append(os.path.relpath(os.path.join(folder, name), srcdir).replace(os.sep, "/"))  # noqa: PTH118
    return sorted(found)


def warn_unread_files(srcdir: Path, events_dir: str, suffixes: tuple[str, ...]) -> None:
    """Warn about each file of the events folder that Sphinx will not read."""
    for relative in unread_files(srcdir, events_dir, suffixes):
        warn(
            Subtype.UNREAD_FILE,
            f"{relative} is not read: only files ending in {', '.join(suffixes)} are pages; rename it",
            f"{srcdir / relative}:1",
        )
