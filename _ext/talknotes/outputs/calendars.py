"""iCalendar files: one per dated event, and one with every event, for "Add to calendar".

Written with icalendar, a maintained RFC 5545 library that folds long lines and escapes commas,
semicolons and newlines in text, which hand-made calendars get wrong. Like the feeds, they are
written only when the site's address is known (their ``URL`` and ``UID`` need it), only when
their bytes change, and never with the build's time: ``DTSTAMP`` is the event page's last
commit (else its start), so two builds of one commit give the same files.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import partial
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..base.settings import absolute, published_folder, settings
from ..model.graph import newest_first_event
from ..sphinx.build import Build, build_of
from .changed import Output, write_changed
from .sitemap import last_commits

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model.graph import Event, Graph

ALL_EVENTS = "index.ics"


def calendar_path(folder: str, event_id: str | None = None) -> str:
    """Where an event's calendar (or, without an id, the calendar of every event) is written."""
    return f"{folder}/{event_id}.ics" if event_id else f"{folder}/{ALL_EVENTS}"


def dated_events(graph: Graph) -> list[Event]:
    """The listed events a calendar can place: those with a start date, newest first."""
    return sorted((e for e in graph.listed_events() if e.start is not None), key=newest_first_event)


WRITER = f"icalendar {version('icalendar')}"  # what writes the files, without importing it


@dataclass(frozen=True)
class CalendarEntry:
    """What a calendar says of one event."""

    uid: str
    stamp: dt.datetime
    summary: str
    start: dt.date
    last: dt.date  # the event's last day
    location: str
    url: str
    description: str


@dataclass(frozen=True)
class CalendarDocument:
    """What one calendar says: everything its bytes are made from."""

    name: str
    entries: tuple[CalendarEntry, ...]
    writer: str = WRITER  # a newer icalendar may write other bytes


def calendar_entry(event: Event, base: str, url: str, stamp: dt.datetime, summary: str | None) -> CalendarEntry:
    assert event.start is not None
    return CalendarEntry(
        uid=f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}#event:{event.id}')}@{urlsplit(base).hostname}",
        stamp=stamp,
        summary=event.name,
        start=event.start,  # a date: an all-day event
        last=event.end or event.start,
        location=", ".join(part for part in (event.venue, event.place) if part),
        url=absolute(base, url),
        description=summary or "",
    )


def render(document: CalendarDocument) -> bytes:
    """The iCalendar bytes of one calendar."""
    # Imported here: most builds make no calendar (what they say is unchanged), and the import costs 25 ms.
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//talknotes//talknotes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", document.name)
    for item in document.entries:
        entry = CalendarEvent()
        entry.add("uid", item.uid)
        entry.add("dtstamp", item.stamp)
        entry.add("summary", item.summary)
        entry.add("dtstart", item.start)
        if item.last < dt.date.max:
            entry.add("dtend", item.last + dt.timedelta(days=1))  # the day after the last, as RFC 5545 says
        else:  # no day after 9999-12-31: the length says the same
            entry.add("duration", item.last - item.start + dt.timedelta(days=1))
        if item.location:
            entry.add("location", item.location)
        entry.add("url", item.url)
        if item.description:
            entry.add("description", item.description)
        calendar.add_component(entry)
    return calendar.to_ical()


def write_calendars(app: Sphinx, build: Build) -> dict[str, str]:
    """Write every calendar whose bytes changed, and delete those of events that are gone or undated; return
    the fingerprints of what every calendar says (``write_changed``)."""
    config = app.config
    folder = settings(config).calendars
    base = published_folder(config, app.builder.name, folder)
    if base is None:
        return {}
    graph = build.graph
    events = dated_events(graph)
    commits = last_commits(app)
    entries = {}
    for event in events:
        stamp = commits.get(event.docname) or dt.datetime.combine(event.start, dt.time(), dt.UTC)  # type: ignore[arg-type]
        note = graph.notes.get(event.docname)
        url = app.builder.get_target_uri(event.docname)
        entries[event.id] = calendar_entry(event, base, url, stamp, note.summary if note else None)
    documents = {calendar_path(folder): CalendarDocument(f"{config.project}: Events", tuple(entries.values()))}
    for event in events:
        documents[calendar_path(folder, event.id)] = CalendarDocument(
            f"{config.project}: {event.name}", (entries[event.id],)
        )
    outputs = {path: Output(document, partial(render, document)) for path, document in documents.items()}
    return write_changed(Path(app.builder.outdir), folder, outputs, "*.ics", build.ledger.before.outputs)


def calendar_of_page(pagename: str, graph: Graph, app: Sphinx) -> str | None:
    """The calendar an event page offers: its event's, when the event is listed and dated."""
    folder = settings(app.config).calendars
    if published_folder(app.config, app.builder.name, folder) is None:
        return None
    event_id = settings(app.config).layout.event_of_page(pagename)
    event = graph.events.get(event_id or "")
    if event is None or event.draft or event.start is None:
        return None
    return calendar_path(folder, event.id)


def announce_calendars(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """``html-page-context``: an event page announces its calendar, the events overview the one of every event."""
    graph = build_of(app.env).graph
    config = settings(app.config)
    path = calendar_of_page(pagename, graph, app)
    published = published_folder(app.config, app.builder.name, config.calendars) is not None
    if path is None and pagename == config.layout.events_overview and published:
        path = calendar_path(config.calendars)
    if path is None:
        return
    href = escape(context["pathto"](path, 1))
    title = escape(f"{app.config.project}: calendar")
    link = f'<link rel="alternate" type="text/calendar" title="{title}" href="{href}" />\n'
    context["metatags"] = context.get("metatags", "") + link
