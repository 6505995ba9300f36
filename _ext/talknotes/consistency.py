"""Every check across pages, in one place, after the graph is built: what one page names that others lack.

Each page's own front matter is checked when it is read (records.py); these checks need the
whole site: events that do not exist, event folders without an event page, dates outside their
event, topics no registry defines, ``{notes}`` filters that name nothing, and event folders named
like other pages.
"""

from __future__ import annotations

from typing import Any

from .frontmatter import check_event_folder_id
from .graph import Graph
from .placeholders import Kind
from .records import PageRecord
from .settings import Layout
from .text import did_you_mean
from .warnings_ import Subtype, warn


def check_consistency(
    graph: Graph, records: dict[str, PageRecord], found_docs: set[str], layout: Layout, uses: dict[str, list]
) -> None:
    """Warn about everything that does not fit between pages, in a stable order."""
    for event in sorted(graph.events.values(), key=lambda e: e.docname):
        check_event_folder_id(event.id, event.docname)
    warned_folders: set[str] = set()
    for docname in sorted(records):
        record = records[docname]
        check_event(record, graph, found_docs, layout, warned_folders)
        check_date(record, graph)
        check_topics(record, graph)
    check_notes_filters(graph, uses)


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
