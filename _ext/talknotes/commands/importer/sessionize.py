"""Sessionize's "All data" JSON export: sessions, speakers, categories and rooms, cross-referenced by id."""

from __future__ import annotations

import re
from pathlib import Path

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
    people = {}
    for index, speaker in enumerate(data.get("speakers") or []):
        if isinstance(speaker, dict) and speaker.get("id") is not None:
            name = localized(speaker.get("fullName")) or " ".join(
                n for n in (localized(speaker.get("firstName")), localized(speaker.get("lastName"))) if n
            )
            people[str(speaker["id"])] = (name, speaker, f"$.speakers[{index}]")
    items: dict[str, tuple[str, str]] = {}  # category item id -> (category title, item name)
    for category in data.get("categories") or []:
        if isinstance(category, dict):
            for item in category.get("items") or []:
                if isinstance(item, dict) and item.get("id") is not None:
                    items[str(item["id"])] = (localized(category.get("title")), localized(item.get("name")))
    rooms = {str(r.get("id")): localized(r.get("name")) for r in data.get("rooms") or [] if isinstance(r, dict)}
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
    talks = []
    for session, where, start in sessions:
        title = localized(session.get("title"))
        if not title:
            raise ScheduleError(source, where, "the session has no title")
        if start is None:
            raise ScheduleError(source, where, f"the session {title!r} has no date (startsAt)")
        kinds, tracks, tags = [], [], []
        for item_id in session.get("categoryItems") or []:
            category, name = items.get(str(item_id), ("", ""))
            if not name:
                continue
            if TYPE_CATEGORY.search(category):
                kinds.append(name)
            elif TRACK_CATEGORY.search(category):
                tracks.append(name)
            elif TAG_CATEGORY.search(category):
                tags.append(name)
        speakers, links = [], []
        for speaker_id in session.get("speakers") or []:
            ident = str(speaker_id.get("id") if isinstance(speaker_id, dict) else speaker_id)
            if ident in people:
                speakers.append(Person(people[ident][0], ident))
            elif isinstance(speaker_id, dict) and localized(speaker_id.get("name")):
                speakers.append(Person(localized(speaker_id["name"]), ident))
            else:
                raise ScheduleError(source, where, f"names speaker {ident!r}, whom the export's speakers do not list")
        for key, kind in (("recordingUrl", "video"), ("liveUrl", "")):
            if localized(session.get(key)):
                links.append(Link(localized(session[key]), "", kind))
        status = localized(session.get("status")).casefold()
        talks.append(
            Talk(
                id=str(session["id"]),
                title=title,
                day=conference_day(start, days),
                where=where,
                start=start,
                room=rooms.get(str(session.get("roomId")), "") or localized(session.get("room")),
                track=tracks[0] if tracks else "",
                type=kinds[0] if kinds else "",
                tags=tuple(tracks[1:] + tags),
                abstract=localized(session.get("description")),
                speakers=tuple(speakers),
                links=tuple(links),
                left_out=(
                    "a service session (a break, a meal)"
                    if session.get("isServiceSession")
                    else status
                    if status in DROPPED_STATUSES
                    else ""
                ),
            )
        )
    if not talks:
        raise ScheduleError(source, "$.sessions", "no sessions with a title and a date")
    first, last = min(t.day for t in talks), max(t.day for t in talks)
    return Schedule("sessionize", source, Conference(title=options.event_name, start=first, end=last), talks)
