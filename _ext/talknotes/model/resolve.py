"""Page records and the registries resolved into the graph, once per build; what does not resolve is left out."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..base.settings import Layout
from ..base.text import page_id
from .graph import Event, Graph, Note, Series, newest_first, newest_first_event, speaker_of
from .places import places_of
from .records import PageRecord
from .registry import Registry, Speaker


def build_graph(records: dict[str, PageRecord], registry: Registry, layout: Layout) -> Graph:
    """Resolve every page record against the registries and each other; what does not resolve is left out.

    The warnings about what does not fit are given by ``consistency.check_consistency``.
    """
    graph = Graph(registry=registry)
    speaker_spellings: dict[str, Counter[str]] = defaultdict(Counter)
    series_spellings: dict[str, Counter[str]] = defaultdict(Counter)

    for docname in sorted(records):
        event = records[docname].event
        if event is None:
            continue
        if event.series:
            series_spellings[page_id(event.series, "series")][event.series] += 1
        organizer_ids: list[str] = []
        for name, _line in event.organizers:
            person_id = speaker_of(registry, name)
            speaker_spellings[person_id][name] += 1
            if person_id not in organizer_ids:
                organizer_ids.append(person_id)
        graph.events[event.id] = Event(
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
            organizer_ids=tuple(organizer_ids),
            series_id=page_id(event.series, "series") if event.series else None,
            website=event.website,
            topic_ids=resolve_topics(records[docname], registry),
            draft=records[docname].draft,
        )

    for docname in sorted(records):
        record = records[docname]
        event = graph.events.get(record.event_id or "")
        if event is None and record.folder_event is not None and not record.is_event_page:
            # No event page will list this note in its toctree; a warning says why.
            graph.orphans.add(docname)
        speaker_ids = []
        for name, _line in record.speakers:
            speaker_id = speaker_of(registry, name)
            speaker_spellings[speaker_id][name] += 1
            if speaker_id not in speaker_ids:
                speaker_ids.append(speaker_id)
        graph.notes[docname] = Note(
            docname=docname,
            title=record.title,
            kind=record.kind,
            event_id=event.id if event else None,
            date=record.date or (event.start if event else None),
            topic_ids=(event.topic_ids if record.is_event_page and event else resolve_topics(record, registry)),
            speaker_ids=tuple(speaker_ids),
            slides=record.slides,
            video=record.video,
            summary=record.summary,
            draft=record.draft,
            is_event_page=record.is_event_page,
            source=record.source,
            time=record.time,
            programme=record.source is not None and not record.written,
        )

    graph.speakers = dict(registry.speakers)
    for speaker_id, spellings in speaker_spellings.items():
        if speaker_id not in graph.speakers:
            # The most used spelling names an unregistered person.
            graph.speakers[speaker_id] = Speaker(speaker_id, most_used(spellings), registered=False)

    for series_id, spellings in series_spellings.items():
        graph.series[series_id] = Series(series_id, most_used(spellings))
    _index(graph)
    graph.places = places_of(graph)
    for place in graph.places.values():
        for event_id in place.event_ids:
            graph.places_of_event.setdefault(event_id, []).append(place.id)
    return graph


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
