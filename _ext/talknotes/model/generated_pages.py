"""The pages the extension makes from the graph alone (years, topics, people, series and their parts):
which exist, what each shows and which notes it reads. Plain data, shared by the outline, reach and writers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base.settings import Layout
from .graph import UNDATED, year_label
from .mentioned import page_mentions_view, pages_with_many_mentions
from .mentions import all_mentions_page
from .overviews import initials_label, people_page_view, people_pages, topic_pages, topics_page_view
from .places import place_page_view, places_page_view
from .views import (
    events_by_year,
    part_view,
    series_page_view,
    speaker_page_view,
    topic_page_view,
    year_page_view,
)

if TYPE_CHECKING:
    from .graph import Event, Graph, Note

# The pages of the people and topics overviews at archive scale (overviews.by_initials).
OVERVIEW_PAGES = ("people", "topics")
MENTIONS_TITLE = "Mentions of "
PLACE_PAGES = ("country", "city")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the extension writes that no Markdown file declares: a year, topic or speaker page, or a part."""

    pagename: str
    kind: str  # year | topic | speaker | series | topic-year | speaker-year | people | topics | mentions | places
    # | country | city
    item_id: str  # the year, topic or speaker id; the first letters of a people page; a mentioned page's name
    year: str | None  # of a part of a split list
    title: str
    nav_title: str  # shorter, under its parent in the navigation
    parent: str  # the page it sits under in the navigation

    @property
    def template(self) -> str:
        """The template of the page around the body; a site may override it from its templates_path."""
        return f"talknotes/{self.kind}.html"

    def view(self, graph: Graph) -> dict[str, Any]:
        if self.kind == "year":
            return year_page_view(graph, self.item_id)
        if self.kind == "topic":
            return {**topic_page_view(graph, self.item_id), "mentions": page_mentions_view(graph, self.pagename)}
        if self.kind == "speaker":
            return {**speaker_page_view(graph, self.item_id), "mentions": page_mentions_view(graph, self.pagename)}
        if self.kind in PLACE_PAGES:
            return place_page_view(graph, self.item_id)
        if self.kind == "places":
            return places_page_view(graph)
        if self.kind == "mentions":
            found = graph.mentions.get(self.item_id, [])
            return {"page": self.item_id, "name": self.title.removeprefix(MENTIONS_TITLE), "total": len(found),
                    "items": [m.view() for m in found]}  # fmt: skip
        if self.kind == "series":
            return series_page_view(graph, self.item_id)
        if self.kind == "people":
            return people_page_view(graph, self.item_id)
        if self.kind == "topics":
            return topics_page_view(graph, self.item_id)
        return part_view(graph, self.kind.removesuffix("-year"), self.item_id, self.year or "")

    def events(self, graph: Graph) -> list[Event]:
        """The events a year or series page lists; none for a topic or person page."""
        if self.kind == "year":
            return events_by_year(graph).get(self.item_id, [])
        if self.kind == "series":
            return graph.editions.get(self.item_id, [])
        if self.kind in PLACE_PAGES:
            return [graph.events[e] for e in graph.places[self.item_id].event_ids]
        if self.kind == "places":  # every event in a place, a city's without a country too
            return [graph.events[e] for e in graph.places_of_event]
        return []

    def notes(self, graph: Graph) -> list[Note]:
        """Every note and programme entry the page lists or counts: when one changes, the page may change."""
        if self.kind == "mentions":
            return []  # what it shows is compared apart (``Fingerprints.mentions``)
        if self.kind in PLACE_PAGES or self.kind == "places":
            return [n for e in self.events(graph) for n in graph.notes_of_event.get(e.id, [])]
        if self.kind in ("year", "series"):
            events = self.events(graph)
            pages = [graph.notes[e.docname] for e in events if e.docname in graph.notes]
            if self.kind == "series":
                return pages  # its editions' own pages
            listed = (graph.notes_of_event, graph.programme_of_event)
            return pages + [n for e in events for of_event in listed for n in of_event.get(e.id, [])]
        kind = self.kind.removesuffix("-year")
        if self.year is None:
            programme = graph.programme_of_topic if kind == "topic" else graph.programme_of_speaker
            return graph.notes_of(kind, self.item_id) + programme.get(self.item_id, [])
        return graph.years_of(kind, self.item_id).get(self.year, [])


