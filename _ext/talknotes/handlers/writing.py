"""Writing: placeholders filled as each page is written, then the files beside the pages and the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from ..base.placeholders import talknotes_placeholder
from ..base.settings import settings
from ..outputs.calendars import write_calendars
from ..outputs.catalog import write_catalog
from ..outputs.feeds import write_feeds
from ..outputs.llms import LLMS_FILES, write_llms
from ..outputs.previews import write_previews
from ..outputs.sitemap import unchanged_build, write_sitemap
from ..pages.components import build_view, render
from ..pages.render import Linker
from ..sphinx.build import Build, build_of, state_file

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder


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
    """Write the catalog, the sitemap, the feeds, the calendars, the previews' data and llms.txt, and remember
    what each page showed, for the next incremental build."""
    if exception is not None or app.builder.format != "html":
        return
    from sphinx.builders.epub3 import Epub3Builder

    build = build_of(app.env)
    before, now = build.ledger.before, build.ledger.now
    unchanged = unchanged_build(app, build)
    config = settings(app.config)
    outdir = Path(app.builder.outdir)
    # Each writer with the files it writes at the output root.
    files: list[tuple[tuple[str, ...], Callable[[Sphinx, Build], dict[str, str]]]] = [
        ((config.sitemap,), write_sitemap)
    ]
    if not isinstance(app.builder, Epub3Builder):
        files = [((config.catalog,), write_catalog), *files, (LLMS_FILES, write_llms)]
    for names, write in files:
        if unchanged and all(name and name in before.outputs and (outdir / name).is_file() for name in names):
            now.outputs.update((name, before.outputs[name]) for name in names)
        else:
            now.outputs.update(write(app, build))
    for folder, write in ((config.feeds, write_feeds), (config.calendars, write_calendars),
                          (config.previews, write_previews)):  # fmt: skip
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
