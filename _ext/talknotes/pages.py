"""The generated year, topic and speaker pages, written only when what they show has changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from . import page_bodies
from .graph import UNDATED, year_label
from .internals import fragment_document, output_file, write_fragment, write_page
from .reach import page_keys
from .render import Linker
from .settings import Layout
from .state import build_state, has_generated_pages
from .text import plural
from .views import (
    digest,
    events_by_year,
    initials_label,
    part_view,
    people_page_view,
    people_pages,
    series_page_view,
    speaker_page_view,
    topic_page_view,
    topic_pages,
    topics_page_view,
    year_page_view,
)

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .graph import Event, Graph, Note
    from .state import BuildState

logger = logging.getLogger(__name__)

# The pages of the people and topics overviews at archive scale (views.by_initials).
OVERVIEW_PAGES = ("people", "topics")

# Where the pages around the generated bodies come from: talknotes/<kind>.html, each extending the
# theme's page.html. It is searched after the site's own templates_path, which may override them.
TEMPLATES = Path(__file__).parent / "templates"
PARALLEL_AT_LEAST = 20  # generated pages to write, below which forking workers costs more than it saves


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Make the generated pages' templates findable by Sphinx's template loader, after the site's own."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


@dataclass(frozen=True)
class GeneratedPage:
    """A page the extension writes that no Markdown file declares: a year, topic or speaker page, or a part."""

    pagename: str
    kind: str  # year | topic | speaker | series | topic-year | speaker-year | people
    item_id: str  # the year, topic or speaker id; the first letters of a people page
    year: str | None  # of a part of a split list
    title: str
    nav_title: str  # shorter, under its parent in the navigation
    parent: str  # the page it sits under in the navigation

    @property
    def template(self) -> str:
        """The template of the page around the body; a site may override it from its templates_path."""
        return f"talknotes/{self.kind}.html"

    def view(self, graph: Graph) -> dict[str, Any]:
        if self.kind == "year":
            return year_page_view(graph, self.item_id)
        if self.kind == "topic":
            return topic_page_view(graph, self.item_id)
        if self.kind == "speaker":
            return speaker_page_view(graph, self.item_id)
        if self.kind == "series":
            return series_page_view(graph, self.item_id)
        if self.kind == "people":
            return people_page_view(graph, self.item_id)
        if self.kind == "topics":
            return topics_page_view(graph, self.item_id)
        return part_view(graph, self.kind.removesuffix("-year"), self.item_id, self.year or "")

    def events(self, graph: Graph) -> list[Event]:
        """The events a year or series page lists; none for a topic or person page."""
        if self.kind == "year":
            return events_by_year(graph).get(self.item_id, [])
        if self.kind == "series":
            return graph.editions.get(self.item_id, [])
        return []

    def notes(self, graph: Graph) -> list[Note]:
        """Every note and programme entry the page lists or counts: when one changes, the page may change."""
        if self.kind in ("year", "series"):
            events = self.events(graph)
            pages = [graph.notes[e.docname] for e in events if e.docname in graph.notes]
            if self.kind == "series":
                return pages  # its editions' own pages
            listed = (graph.notes_of_event, graph.programme_of_event)
            return pages + [n for e in events for of_event in listed for n in of_event.get(e.id, [])]
        kind = self.kind.removesuffix("-year")
        if self.year is None:
            programme = graph.programme_of_topic if kind == "topic" else graph.programme_of_speaker
            return graph.notes_of(kind, self.item_id) + programme.get(self.item_id, [])
        return graph.years_of(kind, self.item_id).get(self.year, [])


def generated_pages(layout: Layout, graph: Graph) -> list[GeneratedPage]:
    """Every generated page, in a stable order: year pages, then topics and speakers with their parts."""
    pages = [
        GeneratedPage(layout.year_page(year), "year", year, None,
                      f"Events of {year}" if year != UNDATED else "Undated events", year_label(year),
                      layout.events_overview)
        for year in events_by_year(graph)
    ]  # fmt: skip
    lists = [
        ("topic", layout.topic_page, layout.topics_dir, t.id, t.name, graph.notes_of_topic.get(t.id, []))
        for t in sorted_topics_of(graph)
    ]
    lists += [
        ("speaker", layout.speaker_page, layout.speakers_dir, s.id, s.name, graph.notes_of_speaker.get(s.id, []))
        for s in sorted(graph.speakers_with_pages(), key=lambda s: s.id)
    ]
    pages += [
        GeneratedPage(
            layout.series_page(s.id), "series", s.id, None, s.name, s.name, layout.overview(layout.series_dir)
        )
        for s in graph.series_with_pages()
    ]
    overviews = (
        ("people", "People", layout.speakers_dir, layout.people_page, people_pages(graph)),
        ("topics", "Topics", layout.topics_dir, layout.topics_page, topic_pages(graph)),
    )
    for kind, title, folder, page_of, keys in overviews:  # the A–Z pages of an overview at archive scale
        pages += [
            GeneratedPage(page_of(key), kind, key, None, f"{title}: {initials_label(key)}", initials_label(key),
                          layout.overview(folder))
            for key in keys
        ]  # fmt: skip
    for kind, page_of, folder, item_id, name, notes in lists:
        pagename = page_of(item_id)
        overview = layout.overview(folder)
        pages.append(GeneratedPage(pagename, kind, item_id, None, name, name, overview))
        if len(notes) > graph.list_limit:
            for year in graph.years_of(kind, item_id):
                title = f"{name}: notes of {year}" if year != UNDATED else f"{name}: undated notes"
                pages.append(
                    GeneratedPage(page_of(item_id, year), f"{kind}-year", item_id, year, title, year_label(year),
                                  pagename)
                )  # fmt: skip
    return pages


def sorted_topics_of(graph: Graph) -> list[Any]:
    return [graph.topics[t] for t in sorted(graph.topics)]


def collect_pages(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write each generated page whose content or navigation is not current,
    with its doctree (``write_page``)."""
    builder = app.builder
    if not has_generated_pages(builder):
        return []
    state = build_state(app.env)
    # os.path on strings: no Path object for each of thousands of pages.
    if state.unchanged and all(os.path.exists(output_file(builder, p)) for p in state.previous_pages):  # noqa: PTH110
        state.page_digests = state.previous_pages
        return []
    graph = state.graph
    pending: list[tuple[GeneratedPage, dict[str, Any]]] = []
    for page in state.generated:
        if unreached(state, page) and os.path.exists(output_file(builder, page.pagename)):  # noqa: PTH110
            state.page_digests[page.pagename] = state.previous_pages[page.pagename]
            continue
        view = page.view(graph)
        fingerprint = digest([state.salt, page.kind, page.title, view, state.nav_digests.get(page.pagename, "")])
        state.page_digests[page.pagename] = fingerprint
        current = state.previous_pages.get(page.pagename) == fingerprint
        if current and os.path.exists(output_file(builder, page.pagename)):  # noqa: PTH110
            continue
        pending.append((page, view))
    if len(pending) >= PARALLEL_AT_LEAST and app.parallel > 1 and getattr(builder, "parallel_ok", False):
        write_in_parallel(app, pending)
    else:
        write_pages(app, pending)
    remove_stale_pages(app, set(state.previous_pages) - set(state.page_digests))
    return []


