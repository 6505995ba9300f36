"""Hostile and odd input, each in its own small site: a clear warning where it is, the rest of the site built.

Alias bombs, deep nesting and huge blocks in front matter and registries; files that are not
UTF-8; characters YAML forbids; what used to be dropped without a word. And the valid input that
looks odd and must build with no warning at all: CRLF, a BOM, aliases, case and accents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import Build, check_problems, copy_root, sphinx_build
from test_bad_input import CASES as BAD_INPUT
from test_bad_input import NOTE, note, write
from test_warnings import parse

GOOD_FOLDER = "recaps/good-2024"


def bomb(levels: int, width: int = 9, indent: str = "") -> str:
    """YAML whose aliases expand to ``width ** levels`` values: a few lines, no end of memory."""
    lines = [f"{indent}l0: &l0 [{', '.join(['x'] * width)}]"]
    lines += [f"{indent}l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@dataclass
class Hostile:
    id: str
    files: dict[str, str | bytes]
    expected: list[tuple[str, int, str]]
    says: str = ""  # a part of the first warning's message
    other_warnings: list[str] = field(default_factory=list)


LATIN1_NOTE = b"---\ntopics: [python]\n---\n\n# Caf\xe9\n"
CASES = [
    # Front matter that expands or nests without end.
    Hostile("alias-bomb-wide", {NOTE: f"---\n{bomb(12)}topics: [python]\n---\n\n# T\n"}, [(NOTE, 3, "front-matter")],
            "more than 10,000 values"),
    Hostile("alias-bomb-chain", {NOTE: f"---\ntopics: [python]\n{bomb(45, width=2)}---\n\n# T\n"},
            [(NOTE, 4, "front-matter")], "aliases"),
    Hostile("alias-bomb-mappings",
            {NOTE: "---\nk0: &k0 {a: 1, b: 2}\n"
                   + "".join(f"k{i}: &k{i} {{a: *k{i - 1}, b: *k{i - 1}}}\n" for i in range(1, 40)) + "---\n# T\n"},
            [(NOTE, 3, "front-matter")], "aliases"),
    Hostile("alias-bomb-in-event", {"recaps/bomb-2024/index.md": "---\nevent:\n  name: Bomb\n  start: 2024-01-10\n"
                                    + bomb(10, indent="  ") + "---\n\n# Bomb\n"},
            [("recaps/bomb-2024/index.md", 1, "missing-field"), ("recaps/bomb-2024/index.md", 6, "front-matter")],
            "aliases"),
    Hostile("nesting-too-deep", {NOTE: "---\ntopics: " + "[" * 30 + "python" + "]" * 30 + "\n---\n# T\n"},
            [(NOTE, 2, "front-matter")], "nested more than 20 levels"),
    Hostile("nesting-beyond-the-parser", {NOTE: "---\ntopics: " + "[" * 3000 + "x" + "]" * 3000 + "\n---\n# T\n"},
            [(NOTE, 2, "front-matter")], "nested too deeply"),
    Hostile("front-matter-huge", {NOTE: "---\n" + "".join(f"k{i}: {'x' * 70}\n" for i in range(1000)) + "---\n# T\n"},
            [(NOTE, 2, "front-matter")], "larger than 64 KB"),
    # Registries, the same.
    Hostile("topics-alias-bomb", {"topics.yml": "python: Python\n" + bomb(12)}, [("topics.yml", 3, "registry")],
            "aliases"),
    Hostile("speakers-nesting", {"speakers.yml": "ada:\n  name: Ada\n  links: " + "[" * 40 + "]" * 40 + "\n"},
            [("speakers.yml", 3, "registry")], "nested"),
    # Not UTF-8.
    Hostile("note-latin1", {NOTE: LATIN1_NOTE}, [(NOTE, 5, "encoding")], "byte 0xE9"),
    Hostile("note-latin1-front-matter", {NOTE: b"---\ntopics: [python]\nsummary: d\xe9j\xe0 vu\n---\n# T\n"},
            [(NOTE, 3, "encoding")], "left out"),
    Hostile("note-utf16", {NOTE: "---\ntopics: [python]\n---\n# T\n".encode("utf-16")}, [(NOTE, 1, "encoding")],
            "byte 0xFF"),
    Hostile("event-page-latin1",
            {"recaps/other-2024/index.md": b"---\nevent:\n  name: Caf\xe9 2024\n  start: 2024-02-01\n---\n# C\n",
             "recaps/other-2024/talk.md": note("topics: [python]\n")},
            [("recaps/other-2024/index.md", 3, "encoding"), ("recaps/other-2024/talk.md", 1, "missing-event-page")]),
    Hostile("topics-latin1", {"topics.yml": b"python: Python\nkubernetes:\n  name: K\xe9bernetes\n"},
            [("topics.yml", 3, "encoding")], "not valid UTF-8"),
    Hostile("speakers-latin1", {"speakers.yml": b"ada:\n  name: Ada\n  aliases: [Ad\xe0]\n"},
            [("speakers.yml", 3, "encoding")]),
    # Characters YAML forbids keep their line.
    Hostile("bell-in-front-matter", {NOTE: "---\ntopics: [python]\n\nsummary: a \x07 bell\n---\n# T\n"},
            [(NOTE, 4, "bad-character")], "U+0007 (BEL)"),
    Hostile("nul-in-topics-file", {"topics.yml": "python: Python\n\n\nkubernetes: K\x00s\n"},
            [("topics.yml", 4, "bad-character")], "U+0000 (NUL)"),
    # What used to pass without a word.
    Hostile("topics-nested-duplicate", {"topics.yml": "python:\n  name: Python\n  aliases: [py]\n  name: Py\n"},
            [("topics.yml", 4, "duplicate-key")], "'name' is given twice in topic 'python'"),
    Hostile("speakers-nested-duplicate",
            {"speakers.yml": "ada:\n  name: Ada\n  links: [https://a.org]\n  links: [https://b.org]\n"},
            [("speakers.yml", 4, "duplicate-key")]),
    Hostile("empty-front-matter", {NOTE: "---\n---\n\n# T\n"}, [(NOTE, 1, "front-matter")], "empty"),
    Hostile("blank-front-matter", {NOTE: "---\n\n   \n---\n\n# T\n"}, [(NOTE, 1, "front-matter")], "empty"),
    Hostile("topic-id-too-long", {"topics.yml": "python: Python\n" + "k" * 120 + ": Long\n"},
            [("topics.yml", 2, "bad-id")], "too long"),
    Hostile("speaker-id-too-long", {"speakers.yml": "a" * 90 + "-b:\n  name: Long\n"},
            [("speakers.yml", 1, "bad-id")], "too long"),
    Hostile("event-folder-index", {"recaps/index/index.md": "---\nevent:\n  name: I\n  start: 2024-01-10\n---\n# I\n"},
            [("recaps/index/index.md", 1, "bad-id")], "events overview"),
    Hostile("unread-upper-case-suffix", {f"{GOOD_FOLDER}/talk.MD": note("topics: [python]\n")},
            [(f"{GOOD_FOLDER}/talk.MD", 1, "unread-file")], "not read"),
    Hostile("unread-markdown-suffix", {f"{GOOD_FOLDER}/talk.markdown": note("topics: [python]\n")},
            [(f"{GOOD_FOLDER}/talk.markdown", 1, "unread-file")], "rename it"),
    Hostile("near-miss-key-outside-recaps", {"docs/about.md": "---\ntopic: [python]\n---\n\n# About\n"},
            [("docs/about.md", 2, "unknown-key")], 'did you mean "topics"'),
    Hostile("synonym-key-outside-recaps", {"docs/about.md": "---\ntags: [python]\n---\n\n# About\n"},
            [("docs/about.md", 2, "unknown-key")], 'did you mean "topics"'),
    Hostile("synonym-key-in-a-note", {NOTE: note("authors: [Ada]\ntopics: [python]\n")},
            [(NOTE, 2, "unknown-key")], 'did you mean "speakers"'),
]  # fmt: skip


def build_case(case: Hostile, tmp_path: Path) -> tuple[list, list, Build]:
    src = copy_root("minimal", tmp_path)
    write(src, case.files)
    # A bound on memory and time, so that a regression fails rather than takes the machine down.
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going", memory=2**30, timeout=120)
    ours, others = parse(build)
    return ours, others, build


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input(case: Hostile, tmp_path: Path) -> None:
    ours, others, build = build_case(case, tmp_path)
    output = build.stderr + build.stdout
    assert "Traceback" not in output and "MemoryError" not in output, output[-3000:]
    assert [(path, line, subtype) for path, line, subtype, _ in ours] == sorted(case.expected), build.stderr
    assert any(case.says in message for *_, message in ours), ours
    assert [line for line in others if not any(a in line for a in case.other_warnings)] == [], others
    assert build.returncode == 1, "-W must fail the build"
    assert check_problems(build.srcdir) == [(path, line, subtype) for path, line, subtype, _ in ours]
    # The rest of the site builds.
    assert (tmp_path / "html/recaps/good-2024/fine-note.html").is_file()
    assert (tmp_path / "html/docs/plain.html").is_file()


def test_an_unreadable_page_is_checked_again_at_every_build(tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    write(src, {NOTE: note("topics: [python]\n")})
    assert sphinx_build(src, tmp_path / "html", "-n", "-W").returncode == 0
    assert (tmp_path / "html" / NOTE.replace(".md", ".html")).is_file()
    write(src, {NOTE: LATIN1_NOTE})
    for _ in range(2):  # the warning comes back until the file is fixed
        build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
        assert build.returncode == 1 and "[talknotes.encoding]" in build.stderr, build.stderr
        assert "Traceback" not in build.stderr
        assert "Café" not in build.text("recaps/good-2024/index.html")
    write(src, {NOTE: LATIN1_NOTE.decode("latin-1")})
    build = sphinx_build(src, tmp_path / "html", "-n", "-W")
    assert build.returncode == 0, build.stderr
    assert "Café" in build.text("recaps/good-2024/index.html")


VALID = {
    "crlf": {NOTE: "---\r\nkind: talk\r\ntopics: [python]\r\nspeakers: [Ada Lovelace]\r\n---\r\n\r\n# CRLF note\r\n"},
    "bom": {NOTE: "\ufeff---\ntopics: [python]\n---\n\n# BOM note\n", "topics.yml": "\ufeffpython:\n  name: Python\n"
            "  aliases: [py]\nkubernetes:\n  name: Kubernetes\n"},
    "yaml-aliases": {NOTE: "---\nspeakers: [&ada Ada Lovelace]\nsummary: *ada\ntopics: [python]\n---\n\n# Aliased\n"},
    "case-and-aliases-in-roles-and-filters": {
        NOTE: note("topics: [PY, Kubernetes]\nspeakers: [ada lovelace]\n",
                   "# Roles\n\n{topic}`PYTHON`, {topic}`py`, {event}`good-2024`, {speaker}`Ada Lovelace`.\n\n"
                   ":::{notes}\n:topic: KUBERNETES, py\n:kind: TALK\n:::\n"),
    },
    "accented-names": {
        NOTE: note("topics: [python]\nspeakers: [Zoë Ångström, José Núñez]\nsummary: Déjà vu — über naïve.\n",
                   "# Café à la carte\n"),
        "speakers.yml": "zoe:\n  name: Zoë Ångström\n  aliases: [Zoe Angstrom]\n",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", list(VALID))
def test_odd_but_valid_input_builds_without_a_warning(name: str, tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    write(src, VALID[name])
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0 and build.warnings() == [], build.stderr
    assert (tmp_path / "html" / NOTE.replace(".md", ".html")).is_file()


def test_the_catalogues_cover_every_subtype() -> None:
    from talknotes.base.warnings_ import Subtype

    assert len(CASES) >= 20
    assert len({case.id for case in CASES}) == len(CASES)
    covered = {subtype for case in [*CASES, *BAD_INPUT] for _, _, subtype in case.expected}
    # Not about content: a missing Pagefind (test_explore breaks it on purpose).
    assert covered == {s.value for s in Subtype} - {"explore"}
