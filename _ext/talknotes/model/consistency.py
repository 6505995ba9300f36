"""Every check across pages, in one place, after the graph is built: what one page names that others lack.

Each page's own front matter is checked when it is read (records.py); these checks need the
whole site: events that do not exist, event folders without an event page, dates outside their
event, topics no registry defines, ``{notes}`` filters that name nothing, event folders named
like other pages, and people's names one typing mistake away from another's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..base.placeholders import Kind
from ..base.settings import Layout, Settings
from ..base.text import RESERVED_PAGE_IDS, did_you_mean, likely_misspellings, page_id, slugify
from ..base.warnings_ import Subtype, warn
from .frontmatter import check_event_folder_id
from .graph import Graph
from .records import PageRecord
from .registry import Registry
from .resolve import build_graph


def checked_graph(
    records: dict[str, PageRecord],
    registry: Registry,
    config: Settings,
    found_docs: set[str],
    uses: dict[str, list],
    source_of: Callable[[str], str] = str,
) -> Graph:
    """The graph of ``records``, with every check across pages reported: the one sequence that the build,
    ``make check`` and the importer run, so that they report the same problems."""
    graph = build_graph(records, registry)
    graph.list_limit = config.list_limit
    graph.people_limit = config.people_limit
    graph.topics_limit = config.topics_limit
    graph.mentions_limit = config.mentions_limit
    check_consistency(graph, records, found_docs, config.layout, uses, source_of)
    return graph


def check_consistency(
    graph: Graph,
    records: dict[str, PageRecord],
    found_docs: set[str],
    layout: Layout,
    uses: dict[str, list],
    source_of: Callable[[str], str] = str,
) -> None:
    """Warn about everything that does not fit between pages, in a stable order; ``source_of`` names a
    page's file (relative to the site) in messages that point at another page."""
    for event in sorted(graph.events.values(), key=lambda e: e.docname):
        check_event_folder_id(event.id, event.docname)
    warned_folders: set[str] = set()
    for docname in sorted(records):
        record = records[docname]
        check_event(record, graph, found_docs, layout, warned_folders)
        check_date(record, graph)
        check_topics(record, graph)
    check_notes_filters(graph, uses)
    check_similar_names(records, graph.registry, source_of)
    check_generated_names(records, graph, found_docs, layout, source_of)
    check_duplicate_sources(records, source_of)
    check_file_names(found_docs, source_of)


def check_duplicate_sources(records: dict[str, PageRecord], source_of: Callable[[str], str]) -> None:
    """Two notes of one event for one talk of a schedule: an import updates one, and both are listed."""
    first: dict[tuple[str | None, str], str] = {}
    for docname in sorted(records):
        record = records[docname]
        if record.source is None:
            continue
        key = (record.event_id, record.source.id)
        if key in first:
            warn(
                Subtype.DUPLICATE_ID,
                f"source id {record.source.id!r} is also that of {source_of(first[key])}: two pages for one "
                "talk; keep one (an import updates only one of them)",
                (docname, record.source_line),
            )
        else:
            first[key] = docname


def check_file_names(found_docs: set[str], source_of: Callable[[str], str]) -> None:
    """Two pages whose names differ only in case are one file on macOS and Windows: the site would lose one
    of them there, or in a checkout made there. (Names that differ in how an accent is encoded are one
    document to Sphinx already: ``encoding.warn_unread_files`` names them.)"""
    first: dict[str, str] = {}
    for docname in sorted(found_docs):
        key = docname.casefold()
        if key in first:
            warn(
                Subtype.DUPLICATE_ID,
                f"{source_of(docname)} and {source_of(first[key])} differ only in case: on macOS and Windows "
                "they are one file; rename one",
                (docname, 1),
            )
        else:
            first[key] = docname


