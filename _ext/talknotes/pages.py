"""The generated topic and speaker pages, written only when what they show has changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from .state import build_state, has_generated_pages
from .text import format_date_range
from .views import digest, speaker_page_view, topic_page_view

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .graph import Graph

TEMPLATES = Path(__file__).parent / "templates"


@cache
def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    env.filters["longdate"] = lambda iso: format_date_range(dt.date.fromisoformat(iso), None)
    return env


@cache
def markdown() -> MarkdownIt:
    # Raw HTML is escaped and javascript: links are refused: descriptions are contributor text.
    return MarkdownIt("commonmark", {"html": False})


def generated_pages(config: Config, graph: Graph) -> list[tuple[str, str, str]]:
    """(page name, template, topic or speaker id) of every generated page, in a stable order."""
    return [(f"{config.talknotes_topics_dir}/{t}", "topic.html", t) for t in sorted(graph.topics)] + [
        (f"{config.talknotes_speakers_dir}/{s}", "speaker.html", s)
        for s in sorted(s.id for s in graph.speakers_with_pages())
    ]


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: yield each topic and speaker page whose content or output is not current."""
    builder = app.builder
    if not has_generated_pages(builder):
        return
    state = build_state(app.env)
    if state.unchanged and all(Path(builder.get_outfilename(p)).exists() for p in state.previous_pages):
        state.page_digests = state.previous_pages
        return
    graph = state.graph
    views = {"topic.html": topic_page_view, "speaker.html": speaker_page_view}
    for pagename, template, item_id in generated_pages(app.config, graph):
        view = views[template](graph, item_id)
        fingerprint = digest([state.salt, template, view])
        state.page_digests[pagename] = fingerprint
        outfile = Path(builder.get_outfilename(pagename))
        if state.previous_pages.get(pagename) == fingerprint and outfile.exists():
            continue
        yield pagename, page_context(app, pagename, template, view), "page.html"
    remove_stale_pages(app, set(state.previous_pages) - set(state.page_digests))


def page_context(app: Sphinx, pagename: str, template: str, view: dict[str, Any]) -> dict[str, Any]:
    builder = app.builder
    description = view.get("description")
    body = (
        templates()
        .get_template(template)
        .render(
            view=view,
            url=lambda target: builder.get_relative_uri(pagename, target),
            topics_dir=app.config.talknotes_topics_dir,
            speakers_dir=app.config.talknotes_speakers_dir,
            description=Markup(markdown().render(description)) if description else None,
        )
    )
    return {
        "title": view["name"],
        "body": body,
        "talknotes_page": template.removesuffix(".html"),
        "talknotes_description": page_description(template, view),
    }


def page_description(template: str, view: dict[str, Any]) -> str:
    """The one-line description of a generated page, for link previews and search engines."""
    count = len(view["notes"]) if "notes" in view else view["count"]
    notes = f"{count} note{'s' if count != 1 else ''}"
    if template == "speaker.html":
        return f"{notes} on talks by {view['name']}."
    about = markdown_text(view["description"]) + " " if view.get("description") else ""
    return f"{about}{notes} on {view['name']}."


def markdown_text(source: str) -> str:
    """The words of a Markdown text without its markup (a topic's description)."""
    words = []
    for token in markdown().parse(source):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type.endswith("_close") and token.block:
            words.append(" ")
    return " ".join("".join(words).split())


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object) -> None:
    """``html-page-context``: generated pages share one rendering of the site's navigation.

    None of them is in a toctree, so the navigation is the same on all pages of one folder;
    rendering it once instead of once per page keeps large sites fast.
    """
    if doctree is not None or context.get("talknotes_page") is None or "toctree" not in context:
        return
    cache = build_state(app.env).navigation
    folder = pagename.rpartition("/")[0]
    render_toctree = context["toctree"]

    def shared_toctree(**kwargs: Any) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # a theme passing unusual arguments gets its own rendering
            return render_toctree(**kwargs)
        if key not in cache:
            cache[key] = render_toctree(**kwargs)
        return cache[key]

    context["toctree"] = shared_toctree


def remove_stale_pages(app: Sphinx, pagenames: set[str]) -> None:
    """Delete the pages of topics and speakers that no longer exist, so a rebuild matches a clean build."""
    for pagename in sorted(pagenames):
        Path(app.builder.get_outfilename(pagename)).unlink(missing_ok=True)
