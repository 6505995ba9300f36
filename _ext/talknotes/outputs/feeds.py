"""Atom feeds: the site's latest notes, and those of each event, topic (narrower ones included), person and series.

They are written with feedgen, a maintained Atom and RSS writer: it escapes every text it is
given and makes well-formed Atom, where hand-made XML would have to get both right. A feed
needs absolute addresses, so feeds are written only when the site's address is known
(``html_baseurl``, from Read the Docs or ``TALKNOTES_BASE_URL``); a local build without one
writes none, and its pages link to none.

What never changes between builds is what a feed reader keys on: an entry's id comes from the
site's address and the note's document name (so html and dirhtml agree, and an edit keeps it),
its ``updated`` from the note's last commit (else its date), never the build's time, and a
feed's ``updated`` is its newest entry's. A feed is rewritten only when its bytes change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, replace
from functools import cache, partial
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from ..base.settings import Layout, absolute, published_folder, settings
from ..model.graph import newest_first
from ..model.views import notes_under
from ..sphinx.build import Build, build_of
from .changed import Output, write_changed
from .sitemap import last_commits

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model.graph import Graph, Note

FEED_SIZE = 50  # the newest notes a feed lists
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # for a note with neither a commit nor a date


WRITER = f"feedgen {version('feedgen')}"  # what writes the files, without importing it


@dataclass(frozen=True)
class Feed:
    """One feed: where it is written, what it is called, the page it follows, and its notes, newest first."""

    path: str  # below the output root
    title: str
    page: str
    notes: tuple[Note, ...]


@cache  # asked on every page written: made once per layout and folder
def feed_paths(layout: Layout, folder: str) -> dict[str, str]:
    """The path of every kind of feed, by kind, as a pattern of its item's id."""
    return {
        "site": f"{folder}/index.atom",
        "event": f"{folder}/{layout.events_dir}/{{}}.atom",
        "topic": f"{folder}/{layout.topics_dir}/{{}}.atom",
        "person": f"{folder}/{layout.speakers_dir}/{{}}.atom",
        "series": f"{folder}/{layout.series_dir}/{{}}.atom",
    }


def site_feeds(graph: Graph, layout: Layout, folder: str, root_doc: str) -> list[Feed]:
    """Every feed of the site: the latest notes, then one per listed event, topic and person."""
    paths = feed_paths(layout, folder)

    def newest(notes: object) -> tuple[Note, ...]:
        return tuple(sorted(notes, key=newest_first)[:FEED_SIZE])  # type: ignore[call-overload]

    feeds = [Feed(paths["site"], "Latest notes", root_doc, newest(graph.listed_notes()))]
    for event in sorted(graph.listed_events(), key=lambda e: e.id):
        feeds.append(Feed(paths["event"].format(event.id), event.name, event.docname,
                          newest(graph.notes_of_event.get(event.id, ()))))  # fmt: skip
    memo: dict[str, frozenset[str]] = {}
    for topic_id in sorted(graph.topics):
        notes = (graph.notes[docname] for docname in notes_under(graph, topic_id, memo))
        feeds.append(Feed(paths["topic"].format(topic_id), graph.topics[topic_id].name,
                          layout.topic_page(topic_id), newest(notes)))  # fmt: skip
    for person in sorted(graph.speakers_with_pages(), key=lambda s: s.id):
        feeds.append(Feed(paths["person"].format(person.id), person.name, layout.speaker_page(person.id),
                          newest(graph.notes_of_speaker.get(person.id, ()))))  # fmt: skip
    for series in graph.series_with_pages():  # its editions' recaps: a new edition is news
        recaps = (graph.notes[e.docname] for e in graph.editions[series.id] if e.docname in graph.notes)
        feeds.append(Feed(paths["series"].format(series.id), series.name, layout.series_page(series.id),
                          newest(recaps)))  # fmt: skip
    return feeds


def feed_of_page(pagename: str, graph: Graph, layout: Layout, folder: str) -> tuple[str, str] | None:
    """The feed (path, title) that follows what a page lists, if it has one: an event page, or a topic's
    or a person's page (any of its year pages too)."""
    paths = feed_paths(layout, folder)
    event_id = layout.event_of_page(pagename)
    if event_id is not None and event_id in graph.events and not graph.events[event_id].draft:
        return paths["event"].format(event_id), graph.events[event_id].name
    kind, item_id = layout.item_of_page(pagename) or ("", "")
    if kind == "topic" and item_id in graph.topics:
        return paths["topic"].format(item_id), graph.topics[item_id].name
    if kind == "person" and graph.has_page(item_id):
        return paths["person"].format(item_id), graph.speakers[item_id].name
    if kind == "series" and graph.editions.get(item_id):
        return paths["series"].format(item_id), graph.series[item_id].name
    return None


