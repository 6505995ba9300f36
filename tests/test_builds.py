"""Correct under every way Sphinx builds: incremental edits, no-op rebuilds, parallel, read-only sources."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import EXT, REPO, Site, copy_real_site, copy_root, html_pages, sphinx_build

PYCON = "recaps/pycon-x-2024"
YEAR_PAGE = re.compile(r"recaps/(\d{4}|undated)\.html$")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = Site(tmp_path)
    first = site.build()
    assert first.warnings() == []
    yield site


def test_noop_rebuild_rewrites_nothing(tmp_path: Path) -> None:
    # Published at an address, so that the sitemap, feeds and calendars are written too.
    site = Site(tmp_path, options=("-D", "html_baseurl=https://noop.example/"))
    site.build()

    # Sphinx itself writes its inventory and build information on every build, and copies its static files.
    sphinx_own = {".buildinfo", "objects.inv"}

    def mtimes() -> dict[str, int]:
        return {p.relative_to(site.out).as_posix(): p.stat().st_mtime_ns for p in site.out.rglob("*")
                if p.is_file() and p.name not in sphinx_own and "_static" not in p.parts}  # fmt: skip

    before = mtimes()
    build = site.build()
    assert build.written() == []
    # Not a page, not the explore page, the sitemap, the catalog, a feed or a calendar is written again.
    assert mtimes() == before
    assert {"search.html", "sitemap.xml", "catalog.json", "feeds/index.atom", "calendars/index.ics"} <= set(before)
    assert len([name for name in before if name.endswith(".html")]) > 15


def test_a_committed_body_edit_reaches_the_sitemap_and_feeds(tmp_path: Path) -> None:
    """The graph and navigation stay as they were, but the note's last commit is new: its dates follow."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    src = copy_root("basic", tmp_path)

    def commit(when: str) -> None:
        stamp = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for command in (["add", "-A"], ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
            subprocess.run(["git", *command], cwd=src, check=True, env={**os.environ, **stamp})

    subprocess.run(["git", "init", "-q"], cwd=src, check=True)
    commit("2025-01-02T10:00:00+00:00")
    options = ("-n", "-D", "html_baseurl=https://git.example/",
               "-D", "extensions=myst_parser,talknotes,sphinx_last_updated_by_git")  # fmt: skip
    out = tmp_path / "html"
    assert sphinx_build(src, out, *options).returncode == 0

    def mtime(name: str) -> int:
        return (out / name).stat().st_mtime_ns

    catalog = mtime("catalog.json")
    note = src / f"{PYCON}/keynote.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Keynote body text.", "Edited."), encoding="utf-8")
    commit("2025-03-04T10:00:00+00:00")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    assert build.sitemap()[f"https://git.example/{PYCON}/keynote.html"] == "2025-03-04"
    feed = (out / "feeds/index.atom").read_text(encoding="utf-8")
    assert "<updated>2025-03-04T10:00:00+00:00</updated>" in feed
    # The catalog says nothing of bodies or commits: not written again.
    assert mtime("catalog.json") == catalog
    # Another commit of the same day: the feeds show its time, the sitemap (days only) stays as it was.
    sitemap = mtime("sitemap.xml")
    note.write_text(note.read_text(encoding="utf-8").replace("Edited.", "Edited again."), encoding="utf-8")
    commit("2025-03-04T15:00:00+00:00")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    assert "<updated>2025-03-04T15:00:00+00:00</updated>" in (out / "feeds/index.atom").read_text(encoding="utf-8")
    assert mtime("sitemap.xml") == sitemap and mtime("catalog.json") == catalog
    clean = sphinx_build(src, tmp_path / "clean", *options)
    for name in ("sitemap.xml", "catalog.json", "feeds/index.atom"):
        assert (out / name).read_bytes() == (clean.outdir / name).read_bytes(), name


