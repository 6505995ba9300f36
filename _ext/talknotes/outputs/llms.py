"""``llms.txt`` and ``llms-full.txt`` at the site root, after the llmstxt.org convention, made from the graph.

``llms.txt`` is Markdown: the site's name, its summary as a quote, then lists of links with a line each:
the events, the topics and the notes, and an "Optional" section with the overviews, the catalog and the
feed. ``llms-full.txt`` holds every note's facts and its body as its author wrote it in Markdown, with
the extension's roles as the words a reader sees and its list directives left out.

What they list is what the feeds list: written, published notes; drafts and talks without notes yet
(programme entries) are left out. They need the site's address, as feeds do, so they are written only
where it is known. Not sphinx-llms-txt: it collects Sphinx's own documents, so it would miss the
generated topic and person pages, list drafts and programme entries, and write the full file in
reStructuredText rather than the Markdown the notes are written in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import docname_join

from ..base.settings import absolute, published_address, settings
from ..base.text import XML_UNSAFE, format_date_range, plural
from ..base.writeup import first_paragraph, shorten
from ..model.graph import Graph, Note, newest_first, newest_first_event
from ..sphinx.build import Build
from ..sphinx.domain import target_page
from .changed import write_streamed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LLMS = "llms.txt"
LLMS_FULL = "llms-full.txt"
LLMS_FILES = (LLMS, LLMS_FULL)
# {role}`words <target>` or {role}`target`: a MyST role, shown as the words a reader sees.
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
EXPLICIT = re.compile(r"^(?P<words>.*?)\s*<(?P<target>[^<>]*)>$", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
TARGET_LINE = re.compile(r"^\(\s*[^()\s]+\s*\)=\s*$")  # "(label)=": a MyST target, which shows nothing
LIST_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{notes\}")  # a {notes} list: the page shows it from the graph
# A diagram included from its file (diagrams/ holds them, never pasted): its source stands in its place.
DIAGRAM_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{mermaid\}\s+(?P<path>\S+)\s*$")
DIAGRAM_BYTES = 200_000  # a larger file is linked, not copied


def one_line(text: str) -> str:
    """``text`` on one line: a list item of llms.txt is one line."""
    return " ".join(text.split())


def link(title: str, url: str) -> str:
    """A Markdown link whose text cannot end it early."""
    words = one_line(title).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[{words}]({url.replace(' ', '%20').replace(')', '%29')})"


def note_facts(graph: Graph, note: Note) -> str:
    """When, where and by whom: "2016-11-22, OpenStack Day Canada 2016; talk by Jane Doe"."""
    event = graph.events.get(note.event_id or "")
    people = ", ".join(graph.speakers[s].name for s in note.speaker_ids if s in graph.speakers)
    when = ", ".join(filter(None, (note.date.isoformat() if note.date else "", event.name if event else "")))
    who = f"{note.kind} by {people}" if people else note.kind
    return f"{when}; {who}" if when else who


class Writer:
    """What both files need: the graph, each page's address and the titles roles show."""

    def __init__(self, app: Sphinx, build: Build, base: str) -> None:
        self.app, self.graph, self.base = app, build.graph, base
        self.layout = settings(app.config).layout

    def url(self, pagename: str) -> str:
        return absolute(self.base, self.app.builder.get_target_uri(pagename))

    def notes(self) -> list[Note]:
        return sorted(self.graph.listed_notes(), key=newest_first)

    def summary(self) -> str:
        """The site's summary: the first paragraph of its home page."""
        root = self.app.config.root_doc
        if root not in self.app.env.all_docs:
            return ""
        return shorten(first_paragraph(self.app.env.get_doctree(root)))

    def llms(self) -> Iterator[str]:
        graph = self.graph
        notes = self.notes()
        events = sorted(graph.listed_events(), key=newest_first_event)
        yield f"# {one_line(self.app.config.project)}\n\n"
        if summary := self.summary():
            yield f"> {summary}\n\n"
        yield (
            f"Notes from conferences and meetups: {plural(len(events), 'event')}, {plural(len(notes), 'note')}, "
            f"{plural(len(graph.topics), 'topic')}. "
            f"Every note's text, in Markdown: {link(LLMS_FULL, self.base + LLMS_FULL)}.\n"
        )
        yield "\n## Events\n\n"
        for event in events:
            facts = ", ".join(filter(None, (format_date_range(event.start, event.end), event.place)))
            count = plural(len(graph.notes_of_event.get(event.id, [])), "note")
            yield f"- {link(event.name, self.url(event.docname))}: {one_line(facts)}; {count}\n"
        if graph.topics:
            yield "\n## Topics\n\n"
            for topic in sorted(graph.topics.values(), key=lambda t: t.id):
                about = f". {one_line(shorten(topic.description, 120))}" if topic.description else ""
                count = plural(len(graph.notes_of_topic.get(topic.id, [])), "note")
                yield f"- {link(topic.name, self.url(self.layout.topic_page(topic.id)))}: {count}{about}\n"
        yield "\n## Notes\n\n"
        for note in notes:
            summary = f" — {one_line(note.summary)}" if note.summary else ""
            yield f"- {link(note.title, self.url(note.docname))}: {note_facts(graph, note)}{summary}\n"
        yield "\n## Optional\n\n"
        for title, page in (
            ("Events by year", self.layout.events_overview),
            ("Topics", self.layout.overview(self.layout.topics_dir)),
            ("People", self.layout.overview(self.layout.speakers_dir)),
        ):
            if page in self.app.env.all_docs:
                yield f"- {link(title, self.url(page))}\n"
        if catalog := settings(self.app.config).catalog:
            yield f"- {link('Catalog (JSON)', self.base + catalog)}: every event, topic, person and note\n"

    def llms_full(self) -> Iterator[str]:
        yield f"# {one_line(self.app.config.project)}\n\n"
        if summary := self.summary():
            yield f"> {summary}\n"
        for note in self.notes():
            topics = ", ".join(self.graph.topics[t].name for t in note.topic_ids if t in self.graph.topics)
            yield f"\n\n# {one_line(note.title)}\n\n"
            event = self.graph.events.get(note.event_id or "")
            people = [self.graph.speakers[s].name for s in note.speaker_ids if s in self.graph.speakers]
            facts = (
                ("Page", self.url(note.docname)),
                ("Event", event.name if event else ""),
                ("Date", note.date.isoformat() if note.date else ""),
                ("Kind", note.kind),
                ("Speakers", ", ".join(people)),
                ("Topics", topics),
                ("Summary", one_line(note.summary or "")),
            )
            yield "".join(f"- {label}: {one_line(value)}\n" for label, value in facts if value)
            body = markdown_body(
                self.source(note.docname), self.role_words(note.docname), partial(self.diagram, note.docname)
            )
            if body:
                yield f"\n{body}\n"

    def source(self, docname: str) -> str:
        path = Path(self.app.env.doc2path(docname))
        try:
            return XML_UNSAFE.sub("", path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return ""

    def diagram(self, docname: str, path: str) -> str | None:
        """The Mermaid source a page includes from ``path`` (from the site's root when it starts with "/", else
        from the page's folder), when it is a file of the site and not too large to copy."""
        srcdir = Path(self.app.srcdir).resolve()
        base = srcdir if path.startswith("/") else (srcdir / docname).parent
        target = (base / path.lstrip("/")).resolve()
        if not target.is_relative_to(srcdir) or not target.is_file() or target.stat().st_size > DIAGRAM_BYTES:
            return None
        return XML_UNSAFE.sub("", target.read_text(encoding="utf-8", errors="replace"))

    def role_words(self, docname: str) -> Callable[[str, str], str]:
        """What a role without words of its own shows: the title or name of what it names."""
        env = self.app.env

        def words(role: str, target: str) -> str:
            name = role.rsplit(":", 1)[-1]
            if name == "doc":
                linked = docname_join(docname, target)
                return env.titles[linked].astext() if linked in env.titles else target
            if name in ("event", "topic", "speaker") and (page := target_page(self.graph, self.layout, name, target)):
                return page[1]
            return target

        return words


def markdown_body(
    source: str, words: Callable[[str, str], str], diagram: Callable[[str], str | None] = lambda path: None
) -> str:
    """A page's Markdown after its front matter and title, with roles as their words, an included diagram as
    its Mermaid source (``diagram(path)``), and without comments, target lines and ``{notes}`` lists."""
    lines = source.split("\n")
    if lines and lines[0].rstrip() == "---":
        close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), 0)
        lines = lines[close + 1 :]
    kept: list[str] = []
    fence: str | None = None
    title_seen = False
    for line in lines:
        if fence is not None:
            if line.strip() == fence:
                fence = None
            continue
        if opened := LIST_FENCE.match(line.strip()):
            fence = opened["fence"]
            continue
        if (opened := DIAGRAM_FENCE.match(line.strip())) and (text := diagram(opened["path"])) is not None:
            kept += ["```mermaid", text.rstrip("\n"), "```"]
            fence = opened["fence"]
            continue
        if TARGET_LINE.match(line):
            continue
        if not title_seen and line.startswith("# "):
            title_seen = True
            continue
        kept.append(line)
    text = COMMENT.sub("", "\n".join(kept))

    def role(match: re.Match[str]) -> str:
        content = match["content"]
        if explicit := EXPLICIT.match(content):
            return explicit["words"]
        return words(match["role"], content)

    return re.sub(r"\n{3,}", "\n\n", ROLE.sub(role, text)).strip()


def write_llms(app: Sphinx, build: Build) -> dict[str, str]:
    """Write llms.txt and llms-full.txt where the site's address is known; their fingerprints by path."""
    base = published_address(app.config, app.builder.name)
    if base is None or not settings(app.config).llms:
        return {}
    writer = Writer(app, build, base)
    outdir = Path(app.builder.outdir)
    return {
        name: write_streamed(outdir, name, (text.encode("utf-8") for text in make()))
        for name, make in ((LLMS, writer.llms), (LLMS_FULL, writer.llms_full))
    }
