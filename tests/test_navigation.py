"""The navigation and the long lists on whole sites: bounded at any size, the path marked, events newest first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from helpers import Build, copy_root, sphinx_build

# A tiny site made to behave like a large one: a bounded navigation cutting lists to one entry,
# and topic and speaker lists split by year past two notes.
LARGE_SITE_SETTINGS = ("-D", "talknotes_navigation_limit=3", "-D", "talknotes_navigation_window=1",
                       "-D", "talknotes_list_limit=2")  # fmt: skip
PYCON = "recaps/pycon-x-2024"


def sidebar(build: Build, path: str) -> BeautifulSoup:
    tree = build.page(path).select_one(".sidebar-tree, div.sphinxsidebar")
    assert tree is not None, path
    return tree


def current_path(build: Build, path: str) -> list[str]:
    """The titles of the navigation entries marked current, from the top down."""
    return [li.find("a").get_text() for li in sidebar(build, path).select("li.current")]


def links(build: Build, path: str) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in sidebar(build, path).select("a")]


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("bounded")
    src = copy_root("basic", base)
    (src / "conf.py").write_text((src / "conf.py").read_text() + '\nhtml_theme = "furo"\n', encoding="utf-8")
    build = sphinx_build(src, base / "html", "-n", "-W", "--keep-going", *LARGE_SITE_SETTINGS)
    assert build.returncode == 0, build.stderr
    return build


def test_a_small_site_shows_its_whole_navigation(real_site: Build) -> None:
    """The real site: every page on every page, as Sphinx and Furo would show it, with the year between."""
    for page in ("index.html", "docs/contributing.html", "topics/kubernetes.html"):
        texts = [text for text, _ in links(real_site, page)]
        assert texts[:6] == [
            "Events", "2016", "OpenStack Day Canada 2016", "From getting started to doing OpenStack better",
            "Kubernetes above and below OpenStack", "Upgrades and interoperability",
        ], page  # fmt: skip
        assert {"Topics", "People", "The VM-plus-container consumption model", "Performance"} <= set(texts)


def test_alabaster_gets_the_navigation_it_asks_for(basic_site: Build) -> None:
    """Alabaster collapses the navigation to the page's path, as Sphinx's toctree() does for it."""
    assert current_path(basic_site, f"{PYCON}/keynote.html") == ["Events", "2024", "PyCon X 2024", "Opening keynote"]
    texts = [text for text, _ in links(basic_site, f"{PYCON}/keynote.html")]
    assert "Packaging in practice" in texts and "Container Meetup 2023" not in texts and "2023" in texts
    assert "Unfinished draft note" not in texts


def test_the_page_and_its_ancestors_are_marked(bounded: Build) -> None:
    assert current_path(bounded, f"{PYCON}/packaging-talk.html") == [
        "Events", "2024", "PyCon X 2024", "Packaging in practice"
    ]  # fmt: skip
    here = sidebar(bounded, f"{PYCON}/packaging-talk.html").select("a.current")
    assert [(a.get_text(), a["href"]) for a in here] == [("Packaging in practice", "#")]
    # Furo's checkboxes: the path is open, the rest closed.
    opened = [box["aria-label"] for box in sidebar(bounded, f"{PYCON}/packaging-talk.html").select("input[checked]")]
    assert opened == ["Toggle navigation of Events", "Toggle navigation of 2024", "Toggle navigation of PyCon X 2024"]


def test_lists_are_cut_to_the_window_around_the_page(bounded: Build) -> None:
    """Window of one: the page's own entry at each level, and a link to all of them."""
    shown = links(bounded, f"{PYCON}/packaging-talk.html")
    notes = [a.get_text() for a in sidebar(bounded, f"{PYCON}/packaging-talk.html").select("li.toctree-l4 > a")]
    assert notes == ["Packaging in practice", "All 2 notes"]  # the third is outside the folder
    assert ("All 2 notes", "index.html") in shown
    assert ("All 2 years", "../index.html") in shown
    assert "2023" not in [text for text, _ in shown]


