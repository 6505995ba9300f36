"""The generated year, topic and speaker pages written, each only when what it shows has changed."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..base.text import plural
from ..base.writeup import markdown_text
from ..model.generated_pages import OVERVIEW_PAGES, GeneratedPage
from ..model.graph import UNDATED
from ..model.reach import page_keys
from ..model.views import digest
from ..sphinx.build import Build, build_of
from ..sphinx.internals import fragment_document, output_file, write_fragment, write_page
from . import page_bodies
from .render import Linker

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger(__name__)


# Where the pages around the generated bodies come from: talknotes/<kind>.html, each extending the
# theme's page.html. It is searched after the site's own templates_path, which may override them.
TEMPLATES = Path(__file__).parents[1] / "templates"
PARALLEL_AT_LEAST = 20  # generated pages to write, below which forking workers costs more than it saves


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Make the generated pages' templates findable by Sphinx's template loader, after the site's own."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def collect_pages(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write each generated page whose content or navigation is not current,
    with its doctree (``write_page``)."""
    builder = app.builder
    build = build_of(app.env)
    if not build.generated_pages:
        return []
    before, now = build.ledger.before, build.ledger.now
    # os.path on strings: no Path object for each of thousands of pages.
    if build.unchanged and all(os.path.exists(output_file(builder, p)) for p in before.pages):  # noqa: PTH110
        now.pages = before.pages
        return []
    graph = build.graph
    pending: list[tuple[GeneratedPage, dict[str, Any]]] = []
    for page in build.generated:
        if unreached(build, page) and os.path.exists(output_file(builder, page.pagename)):  # noqa: PTH110
            now.pages[page.pagename] = before.pages[page.pagename]
            continue
        view = page.view(graph)
        fingerprint = digest([now.salt, page.kind, page.title, view, now.nav.get(page.pagename, "")])
        now.pages[page.pagename] = fingerprint
        current = before.pages.get(page.pagename) == fingerprint
        if current and os.path.exists(output_file(builder, page.pagename)):  # noqa: PTH110
            continue
        pending.append((page, view))
    if len(pending) >= PARALLEL_AT_LEAST and app.parallel > 1 and getattr(builder, "parallel_ok", False):
        write_in_parallel(app, build, pending)
    else:
        write_pages(app, pending)
    remove_stale_pages(app, set(before.pages) - set(now.pages))
    return []


def unreached(build: Build, page: GeneratedPage) -> bool:
    """Whether only notes changed since the last build, none of them reaching what ``page`` reads, and its
    navigation is the same: it shows what it showed, without its view being made again."""
    before, now = build.ledger.before, build.ledger.now
    return (
        build.reached is not None
        # A page of the people or topics overview lists whoever's name starts with its letters, among them people
        # whose last note went: its view is made again (cheaply) and compared, never taken as unreached.
        and page.kind not in OVERVIEW_PAGES
        and page.kind != "mentions"
        and page.pagename not in build.mentions_moved
        and bool(before.pages.get(page.pagename))
        and now.nav.get(page.pagename, "") == before.nav.get(page.pagename, "")
        and build.reached.isdisjoint(page_keys(build.graph, page, build.families))
    )


def write_pages(app: Sphinx, pages: list[tuple[GeneratedPage, dict[str, Any]]]) -> None:
    for page, view in pages:
        document = page_document(app, page, view)
        context = page_context(app, page, view, document)
        write_page(app.builder, page.pagename, context, page.template, document)  # type: ignore[arg-type]


def write_in_parallel(app: Sphinx, build: Build, pages: list[tuple[GeneratedPage, dict[str, Any]]]) -> None:
    """Write the pages in Sphinx's worker processes, as Sphinx writes documents under ``-j``.

    Sphinx writes what ``html-collect-pages`` hands back in its main process, after the parallel part:
    a third of a site's pages are generated ones. The workers are forked, so they share the graph and
    the outline, made here once rather than once in each."""
    from sphinx.util.parallel import ParallelTasks, make_chunks

    if build.outline is None:  # made here, once, before forking: the workers share it
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
    elif page.kind in ("country", "city"):
        children = page_bodies.place_page(view, link)
    elif page.kind == "places":
        children = page_bodies.places_page(view, link, page.title)
    elif page.kind == "mentions":
        children = page_bodies.mentions_page(view, link, page.title)
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
    if page.kind == "mentions":
        return f"{plural(view['total'], 'mention')} of {view['name']}, newest first, each with its sentence."
    if page.kind in ("country", "city"):
        return f"{plural(len(view['events']), 'event')} in {view['name']}, with {plural(view['count'], 'note')}."
    if page.kind == "places":
        return f"The countries and cities of the events: {plural(len(view['countries']), 'country')}."
    notes = plural(view["count"], "note")
    if page.kind.endswith("-year"):
        return f"{notes} {'of ' + page.year if page.year != UNDATED else 'without a date'} on {view['name']}."
    if page.kind == "speaker":
        return f"{notes} on talks by {view['name']}."
    about = markdown_text(view["description"]) + " " if view.get("description") else ""
    return f"{about}{notes} on {view['name']}."


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
    if not removed or not build_of(app.env).generated_pages:
        return []
    sources = Path(builder.outdir) / "_sources"
    for docname in sorted(removed - added):
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
        for suffix in env.config.source_suffix:
            (sources / f"{docname}{suffix}{env.config.html_sourcelink_suffix}").unlink(missing_ok=True)
    return []
