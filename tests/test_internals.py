"""Pins what talknotes.internals relies on in Sphinx: each test fails if a Sphinx release changes it."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest
from helpers import copy_root
from sphinx import addnodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from talknotes.pages.render import Linker
from talknotes.sphinx.internals import AUTO, output_file, uses_furo

PYCON = "recaps/pycon-x-2024"


@pytest.fixture
def app(make_app, tmp_path: Path):
    src = copy_root("basic", tmp_path)
    app = make_app("html", srcdir=src)
    app.build()
    return app


def test_the_injected_toctree_is_what_sphinx_reads(app) -> None:
    """The hidden toctree of an event page: in the environment's records, in the order the extension set."""
    env = app.env
    toctrees = list(env.tocs[f"{PYCON}/index"].findall(addnodes.toctree))
    assert len(toctrees) == 1 and toctrees[0].get(AUTO)
    notes = [f"{PYCON}/keynote", f"{PYCON}/packaging-talk"]  # by date, without the draft
    assert toctrees[0]["includefiles"] == notes
    assert env.toctree_includes[f"{PYCON}/index"] == notes
    assert all(f"{PYCON}/index" in env.files_to_rebuild[note] for note in notes)
    assert f"{PYCON}/index" not in env.files_to_rebuild.get(f"{PYCON}/draft-note", set())
    # Sphinx's own readers of these records agree: previous/next and the toctree it resolves.
    relations = env.collect_relations()
    assert relations[f"{PYCON}/keynote"][1:] == [f"{PYCON}/index", f"{PYCON}/packaging-talk"]
    resolved = global_toctree_for_doc(env, f"{PYCON}/keynote", app.builder, tags=app.builder.tags, collapse=False)
    titles = [node.astext() for node in resolved.findall(lambda n: n.tagname == "reference")]
    assert titles.index("Opening keynote") < titles.index("Packaging in practice")
    assert "Unfinished draft note" not in titles


def test_the_events_overview_toctree_runs_newest_first(app) -> None:
    env = app.env
    events = ["recaps/pycon-x-2024/index", "recaps/meetup-2023/index"]  # by id, glob order is the reverse
    assert env.toctree_includes["recaps/index"] == events
    relations = env.collect_relations()
    assert relations["recaps/index"][2] == events[0]  # next: the newest event, not the first by name
    assert relations[events[0]][0] == "recaps/index"


def test_found_docs_are_the_projects_documents(app) -> None:
    """leave_out() discards a document from the set behind env.found_docs."""
    assert app.env.found_docs is app.env.project.docnames


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
@pytest.mark.parametrize("pagename", ["index", "recaps/index", "recaps/2016", "topics/kubernetes/2018", "speakers/zoë"])
def test_output_file_is_sphinx_own(make_app, tmp_path: Path, builder: str, pagename: str) -> None:
    """The string version of builder.get_outfilename() used where thousands of pages are checked."""
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    app = make_app(builder, srcdir=tmp_path)
    assert output_file(app.builder, pagename) == str(app.builder.get_outfilename(pagename))


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_links_are_the_builders_own_with_each_address_worked_out_once(make_app, tmp_path: Path, builder: str) -> None:
    """A card's links equal builder.get_relative_uri(); each target's address is asked of the builder once."""
    app = make_app(builder, srcdir=copy_root("minimal", tmp_path))
    pages = ["index", "recaps/index", "recaps/good-2024/index", "recaps/good-2024/talk", "topics/py", "speakers/zoë"]
    expected = {(here, there): app.builder.get_relative_uri(here, there) for here in pages for there in pages}
    asked: list[str] = []
    own = app.builder.get_target_uri
    app.builder.get_target_uri = lambda docname, typ=None: asked.append(docname) or own(docname, typ)
    links = {(here, there): Linker(app.builder, here).uri(there) for here in pages for there in pages}
    assert links == expected
    if builder != "singlehtml":  # singlehtml makes its relative links its own way, and is asked each time
        assert sorted(asked) == sorted(pages)


