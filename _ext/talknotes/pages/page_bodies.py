"""The bodies of the generated year, topic and speaker pages: nodes made of the same pieces as the cards and lists.

They are written to HTML by the builder's own translator, so they look like every other page;
the page around them comes from a template found through Sphinx's template loader
(``talknotes/<kind>.html``), which a site can override from its ``templates_path``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt

from ..base.text import plural
from ..model.graph import UNDATED, year_label
from .mentions import mention_list, render_mentions
from .render import (
    Linker,
    badge,
    card,
    event_list,
    field_list,
    initials_index,
    joined,
    note_list,
    people_list,
    topic_tree,
)

# Raw HTML is escaped and javascript: links are refused: descriptions are contributor text.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


def section(ids: str, title: str | nodes.Node, *children: nodes.Node, classes: tuple[str, ...] = ()) -> nodes.section:
    heading = nodes.title("", "", title) if isinstance(title, nodes.Node) else nodes.title(title, title)
    return nodes.section("", heading, *children, ids=[ids], classes=list(classes))


def paragraph(*children: nodes.Node | str, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    return nodes.paragraph(
        "", "", *(nodes.Text(c) if isinstance(c, str) else c for c in children), classes=list(classes)
    )


def split_notice(view: dict[str, Any]) -> list[nodes.Node]:
    if not view["years"]:
        return []
    text = f"The {view['shown']} newest of {view['count']} notes; every year has a page of its own."
    return [paragraph(text, classes=("talknotes-split",))]


def programme_entries(view: dict[str, Any], link: Linker, facet: str) -> list[nodes.Node]:
    """The talks without notes yet, set apart below the notes: the newest, and where to find the rest."""
    if not view["entry_count"]:
        return []
    shown: list[nodes.Node] = [note_list(view["entries"], link)]
    if view["entry_count"] > len(view["entries"]):
        rest = f"The {len(view['entries'])} newest of {view['entry_count']:,}."
        found = link.explore(facet, view["id"], programme=True)
        shown.insert(0, paragraph(rest, *([" ", found] if found is not None else []), classes=("talknotes-split",)))
    intro = paragraph("Talks in an event's programme that nobody has written notes on yet.",
                      classes=("talknotes-intro",))  # fmt: skip
    return [section("programme", f"Talks without notes ({view['entry_count']:,})", intro, *shown,
                    classes=("talknotes-programme-entries",))]  # fmt: skip


def by_year(view: dict[str, Any], page_of: Callable[..., str], link: Linker) -> list[nodes.Node]:
    """The links to the year pages of a split list."""
    if not view["years"]:
        return []
    items = [
        nodes.list_item("", paragraph(link.doc(page_of(view["id"], y["year"]), year_label(y["year"])),
                                      f" ({plural(y['count'], 'note')})"))
        for y in view["years"]
    ]  # fmt: skip
    return [section("by-year", "Notes by year", nodes.bullet_list("", *items, classes=["talknotes-years"]))]


def neighbour_years(view: dict[str, Any], page_of: Callable[[str], str], whole: nodes.Node) -> nodes.Node:
    """Links to the newer year, the whole list, and the older year."""
    links = [whole]
    if view["newer"]:
        links.insert(0, nodes.reference("", year_label(view["newer"]), internal=True, refuri=page_of(view["newer"])))
    if view["older"]:
        links.append(nodes.reference("", year_label(view["older"]), internal=True, refuri=page_of(view["older"])))
    return nodes.container("", paragraph(*joined(links, " · ")), classes=["talknotes-parts"])


def event_groups(groups: list[dict[str, Any]], link: Linker) -> list[nodes.Node]:
    """Notes grouped under a heading per event."""
    return [
        section(f"event-{group['event']['id']}" if group["event"] else "other-notes",
                link.event(group["event"]) if group["event"] else "Other notes",
                note_list(group["notes"], link, show_event=False))
        for group in groups
    ]  # fmt: skip


def topic_page(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    under = view["total"] - view["count"]
    count = f"{view['count']}, and {plural(under, 'more note')} under narrower topics" if under else str(view["count"])
    narrower = [
        nodes.inline("", "", link.topic(t, badge=True), nodes.Text(f" ({t['total']})")) for t in view["narrower"]
    ]
    rows = [
        ("Notes", [nodes.Text(count)]),
        ("Without notes", [nodes.Text(plural(view["entry_count"], "talk"))] if view["entry_count"] else []),
        ("Also called", [nodes.Text(", ".join(view["aliases"]))] if view["aliases"] else []),
        ("Broader", joined([link.topic(t, badge=True) for t in view["broader"]], " ")),
        ("Narrower", joined(narrower, " ")),
        ("Follow", [feed] if (feed := link.feed("topic", view["id"])) else []),
        ("Explore", [found] if (found := link.explore("topic", view["id"])) else []),
    ]
    body: list[nodes.Node] = [card("talknotes-topic-card", paragraph(badge("Topic", "primary")), field_list(rows))]
    if view["description"]:
        html = MARKDOWN.render(view["description"])
        body.append(nodes.container("", nodes.raw("", html, format="html"), classes=["talknotes-description"]))
    empty = "No notes on this topic itself yet; see its narrower topics." if under else "No notes on this topic yet."
    groups = event_groups(view["groups"], link) or [paragraph(empty, classes=("talknotes-empty",))]
    body.append(section("notes", "Latest notes" if view["years"] else "Notes", *split_notice(view), *groups))
    body += by_year(view, link.layout.topic_page, link)
    body += programme_entries(view, link, "topic")
    body += render_mentions(view.get("mentions"), link)
    body.append(
        paragraph(link.doc(link.layout.overview(link.layout.topics_dir), "All topics"), classes=("talknotes-back",))
    )
    return [section("topic-page", view["name"], *body, classes=("talknotes-topic-page",))]


def speaker_page(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    organized = view["organized"]
    spoke = view["count"] or view["entry_count"]
    roles = (["Speaker"] if spoke or not organized else []) + (["Organizer"] if organized else [])
    rows = [
        ("Notes", [nodes.Text(str(view["count"]))] if spoke or not organized else []),
        ("Without notes", [nodes.Text(plural(view["entry_count"], "talk"))] if view["entry_count"] else []),
        ("Organized", [nodes.Text(plural(len(organized), "event"))] if organized else []),
        ("Also billed as", [nodes.Text(", ".join(view["aliases"]))] if view["aliases"] else []),
        ("Links", joined([nodes.reference("", url, refuri=url) for url in view["links"]])),
        ("Follow", [feed] if (feed := link.feed("person", view["id"])) else []),
        ("Explore", [found] if (found := link.explore("person", view["id"])) and spoke else []),
    ]
    heading = paragraph(*joined([badge(role, "primary") for role in roles], " "))
    body: list[nodes.Node] = [card("talknotes-speaker-card", heading, field_list(rows))]
    if view["notes"] or not organized or view["entry_count"]:
        notes = (
            note_list(view["notes"], link)
            if view["notes"]
            else paragraph("No notes by this speaker yet.", classes=("talknotes-empty",))
        )
        body.append(section("notes", "Latest notes" if view["years"] else "Notes", *split_notice(view), notes))
        body += by_year(view, link.layout.speaker_page, link)
    body += programme_entries(view, link, "person")
    if organized:
        body.append(section("organized", "Organized", event_list(organized, link)))
    body += render_mentions(view.get("mentions"), link)
    body.append(paragraph(link.doc(link.layout.overview(link.layout.speakers_dir), "All people"),
                          classes=("talknotes-back",)))  # fmt: skip
    return [section("speaker-page", view["name"], *body, classes=("talknotes-speaker-page",))]


def mentions_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    """Every mention of a page, newest linking page first, each with its sentence."""
    intro = paragraph(f"{plural(view['total'], 'mention')} of ", link.page(view["page"], view["name"]),
                      ", newest first.")  # fmt: skip
    return [section("mentions-page", title, intro, mention_list(view["items"], link),
                    classes=("talknotes-mentions-page",))]  # fmt: skip


def series_page(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """A series: its card, then its editions, newest first."""
    rows = [
        ("Editions", [nodes.Text(str(len(view["editions"])))]),
        ("Follow", [feed] if (feed := link.feed("series", view["id"])) else []),
    ]
    body: list[nodes.Node] = [card("talknotes-series-card", paragraph(badge("Series", "primary")), field_list(rows))]
    body.append(section("editions", "Editions", event_list(view["editions"], link, summary=True)))
    body.append(paragraph(link.doc(link.layout.overview(link.layout.series_dir), "All series"),
                          classes=("talknotes-back",)))  # fmt: skip
    return [section("series-page", view["name"], *body, classes=("talknotes-series-page",))]


def year_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    counts = f"{plural(len(view['events']), 'event')}, {plural(view['notes'], 'note')}"
    counts += f", {plural(view['entries'], 'talk')} without notes." if view["entries"] else "."
    whole = link.doc(link.layout.events_overview, "All events")
    years = neighbour_years(view, lambda year: link.uri(link.layout.year_page(year)), whole)
    found = link.explore("year", view["year"])
    summary = paragraph(counts, *([" ", found] if found is not None and view["notes"] else []))
    return [
        section("year-page", title, summary, event_list(view["events"], link, summary=True), years,
                classes=("talknotes-year-page",))
    ]  # fmt: skip


def place_list(places: list[dict[str, Any]], link: Linker) -> nodes.bullet_list:
    """Places with their counts: "Montreal, Quebec — 2 events · 9 notes"."""
    items = []
    for place in places:
        line = paragraph(link.place(place), f" — {plural(place['events'], 'event')} · {plural(place['notes'], 'note')}")
        if place.get("cities"):
            line = nodes.container("", line, place_list(place["cities"], link))
        items.append(nodes.list_item("", line))
    return nodes.bullet_list("", *items, classes=["talknotes-places"])


def place_page(view: dict[str, Any], link: Linker) -> list[nodes.Node]:
    """A country or a city: its card, its cities, its events newest first, then its newest notes."""
    rows = [
        ("Country", [link.place(view["country"])] if view["country"] else []),
        ("Events", [nodes.Text(str(len(view["events"])))]),
        ("Notes", [nodes.Text(str(view["count"]))]),
        ("Explore", [found] if view["count"] and (found := link.explore("place", view["id"])) else []),
    ]
    kind = "Country" if view["kind"] == "country" else "City"
    body: list[nodes.Node] = [card("talknotes-place-card", paragraph(badge(kind, "primary")), field_list(rows))]
    if view["cities"]:
        body.append(section("cities", "Cities", place_list(view["cities"], link)))
    body.append(section("events", "Events", event_list(view["events"], link, summary=True)))
    if view["notes"]:
        shown = (
            f"The {len(view['notes'])} newest of {view['count']:,} notes." if view["count"] > len(view["notes"]) else ""
        )
        body.append(section("notes", "Latest notes" if shown else "Notes",
                            *([paragraph(shown, classes=("talknotes-split",))] if shown else []),
                            note_list(view["notes"], link)))  # fmt: skip
    body.append(paragraph(link.page(link.layout.place_page("index"), "All places"), classes=("talknotes-back",)))
    return [section("place-page", view["name"], *body, classes=("talknotes-place-page",))]


def places_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    """Every country with its cities, by name, then the cities whose events name no country."""
    body: list[nodes.Node] = [paragraph("Where the events took place, as their pages say it.")]
    if view["countries"]:
        body.append(place_list(view["countries"], link))
    if view["elsewhere"]:
        body.append(section("elsewhere", "Cities without a country", place_list(view["elsewhere"], link)))
    return [section("places-page", title, *body, classes=("talknotes-places-page",))]


def people_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    """A page of the people overview at archive scale: the A–Z index, then the people of these letters."""
    whole = link.doc(link.layout.overview(link.layout.speakers_dir), "All people")
    intro = paragraph(f"{len(view['people']):,} of the people, by name. ", whole)
    return [
        section("people-page", title, intro, initials_index(view["pages"], link.layout.people_page, link),
                people_list(view["people"], link),
                classes=("talknotes-people-page",))
    ]  # fmt: skip


def topics_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    """A page of the topics overview at archive scale: the A–Z index, then the trees of these letters."""
    whole = link.doc(link.layout.overview(link.layout.topics_dir), "All topics")
    intro = paragraph(f"{view['count']:,} of the {view['total']:,} topics, under the broadest ones, by name. ", whole)
    return [
        section("topics-page", title, intro, initials_index(view["pages"], link.layout.topics_page, link),
                topic_tree(view["topics"], link), classes=("talknotes-topics-page",))
    ]  # fmt: skip


def part_page(view: dict[str, Any], link: Linker, title: str) -> list[nodes.Node]:
    """One year of a split topic or speaker list."""
    page_of = link.layout.topic_page if view["kind"] == "topic" else link.layout.speaker_page
    whole = link.doc(page_of(view["id"]), "All years")
    years = neighbour_years(view, lambda year: link.uri(page_of(view["id"], year)), whole)
    about = "on" if view["kind"] == "topic" else "by"
    intro = paragraph(
        f"{plural(view['count'], 'note')} {about} ",
        link.doc(page_of(view["id"]), view["name"]),
        ", undated." if view["year"] == UNDATED else f" in {view['year']}.",
    )
    notes = event_groups(view["groups"], link) if view["kind"] == "topic" else [note_list(view["notes"], link)]
    return [section(f"{view['kind']}-year-page", title, intro, years, *notes, classes=("talknotes-part-page",))]
