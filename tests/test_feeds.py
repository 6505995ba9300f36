"""Atom feeds and calendars: valid, stable ids and dates, the same notes and events as their pages, linked."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import pytest
from helpers import HOSTING, REPO, SITE_URL, Build, card_fields, copy_root, sphinx_build
from talknotes.outputs.catalog import one_record_per_line
from talknotes.outputs.changed import Output, write_changed, write_streamed
from test_hosting import last_commit

BASE = "https://basic.example/docs/"
PYCON = "recaps/pycon-x-2024"
HOSTILE = '<script>alert("x")</script> & ]]> <b>bold</b>'


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("feeds")
    src = copy_root("basic", base)
    # An event whose text needs escaping in a calendar: commas, semicolons, a backslash.
    (src / "recaps/odd-2022").mkdir()
    (src / "recaps/odd-2022/index.md").write_text(
        "---\nevent:\n  name: 'Odd; event, with \\ marks'\n  start: 2022-12-31\n  end: 2023-01-01\n"
        "  venue: 'Hall A; B'\nsummary: 'Two days, one night; \"quoted\"'\n---\n\n# Odd event\n",
        encoding="utf-8",
    )
    (src / f"{PYCON}/hostile.md").write_text(
        f"---\nkind: talk\nspeakers: ['{HOSTILE}']\ntopics: [python]\nsummary: '{HOSTILE}'\n---\n\n"
        f"# Hostile {HOSTILE.replace('<', '&lt;')}\n\nText.\n",
        encoding="utf-8",
    )
    build = sphinx_build(src, base / "html", "-n", "-W", "--keep-going", "-D", f"html_baseurl={BASE}")
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def dirhtml(hosted: Build, tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("feeds-dirhtml") / "dirhtml"
    build = sphinx_build(hosted.srcdir, out, "-n", "-W", "-D", f"html_baseurl={BASE}", builder="dirhtml")
    assert build.returncode == 0, build.stderr
    return build


def feeds(build: Build) -> dict[str, feedparser.FeedParserDict]:
    return {
        path.relative_to(build.outdir).as_posix(): feedparser.parse(path.read_bytes())
        for path in sorted((build.outdir / "feeds").rglob("*.atom"))
    }


def entry_ids(build: Build) -> dict[str, str]:
    """Each note's entry id, by its link's path below the site."""
    return {entry.link.removeprefix(BASE): entry.id for feed in feeds(build).values() for entry in feed.entries}


def listed_titles(build: Build, page: str) -> list[str]:
    return [a.get_text() for a in build.main(page).select(".talknotes-note > p > strong > a")]


def test_every_feed_is_valid_atom_with_complete_entries(hosted: Build) -> None:
    found = feeds(hosted)
    assert {"feeds/index.atom", "feeds/recaps/pycon-x-2024.atom", "feeds/topics/python.atom",
            "feeds/speakers/ada-lovelace.atom"} <= set(found)  # fmt: skip
    for path, feed in found.items():
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.version == "atom10"
        assert feed.feed.id.startswith("urn:uuid:") and feed.feed.title and feed.feed.updated
        for entry in feed.entries:
            assert entry.id and entry.title and entry.link.startswith(BASE) and entry.updated, (path, entry)
        assert len({entry.id for entry in feed.entries}) == len(feed.entries)
        # A feed is as new as its newest entry, never as new as the build.
        newest = max((entry.updated_parsed for entry in feed.entries), default=None)
        if newest is not None:
            assert feed.feed.updated_parsed == newest, path
    assert len({feed.feed.id for feed in found.values()}) == len(found)


def test_dates_come_from_the_notes_not_the_build(hosted: Build) -> None:
    # This copy has no git history: a note is as new as its date.
    keynote = next(e for e in feeds(hosted)["feeds/recaps/pycon-x-2024.atom"].entries if e.title == "Opening keynote")
    assert keynote.updated == keynote.published == "2024-05-10T00:00:00+00:00"
    assert keynote.tags[0].term in ("python", "k8s") and [a.name for a in keynote.authors] == ["Ada Lovelace"]


def test_each_feed_lists_the_notes_of_its_page_newest_first(hosted: Build) -> None:
    found = feeds(hosted)
    event = [e.title for e in found["feeds/recaps/pycon-x-2024.atom"].entries]
    assert sorted(event) == sorted(listed_titles(hosted, f"{PYCON}/index.html"))
    person = [e.title for e in found["feeds/speakers/ada-lovelace.atom"].entries]
    assert person == listed_titles(hosted, "speakers/ada-lovelace.html")  # newest first, as the page
    # A topic's feed has its own notes and those of its narrower topics, as its count says.
    python = {e.title for e in found["feeds/topics/python.atom"].entries}
    assert python == set(listed_titles(hosted, "topics/python.html")) | set(
        listed_titles(hosted, "topics/packaging.html")
    )
    dates = [e.published_parsed for e in found["feeds/index.atom"].entries if "published_parsed" in e]
    assert dates == sorted(dates, reverse=True)


def test_drafts_are_in_no_feed(hosted: Build) -> None:
    for path, feed in feeds(hosted).items():
        assert "Unfinished draft note" not in [e.title for e in feed.entries], path
    assert not (hosted.outdir / "feeds/speakers/secret-speaker.atom").exists()


def test_hostile_text_stays_text(hosted: Build) -> None:
    entry = next(e for e in feeds(hosted)["feeds/index.atom"].entries if e.title.startswith("Hostile"))
    assert entry.summary == HOSTILE and entry.summary_detail.type == "text/plain"
    assert [a.name for a in entry.authors] == [HOSTILE]
    raw = (hosted.outdir / "feeds/index.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw and "<b>bold" not in raw


def test_ids_are_the_same_in_html_and_dirhtml(hosted: Build, dirhtml: Build) -> None:
    # recaps/pycon-x-2024/index.html in one, recaps/pycon-x-2024/ in the other: the same page, the same id.
    html = {link.removesuffix(".html").removesuffix("/index"): entry for link, entry in entry_ids(hosted).items()}
    folders = {link.removesuffix("/"): entry for link, entry in entry_ids(dirhtml).items()}
    assert len(html) > 5 and html == folders


def test_feeds_are_announced_and_linked(hosted: Build) -> None:
    def target(page: str, href: str) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), href))

    for page, own in (
        ("index.html", None),
        ("docs/deep-dive.html", None),
        (f"{PYCON}/index.html", "feeds/recaps/pycon-x-2024.atom"),
        ("topics/python.html", "feeds/topics/python.atom"),
        ("speakers/ada-lovelace.html", "feeds/speakers/ada-lovelace.atom"),
    ):
        html = hosted.page(page)
        announced = [target(page, link["href"]) for link in html.select('link[type="application/atom+xml"]')]
        assert announced == ["feeds/index.atom", *([own] if own else [])], page  # the site's feed on every page
        subscribe = html.select_one(".talknotes-card a.talknotes-feed")
        if own:
            assert subscribe is not None and subscribe.get_text() == "Subscribe (Atom feed)"
            assert target(page, subscribe["href"]) == own and (hosted.outdir / own).is_file()
        else:
            assert subscribe is None


def test_without_an_address_there_are_no_feeds_and_no_links(basic_site: Build) -> None:
    assert not (basic_site.outdir / "feeds").exists()
    assert not basic_site.page("index.html").select('link[type="application/atom+xml"]')
    assert not basic_site.page(f"{PYCON}/index.html").select("a.talknotes-feed")


def test_two_builds_give_the_same_bytes_and_incremental_equals_clean(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    options = ("-n", "-W", "-D", f"html_baseurl={BASE}")
    first = sphinx_build(src, tmp_path / "one", *options, new_interpreter=True)  # each with its own hash seed
    again = sphinx_build(src, tmp_path / "two", *options, new_interpreter=True)
    assert first.returncode == again.returncode == 0

    def snapshot(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "feeds").rglob("*.atom"))}

    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    before = snapshot(tmp_path / "one")
    stamp = (tmp_path / "one/feeds/topics/unused-topic.atom").stat().st_mtime_ns
    ids = entry_ids(first)
    # An edit of a note's text keeps its id; a removed topic's feed goes; a new note joins its feeds.
    note = src / f"{PYCON}/keynote.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Keynote body text.", "Edited."), encoding="utf-8")
    packaging = src / f"{PYCON}/packaging-talk.md"
    packaging.write_text(packaging.read_text(encoding="utf-8").replace("Grace Hopper]", "Alan Turing]"))
    (src / "recaps/meetup-2023/new-talk.md").write_text(
        "---\nkind: talk\nspeakers: [Grace Hopper]\ntopics: [python]\n---\n\n# A brand new talk\n", encoding="utf-8"
    )
    incremental = sphinx_build(src, tmp_path / "one", *options)
    assert incremental.returncode == 0, incremental.stderr
    shutil.rmtree(tmp_path / "two")
    clean = sphinx_build(src, tmp_path / "two", *options)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    after = entry_ids(incremental)
    assert after[f"{PYCON}/keynote.html"] == ids[f"{PYCON}/keynote.html"]
    assert "feeds/speakers/alan-turing.atom" in snapshot(tmp_path / "one")
    # A feed whose notes did not change is not even rewritten.
    unused = tmp_path / "one/feeds/topics/unused-topic.atom"
    assert unused.read_bytes() == before["feeds/topics/unused-topic.atom"] and unused.stat().st_mtime_ns == stamp
    assert clean.returncode == 0
    # Nothing is stamped with the build's time: every date is a note's date.
    for feed in feeds(clean).values():
        for entry in feed.entries:
            assert dt.datetime(*entry.updated_parsed[:6]) < dt.datetime(2025, 1, 1)


def test_a_feed_is_made_again_only_when_what_it_says_changed(tmp_path: Path) -> None:
    made: list[str] = []

    def output(path: str, says: str) -> Output:
        def make() -> bytes:
            made.append(path)
            return says.encode()

        return Output(("entry", says, dt.date(2024, 5, 1)), make)

    stale = tmp_path / "feeds/topics/gone.atom"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    first = write_changed(tmp_path, "feeds", {"feeds/a.atom": output("a", "A"), "feeds/b.atom": output("b", "B")},
                          "*.atom", {})  # fmt: skip
    assert made == ["a", "b"] and (tmp_path / "feeds/a.atom").read_bytes() == b"A" and not stale.exists()
    # Nothing said differs: nothing is made, nothing is touched.
    stamp = (tmp_path / "feeds/a.atom").stat().st_mtime_ns
    again = write_changed(tmp_path, "feeds", {"feeds/a.atom": output("a", "A"), "feeds/b.atom": output("b", "B")},
                          "*.atom", first)  # fmt: skip
    assert again == first and made == ["a", "b"] and (tmp_path / "feeds/a.atom").stat().st_mtime_ns == stamp
    # What one says changed, another's file is gone: those two are made, and only they.
    (tmp_path / "feeds/b.atom").unlink()
    third = write_changed(tmp_path, "feeds", {"feeds/a.atom": output("a", "A2"), "feeds/b.atom": output("b", "B")},
                          "*.atom", again)  # fmt: skip
    assert made == ["a", "b", "a", "b"] and third["feeds/a.atom"] != first["feeds/a.atom"]
    assert (tmp_path / "feeds/a.atom").read_bytes() == b"A2" and (tmp_path / "feeds/b.atom").read_bytes() == b"B"


def test_a_streamed_file_is_replaced_only_when_its_bytes_change(tmp_path: Path) -> None:
    first = write_streamed(tmp_path, "out/catalog.json", iter([b"{", b"}"]))
    target = tmp_path / "out/catalog.json"
    assert target.read_bytes() == b"{}" and first == hashlib.sha256(b"{}").hexdigest()
    stamp = target.stat().st_mtime_ns
    assert write_streamed(tmp_path, "out/catalog.json", iter([b"{}"])) == first
    assert target.stat().st_mtime_ns == stamp  # unchanged: not touched
    second = write_streamed(tmp_path, "out/catalog.json", iter([b"{", b"1", b"}"]))
    assert second != first and target.read_bytes() == b"{1}"

    def failing() -> Iterator[bytes]:
        yield b"{half"
        raise RuntimeError("made halfway")

    with pytest.raises(RuntimeError):
        write_streamed(tmp_path, "out/catalog.json", failing())
    # A failure while making it leaves the last good file, and no draft beside it.
    assert target.read_bytes() == b"{1}" and [p.name for p in target.parent.iterdir()] == ["catalog.json"]


def test_the_catalog_is_written_record_by_record_from_lists_and_iterators() -> None:
    data = {"version": 1, "empty": iter(()), "none": [], "notes": ({"id": str(i)} for i in range(3)), "x": None}
    text = "".join(one_record_per_line(data))
    assert json.loads(text) == {"version": 1, "empty": [], "none": [], "notes": [{"id": "0"}, {"id": "1"}, {"id": "2"}],
                                "x": None}  # fmt: skip
    lines = ["{", '  "version": 1,', '  "empty": [],', '  "none": [],', '  "notes": [',
             '    {"id": "0"},', '    {"id": "1"},', '    {"id": "2"}', "  ],", '  "x": null', "}"]  # fmt: skip
    assert text.splitlines() == lines


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site grown by 120 generated notes (15 events), published at an address."""
    base = tmp_path_factory.mktemp("feeds-generated")
    command = [sys.executable, str(REPO / "bench/generate.py"), str(base / "site"), "--grow", "--notes", "120"]
    subprocess.run(command, check=True)
    build = sphinx_build(base / "site", base / "html", "-n", "-W", "--keep-going", environment=HOSTING)
    assert build.returncode == 0, build.stderr
    return build


