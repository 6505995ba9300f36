"""Explore: a Pagefind index of the reader's pages, filtered by the graph's facts, and the page that searches it.

Pagefind indexes the written site once every indexed page is written (``html-collect-pages``),
in the background while the build writes its last files: a static, self-hosted index
that a page queries from the same origin, with filters and counts, where Sphinx's own search
has neither and leaves out the generated topic and person pages. Its binary comes from the npm
package ``pagefind`` (pinned in package-lock.json, installed by ``npm ci`` as Mermaid is, in ``make html``,
CI and Read the Docs): from 1.6.0 on, a search's time grows with its matches, where 1.5 (the last on PyPI)
takes time in their square (a search of 22,505 notes: 6.4 s in 1.5.2, 0.25 s in 1.6.0). Without
``node_modules``, the PyPI package ``pagefind-bin`` (requirements.txt) indexes the site all the same.

Every page a reader cares about has its body wrapped in ``data-pagefind-body`` when it is
written (``html-page-context``): notes and event pages that are not drafts, the topic, person, year and
series pages, the overviews and the home page. Contributor documentation (``talknotes_explore_exclude``)
is left out, so it never crowds out notes. A note carries its facts as filters (``type``, ``kind``,
``year``, ``event``, ``topic`` with every broader topic, ``person``), its date as the sort key,
and what a list shows as one JSON meta value.

The explore page is the site's search page (``search.html``), so the theme's search box leads to
it: Sphinx's own index is not made, which also saves its cost.

What a reader loads is what the first results need (docs/reference.md, "Explore"): a full build makes
one index of the notes, which every view reads, and one of the other pages, which only a search for
words reads; the landing view's first page is written into the explore page (``first_page``); a view
without words searches for a word every note holds (``EVERY_NOTE``), since Pagefind answers a search
without words by loading its whole word index.

Pagefind cannot update an index, only make it anew, which costs about 2 ms a page: 30 s at
10,000 notes for an edit of one. So the live preview (``make livehtml``) sets
``talknotes_explore_shard_pages``: the index is made of shards of at most that many pages, each a
Pagefind index of its own that the explore page merges (Pagefind's multisite search): the notes of a
year (of a month, in a year with more notes than a shard holds), and the other pages spread over
buckets by a hash of their address. A shard is made again only when what Pagefind reads of one of its
pages changed (``shards``): an edit re-indexes one or two shards, a no-op build none. Shards by date keep
"newest first" exact across shards: the page reads them in order. A reader loads Pagefind's script,
WebAssembly and metadata once per shard, which is why only the preview shards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.util import logging
from sphinx.util.matching import Matcher

from ..base.settings import settings
from ..base.text import format_date_range
from ..model.graph import year_of
from ..model.place import Place
from ..sphinx.build import Build, build_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..base.settings import Layout
    from ..model.graph import Graph, Note

logger = logging.getLogger(__name__)

PAGE = "search"  # the theme's search box sends its query here
UNUSED_HERE = {"documentation_options.js", "doctools.js", "sphinx_highlight.js", "design-tabs.js"}
# No words of the page itself: the theme's "¶" heading links, the lists of other notes below a note
# (a word of a neighbour's title would make every note of an event match) and the explore links.
EXCLUDED_SELECTORS = ("a.headerlink", ".talknotes-neighbours", ".talknotes-mentions", ".talknotes-explore-link")
# Where the part of a page that Pagefind reads starts and ends: written by index_markup, before and after
# everything the page's source says, so that the first start and the last end are these.
INDEXED_START = "<div data-pagefind-body"
INDEXED_END = "<!-- talknotes: the end of the indexed part -->"
# Around a part that Pagefind leaves out (EXCLUDED_SELECTORS) and that changes with other pages (a note's
# lists of other notes): what is kept of the page for Pagefind leaves it out too, so that a change of
# another note does not make this page's shard again.
UNINDEXED_START = "<!-- talknotes: not indexed -->"
UNINDEXED_END = "<!-- talknotes: indexed again -->"
# Generated pages in the index, and the type a reader filters them by; parts of split lists are left
# out, since the notes they list are in the index themselves.
GENERATED_TYPES = {"topic": "topic", "speaker": "person", "year": "year", "series": "series"}
UNDATED_SORT = "0000-00-00"  # undated notes come last, newest first
# A word in every note's indexed text: a view without words searches for it, since Pagefind answers a
# search without words (null) by loading every chunk of its word index, 2.6 MB at 5,600 notes.
EVERY_NOTE = "talknotesevery"
# The filters whose values are "id|Name", each with a twin filter of the ids alone (``named``).
NAMED_FACETS = ("event", "topic", "person", "place")
# The filters whose every value is also a word of the note (``value_word``); a view with one value of one of
# them chosen searches for that value's word, of the first such filter in this order (the likely fewest notes
# first), which talknotes-explore.js reads from the page's data.
WORDED = ("event", "person", "topic", "year", "kind", "notes")
WORDED_FILTERS = frozenset(f"{facet}_id" if facet in NAMED_FACETS else facet for facet in WORDED)


@dataclass(frozen=True)
class IndexEntry:
    """What the index knows of one page: its type, its filters, its sort key and what a result shows."""

    type: str  # note | topic | person | year | series | page
    filters: tuple[tuple[str, str], ...] = ()
    sort: tuple[tuple[str, str], ...] = ()
    meta: str = ""  # JSON: kind, date, event, people, topics and summary of a note


def explores(builder: Builder) -> bool:
    """Whether this builder makes the explore index and page (decided once, when it starts)."""
    return build_of(builder.env).explore.binary is not None


def ancestors(graph: Graph, topic_ids: tuple[str, ...]) -> list[str]:
    """The topics and every broader topic of theirs, at any depth, each once, in a stable order."""
    found: list[str] = []
    pending = list(topic_ids)
    while pending:
        topic_id = pending.pop(0)
        if topic_id in found:
            continue  # a cycle of broader topics is warned about when read; here it just ends
        found.append(topic_id)
        if topic_id in graph.topics:
            pending.extend(graph.topics[topic_id].broader)
    return found


def named(value_id: str, name: str) -> str:
    """A topic, person or event as a filter value: "id|Name", the id for the address, the name for the reader.

    Ids are slugs, so the first "|" ends them; the names come with the index, never as a list in the page."""
    return f"{value_id}|{name}"


def full_name(graph: Graph, thing: Any) -> str:
    """A thing's name as a filter shows it: a city with its region and country ("Montreal, Quebec, Canada")."""
    if isinstance(thing, Place):
        country = graph.places.get(thing.country_id or "")
        return f"{thing.label}, {country.name}" if country is not None else thing.label
    return thing.name


