"""Every place the extension reaches into Sphinx beyond its public API, in one module.

Each is pinned by tests/test_internals.py on the supported Sphinx version: the hidden toctree of
event pages and the order of the events overview (the environment's toctree records), leaving a
document out of a build (the project's documents), output file names, writing nodes as a page's
body outside a document (the builder's per-page state), whether the theme is Furo, writing
the general index only when some page has index entries (the builder's ``use_index``), and the
toctree collector's purge of a document, skipped for one never read (the event manager's listeners),
the checksums of a page's stylesheets and scripts, kept for the build (the HTML builder's module),
the fingerprints the HTML builder keeps of the configuration, tags and templates (``build_info``), and its
toctree relations, from which a page's previous, next and parent pages are dropped when the outline gives them.

Three other reaches stay beside the code they serve, each pinned by its own tests: writing the generated
pages in Sphinx's worker processes (``sphinx.util.parallel``, in ``pages/generated.py``), Furo's navigation
markup written directly (``pages/navigation.py``, held to Furo's own function by tests/test_navigation.py),
and MyST's parser run without Sphinx (``commands/scan.py``, held to the build by tests/test_cli.py).

``gc_tuning.py`` changes nothing of Sphinx, but pauses and freezes Python's collector by Sphinx's phases,
so it relies on their order, which tests/test_internals.py pins too: the saved environment is loaded
between ``config-inited`` and ``builder-inited``; reading (``env-before-read-docs`` to ``env-updated``)
comes before writing (``write-started``), whose documents are all written before the first
``html-collect-pages`` handler; under ``-j``, the main process merges each reading worker's environment
(``env-merge-info``) and forks the next worker after a merge, and an HTML builder whose ``parallel_ok``
is true forks the workers that write the documents.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.util.osutil import relative_uri

from ..base.settings import settings
from ..model.graph import by_date_then_title, newest_first_event

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

    from ..model.graph import Graph

AUTO = "talknotes_auto"


def inject_event_toctree(app: Sphinx, doctree: nodes.document) -> None:
    """Give an event page without a toctree of its own a hidden one listing every page in its folder.

    It runs before Sphinx's toctree collector reads the page, and is marked 'glob' so that Sphinx
    re-reads the event page whenever a page is added or removed.
    """
    env = app.env
    docname = env.docname
    if settings(env.config).layout.event_of_page(docname) is None:
        return
    if any(True for _ in doctree.findall(addnodes.toctree)):
        return
    prefix = docname[: -len("index")]
    members = sorted(d for d in env.found_docs if d.startswith(prefix) and d != docname)
    toctree = addnodes.toctree(
        entries=[(None, d) for d in members],
        includefiles=list(members),
        glob=True,
        hidden=True,
        maxdepth=-1,
        titlesonly=True,
        caption=None,
        numbered=0,
        includehidden=False,
        parent=docname,
        rawentries=[],
    )
    toctree[AUTO] = True
    wrapper = nodes.compound(classes=["toctree-wrapper"])
    wrapper += toctree
    section = next(iter(doctree.findall(nodes.section)), None)
    (section or doctree).append(wrapper)


def sync_event_toctrees(env: BuildEnvironment, graph: Graph) -> None:
    """After reading: each event's notes in date order under it, and the events overview newest first."""
    sync_notes_toctrees(env, graph)
    sort_events_overview(env, graph)


def sync_notes_toctrees(env: BuildEnvironment, graph: Graph) -> None:
    """After reading: keep only the listed notes in each injected toctree, in date-then-title order.

    Drafts are left out of the navigation; they are marked orphan when read, so Sphinx does not
    warn that they are in no toctree.
    """
    in_folder: dict[str, list[str]] = {}  # the listed notes below each event folder, nested ones included
    layout = settings(env.config).layout
    for note in sorted(graph.notes.values(), key=by_date_then_title):
        folder = layout.place(note.docname).folder_event
        if folder is not None and not note.is_event_page and graph.listed(note):
            in_folder.setdefault(folder, []).append(note.docname)
    for event in graph.events.values():
        toc = env.tocs.get(event.docname)
        if toc is None:
            continue
        for toctree in toc.findall(addnodes.toctree):
            if not toctree.get(AUTO):
                continue
            members = in_folder.get(event.id, [])
            unrecorded = [d for d in toctree["includefiles"] if d not in graph.notes]
            set_toctree(env, event.docname, toctree, members + sorted(unrecorded))


