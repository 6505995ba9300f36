"""The outline of the whole site: its pages in navigation order, from the root's toctrees and the graph.

Events hang under the events overview by year (newest first); generated topic and speaker pages
hang under their section without being listed in it. The outline is built once per build, in the
main process, and fingerprinted list by list, so a page is rewritten when what its navigation
shows may have changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from itertools import groupby
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import clean_astext

from ..base.settings import settings
from ..model.graph import newest_first_event, year_of

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..model.generated_pages import GeneratedPage
    from ..model.graph import Graph

URL_SCHEMES = ("http://", "https://", "mailto:", "ftp://")


@dataclass(eq=False, slots=True)
class Entry:
    """One page in the outline, with the pages listed under it."""

    key: str  # document or generated page name; for an external link, its URL
    title: str  # HTML
    text: str = ""  # the title as plain text
    external: bool = False
    hidden: bool = False  # listed by a hidden toctree
    noun: str = "pages"  # what its children are, for the "All N …" link of a cut list
    children: list[Entry] = field(default_factory=list)
    parent: Entry | None = None
    position: int = 0  # among its parent's children
    digest: str = ""  # of its children's keys and titles

    def ancestors(self) -> list[Entry]:
        """The entries from the top level down to this one, inclusive."""
        chain: list[Entry] = []
        entry: Entry | None = self
        while entry is not None:
            chain.append(entry)
            entry = entry.parent
        return chain[::-1]


@dataclass
class Group:
    """A top-level toctree of the root document: its caption and its entries."""

    caption: str | None  # HTML
    hidden: bool
    entries: list[Entry]


@dataclass
class Outline:
    """The whole site in navigation order; built once per build, in the main process."""

    groups: list[Group] = field(default_factory=list)
    where: dict[str, Entry] = field(default_factory=dict)  # the first entry of each page
    order: list[Entry] = field(default_factory=list)  # depth-first, for previous and next
    rank: dict[str, int] = field(default_factory=dict)
    virtual: dict[str, tuple[str, str]] = field(default_factory=dict)  # generated page -> (parent, title text)
    size: int = 0
    limit: int = 100  # whole outline shown up to this many entries
    window: int = 25  # the most entries of one list shown at once
    digest: str = ""  # of the whole outline
    top: str = ""  # of what every page of a bounded navigation shows: groups, top entries and their lists

    @property
    def whole(self) -> bool:
        return self.size <= self.limit


class OutlineBuilder:
    """Walks the toctrees from the root document; the events overview gets years, then their events."""

    def __init__(self, env: BuildEnvironment, builder: Builder, graph: Graph, generated: list[GeneratedPage]) -> None:
        self.env = env
        self.builder = builder
        self.config = env.config
        self.settings = settings(env.config)
        self.overview = self.settings.layout.events_overview
        self.graph = graph
        self.years = {page.item_id: page for page in generated if page.kind == "year"}
        self.event_pages = {event.docname for event in graph.listed_events()}
        self.titles: dict[str, tuple[str, str]] = {}

    def title(self, docname: str) -> tuple[str, str]:
        """A document's title as HTML and as text; only titles with inline markup go through the writer.
        Raw HTML an author wrote in a heading is shown as text, as Sphinx's toctree shows it: it belongs to
        that page, not to the navigation of every other page."""
        if docname not in self.titles:
            node = self.env.titles[docname]
            if all(isinstance(child, nodes.Text) for child in node.children):
                text = node.astext()
                self.titles[docname] = escape(text), text
            else:
                if any(True for _ in node.findall(nodes.raw)):
                    node = node.deepcopy()
                    for raw in list(node.findall(nodes.raw)):
                        raw.replace_self(nodes.Text(raw.astext()))
                self.titles[docname] = self.builder.render_partial(node)["title"], clean_astext(node)
        return self.titles[docname]

    def toctrees(self, docname: str) -> Iterator[addnodes.toctree]:
        if docname in self.env.toctree_includes and docname in self.env.tocs:
            yield from self.env.tocs[docname].findall(addnodes.toctree)

    def entries(self, toctree: addnodes.toctree, docname: str, path: tuple[str, ...]) -> list[Entry]:
        """The entries of one toctree of ``docname``, as Sphinx resolves them (minus circular ones)."""
        hidden = bool(toctree.get("hidden"))
        result: list[Entry] = []
        for title, ref in toctree["entries"]:
            if ref.startswith(URL_SCHEMES):
                result.append(Entry(ref, escape(title or ref), title or ref, external=True, hidden=hidden))
            elif ref == "self":
                html, text = (escape(title), title) if title else self.title(docname)
                result.append(Entry(docname, html, text, hidden=hidden))
            elif ref in self.env.titles and ref not in path:
                if docname == self.overview and ref in self.event_pages:
                    continue  # events are listed under their year
                result.append(self.document(ref, title, hidden, (*path, ref)))
        return result

    def document(self, docname: str, title: str | None, hidden: bool, path: tuple[str, ...]) -> Entry:
        html, text = (escape(title), title) if title else self.title(docname)
        entry = Entry(docname, html, text, hidden=hidden)
        if docname == self.overview:
            entry.children, entry.noun = self.year_entries(path), "years"
        else:
            entry.children = [e for toctree in self.toctrees(docname) for e in self.entries(toctree, docname, path)]
            if docname in self.event_pages:
                entry.noun = "notes"
        return entry

    def year_entries(self, path: tuple[str, ...]) -> list[Entry]:
        """A year page per year, its events newest first; then whatever else the overview's toctrees list."""
        toctrees = list(self.toctrees(self.overview))
        hidden = all(toctree.get("hidden") for toctree in toctrees)
        result = []
        events = sorted(self.graph.listed_events(), key=newest_first_event)
        for year, of_year in groupby(events, key=lambda event: year_of(event.start)):
            page = self.years.get(year)
            if page is None:
                continue
            entry = Entry(page.pagename, escape(page.nav_title), page.nav_title, hidden=hidden, noun="events")
            entry.children = [
                self.document(event.docname, None, hidden, (*path, event.docname))
                for event in of_year
                if event.docname in self.env.titles
            ]
            result.append(entry)
        return result + [e for toctree in toctrees for e in self.entries(toctree, self.overview, path)]

    def build(self) -> Outline:
        outline = Outline(limit=self.settings.navigation_limit, window=self.settings.navigation_window)
        root = self.config.root_doc
        for toctree in self.toctrees(root):
            entries = self.entries(toctree, root, (root,))
            if entries:
                caption = toctree.get("caption")
                outline.groups.append(Group(escape(caption) if caption else None, bool(toctree.get("hidden")), entries))
        html, text = self.title(root) if root in self.env.titles else (escape(root), root)
        index_outline(outline, Entry(root, html, text))
        return outline


