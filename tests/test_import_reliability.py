"""An import never ends in a traceback or half a site: impossible dates and repeating events are refused at
the talk, odd files in the event folder stop it before anything is written, a full disk leaves the site as
it was, ``--update`` keeps what a person wrote in the front matter, and long hostile text is read in linear
time."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers import EXT, tree_digest
from test_import import SCHEDULES, QuietHandler, bad_schedule, fresh_site, front_matter, import_into

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-CALNAME:Edge 2024\r\n{extra}BEGIN:VEVENT\r\nUID:talk-1@example.org\r\n"
    "{start}\r\nSUMMARY:A talk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def ics(start: str, extra: str = "", more: str = "") -> str:
    return ICS.format(start=start + more, extra=extra)


IMPOSSIBLE = {
    "month-13": ("DTSTART:20241345T100000Z", "'20241345T100000Z' is no date that exists"),
    "year-zero": ("DTSTART;VALUE=DATE:00000101", "'00000101' is no date that exists"),
    "not-a-leap-year": ("DTSTART;VALUE=DATE:20230229", "'20230229' is no date that exists"),
}


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_an_impossible_date_is_refused_at_the_talk(tmp_path: Path, case: str) -> None:
    start, message = IMPOSSIBLE[case]
    path = bad_schedule(tmp_path, "s.ics", ics(start))
    root = fresh_site(tmp_path)
    before = tree_digest(root)
    code, _, err = import_into(root, str(path), "--event", "edge-2024")
    assert code == 2, err
    assert "VEVENT 1 (UID talk-1@example.org) DTSTART" in err and message in err
    assert "Traceback" not in err and tree_digest(root) == before


def test_a_repeating_event_is_refused(tmp_path: Path) -> None:
    path = bad_schedule(tmp_path, "s.ics", ics("DTSTART:20240501T100000Z", more="\r\nRRULE:FREQ=WEEKLY;COUNT=5"))
    code, _, err = import_into(fresh_site(tmp_path), str(path), "--event", "edge-2024")
    assert code == 2 and "VEVENT 1 (UID talk-1@example.org): the event repeats (RRULE or RDATE)" in err, err


WINDOWS_ZONE = (
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
    "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
)


def test_a_windows_time_zone_is_read_as_its_iana_zone(tmp_path: Path) -> None:
    """Outlook and Exchange name zones their own way, defined by the calendar's VTIMEZONE."""
    text = ics('DTSTART;TZID="W. Europe Standard Time":20240501T100000', extra=WINDOWS_ZONE)
    path = bad_schedule(tmp_path, "s.ics", text)
    root = fresh_site(tmp_path)
    code, _, err = import_into(root, str(path), "--event", "edge-2024")
    assert code == 0, err
    note = front_matter(next((root / "recaps/edge-2024").glob("a-talk*.md")))
    assert str(note["date"]) == "2024-05-01" and note["time"] == "10:00"  # the local time, as the programme says


def test_an_unknown_time_zone_names_the_option_that_gives_one(tmp_path: Path) -> None:
    zone = WINDOWS_ZONE.replace("W. Europe Standard Time", "Custom Zone 7")
    text = ics('DTSTART;TZID="Custom Zone 7":20240501T100000', extra=zone)
    path = bad_schedule(tmp_path, "s.ics", text)
    root = fresh_site(tmp_path)
    code, _, err = import_into(root, str(path), "--event", "edge-2024")
    assert code == 2 and "unknown time zone 'Custom Zone 7'" in err and "--timezone Europe/Berlin" in err, err
    code, _, err = import_into(root, str(path), "--event", "edge-2024", "--timezone", "Europe/Berlin")
    assert code == 0, err


