"""The command line: `make check` finds what the build finds; `make new-event` and `make new-note` scaffold."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, copy_root, problems, sphinx_build, talknotes
from test_bad_input import CASES, Case, write
from test_warnings import EXPECTED


def test_check_passes_on_the_real_site() -> None:
    done = talknotes(REPO, "check")
    assert done.returncode == 0, done.stderr
    assert re.search(r"checked \d+ pages: 0 problem", done.stderr)


def test_check_finds_every_mistake_the_build_finds(tmp_path: Path) -> None:
    root = copy_root("warnings", tmp_path)
    done = talknotes(root, "check")
    assert done.returncode == 1
    assert problems(root, done.stderr) == sorted((path, line, subtype) for path, line, subtype, _ in EXPECTED)
    for *_, fragment in EXPECTED:  # the same words as the build, "did you mean" included
        assert fragment in done.stderr, fragment
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", CASES[::3], ids=[case.id for case in CASES[::3]])
def test_check_matches_the_build_case_by_case(case: Case, tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    write(root, case.files)
    done = talknotes(root, "check")
    assert problems(root, done.stderr) == sorted(case.expected), done.stderr
    assert done.returncode == 1


DIRECTIVE_FORMS = """# Every form

Roles in text: {topic}`nosuchtopic`, {speaker}`Nobody At All`, {event}`no-such-event`.

:::{notes}
:topic: nosuchtopic-colon
:::

```{notes}
:kind: tlak
```

::::{note}
A role inside a directive: {topic}`nested-role-topic`.

:::{notes}
:event: nested-event
:::
::::

`````{admonition} Deeper
````{dropdown} Deeper still
```{notes}
---
year: twenty-sixteen
---
```
````
`````

