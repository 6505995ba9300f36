"""The overviews at archive scale: the people and topics overviews as A–Z indexes of pages, within a page's budget."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from helpers import Build, copy_root, sphinx_build

PAGE_BUDGET = 200 * 1000  # bytes of HTML a page a reader browses may weigh (issue 33)


def initial(name: str) -> str:
    letters = [c for c in unicodedata.normalize("NFKD", name).casefold() if c.isalnum()]
    return letters[0] if letters and "a" <= letters[0] <= "z" else "0"


def basic_built(tmp_path: Path, options: tuple[str, ...]) -> tuple[Path, Build]:
    """A copy of the basic site, built once with ``options`` into ``tmp_path/html``."""
    src = copy_root("basic", tmp_path)
    first = sphinx_build(src, tmp_path / "html", *options)
    assert first.returncode == 0, first.stderr
    return src, first


def same_pages(incremental: Build, clean: Build, folder: str) -> list[str]:
    """The A–Z pages in ``folder``: the same files, and the same text as their overview's, in both builds."""
    pages = sorted(p.name for p in (clean.outdir / folder).iterdir())
    assert sorted(p.name for p in (incremental.outdir / folder).iterdir()) == pages
    for name in ["../index.html", *pages]:
        ours, theirs = incremental.main(f"{folder}/{name}"), clean.main(f"{folder}/{name}")
        assert ours.get_text() == theirs.get_text(), name
    return pages


def test_a_crowded_people_overview_is_an_index_of_pages_by_letter(crowded: Build) -> None:
    data = json.loads((crowded.outdir / "catalog.json").read_text(encoding="utf-8"))
    people = {s["id"]: s["name"] for s in data["speakers"]}
    assert len(people) >= 2000
    overview = crowded.main("speakers/index.html")
    assert f"{len(people):,} people" in overview.get_text()
    index = overview.select_one(".talknotes-initials")
    assert index is not None and not overview.select(".talknotes-speakers li")
    # A link per letter with its count, in order, to a page at a stable address below the overview's.
    links = {a.get_text(): a["href"] for a in index.select("a")}
    letters = sorted({initial(name) for name in people.values()})
    assert sorted(href.removeprefix("index/").removesuffix(".html") for href in links.values()) == letters
    listed: dict[str, str] = {}
    for label, href in links.items():
        path = crowded.outdir / "speakers" / href
        assert path.stat().st_size <= PAGE_BUDGET, (href, path.stat().st_size)
        page = crowded.main(f"speakers/{href}")
        assert page.select_one("h1").get_text().startswith(f"People: {label}")
        here = page.select_one(".talknotes-initials")
        assert label in here.get_text() and not here.find("a", string=label)  # the page itself is not a link
        for link in page.select(".talknotes-speakers li a"):
            person = Path(link["href"]).stem
            assert person not in listed, person
            listed[person] = label
            assert initial(people[person]).upper() == label.replace("Other", "0")
            assert (path.parent / link["href"]).resolve().is_file()
        count = index.find("a", string=label).next_sibling
        assert count.strip().startswith(f"({len(page.select('.talknotes-speakers li')):,})")
    assert set(listed) == set(people)
    # The biggest page a reader browses on this site is within the budget too.
    biggest = max(
        (p for p in crowded.outdir.rglob("*.html") if "_static" not in p.parts), key=lambda p: p.stat().st_size
    )
    assert biggest.stat().st_size <= PAGE_BUDGET, biggest


def test_a_small_people_overview_lists_everyone_on_one_page(basic_site: Build) -> None:
    overview = basic_site.main("speakers/index.html")
    assert overview.select(".talknotes-speakers li") and overview.select_one(".talknotes-initials") is None
    assert not (basic_site.outdir / "speakers/index").exists()


def test_the_pages_of_the_overview_follow_the_people_in_an_incremental_build(tmp_path: Path) -> None:
    """A person whose only note goes leaves their letter's page; one who comes joins it, as in a clean build."""
    options = ("-n", "-D", "talknotes_people_limit=1")
    src, first = basic_built(tmp_path, options)
    out = first.outdir
    assert (out / "speakers/index/g.html").is_file() and not (out / "speakers/index/z.html").exists()
    for path in ("recaps/pycon-x-2024/packaging-talk.md", "recaps/meetup-2023/containers-intro.md"):
        note = src / path
        note.write_text(note.read_text(encoding="utf-8").replace("Grace Hopper", "Zed Newcomer"), encoding="utf-8")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    clean = sphinx_build(src, tmp_path / "clean", *options)
    assert clean.returncode == 0, clean.stderr
    pages = same_pages(build, clean, "speakers/index")
    assert "z.html" in pages and "g.html" not in pages
    assert "Zed Newcomer" in build.main("speakers/index/z.html").get_text()


def test_past_its_limit_the_topics_overview_is_an_index_of_pages_of_whole_trees(tmp_path: Path) -> None:
    """Each page holds the trees of the broadest topics of its letter; an incremental build follows a new topic."""
    options = ("-n", "-D", "talknotes_topics_limit=2")
    src, first = basic_built(tmp_path, options)
    out = first.outdir
    overview = first.main("topics/index.html")
    assert "5 topics" in overview.get_text() and not overview.select(".talknotes-topic-tree")
    links = {a.get_text(): a["href"] for a in overview.select(".talknotes-initials a")}
    assert links == {"C": "index/c.html", "P": "index/p.html", "U": "index/u.html"}
    assert overview.select_one(".talknotes-initials").get_text() == "C (2) · P (2) · U (1)"
    containers = first.main("topics/index/c.html")
    assert containers.select_one("h1").get_text().startswith("Topics: C")
    assert not containers.select_one(".talknotes-initials").find("a", string="C")  # the page itself
    tree = containers.select_one(".talknotes-topic-tree")
    # The whole tree of Containers, Kubernetes below it though its name starts with another letter.
    assert [a.get_text() for a in tree.select("a")] == ["Containers", "Kubernetes"]
    assert tree.select_one("li li a").get_text() == "Kubernetes"
    for link in tree.select("a"):
        assert (out / "topics/index" / link["href"]).resolve().is_file()
    listed = set()
    for key in "cpu":
        listed |= {a.get_text() for a in first.main(f"topics/index/{key}.html").select(".talknotes-topic-tree a")}
    assert listed == {"Containers", "Kubernetes", "Python", "Packaging", "Unused topic"}
    # A new broadest topic gets its letter's page, in an incremental build as in a clean one.
    with (src / "topics.yml").open("a", encoding="utf-8") as registry:
        registry.write("zebra-topic: Zebras\n")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    clean = sphinx_build(src, tmp_path / "clean", *options)
    assert clean.returncode == 0, clean.stderr
    assert same_pages(build, clean, "topics/index") == ["c.html", "p.html", "u.html", "z.html"]
    assert "Zebras" in build.main("topics/index/z.html").get_text()


def test_a_small_topics_overview_is_one_tree(basic_site: Build) -> None:
    overview = basic_site.main("topics/index.html")
    assert overview.select(".talknotes-topic-tree li") and overview.select_one(".talknotes-initials") is None
    assert not (basic_site.outdir / "topics/index").exists()
