"""The knowledge graph: page records and registries resolved into events, notes, topics and speakers."""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..base.text import fold, page_id
from .records import Source
from .registry import Registry, Speaker, Topic

if TYPE_CHECKING:
    from .mentions import Mentioned
    from .place import Place

RELATED_LIMIT = 5
UNDATED = "undated"


@dataclass(frozen=True)
class Event:
    id: str
    docname: str
    name: str
    start: dt.date | None
    end: dt.date | None
    venue: str | None
    city: str | None
    region: str | None
    country: str | None
    attendance: int | None
    organizers: tuple[str, ...]  # as written
    organizer_ids: tuple[str, ...]  # the people they stand for, like speakers
    website: str | None
    topic_ids: tuple[str, ...]
    draft: bool
    series_id: str | None = None

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)


@dataclass(frozen=True)
class Series:
    """The editions of a recurring event, such as a yearly conference: events that name it."""

    id: str
    name: str


@dataclass(frozen=True)
class Note:
    docname: str
    title: str
    kind: str
    event_id: str | None
    date: dt.date | None
    topic_ids: tuple[str, ...]
    speaker_ids: tuple[str, ...]
    slides: str | None
    video: str | None
    summary: str | None
    draft: bool
    is_event_page: bool
    source: Source | None = None
    time: str | None = None  # HH:MM, the session's start, when the schedule gave it
    # A talk taken from a schedule whose page holds no notes yet (an event page: no recap yet): shown as an
    # entry of its event's programme, never as a note (writeup.py says what counts as written).
    programme: bool = False


# A session that starts before this time belongs to the day before, as frab's days run past midnight: the
# importer files it under that day, and the programme lists it last on it.
DAY_CHANGE = dt.time(4)


def in_programme_order(note: Note) -> tuple[Any, ...]:
    """By day, then time (sessions without a time first on their day, those past midnight last), then title:
    as a programme runs."""
    time = note.time or ""
    if time and time < f"{DAY_CHANGE:%H:%M}":
        time = f"{int(time[:2]) + 24}{time[2:]}"
    return (note.date or dt.date.max, time, fold(note.title), note.docname)


def by_date_then_title(note: Note) -> tuple[Any, ...]:
    return (note.date or dt.date.max, fold(note.title), note.docname)


def newest_first(note: Note) -> tuple[Any, ...]:
    return (-(note.date or dt.date.min).toordinal(), fold(note.title), note.docname)


def newest_first_event(event: Event) -> tuple[Any, ...]:
    """Events newest first, as the overview, the year pages and the navigation list them."""
    return (-(event.start or dt.date.min).toordinal(), fold(event.name), event.id)


def year_of(day: dt.date | None) -> str:
    """The year a dated thing is filed under (its id in URLs); undated ones go to 'undated'."""
    return f"{day.year:04d}" if day else UNDATED  # four digits: year 1 is 0001, never an event folder "1"


def notes_by_year(notes: list[Note]) -> dict[str, list[Note]]:
    """Notes by year, newest year first (undated last), each year's notes newest first."""
    result: dict[str, list[Note]] = {}
    for note in sorted(notes, key=newest_first):
        result.setdefault(year_of(note.date), []).append(note)
    return result


def year_label(year: str) -> str:
    """A year as readers see it."""
    return "Undated" if year == UNDATED else year


