"""Importing a conference schedule: each format end to end into a site that builds cleanly, selection,
re-imports and updates, and every kind of bad input refused with nothing written."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import threading
from contextlib import redirect_stderr, redirect_stdout
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from helpers import REPO, REPO_SKIP, Build, copy_root, sphinx_build, talknotes, tree_digest
from talknotes.commands.cli import main
from talknotes.commands.importer.formats import conference_day
from talknotes.commands.importer.mapping import KIND_RULES, kind_of
from talknotes.commands.importer.plain import summary_of

SCHEDULES = REPO / "tests/fixtures/schedules"
# Every format, imported into one site as an event of its own: (event id, schedule, extra options).
IMPORTS = {
    "kiwi-json": ("pretalx.json", ()),
    "kiwi-xml": ("schedule.xml", ()),
    "kiwi-ics": ("schedule.ics", ()),
    "kiwi-sessionize": ("sessionize.json", ("--event-name", "Kiwi PyCon 2024 (Sessionize)")),
    "kiwi-pyvideo": ("pyvideo/kiwi-pycon-2024", ()),
}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)


def notes_of(root: Path, event: str) -> dict[str, dict]:
    """Each imported note of an event by its talk's id: its front matter and its file."""
    found = {}
    for path in sorted((root / "recaps" / event).glob("*.md")):
        if path.name != "index.md":
            data = front_matter(path)
            found[data["source"]["id"]] = data | {"_path": path}
    return found


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Build]:
    """The basic site with every fixture imported, and its build under -n -W."""
    base = tmp_path_factory.mktemp("import")
    root = copy_root("basic", base)
    outputs = {}
    for event, (schedule, options) in IMPORTS.items():
        done = talknotes(root, "import", str(SCHEDULES / schedule), "--event", event, *options)  # as people run it
        assert done.returncode == 0, done.stderr
        outputs[event] = done.stdout
    build = sphinx_build(root, base / "html", "-n", "-W", "--keep-going")
    return root, outputs, build


def test_every_format_imports_into_a_site_that_builds_without_a_warning(imported: tuple) -> None:
    root, outputs, build = imported
    assert build.returncode == 0, build.stderr
    assert build.warnings() == []
    expected = {"kiwi-json": 5, "kiwi-xml": 5, "kiwi-ics": 4, "kiwi-sessionize": 4, "kiwi-pyvideo": 3}
    for event, count in expected.items():
        assert len(notes_of(root, event)) == count, event
        assert f"created recaps/{event}/index.md" in outputs[event]
    catalog = json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))
    imported_notes = [n for n in catalog["notes"] if n["source"] and not n["id"].endswith("/index")]
    assert len(imported_notes) == sum(expected.values())
    # Event pages record their schedule too.
    assert {n["source"]["id"] for n in catalog["notes"] if n["id"] == "recaps/kiwi-json/index"} == {"kiwi-2024"}
    assert {n["source"]["format"] for n in imported_notes} == {"frab-json", "frab-xml", "ical", "sessionize", "pyvideo"}


