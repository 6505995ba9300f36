"""Plain-data views of the graph: exactly what each placeholder and generated page shows.

The renderers turn views into nodes or HTML, and the incremental-build check hashes the same
views, so a page is rewritten exactly when what it shows has changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from ..base.text import fold
from .graph import (
    Event,
    Graph,
    Note,
    by_date_then_title,
    in_programme_order,
    newest_first,
    newest_first_event,
    notes_by_year,
    year_of,
)


def event_ref(graph: Graph, event_id: str | None) -> dict[str, str] | None:
    event = graph.events.get(event_id or "")
    return {"id": event.id, "name": event.name, "docname": event.docname} if event else None


def topic_refs(graph: Graph, topic_ids: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"id": t, "name": graph.topics[t].name} for t in topic_ids if t in graph.topics]


def speaker_refs(graph: Graph, speaker_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"id": s, "name": graph.speakers[s].name, "linked": graph.has_page(s)}
        for s in speaker_ids
        if s in graph.speakers
    ]


def brief_view(graph: Graph, note: Note, *, with_event: bool) -> dict[str, Any]:
    """A note as the neighbour lists at the bottom of a page show it: title, kind, date (and event)."""
    return {
        "docname": note.docname,
        "title": note.title,
        "kind": note.kind,
        "date": note.date.isoformat() if note.date else None,
        "event": event_ref(graph, note.event_id) if with_event else None,
    }


def note_view(graph: Graph, note: Note) -> dict[str, Any]:
    """A note as every list shows it: the brief view, with its speakers, topics and summary."""
    return brief_view(graph, note, with_event=True) | {
        "speakers": speaker_refs(graph, note.speaker_ids),
        "topics": topic_refs(graph, note.topic_ids),
        "summary": note.summary,
        "slides": note.slides,
        "video": note.video,
        "session": note.source.url if note.source else None,
        "programme": note.programme,
    }


def programme_view(graph: Graph, event_id: str) -> list[dict[str, Any]]:
    """An event's whole programme, day by day in the order it ran: every talk with a page, notes and
    programme entries alike (a note is marked by ``programme`` being false); empty when the event has no
    programme entries, since its notes are listed already."""
    entries = graph.programme_of_event.get(event_id, [])
    if not entries:
        return []
    talks = sorted([*graph.notes_of_event.get(event_id, []), *entries], key=in_programme_order)
    days: dict[str | None, list[dict[str, Any]]] = {}
    for talk in talks:
        day = talk.date.isoformat() if talk.date else None
        days.setdefault(day, []).append(note_view(graph, talk) | {"time": talk.time})
    return [{"date": day, "talks": listed} for day, listed in days.items()]


def event_view(graph: Graph, event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "docname": event.docname,
        "name": event.name,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "venue": event.venue,
        "place": event.place,
        "attendance": event.attendance,
        "organizers": speaker_refs(graph, event.organizer_ids),
        "website": event.website,
        "topics": topic_refs(graph, event.topic_ids),
        "note_count": len(graph.notes_of_event.get(event.id, ())),
        "entry_count": len(graph.programme_of_event.get(event.id, ())),
        "recap": has_recap(graph, event),
    }


def has_recap(graph: Graph, event: Event) -> bool:
    """Whether the event page holds a recap someone wrote: an imported event page is no recap until then."""
    note = graph.notes.get(event.docname)
    return note is not None and not note.programme


def select_notes(graph: Graph, spec: dict[str, Any]) -> list[Note]:
    """The listed notes a ``{notes}`` directive selects; a filter naming nothing known selects nothing."""
    filters = spec["filters"]
    wanted = {
        "event": {graph.find_event(v) for v in filters.get("event", ())} - {None},
        "topic": {graph.registry.find_topic(v) for v in filters.get("topic", ())} - {None},
        "speaker": {graph.find_speaker(v) for v in filters.get("speaker", ())} - {None},
        "kind": set(filters.get("kind", ())),
        "year": set(filters.get("year", ())),
    }

    def matches(note: Note) -> bool:
        return (
            ("event" not in filters or note.event_id in wanted["event"])
            and ("topic" not in filters or bool(wanted["topic"] & set(note.topic_ids)))
            and ("speaker" not in filters or bool(wanted["speaker"] & set(note.speaker_ids)))
            and ("kind" not in filters or note.kind in wanted["kind"])
            and ("year" not in filters or (note.date is not None and str(note.date.year) in wanted["year"]))
        )

    order = {"date": by_date_then_title, "-date": newest_first, "title": lambda n: (fold(n.title), n.docname)}
    selected = sorted((n for n in graph.listed_notes() if matches(n)), key=order[spec["sort"]])
    return selected[: spec["limit"]] if spec["limit"] else selected


def event_index_view(graph: Graph) -> dict[str, Any]:
    """The events overview: every year with its counts; the events of the newest years, whole years at a time.

    Whole years are shown while the events shown stay within ``graph.list_limit`` (always at least
    one year); every year has its own page listing all of its events.
    """
    years = events_by_year(graph)
    shown: list[dict[str, Any]] = []
    count = 0
    for year, events in years.items():
        if shown and count + len(events) > graph.list_limit:
            break
        shown.append({"year": year, "events": [event_view(graph, e) for e in events]})
        count += len(events)
    return {
        "years": [
            {"year": year, "events": len(events), "notes": sum(len(graph.notes_of_event[e.id]) for e in events)}
            for year, events in years.items()
        ],
        "groups": shown,
    }


def events_by_year(graph: Graph) -> dict[str, list[Event]]:
    """Listed events by year of their start, newest year and newest event first."""
    result: dict[str, list[Event]] = {}
    for event in sorted(graph.listed_events(), key=newest_first_event):
        result.setdefault(year_of(event.start), []).append(event)
    return result


def year_page_view(graph: Graph, year: str) -> dict[str, Any]:
    """A year page: every event of the year, newest first, with the years before and after."""
    years = list(events_by_year(graph))
    position = years.index(year)
    events = events_by_year(graph)[year]
    return {
        "year": year,
        "events": [
            {**event_view(graph, e), "summary": graph.notes[e.docname].summary if e.docname in graph.notes else None}
            for e in events
        ],
        "notes": sum(len(graph.notes_of_event[e.id]) for e in events),
        "entries": sum(len(graph.programme_of_event.get(e.id, ())) for e in events),
        "newer": years[position - 1] if position > 0 else None,
        "older": years[position + 1] if position + 1 < len(years) else None,
    }


def notes_under(graph: Graph, topic_id: str, memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """The listed notes of a topic and of every topic narrower than it, at any depth, each once."""
    if topic_id not in memo:
        memo[topic_id] = frozenset()  # a cycle of broader topics (warned about when read) ends here
        found = {note.docname for note in graph.notes_of_topic.get(topic_id, ())}
        for child in graph.narrower(topic_id):
            found |= notes_under(graph, child, memo)
        memo[topic_id] = frozenset(found)
    return memo[topic_id]


def sorted_topics(graph: Graph, topic_ids: list[str]) -> list[str]:
    return sorted(topic_ids, key=lambda t: (fold(graph.topics[t].name), t))


LATEST_OF_SPLIT = 20  # at most, on a topic or speaker page whose list is split by year


def split_view(graph: Graph, notes: list[Note]) -> tuple[list[Note], list[dict[str, Any]]]:
    """The notes a topic or speaker page shows, and its years when it is split (more than the list limit)."""
    if len(notes) <= graph.list_limit:
        return notes, []
    years = [{"year": year, "count": len(of_year)} for year, of_year in notes_by_year(notes).items()]
    return sorted(notes, key=newest_first)[: min(LATEST_OF_SPLIT, graph.list_limit)], years


def grouped_by_event(graph: Graph, notes: list[Note]) -> list[dict[str, Any]]:
    """Notes grouped by event, newest event first, notes without an event last."""
    groups: dict[str | None, list[Note]] = defaultdict(list)
    for note in sorted(notes, key=by_date_then_title):
        groups[note.event_id].append(note)

    def group_key(event_id: str | None) -> tuple[Any, ...]:
        event = graph.events.get(event_id or "")
        return (event is None, -(event.start.toordinal() if event and event.start else 0), event_id or "")

    return [
        {"event": event_ref(graph, event_id), "notes": [note_view(graph, n) for n in groups[event_id]]}
        for event_id in sorted(groups, key=group_key)
    ]


def entries_view(graph: Graph, entries: list[Note]) -> dict[str, Any]:
    """The programme entries a topic or person page lists below its notes: the newest, up to the list limit
    (the explore page filters the rest), and how many there are."""
    newest = sorted(entries, key=newest_first)[: graph.list_limit]
    return {"entries": [note_view(graph, n) for n in newest], "entry_count": len(entries)}


def list_view(graph: Graph, notes: list[Note]) -> tuple[list[Note], dict[str, Any]]:
    """The notes a topic or speaker page shows, and the counts and years it says about its list."""
    shown, years = split_view(graph, notes)
    return shown, {"count": len(notes), "shown": len(shown), "years": years}


def topic_page_view(graph: Graph, topic_id: str) -> dict[str, Any]:
    """A topic page: description, aliases, broader and narrower topics, notes grouped by event (newest first)."""
    topic = graph.topics[topic_id]
    shown, counts = list_view(graph, graph.notes_of_topic.get(topic_id, []))
    narrower = tuple(sorted_topics(graph, graph.narrower(topic_id)))
    memo: dict[str, frozenset[str]] = {}
    narrower_refs = [{**ref, "total": len(notes_under(graph, ref["id"], memo))} for ref in topic_refs(graph, narrower)]
    return {"id": topic.id, "name": topic.name, "aliases": list(topic.aliases), "description": topic.description,
            "broader": topic_refs(graph, topic.broader), "narrower": narrower_refs,
            "total": len(notes_under(graph, topic_id, memo)),
            "groups": grouped_by_event(graph, shown), **counts,
            **entries_view(graph, graph.programme_of_topic.get(topic_id, []))}  # fmt: skip


def speaker_page_view(graph: Graph, speaker_id: str) -> dict[str, Any]:
    """A person's page: aliases, links, the notes of their talks newest first, and the events they organized."""
    speaker = graph.speakers[speaker_id]
    shown, counts = list_view(graph, graph.notes_of_speaker.get(speaker_id, []))
    notes = [note_view(graph, n) for n in sorted(shown, key=newest_first)]
    organized = [event_view(graph, e) for e in graph.events_of_organizer.get(speaker_id, [])]
    return {"id": speaker.id, "name": speaker.name, "aliases": list(speaker.aliases), "links": list(speaker.links),
            "notes": notes, "organized": organized, **counts,
            **entries_view(graph, graph.programme_of_speaker.get(speaker_id, []))}  # fmt: skip


