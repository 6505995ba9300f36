"""What readers see on the basic test site: cards, lists, overviews, generated pages, roles, drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import Build, card_fields, copy_root, sphinx_build

PYCON = "recaps/pycon-x-2024"


def note_titles(build: Build, path: str, selector: str = ".talknotes-notes > li > p > strong > a") -> list[str]:
    return [a.get_text() for a in build.main(path).select(selector)]


def test_basic_site_builds_without_warnings(basic_site: Build) -> None:
    assert basic_site.returncode == 0, basic_site.stderr
    assert basic_site.warnings() == []


def test_event_page_card(basic_site: Build) -> None:
    fields = card_fields(basic_site, f"{PYCON}/index.html")
    assert fields == {
        "Dates": "10–12 May 2024",
        "Venue": "Convention Centre",
        "Place": "Lyon, France",
        "Attendance": "1,200",
        "Organizers": "Jane Roe, John Doe",
        "Website": "https://pycon.example.org",
        "Topics": "Python",
        "Notes": "3 besides this recap",  # the list below leaves the recap, this page, out
        "Explore": "Filter and search these notes",
    }
    website = basic_site.main(f"{PYCON}/index.html").select_one(".talknotes-card a[href^='https://']")
    assert website["href"] == "https://pycon.example.org"


def test_event_page_lists_its_notes_by_date_then_title_without_drafts(basic_site: Build) -> None:
    assert note_titles(basic_site, f"{PYCON}/index.html") == [
        "Opening keynote",
        "Packaging in practice",
        "Kubernetes deep dive",
    ]
    assert "Recap prose of PyCon X." in basic_site.text(f"{PYCON}/index.html")


def test_event_notes_are_a_section_in_the_page_contents(basic_site: Build) -> None:
    page = basic_site.page(f"{PYCON}/index.html")
    section = page.select_one("section#notes-from-this-event")
    assert section is not None and section.find("h2").get_text(strip=True).rstrip("¶") == "Notes from this event"
    assert section.select(".talknotes-notes li")  # the list is inside its section, not after it


def test_note_card_links_event_speakers_and_topics(basic_site: Build) -> None:
    fields = card_fields(basic_site, f"{PYCON}/packaging-talk.html")
    assert fields["Event"] == "PyCon X 2024"
    assert fields["Date"] == "11 May 2024"
    assert fields["Speakers"] == "Ada Lovelace, Grace Hopper"  # the alias "A. Lovelace" is Ada
    assert fields["Topics"] == "Packaging"
    card = basic_site.main(f"{PYCON}/packaging-talk.html").select_one(".talknotes-card")
    links = {a.get_text(): a["href"] for a in card.select("a")}
    assert links == {
        "PyCon X 2024": "index.html",
        "Ada Lovelace": "../../speakers/ada-lovelace.html",
        "Grace Hopper": "../../speakers/grace-hopper.html",
        "Packaging": "../../topics/packaging.html",
    }


def test_slides_and_video_are_labelled_links_on_the_card_and_in_lists(basic_site: Build) -> None:
    fields = card_fields(basic_site, f"{PYCON}/keynote.html")
    assert fields["Materials"] == "Slides (slides.example.org)"
    card = basic_site.main(f"{PYCON}/keynote.html").select_one(".talknotes-card")
    assert card.select_one("a.talknotes-slides")["href"] == "https://slides.example.org/keynote"
    for page in (f"{PYCON}/index.html", "speakers/ada-lovelace.html", "topics/python.html"):
        entry = next(
            li for li in basic_site.main(page).select(".talknotes-note")
            if li.select_one("strong a").get_text() == "Opening keynote"
        )  # fmt: skip
        marker = entry.select_one(".talknotes-materials a")
        assert (marker.get_text(), marker["href"]) == ("slides", "https://slides.example.org/keynote"), page
    # A note without slides or video has no marker and no empty row.
    assert "Materials" not in card_fields(basic_site, f"{PYCON}/packaging-talk.html")


def test_note_date_defaults_to_event_start(basic_site: Build) -> None:
    assert card_fields(basic_site, "recaps/meetup-2023/containers-intro.html")["Date"] == "1 March 2023"


def test_neighbours_show_other_notes_of_the_event_and_related_notes(basic_site: Build) -> None:
    main = basic_site.main(f"{PYCON}/keynote.html")
    box = main.select_one(".talknotes-neighbours")
    rubrics = [r.get_text(" ", strip=True) for r in box.select(".rubric")]
    assert rubrics == ["More from PyCon X 2024", "Related notes"]
    lists = box.select(".talknotes-notes")
    siblings = [li.p.a.get_text() for li in lists[0].select("li")]
    related = [li.p.a.get_text() for li in lists[1].select("li")]
    assert siblings == ["Packaging in practice", "Kubernetes deep dive"]
    # Most shared topics first: python+kubernetes (2) before kubernetes only (1); other events only.
    assert related == ["Five minutes of Python", "Containers from scratch"]


def test_topic_page_groups_notes_by_event_newest_first(basic_site: Build) -> None:
    main = basic_site.main("topics/kubernetes.html")
    assert [h.get_text().rstrip("¶") for h in main.select("h3")] == ["PyCon X 2024", "Container Meetup 2023"]
    assert note_titles(basic_site, "topics/kubernetes.html") == [
        "Opening keynote",
        "Kubernetes deep dive",
        "Containers from scratch",
        "Five minutes of Python",
    ]
    fields = card_fields(basic_site, "topics/kubernetes.html")
    assert fields["Also called"] == "k8s"
    assert fields["Broader"] == "Containers"


def test_topic_description_is_markdown(basic_site: Build) -> None:
    description = basic_site.main("topics/python.html").select_one(".talknotes-description")
    assert description.select_one("em").get_text() == "Python"
    assert description.select_one("a")["href"] == "https://www.python.org"
    assert card_fields(basic_site, "topics/python.html")["Narrower"] == "Packaging (1)"


def test_topic_without_notes_has_a_page(basic_site: Build) -> None:
    assert "No notes on this topic yet." in basic_site.text("topics/unused-topic.html")


def test_speaker_pages_merge_aliases_and_list_notes_newest_first(basic_site: Build) -> None:
    assert note_titles(basic_site, "speakers/ada-lovelace.html") == ["Packaging in practice", "Opening keynote"]
    fields = card_fields(basic_site, "speakers/ada-lovelace.html")
    assert fields["Also billed as"] == "A. Lovelace"
    assert fields["Links"] == "https://example.org/ada"
    assert note_titles(basic_site, "speakers/grace-hopper.html") == ["Packaging in practice", "Containers from scratch"]


def test_lists_do_not_repeat_what_their_page_says(basic_site: Build) -> None:
    # On a person's page, each entry names the other speakers only, and never links to the page itself.
    entries = basic_site.main("speakers/ada-lovelace.html").select(".talknotes-note")
    texts = [" ".join(entry.get_text(" ").split()) for entry in entries]
    assert "with Grace Hopper" in texts[0] and "Ada Lovelace" not in texts[0] and "A. Lovelace" not in texts[0]
    assert "Ada Lovelace" not in texts[1] and "with" not in texts[1].split(" — ")[1].split(" · ")[:3]
    for page in sorted(p.relative_to(basic_site.outdir).as_posix() for p in basic_site.outdir.rglob("*.html")):
        own = page.rsplit("/", 1)[-1]
        links = [a["href"] for a in basic_site.main(page).select(".talknotes-notes a")]
        assert own not in links, page
    # An event's own page in a list (its recap) does not name the event a second time.
    recap = next(
        entry for entry in basic_site.main("topics/python.html").select(".talknotes-note")
        if entry.select_one("strong a").get_text() == "PyCon X 2024"
    )  # fmt: skip
    assert [a.get_text() for a in recap.select("a")].count("PyCon X 2024") == 1


def test_organizers_are_people_with_a_page(basic_site: Build) -> None:
    card = basic_site.main(f"{PYCON}/index.html").select_one(".talknotes-event-card")
    links = {a.get_text(): a["href"] for a in card.select("a.talknotes-speaker")}
    assert links == {"Jane Roe": "../../speakers/jane-roe.html", "John Doe": "../../speakers/john-doe.html"}
    page = basic_site.main("speakers/jane-roe.html")
    assert [b.get_text() for b in page.select(".talknotes-speaker-card .sd-badge")] == ["Organizer"]
    assert card_fields(basic_site, "speakers/jane-roe.html")["Organized"] == "1 event"
    organized = page.select_one("section#organized")
    assert [a.get_text() for a in organized.select(".talknotes-event a")] == ["PyCon X 2024"]
    assert "No notes by this speaker" not in page.get_text()  # an organizer only has no empty talks list
    people = basic_site.text("speakers/index.html")
    assert "Jane Roe (organized 1 event)" in people and "Ada Lovelace (2 notes)" in people
    catalog = json.loads((basic_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    jane = next(person for person in catalog["speakers"] if person["id"] == "jane-roe")
    assert (jane["organized"], jane["notes"], jane["url"]) == (["pycon-x-2024"], [], "speakers/jane-roe.html")
    event = next(e for e in catalog["events"] if e["id"] == "pycon-x-2024")
    assert (event["organizers"], event["organizer_ids"]) == (["Jane Roe", "John Doe"], ["jane-roe", "john-doe"])


def test_overviews(basic_site: Build) -> None:
    events = basic_site.main("recaps/index.html")
    assert [r.get_text() for r in events.select(".rubric")] == ["2024", "2023"]
    assert "PyCon X 2024 — 10–12 May 2024 · Lyon, France · recap and 3 notes" in basic_site.text("recaps/index.html")
    topics = basic_site.text("topics/index.html")
    # Narrower topics under their broader one, which counts its own notes and, each once, all below it.
    assert "Containers (2; 5 with narrower topics) Kubernetes (4)" in topics
    assert "Python (3; 4 with narrower topics) Packaging (1)" in topics
    containers = card_fields(basic_site, "topics/containers.html")
    assert containers["Notes"] == "2, and 3 more notes under narrower topics"
    assert containers["Narrower"] == "Kubernetes (4)"
    speakers = basic_site.text("speakers/index.html")
    assert speakers.endswith(
        "Ada Lovelace (2 notes) Grace Hopper (2 notes) Jane Roe (organized 1 event) John Doe (organized 1 event)"
    )


def test_drafts_are_built_but_listed_nowhere(basic_site: Build) -> None:
    draft = basic_site.text(f"{PYCON}/draft-note.html")
    assert "Unfinished draft note" in draft and "Draft" in draft
    listings = [
        "index.html",
        f"{PYCON}/index.html",
        f"{PYCON}/keynote.html",
        "topics/python.html",
        "recaps/index.html",
        "speakers/index.html",
    ]
    for path in listings:
        assert "Unfinished draft note" not in basic_site.text(path), path
    assert "Secret Speaker" not in basic_site.text("speakers/index.html")
    assert not (basic_site.outdir / "speakers/secret-speaker.html").exists()
    catalog = (basic_site.outdir / "catalog.json").read_text(encoding="utf-8")
    assert "draft-note" not in catalog and "Secret Speaker" not in catalog
    nav = basic_site.page("index.html").get_text()
    assert "Unfinished draft note" not in nav


def test_notes_directive_filters(basic_site: Build) -> None:
    main = basic_site.main("index.html")
    lists = main.select(".talknotes-notes")
    titles = [[a.get_text() for a in ul.select("li > p > strong > a")] for ul in lists]
    assert titles == [
        ["Opening keynote", "PyCon X 2024", "Five minutes of Python"],  # topic python, newest first
        ["Containers from scratch"],  # kind talk, year 2023
        ["Packaging in practice"],  # speaker Ada, limit 1
    ]


def test_roles_link_to_event_topic_and_speaker_pages(basic_site: Build) -> None:
    links = {a.get_text(): a["href"] for a in basic_site.main("index.html").select("p a.reference")}
    assert links["PyCon X 2024"] == f"{PYCON}/index.html"
    assert links["Kubernetes"] == "topics/kubernetes.html"  # alias k8s resolved, shown by name
    assert links["Ada Lovelace"] == "speakers/ada-lovelace.html"
    assert links["the packaging topic"] == "topics/packaging.html"


def test_catalog(basic_site: Build) -> None:
    catalog = json.loads((basic_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in catalog["events"]] == ["meetup-2023", "pycon-x-2024"]
    notes = {n["id"]: n for n in catalog["notes"]}
    assert notes[f"{PYCON}/packaging-talk"] == {
        "id": f"{PYCON}/packaging-talk",
        "title": "Packaging in practice",
        "kind": "talk",
        "status": "note",
        "event": "pycon-x-2024",
        "date": "2024-05-11",
        "time": None,
        "topics": ["packaging"],
        "speakers": ["ada-lovelace", "grace-hopper"],
        "slides": None,
        "video": None,
        "summary": "Wheels and lock files.",
        "source": None,  # written by hand, not imported
        "url": f"{PYCON}/packaging-talk.html",
    }
    topics = {t["id"]: t for t in catalog["topics"]}
    assert topics["kubernetes"]["url"] == "topics/kubernetes.html"
    assert topics["containers"]["narrower"] == ["kubernetes"]


DIRHTML_URL = "https://basic.example/"


@pytest.fixture(scope="module")
def dirhtml_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("dirhtml")
    options = ("-n", "-W", "--keep-going", "-D", f"html_baseurl={DIRHTML_URL}")
    return sphinx_build(copy_root("basic", base), base / "dirhtml", *options, builder="dirhtml")


def test_dirhtml_gives_the_same_paths_as_folders(dirhtml_site: Build) -> None:
    assert dirhtml_site.returncode == 0, dirhtml_site.stderr
    out = dirhtml_site.outdir
    for path in ("recaps/index.html", f"{PYCON}/index.html", "topics/kubernetes/index.html", "speakers/index.html"):
        assert (out / path).is_file(), path
    card = dirhtml_site.main(f"{PYCON}/packaging-talk/index.html").select_one(".talknotes-card")
    links = {a.get_text(): a["href"] for a in card.select("a")}
    assert links["PyCon X 2024"] == "../"
    assert links["Packaging"] == "../../../topics/packaging/"
    topic = dirhtml_site.main("topics/kubernetes/index.html")
    hrefs = {a.get_text(): a["href"] for a in topic.select("a")}
    assert hrefs["Opening keynote"] == "../../recaps/pycon-x-2024/keynote/"
    assert hrefs["All topics"] == "../"
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog["notes"] + catalog["topics"]:
        assert (out / entry["url"] / "index.html").is_file() or (out / entry["url"]).is_file(), entry["url"]


def test_dirhtml_sitemap_and_link_previews_use_folder_urls(dirhtml_site: Build) -> None:
    urls = list(dirhtml_site.sitemap())
    assert f"{DIRHTML_URL}{PYCON}/packaging-talk/" in urls
    assert f"{DIRHTML_URL}topics/kubernetes/" in urls
    assert DIRHTML_URL in urls  # the home page
    for url in urls:
        assert url.endswith("/") and (dirhtml_site.outdir / url.removeprefix(DIRHTML_URL) / "index.html").is_file()
    note = dirhtml_site.page(f"{PYCON}/packaging-talk/index.html").select_one("meta[property='og:url']")
    assert note is not None and note["content"] == f"{DIRHTML_URL}{PYCON}/packaging-talk/"


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "text"])
def test_other_builders_build_without_warnings(builder: str, tmp_path: Path) -> None:
    """HTML translators fill the cards and lists as they write a page; other builders get them in the doctree."""
    build = sphinx_build(copy_root("basic", tmp_path), tmp_path / builder, "-n", "-W", "--keep-going", builder=builder)
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr
    if builder == "singlehtml":
        text = build.text("index.html")
        assert "Opening keynote" in text and "PyCon X 2024" in text
    if builder == "text":
        event = (build.outdir / f"{PYCON}/index.txt").read_text(encoding="utf-8")
        assert "Lyon" in event and "Convention Centre" in event  # the event card
        assert "Opening keynote" in event and "Packaging in practice" in event  # the list of the event's notes
        assert "Unfinished draft note" not in event  # drafts stay out of lists here too


NESTED_LISTS = """---
orphan: true
---
# Lists inside other blocks