def test_body_edit_rewrites_only_the_note_and_its_event_page(site: Site) -> None:
    site.edit(f"{PYCON}/keynote.md", lambda text: text.replace("Keynote body text.", "A new keynote paragraph."))
    build = site.assert_same_as_clean()
    # Sphinx itself rewrites the page whose toctree holds the edited one.
    assert build.written() == [f"{PYCON}/index", f"{PYCON}/keynote"]
    assert "A new keynote paragraph." in build.text(f"{PYCON}/keynote.html")


def test_topic_change_rewrites_the_pages_that_show_it(site: Site) -> None:
    def mtime(page: str) -> int:
        return (site.out / page).stat().st_mtime_ns

    untouched = {page: mtime(page) for page in ("topics/unused-topic.html", "speakers/grace-hopper.html")}
    # Containers counts the notes of its narrower Kubernetes, and Python those of Packaging.
    touched = {page: mtime(page) for page in ("topics/packaging.html", "topics/kubernetes.html",
                                              "topics/containers.html", "topics/python.html")}  # fmt: skip
    site.edit(f"{PYCON}/keynote.md", lambda text: text.replace("topics: [python, k8s]", "topics: [python, packaging]"))
    build = site.assert_same_as_clean()
    written = build.written()
    for docname in (f"{PYCON}/keynote", f"{PYCON}/index", "index", "topics/index", "recaps/meetup-2023/lightning"):
        assert docname in written
    assert "speakers/index" not in written
    assert {page: mtime(page) for page in untouched} == untouched
    assert all(mtime(page) != before for page, before in touched.items())
    assert "Opening keynote" in build.text("topics/packaging.html")
    assert "Opening keynote" not in build.text("topics/kubernetes.html")


def test_title_change_updates_every_list(site: Site) -> None:
    site.edit(f"{PYCON}/keynote.md", lambda text: text.replace("# Opening keynote", "# The opening keynote, renamed"))
    build = site.assert_same_as_clean()
    for page in ("index.html", f"{PYCON}/index.html", "topics/kubernetes.html", "speakers/ada-lovelace.html"):
        assert "The opening keynote, renamed" in build.text(page), page


def test_new_note_appears_everywhere(site: Site) -> None:
    (site.src / "recaps/meetup-2023/new-talk.md").write_text(
        "---\nkind: talk\nspeakers: [Ada Lovelace]\ntopics: [python]\n---\n\n# A brand new talk\n", encoding="utf-8"
    )
    build = site.assert_same_as_clean()
    for page in ("recaps/meetup-2023/index.html", "topics/python.html", "speakers/ada-lovelace.html", "index.html"):
        assert "A brand new talk" in build.text(page), page
    assert "A brand new talk" in build.page("recaps/meetup-2023/index.html").get_text()  # in the navigation too


def test_removed_note_disappears(site: Site) -> None:
    (site.src / f"{PYCON}/packaging-talk.md").unlink()
    build = site.assert_same_as_clean()
    for page in (f"{PYCON}/index.html", "index.html", "speakers/ada-lovelace.html"):
        assert "Packaging in practice" not in build.text(page), page
    # Grace Hopper still has a note at the meetup; the packaging topic page stays, now empty.
    assert "No notes on this topic yet." in build.text("topics/packaging.html")


def test_renamed_note_moves(site: Site) -> None:
    (site.src / f"{PYCON}/packaging-talk.md").rename(site.src / f"{PYCON}/packaging.md")
    build = site.assert_same_as_clean()
    links = [a["href"] for a in build.main("topics/packaging.html").select(".talknotes-notes a")]
    assert "../recaps/pycon-x-2024/packaging.html" in links


def test_removed_speaker_page_is_deleted(site: Site) -> None:
    site.edit("recaps/meetup-2023/containers-intro.md", lambda text: text.replace("[Grace Hopper]", "[Alan Turing]"))
    site.edit(f"{PYCON}/packaging-talk.md", lambda text: text.replace(", Grace Hopper]", "]"))
    site.assert_same_as_clean()
    assert not (site.out / "speakers/grace-hopper.html").exists()
    assert (site.out / "speakers/alan-turing.html").exists()


