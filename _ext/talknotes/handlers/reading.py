"""Reading, page by page: each page's front matter noted, its record kept in the domain, placeholders left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..base.files import without_unsafe_characters
from ..base.placeholders import Kind, make_placeholder
from ..base.rolelines import give_references_their_lines
from ..base.settings import settings
from ..base.writeup import body_of, has_writing, heading_level
from ..model.frontmatter import front_matter_layout, source_for_myst
from ..model.records import PageReader, is_note_page
from ..sphinx.build import build_of
from ..sphinx.mention_links import mentions_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..sphinx.domain import TalknotesDomain

LAYOUT_KEY = "talknotes_front_matter_layout"
WRITTEN_KEY = "talknotes_written"
SOURCE_KEY = "talknotes_source"
EVENT_NOTES_CLASS = "talknotes-event-notes"


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A run begins: note which documents it reads; when the graph is unchanged, only they need comparing."""
    build_of(env).start(set(docnames))


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note where each front matter key sits, for warnings with lines; the values come from MyST.
    Characters that no output can hold are taken out first, with a warning."""
    source[0] = without_unsafe_characters(source[0], docname)
    layout = front_matter_layout(source[0])
    app.env.temp_data[LAYOUT_KEY] = layout
    app.env.temp_data[SOURCE_KEY] = source[0]
    app.env.temp_data[WRITTEN_KEY] = has_writing(body_of(source[0], layout.block_lines if layout else 0))
    source[0] = source_for_myst(source[0], layout)


def exact_reference_lines(app: Sphinx, doctree: nodes.document) -> None:
    """Warnings about a link point at its line, not at its paragraph's first line (``rolelines``)."""
    if SOURCE_KEY in app.env.temp_data:
        give_references_their_lines(doctree, app.env.temp_data[SOURCE_KEY])


def add_event_notes_section(app: Sphinx, doctree: nodes.document) -> None:
    """Give an event page a "Notes from this event" section before Sphinx's collectors read the page,
    so that it is in the page's table of contents like any section the author wrote."""
    if settings(app.env.config).layout.event_of_page(app.env.docname) is None:
        return
    section = nodes.section("", nodes.title("", "Notes from this event"), classes=[EVENT_NOTES_CLASS])
    section["names"].append("notes from this event")
    first = next(iter(doctree.findall(nodes.section)), None)
    (first if first is not None else doctree).append(section)
    doctree.note_implicit_target(section, section)  # a unique id, even beside an author's own heading


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Store the page record and leave placeholders for the card, the lists and the neighbours."""
    env = app.env
    docname = env.docname
    first_section = next(iter(doctree.findall(nodes.section)), None)
    has_title = first_section is not None and len(first_section) and isinstance(first_section[0], nodes.title)
    title = env.titles[docname].astext() if has_title and docname in env.titles else None
    title_heading = None
    if title is not None and (line := first_section[0].line) and SOURCE_KEY in env.temp_data:
        title_heading = (heading_level(env.temp_data[SOURCE_KEY], line), line)
    reader = PageReader(docname, env.temp_data.get(LAYOUT_KEY), settings(env.config).layout)
    record = reader.read(title, env.temp_data.get(WRITTEN_KEY, True), title_heading)
    if reader.misplaced:
        # The misplaced warning says where the page belongs; Sphinx need not add that it is in no toctree.
        env.metadata[docname]["orphan"] = True
    notes_section = next((s for s in doctree.findall(nodes.section) if EVENT_NOTES_CLASS in s["classes"]), None)
    if notes_section is not None and (record is None or not record.is_event_page):
        notes_section.parent.remove(notes_section)  # an event page without a valid event: no notes to list
        notes_section = None
    if record is None:
        return
    domain: TalknotesDomain = env.domains["talknotes"]  # type: ignore[assignment]
    domain.note_record(docname, record)
    if record.draft:
        # Drafts are kept out of every toctree, so Sphinx must not ask for one.
        env.metadata[docname]["orphan"] = True
    top, bottom = (Kind.EVENT_CARD, Kind.EVENT_NOTES) if record.is_event_page else (Kind.NOTE_CARD, Kind.NEIGHBOURS)
    section = next(iter(doctree.findall(nodes.section)), None)
    container = section if section is not None else doctree
    title_index = 1 if section is not None and len(section) and isinstance(section[0], nodes.title) else 0
    for kind, position in ((top, title_index), (bottom, None), (Kind.MENTIONS, None)):
        spec = {"type": kind.value}
        domain.note_use(docname, spec)
        placeholder = make_placeholder(docname, spec)
        if kind is Kind.EVENT_NOTES and notes_section is not None:
            notes_section.append(placeholder)
        elif position is None:
            container.append(placeholder)
        else:
            container.insert(position, placeholder)


def note_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Keep the links the page's author wrote, each with its sentence, for the pages they link to: read
    before anything of the extension's own is rendered, and after a scaffold's outline is taken out."""
    domain: TalknotesDomain = app.env.domains["talknotes"]  # type: ignore[assignment]
    domain.note_mentions(app.env.docname, mentions_in(doctree, app.env.docname))


def leave_only_title(app: Sphinx, doctree: nodes.document) -> None:
    """Take the tools' outline out of a note or event page that holds nothing else (``writeup``), before
    Sphinx's collectors read the page's sections: readers see no scaffold text, and a programme entry shows
    what the schedule gave. Targets stay, so that links to the page's labels work."""
    env = app.env
    layout = env.temp_data.get(LAYOUT_KEY)
    if env.temp_data.get(WRITTEN_KEY, True):
        return
    folder_event = settings(env.config).layout.place(env.docname).folder_event
    if not is_note_page(folder_event, layout.lines if layout is not None else ()):
        return  # not a note: its page is its own business
    section = next(iter(doctree.findall(nodes.section)), None)
    container = section if section is not None else doctree
    for child in list(container.children):
        if not isinstance(child, (nodes.title, nodes.target)):
            container.remove(child)