```python
{topic}`not-a-role-in-code`
```
"""


@pytest.mark.parametrize(
    "extra", [{}, {"docs/forms.md": DIRECTIVE_FORMS, "docs/tilde.md": DIRECTIVE_FORMS.replace("```", "~~~")}]
)
def test_check_and_build_agree_on_every_directive_form(tmp_path: Path, extra: dict[str, str]) -> None:
    """Colon fences, backticks and tildes, nested directives, options in a YAML block: the check reads as MyST."""
    root = copy_root("minimal", tmp_path)
    (root / "conf.py").write_text(
        (root / "conf.py").read_text(encoding="utf-8")
        + 'extensions.append("sphinx_design")\nmyst_enable_extensions = ["colon_fence"]\n',
        encoding="utf-8",
    )
    write(root, {"docs/forms.md": DIRECTIVE_FORMS, **extra})
    done = talknotes(root, "check")
    build = sphinx_build(root, tmp_path / "html", "-n", "--keep-going")
    from_build = problems(root, build.stderr)
    assert problems(root, done.stderr) == from_build, (done.stderr, build.stderr)
    lines = {line for path, line, _ in from_build if path == "docs/forms.md"}
    assert {3, 5, 9, 14, 16, 23} <= lines  # one problem on each form, in the build as in the check
    assert not any(line >= 30 for path, line, _ in from_build if path == "docs/forms.md")  # none from the code block


def test_new_event_and_two_notes_appear_on_the_site(tmp_path: Path) -> None:
    """The contributor guide's walkthrough: scaffold an event and two notes, check, build."""
    root = copy_root("minimal", tmp_path)
    created = talknotes(root, "new", "event", "meetup-2024", "--name", "Python Meetup 2024", "--start", "2024-03-05",
                        "--city", "Lyon", "--topics", "python")  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert (root / "recaps/meetup-2024/index.md").is_file()
    for slug, title, topics in (
        ("packaging", "Packaging today", "python"),
        ("k8s-intro", "Kubernetes 101", "Kubernetes"),
    ):
        done = talknotes(root, "new", "note", "meetup-2024", slug, "--title", title, "--speakers", "Ada Lovelace",
                         "--topics", topics)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert talknotes(root, "check").returncode == 0
    build = sphinx_build(root, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    event = build.text("recaps/meetup-2024/index.html")
    assert "Packaging today" in event and "Kubernetes 101" in event
    assert "Kubernetes 101" in build.text("topics/kubernetes.html")
    assert "Packaging today" in build.text("topics/python.html")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["event", "good-2024", "--name", "Again", "--start", "2024-01-10"], "already exists"),
        (["event", "Bad_Id", "--name", "X", "--start", "2024-01-10"], "[talknotes.bad-id]"),
        (["event", "later-2024", "--name", "X", "--start", "2024-13-01"], "[talknotes.bad-date]"),
        (["event", "later-2024", "--name", "X", "--start", "2024-02-01", "--topics", "pyhton"],
         'unknown topic \'pyhton\' (did you mean "python"?): add it to topics.yml first'),
        (["note", "good-2024", "new", "--title", "X", "--topics", "python, kubernets"],
         'unknown topic \'kubernets\' (did you mean "kubernetes"?): add it to topics.yml first'),
        (["note", "good-2042", "x", "--title", "X"], 'unknown event \'good-2042\' (did you mean "good-2024"?)'),
        (["note", "good-2024", "fine-note", "--title", "X"], "already exists"),
        (["note", "good-2024", "new", "--title", "X", "--kind", "tlak"], "[talknotes.unknown-kind]"),
        (["note", "good-2024", "new", "--title", "X", "--date", "2023-01-01"], "[talknotes.date-outside]"),
    ],
)  # fmt: skip
def test_new_refuses_what_the_build_would_reject(args: list[str], message: str, tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    done = talknotes(root, "new", *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_a_refused_topic_names_no_file_that_was_never_created(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    done = talknotes(root, "new", "event", "later-2024", "--name", "X", "--start", "2024-02-01", "--topics", "rust")
    assert done.returncode == 1
    assert "later-2024" not in done.stderr and "index.md" not in done.stderr
    assert "unknown topic 'rust'" in done.stderr and 'see "Add a topic" in docs/contributing.md' in done.stderr


@pytest.mark.parametrize(
    ("kind", "sections"),
    [
        ("talk", ["Key points", "Takeaways"]),
        ("panel", ["Positions", "Where they disagreed", "Takeaways"]),
        ("workshop", ["Steps", "What to try at home"]),
        ("discussion", ["What was said", "Open questions"]),
        ("note", ["Notes"]),
    ],
)
def test_a_new_note_has_the_sections_of_its_kind(kind: str, sections: list[str], tmp_path: Path) -> None:
    """Suggested in a comment, which the writer reads and readers never see: no scaffold text is published."""
    root = copy_root("minimal", tmp_path)
    done = talknotes(root, "new", "note", "good-2024", "session", "--title", "Session", "--kind", kind)
    assert done.returncode == 0, done.stderr
    text = (root / "recaps/good-2024/session.md").read_text(encoding="utf-8")
    suggested = re.search(r"^% .*Sections that suit an? \w+: (.+)\.$", text, flags=re.MULTILINE)
    assert suggested is not None and suggested.group(1).split(", ") == sections
    assert re.findall(r"^#+ (.+)$", text.split("---\n")[2], flags=re.MULTILINE) == ["Session"]  # the title only


@pytest.mark.parametrize(
    ("end", "sections"),
    [
        ([], ["The day"]),
        (["--end", "2024-03-07"], ["Day 1: Tuesday 5 March 2024", "Day 2: Wednesday 6 March 2024",
                                   "Day 3: Thursday 7 March 2024"]),
        (["--end", "2024-03-20"], ["The days"]),
    ],
)  # fmt: skip
def test_a_new_event_has_a_section_per_day(end: list[str], sections: list[str], tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    done = talknotes(root, "new", "event", "conf-2024", "--name", "Conf 2024", "--start", "2024-03-05", *end)
    assert done.returncode == 0, done.stderr
    text = (root / "recaps/conf-2024/index.md").read_text(encoding="utf-8")
    suggested = re.search(r"^% Sections that suit this event: (.+)\.$", text, flags=re.MULTILINE)
    assert suggested is not None and suggested.group(1).split(", ") == [*sections, "What comes next"]
    assert re.findall(r"^#+ (.+)$", text.split("---\n")[2], flags=re.MULTILINE) == ["Conf 2024"]


def test_slides_and_video_are_scaffolded_and_pass_the_build(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path)
    done = talknotes(root, "new", "note", "good-2024", "with-links", "--title", "With links",
                     "--slides", "https://example.org/slides.pdf", "--video", "https://example.org/v/1")  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (root / "recaps/good-2024/with-links.md").read_text(encoding="utf-8")
    assert 'slides: "https://example.org/slides.pdf"' in text and 'video: "https://example.org/v/1"' in text
    refused = talknotes(root, "new", "note", "good-2024", "bad-link", "--title", "X", "--video", "ftp://x")
    assert refused.returncode == 1 and "[talknotes.bad-url]" in refused.stderr


def test_every_option_is_explained_in_the_help_and_in_make_help() -> None:
    for what, options in (
        ("event", ["--name", "--start", "--end", "--venue", "--city", "--region", "--country", "--website",
                   "--topics", "--summary"]),
        ("note", ["--title", "--kind", "--date", "--speakers", "--topics", "--slides", "--video", "--summary"]),
    ):  # fmt: skip
        done = talknotes(REPO, "new", what, "--help")
        assert done.returncode == 0
        for option in options:
            # Each option is followed, on its line, by words that explain it.
            assert re.search(rf"^  {option} [A-Z_]+ +\w+", done.stdout, flags=re.MULTILINE), (option, done.stdout)
    listed = subprocess.run(["make", "-s", "help"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    note_line = next(line for line in listed.splitlines() if line.strip().startswith("new-note"))
    for variable in ("DATE=", "SLIDES=", "VIDEO=", "SUMMARY=", "SPEAKERS=", "TOPICS=", "KIND="):
        assert variable in note_line
    assert "new-help" in listed


def test_make_html_is_quiet_unless_asked(tmp_path: Path) -> None:
    """Warnings and the result only: no MyST settings, git timestamp progress or sitemap notice."""
    command = ["make", "-s", "html", f"BUILDDIR={tmp_path}", "JOBS=1", f"VENV={REPO / '.venv'}"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (done.stdout + done.stderr).splitlines() == [
        f"The site is in {tmp_path}/html: open {tmp_path}/html/index.html"
    ]
    verbose = subprocess.run([*command, "VERBOSE=1"], cwd=REPO, capture_output=True, text=True, check=False)
    assert verbose.returncode == 0 and "build succeeded" in verbose.stdout


def test_a_command_in_process_after_an_app_that_failed_to_start(make_app, tmp_path: Path, capsys) -> None:
    """An app that fails at config-inited leaves Sphinx's log handlers bound to it, without an environment; a
    command run in the same process afterwards still reads a site whose folder holds an unreadable page."""
    from sphinx.errors import ConfigError
    from talknotes.commands.cli import main

    bad = copy_root("minimal", tmp_path / "bad")
    with (bad / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("talknotes_list_limit = 0\n")
    with pytest.raises(ConfigError):
        make_app("html", srcdir=bad)
    root = copy_root("minimal", tmp_path / "good")
    (root / "recaps/good-2024/gone.md").symlink_to(root / "recaps/good-2024/nowhere.md")
    assert main(["--root", str(root), "check"]) == 0
    err = capsys.readouterr().err
    assert "Ignored unreadable document" in err and "checked" in err
