"""Places: a page per country and per city, drawn from the events' city, region and country, linked from the
event card, listed in the catalog and on an overview under the events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Build, copy_root, html_pages, sphinx_build

CANADA = "places/canada.html"
MONTREAL = "places/canada/montreal.html"


def catalog(build: Build) -> dict:
    return json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))


def event_page(name: str, start: str, where: str, *, draft: bool = False) -> str:
    return f"---\nevent:\n  name: {name}\n  start: {start}\n{where}{'draft: true' if draft else ''}\n---\n\n# {name}\n"


def test_the_real_event_links_its_city_and_country(real_site: Build) -> None:
    card = real_site.main("recaps/openstack-day-canada-2016/index.html").select_one(".talknotes-event-card")
    links = {a.get_text(): a["href"] for a in card.select("a.talknotes-place")}
    assert links == {"Montreal": f"../../{MONTREAL}", "Canada": f"../../{CANADA}"}
    assert "Montreal, Quebec, Canada" in " ".join(card.get_text(" ").replace(" ,", ",").split())


def test_the_real_country_and_city_pages_list_the_event_and_its_notes(real_site: Build) -> None:
    data = catalog(real_site)
    notes = {n["title"] for n in data["notes"] if n["event"] == "openstack-day-canada-2016" and n["status"] == "note"}
    notes.discard("OpenStack Day Canada 2016")  # the recap is the event's own page, listed as the event
    for page in (CANADA, MONTREAL):
        main = real_site.main(page)
        assert [a.get_text() for a in main.select(".talknotes-event strong a")] == ["OpenStack Day Canada 2016"]
        listed = {a.get_text() for a in main.select("#notes .talknotes-note > p:first-child a:first-child")}
        assert notes <= listed, page
    city = real_site.main(MONTREAL)
    assert city.select_one("h1").get_text().startswith("Montreal, Quebec")
    assert [a.get_text() for a in city.select(".talknotes-place-card a.talknotes-place")] == ["Canada"]
    overview = real_site.text("places/index.html")
    assert "Canada — 1 event · 4 notes" in overview and "Montreal, Quebec — 1 event · 4 notes" in overview
    # In the navigation, under the events.
    tree = real_site.page(MONTREAL).select_one(".sidebar-tree")
    current = [a.get_text() for a in tree.select("li.current > a")]
    assert current[:2] == ["Events", "Places"] and current[-1] == "Montreal, Quebec"
    assert [p["id"] for p in data["places"]] == ["canada", "canada/montreal"]
    assert data["places"][1] | {"events": None} == {"id": "canada/montreal", "kind": "city", "name": "Montreal",
                                                     "region": "Quebec", "country": "canada", "url": MONTREAL,
                                                     "events": None}  # fmt: skip


@pytest.fixture(scope="module")
def places_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The basic site with events in cities of one name, spellings that differ, a city named like a country,
    a city without a country, and a draft event."""
    base = tmp_path_factory.mktemp("places")
    src = copy_root("basic", base)
    events = {
        "portland-or": event_page("Portland OR", "2022-01-10", "  city: Portland\n  region: Oregon\n  country: USA\n"),
        "portland-me": event_page("Portland ME", "2022-02-10", "  city: Portland\n  region: Maine\n  country: USA\n"),
        "mtl-a": event_page("Montreal A", "2021-01-10", "  city: Montréal\n  region: Quebec\n  country: Canada\n"),
        "mtl-b": event_page("Montreal B", "2021-06-10", "  city: Montreal\n  region: Quebec\n  country: canada\n"),
        "france-town": event_page("France Town", "2020-03-01", "  city: France\n"),
        "secret": event_page("Secret", "2020-04-01", "  city: Atlantis\n  country: Nowhere\n", draft=True),
    }
    for folder, text in events.items():
        (src / "recaps" / folder).mkdir()
        (src / "recaps" / folder / "index.md").write_text(text, encoding="utf-8")
    build = sphinx_build(src, base / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    return build


def test_places_are_told_apart_and_merged_as_their_names_say(places_site: Build) -> None:
    places = {p["id"]: p for p in catalog(places_site)["places"]}
    assert sorted(places) == [
        "berlin",  # the basic site's meetup names no country
        "canada",
        "canada/montreal",
        "france",
        "france-city",  # a city named France, with no country: beside the country France, under another id
        "france/lyon",
        "usa",
        "usa/portland-maine",
        "usa/portland-oregon",
    ]
    # "Montréal, Canada" and "Montreal, canada" are one city of one country, named as the newest event writes it.
    assert places["canada/montreal"]["events"] == ["mtl-b", "mtl-a"]
    assert places["canada/montreal"]["name"] == "Montreal" and places["canada"]["name"] == "canada"
    assert places["usa"]["events"] == ["portland-me", "portland-or"]
    for place in places.values():
        assert (places_site.outdir / place["url"]).is_file(), place["url"]
    assert not (places_site.outdir / "places/nowhere.html").exists()  # a draft event is no place's
    usa = places_site.main("places/usa.html")
    assert [a.get_text() for a in usa.select("#cities a.talknotes-place")] == ["Portland, Maine", "Portland, Oregon"]
    overview = places_site.main("places/index.html")
    elsewhere = [a.get_text() for a in overview.select("#elsewhere a.talknotes-place")]
    assert elsewhere == ["Berlin", "France"]


def test_place_pages_follow_an_event_that_moves(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    assert sphinx_build(src, out, "-n").returncode == 0
    assert (out / "places/france/lyon.html").is_file()
    page = src / "recaps/pycon-x-2024/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("city: Lyon", "city: Paris"), encoding="utf-8")
    moved = sphinx_build(src, out, "-n")
    clean = sphinx_build(src, tmp_path / "clean", "-n")
    assert not (out / "places/france/lyon.html").exists()
    assert html_pages(out) == html_pages(clean.outdir)  # every page, as a clean build makes it
    assert [a.get_text() for a in moved.main("places/france.html").select("#cities a.talknotes-place")] == ["Paris"]
