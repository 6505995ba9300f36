"""The Sphinx event handlers, each named after its event, that tie reading, the graph and writing together."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .base.files import without_unsafe_characters
from .base.placeholders import Kind, make_placeholder, talknotes_placeholder
from .base.rolelines import give_references_their_lines
from .base.settings import settings
from .base.writeup import body_of, has_writing, heading_level
from .model.consistency import checked_graph
from .model.frontmatter import front_matter_layout, source_for_myst
from .model.generated_pages import generated_pages
from .model.graph import Graph
from .model.reach import changed_keys, document_keys, notes_and_keys, topic_families
from .model.records import PageReader, is_note_page
from .model.registry import load_registry
from .model.views import digest
from .outputs.calendars import write_calendars
from .outputs.catalog import write_catalog
from .outputs.explore import listed_note_entry
from .outputs.feeds import write_feeds
from .outputs.sitemap import unchanged_build, write_sitemap
from .pages.components import build_view, render
from .pages.render import Linker
from .sphinx.build import Build, build_of, state_file
from .sphinx.domain import resolve_target
from .sphinx.encoding import warn_unread_files
from .sphinx.internals import sync_event_toctrees
from .sphinx.outline import build_outline, page_fingerprint

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .sphinx.domain import TalknotesDomain

LAYOUT_KEY = "talknotes_front_matter_layout"
WRITTEN_KEY = "talknotes_written"
SOURCE_KEY = "talknotes_source"
SALT_VERSION = "2"


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note where each front matter key sits, for warnings with lines; the values come from MyST.
    Characters that no output can hold are taken out first, with a warning."""
    source[0] = without_unsafe_characters(source[0], docname)
    layout = front_matter_layout(source[0])
    app.env.temp_data[LAYOUT_KEY] = layout
    app.env.temp_data[SOURCE_KEY] = source[0]
    app.env.temp_data[WRITTEN_KEY] = has_writing(body_of(source[0], layout.block_lines if layout else 0))
    source[0] = source_for_myst(source[0], layout)


