"""talknotes: turns the front matter of recaps and notes into a linked knowledge base of events, topics and speakers.

``setup()`` registers the domain, roles, directives and the placeholder node, then connects every event
handler from the phase table (``phases.py``), which says in what order they run and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import phases
from .base import settings
from .base.placeholders import skip_placeholder, talknotes_placeholder
from .handlers.writing import visit_placeholder_html
from .sphinx import gc_tuning
from .sphinx.directives import (
    EventIndexDirective,
    NotesDirective,
    SeriesIndexDirective,
    SpeakerIndexDirective,
    TopicIndexDirective,
)
from .sphinx.domain import TalknotesDomain, TalknotesXRefRole

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_design")
    settings.register(app)
    gc_tuning.install_hooks()

    app.add_domain(TalknotesDomain)
    for reftype in ("event", "topic", "speaker"):
        app.add_role(reftype, TalknotesXRefRole(reftype))
    app.add_directive("notes", NotesDirective)
    app.add_directive("event-index", EventIndexDirective)
    app.add_directive("topic-index", TopicIndexDirective)
    app.add_directive("speaker-index", SpeakerIndexDirective)
    app.add_directive("series-index", SeriesIndexDirective)
    app.add_node(
        talknotes_placeholder,
        html=(visit_placeholder_html, None),
        **{fmt: (skip_placeholder, None) for fmt in ("latex", "text", "man", "texinfo", "xml")},
    )
    phases.connect(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