@pytest.mark.parametrize("which", ["real", "generated"])
def test_every_feed_of_the_real_and_a_generated_site_parses(which: str, real_site: Build, generated: Build) -> None:
    build = real_site if which == "real" else generated
    found = feeds(build)
    catalog = json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))
    # One feed for the site, and one per event, topic, person and series of the catalog.
    assert len(found) == 1 + sum(len(catalog[kind]) for kind in ("events", "topics", "speakers", "series"))
    listed = {note["url"] for note in catalog["notes"]}
    for path, feed in found.items():
        assert not feed.bozo and feed.version == "atom10", path
        for entry in feed.entries:
            assert entry.link.removeprefix(SITE_URL) in listed, (path, entry.link)
    site = found["feeds/index.atom"].entries
    assert len(site) == min(50, len(catalog["notes"]))


def calendars(build: Build) -> dict[str, icalendar.Calendar]:
    return {
        path.relative_to(build.outdir).as_posix(): icalendar.Calendar.from_ical(path.read_bytes())
        for path in sorted((build.outdir / "calendars").glob("*.ics"))
    }


def test_every_event_has_a_calendar_that_matches_its_card(hosted: Build) -> None:
    found = calendars(hosted)
    assert set(found) == {"calendars/index.ics", "calendars/pycon-x-2024.ics", "calendars/meetup-2023.ics",
                          "calendars/odd-2022.ics"}  # fmt: skip
    everything = found["calendars/index.ics"].walk("VEVENT")
    assert [str(e["summary"]) for e in everything] == ["PyCon X 2024", "Container Meetup 2023",
                                                        "Odd; event, with \\ marks"]  # fmt: skip
    (pycon,) = found["calendars/pycon-x-2024.ics"].walk("VEVENT")
    assert pycon["dtstart"].dt == dt.date(2024, 5, 10) and pycon["dtend"].dt == dt.date(2024, 5, 13)  # all-day
    assert str(pycon["location"]) == "Convention Centre, Lyon, France"
    assert str(pycon["url"]) == BASE + f"{PYCON}/index.html"
    card = card_fields(hosted, f"{PYCON}/index.html")
    assert card["Dates"] == "10–12 May 2024" and f"{card['Venue']}, {card['Place']}" == str(pycon["location"])
    (odd,) = found["calendars/odd-2022.ics"].walk("VEVENT")
    assert (str(odd["summary"]), str(odd["location"])) == ("Odd; event, with \\ marks", "Hall A; B")
    assert str(odd["description"]) == 'Two days, one night; "quoted"'
    uids = [str(e["uid"]) for e in everything]
    assert len(set(uids)) == len(uids) and all(uid.endswith("@basic.example") for uid in uids)


