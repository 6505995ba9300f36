"""Places: the countries and cities of the listed events, each with its events, newest first, as plain data.

A place is drawn from what event pages write (``city``, ``region``, ``country``), never from a map. Spellings
that differ only in case, accents or punctuation are one place ("Montréal" and "Montreal"), named as the
newest event writes it. Two cities of one name in one country, told apart by their regions (Portland,
Oregon and Portland, Maine), are two places. A city whose events name no country is a place of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..base.text import fold, page_id, slugify
from .graph import newest_first, newest_first_event
from .place import Place
from .views import event_view, note_view

if TYPE_CHECKING:
    from .graph import Graph


def places_of(graph: Graph) -> dict[str, Place]:
    """Every country and city of the listed events, by id, countries first, each kind by id."""
    countries: dict[str, tuple[str, list[str]]] = {}
    cities: dict[tuple[str | None, str, str], tuple[str, str | None, list[str]]] = {}
    for event in sorted(graph.listed_events(), key=newest_first_event):
        country_id = page_id(event.country, "country") if event.country else None
        if country_id is not None:
            countries.setdefault(country_id, (event.country or "", []))[1].append(event.id)
        if event.city:
            key = (country_id, slugify(event.city), fold(event.region or ""))
            cities.setdefault(key, (event.city, event.region, []))[2].append(event.id)
    places = {
        country_id: Place(country_id, "country", name, None, None, tuple(events))
        for country_id, (name, events) in sorted(countries.items())
    }
    # Cities of one slug in one country: each is told by its region.
    regions_of: dict[tuple[str | None, str], int] = {}
    for country_id, city_slug, _ in cities:
        regions_of[(country_id, city_slug)] = regions_of.get((country_id, city_slug), 0) + 1
    found: list[Place] = []
    for (country_id, city_slug, region_key), (name, region, events) in cities.items():
        alone = regions_of[(country_id, city_slug)] == 1 or not region_key
        slug = city_slug if alone else f"{city_slug}-{slugify(region or '')}"
        # Beside the countries, a city without one has an id none of theirs has.
        city_id = slug if slug not in places else f"{slug}-city"
        place_id = f"{country_id}/{slug}" if country_id is not None else city_id
        found.append(Place(place_id, "city", name, region, country_id, tuple(events)))
    places.update((place.id, place) for place in sorted(found, key=lambda p: p.id))
    return places


def cities_of(places: dict[str, Place], country_id: str) -> list[Place]:
    """The cities of a country, by name."""
    return sorted((p for p in places.values() if p.kind == "city" and p.country_id == country_id), key=sort_name)


def sort_name(place: Place) -> tuple[str, str]:
    return fold(place.label), place.id


def place_notes(graph: Graph, place: Place) -> int:
    return sum(len(graph.notes_of_event.get(event_id, ())) for event_id in place.event_ids)


def place_ref(place: Place) -> dict[str, Any]:
    return {"id": place.id, "name": place.label, "kind": place.kind}


def place_counts(graph: Graph, place: Place) -> dict[str, Any]:
    """A place as a list shows it: its name and link, and how many events and notes it has."""
    return {**place_ref(place), "events": len(place.event_ids), "notes": place_notes(graph, place)}


def place_page_view(graph: Graph, place_id: str) -> dict[str, Any]:
    """A country's or city's page: its events, newest first, and its newest notes (at most the list limit)."""
    place = graph.places[place_id]
    events = [graph.events[event_id] for event_id in place.event_ids]
    notes = sorted((n for e in events for n in graph.notes_of_event.get(e.id, ())), key=newest_first)
    country = graph.places.get(place.country_id or "")
    return {
        "id": place.id,
        "kind": place.kind,
        "name": place.label,
        "country": place_ref(country) if country is not None else None,
        "cities": [place_counts(graph, city) for city in cities_of(graph.places, place.id)],
        "events": [
            {**event_view(graph, e), "summary": graph.notes[e.docname].summary if e.docname in graph.notes else None}
            for e in events
        ],
        "notes": [note_view(graph, note) for note in notes[: graph.list_limit]],
        "count": len(notes),
    }


def places_page_view(graph: Graph) -> dict[str, Any]:
    """The places overview: every country with its cities, then the cities whose events name no country."""
    by_country: dict[str | None, list[Place]] = {}
    for place in sorted(graph.places.values(), key=sort_name):
        by_country.setdefault(place.country_id if place.kind == "city" else "", []).append(place)
    return {
        "countries": [
            {**place_counts(graph, country), "cities": [place_counts(graph, c) for c in by_country.get(country.id, [])]}
            for country in by_country.get("", [])
        ],
        "elsewhere": [place_counts(graph, p) for p in by_country.get(None, [])],
    }