def build_outline(env: BuildEnvironment, builder: Builder, graph: Graph, generated: list[GeneratedPage]) -> Outline:
    """The outline of the site from the root document's toctrees, with events by year under the overview."""
    outline = OutlineBuilder(env, builder, graph, generated).build()
    for page in generated:
        if page.kind != "year":
            outline.virtual[page.pagename] = (page.parent, page.nav_title)
    index_virtual(outline)
    return outline


def index_outline(outline: Outline, root: Entry | None = None) -> None:
    """Link parents, number positions, list pages in order (the root first), and fingerprint every list."""
    parts: list[str] = []
    if root is not None:
        outline.rank[root.key] = 0
        outline.order.append(root)
        parts.append(f"{root.key}\0{root.title}")

    def visit(entry: Entry, parent: Entry | None, position: int) -> None:
        entry.parent, entry.position = parent, position
        outline.size += 1
        if not entry.external and entry.key not in outline.where:
            outline.where[entry.key] = entry
            outline.rank[entry.key] = len(outline.order)
            outline.order.append(entry)
        for index, child in enumerate(entry.children):
            visit(child, entry, index)
        entry.digest = fingerprint(
            [entry.noun] + [f"{c.key}\0{c.title}\0{c.hidden:d}{bool(c.children):d}" for c in entry.children]
        )
        parts.append(f"{entry.key}\0{entry.title}\0{entry.digest}")

    for group in outline.groups:
        parts.append(f"group\0{group.caption}\0{group.hidden:d}")
        for index, entry in enumerate(group.entries):
            visit(entry, None, index)
    parts.append(f"{outline.limit}:{outline.window}")
    outline.digest = fingerprint(parts)
    top = [f"{outline.limit}:{outline.window}:{outline.whole:d}"]
    for group in outline.groups:
        top.append(f"{group.caption}\0{group.hidden:d}")
        top += [f"{e.key}\0{e.title}\0{e.hidden:d}\0{e.digest}" for e in group.entries]
    outline.top = fingerprint(top)


def index_virtual(outline: Outline) -> None:
    """Fold the generated pages that hang under a section into the outline's fingerprint."""
    virtual = sorted(outline.virtual.items())
    parts = [outline.digest] + [f"{page}\0{parent}\0{text}" for page, (parent, text) in virtual]
    outline.digest = fingerprint(parts)


def fingerprint(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def current_path(outline: Outline, pagename: str) -> list[Entry]:
    """The entries from the top level down to ``pagename``; generated pages hang under their section."""
    if pagename in outline.where:
        return outline.where[pagename].ancestors()
    if pagename in outline.virtual:
        parent_key, text = outline.virtual[pagename]
        above = current_path(outline, parent_key)
        if not above:
            return []  # its section is not in the navigation
        leaf = Entry(pagename, escape(text), text, parent=above[-1], position=-1)
        return [*above, leaf]
    return []


def neighbours(outline: Outline, pagename: str) -> tuple[Entry | None, Entry | None]:
    """The pages before and after ``pagename`` in the outline's reading order."""
    rank = outline.rank.get(pagename)
    if rank is None:
        return None, None
    before = outline.order[rank - 1] if rank > 0 else None
    after = outline.order[rank + 1] if rank + 1 < len(outline.order) else None
    return before, after


def page_fingerprint(outline: Outline, pagename: str) -> str:
    """Everything the navigation and the previous/next links of ``pagename`` depend on.

    Built from the fingerprints of the lists on the page's path, so it may change when a list
    changes outside the window the page shows (a page rewritten for nothing), never the reverse.
    """
    path = current_path(outline, pagename)
    parts = [outline.digest if outline.whole else outline.top]
    parts += [f"{e.key}\0{e.title}\0{e.position}\0{e.digest}" for e in path]
    for entry in neighbours(outline, pagename):
        parts.append(f"{entry.key}\0{entry.title}" if entry is not None else "-")
    return fingerprint(parts)