def test_calendars_are_announced_linked_and_stable(hosted: Build, dirhtml: Build) -> None:
    page = f"{PYCON}/index.html"
    html = hosted.page(page)
    announced = html.select_one('link[rel=alternate][type="text/calendar"]')["href"]
    assert posixpath.normpath(posixpath.join(posixpath.dirname(page), announced)) == "calendars/pycon-x-2024.ics"
    add = html.select_one(".talknotes-card a.talknotes-calendar")
    assert add.get_text() == "Add to calendar" and add["href"] == announced
    overview = hosted.page("recaps/index.html").select_one('link[type="text/calendar"]')["href"]
    assert overview == "../calendars/index.ics"

    # The same UIDs in html and dirhtml, and nothing in a calendar that a build's time could change.
    def uids(build: Build) -> list[str]:
        return [str(e["uid"]) for e in calendars(build)["calendars/index.ics"].walk("VEVENT")]

    assert uids(hosted) == uids(dirhtml)
    for event in calendars(hosted)["calendars/index.ics"].walk("VEVENT"):
        assert event["dtstamp"].dt.date() <= dt.date(2025, 1, 1)  # no git history here: the event's start
    assert not hosted.page("docs/deep-dive.html").select('link[type="text/calendar"]')


def test_the_catalog_names_every_feed_and_calendar(hosted: Build, basic_site: Build) -> None:
    catalog = json.loads((hosted.outdir / "catalog.json").read_text(encoding="utf-8"))
    named = [catalog["feed"], catalog["calendar"]]
    for kind in ("events", "topics", "speakers"):
        named += [item["feed"] for item in catalog[kind]]
    named += [event["calendar"] for event in catalog["events"]]
    assert sorted(named) == sorted([*feeds(hosted), *calendars(hosted)])
    # Without the site's address, none is written and the catalog says so.
    local = json.loads((basic_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    assert local["feed"] is None and {event["calendar"] for event in local["events"]} == {None}


def test_an_entry_is_as_new_as_its_notes_last_commit(real_site: Build) -> None:
    note = "recaps/openstack-day-canada-2016/kubernetes-and-openstack"
    last_commit(f"{note}.md", "%Y")  # skips where the repository is no git checkout
    seconds = subprocess.run(["git", "log", "-1", "--format=%ct", "--", f"{note}.md"], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout.strip()  # fmt: skip
    committed = dt.datetime.fromtimestamp(int(seconds), dt.UTC).isoformat()
    entry = next(e for e in feeds(real_site)["feeds/index.atom"].entries if e.link.endswith(f"{note}.html"))
    assert entry.updated == committed and entry.published == "2016-11-22T00:00:00+00:00"
