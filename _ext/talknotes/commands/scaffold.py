"""The text of new pages: an event page and a note, from typed fields, for ``new`` and the importer alike."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..base.text import format_date_range, parse_date
from ..base.writeup import event_outline_comments, outline_comments


@dataclass(frozen=True)
class EventFields:
    """What an event page's front matter says: from ``new event``'s options or from an imported schedule."""

    name: str
    start: str  # YYYY-MM-DD
    end: str | None = None
    venue: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    website: str | None = None
    series: str | None = None
    topics: tuple[str, ...] = ()
    summary: str | None = None


# The event's optional fields, in the order its ``event:`` mapping writes them.
EVENT_MAPPING_KEYS = ("end", "venue", "city", "region", "country", "website", "series")


@dataclass(frozen=True)
class NoteFields:
    """What a new note's front matter says, from ``new note``'s options."""

    title: str
    kind: str = "talk"
    date: str | None = None
    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    slides: str | None = None
    video: str | None = None
    summary: str | None = None


def yaml_list(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"


def event_sections(start: dt.date, end: dt.date | None) -> list[str]:
    """One section for a one-day event; one per day (a week at most) for a longer one."""
    days = (end - start).days + 1 if end and end > start else 1
    if days == 1:
        return ["The day"]
    if days > 7:
        return ["The days"]
    dates = [start + dt.timedelta(days=n) for n in range(days)]
    return [f"Day {n}: {day:%A} {format_date_range(day, None)}" for n, day in enumerate(dates, start=1)]


def event_page(fields: EventFields, extra: tuple[str, ...] = (), placeholder: bool = True) -> str:
    """An event page: its front matter from ``fields`` (plus ``extra`` lines), and a body with a section per day.

    Without ``placeholder``, an event with no summary gets none (an import has no sentence to offer)."""
    lines = ["---", "event:", f"  name: {json.dumps(fields.name, ensure_ascii=False)}", f"  start: {fields.start}"]
    for key in EVENT_MAPPING_KEYS:
        value = getattr(fields, key)
        if value:
            lines.append(f"  {key}: {value if key == 'end' else json.dumps(value, ensure_ascii=False)}")
    if fields.topics:
        lines.append(f"topics: {yaml_list(fields.topics)}")
    if fields.summary:
        lines.append(f"summary: {json.dumps(fields.summary, ensure_ascii=False)}")
    elif placeholder:
        lines.append("# summary: one sentence about the event, shown wherever it is listed")
    start, end = parse_date(fields.start), parse_date(fields.end) if fields.end else None
    sections = [*event_sections(start, end), "What comes next"] if start else ["What comes next"]
    lines += [*extra, "---", "", f"# {fields.name}", "", *event_outline_comments(sections), ""]
    return "\n".join(lines)


def note_page(fields: NoteFields) -> str:
    """A new note: its front matter from ``fields``, and the outline of its kind."""
    lines = ["---", f"kind: {fields.kind}"]
    if fields.date:
        lines.append(f"date: {fields.date}")
    if fields.speakers:
        lines.append(f"speakers: {yaml_list(fields.speakers)}")
    lines.append(f"topics: {yaml_list(fields.topics)}")
    for key in ("slides", "video"):
        if value := getattr(fields, key):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if fields.summary:
        lines.append(f"summary: {json.dumps(fields.summary, ensure_ascii=False)}")
    else:
        lines.append("# summary: one sentence shown wherever this note is listed")
    return "\n".join([*lines, "---", "", *note_body(fields.kind, fields.title)])


def note_body(kind: str, title: str, *, imported: bool = False) -> list[str]:
    """The body of a new note: its title, and the outline of its kind as comments, which readers never see."""
    return [f"# {title}", "", *outline_comments(kind, imported=imported), ""]
