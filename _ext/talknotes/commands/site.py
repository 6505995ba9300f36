"""A site on disk read and checked as the build reads and checks it, without Sphinx: ``make check``, the
scaffolds and the importer share it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from myst_parser.config.main import MdParserConfig
from sphinx.config import eval_config_file
from sphinx.project import EXCLUDE_PATHS, Project
from sphinx.util import docname_join

from ..base.files import without_unsafe_characters
from ..base.settings import Layout, Settings, problems
from ..base.warnings_ import Problem, collecting
from ..base.writeup import body_of, has_writing
from ..model.consistency import checked_graph
from ..model.frontmatter import FrontMatterLayout, front_matter_layout, source_for_myst
from ..model.graph import Graph
from ..model.records import PageReader, PageRecord
from ..model.registry import Registry, load_registry
from ..sphinx.domain import find_target, warn_unknown_target
from ..sphinx.encoding import read_page, warn_unread_files
from .scan import Scanner, myst_config


class SettingsError(Exception):
    """A ``talknotes_*`` value in conf.py that cannot work, in the build's words."""


@contextmanager
def sphinx_messages_to_stderr() -> Iterator[None]:
    """Sphinx's own messages while a command reads a site ("Ignored unreadable document"), on stderr.

    Not through the handlers that an app made earlier in the same process installed: they look up that app's
    environment, which an app that failed to start never had."""
    logger = logging.getLogger("sphinx")
    handlers, propagate = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [logging.StreamHandler(sys.stderr)], False
    try:
        yield
    finally:
        logger.handlers, logger.propagate = handlers, propagate


