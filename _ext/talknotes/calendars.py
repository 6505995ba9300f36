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
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .graph import newest_first_event
from .outputs import write_changed
from .settings import published_folder, settings
from .sitemap import last_commits
from .state import build_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .graph import Event, Graph

ALL_EVENTS = "index.ics"


def calendar_path(folder: str, event_id: str | None = None) -> str:
    """Where an event's calendar (or, without an id, the calendar of every event) is written."""
    return f"{folder}/{event_id}.ics" if event_id else f"{folder}/{ALL_EVENTS}"


def dated_events(graph: Graph) -> list[Event]:
    """The listed events a calendar can place: those with a start date, newest first."""
    return sorted((e for e in graph.listed_events() if e.start is not None), key=newest_first_event)


def calendar_event(event: Event, base: str, url: str, stamp: dt.datetime, summary: str | None) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}#event:{event.id}')}@{urlsplit(base).hostname}")
    entry.add("dtstamp", stamp)
    entry.add("summary", event.name)
    assert event.start is not None
    entry.add("dtstart", event.start)  # a date: an all-day event
    entry.add("dtend", (event.end or event.start) + dt.timedelta(days=1))  # the day after the last, as RFC 5545 says
    location = ", ".join(part for part in (event.venue, event.place) if part)
    if location:
        entry.add("location", location)
    entry.add("url", urljoin(base, url))
    if summary:
        entry.add("description", summary)
    return entry


def render(events: list[Event], graph: Graph, base: str, project: str, name: str, url_of: dict[str, str],
           commits: dict[str, dt.datetime]) -> bytes:  # fmt: skip
    calendar = Calendar()
    calendar.add("prodid", "-//talknotes//talknotes//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{project}: {name}")
    for event in events:
        assert event.start is not None
        stamp = commits.get(event.docname) or dt.datetime.combine(event.start, dt.time(), dt.UTC)
        note = graph.notes.get(event.docname)
        calendar.add_component(
            calendar_event(event, base, url_of[event.docname], stamp, note.summary if note else None)
        )
    return calendar.to_ical()


def write_calendars(app: Sphinx, graph: Graph) -> None:
    """Write every calendar whose bytes changed, and delete those of events that are gone or undated."""
    config = app.config
    folder = settings(config).calendars
    base = published_folder(config, app.builder.name, folder)
    if base is None:
        return
    events = dated_events(graph)
    url_of = {event.docname: app.builder.get_target_uri(event.docname) for event in events}
    commits = last_commits(app)
    outdir = Path(app.builder.outdir)
    files = {calendar_path(folder): render(events, graph, base, config.project, "Events", url_of, commits)}
    for event in events:
        files[calendar_path(folder, event.id)] = render([event], graph, base, config.project, event.name, url_of,
                                                        commits)  # fmt: skip
    write_changed(outdir, folder, files, "*.ics")


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
    graph = build_state(app.env).graph
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
