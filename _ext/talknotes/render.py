"""Turning views into docutils nodes (cards and lists in pages) when a page is written."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .graph import year_label
from .settings import settings
from .state import has_generated_pages
from .text import format_date_range, plural

if TYPE_CHECKING:
    from sphinx.builders import Builder

CARD_CLASSES = ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm"]


class Linker:
    """Makes links from one page with the builder's own URI machinery, so html, dirhtml and singlehtml agree."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self.layout = settings(builder.config).layout
        self.generated = has_generated_pages(builder)
        self._uris: dict[str, str] = {}

    def uri(self, docname: str) -> str:
        if docname not in self._uris:
            self._uris[docname] = self.builder.get_relative_uri(self.fromdocname, docname)
        return self._uris[docname]

    def doc(self, docname: str, text: str, classes: list[str] | None = None) -> nodes.Node:
        uri = self.uri(docname)
        return nodes.reference("", text, internal=True, refuri=uri, classes=classes or [])

    def page(self, pagename: str, text: str, classes: list[str] | None = None) -> nodes.Node:
        if not self.generated:
            return nodes.inline(text, text, classes=classes or [])
        return self.doc(pagename, text, classes)

    def topic(self, ref: dict[str, str], badge: bool = False) -> nodes.Node:
        classes = ["sd-sphinx-override", "sd-badge", "sd-outline-primary", "sd-text-primary"] if badge else []
        return self.page(self.layout.topic_page(ref["id"]), ref["name"], [*classes, "talknotes-topic"])

    def speaker(self, ref: dict[str, Any]) -> nodes.Node:
        if not ref.get("linked", True):
            return nodes.inline(ref["name"], ref["name"], classes=["talknotes-speaker"])
        return self.page(self.layout.speaker_page(ref["id"]), ref["name"], ["talknotes-speaker"])

    def event(self, ref: dict[str, str]) -> nodes.Node:
        return self.doc(ref["docname"], ref["name"], ["talknotes-event"])

    def year(self, year: str) -> nodes.Node:
        return self.page(self.layout.year_page(year), year_label(year))


def badge(text: str, color: str) -> nodes.inline:
    return nodes.inline(text, text, classes=["sd-sphinx-override", "sd-badge", f"sd-bg-{color}", f"sd-bg-text-{color}"])


def joined(items: list[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def date_text(iso: str | None) -> str:
    return format_date_range(dt.date.fromisoformat(iso), None) if iso else ""


def field_list(rows: list[tuple[str, list[nodes.Node]]]) -> nodes.field_list:
    fields = nodes.field_list(classes=["talknotes-fields"])
    for label, content in rows:
        if content:
            fields += nodes.field(
                "", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *content))
            )
    return fields


def card(classes: str, *children: nodes.Node) -> nodes.container:
    body = nodes.container("", *children, classes=["sd-card-body"])
    return nodes.container("", body, classes=[*CARD_CLASSES, "talknotes-card", classes])


def render_note_card(view: dict[str, Any], link: Linker) -> nodes.Node:
    badges = [badge(view["kind"].capitalize(), "info")]
    if view["draft"]:
        badges.append(badge("Draft", "warning"))
    rows = [
        ("Event", [link.event(view["event"])] if view["event"] else []),
        ("Date", [nodes.Text(date_text(view["date"]))] if view["date"] else []),
        ("Speakers", joined([link.speaker(s) for s in view["speakers"]])),
        ("Topics", joined([link.topic(t, badge=True) for t in view["topics"]], " ")),
        ("Slides", [nodes.reference("", view["slides"], refuri=view["slides"])] if view["slides"] else []),
        ("Video", [nodes.reference("", view["video"], refuri=view["video"])] if view["video"] else []),
    ]
    return card("talknotes-note-card", nodes.paragraph("", "", *joined(badges, " ")), field_list(rows))


def render_event_card(view: dict[str, Any], link: Linker) -> nodes.Node:
    start = dt.date.fromisoformat(view["start"]) if view["start"] else None
    end = dt.date.fromisoformat(view["end"]) if view["end"] else None
    website = view["website"]
    rows = [
        ("Dates", [nodes.Text(format_date_range(start, end))] if start else []),
        ("Venue", [nodes.Text(view["venue"])] if view["venue"] else []),
        ("Place", [nodes.Text(view["place"])] if view["place"] else []),
        ("Attendance", [nodes.Text(f"{view['attendance']:,}")] if view["attendance"] else []),
        ("Organizers", [nodes.Text(", ".join(view["organizers"]))] if view["organizers"] else []),
        ("Website", [nodes.reference("", website, refuri=website)] if website else []),
        ("Topics", joined([link.topic(t, badge=True) for t in view["topics"]], " ")),
        ("Notes", [nodes.Text(str(view["note_count"]))]),
    ]
    heading = [badge("Event", "primary")] + ([badge("Draft", "warning")] if view["draft"] else [])
    return card("talknotes-event-card", nodes.paragraph("", "", *joined(heading, " ")), field_list(rows))