def unreached(state: BuildState, page: GeneratedPage) -> bool:
    """Whether only notes changed since the last build, none of them reaching what ``page`` reads, and its
    navigation is the same: it shows what it showed, without its view being made again."""
    return (
        state.reached is not None
        # A page of the people or topics overview lists whoever's name starts with its letters, among them people
        # whose last note went: its view is made again (cheaply) and compared, never taken as unreached.
        and page.kind not in OVERVIEW_PAGES
        and bool(state.previous_pages.get(page.pagename))
        and state.nav_digests.get(page.pagename, "") == state.previous_nav.get(page.pagename, "")
        and state.reached.isdisjoint(page_keys(state.graph, page, state.families))
    )


def write_pages(app: Sphinx, pages: list[tuple[GeneratedPage, dict[str, Any]]]) -> None:
    for page, view in pages:
        document = page_document(app, page, view)
        context = page_context(app, page, view, document)
        write_page(app.builder, page.pagename, context, page.template, document)  # type: ignore[arg-type]


def write_in_parallel(app: Sphinx, pages: list[tuple[GeneratedPage, dict[str, Any]]]) -> None:
    """Write the pages in Sphinx's worker processes, as Sphinx writes documents under ``-j``.

    Sphinx writes what ``html-collect-pages`` hands back in its main process, after the parallel part:
    a third of a site's pages are generated ones. The workers are forked, so they share the graph and
    the outline, made here once rather than once in each."""
    from sphinx.util.parallel import ParallelTasks, make_chunks

    if build_state(app.env).outline is None:  # made here, once, before forking: the workers share it
        write_pages(app, pages)
        return
    logger.info("talknotes: writing %d generated pages in %d processes", len(pages), app.parallel)
    tasks = ParallelTasks(app.parallel)
    for chunk in make_chunks(pages, app.parallel):
        tasks.add_task(partial(write_pages, app), chunk)
    tasks.join()


