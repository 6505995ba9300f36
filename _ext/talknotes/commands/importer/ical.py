"""iCalendar schedules (``.ics``): pretalx's full and starred-sessions exports, Sessionize's, any calendar's;
read with the icalendar library."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from ...model.graph import DAY_CHANGE
from .formats import ReadOptions, conference_day, read_text, register
from .model import Conference, Person, Schedule, ScheduleError, Talk
from .plain import localized, split_people, title_and_names

# pretalx writes "pretalx-<event>-<CODE>[-<n>]@<host>" as the UID, and "<title> - <speakers>" as the summary.
PRETALX_UID = re.compile(r"^pretalx-(?P<event>.+)-(?P<code>[A-Z0-9]+)(?:-\d+)?@", re.IGNORECASE)


@register("ical", "iCalendar, .ics")
def read_ical(path: Path, options: ReadOptions) -> Schedule:
    text = read_text(path)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as error:
        raise ScheduleError(str(path), "", f"not a valid iCalendar file: {error}") from None
    source = str(path)
    zone_name = options.timezone or str(calendar.get("X-WR-TIMEZONE", "") or "")
    events = calendar.walk("VEVENT")
    if not zone_name:
        zone_name = next(
            (str(e["DTSTART"].params["TZID"]) for e in events if "DTSTART" in e and "TZID" in e["DTSTART"].params), ""
        )
    zone = time_zone(zone_name, source, given=bool(options.timezone))
    starts = [event_start(event, number, source, zone) for number, event in enumerate(events, start=1)]
    days = {
        v if not isinstance(v, dt.datetime) else v.date()
        for _, _, v in starts
        if not isinstance(v, dt.datetime) or v.time() >= DAY_CHANGE
    }
    talks = [event_talk(event, where, value, days, source) for event, where, value in starts]
    if not talks:
        raise ScheduleError(source, "", "the calendar has no events (VEVENT)")
    name = options.event_name or localized(str(calendar.get("X-WR-CALNAME", "") or ""))
    first, last = min(t.day for t in talks), max(t.day for t in talks)
    return Schedule("ical", source, Conference(title=name, start=first, end=last, timezone=zone_name), talks)


def event_start(
    event: icalendar.Event, number: int, source: str, zone: ZoneInfo | None
) -> tuple[icalendar.Event, str, dt.datetime | dt.date]:
    """A VEVENT checked to be one talk, with where it is in the file and its start: a day, or a time of the
    calendar's zone (``zone``), given without a zone."""
    uid = str(event.get("UID", "") or "").strip()
    where = f"VEVENT {number}" + (f" (UID {uid})" if uid else "")
    if not uid:
        raise ScheduleError(source, where, "the event has no UID")
    if "DTSTART" not in event:
        raise ScheduleError(source, where, "the talk has no date (DTSTART)")
    if "RRULE" in event or "RDATE" in event:
        raise ScheduleError(
            source,
            where,
            "the event repeats (RRULE or RDATE), and a talk happens once: export the schedule's talks, "
            "not a recurring meeting",
        )
    try:
        value = event.decoded("DTSTART")
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise ScheduleError(source, f"{where} DTSTART", f"not a date: {error}") from None
    if not isinstance(value, dt.date):  # icalendar gives the text back when it is no date that exists
        written = event["DTSTART"].to_ical().decode("utf-8", "replace")
        raise ScheduleError(source, f"{where} DTSTART", f"{written!r} is no date that exists (YYYYMMDD)")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)
        value = value.replace(tzinfo=None)
    return event, where, value


def event_talk(
    event: icalendar.Event, where: str, value: dt.datetime | dt.date, days: set[dt.date], source: str
) -> Talk:
    """The talk of a checked VEVENT; pretalx's calendars give its code in the UID and its speakers in the title."""
    uid = str(event["UID"]).strip()
    summary = str(event.get("SUMMARY", "") or "").strip()
    pretalx = PRETALX_UID.match(uid)
    speakers: tuple[Person, ...] = ()
    title = summary
    if pretalx:
        title, names = title_and_names(summary)
        speakers = tuple(Person(name) for name in split_people(names))
    if not title.strip():
        raise ScheduleError(source, where, "the talk has no title (SUMMARY)")
    categories = []
    listed = event.get("CATEGORIES", [])
    for entry in listed if isinstance(listed, list) else [listed]:
        if entry is not None:
            categories += [str(c) for c in getattr(entry, "cats", [entry])]
    return Talk(
        id=pretalx.group("code") if pretalx else uid,
        aliases=(uid,) if pretalx else (),
        title=title.strip(),
        day=conference_day(value, days) if isinstance(value, dt.datetime) else value,
        where=where,
        start=value if isinstance(value, dt.datetime) else None,
        room=str(event.get("LOCATION", "") or "").strip(),
        tags=tuple(c.strip() for c in categories if c.strip()),
        abstract=str(event.get("DESCRIPTION", "") or ""),
        speakers=speakers,
        links=(),
        url=str(event.get("URL", "") or "").strip(),
        left_out="cancelled" if str(event.get("STATUS", "")).upper() == "CANCELLED" else "",
    )


def time_zone(name: str, source: str, *, given: bool) -> ZoneInfo | None:
    """The time zone a calendar names (or ``--timezone`` gives): an IANA name, or a Windows one as Outlook
    and Exchange write them (``W. Europe Standard Time``), which has one IANA name."""
    if not name:
        return None
    try:
        return ZoneInfo(WINDOWS_TO_OLSON.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        where = "--timezone" if given else "X-WR-TIMEZONE or TZID"
        raise ScheduleError(
            source,
            where,
            f"unknown time zone {name!r}: give the event's time zone by its IANA name, e.g. --timezone Europe/Berlin",
        ) from None
