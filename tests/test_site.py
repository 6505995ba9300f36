"""The real site: it builds with CI's options, shows the recap's facts, the diagram and the graph pages."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml
from helpers import REPO, SITE_PREFIX, Build, card_fields

EVENT = "recaps/openstack-day-canada-2016"


def test_real_site_builds_with_nitpicky_warnings_as_errors(real_site: Build) -> None:
    assert real_site.returncode == 0, real_site.stderr
    assert real_site.warnings() == []
    assert "Traceback" not in real_site.stderr


def test_build_leaves_source_tree_unchanged(real_site: Build) -> None:
    assert real_site.returncode == 0
    assert real_site.source_unchanged  # type: ignore[attr-defined]


def test_event_page_has_every_fact_of_the_recap(real_site: Build) -> None:
    text = real_site.text(f"{EVENT}/index.html")
    facts = [
        "22 November 2016",  # date
        "Montreal",
        "Quebec",  # region
        "Notman House",  # venue
        "180",  # attendance
        "Jonathan Le Lous",  # who led the organizing team
        "Canadian presence",  # the sponsors' Canadian representation
        "furniture",  # IaaS becoming commodity
        "commodity",
        "both above OpenStack and below it",  # Kubernetes above and below
        "running OpenStack better",  # from getting started to doing it better
        "getting started",
        "upgrades came first",  # top operations question
        "interoperability",
        "packaged distributions",  # success stories
        "OpenStack Summit in Boston",  # what comes next
        "Toronto",
    ]
    missing = [fact for fact in facts if fact.lower() not in text.lower()]
    assert missing == []


def test_event_page_card_and_notes(real_site: Build) -> None:
    main = real_site.main(f"{EVENT}/index.html")
    fields = card_fields(real_site, f"{EVENT}/index.html", ".talknotes-event-card")
    assert fields["Dates"] == "22 November 2016"
    assert fields["Venue"] == "Notman House"
    assert fields["Place"] == "Montreal, Quebec, Canada"
    assert fields["Attendance"] == "180"
    assert fields["Organizers"] == "Jonathan Le Lous"
    titles = [a.get_text() for a in main.select(".talknotes-notes > li > p > strong > a")]
    assert "Kubernetes above and below OpenStack" in titles
    assert "Upgrades and interoperability" in titles
    assert "The VM-plus-container consumption model" in titles
    # The notes are a section of the page, the last entry of the theme's "On this page".
    contents = [a["href"] for a in real_site.page(f"{EVENT}/index.html").select(".toc-tree a")]
    assert contents[-1] == "#notes-from-this-event"
    assert main.select_one("section#notes-from-this-event .talknotes-notes") is not None


def test_each_theme_has_its_own_note_page(real_site: Build) -> None:
    kubernetes = real_site.text(f"{EVENT}/kubernetes-and-openstack.html")
    upgrades = real_site.text(f"{EVENT}/upgrades-and-interoperability.html")
    assert "above OpenStack" in kubernetes and "below OpenStack" in kubernetes
    assert "safely and efficiently" in upgrades
    card = real_site.main(f"{EVENT}/upgrades-and-interoperability.html").select_one(".talknotes-note-card")
    assert card is not None and "OpenStack Day Canada 2016" in card.get_text()


def test_architecture_page_carries_the_diagram_from_its_file(real_site: Build) -> None:
    source = (REPO / "diagrams/vm-container-consumption-model.mmd").read_text(encoding="utf-8")
    labels = re.findall(r'\["([^"]+)"\]', source)
    assert len(labels) >= 6
    main = real_site.main("docs/architecture/vm-container-consumption-model.html")
    diagram = main.select_one("pre.mermaid")
    assert diagram is not None
    assert [label for label in labels if label not in diagram.get_text()] == []
    # Not pasted: the page's source names the file and does not contain the diagram.
    page_source = (REPO / "docs/architecture/vm-container-consumption-model.md").read_text(encoding="utf-8")
    assert "/diagrams/vm-container-consumption-model.mmd" in page_source
    assert "flowchart" not in page_source
    # Readers who cannot see the diagram get it in words.
    text = real_site.text("docs/architecture/vm-container-consumption-model.html")
    for words in ("HTTP and APIs", "traditional VM instance", "Kubernetes also sits below OpenStack", "hosting"):
        assert words in text


def test_only_pages_with_a_diagram_load_mermaid(real_site: Build) -> None:
    """Generated pages reach html-page-context with their doctree, so Mermaid's script stays off them."""

    def loads_mermaid(path: str) -> bool:
        scripts = real_site.page(path).select("script")
        return any("mermaid" in script.get("src", "") + script.get_text() for script in scripts)

    assert loads_mermaid("docs/architecture/vm-container-consumption-model.html")
    for path in ("topics/architecture.html", "topics/index.html", "recaps/2016.html", "recaps/index.html",
                 f"{EVENT}/kubernetes-and-openstack.html", "index.html", "search.html"):  # fmt: skip
        assert not loads_mermaid(path), path
    speakers = sorted((real_site.outdir / "speakers").glob("*.html"))
    assert len(speakers) >= 2 and not any(loads_mermaid(f"speakers/{p.name}") for p in speakers)