def check_generated_names(
    records: dict[str, PageRecord],
    graph: Graph,
    found_docs: set[str],
    layout: Layout,
    source_of: Callable[[str], str],
) -> None:
    """A name whose slug is the name of an overview gets another id (``text.page_id``), with a warning at
    each place it is written; a generated page that has the name of a written page is written over it."""
    for docname in sorted(records):
        record = records[docname]
        named = [(name, line, "speaker") for name, line in record.speakers]
        if record.event is not None:
            named += [(name, line, "speaker") for name, line in record.event.organizers]
            if record.event.series:
                named.append((record.event.series, record.event.series_line, "series"))
        for name, line, noun in named:
            if noun == "speaker" and graph.registry.find_speaker(name):
                continue
            if slugify(name) in RESERVED_PAGE_IDS:
                folder = layout.series_dir if noun == "series" else layout.speakers_dir
                warn(
                    Subtype.BAD_ID,
                    f"{noun} name {name!r} would have the address of the overview {folder}/index; its page is "
                    f"{folder}/{page_id(name, noun)} instead: name it otherwise",
                    (docname, line),
                )
    generated = [(layout.speaker_page(s.id), "person", s.name) for s in graph.speakers_with_pages()]
    generated += [(layout.topic_page(t.id), "topic", t.name) for t in graph.topics.values()]
    generated += [(layout.series_page(s.id), "series", s.name) for s in graph.series_with_pages()]
    generated += [(layout.place_page(p.id), "place", p.label) for p in graph.places.values()]
    for pagename, noun, name in sorted(generated):
        if pagename in found_docs:
            warn(
                Subtype.BAD_ID,
                f"{source_of(pagename)} has the address of the page made for the {noun} {name!r}, which is "
                "written over it: rename the file",
                (pagename, 1),
            )


def check_event(record: PageRecord, graph: Graph, found_docs: set[str], layout: Layout, warned: set[str]) -> None:
    """A note whose event does not exist stays, without an event; its folder may lack an event page."""
    event_id = record.event_id
    if event_id is None or event_id in graph.events:
        return
    if record.folder_event is None:
        warn(
            Subtype.UNKNOWN_EVENT,
            f"unknown event {event_id!r}{did_you_mean(event_id, graph.events)}",
            (record.docname, record.event_line),
        )
    # An index.md without a valid event mapping has a warning of its own; a missing one is said here, once.
    elif event_id not in warned and layout.event_page(event_id) not in found_docs:
        warned.add(event_id)
        warn(
            Subtype.MISSING_EVENT_PAGE,
            f"event folder {layout.events_dir}/{event_id}/ has no index.md event page; "
            "its notes are listed without an event",
            (record.docname, 1),
        )


def check_date(record: PageRecord, graph: Graph) -> None:
    event = graph.events.get(record.event_id or "")
    date = record.date
    if event is None or date is None or event.start is None:
        return
    if not event.start <= date <= (event.end or event.start):
        warn(
            Subtype.DATE_OUTSIDE,
            f"date {date} is outside the dates of event {event.id!r} "
            f"({event.start}{' to ' + str(event.end) if event.end else ''})",
            (record.docname, record.date_line),
        )


def check_topics(record: PageRecord, graph: Graph) -> None:
    registry = graph.registry
    if not registry.topics_usable:  # the registry's own warning explains every unknown topic
        return
    for name, line in record.topics:
        if registry.find_topic(name) is None:
            hint = did_you_mean(name, registry.topic_spellings())
            if not registry.topics:
                hint += f"; no topics are defined (is {registry.topics_file} missing?)"
            warn(Subtype.UNKNOWN_TOPIC, f"unknown topic {name!r}{hint}", (record.docname, line))