def sort_events_overview(env: BuildEnvironment, graph: Graph) -> None:
    """Order the events overview's glob toctree newest first, as the overview lists them, without drafts.

    Sphinx sorts glob matches by name; its reading order (singlehtml, epub) then follows the events' ids.
    """
    overview = settings(env.config).layout.events_overview
    toc = env.tocs.get(overview)
    if toc is None:
        return
    event_pages = {event.docname: event for event in graph.events.values()}
    listed = {event.docname for event in graph.listed_events()}
    for toctree in toc.findall(addnodes.toctree):
        if toctree.get("glob"):
            found = toctree["includefiles"]
            events = sorted((d for d in found if d in listed), key=lambda d: newest_first_event(event_pages[d]))
            set_toctree(env, overview, toctree, events + [d for d in found if d not in event_pages])


def set_toctree(env: BuildEnvironment, docname: str, toctree: addnodes.toctree, wanted: list[str]) -> None:
    """Make ``toctree`` of ``docname`` list ``wanted``, as if read so: its entries, the environment's
    record of what the page includes, and which pages are rebuilt when an entry changes."""
    if wanted == toctree["includefiles"]:
        return
    for left in set(toctree["includefiles"]) - set(wanted):
        env.files_to_rebuild.get(left, set()).discard(docname)
    for entry in wanted:
        env.files_to_rebuild.setdefault(entry, set()).add(docname)
    toctree["entries"] = [(None, d) for d in wanted]
    toctree["includefiles"] = list(wanted)
    env.toctree_includes[docname] = [
        entry for node in env.tocs[docname].findall(addnodes.toctree) for entry in node["includefiles"]
    ]


def leave_out(app: Sphinx, env: BuildEnvironment, docname: str, docnames: list[str]) -> None:
    """Keep a found document out of this build: not read, not written, in no toctree (found again next time)."""
    docnames.remove(docname)
    if docname in env.all_docs:  # read before
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
    env.project.docnames.discard(docname)  # what env.found_docs is


def output_file(builder: Builder, pagename: str) -> str:
    """``builder.get_outfilename(pagename)`` made with strings: no Path objects for thousands of pages."""
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder

    outdir = os.fspath(builder.outdir)
    suffix = builder.out_suffix  # type: ignore[attr-defined]
    if isinstance(builder, DirectoryHTMLBuilder):
        parts = pagename.split("/")
        folder = parts[:-1] if parts[-1] == "index" else parts
        return os.path.join(outdir, *folder, f"index{suffix}")  # noqa: PTH118
    return os.path.join(outdir, *pagename.split("/")) + suffix  # noqa: PTH118


def builder_fingerprints(builder: Builder) -> tuple[str, str, str]:
    """The hashes of the configuration and tags the HTML builder keeps in ``.buildinfo`` (``build_info``), and
    the time of its newest template: what makes Sphinx write every document again."""
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    newest_template = templates.newest_template_mtime() if hasattr(templates, "newest_template_mtime") else ""
    return (
        str(getattr(build_info, "config_hash", "")),
        str(getattr(build_info, "tags_hash", "")),
        str(newest_template),
    )


def forget_relations(builder: Builder, docname: str) -> None:
    """Drop a document from the HTML builder's toctree relations (``relations``), from which it would render the
    titles of the previous, next and parent pages again."""
    relations = getattr(builder, "relations", None)
    if relations and docname in relations:
        del relations[docname]


def uses_furo(builder: Builder) -> bool:
    """Whether the theme is Furo or inherits from it (Furo's page-context handler then runs)."""
    theme = getattr(builder, "theme", None)
    return theme is not None and any(Path(d).parts[-3:-1] == ("furo", "theme") for d in theme.get_theme_dirs())


def fragment_document(builder: StandaloneHTMLBuilder, children: list[nodes.Node]) -> nodes.document:
    """A document holding ``children``: the doctree of a page the extension makes."""
    document = new_document("<talknotes>", builder.docsettings)
    document.extend(children)
    return document


