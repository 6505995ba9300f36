"""A page's record: its front matter, parsed once and validated once by the JSON Schema, as typed data.

The schema says which keys exist and what each value must look like; the reader takes from the
validated values only those the schema accepts, and checks what a schema cannot say: that a date
exists, that an event ends after it starts, and what depends on the page's folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..base.settings import Layout
from ..base.text import invisible_characters, parse_date, suggest_key
from ..base.warnings_ import Subtype, warn
from .frontmatter import FrontMatterLayout, clean, say, warn_unsafe
from .schema import EVENT_VALIDATOR, NOTE_VALIDATOR, PASSTHROUGH_KEYS, Path_, editor_view, flagged, schema_problems


@dataclass(frozen=True)
class EventRecord:
    """What an event page declares in its ``event:`` mapping."""

    id: str
    docname: str
    name: str
    start: dt.date | None
    end: dt.date | None
    attendance: int | None = None
    organizers: tuple[tuple[str, int], ...] = ()  # (as written, line)
    website: str | None = None
    series: str | None = None  # the name of the series it is an edition of
    series_line: int = 1
    venue: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Source:
    """Where an imported note came from: the schedule's format, the talk's id there, and its page."""

    id: str
    format: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class PageRecord:
    """A note or event page, as its front matter and folder describe it."""

    docname: str
    title: str
    is_event_page: bool
    folder_event: str | None  # the event folder the page is in
    event: EventRecord | None  # on an event page
    event_id: str | None  # the event the page belongs to: its folder's, or the one it names
    event_line: int
    kind: str
    date: dt.date | None
    date_line: int
    topics: tuple[tuple[str, int], ...]  # (as written, line)
    speakers: tuple[tuple[str, int], ...]
    slides: str | None
    video: str | None
    summary: str | None
    draft: bool
    source: Source | None = None
    time: str | None = None  # the session's start, HH:MM, local time
    source_line: int = 1
    written: bool = True  # the body holds more than its title and the tools' outline (writeup.has_writing)


def is_note_page(folder_event: str | None, keys: Iterable[str]) -> bool:
    """Whether a page is a note or an event page: it sits in an event folder, or its front matter has
    ``topics:`` or ``event:`` (``keys``, the front matter's top-level keys)."""
    return folder_event is not None or any(key in ("topics", "event") for key in keys)


class PageReader:
    """Turns one document's front matter into a page record, warning about every problem it finds."""

    def __init__(self, docname: str, layout: FrontMatterLayout | None, site: Layout) -> None:
        self.docname = docname
        self.layout = layout or FrontMatterLayout()
        self.site = site
        self.events_dir = site.events_dir
        self.misplaced = False
        self.invalid: set[Path_] = set()  # paths the schema rejected: read as absent

    def where(self, *path: str | int) -> tuple[str, int]:
        return (self.docname, self.layout.line(*path))

    def read(
        self, title: str | None, written: bool = True, title_heading: tuple[int, int] | None = None
    ) -> PageRecord | None:
        """The record of a note or event page, or None for a page that is neither; ``written`` says whether
        its body holds anything beyond its title and the tools' outline (``writeup.has_writing``);
        ``title_heading`` is the (level, line) of the heading the title was taken from, when known."""
        place = self.site.place(self.docname)
        in_events, folder_event, is_event_page = place.in_events, place.folder_event, place.is_event_page
        self.misplaced = place.misplaced

        data = self.front_matter()
        if self.misplaced:
            warn(
                Subtype.MISPLACED,
                f"pages in {self.events_dir}/ belong in an event folder, "
                f"e.g. {self.events_dir}/<event-id>/{self.docname.split('/')[1]}.md",
                (self.docname, 1),
            )
        if not is_note_page(folder_event, data):
            if not in_events:
                self.check_near_misses(data)
            return None

        self.validate(data, is_event_page)
        if title is None:
            warn(
                Subtype.MISSING_TITLE,
                "this page has no title; start it with a '# Title' heading, shown in every list",
                (self.docname, 1),
            )
        elif title_heading is not None and title_heading[0] > 1:
            level, line = title_heading
            warn(
                Subtype.MISSING_TITLE,
                f"this page's first heading is of level {level} ({'#' * level} {title}): its title must be a "
                f"level-1 heading, '# {title}', shown in every list",
                (self.docname, line),
            )
        event, event_id = self.read_event(data, is_event_page, folder_event)
        kind = self.value(data, "kind")
        return PageRecord(
            docname=self.docname,
            title=title or self.docname.rsplit("/", 1)[-1],
            is_event_page=is_event_page,
            folder_event=folder_event,
            event=event,
            event_id=event_id,
            event_line=self.layout.line("event"),
            kind=kind if isinstance(kind, str) else ("recap" if is_event_page else "note"),
            date=self.date(data, "date"),
            date_line=self.layout.line("date"),
            topics=self.names(data, "topics"),
            speakers=self.names(data, "speakers"),
            slides=self.text(data, "slides"),
            video=self.text(data, "video"),
            summary=self.text(data, "summary"),
            draft=self.value(data, "draft") is True,
            source=self.source(data),
            time=self.text(data, "time"),
            source_line=self.layout.line("source", "id"),
            written=written,
        )

    def front_matter(self) -> dict[str, Any]:
        """The front matter as editors see it (dates as text), after reporting what spoils it."""
        if self.layout.error is not None:
            message, line = self.layout.error
            warn(Subtype.FRONT_MATTER, message, (self.docname, line))
        for path, line in self.layout.duplicates:
            warn(Subtype.DUPLICATE_KEY, f"{path!r} is given twice; only the last value is used", (self.docname, line))
        data = editor_view(self.layout.root) if self.layout.root is not None else None
        if not isinstance(data, dict):
            return {}
        # YAML escapes give surrogates, which cannot be written, and characters no output can hold.
        found: list[tuple[tuple[str | int, ...], str]] = []
        data = clean(data, found)
        warn_unsafe(found, self.where, say)
        return data

    def validate(self, data: dict[str, Any], is_event_page: bool) -> None:
        """Validate with the JSON Schema of notes (and of events, on an event page); remember what it rejects."""
        problems = schema_problems({k: v for k, v in data.items() if k != "event"}, NOTE_VALIDATOR, name=say)
        if is_event_page and isinstance(data.get("event"), dict):
            problems += schema_problems(data["event"], EVENT_VALIDATOR, prefix=("event",), name=say)
        for problem in sorted(problems, key=lambda problem: self.layout.line(*problem.path)):
            warn(problem.subtype, problem.message, self.where(*problem.path))
            self.invalid.add(problem.path)

    def check_near_misses(self, data: dict[str, Any]) -> None:
        """A page that is not a note may have any key, but one that stands for a note's key is a mistake."""
        for key in data:
            if str(key) in PASSTHROUGH_KEYS or str(key).startswith(("og:", "html_")):
                continue
            hint = suggest_key(str(key), ("topics", "event", "speakers"))
            if hint:
                warn(
                    Subtype.UNKNOWN_KEY,
                    f"unknown key {key!r}{hint}; a page outside {self.events_dir}/ becomes a note "
                    "with 'topics:' or 'event:'",
                    self.where(str(key)),
                )

    def value(self, data: dict[str, Any], *path: str) -> Any:
        """The value at ``path``, or None when it is absent or the schema rejected it."""
        if flagged(path, self.invalid):
            return None
        for key in path:
            data = data.get(key) if isinstance(data, dict) else None
        return data

    def source(self, data: dict[str, Any]) -> Source | None:
        ident = self.text(data, "source", "id")
        if ident is None:
            return None
        return Source(ident, self.text(data, "source", "format"), self.text(data, "source", "url"))

    def text(self, data: dict[str, Any], *path: str) -> str | None:
        value = self.value(data, *path)
        if not isinstance(value, str):
            return None
        return " ".join(value.split()) or None

    def names(self, data: dict[str, Any], *path: str) -> tuple[tuple[str, int], ...]:
        """A list of names with their lines; a lone name, which the schema reports, counts as a list of one.
        Characters that show as nothing are taken out, with a warning: they would make one name two."""
        raw = data
        for key in path:
            raw = raw.get(key) if isinstance(raw, dict) else None
        if isinstance(raw, str) and raw.strip():
            items = [(raw, self.layout.line(*path))]
        elif isinstance(raw, list):
            items = [
                (item, self.layout.line(*path, index))
                for index, item in enumerate(raw)
                if isinstance(item, str) and item.strip() and not flagged((*path, index), self.invalid)
            ]
        else:
            return ()
        names = []
        for item, line in items:
            name, invisible = invisible_characters(" ".join(item.split()))
            if invisible:
                warn(
                    Subtype.BAD_CHARACTER,
                    f"the name {name!r} holds {invisible}, which shows as nothing and would make it another "
                    "name than the same name typed plainly; it is left out: delete it",
                    (self.docname, line),
                )
            if name:
                names.append((name, line))
        return tuple(names)

    def date(self, data: dict[str, Any], *path: str) -> dt.date | None:
        """A date the schema accepts in form that must also exist (2024-02-30 does not)."""
        value = self.value(data, *path)
        if not isinstance(value, str):
            return None
        parsed = parse_date(value)
        if parsed is None:
            warn(
                Subtype.BAD_DATE,
                f"{say(path)} is {value!r}, and there is no such day: write a date that exists as YYYY-MM-DD, "
                "such as 2016-11-22",
                self.where(*path),
            )
        return parsed

    def read_event(
        self, data: dict[str, Any], is_event_page: bool, folder_event: str | None
    ) -> tuple[EventRecord | None, str | None]:
        """The event an event page declares, and the id of the event the page belongs to."""
        value = data.get("event")
        if is_event_page:
            if value is None:
                warn(
                    Subtype.MISSING_FIELD,
                    "an event page needs an 'event:' mapping with at least 'name' and 'start'",
                    (self.docname, 1),
                )
            elif not isinstance(value, dict):
                warn(
                    Subtype.BAD_TYPE,
                    f"'event' on an event page must be a mapping (name, start, ...), not {type(value).__name__}",
                    self.where("event"),
                )
            else:
                return self.event_mapping(data, folder_event or ""), folder_event
            return None, folder_event
        if value is None:
            return None, folder_event
        if isinstance(value, dict):
            warn(
                Subtype.MISPLACED,
                f"an 'event:' mapping declares an event only in {self.events_dir}/<event-id>/index.md; "
                "a note names its event by id",
                self.where("event"),
            )
            return None, folder_event
        if not isinstance(value, str) or not value.strip():
            warn(Subtype.BAD_TYPE, "'event' must be an event id", self.where("event"))
            return None, folder_event
        event_id = value.strip()
        if folder_event is not None and event_id != folder_event:
            warn(
                Subtype.EVENT_MISMATCH,
                f"this note is in the folder of event {folder_event!r} but names event {event_id!r}; "
                "the folder decides: remove 'event' or move the file",
                self.where("event"),
            )
            return None, folder_event
        return None, event_id

    def event_mapping(self, data: dict[str, Any], event_id: str) -> EventRecord:
        start, end = self.date(data, "event", "start"), self.date(data, "event", "end")
        if start and end and end < start:
            warn(Subtype.DATE_ORDER, f"the event ends ({end}) before it starts ({start})", self.where("event", "end"))
            end = None
        attendance = self.value(data, "event", "attendance")
        return EventRecord(
            id=event_id,
            docname=self.docname,
            name=self.text(data, "event", "name") or event_id,
            start=start,
            end=end,
            venue=self.text(data, "event", "venue"),
            city=self.text(data, "event", "city"),
            region=self.text(data, "event", "region"),
            country=self.text(data, "event", "country"),
            attendance=attendance if isinstance(attendance, int) and not isinstance(attendance, bool) else None,
            organizers=self.names(data, "event", "organizers"),
            website=self.text(data, "event", "website"),
            series=self.text(data, "event", "series"),
            series_line=self.layout.line("event", "series"),
        )
