"""Every Sphinx event the extension listens to, in one table: the event, the handler, its priority and why.

Sphinx calls an event's handlers by priority, lowest first (500 when not given), then in the order they
were connected. ``setup()`` connects this table, row by row, in this order; docs/development.md shows it
and a test holds the two together. The rows follow Sphinx's own order of events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .base import settings
from .handlers import reading, updating, writing
from .outputs import assets, calendars, explore, explore_page, feeds, pagefind, previews, shards
from .pages import a11y, generated, meta, navigation
from .sphinx import build, encoding, gc_tuning, internals

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DEFAULT = 500  # Sphinx's default priority


@dataclass(frozen=True)
class Phase:
    """One connection: ``handler`` runs on ``event`` at ``priority``, for the reason ``why``."""

    event: str
    handler: Callable[..., Any]
    why: str
    priority: int = DEFAULT

    @property
    def name(self) -> str:
        """The handler as docs/development.md names it: its module below talknotes, and its name."""
        return f"{self.handler.__module__.removeprefix('talknotes.')}.{self.handler.__name__}"


PHASES: tuple[Phase, ...] = (
    Phase("config-inited", settings.on_config_inited, "check every setting at once, before anything is read"),
    Phase("config-inited", assets.on_config_inited, "point sphinxcontrib-mermaid at the site's own copy"),
    Phase("config-inited", generated.on_config_inited, "make the generated pages' templates findable"),
    Phase(
        "config-inited",
        gc_tuning.hold,
        "pause the collector while Sphinx loads its environment; last, so that a configuration error stops "
        "the build before the collector is touched",
        1000,
    ),
    Phase("builder-inited", gc_tuning.release, "freeze the loaded environment and resume the collector; first", 0),
    Phase("builder-inited", build.begin, "make the builder's Build, before any handler asks for it", 0),
    Phase("builder-inited", assets.serve_stylesheet, "serve talknotes.css"),
    Phase("builder-inited", internals.purge_only_what_was_read, "skip the toctree purge of documents never read"),
    Phase("builder-inited", internals.remember_asset_checksums, "work out each asset's checksum once per build"),
    Phase("builder-inited", a11y.on_builder_inited, "mix accessible markup into the site's HTML translator"),
    Phase("builder-inited", previews.add_script, "load the link previews' script on every page"),
    Phase("builder-inited", pagefind.on_builder_inited, "let the explore page replace Sphinx's search page"),
    Phase(
        "env-get-outdated",
        generated.remove_outputs_of_removed_documents,
        "delete the pages and shards of documents that are gone",
    ),
    Phase("env-before-read-docs", gc_tuning.freeze_while_reading, "freeze what survives each full collection"),
    Phase("env-before-read-docs", reading.on_env_before_read_docs, "note which documents this build reads"),
    Phase("env-before-read-docs", encoding.on_env_before_read_docs, "leave out files Sphinx would not read safely"),
    Phase("source-read", reading.on_source_read, "note where each front matter key sits, for warnings with lines"),
    Phase(
        "doctree-read",
        reading.exact_reference_lines,
        "give each link its own line; before Sphinx's toctree collector (500) reads the page",
        380,
    ),
    Phase("doctree-read", reading.leave_only_title, "take the tools' outline out of a page nobody wrote", 390),
    Phase("doctree-read", internals.inject_event_toctree, "give an event page the toctree of its notes", 400),
    Phase("doctree-read", reading.add_event_notes_section, "add 'Notes from this event' as a real section", 450),
    Phase(
        "doctree-read",
        reading.on_doctree_read,
        "store the page's record and leave placeholders; after the toctree collector, so the title is known",
        600,
    ),
    Phase(
        "doctree-read",
        reading.note_mentions,
        "keep the links the author wrote; after the scaffold's outline is gone and the placeholders are left",
        610,
    ),
    Phase("env-merge-info", gc_tuning.pause_for_merges, "-j: collect only young objects while merging"),
    Phase("env-updated", gc_tuning.resume_after_merges, "reading is over: resume the collector; first", 0),
    Phase("env-updated", updating.on_env_updated, "build the graph, check it, name the pages to write again"),
    Phase("env-updated", internals.index_only_when_used, "write the general index only when a page has entries"),
    Phase("write-started", gc_tuning.freeze_while_handing_out, "-j: freeze what survives until the generated pages"),
    Phase("doctree-resolved", writing.on_doctree_resolved, "fill placeholders, for builders other than HTML"),
    Phase("doctree-resolved", navigation.on_doctree_resolved, "give the page its part of the outline"),
    Phase(
        "html-collect-pages",
        gc_tuning.settle_after_documents,
        "every document is written: free what their pages left, freeze the rest",
        50,
    ),
    Phase(
        "html-collect-pages",
        shards.start_indexing_documents,
        "start Pagefind on the documents while the generated pages are written",
        100,
    ),
    Phase("html-collect-pages", generated.collect_pages, "write the year, topic, person and series pages"),
    Phase("html-collect-pages", explore_page.collect_explore_page, "write the explore page"),
    Phase(
        "html-collect-pages",
        shards.start_indexing_generated,
        "every indexed page is written: start Pagefind on the rest",
        900,
    ),
    Phase(
        "html-page-context",
        navigation.on_html_page_context,
        "give the theme the page's navigation; after sphinx-notfound-page (400), before themes (500)",
        420,
    ),
    Phase("html-page-context", meta.on_html_page_context, "OpenGraph and description tags"),
    Phase("html-page-context", internals.hide_unwritten_index, "no link to a general index that is not written"),
    Phase("html-page-context", feeds.announce_feeds, "link the page's Atom feeds"),
    Phase("html-page-context", calendars.announce_calendars, "link the page's calendar"),
    Phase("html-page-context", explore.on_html_page_context, "mark what Pagefind indexes and the explore links"),
    Phase("html-page-context", navigation.after_theme, "Furo's navigation tree, in Furo's markup, after Furo", 600),
    Phase("build-finished", writing.on_build_finished, "write catalog, sitemap, feeds, calendars, previews, llms.txt"),
    Phase("build-finished", assets.on_build_finished, "copy Mermaid into _static/"),
    Phase("build-finished", shards.on_build_finished, "wait for Pagefind and record what it indexed; last", 900),
    Phase(
        "build-finished",
        gc_tuning.keep_to_the_end,
        "sphinx-build: keep what the build made out of its exit's scan; another caller gets it all back",
        1000,
    ),
)


def connect(app: Sphinx) -> None:
    """Connect every row of the table."""
    for phase in PHASES:
        app.connect(phase.event, phase.handler, priority=phase.priority)
