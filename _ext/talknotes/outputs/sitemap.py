"""``sitemap.xml``: every page a reader can reach (drafts left out), with its last change from git."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from sphinx.util import logging

from ..base.settings import absolute, published_address, settings
from ..sphinx.build import Build
from .changed import Output, write_one

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..model.graph import Note

logger = logging.getLogger(__name__)

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def last_commits(app: Sphinx) -> dict[str, dt.datetime]:
    """The time of each document's last commit (UTC), where sphinx-last-updated-by-git found one."""
    found = getattr(app.env, "git_last_updated", None) or {}
    return {
        docname: dt.datetime.fromtimestamp(int(data[0]), dt.UTC) for docname, data in found.items() if data and data[0]
    }


def unchanged_build(app: Sphinx, build: Build) -> bool:
    """Whether the graph, the navigation and every page's last commit are as the last build left them: then no
    generated page, feed, calendar, sitemap or explore page differs from what it wrote.

    sphinx-last-updated-by-git dates the pages a build reads again, so an edit that changes neither the
    graph nor the navigation can still bring a new commit."""
    now = build.ledger.now
    if not now.commits:
        moments = sorted((docname, moment.isoformat()) for docname, moment in last_commits(app).items())
        now.commits = hashlib.sha256(repr(moments).encode("utf-8", "surrogatepass")).hexdigest()
    return build.unchanged and now.commits == build.ledger.before.commits


def last_changes(app: Sphinx) -> dict[str, dt.date]:
    """The date of each document's last commit."""
    return {docname: moment.date() for docname, moment in last_commits(app).items()}


def sitemap_entries(app: Sphinx, build: Build) -> list[tuple[str, dt.date | None]]:
    """(page name, last change) of every page to list: documents but drafts, then the generated pages."""
    graph = build.graph
    changed = last_changes(app)
    entries: list[tuple[str, dt.date | None]] = []
    for docname in sorted(app.env.found_docs):
        note = graph.notes.get(docname)
        if note is None or graph.listed(note):
            entries.append((docname, changed.get(docname)))
    if not build.generated_pages:
        return entries

    def newest(notes: list[Note]) -> dt.date | None:
        # A generated page changes when one of the notes it lists does.
        return max((changed[n.docname] for n in notes if n.docname in changed), default=None)

    for page in build.generated:
        entries.append((page.pagename, newest(page.notes(graph))))
    return entries


def write_sitemap(app: Sphinx, build: Build) -> dict[str, str]:
    """Write the sitemap for ``html_baseurl`` when what it lists changed; return its fingerprint by path
    (``outputs.write_one``). Without an address there are no absolute URLs to list."""
    config = app.config
    filename = settings(config).sitemap
    if not filename or app.builder.name not in ("html", "dirhtml"):
        return {}
    base = published_address(config, app.builder.name)
    if base is None:
        # Expected on every local build: said with -v only, so that a quiet build stays quiet.
        logger.verbose("talknotes: no %s written: html_baseurl is not set", filename)
        return {}
    uri = app.builder.get_target_uri
    entries = tuple(
        (absolute(base, uri(pagename)), changed.isoformat() if changed else None)
        for pagename, changed in sitemap_entries(app, build)
    )

    def render() -> bytes:
        urlset = ElementTree.Element("urlset", xmlns=NAMESPACE)
        for address, changed in entries:
            url = ElementTree.SubElement(urlset, "url")
            ElementTree.SubElement(url, "loc").text = address
            if changed is not None:
                ElementTree.SubElement(url, "lastmod").text = changed
        ElementTree.indent(urlset)
        return ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)

    return {
        filename: write_one(Path(app.builder.outdir), filename, Output(entries, render), build.ledger.before.outputs)
    }
