"""Input that used to crash the build or spoil its output: characters XML cannot hold, dates at the
calendar's edges, files that are not regular files, names that generated pages would collide on, raw
HTML in a heading, and output that differs between two clean builds.

One site holds every case and is built twice from scratch, with the site's address set (as on Read the
Docs): every output is written and well formed, the warnings name file and line, ``make check`` gives the
same ones, and the two builds publish the same bytes (but Pagefind's filter files: docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import PROBLEM, REPO, Build, copy_real_site, copy_root, sphinx_build, talknotes
from icalendar import Calendar
from test_bad_input import write

ATOM = "{http://www.w3.org/2005/Atom}"
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SECRET = "Outside-the-site secret 7f3a"
HOSTILE_FILES = {
    # Raw control characters in a heading and the body; YAML escapes in a summary and a name.
    "recaps/good-2024/controls.md": (
        '---\nkind: talk\ndate: 2024-01-10\nspeakers: ["Bell \\a Person", Ada Lovelace]\n'
        'summary: "Red \\e[31m text \\uFFFF end"\n---\n\n# Heading \x1b[31m with \x0c escapes\n\nBody \x07 bell.\n'
    ),
    # The calendar's last and first days.
    "recaps/far-9999/index.md": (
        "---\nevent:\n  name: Far future\n  start: 9999-12-30\n  end: 9999-12-31\n---\n\n# Far future\n\nx\n"
    ),
    "recaps/far-9999/last-talk.md": "---\nkind: talk\ndate: 9999-12-31\n---\n\n# The last talk\n\nWords.\n",
    "recaps/early-0001/index.md": "---\nevent:\n  name: Early\n  start: 0001-01-01\n---\n\n# Early\n\nx\n",
    "recaps/early-0001/first-talk.md": "---\nkind: talk\ndate: 0001-01-01\n---\n\n# The first talk\n\nWords.\n",
    # Names whose ids are those of overviews, and a written page at a generated page's address.
    "recaps/good-2024/index.md": (
        "---\nevent:\n  name: Good event 2024\n  start: 2024-01-10\n  end: 2024-01-11\n  series: Index\n---\n\n"
        "# Good event 2024\n\nA fine event page.\n"
    ),
    "recaps/good-2024/by-index.md": "---\nkind: talk\nspeakers: [Index]\n---\n\n# A talk by Index\n\nWords.\n",
    "speakers/index.md": "# People\n",
    "series/index.md": "# Series\n",
    "speakers/ada-lovelace.md": "---\norphan: true\n---\n\n# Ada, written by hand\n\nWords.\n",
    # Raw HTML in a heading: the page's own business, text in every other page's navigation.
    "recaps/good-2024/raw-heading.md": (
        "---\nkind: talk\n---\n\n# <img src=x onerror=alert(1)> Raw <b>heading</b>\n\nWords.\n"
    ),
}
EXPECTED = [
    ("recaps/good-2024/by-index.md", 3, "bad-id"),
    ("recaps/good-2024/controls.md", 4, "bad-character"),
    ("recaps/good-2024/controls.md", 5, "bad-character"),
    ("recaps/good-2024/controls.md", 8, "bad-character"),
    ("recaps/good-2024/controls.md", 10, "bad-character"),
    ("recaps/good-2024/index.md", 6, "bad-id"),
    ("recaps/good-2024/outside.md", 1, "unread-file"),
    ("recaps/good-2024/pipe.md", 1, "unread-file"),
    ("recaps/good-2024/zero.md", 1, "unread-file"),
    ("speakers/ada-lovelace.md", 1, "bad-id"),
]


def make_site(base: Path) -> Path:
    src = copy_root("minimal", base)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text(encoding="utf-8") + 'html_baseurl = "https://notes.example.org/"\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        (src / "index.md").read_text(encoding="utf-8").replace("docs/*", "docs/*\nspeakers/index\nseries/index"),
        encoding="utf-8",
    )
    write(src, HOSTILE_FILES)
    folder = src / "recaps/good-2024"
    (folder / "zero.md").symlink_to("/dev/zero")  # read whole, it would fill the memory
    os.mkfifo(folder / "pipe.md")  # read, it would wait for ever
    secret = base / "secret.md"
    secret.write_text(f"# {SECRET}\n", encoding="utf-8")
    (folder / "outside.md").symlink_to(secret)  # read, it would publish a file from outside the site
    return src


def talknotes_warnings(build: Build) -> list[tuple[str, int, str]]:
    """Our warnings as (file relative to the site, line, subtype); links are not followed to say where."""
    found = []
    for line in build.stderr.splitlines():
        match = PROBLEM.match(line.replace(" WARNING:", ""))
        if match:
            path = Path(os.path.abspath(match["path"])).relative_to(build.srcdir.resolve()).as_posix()  # noqa: PTH100
            found.append((path, int(match["line"]), match["subtype"]))
    return sorted(found)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    base = tmp_path_factory.mktemp("reliability")
    src = make_site(base.resolve())
    first = sphinx_build(src, base / "one", "-n", "--keep-going", "-E", new_interpreter=True)  # own hash seeds
    second = sphinx_build(src, base / "two", "-n", "--keep-going", "-E", new_interpreter=True)
    return first, second


def test_every_case_is_a_warning_at_its_line_and_no_traceback(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr + first.stdout
    assert talknotes_warnings(first) == EXPECTED, first.stderr
    messages = first.stderr
    assert "U+001B (ESC), U+000C (FORM FEED) on this line cannot be published" in messages
    assert "'summary' holds U+001B (ESC), U+FFFF" in messages
    assert "is a link to" in messages and "outside the site's folder" in messages
    assert "its page is series/index-series instead" in messages


def test_make_check_gives_the_same_warnings(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    done = talknotes(first.srcdir, "check")
    assert "Traceback" not in done.stderr
    found = []
    for line in done.stderr.splitlines():
        if match := PROBLEM.match(line):
            path = Path(os.path.abspath(match["path"])).relative_to(first.srcdir.resolve()).as_posix()  # noqa: PTH100
            found.append((path, int(match["line"]), match["subtype"]))
    assert sorted(found) == EXPECTED, done.stderr


def output_texts(outdir: Path) -> dict[str, str]:
    """Every text file of the published site but the copies of the sources, by path."""
    texts = {}
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir).as_posix()
        text_file = path.is_file() and path.suffix in (".html", ".xml", ".atom", ".ics", ".json", ".js", ".txt")
        if text_file and not relative.startswith("_sources/"):  # _sources: the files as written ("Show source")
            texts[relative] = path.read_text(encoding="utf-8")
    return texts


def test_no_output_holds_a_character_xml_cannot_hold_and_all_are_written(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    out = first.outdir
    texts = output_texts(out)
    assert [path for path, text in texts.items() if UNSAFE.search(text)] == []
    # Every feed and calendar is written and parses; the note is in them without its escapes.
    feeds = sorted(out.glob("feeds/**/*.atom"))
    assert len(feeds) >= 5
    for feed in feeds:
        ElementTree.parse(feed)
    entries = ElementTree.parse(out / "feeds/index.atom").getroot().iter(f"{ATOM}entry")
    titles = {entry.findtext(f"{ATOM}title") for entry in entries}
    assert "Heading [31m with  escapes" in titles
    ElementTree.parse(out / "sitemap.xml")
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    note = next(n for n in catalog["notes"] if n["title"].startswith("Heading"))
    assert note["summary"] == "Red [31m text end"
    assert "Bell Person" in json.dumps(catalog)


def test_dates_at_the_calendars_edges_give_every_output(builds: tuple[Build, Build]) -> None:
    out = builds[0].outdir
    far = Calendar.from_ical((out / "calendars/far-9999.ics").read_bytes())
    event = next(iter(far.walk("VEVENT")))
    assert str(event["DTSTART"].dt) == "9999-12-30"
    assert event["DURATION"].dt.days == 2  # no day after 9999-12-31 to end on
    early = Calendar.from_ical((out / "calendars/early-0001.ics").read_bytes())
    assert str(next(iter(early.walk("VEVENT")))["DTEND"].dt) == "0001-01-02"
    everything = Calendar.from_ical((out / "calendars/index.ics").read_bytes())
    assert len(list(everything.walk("VEVENT"))) == 3
    # Year pages have four digits: year 1 is 0001.
    assert (out / "recaps/9999.html").is_file() and (out / "recaps/0001.html").is_file()
    assert "The last talk" in builds[0].text("recaps/far-9999/index.html")
    assert (out / "feeds/recaps/far-9999.atom").is_file()


def test_files_that_are_not_regular_files_are_not_read_or_published(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    folder = first.outdir / "recaps/good-2024"
    assert not any((folder / name).exists() for name in ("zero.html", "pipe.html", "outside.html"))
    assert all(SECRET not in text for text in output_texts(first.outdir).values())
    assert "A fine note" in first.text("recaps/good-2024/index.html")  # the rest of the site is built


def test_generated_names_never_replace_an_overview(builds: tuple[Build, Build]) -> None:
    out = builds[0].outdir
    assert builds[0].text("series/index.html").startswith("Series")
    assert builds[0].text("speakers/index.html").startswith("People")
    assert "Good event 2024" in builds[0].text("series/index-series.html")
    assert "A talk by Index" in builds[0].text("speakers/index-speaker.html")
    link = builds[0].main("recaps/good-2024/by-index.html").select_one('a[href$="index-speaker.html"]')
    assert link is not None and link.get_text(strip=True) == "Index"
    assert (out / "speakers/ada-lovelace.html").is_file()


def test_raw_html_in_a_heading_is_text_in_the_navigation_of_other_pages(builds: tuple[Build, Build]) -> None:
    first, _ = builds
    for page in ("recaps/good-2024/fine-note.html", "recaps/good-2024/index.html", "recaps/index.html"):
        html = (first.outdir / page).read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert "onerror" not in first.page(page).decode().replace("&lt;img src=x onerror", ""), page
    assert "&lt;img src=x onerror=alert(1)&gt; Raw &lt;b&gt;heading&lt;/b&gt;" in (
        first.outdir / "recaps/good-2024/fine-note.html"
    ).read_text(encoding="utf-8")


def test_two_clean_builds_publish_the_same_bytes(builds: tuple[Build, Build]) -> None:
    """Every published file is the same, but Pagefind's filter and meta files and its entry file, which
    Pagefind itself does not write in a stable order (Pagefind issue 638); its fragments are stable."""
    first, second = builds
    one, two = sorted_files(first.outdir), sorted_files(second.outdir)
    unstable = re.compile(r"^pagefind/[^/]+/(filter/|pagefind\.[^/]+\.pf_meta$|pagefind-entry\.json$)")
    assert [p for p in one if not unstable.match(p)] == [p for p in two if not unstable.match(p)]
    for relative in one:
        if not unstable.match(relative) and relative in two:
            assert (first.outdir / relative).read_bytes() == (second.outdir / relative).read_bytes(), relative
    # The build's own record of its indexing (with timings) is kept beside the doctrees, not published.
    assert not [p for p in one if p.endswith("talknotes-index.json")]
    assert any(p.startswith("pagefind/") and "/fragment/" in p for p in one)


def sorted_files(outdir: Path) -> list[str]:
    return sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())


def test_a_build_without_the_address_removes_what_one_with_it_wrote(tmp_path: Path) -> None:
    """Feeds, calendars and the sitemap need the site's address; a later build without it must not leave
    them for whoever uploads the folder. The build's own records are never in the output."""
    src = copy_root("minimal", tmp_path)
    out = tmp_path / "html"
    published = sphinx_build(src, out, "-n", "-W", "-D", "html_baseurl=https://notes.example.org/")
    assert published.returncode == 0, published.stderr
    assert (out / "feeds/index.atom").is_file() and (out / "calendars/index.ics").is_file()
    assert (out / "sitemap.xml").is_file()
    local = sphinx_build(src, out, "-n", "-W")
    assert local.returncode == 0, local.stderr
    assert not (out / "feeds").exists() and not (out / "calendars").exists() and not (out / "sitemap.xml").exists()
    assert (out / "catalog.json").is_file() and (out / "recaps/good-2024/fine-note.html").is_file()
    # Sphinx's own build information (and its copy when the configuration changed), nothing of ours.
    assert {p.name for p in out.iterdir() if p.name.startswith(".")} <= {".buildinfo", ".buildinfo.bak"}


def test_make_epub_builds_the_real_site_under_w(tmp_path: Path) -> None:
    """``make epub`` is in ``make help``: it builds the real site with the options of ``make html``."""
    src = copy_real_site(tmp_path / "site")
    if (REPO / "node_modules").is_dir():
        (src / "node_modules").symlink_to(REPO / "node_modules")
    done = subprocess.run(
        ["make", "-s", "epub", f"VENV={REPO / '.venv'}", f"BUILDDIR={tmp_path / 'build'}"],
        cwd=src, capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith(("READTHEDOCS", "TALKNOTES_"))},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr
    book = tmp_path / "build/epub/talknotes.epub"
    with zipfile.ZipFile(book) as epub:
        names = epub.namelist()
        assert "mimetype" in names and "content.opf" in names
        assert not [name for name in names if name.endswith(".mjs") or "talknotes-state" in name]
        recap = epub.read("recaps/openstack-day-canada-2016/index.xhtml").decode("utf-8")
    assert "OpenStack Day Canada" in recap
