"""What is left to write, per event: talks without notes, notes without a summary, recaps not written yet, and
people not in ``speakers.yml`` (``python -m talknotes todo``, ``make todo``; ``make check`` ends with the counts).

None of it is a mistake, so none of it is a warning: a site with an imported programme builds under ``-W``.
It is read from the same records the build makes (``writeup`` says what counts as written).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.text import plural
from .graph import Graph, by_date_then_title, newest_first_event
from .records import PageRecord


@dataclass
class EventTodo:
    """What is left to write for one event (or for the pages that belong to none)."""

    event_id: str | None
    name: str
    docname: str | None
    recap_unwritten: bool = False
    entries: list[PageRecord] = field(default_factory=list)  # talks imported without notes
    no_summary: list[PageRecord] = field(default_factory=list)  # notes someone wrote, without a summary
    unregistered: list[str] = field(default_factory=list)  # names used on its pages, not in speakers.yml

    def empty(self) -> bool:
        return not (self.recap_unwritten or self.entries or self.no_summary or self.unregistered)


def todo(records: dict[str, PageRecord], graph: Graph) -> list[EventTodo]:
    """Every event with something left to write, newest first; pages without an event last."""
    by_event: dict[str | None, EventTodo] = {}
    for event in sorted(graph.events.values(), key=newest_first_event):
        if not event.draft:
            by_event[event.id] = EventTodo(event.id, event.name, event.docname)
    for docname in sorted(records, key=lambda d: by_date_then_title(graph.notes[d]) if d in graph.notes else ()):
        record = records[docname]
        note = graph.notes.get(docname)
        if note is None or not graph.listed(note):
            continue
        item = by_event.get(note.event_id)
        if item is None:
            item = by_event.setdefault(None, EventTodo(None, "Pages of no event", None))
        if record.is_event_page:
            item.recap_unwritten = not record.written
        elif note.programme:
            item.entries.append(record)
        elif not record.summary:
            item.no_summary.append(record)
        for name, _line in record.speakers:
            if graph.registry.find_speaker(name) is None and name not in item.unregistered:
                item.unregistered.append(name)
    return [item for item in by_event.values() if not item.empty()]


def counts(items: list[EventTodo]) -> str:
    """What is left, in one line ("57 talks imported without notes, 3 events without a recap"); "" for nothing."""
    entries = sum(len(item.entries) for item in items)
    recaps = sum(item.recap_unwritten for item in items)
    parts = []
    if entries:
        parts.append(f"{plural(entries, 'talk')} imported without notes")
    if recaps:
        parts.append(f"{plural(recaps, 'event')} without a recap")
    return ", ".join(parts)


def report(items: list[EventTodo], path_of: Callable[[str], str]) -> list[str]:
    """The to-do list as lines: a heading per event, then what is left on it, file by file."""
    lines: list[str] = []
    for item in items:
        where = f" ({path_of(item.docname)})" if item.docname else ""
        lines.append(f"{item.name}{where}")
        if item.recap_unwritten:
            lines.append("  recap: not written yet")
        if item.entries:
            lines.append(f"  talks without notes ({len(item.entries):,}):")
            lines += [f"    {path_of(r.docname)}  {r.title}" for r in item.entries]
        if item.no_summary:
            lines.append(f"  notes without a summary ({len(item.no_summary):,}):")
            lines += [f"    {path_of(r.docname)}  {r.title}" for r in item.no_summary]
        if item.unregistered:
            lines.append(f"  people not in speakers.yml ({len(item.unregistered):,}): {', '.join(item.unregistered)}")
    return lines
