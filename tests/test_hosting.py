"""What readers expect of a hosted site: sitemap, link previews, a 404 page, edit links and last-updated dates."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, REPOSITORY, SITE_PREFIX, SITE_URL, Build, copy_root, sphinx_build

EVENT = "recaps/openstack-day-canada-2016"
NOTE = f"{EVENT}/kubernetes-and-openstack"
BASIC_URL = "https://basic.example/docs/"


def last_commit(path: str, date_format: str) -> str:
    """The date of the last commit of ``path``, or skip when the repository is no git checkout."""
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("the repository is not a git checkout")
    command = ["git", "log", "-1", "--format=%cd", f"--date=format:{date_format}", "--", path]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()


def meta(build: Build, path: str) -> dict[str, list[str]]:
    """The page's ``<meta>`` tags: property or name, and every content given for it."""
    tags: dict[str, list[str]] = {}
    for tag in build.page(path).select("head meta[content]"):
        key = tag.get("property") or tag.get("name")
        if key:
            tags.setdefault(key, []).append(tag["content"])
    return tags


@pytest.fixture(scope="session")
def basic_hosted(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The basic test site with a published address: it has a draft, a topic description, registered speakers."""
    base = tmp_path_factory.mktemp("basic-hosted")
    src = copy_root("basic", base)
    return sphinx_build(src, base / "html", "-n", "-W", "--keep-going", "-D", f"html_baseurl={BASIC_URL}")


def test_sitemap_lists_every_page_a_reader_can_reach(real_site: Build) -> None:
    catalog = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    urls = real_site.sitemap()
    for kind in ("events", "notes", "topics", "speakers"):
        for entry in catalog[kind]:
            assert SITE_URL + entry["url"] in urls, entry["url"]
    assert SITE_URL + "index.html" in urls
    assert SITE_URL + "docs/reference.html" in urls
    for page in ("404.html", "search.html", "genindex.html"):
        assert SITE_URL + page not in urls
    # Every URL is a page of the site.
    for url in urls:
        assert url.startswith(SITE_URL)
        assert (real_site.outdir / url.removeprefix(SITE_URL)).is_file(), url


def test_sitemap_dates_pages_from_git(real_site: Build) -> None:
    committed = last_commit(f"{NOTE}.md", "%Y-%m-%d")
    urls = real_site.sitemap()
    assert urls[f"{SITE_URL}{NOTE}.html"] == committed
    # A topic page changes with its newest note.
    assert urls[f"{SITE_URL}topics/kubernetes.html"] is not None
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", urls[f"{SITE_URL}topics/kubernetes.html"] or "")


def test_sitemap_leaves_drafts_out_and_follows_the_base_url(basic_hosted: Build) -> None:
    assert basic_hosted.returncode == 0, basic_hosted.stderr
    urls = basic_hosted.sitemap()
    assert f"{BASIC_URL}recaps/pycon-x-2024/packaging-talk.html" in urls
    assert f"{BASIC_URL}recaps/pycon-x-2024/draft-note.html" not in urls
    assert f"{BASIC_URL}topics/python.html" in urls
    assert f"{BASIC_URL}speakers/grace-hopper.html" in urls
    # The draft's speaker has no page, so no URL either.
    assert not [url for url in urls if "secret-speaker" in url]
    # Without git dates (this site has no git extension) no page has a lastmod rather than a wrong one.
    assert set(urls.values()) == {None}


def test_no_sitemap_without_a_published_address(basic_site: Build) -> None:
    assert not (basic_site.outdir / "sitemap.xml").exists()
    assert "sitemap" not in basic_site.stdout  # expected on local builds: said only with -v


def test_link_previews_of_a_note(basic_hosted: Build) -> None:
    tags = meta(basic_hosted, "recaps/pycon-x-2024/packaging-talk.html")
    assert tags["og:title"] == ["Packaging in practice"]
    assert tags["og:type"] == ["article"]
    assert tags["og:description"] == ["Wheels and lock files."]
    assert tags["description"] == ["Wheels and lock files."]
    assert tags["og:url"] == [f"{BASIC_URL}recaps/pycon-x-2024/packaging-talk.html"]
    assert tags["article:published_time"] == ["2024-05-11"]
    assert tags["article:tag"] == ["Packaging"]
    assert "robots" not in tags


def test_link_previews_of_generated_pages_and_drafts(basic_hosted: Build) -> None:
    topic = meta(basic_hosted, "topics/python.html")
    assert topic["og:title"] == ["Python"]
    # The topic's Markdown description, as words.
    assert topic["og:description"][0].startswith("The Python language. See the site.")
    assert topic["og:url"] == [f"{BASIC_URL}topics/python.html"]
    speaker = meta(basic_hosted, "speakers/grace-hopper.html")
    assert re.fullmatch(r"\d+ notes? on talks by Grace Hopper\.", speaker["og:description"][0])
    draft = meta(basic_hosted, "recaps/pycon-x-2024/draft-note.html")
    assert draft["robots"] == ["noindex"]


def test_link_preview_of_the_event_and_an_architecture_note(real_site: Build) -> None:
    event = meta(real_site, f"{EVENT}/index.html")
    assert event["og:title"] == ["OpenStack Day Canada 2016"]
    assert "Notman House" in event["og:description"][0]
    assert event["og:url"] == [f"{SITE_URL}{EVENT}/index.html"]
    canonical = real_site.page(f"{EVENT}/index.html").select_one("link[rel=canonical]")
    assert canonical is not None and canonical["href"] == f"{SITE_URL}{EVENT}/index.html"
    # A page without a summary is described by its first paragraph of prose, not by its card.
    reference = meta(real_site, "docs/reference.html")
    first = real_site.main("docs/reference.html").select_one("p")
    assert first is not None
    assert reference["og:description"][0][:40] == " ".join(first.get_text().split())[:40]
    assert len(reference["og:description"][0]) <= 200


def test_edit_this_page_links_to_the_source_in_the_repository(real_site: Build) -> None:
    for docname in (NOTE, f"{EVENT}/index", "docs/contributing", "index"):
        link = real_site.page(f"{docname}.html").select_one("a[rel=edit]")
        assert link is not None, docname
        assert link["href"] == f"{REPOSITORY}/edit/main/{docname}.md"
        assert (REPO / f"{docname}.md").is_file()
    # Generated pages have no source file to edit.
    assert real_site.page("topics/kubernetes.html").select_one("a[rel=edit]") is None


def test_notes_show_when_they_were_last_updated(real_site: Build) -> None:
    committed = last_commit(f"{NOTE}.md", "%-d %B %Y")
    footer = real_site.page(f"{NOTE}.html").select_one(".last-updated")
    assert footer is not None
    assert " ".join(footer.get_text().split()) == f"Last updated on {committed}"


def test_the_404_page_links_from_the_site_root(real_site: Build) -> None:
    page = real_site.page("404.html")
    assert "Page not found" in page.get_text()
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert stylesheets and all(href.startswith(SITE_PREFIX + "_static/") for href in stylesheets)
    home = page.select_one("article a[href$='index.html']")
    assert home is not None and home["href"] == f"{SITE_PREFIX}index.html"
    assert (Path(real_site.outdir) / "404.html").is_file()


def test_front_matter_og_fields_override_the_link_preview(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    note = src / "recaps/pycon-x-2024/packaging-talk.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "summary: Wheels and lock files.\n",
            "summary: Wheels and lock files.\nog:description: Shared as this.\nog:image: https://example.org/card.png\n",
        ),
        encoding="utf-8",
    )
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going")
    assert build.returncode == 0, build.stderr
    tags = meta(build, "recaps/pycon-x-2024/packaging-talk.html")
    assert tags["og:description"] == ["Shared as this."]
    assert tags["description"] == ["Shared as this."]
    assert tags["og:image"] == ["https://example.org/card.png"]
    assert tags["og:title"] == ["Packaging in practice"]


def test_read_the_docs_environment_sets_address_404_prefix_and_edit_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """conf.py as a Read the Docs build runs it: the variables that service sets, and only those."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    for name in ("TALKNOTES_BASE_URL", "TALKNOTES_REPOSITORY", "TALKNOTES_BRANCH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://talknotes.readthedocs.io/en/stable/")
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", "git@github.com:example/talknotes.git")
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "branch")
    monkeypatch.setenv("READTHEDOCS_GIT_IDENTIFIER", "stable")
    config = eval_config_file(REPO / "conf.py", Tags())
    assert config["html_baseurl"] == "https://talknotes.readthedocs.io/en/stable/"
    assert config["notfound_urls_prefix"] == "/en/stable/"
    assert config["html_theme_options"] == {
        "source_repository": "https://github.com/example/talknotes",
        "source_branch": "stable",
        "source_directory": "",
    }
    # A pull-request build edits against main; an unknown host gets no edit link rather than a broken one.
    monkeypatch.setenv("READTHEDOCS_VERSION_TYPE", "external")
    assert eval_config_file(REPO / "conf.py", Tags())["html_theme_options"]["source_branch"] == "main"
    monkeypatch.setenv("READTHEDOCS_GIT_CLONE_URL", "https://git.example.org/talknotes.git")
    assert eval_config_file(REPO / "conf.py", Tags())["html_theme_options"] == {}