def test_generated_pages_highlight_their_section(bounded: Build) -> None:
    assert current_path(bounded, "topics/python.html") == ["Topics", "Python"]
    assert current_path(bounded, "topics/kubernetes/2024.html") == ["Topics", "Kubernetes", "2024"]
    assert current_path(bounded, "speakers/ada-lovelace.html") == ["Speakers", "Ada Lovelace"]
    assert current_path(bounded, "recaps/2023.html") == ["Events", "2023"]


def test_previous_and_next_follow_the_navigation(bounded: Build) -> None:
    def neighbours(path: str) -> list[str]:
        return [a.get_text(" ", strip=True) for a in bounded.page(path).select(".related-pages a")]

    assert neighbours("recaps/index.html") == ["Next 2024", "Previous Home"]
    assert neighbours("recaps/2024.html") == ["Next PyCon X 2024", "Previous Events"]
    assert neighbours(f"{PYCON}/keynote.html") == ["Next Packaging in practice", "Previous PyCon X 2024"]
    # After the last note of 2024 comes the year 2023.
    assert neighbours(f"{PYCON}/packaging-talk.html") == ["Next 2023", "Previous Opening keynote"]


def test_themes_that_show_parents_get_them_from_the_navigation(basic_site: Build) -> None:
    """Alabaster's "Related Topics" box: the page's ancestors and neighbours in the talknotes outline."""

    def relations(path: str) -> list[str]:
        box = basic_site.page(path).select_one("div.relations")
        assert box is not None, path
        return [a.get_text(" ", strip=True) for a in box.select("a")]

    assert relations(f"{PYCON}/keynote.html") == [
        "Documentation overview", "Events", "2024", "PyCon X 2024", "PyCon X 2024", "Packaging in practice",
    ]  # fmt: skip
    assert relations("topics/python.html")[:2] == ["Documentation overview", "Topics"]


def test_year_pages_list_exactly_their_events(bounded: Build) -> None:
    catalog = json.loads((bounded.outdir / "catalog.json").read_text(encoding="utf-8"))
    years = {event["start"][:4] for event in catalog["events"]}
    assert years == {"2023", "2024"}
    for year in years:
        listed = [a.get_text() for a in bounded.main(f"recaps/{year}.html").select(".talknotes-event strong a")]
        expected = sorted((e for e in catalog["events"] if e["start"].startswith(year)), key=lambda e: e["start"])
        assert listed == [e["name"] for e in reversed(expected)], year
    overview = bounded.main("recaps/index.html")
    assert [a["href"] for a in overview.select(".rubric a")] == ["2024.html", "2023.html"]


