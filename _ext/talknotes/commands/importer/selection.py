"""Which talks of a schedule an import takes: all, or those the options ``--only``, ``--starred``, ``--day``,
``--track`` and ``--room`` choose; a ScheduleError names a choice the schedule does not have."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ...base.text import fold
from .formats import ReadOptions, read_schedule
from .model import Schedule, ScheduleError, Talk


@dataclass(frozen=True)
class Selection:
    """Which talks of the schedule to take: all, unless some of these narrow it."""

    only: tuple[str, ...] = ()  # talk ids (pretalx codes, guids, UIDs)
    starred: Path | None = None  # an .ics of the starred sessions
    days: tuple[str, ...] = ()  # YYYY-MM-DD, or the day's number from 1
    tracks: tuple[str, ...] = ()
    rooms: tuple[str, ...] = ()


def select(
    schedule: Schedule, selection: Selection, timezone: str = ""
) -> tuple[list[Talk], list[Talk], int, list[str]]:
    """The talks to take, those the schedule itself leaves out (cancelled...), how many the selection left out,
    and starred sessions the schedule does not have."""
    talks = schedule.talks
    source = schedule.source
    chosen = list(talks)
    missing: list[str] = []
    if selection.only:
        wanted = {fold(code) for code in selection.only}
        known = {fold(i) for t in talks for i in (t.id, *t.aliases)}
        unknown = [code for code in selection.only if fold(code) not in known]
        if unknown:
            raise ScheduleError(source, "--only", f"no talk has the id {', '.join(map(repr, unknown))}")
        chosen = [t for t in chosen if wanted & {fold(i) for i in (t.id, *t.aliases)}]
    if selection.starred is not None:
        starred = read_schedule(selection.starred, "ical", ReadOptions(timezone=timezone))
        chosen, missing = starred_talks(chosen, starred)
    if selection.days:
        days = set()
        conference_days = sorted({t.day for t in talks})
        for value in selection.days:
            if value.isdigit() and 1 <= int(value) <= len(conference_days):
                days.add(conference_days[int(value) - 1])
            else:
                try:
                    days.add(dt.date.fromisoformat(value))
                except ValueError:
                    raise ScheduleError(
                        source,
                        "--day",
                        f"{value!r} is neither a date of the schedule nor a day number (1 to {len(conference_days)})",
                    ) from None
        chosen = [t for t in chosen if t.day in days]
    for option, attribute, values in (("--track", "track", selection.tracks), ("--room", "room", selection.rooms)):
        if values:
            known = {fold(getattr(t, attribute)): getattr(t, attribute) for t in talks if getattr(t, attribute)}
            unknown = [v for v in values if fold(v) not in known]
            if unknown:
                listed = ", ".join(sorted(known.values())) or "none"
                raise ScheduleError(
                    source, option, f"the schedule has no {attribute} {', '.join(map(repr, unknown))}; it has: {listed}"
                )
            chosen = [t for t in chosen if fold(getattr(t, attribute)) in {fold(v) for v in values}]
    return [t for t in chosen if not t.left_out], [t for t in chosen if t.left_out], len(talks) - len(chosen), missing


def starred_talks(talks: list[Talk], starred: Schedule) -> tuple[list[Talk], list[str]]:
    """The talks a starred-sessions calendar names, by id, page or title and start; and the starred ones not found."""
    chosen: list[Talk] = []
    missing: list[str] = []
    for star in starred.talks:
        keys = {fold(star.id), *(fold(a) for a in star.aliases)}
        match = next(
            (
                t
                for t in talks
                if keys & {fold(i) for i in (t.id, *t.aliases)}
                or (star.url and t.url and star.url.rstrip("/") == t.url.rstrip("/"))
                or (fold(star.title) == fold(t.title) and star.day == t.day)
            ),
            None,
        )
        if match is None:
            missing.append(star.title)
        elif match not in chosen:
            chosen.append(match)
    return chosen, missing
