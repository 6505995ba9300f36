"""Reading one page's front matter into a validated, plain-data page record."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import schema, yamltext
from .schema import EVENT_VALIDATOR, NOTE_VALIDATOR, editor_view, flagged, schema_problems
from .text import is_slug, is_web_url, parse_date, suggest_key
from .warnings_ import Subtype, warn

# The rules' one source is the JSON Schema; these names are kept for the other modules.
KINDS, NOTE_KEYS, EVENT_KEYS, PASSTHROUGH_KEYS = (
    schema.KINDS,
    schema.NOTE_KEYS,
    schema.EVENT_KEYS,
    schema.PASSTHROUGH_KEYS,
)


# Bounds on a front matter block, far above any real one (see yamltext).
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_FRONT_MATTER_VALUES = 10_000


@dataclass
class FrontMatterLayout:
    """Where each front matter key sits in the file, found with a YAML parser (values come from MyST)."""

    lines: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    error: tuple[str, int] | None = None
    root: yaml.MappingNode | None = None
    # The block is empty, or too large to give to MyST: it is taken out of the page before MyST reads it.
    refused: bool = False
    block_lines: int = 0  # the lines of the block, both '---' included

    def line(self, *path: str | int) -> int:
        """The line of the deepest known key on ``path``, or the front matter's first line."""
        for depth in range(len(path), 0, -1):
            key = ".".join(str(part) for part in path[:depth])
            if key in self.lines:
                return self.lines[key]
        return 1


def front_matter_layout(source: str) -> FrontMatterLayout | None:
    """The key positions of the YAML block that opens ``source``, or None when there is none."""
    lines = source.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        return FrontMatterLayout(error=("the front matter has no closing '---' line", 1))
    layout = FrontMatterLayout(block_lines=close + 1)
    composed = yamltext.compose(
        "\n".join(lines[1:close]), max_values=MAX_FRONT_MATTER_VALUES, max_bytes=MAX_FRONT_MATTER_BYTES
    )
    if composed.refused:
        return refuse(layout, f"the front matter {composed.problem.removeprefix('it ')}", composed.line + 1)
    if composed.problem is not None:
        layout.error = (f"the front matter {composed.problem.removeprefix('it ')}", composed.line + 1)
        return layout
    root = composed.root
    if root is None:
        layout.error = ("the front matter is empty: give it fields, or remove its two '---' lines", 1)
        layout.refused = True  # MyST's own message would only say that None is not a mapping
        return layout
    if not isinstance(root, yaml.MappingNode):
        layout.error = ("the front matter must be a mapping of keys to values", 2)
        return layout
    record_positions(root, "", layout, first_line=2)
    layout.root = root
    return layout


def refuse(layout: FrontMatterLayout, reason: str, line: int) -> FrontMatterLayout:
    """A block too large or deep to read: reported, and taken out of the page so MyST does not expand it."""
    layout.error = (f"{reason}; it is ignored", line)
    layout.refused = True
    return layout


def without_front_matter(source: str, layout: FrontMatterLayout) -> str:
    """``source`` with its front matter block blanked, keeping every line number of the body."""
    lines = source.split("\n")
    return "\n" * layout.block_lines + "\n".join(lines[layout.block_lines :])


def unloadable_value(root: yaml.MappingNode) -> tuple[str, int] | None:
    """The first value that parses but cannot be loaded (e.g. ``date: 2024-13-45``), with its line.

    MyST drops the whole front matter in that case, so the contributor must hear which key is at fault.
    """
    for key_node, value_node in root.value:
        try:
            yaml.safe_load(yaml.serialize(value_node))
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            reason = str(exc).splitlines()[0]
            return (
                f"the value of {key_node.value!r} cannot be read ({reason}), so this page's front matter is ignored",
                key_node.start_mark.line + 2,
            )
    return None


