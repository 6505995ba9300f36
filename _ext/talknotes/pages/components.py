"""The components the extension puts into pages, each with its view and its rendering, in one table.

A placeholder left in a page names its component (``{"type": "note-card"}``, the ``{notes}``
directive's ``{"type": "notes", ...}``). When the page is written, the component's view says what
it shows, as plain data (hashed to know when the page must be rewritten), and its renderer turns
that into nodes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes

from ..base.placeholders import Kind
from ..base.text import format_date_range, plural
from ..model.graph import Graph
from ..model.mentioned import page_mentions_view
from ..model.overviews import speaker_index_view, topic_index_view
from ..model.views import (
    brief_view,
    editions_around,
    event_index_view,
    event_ref,
    event_view,
    note_view,
    programme_view,
    select_notes,
    series_index_view,
)
from ..outputs.explore import UNINDEXED_END, UNINDEXED_START
from .mentions import render_mentions
from .render import (
    Linker,
    badge,
    brief_list,
    card,
    date_text,
    event_list,
    field_list,
    initials_index,
    joined,
    materials,
    note_list,
    people_list,
    programme_list,
    topic_tree,
)

View = Callable[[Graph, str, dict[str, Any]], Any]
Render = Callable[[Any, Linker], list[nodes.Node]]


def note_card_view(graph: Graph, docname: str, spec: dict[str, Any]) -> Any:
    note = graph.notes.get(docname)
    if note is None:
        return None
    return {**note_view(graph, note), "draft": note.draft}


def neighbours_view(graph: Graph, docname: str, spec: dict[str, Any]) -> Any:
    note = graph.notes.get(docname)
    if note is None:
        return None
    siblings = [n for n in graph.notes_of_event.get(note.event_id or "", ()) if n.docname != docname]
    return {
        "event": event_ref(graph, note.event_id),
        "siblings": [brief_view(graph, n, with_event=False) for n in siblings],
        "related": [brief_view(graph, n, with_event=True) for n in graph.related(note)],
    }


def event_card_view(graph: Graph, docname: str, spec: dict[str, Any]) -> Any:
    note = graph.notes.get(docname)
    event = graph.events.get(note.event_id or "") if note else None
    if event is None:
        return None
    places = [graph.places[p] for p in graph.places_of_event.get(event.id, ())]
    # Each part of the place as written, the city and the country linking to their pages.
    where = [(event.city, next((p.id for p in places if p.kind == "city"), None)), (event.region, None),
             (event.country, next((p.id for p in places if p.kind == "country"), None))]  # fmt: skip
    where = [(text, place_id) for text, place_id in where if text]
    return {**event_view(graph, event), **editions_around(graph, event), "draft": event.draft, "where": where}


def event_notes_view(graph: Graph, docname: str, spec: dict[str, Any]) -> Any:
    note = graph.notes.get(docname)
    if note is None:
        return {"notes": [], "programme": []}
    return {
        "notes": [note_view(graph, n) for n in graph.notes_of_event.get(note.event_id or "", ())],
        "programme": programme_view(graph, note.event_id or ""),
    }


def render_note_card(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    badges = [badge(view["kind"].capitalize(), "info")]
    if view["programme"]:
        badges.append(badge("Programme entry", "secondary"))
    if view["draft"]:
        badges.append(badge("Draft", "warning"))
    rows = [
        ("Event", [link.event(view["event"])] if view["event"] else []),
        ("Date", [nodes.Text(date_text(view["date"]))] if view["date"] else []),
        ("Speakers", joined([link.speaker(s) for s in view["speakers"]])),
        ("Topics", joined([link.topic(t, badge=True) for t in view["topics"]], " ")),
        ("Materials", materials(view, with_host=True)),
    ]
    shown = [card("talknotes-note-card", nodes.paragraph("", "", *joined(badges, " ")), field_list(rows))]
    return shown + (programme_entry(view) if view["programme"] else [])


def programme_entry(view: dict[str, Any]) -> list[nodes.Node]:
    """What a programme entry shows below its card: the schedule's abstract, said to be the schedule's, and
    that nobody has written notes on the talk yet."""
    shown: list[nodes.Node] = []
    if view["summary"]:
        quote = nodes.block_quote("", nodes.paragraph("", view["summary"]), classes=["talknotes-abstract"])
        shown += [nodes.rubric("", "From the schedule"), quote]
    shown.append(nodes.paragraph("", "No notes on this talk yet.", classes=["talknotes-empty"]))
    return shown


def series_links(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """The event's series, with the editions before and after it."""
    if not view["series"]:
        return []
    parts = [link.series(view["series"])]
    for label, key in (("previous", "previous"), ("next", "next")):
        if view[key]:
            parts.append(nodes.inline("", "", nodes.Text(f"{label}: "), link.event(view[key]),
                                      classes=[f"talknotes-{key}-edition"]))  # fmt: skip
    return joined(parts, " · ")