def test_draft_flag_change(site: Site) -> None:
    site.edit(f"{PYCON}/draft-note.md", lambda text: text.replace("draft: true", "draft: false"))
    build = site.assert_same_as_clean()
    assert "Unfinished draft note" in build.text(f"{PYCON}/index.html")
    assert "Unfinished draft note" in build.page("index.html").get_text()  # now in the navigation
    site.edit(f"{PYCON}/draft-note.md", lambda text: text.replace("draft: false", "draft: true"))
    build = site.assert_same_as_clean()
    assert "Unfinished draft note" not in build.page(f"{PYCON}/index.html").get_text()


def test_event_change_updates_its_notes(site: Site) -> None:
    site.edit(f"{PYCON}/index.md", lambda text: text.replace("name: PyCon X 2024", "name: PyCon Ten 2024"))
    build = site.assert_same_as_clean()
    assert "PyCon Ten 2024" in build.text(f"{PYCON}/keynote.html")
    assert "PyCon Ten 2024" in build.text("topics/kubernetes.html")


def test_registry_changes_are_noticed(site: Site) -> None:
    site.edit(
        "topics.yml", lambda text: text.replace("name: Kubernetes", "name: Kubernetes (K8s)") + "new-topic: New\n"
    )
    site.edit("speakers.yml", lambda text: text.replace("name: Ada Lovelace", "name: Ada King"))
    build = site.assert_same_as_clean()
    assert "Kubernetes (K8s)" in build.text(f"{PYCON}/keynote.html")
    assert "Ada King" in build.text(f"{PYCON}/packaging-talk.html")
    assert (site.out / "topics/new-topic.html").is_file()
    assert "speakers/index" in build.written()


# The basic site made to behave like a large one: Furo, a bounded navigation with windows of one
# entry, topic and speaker lists split by year past two notes.
LARGE_SITE_SETTINGS = ("-D", "html_theme=furo", "-D", "talknotes_navigation_limit=3",
                       "-D", "talknotes_navigation_window=1", "-D", "talknotes_list_limit=2")  # fmt: skip


@pytest.fixture
def large(tmp_path: Path) -> Iterator[Site]:
    site = Site(tmp_path, options=LARGE_SITE_SETTINGS)
    assert site.build().warnings() == []
    yield site


NEW_EVENT = """---
event:
  name: Packaging Summit 2025
  start: 2025-02-03
topics: [packaging]
---

# Packaging Summit 2025
"""


def test_new_event_in_a_new_year(large: Site) -> None:
    (large.src / "recaps/summit-2025").mkdir()
    (large.src / "recaps/summit-2025/index.md").write_text(NEW_EVENT, encoding="utf-8")
    (large.src / "recaps/summit-2025/wheels.md").write_text("---\ntopics: [packaging]\n---\n\n# Wheels\n")
    build = large.assert_same_as_clean()
    assert (large.out / "recaps/2025.html").is_file()
    # A page of another year shows one more year in its navigation (its window holds only its own).
    assert "All 3 years" in build.page(f"{PYCON}/keynote.html").select_one(".sidebar-tree").text
    assert "Packaging Summit 2025" in build.page("recaps/2025.html").select_one(".sidebar-tree").text


def test_event_moved_to_another_year(large: Site) -> None:
    large.edit("recaps/meetup-2023/index.md", lambda text: text.replace("start: 2023-03-01", "start: 2022-03-01"))
    large.assert_same_as_clean()
    assert not (large.out / "recaps/2023.html").exists()
    assert "Container Meetup 2023" in large.clean().main("recaps/2022.html").get_text()
    # The topic pages split by year follow the notes to their new year.
    assert (large.out / "topics/kubernetes/2022.html").is_file()
    assert not (large.out / "topics/kubernetes/2023.html").exists()


