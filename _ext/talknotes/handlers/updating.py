"""After reading: the graph built and checked once, and the documents whose shown content changed named."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.settings import settings
from ..model.consistency import checked_graph
from ..model.generated_pages import generated_pages
from ..model.graph import Graph
from ..model.mentioned import mentions_by_page
from ..model.mentions import mention_digests
from ..model.reach import changed_keys, document_keys, notes_and_keys, topic_families
from ..model.registry import load_registry
from ..model.views import digest
from ..outputs.explore import listed_note_entry
from ..pages.components import build_view
from ..sphinx.build import Build, build_of, state_file
from ..sphinx.domain import resolve_target
from ..sphinx.encoding import warn_unread_files
from ..sphinx.internals import builder_fingerprints, sync_event_toctrees
from ..sphinx.mention_links import all_mentions
from ..sphinx.outline import build_outline, page_fingerprint

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..sphinx.domain import TalknotesDomain

SALT_VERSION = "2"


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
    graph.mentions = mentions_by_page(graph, all_mentions(env, graph, config.layout, domain.mentions))
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
    now.mentions = mention_digests(build.graph.mentions)
    moved = build.mentions_moved = {
        page
        for page in now.mentions.keys() | before.mentions.keys()
        if now.mentions.get(page) != before.mentions.get(page)
    }
    reread = build.read
    if before.inputs == now.inputs and reread is not None:
        # The graph is as in the last build: only the pages read again can show something new.
        unchanged = not reread and now.documents == before.documents
        navigation_changed = update_navigation(app, build, unchanged=unchanged)
        build.unchanged = now.outline == before.outline and not moved
        changed = changed_documents(env, domain, build, only=reread | moved)
    elif reread is not None and before.inputs and now.rest == before.rest:
        # Only notes' own records changed: only the pages that read what they belong to can show something new.
        build.reached = changed_keys(before.notes, now.notes)
        build.families = topic_families(build.graph)
        navigation_changed = update_navigation(app, build, unchanged=False)
        changed = changed_documents(env, domain, build, only=reread | moved | reached_documents(domain, build))
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
    return ":".join((app.builder.name, *builder_fingerprints(app.builder), SALT_VERSION))


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