def test_a_pretalx_talk_becomes_a_note_with_its_facts(imported: tuple) -> None:
    root, outputs, build = imported
    for event in ("kiwi-json", "kiwi-xml"):
        notes = notes_of(root, event)
        talk = notes["TLK002"]
        assert talk["kind"] == "talk" and talk["date"] == "2024-03-01"  # 23:30 in Auckland stays on its day
        assert talk["speakers"] == ["Grace Hopper"]  # the speaker with only a code is reported, not named
        assert talk["topics"] == ["python"]
        assert talk["slides"] == "https://example.org/slides/tlk002.pdf"
        assert talk["video"] == "https://www.youtube.com/watch?v=tlk002"
        assert talk["source"] == {
            "format": "frab-json" if event == "kiwi-json" else "frab-xml",
            "id": "TLK002",
            "url": "https://pretalx.example.org/kiwi-2024/talk/TLK002/",
        }
        assert "<" not in talk["summary"] and "*" not in talk["summary"] and talk["summary"].startswith("A deep look")
        # The talk half an hour past midnight belongs to the day the schedule put it on.
        assert notes["LATE03"]["date"] == "2024-03-01" and notes["LATE03"]["kind"] == "lightning"
        assert notes["LATE03"]["topics"] == ["kubernetes"]  # "k8s" is an alias
        assert notes["KEY001"]["kind"] == "keynote" and notes["KEY001"]["speakers"] == ["Ada Lovelace"]  # alias
        assert notes["KEY001"]["topics"] == []  # a null track
        assert notes["WRK005"]["kind"] == "workshop" and "summary" not in notes["WRK005"]
        assert notes["WRK005"]["slides"] == "https://example.org/decks/wrk005-deck.html"
        assert notes["PNL006"]["kind"] == "panel" and notes["PNL006"]["date"] == "2024-03-02"
        assert "CNL004" not in notes
        assert "CNL004 'Cancelled: The talk that was not' (cancelled)" in outputs[event]
        assert "ZZZ999 (TLK002)" in outputs[event]
        assert "'Data Science' (1)" in outputs[event] and "Grace Hopper, Linus Pauling" in outputs[event]
    # The multilingual title is read in English; a title with markup shows as written.
    assert notes_of(root, "kiwi-json")["KEY001"]["_path"].name == "opening-keynote-packaging-for-everyone.md"
    page = build.main(f"recaps/kiwi-json/{notes_of(root, 'kiwi-json')['TLK002']['_path'].stem}.html")
    assert page.select_one("h1").get_text().rstrip("¶#") == "Wheels & <b>bold</b> claims *really*"
    assert page.select_one("h1 b") is None and page.select_one("h1 em") is None
    event = build.main("recaps/kiwi-json/index.html")
    assert "Kiwi PyCon 2024" in event.get_text() and "Midnight lightning" in event.get_text()


def test_imported_notes_appear_on_their_topic_person_and_event_pages(imported: tuple) -> None:
    _, _, build = imported
    topic = build.main("topics/kubernetes.html").get_text()
    person = build.main("speakers/grace-hopper.html").get_text()
    assert "Midnight lightning" in topic and "Midnight lightning" in person and "Hands-on containers" in person
    note = build.main("recaps/kiwi-json/midnight-lightning.html")
    session = note.select_one("a.talknotes-session")
    assert session is not None and session["href"] == "https://pretalx.example.org/kiwi-2024/talk/LATE03/"


def test_ical_sessionize_and_pyvideo_in_their_own_terms(imported: tuple) -> None:
    root, outputs, _ = imported
    ics = notes_of(root, "kiwi-ics")
    # UTC times in the file, read in the calendar's time zone: 10:30 UTC is 23:30 in Auckland.
    assert ics["TLK002"]["date"] == "2024-03-01" and ics["LATE03"]["date"] == "2024-03-01"
    assert ics["PNL006"]["speakers"] == ["Ada Lovelace", "Linus Pauling"]  # from pretalx's "title - speakers"
    assert ics["PNL006"]["topics"] == ["packaging"]
    assert "(cancelled)" in outputs["kiwi-ics"]
    sessionize = notes_of(root, "kiwi-sessionize")
    assert sessionize["501001"]["kind"] == "keynote" and sessionize["501001"]["topics"] == ["python"]
    assert sessionize["501001"]["video"] == "https://www.youtube.com/watch?v=key001"
    assert sessionize["501002"]["speakers"] == ["Grace Hopper", "Linus Pauling"]  # composed from first and last
    assert sessionize["501002"]["kind"] == "talk" and sessionize["501002"]["topics"] == ["packaging"]
    assert sessionize["501003"]["date"] == "2024-03-01"  # after midnight, still the first day
    assert "501004 'Lunch' (a service session" in outputs["kiwi-sessionize"]
    assert "501005 'A declined proposal' (declined)" in outputs["kiwi-sessionize"]
    assert front_matter(root / "recaps/kiwi-sessionize/index.md")["event"]["name"] == "Kiwi PyCon 2024 (Sessionize)"
    pyvideo = notes_of(root, "kiwi-pyvideo")
    keynote = pyvideo["opening-keynote-packaging-for-everyone"]
    assert keynote["kind"] == "note" and keynote["speakers"] == ["Ada Lovelace"]  # no session type in pyvideo
    assert keynote["slides"] == "https://speakerdeck.com/example/packaging-for-everyone"
    assert keynote["video"] == "https://www.youtube.com/watch?v=key001" and keynote["topics"] == ["packaging"]
    assert pyvideo["wheels-in-depth"]["slides"] == "https://example.org/slides/wheels.pdf"
    assert pyvideo["hands-on-containers"]["video"] == "https://vimeo.com/123456"


