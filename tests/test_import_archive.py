"""Importing at archive scale: several schedules and a folder of pyvideo events in one run, checked once and
written all or nothing; near-duplicate names reported and settled; names that are nobody left out; pretalx's
summaries with affiliations; imported talks written as programme entries, without scaffold text."""

from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from helpers import REPO, copy_root, sphinx_build, talknotes, tree_digest

SCHEDULES = REPO / "tests/fixtures/schedules"


def pyvideo_event(root: Path, folder: str, title: str, day: str, talks: list[tuple[str, list[str]]]) -> Path:
    """An event folder shaped like pyvideo's data: category.json and one videos/*.json per talk."""
    videos = root / folder / "videos"
    videos.mkdir(parents=True)
    (root / folder / "category.json").write_text(json.dumps({"title": title}), encoding="utf-8")
    for number, (name, speakers) in enumerate(talks):
        link = {"type": "youtube", "url": f"https://www.youtube.com/watch?v={folder}-{number}"}
        video = {"title": name, "recorded": day, "speakers": speakers, "tags": ["python"], "summary": f"On {name}.",
                 "videos": [link]}  # fmt: skip
        (videos / f"talk-{number}.json").write_text(json.dumps(video), encoding="utf-8")
    return root / folder


def archive(base: Path) -> Path:
    """A checkout-like folder of pyvideo events with the quirks of the real data."""
    data = base / "pyvideo" / "data"
    pyvideo_event(data, "pycon-a-2019", "PyCon A 2019", "2019-05-01", [
        ("Cassandra at scale", ["Jonathan Ellis"]),
        ("Cassandra internals", ["Jonathan Ellis", "Various speakers"]),
        ("Django in production", ["Michał Karzyński"]),
        ("SQL for everyone", ["José Pérez"]),
        ("SQLAlchemy", ["Michael Bayer"]),
    ])  # fmt: skip
    pyvideo_event(data, "pycon-b-2020", "PyCon B 2020", "2020-06-01", [
        ("Cassandra again", ["Johnathan Ellis"]),
        ("Django again", ["Michal Karzynski"]),
        ("SQL again", ["jose  perez"]),
        ("Pairing", ["Ada Lovelace and Grace Hopper"]),
        ("Lightning talks", ["TBA"]),
        ("Open data", ["Michael Bauer"]),
    ])  # fmt: skip
    return base / "pyvideo"


def notes(root: Path, event: str) -> dict[str, dict]:
    found = {}
    for path in sorted((root / "recaps" / event).glob("*.md")):
        if path.name != "index.md":
            data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
            found[data["source"]["id"]] = data | {"_text": path.read_text(encoding="utf-8")}
    return found


def test_schedules_and_a_pyvideo_archive_in_one_run_then_a_second_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    done = talknotes(root, "import", str(SCHEDULES / "schedule.ics"), str(archive(tmp_path)), "--merge-similar")
    assert done.returncode == 0, done.stderr
    assert len(notes(root, "kiwi-pycon-2024")) == 4  # the calendar, by its name and year
    assert len(notes(root, "pycon-a-2019")) == 5 and len(notes(root, "pycon-b-2020")) == 6  # pyvideo's folder names
    assert "in all: 3 schedules, 16 talks" in done.stdout
    before = tree_digest(root)
    again = talknotes(root, "import", str(SCHEDULES / "schedule.ics"), str(archive(tmp_path / "again")))
    assert again.returncode == 0, again.stderr
    assert "0 pages written" in again.stdout
    assert tree_digest(root) == before