@dataclass
class Site:
    """A talknotes site on disk, as its conf.py describes it."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    suffixes: tuple[str, ...] = (".md",)
    myst: MdParserConfig = field(default_factory=MdParserConfig)
    docs: dict[str, Path] = field(default_factory=dict)

    @property
    def layout(self) -> Layout:
        return self.settings.layout

    @property
    def topics_file(self) -> str:
        return self.settings.topics_file

    @property
    def speakers_file(self) -> str:
        return self.settings.speakers_file

    @classmethod
    def load(cls, root: Path) -> Site:
        """The site in ``root``, with the settings its conf.py gives (the build's defaults for the others).

        Settings that cannot work stop it with ``SettingsError``, as they stop the build at ``config-inited``."""
        namespace = eval_config_file(root / "conf.py", tags=None) if (root / "conf.py").is_file() else {}
        values = {f"talknotes_{f.name}": namespace.get(f"talknotes_{f.name}", f.default) for f in fields(Settings)}
        if found := problems(SimpleNamespace(**values)):
            raise SettingsError(f"{root / 'conf.py'}: " + "; ".join(found))
        site = cls(
            root=root,
            settings=Settings.read(lambda name: values[f"talknotes_{name}"]),
            myst=myst_config(namespace),
        )
        suffixes = namespace.get("source_suffix", {".md": "markdown"})
        site.suffixes = tuple(suffixes) if isinstance(suffixes, (dict, list, tuple)) else (suffixes,)
        project = Project(root, list(site.suffixes))
        exclude = [*EXCLUDE_PATHS, *namespace.get("exclude_patterns", [])]
        with sphinx_messages_to_stderr():
            project.discover(exclude, namespace.get("include_patterns", ["**"]))
        site.docs = {docname: Path(project.doc2path(docname, absolute=True)) for docname in project.docnames}
        return site

    def path_of(self, docname: str) -> Path:
        return self.docs.get(docname, self.root / f"{docname}.md")


@dataclass
class Document:
    """What the build reads from one Markdown page, read here without Sphinx."""

    docname: str
    title: str | None
    title_heading: tuple[int, int] | None
    uses: list[dict[str, Any]]
    refs: list[tuple[str, str, int]]
    docs: list[tuple[str, int]]


def read_document(docname: str, text: str, scanner: Scanner, layout: FrontMatterLayout | None) -> Document:
    """A page as the build reads it: what MyST's parser finds in it."""
    text = text.lstrip("\ufeff")
    text = source_for_myst(text, layout)  # as the build gives it to MyST
    scanned = scanner.scan(docname, text)
    return Document(docname, scanned.title, scanned.title_heading, scanned.uses, scanned.refs, scanned.docs)


@dataclass
class SiteReading:
    """Every page of a site as the build reads it, and the problems reading found: what the checks across
    pages and ``make todo`` work on."""

    texts: dict[str, str]
    records: dict[str, PageRecord]
    documents: list[Document]
    problems: list[Problem]

    @property
    def uses(self) -> dict[str, list[dict[str, Any]]]:
        return {document.docname: document.uses for document in self.documents}


def read_site(site: Site, extra: dict[str, str] | None = None) -> SiteReading:
    """Read every page of the site (plus ``extra`` pages, docname -> text) as the build does."""
    with collecting() as problems:
        warn_unread_files(site.root, site.layout.events_dir, site.suffixes)
        texts = {}
        for docname, path in site.docs.items():
            text = read_page(path, site.root, docname)
            if text is not None:  # else left out, as the build leaves it out
                texts[docname] = without_unsafe_characters(text, docname)
        texts.update(extra or {})
        records, documents = {}, []
        scanner = Scanner(site.myst)
        for docname in sorted(texts):
            layout = front_matter_layout(texts[docname].lstrip("\ufeff"))
            document = read_document(docname, texts[docname], scanner, layout)
            documents.append(document)
            reader = PageReader(docname, layout, site.layout)
            written = has_writing(body_of(texts[docname], layout.block_lines if layout else 0))
            record = reader.read(document.title, written, document.title_heading)
            if record is not None:
                records[docname] = record
    return SiteReading(texts, records, documents, problems)


def site_registry(site: Site, topics_file: Path | None = None, speakers_file: Path | None = None) -> Registry:
    """The site's registries (or others in their place), read as the build reads them, warnings collected."""
    return load_registry(topics_file or site.root / site.topics_file, speakers_file or site.root / site.speakers_file)


def check_reading(site: Site, reading: SiteReading, registry: Registry) -> tuple[list[Problem], Graph]:
    """The problems across pages of what was read, with ``registry``: unknown events and topics, dates,
    similar names, targets of roles; and the graph they were found in."""
    with collecting() as problems:
        graph = checked_graph(
            reading.records,
            registry,
            site.settings,
            set(reading.texts),
            reading.uses,
            source_of=lambda docname: (
                site.docs[docname].relative_to(site.root).as_posix() if docname in site.docs else docname
            ),
        )
        for document in reading.documents:
            for typ, target, line in document.refs:
                if find_target(graph, typ, target) is None:
                    warn_unknown_target(graph, typ, target, (document.docname, line))
    for document in reading.documents:
        for written, line in document.docs:
            if linked_document(document.docname, written, site.suffixes) not in reading.texts:
                # Sphinx's own warning, foreseen: the same words and type as the build's.
                problems.append(
                    Problem(None, f"unknown document: {written!r}", (document.docname, line), sphinx_type="ref.doc")
                )
    return problems, graph


def linked_document(docname: str, written: str, suffixes: tuple[str, ...]) -> str:
    """The document a ``{doc}`` link names, as Sphinx resolves it: relative to the linking page's folder,
    or to the site's root when it starts with '/'."""
    target = written.strip()
    for suffix in suffixes:
        target = target.removesuffix(suffix)
    return docname_join(docname, target)


def check_site(site: Site, extra: dict[str, str] | None = None, topics_file: Path | None = None) -> list[Problem]:
    """Every content problem of the site (plus ``extra`` pages, docname -> text, and with ``topics_file`` in
    place of the site's topics), as the build reports them."""
    return checked_site(site, extra, topics_file)[0]


def checked_site(
    site: Site, extra: dict[str, str] | None = None, topics_file: Path | None = None
) -> tuple[list[Problem], SiteReading, Graph]:
    """``check_site``, with what was read and the graph."""
    reading = read_site(site, extra)
    with collecting() as registry_problems:
        registry = site_registry(site, topics_file)
    problems, graph = check_reading(site, reading, registry)
    return reading.problems + registry_problems + problems, reading, graph


def report(site: Site, problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(site.path_of), file=sys.stderr)
