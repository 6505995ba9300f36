"""The hidden toctree that puts an event's notes under its event page, without drafts, in date order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .graph import by_date_then_title, newest_first_event
from .settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .graph import Graph

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
    events_dir = settings(env.config).layout.events_dir
    for note in sorted(graph.notes.values(), key=by_date_then_title):
        parts = note.docname.split("/")
        if len(parts) > 2 and parts[0] == events_dir and not note.is_event_page and graph.listed(note):
            in_folder.setdefault(parts[1], []).append(note.docname)
    for event in graph.events.values():
        toc = env.tocs.get(event.docname)
        if toc is None:
            continue
        for toctree in toc.findall(addnodes.toctree):
            if not toctree.get(AUTO):
                continue
            members = in_folder.get(event.docname.split("/")[1], [])
            unrecorded = [d for d in toctree["includefiles"] if d not in graph.notes]
            wanted = members + sorted(unrecorded)
            if wanted == toctree["includefiles"]:
                continue
            for docname in set(toctree["includefiles"]) - set(wanted):
                env.files_to_rebuild.get(docname, set()).discard(event.docname)
            for docname in wanted:
                env.files_to_rebuild.setdefault(docname, set()).add(event.docname)
            toctree["entries"] = [(None, d) for d in wanted]
            toctree["includefiles"] = wanted
            env.toctree_includes[event.docname] = list(wanted)


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
    includes: list[str] = []
    for toctree in toc.findall(addnodes.toctree):
        if toctree.get("glob"):
            found = toctree["includefiles"]
            events = sorted((d for d in found if d in listed), key=lambda d: newest_first_event(event_pages[d]))
            wanted = events + [d for d in found if d not in event_pages]
            if wanted != found:
                for docname in set(found) - set(wanted):
                    env.files_to_rebuild.get(docname, set()).discard(overview)
                toctree["entries"] = [(None, d) for d in wanted]
                toctree["includefiles"] = wanted
        includes += toctree["includefiles"]
    if overview in env.toctree_includes:
        env.toctree_includes[overview] = includes