def note_entry(graph: Graph, note: Note, layout: Layout, uri: Callable[[str], str] = str) -> IndexEntry:
    """A note's filters, sort key and what its result shows; ``uri`` turns a page name into its address below
    the site's root (the page names themselves for the digest of what a page shows)."""
    year = year_of(note.date)
    filters = [("kind", note.kind), ("year", year), ("notes", "programme" if note.programme else "written")]
    event = graph.events.get(note.event_id or "")
    topics = [graph.topics[t] for t in ancestors(graph, note.topic_ids) if t in graph.topics]  # known ones only
    people = [graph.speakers[p] for p in note.speaker_ids if graph.has_page(p)]
    places = [graph.places[p] for p in graph.places_of_event.get(note.event_id or "", ())]
    for facet, things in (("event", [event] if event is not None else []), ("topic", topics), ("person", people),
                          ("place", places)):  # fmt: skip
        filters += [(facet, named(thing.id, full_name(graph, thing))) for thing in things]
        # The ids alone, which the address holds: the search for the first results filters by these, so
        # it loads only the filters chosen, before it knows any name (talknotes-explore.js).
        filters += [(f"{facet}_id", thing.id) for thing in things]
    # What the result shows, as the note's card does: names with their links, the date in words.
    meta: dict[str, Any] = {
        "kind": note.kind.capitalize(),
        "date": note.date.isoformat() if note.date else "",
        "when": format_date_range(note.date, None),
        "event": [event.name, uri(event.docname)] if event is not None else None,
        "people": [[p.name, uri(layout.speaker_page(p.id))] for p in people],
        "topics": [[graph.topics[t].name, uri(layout.topic_page(t))] for t in note.topic_ids if t in graph.topics],
        "summary": note.summary or "",
    }
    if note.programme:
        meta["programme"] = True
    # Every note has the sort key: Pagefind leaves out of a sorted search the pages without it.
    sort = (("date", date_key(note)),)
    return IndexEntry("note", tuple(filters), sort, json.dumps(meta, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=65536)  # every page writes its values' words: 0.6 s uncached at 20,000 notes
def value_word(facet: str, value: str) -> str:
    """The word that a note holds for one of its filter values: a view filtered by that value alone searches
    for it, which loads the few notes that have it, where the filter would load its whole list of values and
    a search for ``EVERY_NOTE`` every note (a tenth of a second at 10,000 notes, before any result).

    FNV-1a of ``facet:value`` in 64 bits (talknotes-explore.js makes the same), ending with a digit, which
    Pagefind's stemmers leave alone."""
    digest = 0xCBF29CE484222325
    for byte in f"{facet}:{value}".encode():
        digest = ((digest ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"tnv{digest:016x}0"


def date_key(note: Note) -> str:
    """A note's place in date order: its date, then its page name, so that no two notes tie and the first
    page written into the explore page is the first page Pagefind gives (strings compare alike in both)."""
    return f"{note.date.isoformat() if note.date else UNDATED_SORT} {note.docname}"


def listed_note_entry(graph: Graph, docname: str, layout: Layout, uri: Callable[[str], str] = str) -> IndexEntry | None:
    """The entry of a listed note; None for any other page. Its page shows it (hidden), so the page's
    fingerprint holds it too: a change of a broader topic rewrites the notes under it."""
    note = graph.notes.get(docname)
    return note_entry(graph, note, layout, uri) if note is not None and graph.listed(note) else None


def index_type(app: Sphinx, build: Build, pagename: str, generated_kind: str | None) -> str | None:
    """The type a page has in the index, or None when it stays out of the index.

    One rule for the page's markup and for deciding whether to index again: notes that are
    listed, the generated topic, person, year and series pages, and every other document that is
    no draft and not contributor documentation.
    """
    if generated_kind is not None:
        return GENERATED_TYPES.get(generated_kind)
    if pagename not in app.env.all_docs:
        return None  # the search, index and 404 pages
    graph = build.graph
    note = graph.notes.get(pagename)
    if note is not None:
        return "note" if graph.listed(note) else None
    event_id = settings(app.config).layout.event_of_page(pagename)
    if event_id in graph.events and graph.events[event_id].docname == pagename:
        return None if graph.events[event_id].draft else "event"
    if exclusion(settings(app.config).explore_exclude)(pagename):
        return None
    return None if app.env.metadata.get(pagename, {}).get("draft") is True else "page"


def index_entry(app: Sphinx, build: Build, pagename: str, generated_kind: str | None) -> IndexEntry | None:
    """What the index knows of a page: its type, and a note's facts; None when it stays out of the index."""
    kind = index_type(app, build, pagename, generated_kind)
    if kind == "note":
        return listed_note_entry(build.graph, pagename, settings(app.config).layout, app.builder.get_target_uri)
    return IndexEntry(kind) if kind else None


@cache
def exclusion(patterns: tuple[str, ...]) -> Matcher:
    """The matcher of ``talknotes_explore_exclude``, made once per set of patterns."""
    return Matcher(patterns)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: mark an indexed page's content for Pagefind, with its filters, sort key and meta."""
    if not explores(app.builder):
        return
    if pagename == PAGE:
        app.add_js_file("talknotes-explore.js", loading_method="defer")
        # Each script is a request before the first results; these serve Sphinx's own search (its words
        # highlighted on the page a result opens) and sphinx-design's tabs, neither of which this page has.
        context["script_files"] = [
            script
            for script in context.get("script_files", [])
            if Path(urlsplit(getattr(script, "filename", str(script))).path).name not in UNUSED_HERE
        ]
        return
    entry = index_entry(app, build_of(app.env), pagename, context.get("talknotes_page"))
    if entry is not None and "body" in context:
        context["body"] = index_markup(context["body"], entry)


def index_markup(body: str, entry: IndexEntry) -> str:
    """``body`` as Pagefind indexes it: its text, with the entry's facts in a part no reader sees."""
    sort = "".join(f' data-pagefind-sort="{escape(key)}:{escape(value)}"' for key, value in entry.sort)
    facts = [f'<span data-pagefind-filter="type">{escape(entry.type)}</span>']
    facts += [f'<span data-pagefind-filter="{escape(key)}">{escape(value)}</span>' for key, value in entry.filters]
    if entry.meta:
        facts.append(f'<span data-pagefind-meta="talknotes">{escape(entry.meta)}</span>')
    hidden = f"<div hidden data-pagefind-ignore>{''.join(facts)}</div>"
    if entry.type == "note":
        # Indexed, and seen by no reader: the words a view without words searches for.
        words = [value_word(key.removesuffix("_id"), value) for key, value in entry.filters if key in WORDED_FILTERS]
        hidden += f"<div hidden>{' '.join([EVERY_NOTE, *words])}</div>"
    return f"{INDEXED_START}{sort}>\n{body}{hidden}{INDEXED_END}</div>\n"


def page_file(outdir: Path, address: str) -> Path:
    """The written file of a page's address (``a/b.html``, or ``a/b/`` with dirhtml)."""
    return outdir / (address + "index.html" if address.endswith("/") or not address else address)


def indexed_part(page: str) -> str:
    """What Pagefind reads of a written page: its ``<html>`` tag (the language), its title and its indexed
    part without the parts marked as not indexed, as a page of its own; the whole page when it has no
    indexed part.

    A third of the bytes of a page with its navigation, which Pagefind parses in about half the time."""
    start, end = page.find(INDEXED_START), page.rfind(INDEXED_END)
    html_start = page.find("<html")
    html_end = page.find(">", html_start)
    title_start = page.find("<title>")
    title_end = page.find("</title>", title_start)
    if -1 in (start, end, html_start, html_end) or not html_start < html_end < start < end:
        return page
    title = page[title_start : title_end + len("</title>")] if -1 < title_start < title_end < start else ""
    body = page[start:end]
    while (cut := body.find(UNINDEXED_START)) != -1 and (stop := body.find(UNINDEXED_END, cut)) != -1:
        body = body[:cut] + body[stop + len(UNINDEXED_END) :]
    return (
        f'<!DOCTYPE html>\n{page[html_start : html_end + 1]}<head><meta charset="utf-8">{title}</head>'
        f"<body>{body}</div></body></html>\n"
    )