def generated_pages(layout: Layout, graph: Graph) -> list[GeneratedPage]:
    """Every generated page, in a stable order: year pages, then topics and speakers with their parts."""
    pages = [
        GeneratedPage(layout.year_page(year), "year", year, None,
                      f"Events of {year}" if year != UNDATED else "Undated events", year_label(year),
                      layout.events_overview)
        for year in events_by_year(graph)
    ]  # fmt: skip
    lists = [
        ("topic", layout.topic_page, layout.topics_dir, t.id, t.name, graph.notes_of_topic.get(t.id, []))
        for t in sorted_topics_of(graph)
    ]
    lists += [
        ("speaker", layout.speaker_page, layout.speakers_dir, s.id, s.name, graph.notes_of_speaker.get(s.id, []))
        for s in sorted(graph.speakers_with_pages(), key=lambda s: s.id)
    ]
    pages += [
        GeneratedPage(
            layout.series_page(s.id), "series", s.id, None, s.name, s.name, layout.overview(layout.series_dir)
        )
        for s in graph.series_with_pages()
    ]
    overviews = (
        ("people", "People", layout.speakers_dir, layout.people_page, people_pages(graph)),
        ("topics", "Topics", layout.topics_dir, layout.topics_page, topic_pages(graph)),
    )
    for kind, title, folder, page_of, keys in overviews:  # the A–Z pages of an overview at archive scale
        pages += [
            GeneratedPage(page_of(key), kind, key, None, f"{title}: {initials_label(key)}", initials_label(key),
                          layout.overview(folder))
            for key in keys
        ]  # fmt: skip
    if graph.places:
        overview = layout.place_page("index")
        pages.append(GeneratedPage(overview, "places", "", None, "Places", "Places", layout.events_overview))
        for place in sorted(graph.places.values(), key=lambda p: p.id):
            parent = layout.place_page(place.country_id) if place.country_id else overview
            pages.append(GeneratedPage(layout.place_page(place.id), place.kind, place.id, None, place.label,
                                       place.label, parent))  # fmt: skip
    pages += [
        GeneratedPage(all_mentions_page(target), "mentions", target, None, MENTIONS_TITLE + name, "Mentions", target)
        for target in pages_with_many_mentions(graph)
        if (name := page_name(graph, layout, target)) is not None
    ]
    for kind, page_of, folder, item_id, name, notes in lists:
        pagename = page_of(item_id)
        overview = layout.overview(folder)
        pages.append(GeneratedPage(pagename, kind, item_id, None, name, name, overview))
        if len(notes) > graph.list_limit:
            for year in graph.years_of(kind, item_id):
                title = f"{name}: notes of {year}" if year != UNDATED else f"{name}: undated notes"
                pages.append(
                    GeneratedPage(page_of(item_id, year), f"{kind}-year", item_id, year, title, year_label(year),
                                  pagename)
                )  # fmt: skip
    return pages


def page_name(graph: Graph, layout: Layout, pagename: str) -> str | None:
    """The title of a note's or event's page, or the name of the topic or person a generated page is about."""
    if pagename in graph.notes:
        return graph.notes[pagename].title
    item = layout.item_of_page(pagename)
    if item is not None and item[0] == "topic" and item[1] in graph.topics:
        return graph.topics[item[1]].name
    if item is not None and item[0] == "person" and item[1] in graph.speakers:
        return graph.speakers[item[1]].name
    return None


def sorted_topics_of(graph: Graph) -> list[Any]:
    return [graph.topics[t] for t in sorted(graph.topics)]
