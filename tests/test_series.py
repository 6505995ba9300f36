"""Series: the editions of a recurring event, on their page, on each event's card, in feeds and the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from helpers import Build, copy_root, sphinx_build
from test_builds import Site

BASE = "https://series.example/"


@pytest.fixture(scope="module")
def series_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("series")
    build = sphinx_build(copy_root("series", base), base / "html", "-n", "-W", "-D", f"html_baseurl={BASE}")
    assert build.returncode == 0, build.stderr
    return build


def card_series(build: Build, event: str) -> dict[str, str | None]:
    card = build.main(f"recaps/{event}/index.html").select_one(".talknotes-event-card")
    series = card.select_one("a.talknotes-series")

    def edition(which: str) -> str | None:
        found = card.select_one(f".talknotes-{which}-edition a")
        return found["href"] if found else None

    return {"series": series["href"] if series else None, "previous": edition("previous"), "next": edition("next")}


def test_a_series_page_lists_its_editions_newest_first(series_site: Build) -> None:
    page = series_site.main("series/pycon-fr.html")
    assert page.select_one("h1").get_text().rstrip("¶") == "PyCon FR"  # the spelling most editions use
    editions = [a.get_text() for a in page.select(".talknotes-event > p > strong > a")]
    assert editions == ["PyCon FR 2024", "PyCon FR 2023", "PyCon FR 2022"]  # the draft edition is left out
    assert "The 2022 edition." in page.get_text()
    overview = " ".join(series_site.main("series/index.html").get_text(" ").split())
    assert "PyCon FR (3 editions, latest: PyCon FR 2024 )" in overview
    assert "Python Meetup (1 edition, latest: Python Meetup, March 2023 )" in overview


def test_each_card_links_its_series_and_the_editions_around_it(series_site: Build) -> None:
    assert card_series(series_site, "pycon-fr-2023") == {
        "series": "../../series/pycon-fr.html",
        "previous": "../pycon-fr-2022/index.html",
        "next": "../pycon-fr-2024/index.html",
    }
    assert card_series(series_site, "pycon-fr-2022")["previous"] is None
    assert card_series(series_site, "pycon-fr-2024")["next"] is None  # the draft 2025 edition is not shown
    assert card_series(series_site, "lone-2023") == {"series": None, "previous": None, "next": None}


def test_series_are_in_the_catalog_and_have_a_feed(series_site: Build) -> None:
    catalog = json.loads((series_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["series"] == [
        {"id": "pycon-fr", "name": "PyCon FR", "url": "series/pycon-fr.html", "feed": "feeds/series/pycon-fr.atom",
         "events": ["pycon-fr-2024", "pycon-fr-2023", "pycon-fr-2022"]},
        {"id": "python-meetup", "name": "Python Meetup", "url": "series/python-meetup.html",
         "feed": "feeds/series/python-meetup.atom", "events": ["meetup-2023-03"]},
    ]  # fmt: skip
    assert {e["id"]: e["series"] for e in catalog["events"]}["lone-2023"] is None
    feed = feedparser.parse((series_site.outdir / "feeds/series/pycon-fr.atom").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == ["PyCon FR 2024", "PyCon FR 2023", "PyCon FR 2022"]
    announced = series_site.page("series/pycon-fr.html").select('link[type="application/atom+xml"]')
    assert [link["href"] for link in announced] == ["../feeds/index.atom", "../feeds/series/pycon-fr.atom"]


def test_a_series_that_is_not_a_name_is_a_warning(tmp_path: Path) -> None:
    src = copy_root("series", tmp_path)
    page = src / "recaps/lone-2023/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("  start:", "  series: [a, b]\n  start:"))
    build = sphinx_build(src, tmp_path / "html", "-n", "--keep-going")
    assert "lone-2023/index.md:4: WARNING: the event's 'series' must be text, not ['a', 'b'] [talknotes.bad-type]" in (
        build.stderr
    )
    assert build.returncode == 0 and "Traceback" not in build.stderr
    assert not (tmp_path / "html/series/a.html").exists()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    site = Site(tmp_path, "series")
    assert site.build().warnings() == []
    return site


def test_incremental_equals_clean_when_editions_come_move_and_go(site: Site) -> None:
    (site.src / "recaps/pycon-fr-2025").mkdir()
    (site.src / "recaps/pycon-fr-2025/index.md").write_text(
        "---\nevent:\n  name: PyCon FR 2025b\n  start: 2025-11-01\n  series: PyCon FR\n---\n\n# PyCon FR 2025b\n",
        encoding="utf-8",
    )
    build = site.assert_same_as_clean()
    assert card_series(build, "pycon-fr-2024")["next"] == "../pycon-fr-2025/index.html"
    site.edit("recaps/pycon-fr-2023/index.md", lambda text: text.replace("series: PyCon FR", "series: Python Meetup"))
    build = site.assert_same_as_clean()
    assert card_series(build, "pycon-fr-2024")["previous"] == "../pycon-fr-2022/index.html"
    assert "PyCon FR 2023" in build.text("series/python-meetup.html")
    site.edit("recaps/meetup-2023-03/index.md", lambda text: text.replace("  series: Python Meetup\n", ""))
    for page in (site.src / "recaps/pycon-fr-2023").iterdir():
        page.unlink()
    (site.src / "recaps/pycon-fr-2023").rmdir()
    site.assert_same_as_clean()
    assert not (site.out / "series/python-meetup.html").exists()


def test_check_reads_the_series_folder_from_conf_py(tmp_path: Path) -> None:
    """``make check`` reads every setting the build reads: a page in the series folder that conf.py names
    collides with a generated series page in both, with the same file, line and subtype."""
    from helpers import problems, talknotes

    root = copy_root("series", tmp_path)
    (root / "series").rename(root / "editions")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('talknotes_series_dir = "editions"\n')
    (root / "editions/pycon-fr.md").write_text("# PyCon FR by hand\n", encoding="utf-8")
    expected = [("editions/pycon-fr.md", 1, "bad-id")]
    checked = talknotes(root, "check")
    assert checked.returncode == 1
    assert problems(root, checked.stderr) == expected, checked.stderr
    build = sphinx_build(root, tmp_path / "html", "-n")
    assert "editions/pycon-fr.md:1: WARNING: editions/pycon-fr.md has the address of the page made for the series" in (
        build.stderr
    ), build.stderr
