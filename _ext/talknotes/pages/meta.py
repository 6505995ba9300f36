"""OpenGraph and description tags on every page, so shared links show a note's title and summary."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes

from ..base.text import format_date_range
from ..base.writeup import first_paragraph, shorten
from ..sphinx.build import build_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model.graph import Graph, Note


def document_tags(graph: Graph, note: Note | None, doctree: nodes.document) -> tuple[str, list[tuple[str, str]]]:
    """The description and the article tags of a Sphinx document (``note`` when it is one)."""
    if note is None:
        return first_paragraph(doctree), []
    article: list[tuple[str, str]] = []
    description = note.summary or ""
    event = graph.events.get(note.event_id or "")
    if note.is_event_page and event is not None:
        facts = ", ".join(filter(None, (format_date_range(event.start, event.end), event.place)))
        description = description or f"{event.name}: {facts}"
    else:
        if note.date:
            article.append(("article:published_time", note.date.isoformat()))
        if event is not None:
            article.append(("article:section", event.name))
    article += [("article:tag", graph.topics[t].name) for t in note.topic_ids if t in graph.topics]
    return description or first_paragraph(doctree), article


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: add OpenGraph tags, a description, and ``noindex`` on drafts."""
    if app.builder.name == "epub":
        return
    graph = build_of(app.env).graph
    note = graph.notes.get(pagename)
    article: list[tuple[str, str]] = []
    if doctree is not None and pagename in app.env.titles:
        title = app.env.titles[pagename].astext()
        description, article = document_tags(graph, note, doctree)
    elif context.get("talknotes_page"):
        title, description = context["title"], context["talknotes_description"]
    else:
        return  # the search and index pages: nothing worth a preview
    tags = [
        ("og:title", title),
        ("og:type", "article" if note is not None else "website"),
        ("og:site_name", app.config.project),
    ]
    if app.config.html_baseurl:
        tags.append(("og:url", urljoin(app.config.html_baseurl, app.builder.get_target_uri(pagename))))
    description = shorten(description)
    if description:
        tags.append(("og:description", description))
    # A page may set its own og:title, og:description or og:image in its front matter.
    own = {key: str(value) for key, value in (context.get("meta") or {}).items() if key.startswith("og:")}
    tags = [(key, own.pop(key, value)) for key, value in tags] + sorted(own.items())
    description = dict(tags).get("og:description", "")
    lines = [f'<meta property="{escape(key)}" content="{escape(value)}" />' for key, value in tags + article]
    if description:
        lines.append(f'<meta name="description" content="{escape(description)}" />')
    if note is not None and not graph.listed(note):
        # A draft builds, but nothing lists it: search engines should not either.
        lines.append('<meta name="robots" content="noindex" />')
    # Sphinx gives documents their metatags; generated pages start without any.
    context["metatags"] = context.get("metatags", "") + "\n".join(lines) + "\n"
