"""pyvideo's data (github.com/pyvideo/data): an event folder with its ``category.json`` and ``videos/*.json``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .formats import ReadOptions, parse_day, read_json, register
from .model import Conference, Link, Person, Schedule, ScheduleError, Talk
from .plain import localized

MAX_VIDEOS = 20000


@register("pyvideo", "pyvideo data: category.json and videos/*.json")
def read_pyvideo(path: Path, options: ReadOptions) -> Schedule:
    folder = path if path.is_dir() else path.parent.parent if path.parent.name == "videos" else path.parent
    source = str(folder)
    category = folder / "category.json"
    data = read_json(category) if category.is_file() else {}
    if not isinstance(data, dict):
        raise ScheduleError(str(category), "$", "must be an object with the event's title")
    files = sorted((folder / "videos").glob("*.json"))[: MAX_VIDEOS + 1]
    if len(files) > MAX_VIDEOS:
        raise ScheduleError(source, "videos/", f"more than {MAX_VIDEOS:,} videos: not one event")
    if not files:
        raise ScheduleError(source, "videos/", "no videos/*.json: not a pyvideo event folder")
    talks = []
    for file in files:
        video = read_json(file)
        where = f"videos/{file.name}"
        if not isinstance(video, dict):
            raise ScheduleError(str(file), "$", "must be an object")
        title = localized(video.get("title"))
        if not title:
            raise ScheduleError(str(file), "$.title", "the talk has no title")
        day = parse_day(video.get("recorded"), str(file), "$.recorded")
        links = [
            Link(localized(v.get("url")), "", "video")
            for v in video.get("videos") or []
            if isinstance(v, dict) and localized(v.get("url"))
        ]
        for related in video.get("related_urls") or []:
            url = localized(related.get("url")) if isinstance(related, dict) else localized(related)
            if url:
                links.append(Link(url, localized(related.get("label")) if isinstance(related, dict) else ""))
        speakers = video.get("speakers") or []
        tags = video.get("tags") or []
        talks.append(
            Talk(
                id=file.stem,
                title=title,
                day=day or dt.date.min,  # an undated talk takes its event's first day, below
                dated=day is not None,
                where=where,
                tags=tuple(t for t in (localized(tag) for tag in tags) if t) if isinstance(tags, list) else (),
                abstract=localized(video.get("summary")) or localized(video.get("description")),
                speakers=tuple(Person(n) for n in (localized(s) for s in speakers) if n)
                if isinstance(speakers, list)
                else (),
                links=tuple(links),
            )
        )
    dated = [t.day for t in talks if t.dated]
    if not dated:
        raise ScheduleError(source, "videos/*.json $.recorded", "no talk of the event has a date (recorded)")
    first, last = min(dated), max(dated)
    # pyvideo's data leaves some talks undated: they belong to their event, whose first day stands for theirs.
    talks = [t if t.dated else replace(t, day=first) for t in talks]
    name = localized(data.get("title")) or options.event_name
    return Schedule("pyvideo", source, Conference(title=name, start=first, end=last), talks)