def test_removed_event_and_notes(large: Site) -> None:
    for page in sorted((large.src / "recaps/meetup-2023").iterdir()):
        page.unlink()
    (large.src / "recaps/meetup-2023").rmdir()
    build = large.assert_same_as_clean()
    assert not (large.out / "recaps/2023.html").exists()
    assert "2023" not in build.page(f"{PYCON}/keynote.html").select_one(".sidebar-tree").text


def test_new_and_removed_notes_under_a_cut_list(large: Site) -> None:
    (large.src / f"{PYCON}/a-new-note.md").write_text("---\ntopics: [python]\n---\n\n# A new note\n")
    large.assert_same_as_clean()
    (large.src / f"{PYCON}/keynote.md").unlink()
    build = large.assert_same_as_clean()
    assert "All 2 notes" in build.page(f"{PYCON}/packaging-talk.html").select_one(".sidebar-tree").text


def test_a_new_note_rewrites_only_its_own_year_of_a_split_list(large: Site) -> None:
    parts = sorted((large.out / "topics/kubernetes").glob("*.html"))
    assert [p.stem for p in parts] == ["2023", "2024"], "the test site splits Kubernetes over two years"
    stamps = {p.stem: p.stat().st_mtime_ns for p in parts}
    (large.src / f"{PYCON}/more-kubernetes.md").write_text("---\ntopics: [kubernetes]\n---\n\n# More Kubernetes\n")
    build = large.assert_same_as_clean()
    # The other year's page says nothing of this year's notes, so it is not rewritten.
    assert (large.out / "topics/kubernetes/2023.html").stat().st_mtime_ns == stamps["2023"]
    assert (large.out / "topics/kubernetes/2024.html").stat().st_mtime_ns != stamps["2024"]
    part = build.main("topics/kubernetes/2024.html")
    assert "More Kubernetes" in part.get_text()
    count = len(part.select(".talknotes-notes strong a"))
    assert f"{count} notes on Kubernetes in 2024." in " ".join(part.get_text().split())


def test_a_title_in_the_navigation_of_other_pages(large: Site) -> None:
    large.edit("topics/index.md", lambda text: text.replace("# Topics", "# Every topic"))
    large.assert_same_as_clean()
    for page in ("topics/kubernetes/2024.html", f"{PYCON}/keynote.html", "recaps/2023.html"):
        assert "Every topic" in (large.out / page).read_text(encoding="utf-8"), page


@pytest.mark.parametrize("root", ["basic", "real"])
def test_parallel_build_gives_the_same_pages_as_serial(root: str, tmp_path: Path) -> None:
    src = REPO if root == "real" else copy_root("basic", tmp_path)
    options = ("-n", "-W", "--keep-going", "-E")
    serial = sphinx_build(src, tmp_path / "serial", *options, "-j", "1", new_interpreter=True)  # own hash seeds
    parallel = sphinx_build(src, tmp_path / "parallel", *options, "-j", "2", new_interpreter=True)
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stderr
    # Sphinx reports parallel chunks as "first .. last": the build really read and wrote in parallel.
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    # New interpreters: each with a hash seed of its own, as two runs of the command have.
    first = sphinx_build(src, tmp_path / "one", "-n", "-E", new_interpreter=True)
    second = sphinx_build(src, tmp_path / "two", "-n", "-E", new_interpreter=True)
    assert html_pages(first.outdir) == html_pages(second.outdir)
    assert (first.outdir / "catalog.json").read_bytes() == (second.outdir / "catalog.json").read_bytes()


