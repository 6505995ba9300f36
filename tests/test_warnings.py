"""Every content mistake is a talknotes warning with file and line; the build still finishes and fails under -W."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import Build, copy_root, sphinx_build
from talknotes.base.warnings_ import Subtype

WARNING_LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: WARNING: (?P<message>.*) \[(?P<type>[\w.-]+)\]$")

# (file, line, subtype, a fragment of the message) for every mistake in tests/roots/test-warnings.
EXPECTED = [
    ("docs/elsewhere.md", 2, "unknown-event", 'did you mean "good-2024"?'),
    ("docs/event-map.md", 2, "misplaced", "a note names its event by id"),
    ("recaps/Bad_Folder/index.md", 1, "bad-id", "'Bad_Folder' is not a lowercase slug"),
    ("recaps/bad-event/index.md", 2, "missing-field", "needs a 'name'"),
    ("recaps/bad-event/index.md", 4, "date-order", "ends (2024-02-01) before it starts (2024-02-10)"),
    ("recaps/bad-event/index.md", 5, "bad-value", "'attendance' must be positive"),
    ("recaps/bad-event/index.md", 6, "bad-url", "ftp://example.org"),
    ("recaps/bad-event/index.md", 7, "unknown-key", 'did you mean "venue"?'),
    ("recaps/good-2024/bad-date.md", 3, "bad-date", "there is no such day: write a date that exists as YYYY-MM-DD"),
    ("recaps/good-2024/bad-date-text.md", 3, "bad-date", "ISO date such as 2016-11-22, not 'next tuesday'"),
    ("recaps/good-2024/bad-draft.md", 2, "bad-value", "true or false, not 'maybe'"),
    ("recaps/good-2024/bad-kind.md", 3, "unknown-kind", 'did you mean "talk"?'),
    ("recaps/good-2024/bad-type.md", 3, "bad-type", "'speakers' must be a list of names"),
    ("recaps/good-2024/bad-url.md", 2, "bad-url", "javascript:alert(1)"),
    ("recaps/good-2024/bad-yaml.md", 4, "front-matter", "not valid YAML"),
    ("recaps/good-2024/dup-key.md", 3, "duplicate-key", "'kind' is given twice"),
    ("recaps/good-2024/mismatch.md", 3, "event-mismatch", "names event 'other-event'"),
    ("recaps/good-2024/not-mapping.md", 2, "front-matter", "must be a mapping"),
    ("recaps/good-2024/notes-filter.md", 9, "notes-filter", 'names no known topic (did you mean "python"?)'),
    ("recaps/good-2024/notes-filter.md", 13, "notes-filter", ":limit: must be a positive whole number"),
    ("recaps/good-2024/outside.md", 3, "date-outside", "2023-01-01 is outside"),
    (
        "recaps/good-2024/index.md",
        6,
        "similar-name",
        "organizer 'Margaret Hamiltn' is one letter away from "
        "'Margaret Hamilton' (named in recaps/good-2024/similar-names.md:6)",
    ),
    (
        "recaps/good-2024/similar-names.md",
        5,
        "similar-name",
        "speaker 'Grace Hoper' is one letter away from "
        "'Grace Hopper' (registered in speakers.yml): if it is the same person, use that spelling or add this one "
        "to its aliases in speakers.yml; if not, register both names in speakers.yml",
    ),
    ("recaps/good-2024/unknown-key.md", 2, "unknown-key", 'did you mean "topics"?'),
    ("recaps/good-2024/unknown-target.md", 7, "unknown-target", "'nope' does not exist"),
    ("recaps/good-2024/unknown-topic.md", 4, "unknown-topic", 'did you mean "python"?'),
    ("recaps/no-event-map/index.md", 1, "missing-field", "needs an 'event:' mapping"),
    ("recaps/no-index/talk.md", 1, "missing-event-page", "recaps/no-index/ has no index.md"),
    ("recaps/stray.md", 1, "misplaced", "belong in an event folder"),
    (
        "speakers.yml",
        3,
        "bad-url",
        "of speaker 'jane' in speakers.yml must be an http:// or https:// URL, not 'javascript:alert(1)'",
    ),
    ("speakers.yml", 4, "duplicate-id", "'jane doe' already names speaker 'jane'"),
    ("topics.yml", 4, "topic-collision", "'PY' is already the id, name or alias of topic 'python'"),
    ("topics.yml", 6, "bad-id", "'Bad_Key'"),
    ("topics.yml", 10, "unknown-broader", "'nonexistent' of 'orphan-broader' is not a topic"),
    ("topics.yml", 16, "unknown-broader", "makes a cycle"),
    ("topics.yml", 17, "missing-field", "'no-name' in topics.yml needs a 'name'"),
    ("topics.yml", 26, "unknown-key", "unknown key 'colour'"),
    ("topics.yml", 22, "duplicate-id", "'extra-key' is defined twice"),
]
# MyST reports front matter it cannot load too, without saying which key is at fault.

# Registry files that cannot be used at all: (file, content, line, subtype, fragment).
REGISTRY_CASES = [
    ("topics.yml", "python: [unclosed\n", 2, "registry", "topics.yml is not valid YAML"),
    ("topics.yml", "- python\n- kubernetes\n", 1, "registry", "must be a mapping of ids to entries, not a list"),
    ("topics.yml", "", 1, "registry", "topics.yml is empty"),
    ("speakers.yml", "[ada]\n", 1, "registry", "speakers.yml must be a mapping"),
    # A mapping after a flow mapping: the message names the line that ends the file's value.
    (
        "speakers.yml",
        "# People\n{}\nada:\n  name: Ada\n",
        3,
        "registry",
        "did not find expected <document start> (line 2 holds '{}', an empty mapping, and YAML allows nothing "
        "after it; remove line 2 to add entries)",
    ),
    ("topics.yml", "python: 42\n", 1, "bad-type", "'python' in topics.yml must be a mapping"),
]


def parse(build: Build) -> tuple[list[tuple[str, int, str, str]], list[str]]:
    """The talknotes warnings as (file relative to the site, line, subtype, message), and all other warnings."""
    ours, others = [], []
    for line in build.warnings():
        match = WARNING_LINE.match(line)
        if match and match["type"].startswith("talknotes."):
            path = Path(match["path"]).resolve().relative_to(build.srcdir.resolve()).as_posix()
            ours.append((path, int(match["line"] or 0), match["type"].removeprefix("talknotes."), match["message"]))
        else:
            others.append(line)
    return sorted(ours), others


@pytest.fixture(scope="module")
def warnings_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("warnings")
    return sphinx_build(copy_root("warnings", base), base / "html", "-n", "--keep-going")


def test_every_mistake_is_reported_with_file_line_and_subtype(warnings_site: Build) -> None:
    ours, _others = parse(warnings_site)
    assert [(path, line, subtype) for path, line, subtype, _ in ours] == sorted(
        (path, line, subtype) for path, line, subtype, _ in EXPECTED
    )
    for (path, line, subtype, message), (_, _, _, fragment) in zip(ours, sorted(EXPECTED), strict=True):
        assert fragment in message, (path, line, subtype, message)


def test_no_other_warnings_and_no_traceback(warnings_site: Build) -> None:
    """Front matter that cannot be read is not given to MyST: its "Malformed YAML" never repeats ours."""
    _ours, others = parse(warnings_site)
    assert others == []
    assert "Traceback" not in warnings_site.stderr + warnings_site.stdout


def test_build_finishes_and_the_rest_of_the_site_is_fine(warnings_site: Build) -> None:
    assert warnings_site.returncode == 0  # without -W, warnings do not fail the build
    event = warnings_site.text("recaps/good-2024/index.html")
    assert "A fine event page." in event
    for title in ("Bad kind", "Unknown topic", "Outside", "Bad date", "Bad YAML"):
        assert title in event, title  # every note is still built and listed
    assert "No notes match this list yet." in warnings_site.text("recaps/good-2024/notes-filter.html")
    assert "Python" in warnings_site.text("topics/python.html")


def test_one_site_shows_nearly_every_subtype_at_once() -> None:
    covered = {subtype for _, _, subtype, _ in EXPECTED} | {case[3] for case in REGISTRY_CASES}
    # Left out of this site: a missing title, files that are not UTF-8 or not read at all, and characters
    # no output can hold; the bad-input and hostile-input catalogues cover every subtype (and test_reliability
    # the last two in one site). A missing Pagefind is in test_explore.
    left_out = {"missing-title", "encoding", "unread-file", "bad-character", "explore"}
    assert {subtype.value for subtype in Subtype} - covered == left_out


def test_warnings_fail_the_build_under_w(tmp_path: Path) -> None:
    build = sphinx_build(copy_root("warnings", tmp_path), tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 1
    assert "build finished with problems" in build.stderr + build.stdout
    assert "Traceback" not in build.stderr


@pytest.mark.parametrize(("filename", "content", "line", "subtype", "fragment"), REGISTRY_CASES)
def test_unusable_registry(tmp_path: Path, filename: str, content: str, line: int, subtype: str, fragment: str) -> None:
    src = copy_root("basic", tmp_path)
    (src / filename).write_text(content, encoding="utf-8")
    build = sphinx_build(src, tmp_path / "html", "-n", "--keep-going")
    ours, _ = parse(build)
    assert (filename, line, subtype) in [(p, n, s) for p, n, s, _ in ours]
    assert any(fragment in message for *_, message in ours), ours
    assert build.returncode == 0 and "Traceback" not in build.stderr
    assert (tmp_path / "html/recaps/pycon-x-2024/keynote.html").is_file()
