"""The bad-input catalogue: every mistake a contributor can make, each in its own small site.

For each case: the exact warning subtype, file and line; a build that still finishes with the
other pages fine; failure under -W; and never a traceback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import check_problems, copy_root, sphinx_build
from test_warnings import parse

EVENT = "recaps/good-2024/index.md"
NOTE = "recaps/good-2024/case.md"
GOOD_EVENT = "---\nevent:\n  name: Good event 2024\n  start: 2024-01-10\n  end: 2024-01-11\n---\n\n# Good event 2024\n"


def note(front_matter: str, body: str = "# Case\n\nText.\n") -> str:
    return f"---\n{front_matter}---\n\n{body}"


def event(fields: str) -> str:
    return f"---\nevent:\n{fields}---\n\n# An event\n"


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: list[tuple[str, int, str]]
    # MyST's own warning about front matter it cannot load, next to ours.
    myst_too: bool = False
    other_warnings: list[str] = field(default_factory=list)
    # Sphinx's own warnings that make check foresees too, as (file, line, type).
    check_too: list[tuple[str, int, str]] = field(default_factory=list)


CASES = [
    # Event pages: required fields, types and values.
    Case("event-missing-name", {EVENT: event("  start: 2024-01-10\n")}, [(EVENT, 2, "missing-field")]),
    Case("event-missing-start", {EVENT: event("  name: Good\n")}, [(EVENT, 2, "missing-field")]),
    Case("event-page-without-event", {EVENT: "# Good event\n"}, [(EVENT, 1, "missing-field")]),
    Case("event-not-a-mapping", {EVENT: "---\nevent: Good event\n---\n\n# Good\n"}, [(EVENT, 2, "bad-type")]),
    Case("event-name-list", {EVENT: event("  name: [a, b]\n  start: 2024-01-10\n")}, [(EVENT, 3, "bad-type")]),
    Case("event-start-number", {EVENT: event("  name: Good\n  start: 2024\n")}, [(EVENT, 4, "bad-date")]),
    Case(
        "event-end-before-start",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  end: 2024-01-01\n")},
        [(EVENT, 5, "date-order")],
    ),
    Case(
        "event-attendance-text",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  attendance: many\n")},
        [(EVENT, 5, "bad-type")],
    ),
    Case(
        "event-attendance-zero",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  attendance: 0\n")},
        [(EVENT, 5, "bad-value")],
    ),
    Case(
        "speaker-one-letter-from-another-note",  # fine-note.md names Ada Lovelace
        {NOTE: note("speakers: [Ada Lovelase]\n")},
        [(NOTE, 2, "similar-name")],
    ),
    Case(
        "event-organizers-mapping",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  organizers: {a: b}\n")},
        [(EVENT, 5, "bad-type")],
    ),
    Case(
        "event-venue-empty",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  venue:\n")},
        [(EVENT, 5, "bad-type")],
    ),
    Case(
        "event-venue-list",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  venue: [a, b]\n")},
        [(EVENT, 5, "bad-type")],
    ),
    Case(
        "event-website-javascript",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  website: javascript:alert(1)\n")},
        [(EVENT, 5, "bad-url")],
    ),
    Case(
        "event-unknown-key",
        {EVENT: event("  name: Good\n  start: 2024-01-10\n  town: Lyon\n")},
        [(EVENT, 5, "unknown-key")],
    ),
    Case(
        "event-folder-not-a-slug",
        {"recaps/Good_Event/index.md": event("  name: Good\n  start: 2024-01-10\n")},
        [("recaps/Good_Event/index.md", 1, "bad-id")],
    ),
    Case(
        "event-folder-named-like-a-year-page",
        {"recaps/2024/index.md": event("  name: Good\n  start: 2024-01-10\n")},
        [("recaps/2024/index.md", 1, "bad-id")],
    ),
    Case(
        "event-folder-named-like-the-undated-page",
        {"recaps/undated/index.md": event("  name: Good\n  start: 2024-01-10\n")},
        [("recaps/undated/index.md", 1, "bad-id")],
    ),
    # Notes: every field with a wrong type or value.
    Case("kind-list", {NOTE: note("kind: [talk]\n")}, [(NOTE, 2, "unknown-kind")]),
    Case("kind-unknown", {NOTE: note("kind: tlak\n")}, [(NOTE, 2, "unknown-kind")]),
    Case("event-list-outside", {"docs/case.md": note("event: [good-2024]\n")}, [("docs/case.md", 2, "bad-type")]),
    Case("date-list", {NOTE: note("date: [2024-01-10]\n")}, [(NOTE, 2, "bad-date")]),
    Case("date-unparsable", {NOTE: note("date: 10/01/2024\n")}, [(NOTE, 2, "bad-date")]),
    Case("date-impossible", {NOTE: note("kind: talk\ndate: 2024-02-30\n")}, [(NOTE, 3, "bad-date")]),
    Case("date-impossible-month", {NOTE: note("kind: talk\ndate: 2019-13-40\n")}, [(NOTE, 3, "bad-date")]),
    Case("date-outside-event", {NOTE: note("date: 2023-12-31\n")}, [(NOTE, 2, "date-outside")]),
    Case("topics-mapping", {NOTE: note("topics: {python: yes}\n")}, [(NOTE, 2, "bad-type")]),
    Case("topics-number-item", {NOTE: note("topics:\n  - python\n  - 42\n")}, [(NOTE, 4, "bad-type")]),
    Case("topics-unknown", {NOTE: note("topics:\n  - pyhton\n")}, [(NOTE, 3, "unknown-topic")]),
    Case("speakers-single-name", {NOTE: note("speakers: Ada Lovelace\n")}, [(NOTE, 2, "bad-type")]),
    Case("numeric-key", {NOTE: note("1: x\n")}, [(NOTE, 2, "unknown-key")]),
    Case("kind-empty", {NOTE: note("kind:\n")}, [(NOTE, 2, "unknown-kind")]),
    Case(
        "several-mistakes-with-an-unreadable-date",
        {NOTE: note("date: 2024-02-30\ndraft: 2\nspeakers: ['']\n")},
        [(NOTE, 2, "bad-date"), (NOTE, 3, "bad-value"), (NOTE, 4, "bad-type")],
    ),
    Case("slides-list", {NOTE: note("slides: [https://example.org]\n")}, [(NOTE, 2, "bad-type")]),
    Case("video-not-a-url", {NOTE: note("video: 42\n")}, [(NOTE, 2, "bad-url")]),
    Case("slides-javascript", {NOTE: note("slides: javascript:alert(1)\n")}, [(NOTE, 2, "bad-url")]),
    Case("video-data-url", {NOTE: note("video: 'data:text/html,<b>x</b>'\n")}, [(NOTE, 2, "bad-url")]),
    Case("summary-mapping", {NOTE: note("summary: {a: b}\n")}, [(NOTE, 2, "bad-type")]),
    Case("draft-maybe", {NOTE: note("draft: maybe\n")}, [(NOTE, 2, "bad-value")]),
    Case("unknown-key", {NOTE: note("kind: talk\ntopic: [python]\n")}, [(NOTE, 3, "unknown-key")]),
    Case("duplicate-key", {NOTE: note("kind: talk\nkind: panel\n")}, [(NOTE, 3, "duplicate-key")]),
    Case("other-event", {NOTE: note("event: other-2024\n")}, [(NOTE, 2, "event-mismatch")]),
    Case("unknown-event", {"docs/case.md": note("event: good-2042\n")}, [("docs/case.md", 2, "unknown-event")]),
    Case(
        "event-mapping-in-a-note",
        {"docs/case.md": note("event:\n  name: X\n  start: 2024-01-01\n")},
        [("docs/case.md", 2, "misplaced")],
    ),
    Case("page-directly-in-recaps", {"recaps/case.md": note("kind: talk\n")}, [("recaps/case.md", 1, "misplaced")]),
    Case(
        "folder-without-event-page",
        {"recaps/no-event/case.md": note("kind: talk\n")},
        [("recaps/no-event/case.md", 1, "missing-event-page")],
    ),
    # Front matter that cannot be read, and files of unusual shape.
    Case("yaml-invalid", {NOTE: note("kind: talk\ntopics: [python\n")}, [(NOTE, 4, "front-matter")], True),
    Case("yaml-tab-indent", {NOTE: note("event:\n\tname: x\n")}, [(NOTE, 3, "front-matter")], True),
    Case("yaml-not-a-mapping", {NOTE: note("- kind\n- talk\n")}, [(NOTE, 2, "front-matter")], True),
    # Docutils also reads the unclosed '---' as a transition; Sphinx also says a toctree entry has no title.
    Case(
        "front-matter-not-closed",
        {NOTE: "---\nkind: talk\n\n# Case\n"},
        [(NOTE, 1, "front-matter")],
        other_warnings=["[docutils]"],
    ),
    Case("empty-file", {NOTE: ""}, [(NOTE, 1, "missing-title")], other_warnings=["[toc.no_title]"]),
    Case(
        "only-front-matter",
        {NOTE: "---\nkind: talk\n---\n"},
        [(NOTE, 1, "missing-title")],
        other_warnings=["[toc.no_title]"],
    ),
    Case("bom", {NOTE: "\ufeff" + note("kind: talk\ntopics: [pyhton]\n")}, [(NOTE, 3, "unknown-topic")]),
    Case(
        "crlf-line-endings",
        {NOTE: note("kind: talk\ndate: 2024-01-10\ntopics: [pyhton]\n").replace("\n", "\r\n").encode()},
        [(NOTE, 4, "unknown-topic")],
    ),
    Case(
        "yaml-unquoted-colon",
        {NOTE: note("kind: talk\nsummary: Packaging: the hard parts\n")},
        [(NOTE, 3, "front-matter")],
    ),
    # Titles.
    Case(
        "title-of-level-two",
        {NOTE: note("kind: talk\n", "## Case\n\nText.\n")},
        [(NOTE, 5, "missing-title")],
        other_warnings=["[myst.header]"],
    ),
    Case(
        "title-setext-level-two",
        {NOTE: note("kind: talk\n", "Case\n----\n\nText.\n")},
        [(NOTE, 5, "missing-title")],
        other_warnings=["[myst.header]"],
    ),
    # Characters no output can hold, and characters that show as nothing.
    Case(
        "control-character-in-a-heading",
        {NOTE: note("kind: talk\n", "# Case \x1b[1m bold\n\nText \x07.\n")},
        [(NOTE, 5, "bad-character"), (NOTE, 7, "bad-character")],
    ),
    Case(
        "escape-in-a-summary",
        {NOTE: note('kind: talk\nsummary: "a \\e[31m b \\uFFFE"\n')},
        [(NOTE, 3, "bad-character")],
    ),
    Case(
        "zero-width-space-in-a-name",
        {NOTE: note("kind: talk\nspeakers: [Ada\u200b Lovelace]\n")},
        [(NOTE, 3, "bad-character")],
    ),
    # Duplicates the file system or an import would trip over.
    Case(
        "two-notes-of-one-talk",
        {
            NOTE: note("kind: talk\nsource:\n  id: ABC\n"),
            "recaps/good-2024/case-again.md": note("kind: talk\nsource:\n  format: ical\n  id: ABC\n"),
        },
        [("recaps/good-2024/case-again.md", 5, "duplicate-id")],
    ),
    Case(
        "file-names-differ-in-case",
        {NOTE: note("kind: talk\n"), "recaps/good-2024/Case.md": note("kind: talk\n")},
        [(NOTE, 1, "duplicate-id")],
    ),
    Case(
        "file-names-differ-in-accent-encoding",
        {"recaps/good-2024/caf\u00e9.md": note("kind: talk\n"), "recaps/good-2024/cafe\u0301.md": note("kind: talk\n")},
        [("recaps/good-2024/caf\u00e9.md", 1, "duplicate-id")],
        other_warnings=["multiple files found for the document"],  # Sphinx's own: it reads one of the two
    ),
    # Directives and roles.
    Case(
        "notes-unknown-speaker",
        {NOTE: note("kind: talk\n", "# Case\n\n```{notes}\n:speaker: Nobody Atall\n```\n")},
        [(NOTE, 7, "notes-filter")],
    ),
    Case(
        "notes-bad-sort",
        {NOTE: note("kind: talk\n", "# Case\n\n```{notes}\n:sort: random\n```\n")},
        [(NOTE, 7, "notes-filter")],
    ),
    Case(
        "notes-unknown-option",
        {NOTE: note("kind: talk\n", "# Case\n\n```{notes}\n:tag: python\n```\n")},
        [(NOTE, 7, "notes-filter")],
    ),
    Case(
        "doc-link-to-a-deleted-note",
        {NOTE: note("kind: talk\n", "# Case\n\nA paragraph\nof three lines, with\na {doc}`deleted-note` link.\n")},
        [],
        other_warnings=["unknown document: 'deleted-note' [ref.doc]"],
        check_too=[(NOTE, 9, "ref.doc")],
    ),
    Case(
        "role-unknown-topic-on-a-later-line",
        {NOTE: note("kind: talk\n", "# Case\n\nA paragraph\nwith {topic}`kubernets`.\n")},
        [(NOTE, 8, "unknown-target")],
    ),
    Case(
        "role-unknown-topic",
        {NOTE: note("kind: talk\n", "# Case\n\nSee {topic}`kubernets`.\n")},
        [(NOTE, 7, "unknown-target")],
    ),
    Case(
        "role-unknown-event",
        {NOTE: note("kind: talk\n", "# Case\n\nSee {event}`nope-2024`.\n")},
        [(NOTE, 7, "unknown-target")],
    ),
    # Registries.
    Case(
        "topics-alias-collision",
        {"topics.yml": "python:\n  name: Python\nsnake:\n  name: Snake\n  aliases: [PYTHON]\n"},
        [("topics.yml", 3, "topic-collision")],
    ),
    Case("topics-malformed", {"topics.yml": "python:\n  name: [Python\n"}, [("topics.yml", 3, "registry")]),
    Case("topics-empty", {"topics.yml": ""}, [("topics.yml", 1, "registry")]),
    Case("topics-list", {"topics.yml": "- python\n"}, [("topics.yml", 1, "registry")]),
    Case(
        "topics-duplicate-id",
        {"topics.yml": "python: Python\nkubernetes: K8s\npython: Py\n"},
        [("topics.yml", 3, "duplicate-id")],
    ),
    Case("topics-bad-id", {"topics.yml": "python: Python\nKubernetes: K8s\n"}, [("topics.yml", 2, "bad-id")]),
    Case("topics-missing-name", {"topics.yml": "python:\n  aliases: [py]\n"}, [("topics.yml", 1, "missing-field")]),
    Case(
        "topics-unknown-broader",
        {"topics.yml": "python:\n  name: Python\n  broader: [languages]\n"},
        [("topics.yml", 3, "unknown-broader")],
    ),
    Case("speakers-malformed", {"speakers.yml": "ada: {name: Ada\n"}, [("speakers.yml", 2, "registry")]),
    Case("speakers-empty", {"speakers.yml": ""}, [("speakers.yml", 1, "registry")]),
    Case("speakers-list", {"speakers.yml": "- Ada Lovelace\n"}, [("speakers.yml", 1, "registry")]),
    Case(
        "speakers-bad-link",
        {"speakers.yml": "ada:\n  name: Ada\n  links: ['ftp://x.org']\n"},
        [("speakers.yml", 3, "bad-url")],
    ),
]


def write(src: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = src / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    write(src, case.files)
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    ours, others = parse(build)
    assert [(path, line, subtype) for path, line, subtype, _ in ours] == sorted(case.expected), build.stderr
    allowed = (["[myst.topmatter]"] if case.myst_too else []) + case.other_warnings
    assert [line for line in others if not any(a in line for a in allowed)] == [], others
    assert build.returncode == 1, "-W must fail the build"
    assert "Traceback" not in build.stderr + build.stdout
    # make check says what the build says: the same files, lines and subtypes.
    assert check_problems(src) == [(path, line, subtype) for path, line, subtype, _ in ours] + case.check_too
    # The rest of the site is fine: the good note is built and listed, the catalog is valid.
    assert (tmp_path / "html/recaps/good-2024/fine-note.html").is_file() or "good-2024/index.md" in str(case.files)
    assert (tmp_path / "html/docs/plain.html").is_file()
    json.loads((tmp_path / "html/catalog.json").read_text(encoding="utf-8"))


def test_minimal_site_is_clean(tmp_path: Path) -> None:
    build = sphinx_build(copy_root("minimal", tmp_path), tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    assert "A fine note" in build.text("recaps/good-2024/index.html")


def test_catalogue_is_large() -> None:
    # With test_hostile_input's catalogue, it covers every subtype (tested there).
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
