"""The schedule as every format reads into it: a conference and its talks, as typed records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


class ScheduleError(Exception):
    """A schedule that cannot be imported: the file, where in it (JSON path, XML element or line), and why."""

    def __init__(self, source: str, where: str, message: str) -> None:
        super().__init__(f"{source}: {where}: {message}" if where else f"{source}: {message}")
        self.source, self.where, self.message = source, where, message


@dataclass(frozen=True)
class Link:
    """A link a talk names: slides, a recording, a repository or anything else."""

    url: str
    title: str = ""
    kind: str = ""  # what the source says it is, when it says (a Sessionize link type, a pyvideo video type)


@dataclass(frozen=True)
class Person:
    """A speaker as the schedule names them."""

    name: str
    code: str = ""  # the schedule's own id of the person, when it has one


@dataclass(frozen=True)
class Talk:
    """One session of the schedule."""

    id: str  # the schedule's own id (pretalx code, frab guid, iCalendar UID, Sessionize id, pyvideo file)
    title: str
    day: dt.date  # the conference day it belongs to, in the conference's own time zone
    where: str  # where it sits in the file, for messages
    start: dt.datetime | None = None  # local time, when the schedule gives one
    room: str = ""
    track: str = ""
    type: str = ""  # the session type: "Talk", "Workshop", ...
    tags: tuple[str, ...] = ()
    abstract: str = ""  # as the schedule gives it: plain text, HTML or Markdown
    speakers: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    url: str = ""  # the talk's own page
    left_out: str = ""  # why the schedule's own data leaves it out (cancelled, declined, a break); "" to import
    aliases: tuple[str, ...] = ()  # other ids the talk is known by (a pretalx guid beside its code)
    dated: bool = True  # False: the schedule gives no date, and ``day`` is its event's first day


@dataclass(frozen=True)
class Conference:
    """The event the schedule is of."""

    title: str
    start: dt.date | None
    end: dt.date | None
    acronym: str = ""
    timezone: str = ""
    venue: str = ""
    city: str = ""
    url: str = ""


@dataclass
class Schedule:
    """A whole schedule, as read from one source."""

    format: str  # the name of the format it was read as
    source: str  # the file or folder, as given
    conference: Conference
    talks: list[Talk] = field(default_factory=list)