def page_document(app: Sphinx, page: GeneratedPage, view: dict[str, Any]) -> nodes.document:
    """The doctree of a generated page's body."""
    link = Linker(app.builder, page.pagename)
    if page.kind == "topic":
        children = page_bodies.topic_page(view, link)
    elif page.kind == "speaker":
        children = page_bodies.speaker_page(view, link)
    elif page.kind == "year":
        children = page_bodies.year_page(view, link, page.title)
    elif page.kind == "series":
        children = page_bodies.series_page(view, link)
    elif page.kind == "people":
        children = page_bodies.people_page(view, link, page.title)
    elif page.kind == "topics":
        children = page_bodies.topics_page(view, link, page.title)
    else:
        children = page_bodies.part_page(view, link, page.title)
    return fragment_document(app.builder, children)  # type: ignore[arg-type]


def page_context(app: Sphinx, page: GeneratedPage, view: dict[str, Any], document: nodes.document) -> dict[str, Any]:
    """The template context of a generated page: its body written from its doctree, and its view for templates."""
    return {
        "title": page.title,
        "body": write_fragment(app.builder, page.pagename, document),  # type: ignore[arg-type]
        "talknotes_page": page.kind,
        "talknotes_view": view,
        "talknotes_description": page_description(page, view),
    }


def page_description(page: GeneratedPage, view: dict[str, Any]) -> str:
    """The one-line description of a generated page, for link previews and search engines."""
    if page.kind == "year":
        when = f"in {page.item_id}" if page.item_id != UNDATED else "without a date"
        return f"{plural(len(view['events']), 'event')} {when}, with {plural(view['notes'], 'note')}."
    if page.kind == "series":
        return f"{plural(len(view['editions']), 'edition')} of {view['name']}, newest first."
    if page.kind == "people":
        return f"{len(view['people']):,} people whose names start with {view['label']}, by name."
    if page.kind == "topics":
        return f"{view['count']:,} topics under the broadest ones whose names start with {view['label']}, by name."
    notes = plural(view["count"], "note")
    if page.kind.endswith("-year"):
        return f"{notes} {'of ' + page.year if page.year != UNDATED else 'without a date'} on {view['name']}."
    if page.kind == "speaker":
        return f"{notes} on talks by {view['name']}."
    about = markdown_text(view["description"]) + " " if view.get("description") else ""
    return f"{about}{notes} on {view['name']}."


def markdown_text(source: str) -> str:
    """The words of a Markdown text without its markup (a topic's description)."""
    words = []
    for token in page_bodies.MARKDOWN.parse(source):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type.endswith("_close") and token.block:
            words.append(" ")
    return " ".join("".join(words).split())


def remove_stale_pages(app: Sphinx, pagenames: set[str]) -> None:
    """Delete the pages of topics and speakers that no longer exist, so a rebuild matches a clean build."""
    for pagename in sorted(pagenames):
        Path(app.builder.get_outfilename(pagename)).unlink(missing_ok=True)


def remove_outputs_of_removed_documents(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Delete the pages (and copied sources) of documents whose files are gone.

    Sphinx forgets a removed document but leaves its page in the output folder, where
    ``make livehtml`` goes on serving it until a clean build; a clean build would not have it.
    """
    builder = app.builder
    if not removed or not has_generated_pages(builder):
        return []
    sources = Path(builder.outdir) / "_sources"
    for docname in sorted(removed - added):
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
        for suffix in env.config.source_suffix:
            (sources / f"{docname}{suffix}{env.config.html_sourcelink_suffix}").unlink(missing_ok=True)
    return []