EVENT_NOTES_CLASS = "talknotes-event-notes"


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
    for kind, position in ((top, title_index), (bottom, None)):
        spec = {"type": kind.value}
        domain.note_use(docname, spec)
        placeholder = make_placeholder(docname, spec)
        if kind is Kind.EVENT_NOTES and notes_section is not None:
            notes_section.append(placeholder)
        elif position is None:
            container.append(placeholder)
        else:
            container.insert(position, placeholder)


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


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the graph, report cross-page errors, and name the pages whose shown content changed."""
    build = build_of(env)
    build.update(site_graph(app, env), build_salt(app, env))
    if app.builder.format != "html":
        return []
    return pages_to_rewrite(app, env, build)


def site_graph(app: Sphinx, env: BuildEnvironment) -> Graph:
    """The graph of the whole site after reading, with every check across pages reported."""
    config = settings(env.config)
    warn_unread_files(Path(app.srcdir), config.layout.events_dir, tuple(env.config.source_suffix))
    confdir = Path(app.confdir)
    registry = load_registry(confdir / config.topics_file, confdir / config.speakers_file)
    domain: TalknotesDomain = env.domains["talknotes"]  # type: ignore[assignment]
    graph = checked_graph(
        domain.records,
        registry,
        config,
        set(env.found_docs),
        domain.uses,
        source_of=lambda docname: Path(env.doc2path(docname, False)).as_posix(),
    )
    for docname in graph.orphans:
        env.metadata[docname]["orphan"] = True
    sync_event_toctrees(env, graph)
    return graph


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment, build: Build) -> list[str]:
    """The documents whose cards, lists, role targets or navigation show something new since the last build."""
    domain: TalknotesDomain = env.domains["talknotes"]  # type: ignore[assignment]
    before, now = build.ledger.before, build.ledger.now
    build.ledger.load(state_file(app), Path(app.builder.outdir))
    now.inputs = build.graph.fingerprint()
    now.rest = build.graph.fingerprint_without_notes()
    now.notes = notes_and_keys(build.graph)
    now.documents = digest(sorted(env.all_docs))
    reread = build.read
    if before.inputs == now.inputs and reread is not None:
        # The graph is as in the last build: only the pages read again can show something new.
        unchanged = not reread and now.documents == before.documents
        navigation_changed = update_navigation(app, build, unchanged=unchanged)
        build.unchanged = now.outline == before.outline
        changed = changed_documents(env, domain, build, only=reread)
    elif reread is not None and before.inputs and now.rest == before.rest:
        # Only notes' own records changed: only the pages that read what they belong to can show something new.
        build.reached = changed_keys(before.notes, now.notes)
        build.families = topic_families(build.graph)
        navigation_changed = update_navigation(app, build, unchanged=False)
        changed = changed_documents(env, domain, build, only=reread | reached_documents(domain, build))
    else:
        navigation_changed = update_navigation(app, build, unchanged=False)
        changed = changed_documents(env, domain, build)
    return sorted(set(changed) | navigation_changed)


def reached_documents(domain: TalknotesDomain, build: Build) -> set[str]:
    """The documents whose cards and lists read a part of the graph that a changed note belongs to."""
    assert build.reached is not None
    reached = set()
    for docname in set(domain.uses) | set(domain.refs):
        keys = document_keys(build.graph, docname, domain.uses.get(docname, ()), bool(domain.refs.get(docname)))
        if keys is None or not build.reached.isdisjoint(keys):
            reached.add(docname)
    return reached


def update_navigation(app: Sphinx, build: Build, *, unchanged: bool) -> set[str]:
    """Outline the site for the navigation; the documents whose navigation shows something new.

    ``unchanged``: no document was read, added or removed and the graph is the same, so neither is
    the outline: it is made only if a page is written after all.
    """
    env = app.env
    if not build.generated_pages:
        return set()
    before, now = build.ledger.before, build.ledger.now
    build.generated = generated = generated_pages(settings(env.config).layout, build.graph)
    build.outline_factory = lambda: build_outline(env, app.builder, build.graph, generated)
    if unchanged and before.outline:
        now.outline, now.nav = before.outline, dict(before.nav)
        return set()
    outline = build.outline
    assert outline is not None
    now.outline = outline.digest
    pages = [*env.all_docs, *(page.pagename for page in generated)]
    if outline.digest == before.outline:
        # The same outline: only pages new to it need a fingerprint.
        now.nav = dict(before.nav)
        for page in pages:
            if page not in now.nav:
                now.nav[page] = page_fingerprint(outline, page)
    else:
        now.nav = {page: page_fingerprint(outline, page) for page in pages}
    return {docname for docname in env.all_docs if before.nav.get(docname) != now.nav[docname]}


def build_salt(app: Sphinx, env: BuildEnvironment) -> str:
    """What every generated page depends on besides its own content and navigation: builder, configuration and
    templates (a changed template makes Sphinx rewrite every document; the generated pages follow)."""
    build_info = getattr(app.builder, "build_info", None)
    templates = getattr(app.builder, "templates", None)
    newest_template = templates.newest_template_mtime() if hasattr(templates, "newest_template_mtime") else ""
    return ":".join((
        app.builder.name,
        str(getattr(build_info, "config_hash", "")),
        str(getattr(build_info, "tags_hash", "")),
        str(newest_template),
        SALT_VERSION,
    ))  # fmt: skip


def changed_documents(
    env: BuildEnvironment, domain: TalknotesDomain, build: Build, only: set[str] | None = None
) -> list[str]:
    """The documents whose cards, lists or role targets show something else than in the last build.

    With ``only``, the graph is unchanged, so every other document keeps its last fingerprint.
    """
    uses, refs = domain.uses, domain.refs
    layout = settings(env.config).layout
    before, now = build.ledger.before, build.ledger.now
    changed = []
    for docname in sorted(set(uses) | set(refs)):
        if docname not in env.all_docs:
            continue
        if only is not None and docname not in only and docname in before.docs:
            now.docs[docname] = before.docs[docname]
            continue
        shown: dict[str, Any] = {
            "uses": [build_view(build.graph, docname, spec) for spec in uses.get(docname, ())],
            "refs": [(typ, target, resolve_target(env, typ, target)) for typ, target in refs.get(docname, ())],
            # The fields as astuple() gives them (JSON makes no difference), without its deep copy: a third
            # of this loop's time.
            "index": (entry.type, entry.filters, entry.sort, entry.meta)
            if (entry := listed_note_entry(build.graph, docname, layout))
            else None,
        }
        now.docs[docname] = digest(shown)
        if before.docs.get(docname) != now.docs[docname]:
            # The views are built again when the page is written: kept until then, those of a full
            # build would hold every note's lists at once, a tenth of the build's peak memory.
            changed.append(docname)
    return changed


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A run begins: note which documents it reads; when the graph is unchanged, only they need comparing."""
    build_of(env).start(set(docnames))


