"""The pieces every card, list and generated page is made of, as docutils nodes, and the links between pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri
from sphinx_design.badges_buttons import create_bdg_classes, sd_badge
from sphinx_design.shared import create_component

from ..base.settings import published_folder, settings
from ..base.text import format_date_range, plural
from ..model.graph import year_label
from ..outputs.calendars import calendar_path
from ..outputs.explore import PAGE as EXPLORE_PAGE
from ..outputs.explore import explores
from ..outputs.feeds import feed_paths
from ..sphinx.build import build_of

# sphinx-design's own card: its component container, with the classes its card directive gives by default.
CARD_CLASSES = ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm"]


def target_uri(builder: Builder, docname: str, cache: dict[str, str]) -> str:
    """``builder.get_target_uri(docname)``, worked out once per build (``cache``: the Build's ``target_uris``): a
    page's address is the same from every page.

    Cards and lists link the same events, topics and people from thousands of pages (88,000 links at
    2,000 notes), and the builder quotes the name anew each time."""
    uri = cache.get(docname)
    if uri is None:
        uri = cache[docname] = builder.get_target_uri(docname)
    return uri


class Linker:
    """Makes links from one page with the builder's own URI machinery, so html, dirhtml and singlehtml agree."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder = builder
        self.fromdocname = fromdocname
        self.layout = settings(builder.config).layout
        build = build_of(builder.env)
        self.generated = build.generated_pages
        self._targets = build.target_uris
        self._uris: dict[str, str] = {}
        # Where the builder's relative links are Sphinx's own (the target relative to this page's, as html and
        # dirhtml make them), the targets come from the cache; a builder with links of its own (singlehtml) is asked.
        own_links = type(builder).get_relative_uri is not Builder.get_relative_uri
        self._here = None if own_links else target_uri(builder, fromdocname, self._targets)

    def uri(self, docname: str) -> str:
        uri = self._uris.get(docname)
        if uri is None:
            if self._here is None:
                uri = self.builder.get_relative_uri(self.fromdocname, docname)
            else:
                uri = relative_uri(self._here, target_uri(self.builder, docname, self._targets))
            self._uris[docname] = uri
        return uri

    def doc(self, docname: str, text: str, classes: list[str] | None = None) -> nodes.Node:
        uri = self.uri(docname)
        return nodes.reference("", text, internal=True, refuri=uri, classes=classes or [])

    def spot(self, docname: str, anchor: str, text: str, classes: list[str] | None = None) -> nodes.Node:
        """A link to one place in a page; to the page alone where its address is a place already (singlehtml)."""
        uri = self.uri(docname)
        uri = uri if "#" in uri else f"{uri}#{anchor}"
        return nodes.reference("", text, internal=True, refuri=uri, classes=classes or [])

    def page(self, pagename: str, text: str, classes: list[str] | None = None) -> nodes.Node:
        # No link from a page to itself: without generated pages, or on the very page.
        if not self.generated or pagename == self.fromdocname:
            return nodes.inline(text, text, classes=classes or [])
        return self.doc(pagename, text, classes)

    def topic(self, ref: dict[str, str], badge: bool = False) -> nodes.Node:
        classes = create_bdg_classes("primary", outline=True) if badge else []
        return self.page(self.layout.topic_page(ref["id"]), ref["name"], [*classes, "talknotes-topic"])

    def is_here(self, pagename: str) -> bool:
        return pagename == self.fromdocname

    def speaker(self, ref: dict[str, Any]) -> nodes.Node:
        if not ref.get("linked", True):
            return nodes.inline(ref["name"], ref["name"], classes=["talknotes-speaker"])
        return self.page(self.layout.speaker_page(ref["id"]), ref["name"], ["talknotes-speaker"])

    def event(self, ref: dict[str, str]) -> nodes.Node:
        return self.doc(ref["docname"], ref["name"], ["talknotes-event"])

    def series(self, ref: dict[str, str]) -> nodes.Node:
        return self.page(self.layout.series_page(ref["id"]), ref["name"], ["talknotes-series"])

    def feed(self, kind: str, item_id: str) -> nodes.Node | None:
        """A visible "Subscribe" link to the Atom feed of an event, topic or person, when feeds are written."""
        folder = settings(self.builder.config).feeds
        if published_folder(self.builder.config, self.builder.name, folder) is None:
            return None
        path = feed_paths(self.layout, folder)[kind].format(item_id)
        uri = relative_uri(target_uri(self.builder, self.fromdocname, self._targets), path)
        return nodes.reference("", "Subscribe (Atom feed)", refuri=uri, classes=["talknotes-feed"])

    def calendar(self, event_id: str) -> nodes.Node | None:
        """An "Add to calendar" link to an event's iCalendar file, when calendars are written."""
        folder = settings(self.builder.config).calendars
        if published_folder(self.builder.config, self.builder.name, folder) is None:
            return None
        uri = relative_uri(target_uri(self.builder, self.fromdocname, self._targets), calendar_path(folder, event_id))
        return nodes.reference("", "Add to calendar", refuri=uri, classes=["talknotes-calendar"])

    def explore(self, facet: str, value: str, *, programme: bool = False) -> nodes.Node | None:
        """A link to the explore page showing the notes of one topic, person, event or year (or, with
        ``programme``, its talks without notes), when there is one."""
        if not explores(self.builder):
            return None
        query = {facet: value} | ({"notes": "programme"} if programme else {})
        text = "Filter and search all of them" if programme else "Filter and search these notes"
        uri = self.uri(EXPLORE_PAGE) + "?" + urlencode(query)
        return nodes.reference("", text, refuri=uri, classes=["talknotes-explore-link"])

    def place(self, ref: dict[str, str]) -> nodes.Node:
        return self.page(self.layout.place_page(ref["id"]), ref["name"], ["talknotes-place"])

    def year(self, year: str) -> nodes.Node:
        return self.page(self.layout.year_page(year), year_label(year))


def badge(text: str, color: str) -> nodes.inline:
    """sphinx-design's badge, as its ``{bdg-<color>}`` role makes it."""
    return sd_badge(text, text, classes=create_bdg_classes(color, outline=False))


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
    """sphinx-design's card component, with a body holding ``children``."""
    body = create_component("card-body", ["sd-card-body"], children=children)
    return create_component("card", [*CARD_CLASSES, "talknotes-card", classes], children=[body])


MATERIALS = (("slides", "Slides"), ("video", "Video"), ("session", "Session page"))


def materials(view: dict[str, Any], *, with_host: bool = False) -> list[nodes.Node]:
    """Links to a note's slides, video and session page, labelled by what they are (and, on its card, where)."""
    links: list[nodes.Node] = []
    for key, label in MATERIALS:
        url = view.get(key)
        if url:
            text = f"{label} ({urlsplit(url).hostname})" if with_host else label.lower()
            links.append(nodes.reference("", text, refuri=url, classes=[f"talknotes-{key}"]))
    return joined(links, " · ")


def note_item(view: dict[str, Any], link: Linker, *, show_event: bool = True) -> nodes.list_item:
    """One note in a list: title, kind, date, speakers, event, topics, then the summary.

    What the list's page already says is not repeated: a person's own page does not name them in
    each entry, and an event's recap (its own page) does not name the event again.
    """
    line = nodes.paragraph("", "", nodes.strong("", "", link.doc(view["docname"], view["title"])))
    details: list[nodes.Node] = [nodes.Text(view["kind"])]
    if view["date"]:
        details.append(nodes.Text(date_text(view["date"])))
    speakers = [s for s in view["speakers"] if not link.is_here(link.layout.speaker_page(s["id"]))]
    if speakers:
        others = len(speakers) < len(view["speakers"])
        names = joined([link.speaker(s) for s in speakers])
        details.append(nodes.inline("", "", *([nodes.Text("with "), *names] if others else names)))
    event = view["event"]
    if show_event and event and event["docname"] != view["docname"]:
        details.append(link.event(event))
    links = materials(view)
    if links:
        details.append(nodes.inline("", "", *links, classes=["talknotes-materials"]))
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


def programme_list(talks: list[dict[str, Any]], link: Linker) -> nodes.bullet_list:
    """One day of an event's programme: time, title, speakers and materials of each talk; a talk with notes
    is marked, so a reader sees at once which talks someone wrote up."""
    items = []
    for talk in talks:
        line = nodes.paragraph("")
        if talk["time"]:
            line += nodes.inline("", talk["time"], classes=["talknotes-time"])
            line += nodes.Text(" ")
        line += link.doc(talk["docname"], talk["title"])
        details: list[nodes.Node] = []
        if not talk["programme"]:
            details.append(badge("Notes", "success"))
        if talk["speakers"]:
            details.append(nodes.inline("", "", *joined([link.speaker(s) for s in talk["speakers"]])))
        if links := materials(talk):
            details.append(nodes.inline("", "", *links, classes=["talknotes-materials"]))
        if details:
            line += nodes.Text(" — ")
            line.extend(joined(details, " · "))
        classes = ["talknotes-talk"] + ([] if talk["programme"] else ["talknotes-has-notes"])
        items.append(nodes.list_item("", line, classes=classes))
    return nodes.bullet_list("", *items, classes=["talknotes-programme"])


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


def event_item(event: dict[str, Any], link: Linker, *, summary: bool = False) -> nodes.list_item:
    """One event in a list: its name, dates, place and number of notes (and its summary)."""
    start = dt.date.fromisoformat(event["start"]) if event["start"] else None
    end = dt.date.fromisoformat(event["end"]) if event["end"] else None
    notes = plural(event["note_count"], "note")
    details = [format_date_range(start, end) if start else "", event["place"],
               f"recap and {notes}" if event["recap"] else notes]  # fmt: skip
    if event["entry_count"]:
        details.append(f"{event['entry_count']:,} more {'talk' if event['entry_count'] == 1 else 'talks'} "
                       "in the programme")  # fmt: skip
    para = nodes.paragraph("", "", nodes.strong("", "", link.event(event)))
    para += nodes.Text(" — " + " · ".join(d for d in details if d))
    item = nodes.list_item("", para, classes=["talknotes-event"])
    if summary and event.get("summary"):
        item += nodes.paragraph("", event["summary"], classes=["talknotes-summary"])
    return item


def event_list(events: list[dict[str, Any]], link: Linker, *, summary: bool = False) -> nodes.bullet_list:
    return nodes.bullet_list("", *(event_item(e, link, summary=summary) for e in events), classes=["talknotes-events"])


def people_list(people: list[dict[str, Any]], link: Linker) -> nodes.bullet_list:
    """People with what they did: their notes, their talks without notes, the events they organized."""
    items = []
    for person in people:
        only_notes = not (person["organized"] or person["entries"])
        roles = [plural(person["count"], "note")] if person["count"] or only_notes else []
        if person["entries"]:
            roles.append(f"{plural(person['entries'], 'talk')} without notes")
        if person["organized"]:
            roles.append(f"organized {plural(person['organized'], 'event')}")
        counts = nodes.Text(f" ({', '.join(roles)})")
        items.append(nodes.list_item("", nodes.paragraph("", "", link.speaker(person), counts)))
    return nodes.bullet_list("", *items, classes=["talknotes-speakers"])


def topic_tree(trees: list[dict[str, Any]], link: Linker) -> nodes.bullet_list:
    """Topics with their counts, each with its narrower topics below it."""
    entries = []
    for topic in trees:
        counts = str(topic["count"])
        if topic["total"] > topic["count"]:
            counts += f"; {topic['total']} with narrower topics"
        item = nodes.list_item("", nodes.paragraph("", "", link.topic(topic), nodes.Text(f" ({counts})")))
        if topic["children"]:
            item += topic_tree(topic["children"], link)
        entries.append(item)
    return nodes.bullet_list("", *entries, classes=["talknotes-topic-tree"])


def initials_index(pages: list[dict[str, Any]], page_of: Callable[[str], str], link: Linker) -> nodes.paragraph:
    """The A–Z index of an overview's pages (``page_of`` a key), each with how many it lists; the page itself
    unlinked."""
    line = nodes.paragraph("", "", classes=["talknotes-initials"])
    for index, page in enumerate(pages):
        if index:
            line += nodes.Text(" · ")
        line += link.page(page_of(page["key"]), page["label"])
        line += nodes.Text(f" ({page['count']:,})")
    return line