def follow_links(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """An event's feed, and its calendar when it has dates."""
    links = [link.feed("event", view["id"]), link.calendar(view["id"]) if view["start"] else None]
    return joined([node for node in links if node is not None], " · ")


def render_event_card(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    start = dt.date.fromisoformat(view["start"]) if view["start"] else None
    end = dt.date.fromisoformat(view["end"]) if view["end"] else None
    website = view["website"]
    rows = [
        ("Dates", [nodes.Text(format_date_range(start, end))] if start else []),
        ("Venue", [nodes.Text(view["venue"])] if view["venue"] else []),
        ("Place", place_parts(view, link)),
        ("Attendance", [nodes.Text(f"{view['attendance']:,}")] if view["attendance"] else []),
        ("Organizers", joined([link.speaker(person) for person in view["organizers"]])),
        ("Website", [nodes.reference("", website, refuri=website)] if website else []),
        ("Topics", joined([link.topic(t, badge=True) for t in view["topics"]], " ")),
        ("Series", series_links(view, link)),
        # The event page is itself a note (its recap): counted apart, as the list below leaves it out.
        ("Notes", [nodes.Text(f"{view['note_count'] or 'None'}" + (" besides this recap" if view["recap"] else ""))]),
        ("Programme", [nodes.Text(programme_count(view))] if view["entry_count"] else []),
        ("Follow", [] if view["draft"] else follow_links(view, link)),
        ("Explore", [found] if not view["draft"] and (found := link.explore("event", view["id"])) else []),
    ]
    heading = [badge("Event", "primary")] + ([badge("Draft", "warning")] if view["draft"] else [])
    return [card("talknotes-event-card", nodes.paragraph("", "", *joined(heading, " ")), field_list(rows))]


def place_parts(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """The event's place as written, its city and its country linking to their pages."""
    parts = [
        link.place({"id": place_id, "name": text}) if place_id else nodes.Text(text) for text, place_id in view["where"]
    ]
    return joined(parts)


def programme_count(view: dict[str, Any]) -> str:
    """ "40 talks, 38 without notes": the size of an event's programme, as its card and lists say it."""
    return f"{plural(view['note_count'] + view['entry_count'], 'talk')}, {view['entry_count']:,} without notes"


def render_neighbours(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    box = nodes.container(classes=["talknotes-neighbours"])
    if view["event"] and view["siblings"]:
        box += nodes.rubric("", "", nodes.Text("More from "), link.event(view["event"]))
        box += brief_list(view["siblings"], link)
    if view["related"]:
        box += nodes.rubric("", "Related notes")
        box += brief_list(view["related"], link)
    if not len(box):
        return []
    # Left out of the explore index, which would otherwise be made again when another note changes.
    return [nodes.raw("", UNINDEXED_START, format="html"), box, nodes.raw("", UNINDEXED_END, format="html")]


def render_event_index(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """The events of the newest years grouped by year, each year linking to its page; then the earlier years."""
    if not view["years"]:
        return [nodes.paragraph("", "No events yet.", classes=["talknotes-empty"])]
    result: list[nodes.Node] = []
    for group in view["groups"]:
        result.append(nodes.rubric("", "", link.year(group["year"]), classes=["talknotes-year"]))
        result.append(event_list(group["events"], link))
    earlier = view["years"][len(view["groups"]) :]
    if earlier:
        result.append(nodes.rubric("", "Earlier years", classes=["talknotes-year"]))
        items = []
        for year in earlier:
            counts = f" — {plural(year['events'], 'event')}, {plural(year['notes'], 'note')}"
            items.append(nodes.list_item("", nodes.paragraph("", "", link.year(year["year"]), nodes.Text(counts))))
        result.append(nodes.bullet_list("", *items, classes=["talknotes-years"]))
    return result


def render_topic_index(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    if view["pages"]:  # at archive scale: the A–Z index of the overview's pages
        intro = f"{view['total']:,} topics, on pages by the first letters of the broadest topics' names:"
        return [nodes.paragraph("", intro), initials_index(view["pages"], link.layout.topics_page, link)]
    if not view["topics"]:
        return [nodes.paragraph("", "No topics yet.", classes=["talknotes-empty"])]
    return [topic_tree(view["topics"], link)]


def render_speaker_index(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    if view["pages"]:  # at archive scale: the A–Z index of the overview's pages
        total = sum(page["count"] for page in view["pages"])
        intro = f"{total:,} people, a page for the first letters of their names:"
        return [nodes.paragraph("", intro), initials_index(view["pages"], link.layout.people_page, link)]
    if not view["people"]:
        return [nodes.paragraph("", "No speakers yet.", classes=["talknotes-empty"])]
    return [people_list(view["people"], link)]


def render_series_index(view: list[dict[str, Any]], link: Linker) -> list[nodes.Node]:
    if not view:
        return [nodes.paragraph("", "No series yet.", classes=["talknotes-empty"])]
    items = []
    for series in view:
        line = nodes.paragraph(
            "", "", link.series(series), nodes.Text(f" ({plural(series['count'], 'edition')}, latest: ")
        )
        line += [link.event(series["latest"]), nodes.Text(")")]
        items.append(nodes.list_item("", line))
    return [nodes.bullet_list("", *items, classes=["talknotes-series"])]


def render_event_notes(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """The event's notes (in its own section, made when the page is read), then its whole programme by day."""
    if not view["notes"] and view["programme"]:
        shown: list[nodes.Node] = [nodes.paragraph("", "No notes from this event yet.", classes=["talknotes-empty"])]
    else:
        shown = [note_list(view["notes"], link, show_event=False)]
    if view["programme"]:
        shown.append(nodes.rubric("", "Programme", classes=["talknotes-programme-title"]))
        for day in view["programme"]:
            shown.append(nodes.rubric("", date_text(day["date"]) if day["date"] else "Undated",
                                      classes=["talknotes-programme-day"]))  # fmt: skip
            shown.append(programme_list(day["talks"], link))
    return shown


def render_notes(view: list[dict[str, Any]], link: Linker) -> list[nodes.Node]:
    return [note_list(view, link)]


@dataclass(frozen=True)
class Component:
    """What a placeholder shows (its view, from the graph) and how it is drawn (its rendering)."""

    kind: Kind
    view: View
    render: Render


COMPONENTS = {
    component.kind: component
    for component in (
        Component(Kind.NOTE_CARD, note_card_view, render_note_card),
        Component(Kind.NEIGHBOURS, neighbours_view, render_neighbours),
        Component(Kind.MENTIONS, lambda graph, docname, spec: page_mentions_view(graph, docname), render_mentions),
        Component(Kind.EVENT_CARD, event_card_view, render_event_card),
        Component(Kind.EVENT_NOTES, event_notes_view, render_event_notes),
        Component(Kind.NOTES, lambda graph, docname, spec: [note_view(graph, n) for n in select_notes(graph, spec)],
                  render_notes),
        Component(Kind.EVENT_INDEX, lambda graph, docname, spec: event_index_view(graph), render_event_index),
        Component(Kind.TOPIC_INDEX, lambda graph, docname, spec: topic_index_view(graph), render_topic_index),
        Component(Kind.SPEAKER_INDEX, lambda graph, docname, spec: speaker_index_view(graph), render_speaker_index),
        Component(Kind.SERIES_INDEX, lambda graph, docname, spec: series_index_view(graph), render_series_index),
    )
}  # fmt: skip


def build_view(graph: Graph, docname: str, spec: dict[str, Any]) -> Any:
    """What the placeholder ``spec`` in ``docname`` shows, as JSON-able data."""
    return COMPONENTS[Kind(spec["type"])].view(graph, docname, spec)


def render(spec: dict[str, Any], view: Any, link: Linker) -> list[nodes.Node]:
    """The nodes that replace the placeholder ``spec`` showing ``view``."""
    return [] if view is None else COMPONENTS[Kind(spec["type"])].render(view, link)