def placeholder_nodes(builder: Builder, placeholder: talknotes_placeholder, link: Linker) -> list[nodes.Node]:
    """What ``placeholder`` shows on the page ``link`` links from: nodes rendered from the graph."""
    spec = placeholder["spec"]
    return render(spec, build_view(build_of(builder.env).graph, placeholder["docname"], spec), link)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill every placeholder with nodes rendered from the graph, for builders other than HTML ones.

    An HTML translator fills a placeholder as it reaches it (``visit_placeholder_html``) and lets go of
    the nodes once written: made here, they would live as long as the page's doctree, long enough for
    Python's collector to move them to its oldest generation, where they are garbage a page later. At
    1,000 notes that was four fifths of what the writing phase moved there (930,000 objects against
    190,000 now), which set off eleven full collections of the whole heap where two run now
    (``gc.callbacks``, a full build of the generated site as configured)."""
    if app.builder.format == "html":
        return
    link = Linker(app.builder, docname)
    for placeholder in list(doctree.findall(talknotes_placeholder)):
        placeholder.replace_self(placeholder_nodes(app.builder, placeholder, link))


def visit_placeholder_html(translator: nodes.NodeVisitor, node: talknotes_placeholder) -> None:
    """HTML: the placeholder's nodes take its place while the translator writes them, then it is put back.

    In its place, not below it: the translator writes a node according to its parent and siblings
    (whether a paragraph is compact, for one), so they are written as if ``doctree-resolved`` had put them there.
    What an ancestor decided before the translator reached the placeholder saw the placeholder, not them: a
    list whose item holds only an empty list's one-line message is not marked as a simple list.
    """
    builder = translator.builder  # type: ignore[attr-defined]
    # A translator writes one page: one linker for its placeholders works out each address once per page.
    link = getattr(translator, "talknotes_linker", None)
    if link is None:
        link = translator.talknotes_linker = Linker(builder, builder.current_docname)  # type: ignore[attr-defined]
    rendered = placeholder_nodes(builder, node, link)
    parent = node.parent
    where = parent.index(node)
    parent[where : where + 1] = rendered  # the parent's walk goes on over its children as they were
    try:
        for child in rendered:
            child.walkabout(translator)
    finally:
        parent[where : where + len(rendered)] = [node]
    raise nodes.SkipNode


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Write the catalog and the sitemap, and remember what each page showed, for the next incremental build."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.builders.epub3 import Epub3Builder

    build = build_of(app.env)
    before, now = build.ledger.before, build.ledger.now
    unchanged = unchanged_build(app, build)
    config = settings(app.config)
    outdir = Path(app.builder.outdir)
    files = [(config.sitemap, write_sitemap)]
    if not isinstance(app.builder, Epub3Builder):
        files.insert(0, (config.catalog, write_catalog))
    for filename, write in files:
        if unchanged and filename and (outdir / filename).is_file():
            now.outputs[filename] = before.outputs.get(filename, "")
        else:
            now.outputs.update(write(app, build))
    for folder, write in ((config.feeds, write_feeds), (config.calendars, write_calendars)):
        if unchanged and folder and (outdir / folder).is_dir():
            now.outputs.update((path, made) for path, made in before.outputs.items() if path.startswith(f"{folder}/"))
        else:
            now.outputs.update(write(app, build))
    remove_outputs_not_made(outdir, set(before.outputs) - set(now.outputs))
    build.ledger.save(state_file(app))


def remove_outputs_not_made(outdir: Path, paths: set[str]) -> None:
    """Delete what an earlier build wrote beside the pages and this one does not: the feeds, calendars and
    sitemap of a build with the site's address, after one without it, would be published stale."""
    for path in sorted(paths):
        target = outdir / path
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == outdir or any(folder.iterdir()):
                break
            folder.rmdir()