def write_fragment(builder: StandaloneHTMLBuilder, pagename: str, document: nodes.document) -> str:
    """``document`` written to HTML by the builder's translator, as the body of page ``pagename``.

    The builder's per-page state is set as ``StandaloneHTMLBuilder.write_doc`` sets it.
    """
    builder.secnumbers, builder.fignumbers = {}, {}
    builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(pagename), "_downloads")
    builder.current_docname = pagename
    visitor = builder.create_translator(document, builder)
    for child in document.children:
        child.walkabout(visitor)
    return "".join(visitor.body)


def write_page(
    builder: StandaloneHTMLBuilder, pagename: str, context: dict[str, Any], template: str, document: nodes.document
) -> None:
    """Write a page the extension makes, from ``html-collect-pages``, with its doctree.

    Pages handed back to Sphinx reach ``html-page-context`` without a doctree, and handlers then
    assume the worst (sphinxcontrib-mermaid adds its script to every such page).
    """
    builder.handle_page(pagename, context, template, event_arg=document)


def index_only_when_used(app: Sphinx, env: BuildEnvironment) -> None:
    """Write and link the general index only when a page has index entries.

    Sphinx writes ``genindex.html`` and links it from every page's head whenever ``html_use_index``
    is on, even when it would be empty, as it is on a knowledge base of notes. The builder's own
    switch is set after reading, when the entries are known, before any page is written.
    """
    from sphinx.builders.html import StandaloneHTMLBuilder

    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.get_builder_config("use_index", "html"):
        return
    builder.use_index = any(env.domains.index_domain.entries.values())
    if not builder.use_index:
        Path(builder.get_outfilename("genindex")).unlink(missing_ok=True)  # as a clean build would have it


def hide_unwritten_index(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """Templates ask ``hasdoc('genindex')`` to link the index: not when it is not written."""
    hasdoc = context.get("hasdoc")
    if hasdoc is not None and getattr(app.builder, "use_index", True) is False:
        context["hasdoc"] = lambda name: name != "genindex" and hasdoc(name)


def purge_only_what_was_read(app: Sphinx) -> None:
    """Before Sphinx reads a document, its toctree collector forgets the document's last reading by
    scanning every entry of ``env.files_to_rebuild``: a scan of the whole site for each page read, so a
    build reading every page costs the square of the site (47 % of reading pyvideo's 21,715 talks,
    under py-spy). A document that was never read is in none of those entries, nor in any other record
    the collector clears: its scan is skipped, and a document read before is forgotten as Sphinx does.

    The collector's handler of ``env-purge-doc`` is wrapped where Sphinx's event manager keeps it."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    listeners = app.events.listeners.get("env-purge-doc", [])
    for index, listener in enumerate(listeners):
        handler = listener.handler
        if getattr(handler, "__func__", None) is not TocTreeCollector.clear_doc:
            continue

        def clear_doc(app: Sphinx, env: BuildEnvironment, docname: str, forget: Any = handler) -> None:
            if docname in env.tocs or docname in env.toctree_includes:
                forget(app, env, docname)

        listeners[index] = listener._replace(handler=clear_doc)


def remember_asset_checksums(app: Sphinx) -> None:
    """Sphinx marks each stylesheet and script link of every page with the file's checksum (``?v=``), which it
    caches by the file's resolved path, and so resolves the path again for each link of each page: 7 % of
    writing pyvideo's imported 37,600 pages (py-spy). The checksums are kept by the name the page links, for
    the build (the files do not change while pages are written; a new build starts afresh).

    Sphinx's HTML builder reads ``_file_checksum`` from its module when it writes a page; it is wrapped there."""
    import sphinx.builders.html as html_builder

    original = getattr(html_builder._file_checksum, "talknotes_original", html_builder._file_checksum)
    known: dict[tuple[str, str], str] = {}

    def file_checksum(outdir: Path, filename: str | os.PathLike[str]) -> str:
        key = (os.fspath(outdir), os.fspath(filename))
        checksum = known.get(key)
        if checksum is None:
            checksum = known[key] = original(outdir, filename)  # ThemeError for a name with a query string
        return checksum

    file_checksum.talknotes_original = original  # type: ignore[attr-defined]
    html_builder._file_checksum = file_checksum
