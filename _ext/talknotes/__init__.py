"""talknotes: turns the front matter of recaps and notes into a linked knowledge base of events, topics and speakers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .base import settings
from .base.placeholders import skip_placeholder, talknotes_placeholder
from .handlers import (
    add_event_notes_section,
    exact_reference_lines,
    leave_only_title,
    on_build_finished,
    on_doctree_read,
    on_doctree_resolved,
    on_env_before_read_docs,
    on_env_updated,
    on_source_read,
    visit_placeholder_html,
)
from .outputs import assets, explore, shards
from .outputs.calendars import announce_calendars
from .outputs.feeds import announce_feeds
from .pages import a11y, navigation
from .pages.generated import collect_pages, remove_outputs_of_removed_documents
from .pages.generated import on_config_inited as add_templates
from .pages.meta import on_html_page_context
from .sphinx import encoding, gc_tuning
from .sphinx.directives import (
    EventIndexDirective,
    NotesDirective,
    SeriesIndexDirective,
    SpeakerIndexDirective,
    TopicIndexDirective,
)
from .sphinx.domain import TalknotesDomain, TalknotesXRefRole
from .sphinx.internals import (
    hide_unwritten_index,
    index_only_when_used,
    inject_event_toctree,
    purge_only_what_was_read,
    remember_asset_checksums,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def on_builder_inited(app: Sphinx) -> None:
    """Serve the extension's stylesheet with the site."""
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))
    app.add_css_file("talknotes.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_design")
    settings.register(app)
    gc_tuning.register(app)

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

    app.connect("config-inited", settings.on_config_inited)
    app.connect("config-inited", assets.on_config_inited)
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", on_builder_inited)
    app.connect("builder-inited", purge_only_what_was_read)
    app.connect("builder-inited", remember_asset_checksums)
    app.connect("builder-inited", a11y.on_builder_inited)
    app.connect("builder-inited", explore.on_builder_inited)
    app.connect("source-read", on_source_read)
    # Before Sphinx's toctree collector (priority 500) reads the page; the record after it has the title.
    # The tools' outline goes first, before anything the extension adds to the page.
    app.connect("doctree-read", exact_reference_lines, priority=380)
    app.connect("doctree-read", leave_only_title, priority=390)
    app.connect("doctree-read", inject_event_toctree, priority=400)
    app.connect("doctree-read", add_event_notes_section, priority=450)
    app.connect("doctree-read", on_doctree_read, priority=600)
    app.connect("env-get-outdated", remove_outputs_of_removed_documents)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-before-read-docs", encoding.on_env_before_read_docs)
    app.connect("env-updated", on_env_updated)
    app.connect("env-updated", index_only_when_used)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("doctree-resolved", navigation.on_doctree_resolved)
    # First: every document is written; Pagefind starts on theirs while the generated pages are written.
    app.connect("html-collect-pages", shards.start_indexing_documents, priority=100)
    app.connect("html-collect-pages", collect_pages)
    app.connect("html-collect-pages", explore.collect_explore_page)
    # Last: once every indexed page is written, Pagefind indexes the rest beside the build's last steps.
    app.connect("html-collect-pages", shards.start_indexing_generated, priority=900)
    # After sphinx-notfound-page (400) makes the 404 page's links absolute, before themes (500) read it.
    app.connect("html-page-context", navigation.on_html_page_context, priority=420)
    app.connect("html-page-context", navigation.after_theme, priority=600)
    app.connect("html-page-context", on_html_page_context)
    app.connect("html-page-context", hide_unwritten_index)
    app.connect("html-page-context", announce_feeds)
    app.connect("html-page-context", announce_calendars)
    app.connect("html-page-context", explore.on_html_page_context)
    app.connect("build-finished", on_build_finished)
    app.connect("build-finished", assets.on_build_finished)
    # Last: wait for Pagefind, and record what it indexed.
    app.connect("build-finished", shards.on_build_finished, priority=900)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
