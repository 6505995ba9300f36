"""Which pages a change of notes can reach: the parts of the graph each note, document and generated page reads.

When only notes' own records changed since the last build (no event, topic, person or series did),
a page can show something new only if it reads a part of the graph that a changed note belongs to,
before or after the change: its event, one of its topics or one of its people (a topic page reads
every topic of its family, since it counts the notes of narrower topics). Every other page keeps
its last fingerprint without its cards and lists being made again (2.5 s, under cProfile, of a
topic change of the generated 10,000-note site). Anything else (an event, topic, person or series
changed, a page whose lists may select any note) makes every page compared, as a full build does.

The parts are named by keys, such as ``event:<id>``; a key is a name, not a promise of what a view
reads, so each rule here errs on the side of naming more.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..base.placeholders import Kind

if TYPE_CHECKING:
    from .generated_pages import GeneratedPage
    from .graph import Graph, Note

# The placeholders whose view reads only the note of their page and the parts that note belongs to.
# "Mentioned in" reads other pages' links, compared apart (``Fingerprints.mentions``), never the graph's parts.
OWN_NOTE_KINDS = frozenset({Kind.NOTE_CARD, Kind.NEIGHBOURS, Kind.EVENT_CARD, Kind.EVENT_NOTES, Kind.MENTIONS})


def topic_families(graph: Graph) -> dict[str, tuple[str, ...]]:
    """Each registered topic's family: every topic linked to it by broader topics, either way, itself included."""
    linked: dict[str, set[str]] = {topic_id: set() for topic_id in graph.topics}
    for topic in graph.topics.values():
        for broader in topic.broader:
            if broader in linked:
                linked[topic.id].add(broader)
                linked[broader].add(topic.id)
    family: dict[str, tuple[str, ...]] = {}
    for start in sorted(linked):
        if start in family:
            continue
        members, pending = {start}, [start]
        while pending:
            for other in linked[pending.pop()] - members:
                members.add(other)
                pending.append(other)
        for member in members:
            family[member] = tuple(sorted(members))
    return family


def note_keys(note: Note) -> list[str]:
    """The parts of the graph a note belongs to: itself, its event, its topics, its people.

    A note's cards and lists read these parts and no other: its related notes share its own topics
    (not broader or narrower ones), and the names it shows are the rest of the graph's."""
    keys = [f"note:{note.docname}", f"event:{note.event_id}"]
    keys += [f"topic:{topic_id}" for topic_id in note.topic_ids]
    keys += [f"person:{speaker_id}" for speaker_id in note.speaker_ids]
    return keys


def notes_and_keys(graph: Graph) -> dict[str, tuple[str, list[str]]]:
    """Each note's record digest and the parts it belongs to, kept for the next build."""
    digests = graph.note_digests()
    return {docname: (digests[docname], note_keys(note)) for docname, note in graph.notes.items()}


def changed_keys(before: dict[str, tuple[str, list[str]]], now: dict[str, tuple[str, list[str]]]) -> set[str]:
    """The parts of the graph that a note added, removed or changed belonged to, before or after."""
    reached: set[str] = set()
    for docname in before.keys() | now.keys():
        old, new = before.get(docname), now.get(docname)
        if old is not None and new is not None and old[0] == new[0]:
            continue
        for entry in (old, new):
            if entry is not None:
                reached.update(entry[1])
    return reached


def document_keys(graph: Graph, docname: str, uses: Iterable[dict[str, Any]], has_refs: bool) -> list[str] | None:
    """The parts of the graph a document's cards and lists read; None when they may read any."""
    note = graph.notes.get(docname)
    if has_refs or note is None or any(spec["type"] not in OWN_NOTE_KINDS for spec in uses):
        return None  # roles resolve against any event, topic or person; {notes} and overviews select any note
    return note_keys(note)


def page_keys(graph: Graph, page: GeneratedPage, families: dict[str, tuple[str, ...]]) -> list[str]:
    """The parts of the graph a generated page reads: its events, its topic's family, or its person and events."""
    if page.kind in ("topic", "topic-year"):
        # A topic page counts the notes of its narrower topics too, and names its broader ones.
        return [f"topic:{topic_id}" for topic_id in families.get(page.item_id, (page.item_id,))]
    if page.kind in ("speaker", "speaker-year"):
        # A person's page lists the events they organized too, with their counts of notes.
        return [f"person:{page.item_id}"] + [f"event:{e.id}" for e in graph.events_of_organizer.get(page.item_id, [])]
    # A year or series page lists events, with their counts of notes and their pages' summaries.
    return [f"event:{event.id}" for event in page.events(graph)]