def fresh_site(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path)


def import_into(root: Path, *args: str) -> tuple[int, str, str]:
    """``python -m talknotes import``, run in this process (the same code as the command, without its start-up)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--root", str(root), "import", *args])
    return code, out.getvalue(), err.getvalue()


def test_reimport_is_a_no_op_and_update_changes_only_metadata(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    schedule = str(SCHEDULES / "pretalx.json")
    assert import_into(root, schedule)[0] == 0
    event = root / "recaps/kiwi-pycon-2024"
    before = tree_digest(root)
    code, out, _ = import_into(root, schedule)
    assert code == 0 and "already there: 5 notes" in out and "nothing to write" in out
    assert tree_digest(root) == before
    # A person writes the body and adds a topic; the schedule then changes the talk.
    note = event / "midnight-lightning.md"
    written = note.read_text(encoding="utf-8").replace("...", "My own words about the talk.")
    written = written.replace('topics: ["kubernetes"]', 'topics: ["kubernetes", "python"]')
    note.write_text(written, encoding="utf-8")
    data = json.loads(Path(schedule).read_text(encoding="utf-8"))
    talk = data["schedule"]["conference"]["days"][0]["rooms"]["Te Whaea"][2]
    talk.update(type="Talk", title="Midnight lightning, renamed", abstract="Something else entirely.")
    talk["persons"].append({"code": "AAA111", "name": "Ada Lovelace"})
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    others = {p.name: p.read_text(encoding="utf-8") for p in event.glob("*.md") if p != note}
    code, out, _ = import_into(root, str(changed))
    assert code == 0 and "midnight-lightning" not in out.split("already there")[0]  # without --update: nothing
    assert note.read_text(encoding="utf-8") == written
    code, out, err = import_into(root, str(changed), "--update")
    assert code == 0, err
    assert "updated recaps/kiwi-pycon-2024/midnight-lightning.md" in out
    assert "kind: lightning -> talk" in out and "speakers: [Grace Hopper] -> [Grace Hopper, Ada Lovelace]" in out
    assert "the schedule now says 'Midnight lightning, renamed'" in out
    after = note.read_text(encoding="utf-8")
    assert after.split("---\n", 2)[2] == written.split("---\n", 2)[2]  # the body, title included, untouched
    data = front_matter(note)
    assert data["kind"] == "talk" and data["speakers"] == ["Grace Hopper", "Ada Lovelace"]
    assert data["topics"] == ["kubernetes", "python"] and data["summary"] == "Clusters at night."
    assert {p.name: p.read_text(encoding="utf-8") for p in event.glob("*.md") if p != note} == others
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr


def test_selection_and_dry_run(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    schedule = str(SCHEDULES / "pretalx.json")
    before = tree_digest(root)
    code, out, _ = import_into(root, schedule, "--dry-run")
    assert code == 0 and "would create recaps/kiwi-pycon-2024/midnight-lightning.md" in out
    assert tree_digest(root) == before
    cases = {
        ("--only", "TLK002,pnl006"): {"TLK002", "PNL006"},
        ("--starred", str(SCHEDULES / "starred.ics")): {"TLK002", "PNL006"},
        ("--day", "2"): {"WRK005", "PNL006"},
        ("--day", "2024-03-01"): {"KEY001", "TLK002", "LATE03"},
        ("--track", "python,k8s"): {"TLK002", "LATE03"},
        ("--room", "hall b"): {"WRK005", "PNL006"},
    }
    for options, expected in cases.items():
        site = fresh_site(tmp_path / options[0].strip("-") / options[1].replace("/", "_")[-20:])
        code, out, err = import_into(site, schedule, *options)
        assert code == 0, (options, err)
        assert set(notes_of(site, "kiwi-pycon-2024")) == expected, options
        assert "left out by the selection" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--only", "NOPE"), "no talk has the id 'NOPE'"),
        (("--track", "Cooking"), "the schedule has no track 'Cooking'; it has: Data Science, Packaging, Python, k8s"),
        (("--day", "9"), "'9' is neither a date of the schedule nor a day number (1 to 2)"),
        (("--event", "Not A Slug"), "'Not A Slug' is not a lowercase slug"),
    ],
)
def test_selection_mistakes_are_refused(tmp_path: Path, options: tuple[str, str], message: str) -> None:
    root = fresh_site(tmp_path)
    before = tree_digest(root)
    code, _, err = import_into(root, str(SCHEDULES / "pretalx.json"), *options)
    assert code == 2 and message in err and "nothing was written" in err
    assert tree_digest(root) == before


def test_add_topics_adds_the_tracks_that_name_no_topic(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    code, out, err = import_into(root, str(SCHEDULES / "pretalx.json"), "--add-topics")
    assert code == 0, err
    assert "added to topics.yml: data-science (Data Science)" in out
    topics = yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))
    assert topics["data-science"] == {"name": "Data Science"} and topics["python"]["name"] == "Python"
    assert notes_of(root, "kiwi-pycon-2024")["WRK005"]["topics"] == ["data-science"]
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    assert "Hands-on containers" in build.main("topics/data-science.html").get_text()


def bad_schedule(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PRETALX = json.loads((SCHEDULES / "pretalx.json").read_text(encoding="utf-8"))


def pretalx_with(change) -> str:
    data = json.loads(json.dumps(PRETALX))
    change(data["schedule"]["conference"])
    return json.dumps(data, indent=1)


def first_talk(conference: dict) -> dict:
    return conference["days"][0]["rooms"]["Te Whaea"][0]


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<schedule><conference><title>&lol3;</title></conference></schedule>
"""