def stable_id(base: str, name: str) -> str:
    """An id that only the site's address and the thing's name decide: the same in every build."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{base}#{name}").urn


@dataclass(frozen=True)
class AtomEntry:
    """What one entry of a feed says."""

    id: str
    title: str
    link: str
    updated: dt.datetime
    published: dt.datetime | None
    summary: str
    authors: tuple[str, ...]
    categories: tuple[tuple[str, str], ...]  # (term, label)


@dataclass(frozen=True)
class AtomDocument:
    """What one feed says: everything its Atom bytes are made from."""

    id: str
    title: str
    author: str
    page: str
    path: str
    updated: dt.datetime
    entries: tuple[AtomEntry, ...]
    writer: str = WRITER  # a newer feedgen may write other bytes


def atom_entry(note: Note, graph: Graph, base: str, url: str, commits: dict[str, dt.datetime]) -> AtomEntry:
    """What a feed says of ``note``: the same in every feed it is in."""
    if note.docname in commits:
        updated = commits[note.docname]
    else:
        updated = dt.datetime.combine(note.date, dt.time(), dt.UTC) if note.date else EPOCH
    return AtomEntry(
        id=stable_id(base, note.docname),
        title=note.title,
        link=absolute(base, url),
        updated=updated,
        published=dt.datetime.combine(note.date, dt.time(), dt.UTC) if note.date else None,
        summary=note.summary or "",
        authors=tuple(graph.speakers[speaker_id].name for speaker_id in note.speaker_ids),
        categories=tuple((topic_id, graph.topics[topic_id].name) for topic_id in note.topic_ids),
    )


def atom_document(feed: Feed, base: str, project: str, page_url: str, entries: tuple[AtomEntry, ...]) -> AtomDocument:
    """What ``feed`` says, with absolute addresses and the dates a reader keys on."""
    return AtomDocument(
        id=stable_id(base, f"feed:{feed.path}"),
        title=f"{project}: {feed.title}",
        author=project,  # entries without speakers still have an author
        page=absolute(base, page_url),
        path=absolute(base, feed.path),
        updated=max((entry.updated for entry in entries), default=EPOCH),
        entries=entries,
    )


def render(document: AtomDocument) -> bytes:
    """The Atom bytes of one feed."""
    # Imported here: most builds make no feed (what they say is unchanged), and feedgen brings lxml.
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(document.id)
    generator.title(document.title)
    generator.author({"name": document.author})
    generator.link(href=document.page, rel="alternate", type="text/html")
    generator.link(href=document.path, rel="self", type="application/atom+xml")
    generator.generator("talknotes")
    generator.updated(document.updated)
    for item in document.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.updated(item.updated)
        if item.published:
            entry.published(item.published)
        if item.summary:
            entry.summary(item.summary)
        for name in item.authors:
            entry.author({"name": name})
        for term, label in item.categories:
            entry.category(term=term, label=label)
    return generator.atom_str(pretty=True)


def write_feeds(app: Sphinx, build: Build) -> dict[str, str]:
    """Write every feed whose bytes changed, and delete the feeds of what no longer exists; return the
    fingerprints of what every feed says (``write_changed``)."""
    config = app.config
    folder = settings(config).feeds
    base = published_folder(config, app.builder.name, folder)
    if base is None:
        return {}
    graph = build.graph
    feeds = site_feeds(graph, settings(config).layout, folder, config.root_doc)
    commits = last_commits(app)
    uri = app.builder.get_target_uri
    # A note is in several feeds (its event's, its topics', its speakers', the site's): its entry, and the
    # digest that stands for it in each feed's fingerprint, are made once.
    entry_of: dict[str, tuple[AtomEntry, str]] = {}
    outputs = {}
    for feed in feeds:
        for note in feed.notes:
            if note.docname not in entry_of:
                entry = atom_entry(note, graph, base, uri(note.docname), commits)
                entry_of[note.docname] = entry, hashlib.sha256(repr(entry).encode("utf-8")).hexdigest()
        entries = tuple(entry_of[note.docname][0] for note in feed.notes)
        document = atom_document(feed, base, config.project, uri(feed.page), entries)
        source = (replace(document, entries=()), tuple(entry_of[note.docname][1] for note in feed.notes))
        outputs[feed.path] = Output(source, partial(render, document))
    return write_changed(Path(app.builder.outdir), folder, outputs, "*.atom", build.ledger.before.outputs)


def announce_feeds(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """``html-page-context``: announce the site's feed on every page, and a page's own feed on its page."""
    config = app.config
    folder = settings(config).feeds
    if published_folder(config, app.builder.name, folder) is None:
        return
    graph = build_of(app.env).graph
    layout = settings(config).layout
    announced = [(feed_paths(layout, folder)["site"], f"{config.project}: Latest notes")]
    own = feed_of_page(pagename, graph, layout, folder)
    if own is not None:
        announced.append((own[0], f"{config.project}: {own[1]}"))
    pathto = context["pathto"]
    links = [
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{escape(pathto(path, 1))}" />'
        for path, title in announced
    ]
    context["metatags"] = context.get("metatags", "") + "\n".join(links) + "\n"