def record_positions(
    node: yaml.Node, prefix: str, layout: FrontMatterLayout, first_line: int, seen: set[int] | None = None
) -> None:
    """Fill ``layout`` with a dotted path -> file line for every key and list item.

    ``first_line`` is the file line of the YAML text's first line (2 below an opening '---'). An
    alias is not walked again: its keys' lines are those of its anchor.
    """
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    offset = first_line
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{prefix}{key}"
            line = key_node.start_mark.line + offset
            if key in seen:
                layout.duplicates.append((path, line))
            seen.add(key)
            layout.lines.setdefault(path, line)
            record_positions(value_node, path + ".", layout, first_line, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            layout.lines.setdefault(path, item.start_mark.line + offset)
            record_positions(item, path + ".", layout, first_line, seen)


def decode(raw: Any) -> Any:
    """One value of ``env.metadata``: MyST stores lists and mappings as JSON, scalars as strings."""
    if (isinstance(raw, str) and raw[:1] in ("[", "{")) or raw == "null":
        try:
            return clean(json.loads(raw))
        except ValueError:
            return clean(raw)
    return clean(raw)


def clean(value: Any) -> Any:
    """Text that can be written as UTF-8: YAML escapes such as "\\ud83d\\ude80" give surrogates."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # Pairs become the character they encode; a lone surrogate becomes U+FFFD.
            return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return value
    if isinstance(value, list):
        return [clean(item) for item in value]
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    return value


class PageReader:
    """Turns one document's metadata into a page record, warning about every problem it finds."""

    def __init__(self, docname: str, layout: FrontMatterLayout | None, events_dir: str) -> None:
        self.docname = docname
        self.layout = layout or FrontMatterLayout()
        self.events_dir = events_dir
        self.misplaced = False
        self.schema_flagged: set[tuple[str | int, ...]] = set()

    def where(self, *path: str | int) -> tuple[str, int]:
        return (self.docname, self.layout.line(*path))

    def _warn(self, subtype: Subtype, message: str, *path: str | int) -> None:
        """Warn about the value at ``path``, unless the schema check already did."""
        if not flagged(path, self.schema_flagged):
            warn(subtype, message, self.where(*path))

    def read(self, metadata: dict[str, Any], title: str | None) -> dict[str, Any] | None:
        """The page record of a note or event page, or None for a page that is neither."""
        parts = self.docname.split("/")
        in_events = parts[0] == self.events_dir and len(parts) > 1
        folder_event = parts[1] if in_events and len(parts) >= 3 else None
        is_event_page = folder_event is not None and len(parts) == 3 and parts[2] == "index"
        meta = {key: decode(value) for key, value in metadata.items()}
        self.misplaced = in_events and folder_event is None and parts[1] != "index"

        written = [path for path in self.layout.lines if "." not in path]
        if self.layout.root is not None and written and not any(key in metadata for key in written):
            # MyST loaded nothing although the YAML parses: one value cannot be loaded.
            self.layout.error = unloadable_value(self.layout.root)
        if self.layout.error is not None:
            message, line = self.layout.error
            warn(Subtype.FRONT_MATTER, message, (self.docname, line))
        for path, line in self.layout.duplicates:
            warn(Subtype.DUPLICATE_KEY, f"{path!r} is given twice; only the last value is used", (self.docname, line))

        if self.misplaced:
            warn(
                Subtype.MISPLACED,
                f"pages in {self.events_dir}/ belong in an event folder, "
                f"e.g. {self.events_dir}/<event-id>/{parts[1]}.md",
                (self.docname, 1),
            )
        is_note = folder_event is not None or "topics" in meta or "event" in meta
        if not is_note:
            self._check_near_misses(meta, in_events)
            return None

        self._check_schema(is_event_page)
        if title is None:
            warn(
                Subtype.MISSING_TITLE,
                "this page has no title; start it with a '# Title' heading, shown in every list",
                (self.docname, 1),
            )
        record: dict[str, Any] = {
            "docname": self.docname,
            "title": title or self.docname.rsplit("/", 1)[-1],
            "is_event_page": is_event_page,
            "folder_event": folder_event,
            "event": None,
            "event_id": folder_event,
            "event_line": self.layout.line("event"),
            "kind": "recap" if is_event_page else "note",
            "date": None,
            "date_line": self.layout.line("date"),
            "topics": self._names(meta, "topics"),
            "speakers": self._names(meta, "speakers"),
            "slides": self._url(meta, "slides"),
            "video": self._url(meta, "video"),
            "summary": self._text(meta, "summary"),
            "draft": self._flag(meta, "draft"),
        }
        self._read_kind(meta, record)
        self._read_event(meta, record, is_event_page, folder_event)
        if "date" in meta:
            record["date"] = self._date(meta["date"], "date")
        return record

    def _check_near_misses(self, meta: dict[str, Any], in_events: bool) -> None:
        """A page that is not a note may have any key, but one that stands for a note's key is a mistake."""
        if in_events:
            return
        for key in meta:
            if key in PASSTHROUGH_KEYS or any(key.startswith(p) for p in ("og:", "html_")):
                continue
            hint = suggest_key(key, ("topics", "event", "speakers"))
            if hint:
                warn(
                    Subtype.UNKNOWN_KEY,
                    f"unknown key {key!r}{hint}; a page outside {self.events_dir}/ becomes a note "
                    "with 'topics:' or 'event:'",
                    self.where(key),
                )

    def _check_schema(self, is_event_page: bool) -> None:
        """Validate the front matter, as editors see it, with the JSON Schema of notes and events."""
        # Also when MyST dropped the front matter for one unloadable value: the other mistakes still count.
        data = editor_view(self.layout.root) if self.layout.root is not None else None
        if not isinstance(data, dict):
            return
        problems = schema_problems({k: v for k, v in data.items() if k != "event"}, NOTE_VALIDATOR, name=say)
        if is_event_page and isinstance(data.get("event"), dict):
            problems += schema_problems(data["event"], EVENT_VALIDATOR, prefix=("event",), name=say)
        for problem in sorted(problems, key=lambda problem: self.layout.line(*problem.path)):
            warn(problem.subtype, problem.message, self.where(*problem.path))
            self.schema_flagged.add(problem.path)

    def _read_kind(self, meta: dict[str, Any], record: dict[str, Any]) -> None:
        if "kind" not in meta:
            return
        kind = meta["kind"]
        if not isinstance(kind, str) or kind.strip().lower() not in KINDS:
            self._warn(Subtype.UNKNOWN_KIND, f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}", "kind")
            return
        record["kind"] = kind.strip().lower()

    def _read_event(
        self, meta: dict[str, Any], record: dict[str, Any], is_event_page: bool, folder_event: str | None
    ) -> None:
        value = meta.get("event")
        if is_event_page:
            if value is None:
                warn(
                    Subtype.MISSING_FIELD,
                    "an event page needs an 'event:' mapping with at least 'name' and 'start'",
                    (self.docname, 1),
                )
            elif not isinstance(value, dict):
                warn(
                    Subtype.BAD_TYPE,
                    f"'event' on an event page must be a mapping (name, start, ...), not {type(value).__name__}",
                    self.where("event"),
                )
            else:
                record["event"] = self._event_mapping(value, folder_event or "")
            return
        if value is None:
            return
        if isinstance(value, dict):
            warn(
                Subtype.MISPLACED,
                f"an 'event:' mapping declares an event only in {self.events_dir}/<event-id>/index.md; "
                "a note names its event by id",
                self.where("event"),
            )
            return
        if not isinstance(value, str) or not value.strip():
            warn(Subtype.BAD_TYPE, "'event' must be an event id", self.where("event"))
            return
        event_id = value.strip()
        if folder_event is not None and event_id != folder_event:
            warn(
                Subtype.EVENT_MISMATCH,
                f"this note is in the folder of event {folder_event!r} but names event {event_id!r}; "
                "the folder decides: remove 'event' or move the file",
                self.where("event"),
            )
            return
        record["event_id"] = event_id

    def _event_mapping(self, value: dict[str, Any], event_id: str) -> dict[str, Any]:
        event: dict[str, Any] = {"id": event_id, "docname": self.docname}
        name = value.get("name")
        if name is not None and not isinstance(name, str):
            self._warn(Subtype.BAD_TYPE, f"the event's 'name' must be text, not {name!r}", "event", "name")
            name = event_id
        elif name is None or not name.strip():
            self._warn(Subtype.MISSING_FIELD, "the event needs a 'name'", "event", "name")
            name = event_id
        event["name"] = " ".join(name.split())
        if value.get("start") is None:
            self._warn(Subtype.MISSING_FIELD, "the event needs a 'start' date (YYYY-MM-DD)", "event", "start")
            event["start"] = None
        else:
            event["start"] = self._date(value["start"], "event", "start")
        event["end"] = self._date(value["end"], "event", "end") if value.get("end") is not None else None
        if event["start"] and event["end"] and event["end"] < event["start"]:
            warn(
                Subtype.DATE_ORDER,
                f"the event ends ({event['end']}) before it starts ({event['start']})",
                self.where("event", "end"),
            )
            event["end"] = None
        for key in ("venue", "city", "region", "country"):
            event[key] = self._text(value, key, "event")
        event["attendance"] = self._attendance(value)
        event["organizers"] = [name for name, _line in self._names(value, "organizers", "event")]
        event["website"] = self._url(value, "website", "event")
        return event

    def _attendance(self, value: dict[str, Any]) -> int | None:
        attendance = value.get("attendance")
        if attendance is None:
            return None
        if isinstance(attendance, bool) or not isinstance(attendance, int):
            self._warn(
                Subtype.BAD_TYPE, f"'attendance' must be a whole number, not {attendance!r}", "event", "attendance"
            )
            return None
        if attendance <= 0:
            self._warn(Subtype.BAD_VALUE, f"'attendance' must be positive, not {attendance}", "event", "attendance")
            return None
        return attendance

    def _date(self, value: Any, *path: str) -> str | None:
        parsed = parse_date(value) if isinstance(value, str) else None
        if parsed is None:
            self._warn(
                Subtype.BAD_DATE, f"{'.'.join(path)!r} must be an ISO date such as 2016-11-22, not {value!r}", *path
            )
            return None
        return parsed.isoformat()

    def _names(self, meta: dict[str, Any], key: str, *parent: str) -> list[tuple[str, int]]:
        """A list of non-empty strings with their lines; a lone string is accepted with a warning."""
        value = meta.get(key)
        path = (*parent, key)
        if value is None:
            return []
        if isinstance(value, str):
            self._warn(
                Subtype.BAD_TYPE, f"{'.'.join(path)!r} must be a list, e.g. [{value}]; read as a list of one", *path
            )
            value = [value]
        if not isinstance(value, list):
            self._warn(Subtype.BAD_TYPE, f"{'.'.join(path)!r} must be a list of names", *path)
            return []
        names = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                names.append((" ".join(item.split()), self.layout.line(*path, index)))
            else:
                self._warn(
                    Subtype.BAD_TYPE, f"item {index + 1} of {'.'.join(path)!r} must be a non-empty name", *path, index
                )
        return names

    def _text(self, meta: dict[str, Any], key: str, *parent: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self._warn(Subtype.BAD_TYPE, f"{'.'.join((*parent, key))!r} must be text", *parent, key)
            return None
        text = " ".join(str(value).split())
        return text or None

    def _url(self, meta: dict[str, Any], key: str, *parent: str) -> str | None:
        value = self._text(meta, key, *parent)
        if value is None:
            return None
        if not is_web_url(value):
            message = f"{'.'.join((*parent, key))!r} must be an http:// or https:// URL, not {value!r}"
            self._warn(Subtype.BAD_URL, message, *parent, key)
            return None
        return value

    def _flag(self, meta: dict[str, Any], key: str) -> bool:
        value = meta.get(key)
        if value is None:
            return False
        text = str(value).strip().lower()
        if text in ("true", "yes", "on"):
            return True
        if text in ("false", "no", "off"):
            return False
        self._warn(Subtype.BAD_VALUE, f"{key!r} must be true or false, not {value!r}", key)
        return False


# The names of pages of the events folder itself: its index, and the year pages (a year, or 'undated').
RESERVED_EVENT_ID = re.compile(r"index|\d{4}|undated")


def check_event_folder_id(event_id: str, docname: str) -> None:
    """Warn when an event folder's name cannot serve as an id in URLs."""
    if not is_slug(event_id):
        warn(
            Subtype.BAD_ID,
            f"event folder {event_id!r} is not a lowercase slug (letters, digits, dashes), "
            "e.g. openstack-day-canada-2016",
            (docname, 1),
        )
    elif RESERVED_EVENT_ID.fullmatch(event_id):
        page = {"index": "the events overview", "undated": "the page of undated events"}.get(
            event_id, f"the page of the events of {event_id}"
        )
        warn(
            Subtype.BAD_ID,
            f"event folder {event_id!r} has the name of {page}; name the event, e.g. pycon-{event_id}",
            (docname, 1),
        )


def say(path: tuple[str | int, ...]) -> str:
    """A front matter path in words, for the schema's messages."""
    if not path:
        return "the front matter"
    if isinstance(path[-1], int):
        return f"item {path[-1] + 1} of {say(path[:-1])}"
    if path == ("event",):
        return "the event"
    if path[0] == "event":
        return f"the event's {schema.dotted(path[1:])!r}"
    return repr(schema.dotted(path))
