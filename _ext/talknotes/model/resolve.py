"""Page records and the registries resolved into the graph, once per build; what does not resolve is left out."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..base.text import page_id
from .graph import Event, Graph, Note, Series, newest_first, newest_first_event, speaker_of
from .places import places_of
from .records import PageRecord
from .registry import Registry, Speaker

Spellings = dict[str, Counter[str]]  # by id: how often each spelling of its name is written


def build_graph(records: dict[str, PageRecord], registry: Registry) -> Graph:
    """Resolve every page record against the registries and each other; what does not resolve is left out.

    The warnings about what does not fit are given by ``consistency.check_consistency``.
    """
    graph = Graph(registry=registry)
    people: Spellings = defaultdict(Counter)
    series: Spellings = defaultdict(Counter)
    for docname in sorted(records):
        event = resolve_event(docname, records[docname], registry, people, series)
        if event is not None:
            graph.events[event.id] = event
    for docname in sorted(records):
        record = records[docname]
        event = graph.events.get(record.event_id or "")
        if event is None and record.folder_event is not None and not record.is_event_page:
            # No event page will list this note in its toctree; a warning says why.
            graph.orphans.add(docname)
        graph.notes[docname] = resolve_note(docname, record, event, registry, people)

    graph.speakers = dict(registry.speakers)
    for speaker_id, spellings in people.items():
        if speaker_id not in graph.speakers:
            # The most used spelling names an unregistered person.
            graph.speakers[speaker_id] = Speaker(speaker_id, most_used(spellings), registered=False)
    for series_id, spellings in series.items():
        graph.series[series_id] = Series(series_id, most_used(spellings))
    _index(graph)
    graph.places = places_of(graph)
    for place in graph.places.values():
        for event_id in place.event_ids:
            graph.places_of_event.setdefault(event_id, []).append(place.id)
    return graph


def resolve_event(
    docname: str, record: PageRecord, registry: Registry, people: Spellings, series: Spellings
) -> Event | None:
    """The event a page describes, None on a page that is no event page; its organizers' and series' spellings
    counted."""
    event = record.event
    if event is None:
        return None
    if event.series:
        series[page_id(event.series, "series")][event.series] += 1
    return Event(
        id=event.id,
        docname=docname,
        name=event.name,
        start=event.start,
        end=event.end,
        venue=event.venue,
        city=event.city,
        region=event.region,
        country=event.country,
        attendance=event.attendance,
        organizers=tuple(name for name, _line in event.organizers),
        organizer_ids=person_ids(event.organizers, registry, people),
        series_id=page_id(event.series, "series") if event.series else None,
        website=event.website,
        topic_ids=resolve_topics(record, registry),
        draft=record.draft,
    )


def resolve_note(docname: str, record: PageRecord, event: Event | None, registry: Registry, people: Spellings) -> Note:
    """A page as a note of ``event`` (None when it has none, or names one that does not resolve)."""
    return Note(
        docname=docname,
        title=record.title,
        kind=record.kind,
        event_id=event.id if event else None,
        date=record.date or (event.start if event else None),
        topic_ids=(event.topic_ids if record.is_event_page and event else resolve_topics(record, registry)),
        speaker_ids=person_ids(record.speakers, registry, people),
        slides=record.slides,
        video=record.video,
        summary=record.summary,
        draft=record.draft,
        is_event_page=record.is_event_page,
        source=record.source,
        time=record.time,
        programme=record.source is not None and not record.written,
    )


def person_ids(names: Iterable[tuple[str, int]], registry: Registry, people: Spellings) -> tuple[str, ...]:
    """The ids of the people ``names`` (name, line) name, in order, once each; each spelling counted."""
    ids: list[str] = []
    for name, _line in names:
        person_id = speaker_of(registry, name)
        people[person_id][name] += 1
        if person_id not in ids:
            ids.append(person_id)
    return tuple(ids)


def most_used(spellings: Counter[str]) -> str:
    """The spelling most pages use; ties go to the first in order."""
    return sorted(spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]


def resolve_topics(record: PageRecord, registry: Registry) -> tuple[str, ...]:
    """The ids of the topics a record names, in order, once each; unknown names are left out."""
    topic_ids: list[str] = []
    for name, _line in record.topics:
        topic_id = registry.find_topic(name)
        if topic_id is not None and topic_id not in topic_ids:
            topic_ids.append(topic_id)
    return tuple(topic_ids)


def _index(graph: Graph) -> None:
    notes = graph.listed_notes()
    for event_id in graph.events:
        graph.notes_of_event[event_id] = []
    for topic_id in graph.topics:
        graph.notes_of_topic[topic_id] = []
    for speaker_id in graph.speakers:
        graph.notes_of_speaker[speaker_id] = []
        graph.events_of_organizer[speaker_id] = []
    for entry in graph.listed_entries():
        if entry.event_id is not None:
            graph.programme_of_event.setdefault(entry.event_id, []).append(entry)
        for topic_id in entry.topic_ids:
            graph.programme_of_topic.setdefault(topic_id, []).append(entry)
        for speaker_id in entry.speaker_ids:
            graph.programme_of_speaker.setdefault(speaker_id, []).append(entry)
    graph.editions = {series_id: [] for series_id in graph.series}
    for event in sorted(graph.listed_events(), key=newest_first_event):
        for person_id in event.organizer_ids:
            graph.events_of_organizer[person_id].append(event)
        if event.series_id is not None:
            graph.editions[event.series_id].append(event)
    for note in notes:
        if note.event_id is not None and not note.is_event_page:
            graph.notes_of_event[note.event_id].append(note)
        for topic_id in note.topic_ids:
            graph.notes_of_topic[topic_id].append(note)
        for speaker_id in note.speaker_ids:
            graph.notes_of_speaker[speaker_id].append(note)
    graph.rank = {note.docname: rank for rank, note in enumerate(sorted(notes, key=newest_first))}
    graph.newest_of_topic = {
        topic_id: sorted((n.docname for n in topic_notes), key=graph.rank.__getitem__)
        for topic_id, topic_notes in graph.notes_of_topic.items()
    }
