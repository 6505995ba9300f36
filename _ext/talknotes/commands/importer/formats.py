"""The schedule formats: each module registers its reader here; the format of a source is told from its content."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...base.files import page_bytes
from ...model.graph import DAY_CHANGE
from .model import Schedule, ScheduleError, Talk

MAX_BYTES = 50 * 1024 * 1024  # a schedule larger than this is no schedule; read no further


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file: the event's name where the format has none."""

    event_name: str = ""
    timezone: str = ""  # for iCalendar files whose times are all UTC


@dataclass(frozen=True)
class Format:
    """One format: its name (for ``--format``), what it is, and its reader."""

    name: str
    label: str
    read: Callable[[Path, ReadOptions], Schedule]


FORMATS: dict[str, Format] = {}


def register(name: str, label: str) -> Callable[[Callable[[Path, ReadOptions], Schedule]], Callable]:
    """Declare a reader of format ``name``."""

    def add(read: Callable[[Path, ReadOptions], Schedule]) -> Callable[[Path, ReadOptions], Schedule]:
        FORMATS[name] = Format(name, label, read)
        return read

    return add


def download(url: str, folder: Path) -> Path:
    """A schedule published at an http(s) address, saved in ``folder`` under the name its address ends with."""
    from urllib.error import URLError
    from urllib.parse import urlsplit
    from urllib.request import Request, urlopen

    # The address's last part names the file, kept to safe characters: "..", "." or "" name nothing.
    name = re.sub(r"[^\w.-]+", "-", Path(urlsplit(url).path).name).strip(".-")[:100] or "schedule"
    target = folder / name
    try:
        with urlopen(Request(url, headers={"User-Agent": "talknotes-import"}), timeout=60) as response:
            data = response.read(MAX_BYTES + 1)
    except (URLError, OSError, ValueError) as error:
        raise ScheduleError(url, "", f"could not download it: {getattr(error, 'reason', error)}") from None
    if len(data) > MAX_BYTES:
        raise ScheduleError(url, "", f"larger than {MAX_BYTES // 1024 // 1024} MB: not a schedule")
    target.write_bytes(data)
    return target


def read_text(path: Path) -> str:
    """A schedule file's text (UTF-8, with or without a byte order mark): a regular file, not a device, a
    pipe or a folder, of at most ``MAX_BYTES``."""
    data = page_bytes(path, None, limit=MAX_BYTES)
    if isinstance(data, str):
        raise ScheduleError(str(path), "", f"it {data}: not a schedule")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScheduleError(str(path), f"byte {error.start}", "not UTF-8 text") from None


def read_json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise ScheduleError(
            str(path), f"line {error.lineno}, column {error.colno}", f"not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise ScheduleError(str(path), "", "not a schedule: nested too deeply") from None


def detect(path: Path) -> str:
    """The format of ``path``, from its content; a ScheduleError naming the formats known when none fits."""
    if path.is_dir():
        if (path / "category.json").is_file() or (path / "videos").is_dir():
            return "pyvideo"
        raise ScheduleError(str(path), "", "a folder, but not a pyvideo event (no category.json, no videos/)")
    if path.name == "category.json" or path.parent.name == "videos":
        return "pyvideo"
    text = read_text(path).lstrip()
    if text.startswith("BEGIN:VCALENDAR"):
        return "ical"
    if text.startswith("<"):
        return "frab-xml"
    if text.startswith(("{", "[")):
        data = read_json(path)
        if isinstance(data, dict) and isinstance(data.get("schedule"), dict):
            return "frab-json"
        if isinstance(data, dict) and "sessions" in data and ({"speakers", "rooms", "categories"} & set(data)):
            return "sessionize"
    known = ", ".join(f"{f.name} ({f.label})" for f in FORMATS.values())
    raise ScheduleError(str(path), "", f"not a schedule format this command reads; it reads {known}")


def all_formats() -> dict[str, Format]:
    """Every format, by name: the one list of the importer's format modules, each registering its reader."""
    from . import frab, ical, pyvideo, sessionize  # noqa: F401

    return FORMATS


def read_schedule(path: Path, format_name: str | None = None, options: ReadOptions | None = None) -> Schedule:
    """The schedule in ``path``, in the format given or told from its content."""
    all_formats()
    name = format_name or detect(path)
    if name not in FORMATS:
        raise ScheduleError(str(path), "", f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    schedule = FORMATS[name].read(path, options or ReadOptions())
    check_ids(schedule)
    return schedule


def check_ids(schedule: Schedule) -> None:
    """Every talk has an id of its own: a re-import finds its note by it."""
    seen: dict[str, Talk] = {}
    for talk in schedule.talks:
        if talk.id in seen:
            raise ScheduleError(
                schedule.source, talk.where, f"the id {talk.id!r} is also the id of {seen[talk.id].where}"
            )
        seen[talk.id] = talk


def parse_day(value: Any, source: str, where: str) -> dt.date | None:
    """A date given as YYYY-MM-DD or as the start of an ISO timestamp; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ScheduleError(source, where, f"not a date (YYYY-MM-DD): {value!r}")


def parse_time(value: Any, source: str, where: str) -> dt.datetime | None:
    """An ISO timestamp, with or without its offset from UTC; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            pass
    raise ScheduleError(source, where, f"not a date and time (ISO 8601): {value!r}")


def conference_day(start: dt.datetime, conference_days: set[dt.date], day_change: dt.time = DAY_CHANGE) -> dt.date:
    """The conference day of a local start time: a session before ``day_change`` (4 a.m., as frab's days
    turn) belongs to the day before when that day is a day of the conference, so a night that runs past
    midnight stays on its day."""
    day = start.date()
    if start.time() < day_change and (day - dt.timedelta(days=1)) in conference_days:
        return day - dt.timedelta(days=1)
    return day
