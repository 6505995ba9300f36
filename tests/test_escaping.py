"""Front matter and registry text reaches pages and the catalog as text, never as markup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import Build, copy_root, sphinx_build

SCRIPT = '<script>alert("pwned")</script>'
IMAGE = "<img src=x onerror=alert(1)>"
QUOTES = '"\' onmouseover=alert(2) x="'


def quoted(text: str) -> str:
    """A YAML string holding ``text`` exactly: a JSON string is valid YAML, whatever it holds."""
    return json.dumps(text, ensure_ascii=False)


def replace_in(src: Path, relative: str, old: str, new: str) -> None:
    path = src / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("hostile")
    src = copy_root("basic", base)

    def replace(relative: str, old: str, new: str) -> None:
        replace_in(src, relative, old, new)

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


def executable_scripts(soup: BeautifulSoup, page: str) -> list:
    """The page's scripts that run. A JSON data script (the explore page's) holds hostile names as text: it
    must parse and hold no "<", which could end it."""
    scripts = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            assert "<" not in script.get_text() and json.loads(script.get_text()), page
        else:
            scripts.append(script)
    return scripts


def test_no_injected_markup_on_any_page(hostile_site: Build) -> None:
    for page in pages(hostile_site):
        soup = hostile_site.page(page)
        for script in executable_scripts(soup, page):
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


def test_link_preview_tags_carry_hostile_text_as_attribute_values(hostile_site: Build) -> None:
    keynote = hostile_site.page("recaps/pycon-x-2024/keynote.html")
    description = keynote.select_one("head meta[property='og:description']")
    assert description is not None and description["content"] == IMAGE + QUOTES
    assert keynote.select_one("head meta[name=description]")["content"] == IMAGE + QUOTES  # type: ignore[index]
    title = hostile_site.page("topics/kubernetes.html").select_one("head meta[property='og:title']")
    assert title is not None and title["content"] == f"{QUOTES} Kube"
    # Every head tag is one the site writes: no attribute or element came from the front matter.
    for page in pages(hostile_site):
        for tag in hostile_site.page(page).head.find_all("meta"):  # type: ignore[union-attr]
            assert set(tag.attrs) <= {"property", "name", "content", "charset", "http-equiv"}, (page, tag)


def test_page_titles_stay_text(hostile_site: Build) -> None:
    title = hostile_site.page("topics/kubernetes.html").title
    assert title is not None and "Kube" in title.get_text()
    speaker_pages = [p for p in pages(hostile_site) if p.startswith("speakers/script")]
    assert len(speaker_pages) == 1
    assert hostile_site.page(speaker_pages[0]).find("h1").get_text().rstrip("¶") == f"{SCRIPT} Grace"


def test_catalog_stays_valid_json(hostile_site: Build) -> None:
    catalog = json.loads((hostile_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    names = {e["name"] for e in catalog["events"]}
    assert f"{SCRIPT} PyCon" in names
    assert any(s["name"] == f"{SCRIPT} Grace" for s in catalog["speakers"])


def test_speaker_ids_are_safe_paths(hostile_site: Build) -> None:
    for path in Path(hostile_site.outdir, "speakers").iterdir():
        assert all(ch not in path.name for ch in "<>\"' "), path.name


PAYLOADS = {
    "script": '<script>alert("x")</script>',
    "attribute-break": "\"' onmouseover=alert(1) data-x='\"><b>bold</b>",
    "long": "Lorem ipsum " * 800,
    "rtl": "\u202eevil\u202c مرحبا بالعالم עברית",
    "combining": "Z\u0335\u0321\u031b\u0334a\u0337l\u0335g\u0334o\u0336 e\u0301\u0300\u0302",
    "emoji": "🚀🔥 👩‍💻 🏳️‍🌈 ✨",
}


def with_payload(base: Path, payload: str, label: str) -> Build:
    """The basic site with ``payload`` in every front matter and registry field that reaches a page."""
    src = copy_root("basic", base / label)
    value = quoted(payload)

    def replace(relative: str, old: str, new: str) -> None:
        replace_in(src, relative, old, new)

    event = "recaps/pycon-x-2024/index.md"
    replace(event, "name: PyCon X 2024", f"name: {quoted(payload + ' event')}")
    for field in ("venue: Convention Centre", "city: Lyon", "country: France"):
        replace(event, field, f"{field.split(':')[0]}: {value}")
    replace(event, "organizers: [Jane Roe, John Doe]", f"organizers: [{value}, John Doe]")
    replace("recaps/meetup-2023/index.md", "city: Berlin", f"city: Berlin\n  region: {value}")
    replace("recaps/pycon-x-2024/keynote.md", "summary: The opening keynote.", f"summary: {value}")
    replace("recaps/meetup-2023/containers-intro.md", "[Grace Hopper]", f"[{quoted(payload + ' Grace')}]")
    replace("topics.yml", "name: Kubernetes", f"name: {quoted(payload + ' Kube')}")
    replace("topics.yml", "aliases: [k8s]", f"aliases: [k8s, {quoted(payload + ' k')}]")
    replace(
        "topics.yml",
        "description: The *Python* language. See [the site](https://www.python.org).",
        f"description: {value}",
    )
    replace("speakers.yml", "name: Ada Lovelace", f"name: {quoted(payload + ' Ada')}")
    replace("speakers.yml", "aliases: [A. Lovelace]", f"aliases: [A. Lovelace, {quoted(payload + ' A')}]")
    build = sphinx_build(src, base / f"{label}-html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    return build


def skeletons(build: Build) -> dict[str, list[str]]:
    """The tag structure of every page's main content, keyed by page."""
    result: dict[str, list[str]] = {}
    named_skeletons = []
    for page in pages(build):
        skeleton = [f"{tag.name}.{'.'.join(tag.get('class', []))}" for tag in build.main(page).find_all(True)]
        if page.startswith(("speakers/", "places/")) and page not in ("speakers/index.html", "places/index.html"):
            # Unregistered speakers' and places' file names follow their names.
            named_skeletons.append(" ".join(skeleton))
        else:
            result[page] = skeleton
    result["speakers/*, places/*"] = sorted(named_skeletons)
    return result


@pytest.fixture(scope="module")
def neutral_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return with_payload(tmp_path_factory.mktemp("neutral"), "Plain", "neutral")


@pytest.mark.parametrize("name", PAYLOADS)
def test_payload_in_every_field_keeps_pages_intact(name: str, neutral_site: Build, tmp_path: Path) -> None:
    payload = PAYLOADS[name]
    build = with_payload(tmp_path, payload, name)
    # Nothing executes.
    for page in pages(build):
        soup = build.page(page)
        assert not any("alert" in script.get_text() for script in executable_scripts(soup, page)), page
        assert not soup.find_all(lambda tag: any(attr.startswith("on") for attr in tag.attrs)), page
        assert not soup.select("a[href^='javascript:']"), page
    # Nothing breaks the page structure: the same tags, in the same order, as with plain text.
    assert skeletons(build) == skeletons(neutral_site)
    # The text arrives whole, as text.
    folded = " ".join(payload.split())
    assert f"{folded} event" in build.text("recaps/pycon-x-2024/keynote.html")
    assert folded in build.text("topics/python.html")
    assert f"{folded} Kube" in build.text("topics/index.html")
    assert f"{folded} Ada" in build.text("speakers/index.html")
    catalog = json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))
    assert any(event["name"] == f"{folded} event" for event in catalog["events"])
    assert any(speaker["name"] == f"{folded} Grace" for speaker in catalog["speakers"])