- Python, first:

  ```{notes}
  :topic: python
  ```

- Then the talks of 2023:
  ```{notes}
  :kind: talk
  :year: 2023
  ```

````{note}
```{notes}
:speaker: Ada Lovelace
:limit: 1
```
```{notes}
:topic: python
```
````

| Where | What |
|---|---|
| a table cell | {topic}`python` |
"""


def test_a_list_renders_the_same_inside_a_list_item_or_an_admonition(tmp_path: Path) -> None:
    """The HTML translator writes a list in its placeholder's place, whatever holds it: the same markup as at the
    top level of a page, each list where it was written, and the rest of the page intact around it."""
    src = copy_root("basic", tmp_path)
    (src / "nested.md").write_text(NESTED_LISTS, encoding="utf-8")
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    top_level = [str(ul) for ul in build.main("index.html").select("ul.talknotes-notes")]
    assert len(top_level) == 3
    python, talks_2023, latest_by_ada = top_level

    page = build.main("nested.html")
    items = page.select_one("section > ul:not(.talknotes-notes)").find_all("li", recursive=False)
    assert [item.p.get_text(strip=True) for item in items] == ["Python, first:", "Then the talks of 2023:"]
    assert [str(ul) for ul in items[0].select("ul.talknotes-notes")] == [python]
    assert [str(ul) for ul in items[1].select("ul.talknotes-notes")] == [talks_2023]
    note = page.select_one(".admonition.note")
    assert [str(ul) for ul in note.select("ul.talknotes-notes")] == [latest_by_ada, python]
    assert note.select_one(".admonition-title").get_text() == "Note"
    assert [str(ul) for ul in page.select("ul.talknotes-notes")] == [python, talks_2023, latest_by_ada, python]
    assert page.select_one("table td a").get_text() == "Python"


def test_a_site_overrides_the_generated_pages_from_its_templates_path(tmp_path: Path) -> None:
    """Generated pages come through Sphinx's template loader: the site's templates_path wins over the extension's."""
    src = copy_root("basic", tmp_path)
    (src / "conf.py").write_text((src / "conf.py").read_text() + 'templates_path = ["_templates"]\n', encoding="utf-8")
    (src / "_templates/talknotes").mkdir(parents=True)
    (src / "_templates/talknotes/topic.html").write_text(
        '{% extends "page.html" %}{% block body %}<p class="site-topic">{{ talknotes_view.count }} notes here</p>'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    page = build.page("topics/kubernetes.html")
    assert page.select_one("p.site-topic").get_text() == "4 notes here"
    assert page.select_one(".talknotes-topic-card") is not None  # the extension's body is still there
    assert build.page("speakers/ada-lovelace.html").select_one("p.site-topic") is None
    # An edit of the template reaches the generated pages in an incremental build, as it reaches documents.
    template = src / "_templates/talknotes/topic.html"
    template.write_text(template.read_text(encoding="utf-8").replace("notes here", "notes, edited"), encoding="utf-8")
    again = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    assert again.returncode == 0, again.stderr
    assert again.page("topics/kubernetes.html").select_one("p.site-topic").get_text() == "4 notes, edited"


@pytest.mark.parametrize("builder", ["html", "singlehtml"])
def test_toctree_captions_are_headings_with_a_level(builder: str, tmp_path: Path) -> None:
    """Fixed in the translator (any builder, any theme): role="heading" with the aria-level it needs."""
    src = copy_root("basic", tmp_path)
    index = (src / "index.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(index.replace("```{toctree}\n", "```{toctree}\n:caption: Browse the site\n"))
    build = sphinx_build(src, tmp_path / builder, "-n", "-W", builder=builder)
    assert build.returncode == 0, build.stderr
    page = build.page("index.html")
    captions = page.select("p.caption")
    assert captions and any("Browse the site" in c.get_text() for c in captions)
    assert all(c.get("role") == "heading" and c.get("aria-level") == "2" for c in captions), captions


def test_the_general_index_exists_only_when_a_page_has_index_entries(tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    empty = sphinx_build(src, tmp_path / "empty", "-n", "-W")
    assert empty.returncode == 0, empty.stderr
    assert not (tmp_path / "empty/genindex.html").exists()
    for page in (tmp_path / "empty").rglob("*.html"):
        assert "genindex" not in page.read_text(encoding="utf-8"), page  # no link to a page that is not there
    # Once a page has an index entry, the index is written and every page's head links it.
    (src / "glossary.md").write_text(
        "---\norphan: true\n---\n\n# Glossary\n\n```{index} single: upgrade\n```\n\nUpgrades, defined.\n",
        encoding="utf-8",
    )
    indexed = sphinx_build(src, tmp_path / "empty", "-n", "-W")
    assert indexed.returncode == 0, indexed.stderr
    assert "upgrade" in indexed.text("genindex.html")
    assert indexed.page("index.html").select_one("link[rel=index]")["href"] == "genindex.html"
    # And when the entry goes, so does the index, as in a clean build.
    (src / "glossary.md").unlink()
    assert sphinx_build(src, tmp_path / "empty", "-n", "-W").returncode == 0
    assert not (tmp_path / "empty/genindex.html").exists()