@dataclass
class Graph:
    """Everything the pages show, indexed for listing; built once per build in the main process."""

    registry: Registry
    events: dict[str, Event] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    notes_of_event: dict[str, list[Note]] = field(default_factory=dict)
    notes_of_topic: dict[str, list[Note]] = field(default_factory=dict)
    notes_of_speaker: dict[str, list[Note]] = field(default_factory=dict)
    # Programme entries (listed talks without notes), apart from the notes: by event, topic and person.
    programme_of_event: dict[str, list[Note]] = field(default_factory=dict)
    programme_of_topic: dict[str, list[Note]] = field(default_factory=dict)
    programme_of_speaker: dict[str, list[Note]] = field(default_factory=dict)
    events_of_organizer: dict[str, list[Event]] = field(default_factory=dict)  # listed events, newest first
    series: dict[str, Series] = field(default_factory=dict)
    editions: dict[str, list[Event]] = field(default_factory=dict)  # of each series: listed events, newest first
    orphans: set[str] = field(default_factory=set)  # notes in an event folder that has no event page
    newest_of_topic: dict[str, list[str]] = field(default_factory=dict)  # docnames, newest first
    rank: dict[str, int] = field(default_factory=dict)  # a listed note's place in newest-first order
    list_limit: int = 100  # longer topic and speaker lists are split by year (talknotes_list_limit)
    people_limit: int = 1000  # a longer people overview is a page per letter (talknotes_people_limit)
    topics_limit: int = 1000  # a longer topics overview is a page per letter (talknotes_topics_limit)
    # The links people wrote, by the page they link to (mentions.mentions_by_page): made after the graph, from
    # every page's links, and compared apart from it (``Fingerprints.mentions``).
    mentions: dict[str, list[Mentioned]] = field(default_factory=dict)
    # The countries and cities of the listed events (places.places_of), and each event's, the country first.
    places: dict[str, Place] = field(default_factory=dict)
    places_of_event: dict[str, list[str]] = field(default_factory=dict)
    mentions_limit: int = 10  # the most mentions the foot of a page shows (talknotes_mentions_limit)
    _related: dict[str, list[Note]] = field(default_factory=dict)
    _years: dict[tuple[str, str], dict[str, list[Note]]] = field(default_factory=dict)
    _members: dict[str, frozenset[str]] = field(default_factory=dict)
    _shared: dict[tuple[str, ...], tuple[list[str], frozenset[str]]] = field(default_factory=dict)
    _note_digests: dict[str, str] = field(default_factory=dict)
    _without_notes: str = ""

    @property
    def topics(self) -> dict[str, Topic]:
        return self.registry.topics

    def has_page(self, speaker_id: str) -> bool:
        """Registered people, and those who spoke at a listed note or organized a listed event, get a page;
        someone named only in drafts does not."""
        speaker = self.speakers.get(speaker_id)
        return speaker is not None and (
            speaker.registered
            or bool(self.notes_of_speaker.get(speaker_id))
            or bool(self.programme_of_speaker.get(speaker_id))
            or bool(self.events_of_organizer.get(speaker_id))
        )

    def series_with_pages(self) -> list[Series]:
        """Series with at least one listed edition, by id."""
        return [self.series[s] for s in sorted(self.series) if self.editions.get(s)]

    def speakers_with_pages(self) -> list[Speaker]:
        return [s for s in self.speakers.values() if self.has_page(s.id)]

    def listed(self, note: Note) -> bool:
        """Drafts, and every note of a draft event, are built but never listed."""
        event = self.events.get(note.event_id or "")
        return not note.draft and not (event is not None and event.draft)

    def listed_notes(self) -> list[Note]:
        """Listed notes that someone wrote: what lists, feeds and counts of notes show."""
        return sorted((n for n in self.notes.values() if self.listed(n) and not n.programme), key=by_date_then_title)

    def listed_entries(self) -> list[Note]:
        """Listed programme entries: talks of a schedule with no notes yet (not event pages without a recap)."""
        return sorted(
            (n for n in self.notes.values() if self.listed(n) and n.programme and not n.is_event_page),
            key=by_date_then_title,
        )

    def listed_events(self) -> list[Event]:
        return [e for e in self.events.values() if not e.draft]

    def narrower(self, topic_id: str) -> list[str]:
        return sorted(t.id for t in self.topics.values() if topic_id in t.broader)

    def find_speaker(self, text: str) -> str | None:
        speaker_id = speaker_of(self.registry, text)
        return speaker_id if self.has_page(speaker_id) else None

    def find_event(self, text: str) -> str | None:
        if text in self.events:
            return text
        return next((e.id for e in self.events.values() if fold(e.name) == fold(text)), None)

    def notes_of(self, kind: str, item_id: str) -> list[Note]:
        """The listed notes of a topic or a speaker (``kind``)."""
        return (self.notes_of_topic if kind == "topic" else self.notes_of_speaker).get(item_id, [])

    def years_of(self, kind: str, item_id: str) -> dict[str, list[Note]]:
        """The notes of a topic or a speaker by year (``notes_by_year``), sorted once per build: every
        part of a split list, its view, its fingerprint and its sitemap entry read the same years."""
        key = (kind, item_id)
        if key not in self._years:
            self._years[key] = notes_by_year(self.notes_of(kind, item_id))
        return self._years[key]

    def related(self, note: Note) -> list[Note]:
        """Up to five listed notes of other events that share most topics with ``note``, newest first on ties."""
        if note.docname in self._related:
            return self._related[note.docname]
        topics = tuple(sorted({t for t in note.topic_ids if t in self.newest_of_topic}))
        ranked, several = self.shared_by(topics)

        def eligible(docname: str) -> bool:
            other = self.notes[docname]
            return docname != note.docname and (note.event_id is None or other.event_id != note.event_id)

        result: list[str] = []
        for docname in ranked:
            if eligible(docname):
                result.append(docname)
                if len(result) == RELATED_LIMIT:
                    break
        if len(result) < RELATED_LIMIT:
            # Notes sharing one topic, newest first: walk the topics' newest-first lists together.
            lists = [self.newest_of_topic[t] for t in topics]
            for docname in heapq.merge(*lists, key=self.rank.__getitem__):
                if docname not in several and eligible(docname):
                    result.append(docname)
                    if len(result) == RELATED_LIMIT:
                        break
        self._related[note.docname] = [self.notes[d] for d in result]
        return self._related[note.docname]

    def shared_by(self, topics: tuple[str, ...]) -> tuple[list[str], frozenset[str]]:
        """The notes in two or more of ``topics``, most shared then newest first, and as a set; made once per
        set of topics in a build, since many notes have the same topics.

        By set intersections (in C): counting every note of every topic, for every note, cost a second
        at 10,000 notes."""
        if topics not in self._shared:
            members = [self.members_of_topic(t) for t in topics]
            several: set[str] = set()
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    several |= first & second
            count = {d: sum(d in m for m in members) for d in several}
            self._shared[topics] = (sorted(several, key=lambda d: (-count[d], self.rank[d])), frozenset(several))
        return self._shared[topics]

    def members_of_topic(self, topic_id: str) -> frozenset[str]:
        """The listed notes of a topic, as a set made once per build."""
        if topic_id not in self._members:
            self._members[topic_id] = frozenset(self.newest_of_topic[topic_id])
        return self._members[topic_id]

    def fingerprint(self) -> str:
        """Everything any page shows of the graph; equal fingerprints mean equal cards, lists and pages."""
        notes = self.note_digests()
        return hashlib.sha256(
            f"{self.fingerprint_without_notes()}:{[notes[k] for k in sorted(notes)]}".encode()
        ).hexdigest()

    def fingerprint_without_notes(self) -> str:
        """Everything any page shows of the graph but the notes' own records: events, topics, people, series."""
        if self._without_notes:
            return self._without_notes
        # repr of plain values (text, numbers, dates, tuples) is stable and far quicker than JSON of astuple().
        parts = [
            [tuple(vars(self.events[k]).values()) for k in sorted(self.events)],
            [tuple(vars(self.topics[k]).values()) for k in sorted(self.topics)],
            [tuple(vars(self.speakers[k]).values()) for k in sorted(self.speakers)],
            [tuple(vars(self.series[k]).values()) for k in sorted(self.series)],
            self.registry.topics_usable,
            self.list_limit,
            self.people_limit,
            self.topics_limit,
            self.mentions_limit,
        ]
        self._without_notes = hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()
        return self._without_notes

    def note_digests(self) -> dict[str, str]:
        """A digest of each note's record, by document, made once per build."""
        if not self._note_digests:
            self._note_digests = {docname: record_digest(note) for docname, note in self.notes.items()}
        return self._note_digests


def record_digest(record: object) -> str:
    """A short digest of a frozen record of plain values (a note), from their stable repr."""
    return hashlib.sha256(repr(tuple(vars(record).values())).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def speaker_of(registry: Registry, name: str) -> str:
    """The id of the speaker a name stands for: registered (by name or alias), else the name's slug."""
    return registry.find_speaker(name) or page_id(name, "speaker")
