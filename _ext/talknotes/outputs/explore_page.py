"""The explore page: the form its script runs, the first page of notes written in, and the data it reads."""

from __future__ import annotations

import heapq
import json
import os
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..base.settings import settings
from ..base.text import plural
from ..sphinx.build import Build, build_of
from ..sphinx.internals import fragment_document, output_file, write_page
from .sitemap import unchanged_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx


from .explore import EVERY_NOTE, PAGE, WORDED, date_key, explores, note_entry
from .shard_plan import NOTES_SHARD, PAGES_SHARD, shard_plan

TEMPLATE = "talknotes/explore.html"
FIRST_PAGE = 20  # the notes the explore page shows first (talknotes-explore.js: FIRST and PAGE_SIZE)


def collect_explore_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: write the explore page, with the names and links its filters and results
    show, and its doctree (``write_page``); not again in a build where nothing it shows
    changed (``unchanged_build``)."""
    if not explores(app.builder):
        return []
    build = build_of(app.env)
    if unchanged_build(app, build) and os.path.isfile(output_file(app.builder, PAGE)):  # noqa: PTH113
        return []
    body = explore_body(app, build)
    document = fragment_document(app.builder, [nodes.raw("", body, format="html")])  # type: ignore[arg-type]
    write_page(app.builder, PAGE, {"title": "Explore", "body": body}, TEMPLATE, document)  # type: ignore[arg-type]
    return []


def explore_body(app: Sphinx, build: Build) -> str:
    """The explore page: a form the script shows and runs, and for readers without JavaScript, the overviews."""
    overviews = " · ".join(f'<a href="{escape(uri)}">{escape(title)}</a>' for uri, title in overview_links(app))
    data = json.dumps(explore_data(app, build), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f"""<section id="explore">
<h1>Explore</h1>
<p>Find notes by {escape(facets_in_words(build))}. Every choice is in the address: share it to
share the view.</p>
<noscript><div class="admonition warning"><p class="admonition-title">Explore needs JavaScript</p>
<p>With JavaScript off, browse the overviews instead: {overviews}.</p></div></noscript>
<div class="admonition warning" id="talknotes-explore-failed" hidden>
<p class="admonition-title">The index did not load</p>
<p>The explore index loads from the site itself, so open the site through a web server
(<code>make livehtml</code>, or <code>python -m http.server</code> in the output folder), not as a file.
Meanwhile, browse the overviews: {overviews}.</p></div>
<div id="talknotes-explore" class="talknotes-explore">{first_page(app, build)}</div>
<script type="application/json" id="talknotes-explore-data">{data}</script>
</section>
"""


def first_page(app: Sphinx, build: Build) -> str:
    """The newest notes, as the explore page shows them at first: written into the page, they are on the
    reader's screen before the index loads (and without JavaScript), and the script takes them over.

    Their order is the index's own (``date_key``), so "Show more" goes on from the index where they end."""
    graph = build.graph
    layout = settings(app.config).layout
    listed = [note for note in graph.notes.values() if graph.listed(note)]
    newest = heapq.nlargest(FIRST_PAGE, listed, key=date_key)
    root = relative_uri(app.builder.get_target_uri(PAGE), "")
    items = []
    for note in newest:
        entry = note_entry(graph, note, layout, app.builder.get_target_uri)
        # As Pagefind gives a page's address: a folder's index.html as the folder.
        address = app.builder.get_target_uri(note.docname).removesuffix("index.html")
        items.append(result_markup(note.title, root + address, entry.meta, root))
    total = plural(len(listed), "note")
    return (
        f'<p id="talknotes-explore-first-status">{escape(total)}</p>'
        f'<ol id="talknotes-explore-first" class="talknotes-explore-results" data-total="{len(listed)}">'
        f"{''.join(items)}</ol>"
    )


def result_markup(title: str, url: str, meta: str, root: str) -> str:
    """One result of the explore page, as talknotes-explore.js writes it (``note``) from the same meta."""
    facts = json.loads(meta)

    def link(pair: list[str], attributes: str = "") -> str:
        return f'<a{attributes} href="{escape(root + pair[1])}">{escape(pair[0])}</a>'

    details = ['<span class="talknotes-explore-programme">Programme only</span>'] if facts.get("programme") else []
    details += [escape(facts["kind"])] if facts.get("kind") else []
    details += [f'<time datetime="{escape(facts["date"])}">{escape(facts["when"])}</time>'] if facts.get("when") else []
    details += [link(facts["event"])] if facts.get("event") else []
    line = " · ".join(details)
    if facts.get("people"):
        line += " · with " + ", ".join(link(person) for person in facts["people"])
    parts = [
        f'<p class="talknotes-explore-title"><a href="{escape(url)}">{escape(title)}</a></p>',
        f'<p class="talknotes-explore-details">{line}</p>',
    ]
    if facts.get("topics"):
        badge = ' class="sd-badge sd-outline-primary sd-text-primary"'
        parts.append(f'<p class="talknotes-explore-topics">{" ".join(link(t, badge) for t in facts["topics"])}</p>')
    if facts.get("summary"):
        parts.append(f'<p class="talknotes-explore-summary">{escape(facts["summary"])}</p>')
    return f'<li class="talknotes-explore-result">{"".join(parts)}</li>'


def facets_in_words(build: Build) -> str:
    """The filters the site's notes give a reader, in words: only those with something to choose."""
    graph = build.graph
    listed = [note for note in graph.notes.values() if graph.listed(note)]
    offered = [
        ("topic", any(n.topic_ids for n in listed)),
        ("person", any(graph.has_page(p) for n in listed for p in n.speaker_ids)),
        ("event", any(n.event_id in graph.events for n in listed)),
        ("place", any(graph.places_of_event.get(n.event_id or "") for n in listed)),
        ("year", bool(listed)),
        ("kind", bool(listed)),
    ]
    names = [name for name, present in offered if present]
    if not names:
        return "words"
    return (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]) + ", with or without words"


def overview_links(app: Sphinx) -> list[tuple[str, str]]:
    """The overviews a reader browses instead when the explore page cannot run: (URL, title)."""
    layout = settings(app.config).layout
    pages = [
        (layout.events_overview, "Events"),
        (layout.overview(layout.topics_dir), "Topics"),
        (layout.overview(layout.speakers_dir), "People"),
        (layout.overview(layout.series_dir), "Series"),
    ]
    return [(app.builder.get_relative_uri(PAGE, page), title) for page, title in pages if page in app.env.all_docs]


def explore_data(app: Sphinx, build: Build) -> dict[str, Any]:
    """Where the index is and its shards, newest first. The names of topics, people and events come with
    the index itself (``named``): this stays a few hundred bytes at any size."""
    root = relative_uri(app.builder.get_target_uri(PAGE), "")
    shards = [shard.name for shard in shard_plan(app, build)]
    unsharded = not settings(app.config).explore_shard_pages
    return {
        "index": f"{root}{settings(app.config).explore}/",
        # The shards that hold notes, newest first, and the index of the other pages when it is apart.
        "shards": [NOTES_SHARD] if unsharded else shards,
        "pages": PAGES_SHARD if unsharded and PAGES_SHARD in shards else None,
        "notes_only": unsharded,  # its notes' index holds nothing else: no "type" filter to load
        "every": EVERY_NOTE,
        "worded": list(WORDED),
        "root": root,
    }