def test_one_bad_schedule_among_many_writes_nothing(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    data = archive(tmp_path)
    bad = pyvideo_event(data / "data", "broken-2021", "Broken 2021", "2021-01-01", [("Undated", ["Ada Lovelace"])])
    video = json.loads((bad / "videos/talk-0.json").read_text(encoding="utf-8"))
    (bad / "videos/talk-0.json").write_text(json.dumps(video | {"title": " "}), encoding="utf-8")
    before = tree_digest(root)
    done = talknotes(root, "import", str(SCHEDULES / "pretalx.json"), str(data))
    assert done.returncode == 2
    assert "broken-2021/videos/talk-0.json: $.title: the talk has no title" in done.stderr
    assert "nothing was written: a schedule cannot be imported" in done.stderr
    assert tree_digest(root) == before


def test_near_duplicates_are_reported_with_their_places_and_the_lines_that_settle_them(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    done = talknotes(root, "import", str(archive(tmp_path)), "--dry-run")
    assert done.returncode == 0, done.stderr  # never refused for a near-duplicate
    out = done.stdout
    assert (
        "'Johnathan Ellis' (1 page: recaps/pycon-b-2020/cassandra-again.md:4); "
        "'Jonathan Ellis' (2 pages: recaps/pycon-a-2019/cassandra-at-scale.md:4, "
        "recaps/pycon-a-2019/cassandra-internals.md:4)"
    ) in out
    assert '    jonathan-ellis:\n      name: "Jonathan Ellis"\n      aliases: ["Johnathan Ellis"]' in out
    # A tie: the spelling seen first is the name.
    assert '    michal-karzynski:\n      name: "Michał Karzyński"\n      aliases: ["Michal Karzynski"]' in out
    assert "two people? register each name in speakers.yml" in out
    # Accents, case and spacing alone: one person, without asking.
    assert "rez" not in out.lower()  # 'José Pérez' and 'jose  perez' are no pair to settle
    assert not (root / "recaps/pycon-a-2019").exists()  # --dry-run


def test_merge_similar_writes_speakers_yml_and_the_site_builds_under_w(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    speakers = root / "speakers.yml"
    speakers.write_text("# Registered by hand.\n" + speakers.read_text(encoding="utf-8"), encoding="utf-8")
    # Two people one letter apart, registered as two: not merged, not warned about.
    two = "michael-bayer: Michael Bayer\nmichael-bauer: Michael Bauer\n"
    speakers.write_text(speakers.read_text(encoding="utf-8") + two, encoding="utf-8")
    done = talknotes(root, "import", str(archive(tmp_path)), "--merge-similar")
    assert done.returncode == 0, done.stderr
    registry = yaml.safe_load(speakers.read_text(encoding="utf-8"))
    assert registry["jonathan-ellis"] == {"name": "Jonathan Ellis", "aliases": ["Johnathan Ellis"]}
    assert registry["michal-karzynski"] == {"name": "Michał Karzyński", "aliases": ["Michal Karzynski"]}
    assert "michael-bayer" in registry and "michael-bauer" in registry and len(registry) == 5
    assert speakers.read_text(encoding="utf-8").startswith("# Registered by hand.\n")  # comments kept
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    # Accents, case and spacing: one person page for "José Pérez" and "jose  perez".
    person = build.text("speakers/jose-perez.html")
    assert "SQL for everyone" in person and "SQL again" in person
    assert "Cassandra again" in build.text("speakers/jonathan-ellis.html")


def test_names_that_stand_for_nobody_are_left_out_and_joined_names_split(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    done = talknotes(root, "import", str(archive(tmp_path)), "--merge-similar")
    assert done.returncode == 0, done.stderr
    assert "names that stand for nobody, left out of the speakers: 'TBA' (1), 'Various speakers' (1)" in done.stdout
    b = notes(root, "pycon-b-2020").values()
    speakers = {data["_text"].split("\n# ")[1].split("\n")[0]: data.get("speakers") for data in b}
    assert speakers["Pairing"] == ["Ada Lovelace", "Grace Hopper"]
    assert speakers["Lightning talks"] is None
    assert notes(root, "pycon-a-2019")["talk-1"]["speakers"] == ["Jonathan Ellis"]


def test_pretalx_summaries_with_affiliations_and_empty_speakers(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    calendar = (SCHEDULES / "schedule.ics").read_text(encoding="utf-8")
    calendar = (
        calendar.replace(
            "SUMMARY:Midnight lightning - Grace Hopper",
            "SUMMARY:Federated Open OnDemand - Robin Karlsson [CSC - IT Center for Science]",
        )
        .replace(
            "SUMMARY:Opening keynote: packaging for everyone - A. Lovelace",
            "SUMMARY:Opening keynote - Jane Doe (Acme\\, Inc.)\\, John Roe and Ann Poe & Bo Li [Org - Dept]",
        )
        .replace("SUMMARY:Wheels & <b>bold</b> claims *really* - Grace Hopper", "SUMMARY:Wheels in depth -")
    )
    schedule = tmp_path / "pretalx.ics"
    schedule.write_text(calendar, encoding="utf-8")
    done = talknotes(root, "import", str(schedule))
    assert done.returncode == 0, done.stderr
    found = notes(root, "kiwi-pycon-2024")
    assert "# Federated Open OnDemand\n" in found["LATE03"]["_text"]
    assert found["LATE03"]["speakers"] == ["Robin Karlsson"]
    assert found["KEY001"]["speakers"] == ["Jane Doe", "John Roe", "Ann Poe", "Bo Li"]
    assert "# Wheels in depth\n" in found["TLK002"]["_text"] and "speakers" not in found["TLK002"]


def test_an_imported_talk_is_written_as_a_programme_entry_without_scaffold_text(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    done = talknotes(root, "import", str(SCHEDULES / "schedule.ics"))
    assert done.returncode == 0, done.stderr
    for data in notes(root, "kiwi-pycon-2024").values():
        body = data["_text"].split("\n---\n", 1)[1]
        visible = [line for line in body.splitlines() if line.strip() and not line.startswith(("%", "# "))]
        assert visible == [], visible  # the outline is in comments only
        assert data["time"]  # the programme runs by day and time
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    page = build.text("recaps/kiwi-pycon-2024/midnight-lightning.html")
    assert "Programme entry" in page and "in your own words" not in page and "..." not in page
    event = build.text("recaps/kiwi-pycon-2024/index.html")
    assert "in your own words" not in event and "..." not in event and "besides this recap" not in event
    assert "Midnight lightning" not in build.text("index.html")


def test_an_undated_pyvideo_talk_takes_its_event_start_and_hidden_folders_are_not_events(tmp_path: Path) -> None:
    root = copy_root("basic", tmp_path)
    data = archive(tmp_path)
    (data / "data" / ".schemas").mkdir()
    (data / "data" / ".schemas" / "category.json").write_text("{}", encoding="utf-8")  # as in pyvideo's checkout
    video = data / "data" / "pycon-b-2020" / "videos" / "talk-0.json"
    video.write_text(json.dumps(json.loads(video.read_text(encoding="utf-8")) | {"recorded": ""}), encoding="utf-8")
    done = talknotes(root, "import", str(data), "--merge-similar")
    assert done.returncode == 0, done.stderr
    assert "1 talk without a date in the schedule, dated by the event's start: talk-0 'Cassandra again'" in done.stdout
    assert "date" not in notes(root, "pycon-b-2020")["talk-0"]
    assert not (root / "recaps" / "schemas").exists()
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    assert "1 June 2020" in build.text("recaps/pycon-b-2020/cassandra-again.html")


def test_added_topics_are_one_per_tag_whatever_its_case_or_punctuation(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)  # its topics.yml has Python (alias py) and Kubernetes
    data = tmp_path / "tags" / "data"
    spellings = ["Python", "#python", "PY", "Machine Learning", "machine-learning", "#Machine_Learning", "C++", "C",
                 "C#", "c"]  # fmt: skip
    talks = [(f"Talk {number}", ["Ada Lovelace"]) for number in range(len(spellings))]
    event = pyvideo_event(data, "tags-2024", "Tags 2024", "2024-02-01", talks)
    for number, spelling in enumerate(spellings):
        video = event / "videos" / f"talk-{number}.json"
        video.write_text(json.dumps(json.loads(video.read_text(encoding="utf-8")) | {"tags": [spelling]}), "utf-8")
    other = pyvideo_event(data, "tags-2025", "Tags 2025", "2025-02-01", [("Again", ["Ada Lovelace"])])
    video = other / "videos" / "talk-0.json"
    video.write_text(
        json.dumps(json.loads(video.read_text(encoding="utf-8")) | {"tags": ["MACHINE LEARNING"]}), "utf-8"
    )
    done = talknotes(root, "import", str(tmp_path / "tags"), "--add-topics")
    assert done.returncode == 0, done.stderr
    registry = yaml.safe_load((root / "topics.yml").read_text(encoding="utf-8"))
    assert set(registry) == {"python", "kubernetes", "machine-learning", "c-plus-plus", "c", "c-sharp"}
    assert registry["c-plus-plus"] == {"name": "C++"} and registry["machine-learning"] == {"name": "Machine Learning"}
    topics = [notes(root, "tags-2024")[f"talk-{number}"]["topics"] for number in range(len(spellings))]
    assert topics == [["python"]] * 3 + [["machine-learning"]] * 3 + [["c-plus-plus"], ["c"], ["c-sharp"], ["c"]]
    assert notes(root, "tags-2025")["talk-0"]["topics"] == ["machine-learning"]  # added by the run's first schedule
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr


def test_progress_shows_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from talknotes.commands.cli import main

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    root = copy_root("basic", tmp_path)
    shown = Terminal()
    monkeypatch.setattr(sys, "stderr", shown)
    with redirect_stdout(io.StringIO()):
        assert main(["--root", str(root), "import", str(archive(tmp_path)), "--dry-run"]) == 0
    assert "reading 1 of 2: pycon-a-2019 (0 talks so far)" in shown.getvalue()
    assert "reading 2 of 2: pycon-b-2020 (5 talks so far)" in shown.getvalue()
    assert "checking " in shown.getvalue() and shown.getvalue().endswith("\r\033[K")
    quiet = io.StringIO()  # not a terminal: no progress
    monkeypatch.setattr(sys, "stderr", quiet)
    with redirect_stdout(io.StringIO()):
        assert main(["--root", str(root), "import", str(archive(tmp_path / "again")), "--dry-run"]) == 0
    assert "reading" not in quiet.getvalue()


def test_merge_similar_settles_chains_of_names_until_the_build_warns_of_none(tmp_path: Path) -> None:
    """'Ajith Kumar' is nearer the more used 'Ajith Kumara' than the equally used 'Ajit Kumar': settling
    the first pair registers 'Ajith Kumar', which 'Ajit Kumar' is one letter from, so a second round does."""
    root = copy_root("basic", tmp_path)
    spellings = ["Ajith Kumar"] * 2 + ["Ajit Kumar"] * 2 + ["Ajith Kumara"] * 3
    pyvideo_event(tmp_path / "chain" / "data", "chain-2024", "Chain 2024", "2024-05-01",
                  [(f"Talk {n}", [name]) for n, name in enumerate(spellings)])  # fmt: skip
    listed = talknotes(root, "import", str(tmp_path / "chain"), "--dry-run")
    assert "add 'Ajit Kumar' to the aliases of ajith-kumara" in listed.stdout  # the second round, said too
    done = talknotes(root, "import", str(tmp_path / "chain"), "--merge-similar")
    assert done.returncode == 0, done.stderr
    registry = yaml.safe_load((root / "speakers.yml").read_text(encoding="utf-8"))
    assert registry["ajith-kumara"] == {"name": "Ajith Kumara", "aliases": ["Ajith Kumar", "Ajit Kumar"]}
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
