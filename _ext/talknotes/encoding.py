"""Pages that are not valid UTF-8: left out of the build with a warning at the line of the first bad byte.

Sphinx reads every source as UTF-8 and stops the whole build with a traceback at the first byte
it cannot decode. The extension checks each page before Sphinx reads it; a page that is not
UTF-8 is reported and left out of this build (as if it did not exist yet), so the rest of the
site builds. It is checked again at the next build, until it is saved as UTF-8.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
        docnames.remove(docname)
        if docname in env.all_docs:  # read before, when it was still UTF-8
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
        # Not found, not written: no toctree lists it and no writer asks for its doctree.
        env.project.docnames.discard(docname)