def test_build_succeeds_on_read_only_sources(tmp_path: Path) -> None:
    """The real site builds from a copy in which every write fails, even as root.

    The copy is no git checkout and has no node_modules: it builds all the same, without
    "last updated" dates, with Mermaid from the CDN, and says so once.
    """
    src = copy_real_site(tmp_path / "src")
    for path in [src, *src.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    out = tmp_path / "out"
    command = [sys.executable, str(Path(__file__).with_name("readonly_sphinx.py")), str(src)]
    command += [
        "-b",
        "html",
        "-n",
        "-W",
        "--keep-going",
        "-j",
        "2",
        "-d",
        str(out / "doctrees"),
        str(src),
        str(out / "html"),
    ]
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
        assert "read-only source" not in done.stderr
        assert (out / "html/recaps/openstack-day-canada-2016/index.html").is_file()
        assert (out / "html/topics/kubernetes.html").is_file()
        assert (out / "html/catalog.json").is_file()
        assert done.stdout.count("Mermaid is not installed in node_modules/ (run `npm ci`)") == 1
        note = (out / "html/recaps/openstack-day-canada-2016/kubernetes-and-openstack.html").read_text("utf-8")
        assert "Last updated" not in note
        diagram = (out / "html/docs/architecture/vm-container-consumption-model.html").read_text("utf-8")
        assert "https://cdn.jsdelivr.net/npm/mermaid@" in diagram
        assert not (out / "html/_static/talknotes-vendor").exists()
    finally:
        for path in [src, *src.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_read_only_guard_catches_a_write(tmp_path: Path) -> None:
    """The guard above is real: a build that writes into its sources fails under it."""
    src = copy_root("basic", tmp_path)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text(encoding="utf-8") + "\nopen(__file__ + '.log', 'w').close()\n", encoding="utf-8"
    )
    command = [sys.executable, str(Path(__file__).with_name("readonly_sphinx.py")), str(src)]
    command += ["-b", "html", str(src), str(tmp_path / "out")]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(EXT)}, check=False
    )
    assert done.returncode != 0
    assert "read-only source" in done.stderr


def test_generated_pages_follow_navigation_changes(site: Site) -> None:
    site.edit("topics/index.md", lambda text: text.replace("# Topics", "# Every topic"))
    site.assert_same_as_clean()
    for page in ("topics/unused-topic.html", "speakers/ada-lovelace.html"):
        navigation = (site.out / page).read_text(encoding="utf-8")
        assert "Every topic" in navigation, page


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of a few hundred notes, with the event pages' automatic toctrees."""
    src = tmp_path_factory.mktemp("generated") / "site"
    command = [sys.executable, str(REPO / "bench/generate.py"), str(src), "--notes", "240", "--topics", "24"]
    subprocess.run(command, check=True)
    return src


def test_generated_site_parallel_and_deterministic(generated_site: Path, tmp_path: Path) -> None:
    options = ("-n", "-W", "--keep-going")
    serial = sphinx_build(generated_site, tmp_path / "serial", *options, "-j", "1", new_interpreter=True)
    parallel = sphinx_build(generated_site, tmp_path / "parallel", *options, "-j", "2", new_interpreter=True)
    for build in (serial, parallel):
        assert build.returncode == 0, build.stderr
    assert re.search(r"writing output\.\.\. \[\s*\d+%\] \S+ \.\. \S+", parallel.stdout)
    # The generated topic, person and year pages were written by the worker processes too.
    assert re.search(r"talknotes: writing \d+ generated pages in 2 processes", parallel.stdout)
    pages = html_pages(serial.outdir)
    assert len([name for name in pages if name.startswith("recaps/")]) > 240
    assert html_pages(parallel.outdir) == pages
    # Two clean builds, by two interpreters with hash seeds of their own, one serial and one on two processes,
    # are byte-identical: every page, the catalog, the scripts, the previews' shards. (Pagefind's index is
    # not byte-stable; test_explore checks that it holds the same.)
    for path in sorted(serial.outdir.rglob("*")):
        if path.suffix in (".html", ".json", ".js") and path.is_file() and "pagefind" not in path.parts:
            relative = path.relative_to(serial.outdir)
            assert (parallel.outdir / relative).read_bytes() == path.read_bytes(), relative
