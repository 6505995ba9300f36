"""Programme entries: a talk taken from a schedule that nobody has written notes on yet is shown as an entry
of its event's programme, never as a note, and turns into a note as soon as someone writes into it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from helpers import EXT, Build, copy_root, html_pages, sphinx_build, talknotes

EVENT = "recaps/conf-2024"
SCAFFOLD = ("What you noted", "What was built or practised", "in your own words", "...", "…", "Steps")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("programme")
    build = sphinx_build(copy_root("programme", base), base / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    return build


def test_an_entry_page_shows_the_schedule_and_no_scaffold_text(site: Build) -> None:
    # Written by an older import: the outline as text. Readers see none of it.
    text = site.text(f"{EVENT}/earlier-import.html")
    for words in SCAFFOLD:
        assert words not in text, words
    assert "Programme entry" in text
    assert "From the schedule Build a container image from scratch." in text
    assert "No notes on this talk yet." in text
    main = site.main(f"{EVENT}/wheels-in-depth.html")
    assert main.select_one("a.talknotes-slides")["href"] == "https://slides.example/wheels.pdf"
    assert main.select_one("a.talknotes-session")["href"] == "https://schedule.example/conf-2024/talk/TLK002/"
    # Its outline was comments: nothing of it reaches the page, nor its table of contents.
    assert "Sections that suit" not in site.page(f"{EVENT}/wheels-in-depth.html").get_text()
    assert "Key points" not in site.page(f"{EVENT}/wheels-in-depth.html").get_text()


def test_a_written_note_and_a_hand_written_page_are_notes(site: Build) -> None:
    text = site.text(f"{EVENT}/opening-keynote.html")
    assert "The keynote opened with the story" in text
    assert "Programme entry" not in text and "No notes on this talk yet." not in text
    # Never imported, no body: a note, as hand-written pages always were.
    assert "Programme entry" not in site.text("recaps/meetup-2023/hand-written.html")


def test_the_event_page_lists_its_notes_then_its_programme_by_day_and_time(site: Build) -> None:
    main = site.main(f"{EVENT}/index.html")
    notes = main.select("section.talknotes-event-notes ul.talknotes-notes > li")
    assert [li.select_one("a").get_text() for li in notes] == ["Opening keynote"]
    days = [r.get_text() for r in main.select("p.talknotes-programme-day")]
    assert days == ["1 March 2024", "2 March 2024"]
    programmes = main.select("ul.talknotes-programme")
    first_day = [
        (li.select_one(".talknotes-time").get_text(), li.select_one("a").get_text())
        for li in programmes[0].select("li")
    ]
    # Past midnight comes last on its day, as the programme ran.
    assert first_day == [("09:00", "Opening keynote"), ("14:30", "Wheels in depth"), ("00:30", "Late lightning")]
    marked = [li.select_one("a").get_text() for li in main.select("li.talknotes-has-notes")]
    assert marked == ["Opening keynote"]
    assert "Notes" in main.select_one("li.talknotes-has-notes").get_text()
    card = site.text(f"{EVENT}/index.html")
    assert "Programme : 4 talks, 3 without notes" in card
    # No recap written yet: the card does not claim one.
    assert "besides this recap" not in card
    for words in SCAFFOLD:
        assert words not in card, words


def test_person_and_topic_pages_list_notes_first_then_entries_set_apart(site: Build) -> None:
    main = site.main("speakers/grace-hopper.html")
    sections = [s["id"] for s in main.select("section section")]
    assert sections.index("notes") < sections.index("programme")
    notes = [a.get_text() for a in main.select("section#notes li.talknotes-note > p > strong > a")]
    entries = [a.get_text() for a in main.select("section#programme li.talknotes-note > p > strong > a")]
    assert notes == ["A hand-written note"]
    assert entries == ["Late lightning", "Wheels in depth"]
    assert "Without notes : 2 talks" in site.text("speakers/grace-hopper.html")
    # Someone who gave only talks without notes has a page all the same.
    assert "Talks without notes (2)" in site.text("speakers/linus-pauling.html")
    topic = site.main("topics/python.html")
    assert [a.get_text() for a in topic.select("section#programme strong > a")] == [
        "Hands-on containers",
        "Late lightning",
    ]
    assert "Hands-on containers" not in topic.select_one("section#notes").get_text()


def test_only_notes_count_and_reach_latest_notes_and_feeds(site: Build) -> None:
    latest = [a.get_text() for a in site.main("index.html").select("ul.talknotes-notes strong > a")]
    # No entry, no event page without a recap.
    assert latest == ["Opening keynote", "A hand-written note", "Another hand-written note", "Meetup 2023"]
    feed = (site.outdir / "feeds/index.atom").read_text(encoding="utf-8")
    assert "Opening keynote" in feed and "A hand-written note" in feed
    for title in ("Wheels in depth", "Late lightning", "Hands-on containers", "<title>Conf 2024</title>"):
        assert title not in feed, title
    person_feed = (site.outdir / "feeds/speakers/linus-pauling.atom").read_text(encoding="utf-8")
    assert "<entry>" not in person_feed
    assert "Grace Hopper (1 note, 2 talks without notes)" in site.text("speakers/index.html")
    assert "Linus Pauling (2 talks without notes)" in site.text("speakers/index.html")
    assert "Conf 2024 — 1–2 March 2024 · Wellington · 1 note · 3 more talks in the programme" in site.text(
        "recaps/index.html"
    )
    assert "1 event, 1 note, 3 talks without notes." in site.text("recaps/2024.html")
    topics = site.text("topics/index.html")
    assert "Python (2; 3 with narrower topics)" in topics


def test_the_catalog_says_which_is_which(site: Build) -> None:
    catalog = json.loads((site.outdir / "catalog.json").read_text(encoding="utf-8"))
    schema = json.loads((EXT / "talknotes/schemas/catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, schema)
    status = {n["id"]: n["status"] for n in catalog["notes"]}
    assert status == {
        f"{EVENT}/index": "programme",
        f"{EVENT}/opening-keynote": "note",
        f"{EVENT}/wheels-in-depth": "programme",
        f"{EVENT}/late-lightning": "programme",
        f"{EVENT}/earlier-import": "programme",
        "recaps/meetup-2023/index": "note",
        "recaps/meetup-2023/hand-written": "note",
        "recaps/meetup-2023/no-summary": "note",
    }
    times = {n["id"]: n["time"] for n in catalog["notes"]}
    assert times[f"{EVENT}/late-lightning"] == "00:30" and times["recaps/meetup-2023/hand-written"] is None
    event = next(e for e in catalog["events"] if e["id"] == "conf-2024")
    assert event["notes"] == [f"{EVENT}/opening-keynote"]
    assert sorted(event["programme"]) == sorted(f"{EVENT}/{n}" for n in ("wheels-in-depth", "late-lightning",
                                                                         "earlier-import"))  # fmt: skip
    assert event["recap"] is False
    grace = next(s for s in catalog["speakers"] if s["id"] == "grace-hopper")
    assert grace["notes"] == ["recaps/meetup-2023/hand-written"] and len(grace["programme"]) == 2


def test_explore_filters_by_has_notes(site: Build) -> None:
    def filters(path: str) -> set[str]:
        return {s.get_text() for s in site.page(path).select('[data-pagefind-filter="notes"]')}

    assert filters(f"{EVENT}/wheels-in-depth.html") == {"programme"}
    assert filters(f"{EVENT}/opening-keynote.html") == {"written"}
    meta = site.page(f"{EVENT}/wheels-in-depth.html").select_one('[data-pagefind-meta="talknotes"]').get_text()
    assert json.loads(meta)["programme"] is True
    script = (EXT / "talknotes/static/talknotes-explore.js").read_text(encoding="utf-8")
    assert '["notes", "Notes"]' in script and "Programme only" in script


def test_writing_notes_into_an_entry_makes_it_a_note_everywhere(tmp_path: Path) -> None:
    src = copy_root("programme", tmp_path)
    out = tmp_path / "incremental"
    first = sphinx_build(src, out, "-n", "-W", "--keep-going")
    assert first.returncode == 0, first.stderr
    page = src / EVENT / "wheels-in-depth.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe speaker walked through every tag.\n", encoding="utf-8")
    incremental = sphinx_build(src, out, "-n", "-W", "--keep-going")
    assert incremental.returncode == 0, incremental.stderr
    clean = sphinx_build(src, tmp_path / "clean", "-n", "-W", "--keep-going")
    assert html_pages(out) == html_pages(clean.outdir)
    for path in ("feeds/index.atom", "feeds/speakers/grace-hopper.atom", "catalog.json"):
        assert (out / path).read_bytes() == (clean.outdir / path).read_bytes(), path
    assert "Wheels in depth" in incremental.text("index.html")
    assert "Programme entry" not in incremental.text(f"{EVENT}/wheels-in-depth.html")
    assert "Programme : 4 talks, 2 without notes" in incremental.text(f"{EVENT}/index.html")
    # And back: emptied again, it is a programme entry again.
    page.write_text(re.sub(r"\nThe speaker walked.*\n", "\n", page.read_text(encoding="utf-8")), encoding="utf-8")
    again = sphinx_build(src, out, "-n", "-W", "--keep-going")
    assert again.returncode == 0, again.stderr
    assert "Programme entry" in again.text(f"{EVENT}/wheels-in-depth.html")
    assert "Wheels in depth" not in again.text("index.html")


def test_check_counts_what_is_left_and_todo_lists_it_per_event(tmp_path: Path) -> None:
    root = copy_root("programme", tmp_path)
    check = talknotes(root, "check")
    assert check.returncode == 0, check.stderr  # not problems
    assert "checked 12 pages: 0 problem(s)" in check.stderr
    assert "left to write: 3 talks imported without notes, 1 event without a recap (make todo lists them)" in (
        check.stderr
    )
    done = talknotes(root, "todo")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = lines.index("Conf 2024 (recaps/conf-2024/index.md)")
    assert lines[start + 1 : start + 7] == [
        "  recap: not written yet",
        "  talks without notes (3):",
        "    recaps/conf-2024/late-lightning.md  Late lightning",
        "    recaps/conf-2024/wheels-in-depth.md  Wheels in depth",
        "    recaps/conf-2024/earlier-import.md  Hands-on containers",
        "  people not in speakers.yml (2): Grace Hopper, Linus Pauling",
    ]
    meetup = lines.index("Meetup 2023 (recaps/meetup-2023/index.md)")
    assert lines[meetup + 1 : meetup + 4] == [  # a recap written by hand; event pages need no summary
        "  notes without a summary (1):",
        "    recaps/meetup-2023/no-summary.md  Another hand-written note",
        "  people not in speakers.yml (1): Grace Hopper",
    ]
    assert lines[-1] == "in all: 3 talks imported without notes, 1 event without a recap"
    one = talknotes(root, "todo", "--event", "meetup-2023")
    assert "Conf 2024" not in one.stdout and "Grace Hopper" in one.stdout
    assert talknotes(root, "todo", "--event", "conf-2042").returncode == 2
