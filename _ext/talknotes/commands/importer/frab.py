"""frab-compatible schedules: the c3voc JSON that pretalx exports as ``schedule.json``, and frab XML
(``schedule.xml``, from pretalx, frab and pentabarf), read into one shape; XML through defusedxml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from .formats import ReadOptions, parse_day, parse_time, read_json, read_text, register
from .model import Conference, Link, Person, Schedule, ScheduleError, Talk
from .plain import localized

CANCELLED_STATES = frozenset({"canceled", "cancelled", "withdrawn", "rejected", "deleted"})
CANCELLED_PREFIXES = ("cancelled:", "canceled:", "[cancelled]", "[canceled]", "cancelled -", "abgesagt:")


@register("frab-json", "pretalx or frab JSON, schedule.json")
def read_frab_json(path: Path, options: ReadOptions) -> Schedule:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict):
        raise ScheduleError(str(path), "$", "not a frab JSON schedule: no 'schedule' object")
    return read_frab(str(path), data["schedule"], "frab-json")


@register("frab-xml", "frab XML, schedule.xml")
def read_frab_xml(path: Path, options: ReadOptions) -> Schedule:
    text = read_text(path)
    try:
        root = fromstring(text.encode("utf-8"), forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ScheduleError(
            str(path), "", f"refused: the XML declares entities or external references ({error})"
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ScheduleError(str(path), f"line {line}, column {column}", f"not well-formed XML: {error}") from None
    if root.tag != "schedule":
        raise ScheduleError(str(path), f"<{root.tag}>", "not a frab XML schedule: its root is not <schedule>")
    return read_frab(str(path), xml_schedule(root), "frab-xml")


def child_text(element: Any, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def xml_schedule(root: Any) -> dict[str, Any]:
    """frab XML in the shape of the JSON: a conference, days, rooms and their events, each with where it was."""
    conference = root.find("conference")
    days = []
    for day_number, day in enumerate(root.findall("day"), start=1):
        rooms: dict[str, list[dict[str, Any]]] = {}
        for room in day.findall("room"):
            name = room.get("name", "")
            for position, event in enumerate(room.findall("event"), start=1):
                ident = event.get("guid") or event.get("id") or str(position)
                record: dict[str, Any] = {
                    key: child_text(event, key)
                    for key in ("date", "start", "room", "url", "title", "subtitle", "track", "type", "abstract",
                                "description", "state", "status")
                }  # fmt: skip
                record.update({"guid": event.get("guid", ""), "id": event.get("id", ""), "code": event.get("code", "")})
                record["persons"] = [
                    {"name": (p.text or "").strip(), "code": p.get("code") or p.get("guid") or p.get("id") or ""}
                    for p in event.findall("persons/person")
                ]
                record["links"] = [
                    {"url": link.get("href", ""), "title": (link.text or "").strip()}
                    for link in [*event.findall("links/link"), *event.findall("attachments/attachment")]
                ]
                record["_where"] = (
                    f'<day index="{day.get("index", day_number)}"> <room name="{name}"> <event id="{ident}">'
                )
                rooms.setdefault(name, []).append(record)
        days.append(
            {"date": day.get("date", ""), "rooms": rooms, "_where": f'<day index="{day.get("index", day_number)}">'}
        )
    conference_data = {}
    if conference is not None:
        conference_data = {
            key: child_text(conference, key)
            for key in ("acronym", "title", "start", "end", "time_zone_name", "base_url")
        }
        conference_data["url"] = child_text(conference, "url") or conference_data.pop("base_url")
        conference_data["venue"] = child_text(conference, "venue")
        conference_data["city"] = child_text(conference, "city")
    return {"conference": conference_data | {"days": days}, "_xml": True}


def read_frab(source: str, schedule: dict[str, Any], format_name: str) -> Schedule:
    xml = schedule.get("_xml", False)
    conference_data = schedule.get("conference")
    where_conference = "<conference>" if xml else "schedule.conference"
    if not isinstance(conference_data, dict):
        raise ScheduleError(source, where_conference, "missing: the schedule names no conference")
    title = localized(conference_data.get("title")) or localized(conference_data.get("acronym"))
    if not title:
        raise ScheduleError(source, f"{where_conference}.title", "the conference has no title")
    start = parse_day(conference_data.get("start"), source, f"{where_conference}.start")
    end = parse_day(conference_data.get("end"), source, f"{where_conference}.end") or start
    if start is None:
        raise ScheduleError(
            source, f"{where_conference}.start", "the conference has no dates: give it a start (and an end)"
        )
    zone_name = localized(conference_data.get("time_zone_name"))
    zone = time_zone(zone_name, source, f"{where_conference}.time_zone_name")
    conference = Conference(
        title=title,
        start=start,
        end=end,
        acronym=localized(conference_data.get("acronym")),
        timezone=zone_name,
        venue=localized(conference_data.get("venue")),
        city=localized(conference_data.get("city")),
        url=localized(conference_data.get("url")) or localized(schedule.get("base_url")),
    )
    days = conference_data.get("days")
    if not isinstance(days, list):
        raise ScheduleError(source, f"{where_conference}.days", "missing: the schedule has no days")
    talks = []
    for day_index, day in enumerate(days):
        day_where = day.get("_where") if isinstance(day, dict) and xml else f"{where_conference}.days[{day_index}]"
        if not isinstance(day, dict):
            raise ScheduleError(source, day_where, "a day must be an object")
        day_date = parse_day(day.get("date"), source, f"{day_where}.date")
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            raise ScheduleError(source, f"{day_where}.rooms", "must map room names to their talks")
        for room, events in rooms.items():
            if not isinstance(events, list):
                raise ScheduleError(source, f"{day_where}.rooms[{room!r}]", "must be a list of talks")
            for position, event in enumerate(events):
                where = (
                    event.get("_where") if isinstance(event, dict) else None
                ) or f"{day_where}.rooms[{room!r}][{position}]"
                talks.append(read_event(source, where, event, day_date, room, zone, conference))
    return Schedule(format_name, source, conference, talks)


def time_zone(name: str, source: str, where: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(source, where, f"unknown time zone {name!r}") from None


def read_event(
    source: str, where: str, event: Any, day: dt.date | None, room: str, zone: ZoneInfo | None, conference: Conference
) -> Talk:
    if not isinstance(event, dict):
        raise ScheduleError(source, where, "a talk must be an object")
    ids = [localized(event.get(key)) for key in ("code", "guid", "id")]
    ids = [i for i in ids if i]
    title = localized(event.get("title"))
    if not ids:
        raise ScheduleError(source, where, f"the talk {title!r} has no id (code, guid or id)")
    where = where if where.startswith("<") else f"{where} ({ids[0]})"
    if not title:
        raise ScheduleError(source, where, "the talk has no title")
    start = talk_start(event, day, zone, source, where)
    talk_day = day or (start.date() if start else None)
    if talk_day is None:
        raise ScheduleError(source, where, f"the talk {title!r} has no date")
    if conference.start and conference.end and not conference.start <= talk_day <= conference.end:
        raise ScheduleError(
            source,
            where,
            f"the talk is on {talk_day}, outside the conference's dates ({conference.start} to {conference.end})",
        )
    state = (localized(event.get("state")) or localized(event.get("status"))).casefold()
    tags = event.get("tags") or []
    return Talk(
        id=ids[0],
        aliases=tuple(ids[1:]),
        title=title,
        day=talk_day,
        where=where,
        start=start,
        room=localized(event.get("room")) or room,
        track=localized(event.get("track")),
        type=localized(event.get("type")),
        tags=tuple(t for t in (localized(tag) for tag in tags) if t) if isinstance(tags, list) else (),
        abstract=localized(event.get("abstract")) or localized(event.get("description")),
        speakers=people(event, source, where),
        links=links(event),
        url=localized(event.get("url")),
        left_out="cancelled" if state in CANCELLED_STATES or title.casefold().startswith(CANCELLED_PREFIXES) else "",
    )


def talk_start(
    event: dict[str, Any], day: dt.date | None, zone: ZoneInfo | None, source: str, where: str
) -> dt.datetime | None:
    """When a talk starts, in the conference's local time: its full ``date``, else its day's ``start`` time."""
    start = parse_time(event.get("date"), source, f"{where}.date")
    if start is not None and start.tzinfo is not None and zone is not None:
        start = start.astimezone(zone)
    if start is not None:
        return start.replace(tzinfo=None)  # local time, as the conference's programme shows it
    if day is not None and isinstance(event.get("start"), str) and event["start"]:
        try:
            return dt.datetime.combine(day, dt.time.fromisoformat(event["start"]))
        except ValueError:
            raise ScheduleError(source, f"{where}.start", f"not a time (HH:MM): {event['start']!r}") from None
    return None


def people(event: dict[str, Any], source: str, where: str) -> tuple[Person, ...]:
    """A talk's persons: objects with a name and a code, or plain names."""
    persons = event.get("persons") or []
    if not isinstance(persons, list):
        raise ScheduleError(source, f"{where}.persons", "must be a list of people")
    speakers = []
    for person in persons:
        if isinstance(person, dict):
            name = (
                localized(person.get("public_name"))
                or localized(person.get("name"))
                or localized(person.get("full_public_name"))
            )
            code = localized(person.get("code")) or localized(person.get("guid")) or localized(person.get("id"))
        else:
            name, code = localized(person), ""
        if name or code:
            speakers.append(Person(name, code))  # a person with a code only is reported, not named
    return tuple(speakers)


def links(event: dict[str, Any]) -> tuple[Link, ...]:
    """A talk's links and files; pretalx's API calls the files its resources."""
    found = []
    for key in ("links", "attachments", "resources"):
        for link in event.get(key) or []:
            url = (
                localized(link.get("url") or link.get("href") or link.get("resource")) if isinstance(link, dict) else ""
            )
            if url:
                label = localized(link.get("title") or link.get("description"))
                found.append(Link(url, label, localized(link.get("type"))))
    return tuple(found)