def note_item(view: dict[str, Any], link: Linker, *, show_event: bool = True) -> nodes.list_item:
    """One note in a list: title, kind, date, speakers, event, topics, then the summary."""
    line = nodes.paragraph("", "", nodes.strong("", "", link.doc(view["docname"], view["title"])))
    details: list[nodes.Node] = [nodes.Text(view["kind"])]
    if view["date"]:
        details.append(nodes.Text(date_text(view["date"])))
    if view["speakers"]:
        details.append(nodes.inline("", "", *joined([link.speaker(s) for s in view["speakers"]])))
    if show_event and view["event"]:
        details.append(link.event(view["event"]))
    line += nodes.Text(" — ")
    line.extend(joined(details, " · "))
    item = nodes.list_item("", line, classes=["talknotes-note"])
    if view["topics"]:
        item += nodes.paragraph(
            "", "", *joined([link.topic(t, badge=True) for t in view["topics"]], " "), classes=["talknotes-topics"]
        )
    if view["summary"]:
        item += nodes.paragraph("", view["summary"], classes=["talknotes-summary"])
    return item


def note_list(views: list[dict[str, Any]], link: Linker, *, show_event: bool = True) -> nodes.Node:
    if not views:
        return nodes.paragraph("", "No notes match this list yet.", classes=["talknotes-empty"])
    return nodes.bullet_list(
        "", *(note_item(v, link, show_event=show_event) for v in views), classes=["talknotes-notes"]
    )


def brief_list(views: list[dict[str, Any]], link: Linker) -> nodes.bullet_list:
    """A compact list of notes: linked title, then kind, date and event in one line."""
    items = []
    for view in views:
        line = nodes.paragraph("", "", link.doc(view["docname"], view["title"]))
        details = " · ".join(filter(None, (view["kind"], date_text(view["date"]))))
        line += nodes.Text(f" — {details}")
        if view["event"]:
            line += nodes.Text(" · ")
            line += link.event(view["event"])
        items.append(nodes.list_item("", line, classes=["talknotes-note"]))
    return nodes.bullet_list("", *items, classes=["talknotes-notes", "talknotes-brief"])


def render_neighbours(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    box = nodes.container(classes=["talknotes-neighbours"])
    if view["event"] and view["siblings"]:
        box += nodes.rubric("", "", nodes.Text("More from "), link.event(view["event"]))
        box += brief_list(view["siblings"], link)
    if view["related"]:
        box += nodes.rubric("", "Related notes")
        box += brief_list(view["related"], link)
    return [box] if len(box) else []


def render_event_index(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """The events of the newest years grouped by year, each year linking to its page; then the earlier years."""
    if not view["years"]:
        return [nodes.paragraph("", "No events yet.", classes=["talknotes-empty"])]
    result: list[nodes.Node] = []
    for group in view["groups"]:
        result.append(nodes.rubric("", "", link.year(group["year"]), classes=["talknotes-year"]))
        items = []
        for event in group["events"]:
            start = dt.date.fromisoformat(event["start"]) if event["start"] else None
            end = dt.date.fromisoformat(event["end"]) if event["end"] else None
            count = event["note_count"]
            details = [format_date_range(start, end), event["place"], f"{count} note{'' if count == 1 else 's'}"]
            para = nodes.paragraph("", "", nodes.strong("", "", link.event(event)))
            para += nodes.Text(" — " + " · ".join(d for d in details if d))
            items.append(nodes.list_item("", para, classes=["talknotes-event"]))
        result.append(nodes.bullet_list("", *items, classes=["talknotes-events"]))
    earlier = view["years"][len(view["groups"]) :]
    if earlier:
        result.append(nodes.rubric("", "Earlier years", classes=["talknotes-year"]))
        items = []
        for year in earlier:
            counts = f" — {plural(year['events'], 'event')}, {plural(year['notes'], 'note')}"
            items.append(nodes.list_item("", nodes.paragraph("", "", link.year(year["year"]), nodes.Text(counts))))
        result.append(nodes.bullet_list("", *items, classes=["talknotes-years"]))
    return result


def render_topic_index(view: list[dict[str, Any]], link: Linker) -> list[nodes.Node]:
    def branch(items: list[dict[str, Any]]) -> nodes.bullet_list:
        entries = []
        for topic in items:
            item = nodes.list_item("", nodes.paragraph("", "", link.topic(topic), nodes.Text(f" ({topic['count']})")))
            if topic["children"]:
                item += branch(topic["children"])
            entries.append(item)
        return nodes.bullet_list("", *entries, classes=["talknotes-topic-tree"])

    return [branch(view)] if view else [nodes.paragraph("", "No topics yet.", classes=["talknotes-empty"])]


def render_speaker_index(view: list[dict[str, Any]], link: Linker) -> list[nodes.Node]:
    if not view:
        return [nodes.paragraph("", "No speakers yet.", classes=["talknotes-empty"])]
    items = [
        nodes.list_item("", nodes.paragraph("", "", link.speaker(s), nodes.Text(f" ({s['count']})"))) for s in view
    ]
    return [nodes.bullet_list("", *items, classes=["talknotes-speakers"])]


def render(spec_type: str, view: Any, link: Linker) -> list[nodes.Node]:
    """The nodes that replace a placeholder of ``spec_type`` showing ``view``."""
    if view is None:
        return []
    if spec_type == "note-card":
        return [render_note_card(view, link)]
    if spec_type == "event-card":
        return [render_event_card(view, link)]
    if spec_type == "neighbours":
        return render_neighbours(view, link)
    if spec_type == "event-notes":
        return [nodes.rubric("", "Notes from this event"), note_list(view, link, show_event=False)]
    if spec_type == "notes":
        return [note_list(view, link)]
    if spec_type == "event-index":
        return render_event_index(view, link)
    if spec_type == "topic-index":
        return render_topic_index(view, link)
    if spec_type == "speaker-index":
        return render_speaker_index(view, link)
    return []
