"""An imported note's text: its front matter written, and updated in place on a later import."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from ...base.files import page_bytes
from ...model.frontmatter import front_matter_layout
from ...model.registry import Registry
from ...model.schema import editor_view
from ..scaffold import yaml_list
from .mapping import People, Topics, is_url, kind_of, materials, people, topics
from .model import Schedule, ScheduleError, Talk
from .plain import summary_of

# The front matter keys an import writes, in this order; --update refreshes them (topics are only added
# to), and leaves every other key, the summary and the body as a person wrote them.
MANAGED = ("kind", "date", "time", "speakers", "topics", "slides", "video")

ORDER = ("kind", "date", "time", "speakers", "topics", "slides", "video", "summary", "source")


def note_fields(
    talk: Talk, schedule: Schedule, registry: Registry, known: dict[str, str]
) -> tuple[dict[str, Any], People, Topics]:
    """A talk's front matter, as an import writes it; and the people and topics it found."""
    found_people = people(talk, registry)
    found_topics = topics(talk, registry, known)
    slides, video = materials(talk)
    fields: dict[str, Any] = {"kind": kind_of(talk.type)}
    if talk.dated:  # else the note takes its event's start, as the content model says
        fields["date"] = talk.day.isoformat()
    if talk.start is not None:
        fields["time"] = f"{talk.start:%H:%M}"
    if found_people.names:
        fields["speakers"] = list(found_people.names)
    fields["topics"] = list(found_topics.ids)
    if slides:
        fields["slides"] = slides
    if video:
        fields["video"] = video
    summary = summary_of(talk.abstract)
    if summary:
        fields["summary"] = summary
    source = {"format": schedule.format, "id": talk.id}
    if is_url(talk.url):
        source["url"] = talk.url
    fields["source"] = source
    return fields, found_people, found_topics


def yaml_value(key: str, value: Any) -> list[str]:
    """One front matter entry as YAML lines: text quoted (JSON strings are YAML), dates bare, lists inline."""
    if isinstance(value, dict):
        return [f"{key}:", *(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [f"{key}: {yaml_list(value)}"]
    if key == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [f"{key}: {value}"]
    if key == "kind" and isinstance(value, str):
        return [f"{key}: {value}"]
    if isinstance(value, (str, bool, int, float)) or value is None:
        return [f"{key}: {json.dumps(value, ensure_ascii=False)}"]  # JSON scalars are YAML scalars
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False)
    return dumped.rstrip("\n").splitlines()


def front_matter_lines(fields: dict[str, Any]) -> list[str]:
    return [line for key in fields for line in yaml_value(key, fields[key])]


def imported_notes(folder: Path, root: Path, source: str) -> dict[str, tuple[Path, dict[str, Any]]]:
    """The notes of an event folder that an import wrote, by the talk's id: their file and front matter.

    Every page there is read as the build reads it (``files.page_bytes``): one that is a folder, a dangling
    or looping link, a link out of the site, unreadable or too large stops the import, which would otherwise
    miss a note it wrote before and write the talk twice."""
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in sorted(folder.glob("*.md")):
        data_bytes = page_bytes(path, root)
        if isinstance(data_bytes, str):
            raise ScheduleError(
                source, "", f"{path.relative_to(root)} {data_bytes}: move it aside or fix it, then import again"
            )
        data, _ = read_page(data_bytes.decode("utf-8", errors="replace"))
        source = data.get("source") if data else None
        if isinstance(source, dict) and source.get("id") not in (None, ""):
            found.setdefault(str(source["id"]), (path, data))
    return found


def read_page(text: str) -> tuple[dict[str, Any] | None, str]:
    """A page's front matter as the build reads it (the extension's own parser and limits, dates as text), and
    its body: the lines after the block."""
    text = text.lstrip("\ufeff")
    layout = front_matter_layout(text)
    if layout is None:
        return None, text
    data = editor_view(layout.root) if layout.root is not None else None
    return (data if isinstance(data, dict) else None), "\n".join(text.split("\n")[layout.block_lines :])


def first_heading(text: str) -> str | None:
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", read_page(text)[1], re.MULTILINE)
    return heading.group(1) if heading else None


def updated_note(path: Path, current: dict[str, Any], fields: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The note with its schedule metadata refreshed, and the changes; None when nothing changed.

    The kind, date, speakers, slides, video and the source are the schedule's; topics are only added to
    (a person's topics stay); the summary, other keys and the body stay as they are."""
    merged = dict(current)
    changes: list[str] = []
    for key in (*MANAGED, "source"):
        new = fields.get(key)
        old = current.get(key)
        if key == "topics":
            old_list = [str(t) for t in old] if isinstance(old, list) else []
            new = old_list + [t for t in (new or []) if t not in old_list]
            if new == old_list:
                continue
        if new is None:
            if key in ("slides", "video") and old is not None:
                continue  # a link the person added, or one the schedule no longer lists: kept
            continue
        if new != old:
            changes.append(f"{key}: {describe(old)} -> {describe(new)}")
            merged[key] = new
    if not changes:
        return None
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    updated = {key: merged[key] for key in (*MANAGED, "source") if key in merged and merged[key] != current.get(key)}
    return with_front_matter_updated(text, updated), changes


def with_front_matter_updated(text: str, updated: dict[str, Any]) -> str:
    """``text`` with the front matter keys of ``updated`` set, edited with ruamel.yaml's round trip: the
    comments, order, quoting and other keys a person wrote stay; a new key goes where ``ORDER`` puts it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    # Text is quoted: ruamel writes YAML 1.2, and the build reads 1.1, where 10:00 is a number and No is false.
    lines = text.split("\n")
    layout = front_matter_layout(text)
    assert layout is not None and layout.root is not None  # a note it imported: read with its front matter
    data = yaml.load("\n".join(lines[1 : layout.block_lines - 1]))
    for key, value in updated.items():
        if isinstance(value, list):
            value = CommentedSeq(Quoted(v) if isinstance(v, str) else v for v in value)
            value.fa.set_flow_style()
        elif isinstance(value, dict):
            value = CommentedMap((k, Quoted(v) if isinstance(v, str) else v) for k, v in value.items())
        elif key == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            value = dt.date.fromisoformat(value)
        elif isinstance(value, str) and key != "kind":
            value = Quoted(value)
        if key in data:
            data[key] = value
        else:
            rank = ORDER.index(key) if key in ORDER else len(ORDER)
            position = sum(1 for k in data if k in ORDER and ORDER.index(k) < rank)
            data.insert(position, key, value)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return "\n".join(["---", stream.getvalue().rstrip("\n"), *lines[layout.block_lines - 1 :]])


def describe(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)