def test_a_download_address_ending_in_dots_names_no_folder(tmp_path: Path) -> None:
    handler = partial(QuietHandler, directory=str(SCHEDULES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = fresh_site(tmp_path)
        before = tree_digest(root)
        address = f"http://127.0.0.1:{server.server_address[1]}"
        for tail in ("/..", "/.", "/a/..", "/"):
            code, _, err = import_into(root, address + tail, "--event", "x-2024")
            assert code == 2 and "Traceback" not in err and "IsADirectoryError" not in err, err
        assert tree_digest(root) == before
    finally:
        server.shutdown()
        server.server_close()


ODD_ENTRIES = {
    "folder-named-like-a-page": lambda folder: (folder / "x.md").mkdir(),
    "dangling-link": lambda folder: (folder / "gone.md").symlink_to(folder / "nowhere.md"),
    "looping-link": lambda folder: (folder / "loop.md").symlink_to(folder / "loop.md"),
    "link-out-of-the-site": lambda folder: (folder / "out.md").symlink_to("/etc/hostname"),
    "device": lambda folder: (folder / "zero.md").symlink_to("/dev/zero"),
}


@pytest.mark.parametrize("case", sorted(ODD_ENTRIES))
def test_odd_entries_in_the_event_folder_stop_the_import(tmp_path: Path, case: str) -> None:
    root = fresh_site(tmp_path)
    folder = root / "recaps/kiwi-pycon-2024"
    folder.mkdir(parents=True)
    ODD_ENTRIES[case](folder)
    before = tree_digest(root)
    code, _, err = import_into(root, str(SCHEDULES / "pretalx.json"))
    assert code == 2, err
    assert "recaps/kiwi-pycon-2024/" in err and "move it aside or fix it" in err
    assert "Traceback" not in err and "nothing was written" in err
    assert tree_digest(root) == before


def test_an_event_path_that_is_a_file_stops_the_import(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    (root / "recaps/kiwi-pycon-2024").write_text("not a folder\n", encoding="utf-8")
    before = tree_digest(root)
    code, _, err = import_into(root, str(SCHEDULES / "pretalx.json"))
    assert code == 2 and "recaps/kiwi-pycon-2024 is a file or a dangling link, not a folder" in err, err
    assert tree_digest(root) == before


# python -m talknotes import, with files limited to a few kilobytes: as a full disk, half-way through.
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
resource.setrlimit(resource.RLIMIT_FSIZE, (600, 600))  # the smaller pages fit, the larger do not
from talknotes.commands.cli import main
sys.exit(main(["--root", sys.argv[1], "import", sys.argv[2]]))
"""


def test_a_write_that_fails_half_way_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    schedule = SCHEDULES / "pretalx.json"
    before = tree_digest(root)
    done = subprocess.run(
        [sys.executable, "-c", LIMITED, str(root), str(schedule)],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONPATH": str(EXT)},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "error: cannot write" in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(root) == before  # no page, no half page, no staged file, no new folder
    assert not (root / "recaps/kiwi-pycon-2024").exists()
    # With room again, the import writes every page whole.
    code, out, err = import_into(root, str(schedule))
    assert code == 0 and "already there" not in out, err
    pages = sorted((root / "recaps/kiwi-pycon-2024").glob("*.md"))
    assert len(pages) >= 6 and all(page.read_text(encoding="utf-8").count("---\n") >= 2 for page in pages)


def test_update_keeps_the_comments_and_words_a_person_wrote(tmp_path: Path) -> None:
    root = fresh_site(tmp_path)
    schedule = SCHEDULES / "pretalx.json"
    assert import_into(root, str(schedule))[0] == 0
    note = root / "recaps/kiwi-pycon-2024/midnight-lightning.md"
    text = note.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\n# Checked with the speaker on 2 May.\n", 1)
    text = text.replace("kind: lightning\n", "kind: lightning  # five minutes, really\n")
    text = text.replace("\n---\n", "\n# More to add once the video is out.\n---\n", 1)
    note.write_text(text, encoding="utf-8")
    data = json.loads(schedule.read_text(encoding="utf-8"))
    data["schedule"]["conference"]["days"][0]["rooms"]["Te Whaea"][2]["type"] = "Talk"
    changed = bad_schedule(tmp_path, "changed.json", json.dumps(data))
    code, out, err = import_into(root, str(changed), "--update")
    assert code == 0 and "kind: lightning -> talk" in out, (out, err)
    after = note.read_text(encoding="utf-8")
    assert "# Checked with the speaker on 2 May.\n" in after
    assert re.search(r"^kind: talk +# five minutes, really$", after, re.MULTILINE)  # the comment keeps its column
    assert "# More to add once the video is out.\n" in after
    assert after.split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]  # the body untouched
    assert front_matter(note)["kind"] == "talk"


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Stop a run that would take far longer than it may (a hang guard, not a timing figure)."""

    def stop(*_: object) -> None:
        raise TimeoutError(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("filler", ["*a ", "_x ", "**a ", "[a ", "![a](", " " * 3, "(( ", " - "])
def test_long_hostile_text_is_read_in_linear_time(tmp_path: Path, filler: str) -> None:
    """A 32 KB abstract of unclosed markers once took 17 s: every pattern now reads it once."""
    data = json.loads((SCHEDULES / "pretalx.json").read_text(encoding="utf-8"))
    talk = data["schedule"]["conference"]["days"][0]["rooms"]["Te Whaea"][0]
    talk["abstract"] = "A real first sentence. " + filler * (32_000 // len(filler))
    name = "Ada" + filler * (8_000 // len(filler)) + "Lovelace"
    talk["persons"][0]["public_name"] = talk["persons"][0]["name"] = name
    path = bad_schedule(tmp_path, "long.json", json.dumps(data))
    with at_most(20):
        code, _, err = import_into(fresh_site(tmp_path), str(path), "--only", "KEY001", "--dry-run")
    assert code in (0, 1) and "Traceback" not in err, err


@pytest.mark.parametrize(
    "odd",
    [
        lambda videos: (videos / "folder.json").mkdir(),
        lambda videos: (videos / "zero.json").symlink_to("/dev/zero"),
        lambda videos: os.mkfifo(videos / "pipe.json"),
        lambda videos: (videos / "gone.json").symlink_to(videos / "nowhere.json"),
    ],
    ids=["folder", "device", "named-pipe", "dangling-link"],
)
def test_odd_files_in_a_schedule_folder_are_refused_not_read(tmp_path: Path, odd) -> None:
    source = tmp_path / "in" / "pyvideo-event"
    shutil.copytree(next(p for p in (SCHEDULES / "pyvideo").iterdir() if p.is_dir()), source)
    odd(source / "videos")
    root = fresh_site(tmp_path)
    before = tree_digest(root)
    with at_most(30):  # a pipe read would wait for ever, a device would fill the memory
        code, _, err = import_into(root, str(source))
    assert code == 2 and "not a schedule" in err and "Traceback" not in err, err
    assert tree_digest(root) == before
