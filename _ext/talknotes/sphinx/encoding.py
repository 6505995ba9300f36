"""Sources Sphinx would not read safely: pages that are not files, too large, not UTF-8, or skipped.

Sphinx reads every source whole, as UTF-8, and stops the whole build with a traceback at the first
byte it cannot decode. A link to ``/dev/zero`` would fill the memory, a named pipe would wait for
ever, and a link to a file outside the site would publish that file. The extension looks at each
page before Sphinx reads it: one that is not a regular file inside the source folder, is larger
than ``MAX_PAGE_BYTES`` or is not UTF-8 is reported (at the line of its first bad byte, for the
encoding) and left out of this build, as if it did not exist yet, so the rest of the site builds.
It is looked at again at the next build, until it is fixed. ``make check`` uses the same rule.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.files import page_bytes
from ..base.warnings_ import Subtype, warn
from ..base.yamltext import decode
from .internals import leave_out

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


def read_page(path: str | os.PathLike[str], srcdir: str | os.PathLike[str], docname: str) -> str | None:
    """A page's text, or None (with a warning) when it is not safe to read or not UTF-8: the build and
    ``make check`` leave it out."""
    data = page_bytes(path, srcdir)
    if isinstance(data, str):
        warn(Subtype.UNREAD_FILE, f"this page {data}", (docname, 1))
        return None
    return page_text(data, docname)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Take every page that cannot be read safely or is not valid UTF-8 out of the documents to read."""
    unreadable = [docname for docname in docnames if read_page(env.doc2path(docname), env.srcdir, docname) is None]
    for docname in unreadable:
        # Not found, not written: no toctree lists it and no writer asks for its doctree.
        leave_out(app, env, docname, docnames)


# Files that look like notes but that Sphinx skips for their suffix.
TEXT_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt", ".rst")


def unread_files(srcdir: Path, events_dir: str, suffixes: tuple[str, ...]) -> tuple[list[str], list[tuple[str, str]]]:
    """The files below the events folder that look like notes but that Sphinx does not read, relative; and
    the pairs of pages whose names differ only in how an accent is encoded (NFC, NFD), which Sphinx reads as
    one document (keeping one file) and macOS and Windows hold as one file."""
    found, colliding = [], []
    # os.walk on strings: this runs on every build, over every note.
    for folder, subfolders, files in os.walk(os.path.join(srcdir, events_dir)):  # noqa: PTH118
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        relative = os.path.relpath(folder, srcdir).replace(os.sep, "/")
        pages: dict[str, str] = {}
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(TEXT_SUFFIXES) and not name.endswith(suffixes):
                found.append(f"{relative}/{name}")
            elif name.endswith(suffixes):
                same = pages.setdefault(unicodedata.normalize("NFC", name), name)
                if same != name:
                    colliding.append((f"{relative}/{name}", f"{relative}/{same}"))
    return sorted(found), colliding


def warn_unread_files(srcdir: Path, events_dir: str, suffixes: tuple[str, ...]) -> None:
    """Warn about each file of the events folder that Sphinx will not read, or reads as another's."""
    unread, colliding = unread_files(srcdir, events_dir, suffixes)
    for relative in unread:
        warn(
            Subtype.UNREAD_FILE,
            f"{relative} is not read: only files ending in {', '.join(suffixes)} are pages; rename it",
            f"{srcdir / relative}:1",
        )
    for relative, other in colliding:
        warn(
            Subtype.DUPLICATE_ID,
            f"{relative} and {other} differ only in how an accent is encoded (NFC or NFD): Sphinx reads one "
            "of them, and macOS and Windows hold them as one file; rename or merge them",
            f"{srcdir / relative}:1",
        )
