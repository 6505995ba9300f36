"""A page's front matter block: found, parsed once within bounds, with the line of every key."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..base import yamltext
from ..base.text import XML_UNSAFE, character_names, is_slug
from ..base.warnings_ import Subtype, warn
from . import schema

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
    """A page's front matter: its composed YAML, where each key sits in the file, and what spoils it."""

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


TIMESTAMP = "tag:yaml.org,2002:timestamp"


def unloadable_timestamps(root: yaml.MappingNode) -> list[yaml.ScalarNode]:
    """The values that parse but that MyST cannot load (``date: 2024-13-45`` is a timestamp to YAML, and
    no day), in the order written. MyST would drop the whole front matter for one of them."""
    loader = yaml.SafeLoader("")
    found: list[yaml.ScalarNode] = []
    stack: list[yaml.Node] = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == TIMESTAMP:
            try:
                loader.construct_yaml_timestamp(node)
            except (ValueError, TypeError, OverflowError):
                found.append(node)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(found, key=lambda node: node.start_mark.index)


def source_for_myst(source: str, layout: FrontMatterLayout | None) -> str:
    """``source`` as MyST is given it. Front matter that cannot be read is taken out (its problem is reported
    with its line, and MyST would only add "Malformed YAML", or expand what was refused); a value MyST cannot
    load, such as an impossible date, is quoted, so that MyST keeps the rest and the date is reported."""
    if layout is None:
        return source
    if layout.refused or layout.error is not None:
        return without_front_matter(source, layout)
    if layout.root is None or not (nodes := unloadable_timestamps(layout.root)):
        return source
    offset = source.index("\n") + 1  # the YAML text starts below the opening '---'
    for node in reversed(nodes):
        start, end = offset + node.start_mark.index, offset + node.end_mark.index
        source = source[:start] + json.dumps(node.value, ensure_ascii=False) + source[end:]
    return source


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


def clean(value: Any, found: list[tuple[tuple[str | int, ...], str]] | None = None, path: tuple = ()) -> Any:
    """Text that can be written as UTF-8 and as XML. YAML escapes such as "\\ud83d\\ude80" give surrogates:
    pairs become the character they encode, a lone one U+FFFD. Escapes such as "\\e" give characters that
    no output can hold: they are left out, and their path and names added to ``found``."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if XML_UNSAFE.search(value) is not None:
            if found is not None:
                found.append((path, character_names(XML_UNSAFE.findall(value))))
            value = XML_UNSAFE.sub("", value)
        return value
    if isinstance(value, list):
        return [clean(item, found, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {clean(key): clean(item, found, (*path, str(key))) for key, item in value.items()}
    return value


def warn_unsafe(found: list[tuple[tuple[str | int, ...], str]], where: Callable[..., Any], name: Callable) -> None:
    """A warning for each value ``clean`` took characters out of, at its line."""
    for path, names in found:
        warn(
            Subtype.BAD_CHARACTER,
            f"{name(path)} holds {names}, which pages, feeds and calendars cannot hold; it is left out: "
            "delete the escape",
            where(*path),
        )


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
