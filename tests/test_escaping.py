"""Front matter and registry text reaches pages and the catalog as text, never as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Build, copy_root, sphinx_build

SCRIPT = '<script>alert("pwned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
QUOTES = '"\' onmouseover=alert(2) x="'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("hostile")
    src = copy_root("basic", base)

    def replace(relative: str, old: str, new: str) -> None:
        path = src / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def quoted(text: str) -> str:
        return json.dumps(text)  # a JSON string is a valid YAML string, whatever it holds

    replace("recaps/pycon-x-2024/index.md", "name: PyCon X 2024", f"name: {quoted(SCRIPT + ' PyCon')}")
    replace("recaps/pycon-x-2024/index.md", "venue: Convention Centre", f"venue: {quoted(IMAGE)}")
    replace("recaps/pycon-x-2024/keynote.md", "summary: The opening keynote.", f"summary: {quoted(IMAGE + QUOTES)}")
    replace("recaps/meetup-2023/containers-intro.md", "[Grace Hopper]", f"[{quoted(SCRIPT + ' Grace')}]")
    replace("topics.yml", "name: Kubernetes", f"name: {quoted(QUOTES + ' Kube')}")
    replace(
        "topics.yml",
        "description: The *Python* language. See [the site](https://www.python.org).",
        f"description: {quoted(f'The {SCRIPT} language, [click](javascript:alert(3)).')}",
    )
    replace("speakers.yml", "aliases: [A. Lovelace]", f"aliases: ['A. Lovelace', {quoted(IMAGE)}]")
    build = sphinx_build(src, base / "html", "-n", "--keep-going")
    assert build.returncode == 0, build.stderr
    return build


def pages(build: Build) -> list[str]:
    return sorted(p.relative_to(build.outdir).as_posix() for p in build.outdir.rglob("*.html"))


def test_no_injected_markup_on_any_page(hostile_site: Build) -> None:
    for page in pages(hostile_site):
        soup = hostile_site.page(page)
        for script in soup.find_all("script"):
            assert "pwned" not in script.get_text(), page
        assert soup.find(attrs={"onerror": True}) is None, page
        assert soup.find(attrs={"onmouseover": True}) is None, page
        assert not soup.select("a[href^='javascript:']"), page


def test_hostile_text_is_shown_literally(hostile_site: Build) -> None:
    assert f"{SCRIPT} PyCon" in hostile_site.text("recaps/pycon-x-2024/keynote.html")
    assert IMAGE in hostile_site.text("recaps/pycon-x-2024/index.html")
    assert f"{SCRIPT} PyCon" in hostile_site.text("topics/python.html")
    assert SCRIPT in hostile_site.text("topics/python.html")  # the description's raw HTML is escaped
    assert IMAGE in hostile_site.text("speakers/ada-lovelace.html")
    assert f"{QUOTES} Kube" in hostile_site.text("topics/index.html")
    assert IMAGE + QUOTES in hostile_site.text("topics/python.html")  # the keynote's summary


def test_page_titles_stay_text(hostile_site: Build) -> None:
    title = hostile_site.page("topics/kubernetes.html").title
    assert title is not None and "Kube" in title.get_text()
    speaker_pages = [p for p in pages(hostile_site) if p.startswith("speakers/script")]
    assert len(speaker_pages) == 1
    assert hostile_site.page(speaker_pages[0]).find("h1").get_text() == f"{SCRIPT} Grace"


def test_catalog_stays_valid_json(hostile_site: Build) -> None:
    catalog = json.loads((hostile_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    names = {e["name"] for e in catalog["events"]}
    assert f"{SCRIPT} PyCon" in names
    assert any(s["name"] == f"{SCRIPT} Grace" for s in catalog["speakers"])


def test_speaker_ids_are_safe_paths(hostile_site: Build) -> None:
    for path in Path(hostile_site.outdir, "speakers").iterdir():
        assert all(ch not in path.name for ch in "<>\"' "), path.name
