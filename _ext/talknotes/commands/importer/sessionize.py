"""Sessionize's "All data" JSON export: sessions, speakers, categories and rooms, cross-referenced by id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...model.graph import DAY_CHANGE
from .formats import ReadOptions, conference_day, parse_time, read_json, register
from .model import Conference, Link, Person, Schedule, ScheduleError, Talk
from .plain import localized

# Which of a site's categories give a session's type, and which its track and tags; others (level,
# language) are not about the subject.
TYPE_CATEGORY = re.compile(r"format|type", re.IGNORECASE)
TRACK_CATEGORY = re.compile(r"track", re.IGNORECASE)
TAG_CATEGORY = re.compile(r"tag|topic|subject", re.IGNORECASE)
DROPPED_STATUSES = frozenset({"declined", "nominated", "waitlisted", "cancelled", "canceled", "withdrawn"})


@register("sessionize", 'Sessionize "All data" JSON')
def read_sessionize(path: Path, options: ReadOptions) -> Schedule:
    source = str(path)
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("sessions"), list):
        raise ScheduleError(source, "$.sessions", "not a Sessionize export: no list of sessions")
    export = Export(
        source,
        people=people_by_id(data),
        items=category_items(data),
        rooms={str(r.get("id")): localized(r.get("name")) for r in data.get("rooms") or [] if isinstance(r, dict)},
    )
    sessions = []
    for index, session in enumerate(data["sessions"]):
        where = f"$.sessions[{index}]"
        if not isinstance(session, dict):
            raise ScheduleError(source, where, "a session must be an object")
        if session.get("id") in (None, ""):
            raise ScheduleError(source, where, "the session has no id")
        where = f"{where} (id {session['id']})"
        start = parse_time(session.get("startsAt"), source, f"{where}.startsAt")
        if start is not None and start.tzinfo is not None:
            start = start.replace(tzinfo=None)  # Sessionize gives the venue's local time
        sessions.append((session, where, start))
    days = {s.date() for _, _, s in sessions if s is not None and s.time() >= DAY_CHANGE}
    talks = [export.talk(session, where, start, days) for session, where, start in sessions]
    if not talks:
        raise ScheduleError(source, "$.sessions", "no sessions with a title and a date")
    first, last = min(t.day for t in talks), max(t.day for t in talks)
    return Schedule("sessionize", source, Conference(title=options.event_name, start=first, end=last), talks)


def people_by_id(data: dict[str, Any]) -> dict[str, str]:
    """The export's speakers' names by id: the full name, else the first and last names."""
    people = {}
    for speaker in data.get("speakers") or []:
        if isinstance(speaker, dict) and speaker.get("id") is not None:
            name = localized(speaker.get("fullName")) or " ".join(
                n for n in (localized(speaker.get("firstName")), localized(speaker.get("lastName"))) if n
            )
            people[str(speaker["id"])] = name
    return people


def category_items(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every category item by id: (the category's title, the item's name)."""
    items = {}
    for category in data.get("categories") or []:
        if isinstance(category, dict):
            for item in category.get("items") or []:
                if isinstance(item, dict) and item.get("id") is not None:
                    items[str(item["id"])] = (localized(category.get("title")), localized(item.get("name")))
    return items


@dataclass(frozen=True)
class Export:
    """What the sessions of an export refer to by id: its speakers, category items and rooms."""

    source: str
    people: dict[str, str]
    items: dict[str, tuple[str, str]]
    rooms: dict[str, str]

    def talk(self, session: dict[str, Any], where: str, start: dt.datetime | None, days: set[dt.date]) -> Talk:
        """A session as a talk: its categories sorted into type, track and tags, its speakers looked up."""
        title = localized(session.get("title"))
        if not title:
            raise ScheduleError(self.source, where, "the session has no title")
        if start is None:
            raise ScheduleError(self.source, where, f"the session {title!r} has no date (startsAt)")
        kinds, tracks, tags = [], [], []
        for item_id in session.get("categoryItems") or []:
            category, name = self.items.get(str(item_id), ("", ""))
            if not name:
                continue
            if TYPE_CATEGORY.search(category):
                kinds.append(name)
            elif TRACK_CATEGORY.search(category):
                tracks.append(name)
            elif TAG_CATEGORY.search(category):
                tags.append(name)
        links = [
            Link(localized(session[key]), "", kind)
            for key, kind in (("recordingUrl", "video"), ("liveUrl", ""))
            if localized(session.get(key))
        ]
        status = localized(session.get("status")).casefold()
        return Talk(
            id=str(session["id"]),
            title=title,
            day=conference_day(start, days),
            where=where,
            start=start,
            room=self.rooms.get(str(session.get("roomId")), "") or localized(session.get("room")),
            track=tracks[0] if tracks else "",
            type=kinds[0] if kinds else "",
            tags=tuple(tracks[1:] + tags),
            abstract=localized(session.get("description")),
            speakers=self.speakers(session, where),
            links=tuple(links),
            left_out=(
                "a service session (a break, a meal)"
                if session.get("isServiceSession")
                else status
                if status in DROPPED_STATUSES
                else ""
            ),
        )

    def speakers(self, session: dict[str, Any], where: str) -> tuple[Person, ...]:
        """The session's speakers: ids the export lists, or objects with a name of their own."""
        speakers = []
        for speaker_id in session.get("speakers") or []:
            ident = str(speaker_id.get("id") if isinstance(speaker_id, dict) else speaker_id)
            if ident in self.people:
                speakers.append(Person(self.people[ident], ident))
            elif isinstance(speaker_id, dict) and localized(speaker_id.get("name")):
                speakers.append(Person(localized(speaker_id["name"]), ident))
            else:
                raise ScheduleError(
                    self.source, where, f"names speaker {ident!r}, whom the export's speakers do not list"
                )
        return tuple(speakers)