def part_view(graph: Graph, kind: str, item_id: str, year: str) -> dict[str, Any]:
    """One year of a split topic or speaker page, with the years before and after.

    Nothing of the other years but whether there are any: a note added to one year then rewrites
    that year's page, not every year's (a 24-year topic has 24)."""
    name = graph.topics[item_id].name if kind == "topic" else graph.speakers[item_id].name
    by_year = graph.years_of(kind, item_id)
    years = list(by_year)
    position = years.index(year)
    of_year = by_year[year]
    return {
        "kind": kind,
        "id": item_id,
        "name": name,
        "year": year,
        "count": len(of_year),
        "groups": grouped_by_event(graph, of_year) if kind == "topic" else [],
        "notes": [note_view(graph, n) for n in of_year] if kind == "speaker" else [],
        "newer": years[position - 1] if position > 0 else None,
        "older": years[position + 1] if position + 1 < len(years) else None,
    }


def digest(value: Any) -> str:
    """A stable fingerprint of a view."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("ascii")).hexdigest()


def series_ref(graph: Graph, series_id: str | None) -> dict[str, str] | None:
    series = graph.series.get(series_id or "")
    return {"id": series.id, "name": series.name} if series else None


def editions_around(graph: Graph, event: Event) -> dict[str, Any]:
    """An event's series, and the editions before and after it (by start date)."""
    editions = graph.editions.get(event.series_id or "", [])
    position = next((i for i, e in enumerate(editions) if e.id == event.id), None)
    newer = editions[position - 1] if position else None
    older = editions[position + 1] if position is not None and position + 1 < len(editions) else None
    return {
        "series": series_ref(graph, event.series_id),
        "previous": event_ref(graph, older.id) if older else None,
        "next": event_ref(graph, newer.id) if newer else None,
    }


def series_page_view(graph: Graph, series_id: str) -> dict[str, Any]:
    """A series page: its editions, newest first, as the events overview shows them."""
    series = graph.series[series_id]
    editions = [event_view(graph, e) | {"summary": summary_of(graph, e)} for e in graph.editions.get(series_id, [])]
    return {"id": series.id, "name": series.name, "editions": editions}


def summary_of(graph: Graph, event: Event) -> str | None:
    note = graph.notes.get(event.docname)
    return note.summary if note else None


def series_index_view(graph: Graph) -> list[dict[str, Any]]:
    """Every series with editions, by name: how many, and the latest."""
    return [
        {"id": s.id, "name": s.name, "count": len(graph.editions[s.id]),
         "latest": event_ref(graph, graph.editions[s.id][0].id)}
        for s in sorted(graph.series_with_pages(), key=lambda s: (fold(s.name), s.id))
    ]  # fmt: skip