@pytest.mark.parametrize(("theme", "furo"), [("furo", True), ("alabaster", False), ("basic", False)])
def test_furo_is_recognised_by_its_theme_folders(make_app, tmp_path: Path, theme: str, furo: bool) -> None:
    (tmp_path / "conf.py").write_text(f"html_theme = {theme!r}\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    assert uses_furo(app.builder) is furo


def test_a_page_body_is_written_outside_any_document(make_app, tmp_path: Path) -> None:
    """write_fragment() sets the builder's per-page state as write_doc does: it works before any page is written."""
    from docutils import nodes
    from talknotes.sphinx.internals import fragment_document, write_fragment

    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.builder.prepare_writing(set())  # as Sphinx does when no document needs writing
    section = nodes.section("", nodes.title("A title", "A title"), nodes.paragraph("", "Text."), ids=["a-title"])
    html = write_fragment(app.builder, "topics/python", fragment_document(app.builder, [section]))
    assert '<section id="a-title">' in html and "<h1>A title" in html and "<p>Text.</p>" in html
    assert app.builder.current_docname == "topics/python"


def test_the_toctree_purge_is_skipped_only_for_documents_never_read(make_app, tmp_path: Path, monkeypatch) -> None:
    """A fresh build gives Sphinx's own toctree records; a document read before is forgotten as Sphinx does."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    built = {}
    for name, patched in (("patched", True), ("sphinx", False)):
        if not patched:
            from talknotes import phases

            unpatched = tuple(p for p in phases.PHASES if p.handler.__name__ != "purge_only_what_was_read")
            assert len(unpatched) == len(phases.PHASES) - 1
            monkeypatch.setattr(phases, "PHASES", unpatched)
        src = copy_root("basic", tmp_path / name)
        app = make_app("html", srcdir=src)
        app.build()
        handlers = [listener.handler for listener in app.events.listeners["env-purge-doc"]]
        own = [h for h in handlers if getattr(h, "__func__", None) is TocTreeCollector.clear_doc]
        assert (own == []) is patched  # wrapped, not left as it was
        built[name] = (app.env.files_to_rebuild, app.env.toctree_includes, app)
    assert built["patched"][0] == built["sphinx"][0] and built["patched"][1] == built["sphinx"][1]
    app = built["patched"][2]
    env = app.env
    env.files_to_rebuild.setdefault("some/page", set()).update({"never/read", f"{PYCON}/index"})
    app.events.emit("env-purge-doc", env, "never/read")
    assert "never/read" in env.files_to_rebuild["some/page"]  # never read: no scan
    app.events.emit("env-purge-doc", env, f"{PYCON}/index")
    assert f"{PYCON}/index" not in env.files_to_rebuild["some/page"]  # read before: forgotten everywhere
    assert f"{PYCON}/index" not in env.tocs and all(f"{PYCON}/index" not in s for s in env.files_to_rebuild.values())


def test_asset_checksums_are_sphinx_own_and_worked_out_once_per_build(make_app, tmp_path: Path, monkeypatch) -> None:
    import sphinx.builders.html as html_builder
    from sphinx.builders.html._assets import _file_checksum
    from sphinx.errors import ThemeError

    app = make_app("html", srcdir=copy_root("basic", tmp_path))
    wrapped = html_builder._file_checksum
    assert wrapped.talknotes_original is _file_checksum  # wrapped where the builder reads it, once only
    outdir = Path(app.outdir)
    app.build()
    page = (outdir / "index.html").read_text(encoding="utf-8")
    assert f"basic.css?v={_file_checksum(outdir, '_static/basic.css')}" in page  # Sphinx's own value
    resolved = []
    real_resolve = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda path, *a, **k: resolved.append(path) or real_resolve(path, *a, **k))
    for _ in range(50):
        wrapped(outdir, "_static/basic.css")
    assert resolved == []  # known since the first page
    for _ in range(50):
        _file_checksum(outdir, "_static/basic.css")
    assert len(resolved) == 50  # what Sphinx alone does for each link of each page
    with pytest.raises(ThemeError):
        wrapped(outdir, "_static/x.css?v=1")  # Sphinx's own refusal is kept
    make_app("html", srcdir=copy_root("basic", tmp_path / "again"))  # a new build starts with nothing known
    assert html_builder._file_checksum is not wrapped
    assert html_builder._file_checksum.talknotes_original is _file_checksum


GC_PROBE = """
import os

EVENTS = []
FORKS = []


def record(name):
    def handler(app, *args):
        if name == "builder-inited":
            EVENTS.append(f"builder-inited with {len(app.env.all_docs)} documents")
        elif name != "html-collect-pages" or EVENTS[-1] != name:
            EVENTS.append(name)
        return [] if name == "html-collect-pages" else None
    return handler


def setup(app):
    for name in ("config-inited", "builder-inited", "env-before-read-docs", "env-merge-info", "env-updated",
                 "write-started", "html-collect-pages", "build-finished"):
        app.connect(name, record(name))
    if not FORKS:  # once per process: every build's app calls setup
        os.register_at_fork(before=lambda: EVENTS.append("fork"))
        FORKS.append(True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_phases_the_collector_tuning_relies_on(make_app, tmp_path: Path, jobs: int) -> None:
    """gc_tuning.py pauses and freezes Python's collector by Sphinx's phases: the saved environment is loaded
    between config-inited and builder-inited; the events come in this order; under -j, the main process forks
    its next reading worker after each merge (where the merged copies are freed), and forks writing workers
    (parallel_ok) once writing starts."""
    src = copy_root("basic", tmp_path)
    (src / "gc_probe.py").write_text(GC_PROBE, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport os, sys\nsys.path.insert(0, os.path.dirname(__file__))\nextensions.append('gc_probe')\n")
    for number in range(40):  # more chunks to read than -j 2 reads at once
        (src / f"extra-{number}.md").write_text(f"---\norphan: true\n---\n# Extra {number}\n", encoding="utf-8")
    make_app("html", srcdir=src, freshenv=True).build()
    probe = __import__("gc_probe")
    probe.EVENTS.clear()
    later = time.time() + 5
    for page in src.rglob("*.md"):  # the next build loads the saved environment and reads every document again
        os.utime(page, (later, later))
    app = make_app("html", srcdir=src, parallel=jobs)
    app.build()
    events = [e for e in probe.EVENTS if e != "fork" or jobs > 1]
    assert events[0] == "config-inited" and events[1].startswith("builder-inited with ")
    assert int(events[1].split()[2]) > 10  # the saved environment, loaded before builder-inited
    phases = [e for e in events[2:] if e not in ("fork", "env-merge-info")]
    assert phases == ["env-before-read-docs", "env-updated", "write-started", "html-collect-pages", "build-finished"]
    if jobs > 1:
        reading = events[events.index("env-before-read-docs") : events.index("env-updated")]
        forks = [i for i, e in enumerate(reading) if e == "fork"]
        assert len(forks) > jobs, reading
        # The first workers start at once; each next one after a merge, which frees the copies merged.
        for before, fork in itertools.pairwise(forks[jobs - 1 :]):
            assert "env-merge-info" in reading[before:fork], reading
        assert app.builder.parallel_ok
        writing = events[events.index("write-started") : events.index("html-collect-pages")]
        assert "fork" in writing, writing


def test_the_builders_fingerprints_change_with_the_configuration(make_app, tmp_path: Path) -> None:
    """``build_info`` and the newest template's time: what the generated pages' salt is made of."""
    from talknotes.sphinx.internals import builder_fingerprints

    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Home\n====\n", encoding="utf-8")
    first = builder_fingerprints(make_app("html", srcdir=tmp_path).builder)
    other = builder_fingerprints(make_app("html", srcdir=tmp_path, confoverrides={"html_title": "Other"}).builder)
    assert all(first) and len(first[0]) == 32  # an md5 digest, as .buildinfo writes it
    assert first[0] != other[0] and first[1:] == other[1:]


def test_relations_are_the_builders_and_a_document_can_leave_them(make_app, tmp_path: Path) -> None:
    from talknotes.sphinx.internals import forget_relations

    (tmp_path / "conf.py").write_text("", encoding="utf-8")  # plain Sphinx: talknotes drops what its outline gives
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   page\n", encoding="utf-8")
    (tmp_path / "page.rst").write_text("Page\n====\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    relations = app.builder.relations
    assert relations["page"][:2] == ["index", "index"]  # parent, previous
    forget_relations(app.builder, "page")
    assert "page" not in relations
    forget_relations(app.builder, "not/a/document")  # nothing to forget: no error
