"""Random edit sequences: after every edit, an incremental build shows exactly what a clean build shows.

Hypothesis drives a small site through random edits (add, remove, rename, move a note; change
its topics, speakers, date, draft flag or body; move an event to another year; edit topics.yml)
and compares, after each step, the incremental build with a clean build of the same sources:
every page whole (its content, its navigation, its previous and next links), the catalog, and
the set of generated pages. The site is set to behave like a large one (Furo, a bounded
navigation with windows of two entries, lists split by year past two notes). Named exception:
the pages of removed documents (Sphinx leaves them in place). `make test` runs a few sequences;
`make stress` runs many more (TALKNOTES_STRESS_EXAMPLES) and writes the counts to
_build/stress-report.json.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from helpers import html_pages
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule
from sphinx.application import Sphinx

EXAMPLES = int(os.environ.get("TALKNOTES_STRESS_EXAMPLES", "3"))
STEPS = int(os.environ.get("TALKNOTES_STRESS_STEPS", "6"))
REPORT = os.environ.get("TALKNOTES_STRESS_REPORT")

EVENTS = {"e1": ("2024-01-10", "2024-01-12"), "e2": ("2023-05-01", "2023-05-01")}
TOPICS = ["t1", "t2", "t3", "t4"]
SPEAKERS = ["Ada Lovelace", "A. Lovelace", "Grace Hopper", "Alan Turing"]
YEAR_PAGE = re.compile(r"recaps/(\d{4}|undated)\.html$")
COUNTS = {"sequences": 0, "steps": 0, "builds": 0, "pages_compared": 0, "differences": 0}

BASE = {
    "conf.py": 'project = "edits"\nextensions = ["myst_parser", "talknotes"]\nexclude_patterns = ["_build"]\n'
    'html_theme = "furo"\ntalknotes_navigation_limit = 4\ntalknotes_navigation_window = 2\ntalknotes_list_limit = 2\n',
    "index.md": "# Edits\n\n```{notes}\n:topic: t1\n```\n\n```{notes}\n:speaker: Ada Lovelace\n:limit: 2\n```\n\n"
    "```{toctree}\n:glob:\n\nrecaps/index\ntopics/index\nspeakers/index\ndocs/*\n```\n",
    "recaps/index.md": "# Events\n\n```{event-index}\n```\n\n```{toctree}\n:glob:\n:hidden:\n\n*/index\n```\n",
    "topics/index.md": "# Topics\n\n```{topic-index}\n```\n",
    "speakers/index.md": "# Speakers\n\n```{speaker-index}\n```\n",
    "speakers.yml": "ada:\n  name: Ada Lovelace\n  aliases: [A. Lovelace]\n",
    "docs/about.md": "# About\n\nA page that is not a note.\n",
}


def topics_yml(names: dict[str, str], aliases: dict[str, list[str]], broader: dict[str, str]) -> str:
    lines = []
    for topic_id, name in names.items():
        lines.append(f"{topic_id}:\n  name: {name}")
        if aliases.get(topic_id):
            lines.append(f"  aliases: [{', '.join(aliases[topic_id])}]")
        if broader.get(topic_id):
            lines.append(f"  broader: [{broader[topic_id]}]")
    return "\n".join(lines) + "\n"


def build(src: Path, out: Path) -> None:
    app = Sphinx(
        str(src), str(src), str(out), str(out.parent / f"{out.name}.doctrees"), "html",
        status=io.StringIO(), warning=io.StringIO(), freshenv=False,
    )  # fmt: skip
    app.build()
    COUNTS["builds"] += 1


class EditSequence(RuleBasedStateMachine):
    notes = Bundle("notes")

    def __init__(self) -> None:
        super().__init__()
        COUNTS["sequences"] += 1
        self.base = Path(tempfile.mkdtemp(prefix="talknotes-edits-"))
        self.src = self.base / "src"
        for relative, text in BASE.items():
            (self.src / relative).parent.mkdir(parents=True, exist_ok=True)
            (self.src / relative).write_text(text, encoding="utf-8")
        for event_id, (start, end) in EVENTS.items():
            page = self.src / "recaps" / event_id / "index.md"
            page.parent.mkdir(parents=True)
            page.write_text(
                f"---\nevent:\n  name: Event {event_id}\n  start: {start}\n  end: {end}\ntopics: [t2]\n---\n\n"
                f"# Event {event_id}\n\nRecap.\n",
                encoding="utf-8",
            )
        self.topic_names = {t: f"Topic {t}" for t in TOPICS}
        self.topic_aliases: dict[str, list[str]] = {}
        self.topic_broader: dict[str, str] = {}
        self.write_topics()
        self.paths: dict[str, Path] = {}
        self.counter = 0
        self.out = self.base / "incremental"
        build(self.src, self.out)

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def write_topics(self) -> None:
        (self.src / "topics.yml").write_text(
            topics_yml(self.topic_names, self.topic_aliases, self.topic_broader), encoding="utf-8"
        )

    def note_text(self, title: str, topics: list[str], speakers: list[str], date: str | None, draft: bool) -> str:
        front = [f"topics: [{', '.join(topics)}]", f"speakers: [{', '.join(speakers)}]", f"summary: About {title}."]
        if date:
            front.append(f"date: {date}")
        if draft:
            front.append("draft: true")
        return "---\n" + "\n".join(front) + f"\n---\n\n# {title}\n\nBody of {title}.\n"

    def place(self, location: str, name: str) -> Path:
        return self.src / ("docs" if location == "docs" else f"recaps/{location}") / f"{name}.md"

    def set_front(self, name: str, key: str, value: str) -> None:
        path = self.paths[name]
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        lines = [line for line in head.splitlines()[1:] if not line.startswith(f"{key}:")]
        if value:
            lines.append(f"{key}: {value}")
        path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")

    @rule(
        target=notes,
        location=st.sampled_from(["e1", "e2", "docs"]),
        topics=st.lists(st.sampled_from([*TOPICS, "T1", "unknown-topic"]), max_size=3, unique=True),
        speakers=st.lists(st.sampled_from(SPEAKERS), max_size=2, unique=True),
        date=st.sampled_from([None, "2024-01-11", "2023-05-01", "2022-01-01"]),
        draft=st.booleans(),
    )
    def add_note(self, location: str, topics: list[str], speakers: list[str], date: str | None, draft: bool) -> str:
        self.counter += 1
        name = f"note{self.counter}"
        path = self.place(location, name)
        text = self.note_text(f"Note {self.counter}", topics or ["t1"], speakers, date, draft)
        if location == "docs":
            text = text.replace("---\n", "---\nevent: e1\n", 1)
        path.write_text(text, encoding="utf-8")
        self.paths[name] = path
        return name

    @rule(name=consumes(notes))
    def remove_note(self, name: str) -> None:
        self.paths.pop(name).unlink()

    @rule(name=consumes(notes), target=notes)
    def rename_note(self, name: str) -> str:
        self.counter += 1
        new = f"note{self.counter}"
        path = self.paths.pop(name)
        self.paths[new] = path.with_name(f"{new}.md")
        path.rename(self.paths[new])
        return new

    @rule(name=notes, event=st.sampled_from(["e1", "e2"]))
    def move_to_event(self, name: str, event: str) -> None:
        path = self.paths[name]
        target = self.place(event, path.stem)
        if path != target:
            text = path.read_text(encoding="utf-8").replace("event: e1\n", "")
            path.unlink()
            target.write_text(text, encoding="utf-8")
            self.paths[name] = target

    @rule(name=notes, topics=st.lists(st.sampled_from([*TOPICS, "alias-x"]), min_size=1, max_size=3, unique=True))
    def change_topics(self, name: str, topics: list[str]) -> None:
        self.set_front(name, "topics", f"[{', '.join(topics)}]")

    @rule(name=notes, speakers=st.lists(st.sampled_from(SPEAKERS), max_size=2, unique=True))
    def change_speakers(self, name: str, speakers: list[str]) -> None:
        self.set_front(name, "speakers", f"[{', '.join(speakers)}]")

    @rule(name=notes, date=st.sampled_from(["", "2024-01-10", "2024-01-12", "2023-05-01", "2020-02-02"]))
    def change_date(self, name: str, date: str) -> None:
        self.set_front(name, "date", date)

    @rule(name=notes, draft=st.booleans())
    def change_draft(self, name: str, draft: bool) -> None:
        self.set_front(name, "draft", "true" if draft else "")

    @rule(name=notes, title=st.sampled_from(["Alpha", "Beta", "Zulu talk"]))
    def change_title_and_body(self, name: str, title: str) -> None:
        path = self.paths[name]
        head, _, _body = path.read_text(encoding="utf-8").partition("\n---\n")
        path.write_text(f"{head}\n---\n\n# {title} {path.stem}\n\nNew body.\n", encoding="utf-8")

    @rule(event=st.sampled_from(list(EVENTS)), year=st.sampled_from(["2022", "2023", "2024", "2025"]))
    def move_event_to_a_year(self, event: str, year: str) -> None:
        """The event and its notes move to another year: year pages, navigation and split lists follow."""
        page = self.src / "recaps" / event / "index.md"
        text = page.read_text(encoding="utf-8")
        for day in EVENTS[event]:
            text = re.sub(rf"\d{{4}}{day[4:]}", f"{year}{day[4:]}", text)
        page.write_text(text, encoding="utf-8")

    @rule(topic=st.sampled_from(TOPICS), name=st.sampled_from(["Renamed", "Another name"]))
    def rename_topic(self, topic: str, name: str) -> None:
        self.topic_names[topic] = f"{name} {topic}"
        self.write_topics()

    @rule(topic=st.sampled_from(TOPICS), add=st.booleans())
    def toggle_alias(self, topic: str, add: bool) -> None:
        for aliases in self.topic_aliases.values():
            aliases.clear()
        if add:
            self.topic_aliases[topic] = ["alias-x"]
        self.write_topics()

    @rule(topic=st.sampled_from(TOPICS[1:]), broader=st.sampled_from([None, "t1"]))
    def change_broader(self, topic: str, broader: str | None) -> None:
        if broader:
            self.topic_broader[topic] = broader
        else:
            self.topic_broader.pop(topic, None)
        self.write_topics()

    @rule(add=st.booleans())
    def add_or_remove_topic(self, add: bool) -> None:
        if add:
            self.topic_names["t5"] = "Topic five"
        else:
            self.topic_names.pop("t5", None)
        self.write_topics()

    @invariant()
    def incremental_equals_clean(self) -> None:
        COUNTS["steps"] += 1
        build(self.src, self.out)
        clean = self.base / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.rmtree(self.base / "clean.doctrees", ignore_errors=True)
        build(self.src, clean)
        expected = html_pages(clean)
        actual = html_pages(self.out)
        COUNTS["pages_compared"] += len(expected)
        differing = sorted(name for name in expected if actual.get(name) != expected[name])
        generated = {n for n in actual if n.startswith(("topics/", "speakers/")) or YEAR_PAGE.match(n)}
        expected_generated = {n for n in expected if n.startswith(("topics/", "speakers/")) or YEAR_PAGE.match(n)}
        if differing or generated != expected_generated:
            COUNTS["differences"] += 1
        assert differing == []
        assert generated == expected_generated


def test_random_edit_sequences() -> None:
    runner = EditSequence.TestCase
    runner.settings = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        database=None,  # nothing is written into the source tree
        suppress_health_check=list(HealthCheck),
        derandomize=EXAMPLES <= 5,  # `make test` runs the same sequences every time
    )
    try:
        runner().runTest()
    finally:
        if REPORT:
            Path(REPORT).parent.mkdir(parents=True, exist_ok=True)
            Path(REPORT).write_text(json.dumps(COUNTS, indent=2) + "\n", encoding="utf-8")
        print(f"\nrandom edits: {json.dumps(COUNTS)}")
    assert COUNTS["steps"] >= EXAMPLES  # the comparisons really ran
    assert COUNTS["differences"] == 0