BAD_INPUTS = {
    "malformed-json": ("s.json", '{"schedule": {"conference": ', "s.json: line 1, column 29: not valid JSON"),
    "unknown-format": ("s.json", '{"talks": []}', "not a schedule format this command reads; it reads frab-json"),
    "untitled-talk": (
        "s.json",
        pretalx_with(lambda c: first_talk(c).update(title={"de": ""})),
        "schedule.conference.days[0].rooms['Te Whaea'][0] (KEY001): the talk has no title",
    ),
    "undated-talk": (
        "s.json",
        pretalx_with(lambda c: c["days"].append({"rooms": {"X": [first_talk(c) | {"code": "NEW1", "date": None}]}})),
        "days[2].rooms['X'][0] (NEW1): the talk 'Opening keynote: packaging for everyone' has no date",
    ),
    "duplicate-ids": (
        "s.json",
        pretalx_with(lambda c: c["days"][1]["rooms"]["Hall B"].append(first_talk(c))),
        "days[1].rooms['Hall B'][2] (KEY001): the id 'KEY001' is also the id of schedule.conference.days[0]",
    ),
    "no-conference-dates": (
        "s.json",
        pretalx_with(lambda c: (c.pop("start"), c.pop("end"))),
        "schedule.conference.start: the conference has no dates",
    ),
    "xml-entity-bomb": ("s.xml", BOMB, "s.xml: refused: the XML declares entities"),
    "malformed-xml": ("s.xml", "<schedule><day></schedule>", "s.xml: line 1, column 17: not well-formed XML"),
    "malformed-ics": ("s.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n", "s.ics: not a valid iCalendar file"),
    "undated-ics": (
        "s.ics",
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a1\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n",
        "s.ics: VEVENT 1 (UID a1): the talk has no date (DTSTART)",
    ),
    "sessionize-unknown-speaker": (
        "s.json",
        json.dumps(
            {
                "sessions": [{"id": 1, "title": "T", "startsAt": "2024-03-01T10:00:00", "speakers": ["x"]}],
                "speakers": [],
            }
        ),
        "$.sessions[0] (id 1): names speaker 'x', whom the export's speakers do not list",
    ),
    "not-utf8": ("s.json", None, "s.json: byte 0: not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_with_where_and_nothing_written(tmp_path: Path, case: str) -> None:
    name, text, message = BAD_INPUTS[case]
    if text is None:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True)
        path.write_bytes(b"\xff\xfe\x00garbage")
    else:
        path = bad_schedule(tmp_path, name, text)
    root = fresh_site(tmp_path)
    before = tree_digest(root)
    code, out, err = import_into(root, str(path), "--event-name", "X 2024")
    assert code == 2, (out, err)
    assert message in err, err
    assert str(path) in err and "nothing was written" in err and "Traceback" not in err
    assert tree_digest(root) == before


def test_pages_that_would_not_build_are_not_written(tmp_path: Path) -> None:
    """An event that exists with other dates: every note would fall outside them; nothing is written."""
    root = fresh_site(tmp_path)
    before = tree_digest(root)
    code, _, err = import_into(root, str(SCHEDULES / "pretalx.json"), "--event", "pycon-x-2024")
    assert code == 1
    assert "[talknotes.date-outside]" in err and "recaps/pycon-x-2024/midnight-lightning.md" in err
    assert "nothing was written" in err
    assert tree_digest(root) == before


def test_make_import_runs_the_command(tmp_path: Path) -> None:
    """``make import`` on the real site, as a dry run: it reads the schedule and writes nothing."""
    before = tree_digest(REPO, REPO_SKIP)
    schedule = SCHEDULES / "pretalx.json"
    done = subprocess.run(
        ["make", "--no-print-directory", "import", f"FILE={schedule}", "DAY=2", "ARGS=--dry-run"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "would create recaps/kiwi-pycon-2024/ask-the-packaging-maintainers.md" in done.stdout
    assert "midnight-lightning" not in done.stdout
    assert tree_digest(REPO, REPO_SKIP) == before
    usage = subprocess.run(
        ["make", "--no-print-directory", "import"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert usage.returncode != 0 and "usage: make import FILE=" in usage.stdout


def test_the_guide_maps_the_fields_of_every_format() -> None:
    guide = (REPO / "docs/contributing.md").read_text(encoding="utf-8")
    section = guide.split("## Import a schedule", 1)[1].split("\n## ", 1)[0]
    for name in ("frab-json", "frab-xml", "ical", "sessionize", "pyvideo"):
        assert f"`{name}`" in section, name
    for kind, markers in KIND_RULES:  # the table of kinds is the rule's own words
        assert f"| {kind} | {', '.join(markers)} |" in section, kind


@pytest.mark.parametrize(
    ("session_type", "kind"),
    [
        ("Talk (long)", "talk"),
        ("Hands-on tutorials", "workshop"),
        ("Amazing session", "talk"),  # whole words: not an AMA
        ("Lightning Talks", "lightning"),
        ("Panel discussion", "panel"),
        ("Birds of a Feather session", "discussion"),
        ("Label printing", "note"),  # not a lab
        ("Poster", "note"),
        ("", "note"),
    ],
)
def test_session_types_become_kinds(session_type: str, kind: str) -> None:
    assert kind_of(session_type) == kind


def test_summaries_are_plain_and_short() -> None:
    assert (
        summary_of("<p>Why <b>wheels</b> &amp; eggs.</p><script>alert(1)</script><h2>Outline</h2>")
        == "Why wheels & eggs."
    )
    markdown = "## Abstract\n\nA **deep** look at [wheels](https://x.org).\n\n- one\n- two"
    assert summary_of(markdown) == "A deep look at wheels. one"
    long = "word " * 200
    assert len(summary_of(long)) <= 280 and summary_of(long).endswith("word…")
    assert summary_of("") == "" and summary_of(" <p></p> ") == ""


def test_a_night_session_belongs_to_the_day_it_continues() -> None:
    days = {dt.date(2024, 3, 1), dt.date(2024, 3, 2)}
    assert conference_day(dt.datetime(2024, 3, 2, 0, 30), days) == dt.date(2024, 3, 1)
    assert conference_day(dt.datetime(2024, 3, 1, 23, 30), days) == dt.date(2024, 3, 1)
    assert conference_day(dt.datetime(2024, 3, 1, 1, 0), days) == dt.date(2024, 3, 1)  # no day before it
    assert conference_day(dt.datetime(2024, 3, 2, 9, 0), days) == dt.date(2024, 3, 2)


def test_a_schedule_is_downloaded_from_its_address(tmp_path: Path) -> None:
    """From a server on this machine (the tests use no network): the event records the address."""
    handler = partial(QuietHandler, directory=str(SCHEDULES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        root = fresh_site(tmp_path)
        code, out, err = import_into(root, f"{address}/pretalx.json", "--only", "KEY001")
        assert code == 0, err
        assert out.startswith(f"{address}/pretalx.json (frab-json)")
        event = front_matter(root / "recaps/kiwi-pycon-2024/index.md")
        assert event["source"] == {"format": "frab-json", "id": "kiwi-2024", "url": f"{address}/pretalx.json"}
        before = tree_digest(root)
        code, _, err = import_into(root, f"{address}/missing.json")
        assert code == 2 and f"{address}/missing.json: could not download it" in err
        code, _, err = import_into(root, f"{address}/schedule.ics", "--event", "x-2024", "--day", "9")
        assert code == 2 and f"{address}/schedule.ics: --day:" in err  # the address, not a temporary file
        assert tree_digest(root) == before
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_hostile_text_is_cleaned_and_the_site_builds(tmp_path: Path) -> None:
    def evil(conference: dict) -> None:
        talk = first_talk(conference)
        talk["title"] = "Evil\x00\x07 title\u2028with \x85 <script>x</script>"
        talk["persons"][0].update(name='Bob\x1b "Quote"', public_name='Bob\x1b "Quote"')
        talk["abstract"] = 'Sum\x01mary "q" \u2029 next.'
        talk["links"] = [{"url": "javascript:alert(1)", "title": "Slides"}]

    path = bad_schedule(tmp_path, "evil.json", pretalx_with(evil))
    root = fresh_site(tmp_path)
    code, _, err = import_into(root, str(path), "--only", "KEY001")
    assert code == 0, err
    note = notes_of(root, "kiwi-pycon-2024")["KEY001"]
    assert note["speakers"] == ['Bob "Quote"'] and note["summary"] == 'Summary "q" next.' and "slides" not in note
    assert note["_path"].name == "evil-title-with-script-x-script.md"
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    page = build.main(f"recaps/kiwi-pycon-2024/{note['_path'].stem}.html")
    assert page.select_one("h1").get_text().rstrip("¶#") == "Evil title with <script>x</script>"
    assert page.select_one("script") is None


def test_a_deeply_nested_file_is_refused(tmp_path: Path) -> None:
    path = bad_schedule(tmp_path, "deep.json", "[" * 100_000)
    code, _, err = import_into(fresh_site(tmp_path), str(path))
    assert code == 2 and "nested too deeply" in err and "Traceback" not in err


def test_check_and_the_build_report_a_wrong_source(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    note = root / "recaps/pycon-x-2024/keynote.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(
        text.replace("---\n", '---\nsource: {format: pdf, id: "", url: "javascript:x"}\n', 1), encoding="utf-8"
    )
    done = talknotes(root, "check")
    assert done.returncode == 1
    expected = [
        "keynote.md:2: 'source.format' is 'pdf'; use one of: frab-json, frab-xml, ical, sessionize, pyvideo "
        "[talknotes.bad-value]",
        "keynote.md:2: 'source.id' must not be empty [talknotes.missing-field]",
        "keynote.md:2: 'source.url' must be an http:// or https:// URL, not 'javascript:x' [talknotes.bad-url]",
    ]
    for message in expected:
        assert message in done.stderr, message
    build = sphinx_build(root, tmp_path / "html", "-n")
    for message in expected:  # the build says the same
        assert message.split(": ", 1)[1].rsplit(" [", 1)[0] in build.stderr, message