def check_notes_filters(graph: Graph, uses: dict[str, list[dict[str, Any]]]) -> None:
    """Warn about every ``{notes}`` filter value that names no event, topic or speaker."""
    lookups = {
        "event": (graph.find_event, list(graph.events)),
        "topic": (graph.registry.find_topic, graph.registry.topic_spellings()),
        "speaker": (graph.find_speaker, [s.name for s in graph.speakers.values()]),
    }
    for docname in sorted(uses):
        for spec in uses[docname]:
            if spec["type"] != Kind.NOTES:
                continue
            for name, (find, known) in lookups.items():
                if name == "topic" and not graph.registry.topics_usable:
                    continue  # the registry's own warning explains every unknown topic
                for value in spec["filters"].get(name, ()):
                    if find(value) is None:
                        warn(
                            Subtype.NOTES_FILTER,
                            f"{{notes}} :{name}: {value!r} names no known {name}{did_you_mean(value, known)}; "
                            "the list stays empty",
                            (docname, spec["line"]),
                        )


@dataclass(frozen=True)
class Mention:
    """A person's name as a page writes it."""

    written: str
    docname: str
    line: int
    role: str  # "speaker" or "organizer"


@dataclass
class SimilarNames:
    """Names one typing mistake apart: every unregistered name with where pages write it, the registered
    spellings, and for each likely misspelling (by slug) the slug of the name it probably means."""

    mentions: dict[str, list[Mention]]
    registered: dict[str, str]  # slug of a registered spelling -> that spelling
    likely: dict[str, str]


def similar_names(records: dict[str, PageRecord], registry: Registry) -> SimilarNames:
    """The names that are one typing mistake from a registered name or alias, or from a name other pages use
    more often (on a tie, the name later in alphabetical order is the likely mistake).

    Registered names are never among them: registering two close names says they are two people.
    """
    mentions: dict[str, list[Mention]] = {}
    registered: dict[str, str] = {}
    for speaker in registry.speakers.values():
        for spelling in (speaker.name, *speaker.aliases):
            registered.setdefault(slugify(spelling), spelling)
    for docname in sorted(records):
        record = records[docname]
        people = [(name, line, "speaker") for name, line in record.speakers]
        if record.event is not None:
            people += [(name, line, "organizer") for name, line in record.event.organizers]
        for name, line, role in people:
            if registry.find_speaker(name) is None:
                mentions.setdefault(slugify(name), []).append(Mention(name, docname, line, role))
    likely: dict[str, str] = {}
    for a, b in likely_misspellings([*registered, *mentions]):
        for wrong, right in ((a, b), (b, a)):
            if wrong not in mentions or wrong in registered:
                continue
            if right not in registered and (len(mentions[right]), wrong) <= (len(mentions[wrong]), right):
                continue  # the other name is the rarer one, or neither is registered and this one is used more
            current = likely.get(wrong)
            if current is None or (right in registered, len(mentions.get(right, ()))) > (
                current in registered,
                len(mentions.get(current, ())),
            ):
                likely[wrong] = right
    return SimilarNames(mentions, registered, likely)


def check_similar_names(records: dict[str, PageRecord], registry: Registry, source_of: Callable[[str], str]) -> None:
    """Warn at every mention of a likely misspelling (``similar_names``), naming the spelling it probably means."""
    found = similar_names(records, registry)
    mentions, registered, likely = found.mentions, found.registered, found.likely
    speakers_file = registry.speakers_file.name if registry.speakers_file else "speakers.yml"
    for wrong in sorted(likely):
        right = likely[wrong]
        if right in registered:
            meant = f"{registered[right]!r} (registered in {speakers_file})"
            fix = f"use that spelling or add this one to its aliases in {speakers_file}"
        else:
            first = mentions[right][0]
            meant = f"{first.written!r} (named in {source_of(first.docname)}:{first.line})"
            fix = f"use one spelling in both places, or register one with the other as an alias in {speakers_file}"
        for mention in mentions[wrong]:
            warn(
                Subtype.SIMILAR_NAME,
                f"{mention.role} {mention.written!r} is one letter away from {meant}: if it is the same person, "
                f"{fix}; if not, register both names in {speakers_file}",
                (mention.docname, mention.line),
            )