def test_topic_pages_list_the_right_notes(real_site: Build) -> None:
    topics = yaml.safe_load((REPO / "topics.yml").read_text(encoding="utf-8"))
    catalog = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    titles = {note["id"]: note["title"] for note in catalog["notes"]}
    for topic_id in topics:
        main = real_site.main(f"topics/{topic_id}.html")
        shown = [a.get_text() for a in main.select(".talknotes-notes > li > p > strong > a")]
        expected = [n["id"] for n in catalog["notes"] if topic_id in n["topics"]]
        assert sorted(shown) == sorted(titles[n] for n in expected), topic_id
    kubernetes = real_site.text("topics/kubernetes.html")
    assert "Kubernetes above and below OpenStack" in kubernetes
    assert "Upgrades and interoperability" not in kubernetes


def test_overviews_are_in_the_navigation(real_site: Build) -> None:
    home = real_site.page("index.html")
    nav = [a["href"] for a in home.select(".sidebar-tree a")]
    for target in ("recaps/index.html", "topics/index.html", "speakers/index.html"):
        assert target in nav
    assert "OpenStack Day Canada 2016" in real_site.text("recaps/index.html")
    assert "Kubernetes (3)" in real_site.text("topics/index.html")


def test_catalog_matches_its_schema(real_site: Build) -> None:
    schema = json.loads((REPO / "_ext/talknotes/schemas/catalog.schema.json").read_text(encoding="utf-8"))
    catalog = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(catalog, schema, cls=jsonschema.Draft202012Validator)
    assert [e["id"] for e in catalog["events"]] == ["openstack-day-canada-2016"]
    for entry in catalog["events"] + catalog["notes"] + catalog["topics"]:
        assert (real_site.outdir / entry["url"]).is_file(), entry["url"]


def test_catalog_reads_record_by_record(real_site: Build) -> None:
    # One record per line, so that a diff of two catalogs shows which note or event changed.
    text = (real_site.outdir / "catalog.json").read_text(encoding="utf-8")
    catalog = json.loads(text)
    lines = text.splitlines()
    for kind in ("events", "topics", "speakers", "notes"):
        assert catalog[kind]
        for record in catalog[kind]:
            assert f"    {json.dumps(record, ensure_ascii=False)}" in (line.rstrip(",") for line in lines), record["id"]
    assert lines[0] == "{" and lines[-1] == "}" and lines[1] == '  "version": 1,'


def test_reference_documents_every_warning_field_and_option(real_site: Build) -> None:
    from talknotes.base.warnings_ import Subtype
    from talknotes.model.frontmatter import EVENT_KEYS, KINDS, NOTE_KEYS
    from talknotes.sphinx.directives import FILTERS, SORTS

    main = real_site.main("docs/reference.html")
    codes = {code.get_text() for code in main.select("code")}
    assert {s.value for s in Subtype} <= codes
    assert {f"event.{key}" for key in EVENT_KEYS} - codes <= {"event.city", "event.region", "event.country"}
    assert set(NOTE_KEYS) <= codes
    assert set(KINDS) <= codes
    assert {f":{name}:" for name in (*FILTERS, "limit", "sort")} <= codes
    assert set(SORTS) <= codes


def test_reference_examples_are_the_tested_site(real_site: Build) -> None:
    text = real_site.main("docs/reference.html").get_text()
    for example in ("recaps/pycon-x-2024/index.md", "recaps/pycon-x-2024/packaging-talk.md", "topics.yml"):
        source = (REPO / "tests/roots/test-basic" / example).read_text(encoding="utf-8")
        assert source.strip() in text, example


def test_every_internal_link_resolves(real_site: Build) -> None:
    """The internal link check: every relative link of every page leads to a file of the site."""
    from urllib.parse import unquote, urlsplit

    broken, checked = [], 0
    for page in sorted(real_site.outdir.rglob("*.html")):
        soup = real_site.page(page.relative_to(real_site.outdir).as_posix())
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag, attrs={attribute: True}):
                parts = urlsplit(element[attribute])
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                if parts.path.startswith("/"):
                    # The 404 page links from the site's path on the server, to work at any depth.
                    assert parts.path.startswith(SITE_PREFIX), f"{page} -> {parts.path}"
                    target = (real_site.outdir / unquote(parts.path.removeprefix(SITE_PREFIX))).resolve()
                else:
                    target = (page.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
                checked += 1
                if not target.is_file():
                    broken.append(f"{page.relative_to(real_site.outdir)} -> {element[attribute]}")
    assert checked > 500
    assert broken == []


# The pages written for contributors; every other page is for readers.
CONTRIBUTOR_PAGES = {f"docs/{name}.html" for name in ("contributing", "development", "reference", "style",
                                                       "performance", "reliability")}  # fmt: skip
REPOSITORY_WORDS = re.compile(
    r"topics\.yml|speakers\.yml|\.mmd\b|conf\.py|front matter|in the repository"
    r"|\bmake (?:html|check|test|livehtml|new-)"
)


def test_reader_pages_carry_no_contributor_instructions(real_site: Build) -> None:
    pages = sorted(
        path.relative_to(real_site.outdir).as_posix()
        for path in real_site.outdir.rglob("*.html")
        if not path.relative_to(real_site.outdir).as_posix().startswith(("_", "search", "genindex", "404"))
    )
    reader_pages = [page for page in pages if page not in CONTRIBUTOR_PAGES]
    assert len(reader_pages) > 10
    for page in reader_pages:
        text = real_site.main(page).get_text(" ")
        assert not REPOSITORY_WORDS.search(text), (page, REPOSITORY_WORDS.search(text))