def test_long_topic_and_speaker_lists_are_split_by_year(bounded: Build) -> None:
    catalog = json.loads((bounded.outdir / "catalog.json").read_text(encoding="utf-8"))
    notes = {note["id"]: note for note in catalog["notes"]}
    for topic in catalog["topics"]:
        main = bounded.main(f"topics/{topic['id']}.html")
        titles = [a.get_text() for a in main.select(".talknotes-notes strong a")]
        if len(topic["notes"]) <= 2:
            assert not main.select(".talknotes-years"), topic["id"]
            assert sorted(titles) == sorted(notes[n]["title"] for n in topic["notes"])
            continue
        # The two newest on the topic's page, then a page per year with exactly that year's notes.
        newest = sorted(topic["notes"], key=lambda n: (notes[n]["date"], notes[n]["title"]), reverse=True)[:2]
        assert sorted(titles) == sorted(notes[n]["title"] for n in newest), topic["id"]
        years = sorted({notes[n]["date"][:4] for n in topic["notes"]}, reverse=True)
        assert [a.get_text() for a in main.select(".talknotes-years a")] == years
        for year in years:
            part = bounded.main(f"topics/{topic['id']}/{year}.html")
            listed = sorted(a.get_text() for a in part.select(".talknotes-notes strong a"))
            assert listed == sorted(notes[n]["title"] for n in topic["notes"] if notes[n]["date"].startswith(year))
    assert (bounded.outdir / "topics/kubernetes/2023.html").is_file()
    assert (
        not (bounded.outdir / "topics/python/2024.html").exists()
        or len(next(t for t in catalog["topics"] if t["id"] == "python")["notes"]) > 2
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_every_navigation_link_resolves(builder: str, tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build = sphinx_build(src, tmp_path / builder, "-n", "-W", *LARGE_SITE_SETTINGS, builder=builder)
    assert build.returncode == 0, build.stderr
    checked = 0
    for page in sorted(build.outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("div.sphinxsidebar a, .related a"):
            parts = urlsplit(a["href"])
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), f"{page.relative_to(build.outdir)} -> {a['href']}"
            checked += 1
    assert checked > 100


NOTE_PAGE = "recaps/event-0020/note-03.html"


def test_navigation_does_not_grow_with_the_site(grown: Build) -> None:
    """At 125 events over three years, a note's navigation is as small as at a few (sections, years, a window of
    events, the event's notes), whichever event the note is in."""
    catalog = json.loads((grown.outdir / "catalog.json").read_text(encoding="utf-8"))
    notes = [n["url"] for n in catalog["notes"] if n["url"].startswith("recaps/") and n["event"]]
    one_per_event = {url.rsplit("/", 1)[0]: url for url in notes if not url.endswith("/index.html")}
    assert len(catalog["events"]) >= 125 and len(one_per_event) >= 125
    sizes = {}
    for url in [NOTE_PAGE, *sorted(one_per_event.values())[::6]]:
        tree = sidebar(grown, url)
        sizes[url] = (len(tree.select("a")), len(str(tree)), len(tree.select("li.toctree-l3 > a")))
        assert len((grown.outdir / url).read_bytes()) < 60_000, url
    assert len(sizes) > 20
    links, characters, events_listed = (max(size[i] for size in sizes.values()) for i in range(3))
    assert links <= 60 and characters <= 16_000, sizes
    assert events_listed <= 26, sizes  # a window of 25 events and the link to all of them


def test_events_run_newest_first_in_the_navigation(grown: Build) -> None:
    tree = sidebar(grown, NOTE_PAGE)
    years = [a.get_text() for a in tree.select("li.toctree-l2 > a") if re.fullmatch(r"\d{4}", a.get_text())]
    assert years == sorted(years, reverse=True) and len(years) == 3
    event_links = [a["href"] for a in tree.select("li.toctree-l3 > a") if "event-" in a["href"]]
    numbers = [int(re.search(r"event-(\d+)", href).group(1)) for href in event_links]
    assert numbers == sorted(numbers, reverse=True)
    assert len(event_links) <= 25
    assert "All 52 events" in tree.get_text()


def test_year_pages_of_a_grown_site(grown: Build) -> None:
    catalog = json.loads((grown.outdir / "catalog.json").read_text(encoding="utf-8"))
    by_year: dict[str, list[str]] = {}
    for event in sorted(catalog["events"], key=lambda e: e["start"], reverse=True):
        by_year.setdefault(event["start"][:4], []).append(event["name"])
    for year, names in by_year.items():
        listed = [a.get_text() for a in grown.main(f"recaps/{year}.html").select(".talknotes-event strong a")]
        assert listed == names, year


def test_places_of_a_grown_site(grown: Build) -> None:
    """Every country and city of the generated events has its page, listing exactly its events, newest first."""
    catalog = json.loads((grown.outdir / "catalog.json").read_text(encoding="utf-8"))
    names = {e["id"]: e["name"] for e in catalog["events"]}
    starts = {e["id"]: e["start"] or "" for e in catalog["events"]}
    places = catalog["places"]
    assert {p["kind"] for p in places} == {"country", "city"} and len(places) > 20
    for place in places:
        listed = [a.get_text() for a in grown.main(place["url"]).select(".talknotes-event strong a")]
        assert listed == [names[e] for e in place["events"]], place["id"]
        assert [starts[e] for e in place["events"]] == sorted((starts[e] for e in place["events"]), reverse=True)
    # Every generated event names a city and a country: it is at both, the country first.
    events_of = {p["id"]: p["events"] for p in places}
    for event in catalog["events"]:
        country, city = event["places"]
        assert city.startswith(country + "/"), event["id"]
        assert event["id"] in events_of[country] and event["id"] in events_of[city]
    overview = grown.main("places/index.html")
    countries = [p for p in places if p["kind"] == "country"]
    assert len(overview.select("ul.talknotes-places > li")) >= len(countries)
