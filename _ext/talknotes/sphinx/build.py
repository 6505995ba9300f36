"""One build's state beyond the pickled environment: its graph, pages, outline, explore run and fingerprint ledger.

A ``Build`` is made when the builder starts (``builder-inited``) and lives as long as it; each run of the
builder starts afresh when it begins reading (``Build.start``), and gets its graph when the environment is
updated (``Build.update``). Handlers look it up once (``build_of``) and hand it down to the views,
renderers, page writers and output writers; nothing of it is pinned on the builder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..model.generated_pages import GeneratedPage
    from ..model.graph import Graph
    from .outline import Outline

STATE_FOLDER = "talknotes-state"  # in the doctree folder: nothing but the site goes into the output


@dataclass
class Fingerprints:
    """What the site showed, by fingerprint: the ledger keeps one set from the last build and one for this one."""

    salt: str = ""  # builder, configuration and templates: what every generated page depends on
    inputs: str = ""  # the graph's: when it is the last build's, only re-read pages can change
    rest: str = ""  # the graph's without the notes' own records
    # Each note's record digest and the parts of the graph it belongs to (``reach.notes_and_keys``).
    notes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    documents: str = ""  # the set of documents
    docs: dict[str, str] = field(default_factory=dict)  # what each document's cards, lists and targets show
    pages: dict[str, str] = field(default_factory=dict)  # what each generated page shows
    nav: dict[str, str] = field(default_factory=dict)  # what each page's navigation depends on
    outline: str = ""
    # Every page's last commit (``sitemap.last_commits``), which feeds, calendars and the sitemap show.
    commits: str = ""
    outputs: dict[str, str] = field(default_factory=dict)  # what each feed and calendar says, by path
    # What each page's "Mentioned in" shows, by page name: the links of other pages, apart from the graph.
    mentions: dict[str, str] = field(default_factory=dict)

    def saved(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Ledger:
    """The fingerprints of the last build into this output folder (``before``) and of this one (``now``).

    Kept beside the doctrees, one file per builder and output folder, not in the environment: html and
    dirhtml builds share one environment but not their pages."""

    before: Fingerprints = field(default_factory=Fingerprints)
    now: Fingerprints = field(default_factory=Fingerprints)

    def load(self, path: Path, outdir: Path) -> None:
        """What the last build into ``outdir`` recorded in ``path``; nothing when that output is gone (no
        ``.buildinfo``, which Sphinx writes at the end of every build): then every page is written."""
        if not (outdir / ".buildinfo").is_file():
            return
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(saved, dict):
            return
        before = self.before
        before.docs = dict(saved.get("docs", {}))
        if saved.get("salt") != self.now.salt:
            # Every generated page and output is made again, but the stale ones must still be found and removed.
            before.pages = dict.fromkeys(saved.get("pages", {}), "")
            before.outputs = dict.fromkeys(saved.get("outputs", {}), "")
            return
        before.salt = self.now.salt
        before.pages = dict(saved.get("pages", {}))
        before.nav = dict(saved.get("nav", {}))
        before.outputs = dict(saved.get("outputs", {}))
        before.mentions = dict(saved.get("mentions", {}))
        for name in ("inputs", "outline", "documents", "commits", "rest"):
            setattr(before, name, str(saved.get(name, "")))
        try:
            before.notes = {d: (str(digest), list(keys)) for d, (digest, keys) in saved["notes"].items()}
        except (KeyError, TypeError, ValueError, AttributeError):
            before.notes = {}  # a state file from another version: every page is compared

    def save(self, path: Path) -> None:
        # Dumped piece by piece into the file: ``indent`` makes json build the text from many small pieces, which
        # ``dumps`` would hold all at once (6 MiB more at the end of a 5,000-note build, then its memory peak).
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as file:
            json.dump(self.now.saved(), file, sort_keys=True, indent=0)


@dataclass
class Explore:
    """The explore index of this builder: the Pagefind binary (chosen once, when the builder starts; None: no
    explore index), the shards of this run and the Pagefind runs under way."""

    binary: Path | None = None
    # Kept here, typed where they are made (``outputs.shard_plan.Shard``, ``outputs.shards.Indexing``): the
    # build holds them between phases, a layer below the code that reads them.
    shards: list[Any] | None = None
    indexing: Any = None


@dataclass
class Build:
    """What one builder knows beyond the environment; ``start`` and ``update`` make each of its runs afresh."""

    generated_pages: bool  # whether it writes the generated pages (html, dirhtml, epub; not singlehtml)
    explore: Explore = field(default_factory=Explore)
    target_uris: dict[str, str] = field(default_factory=dict)  # each page's address, asked of the builder once
    read: set[str] | None = None  # the documents this run reads; None before it starts reading
    graph_: Graph | None = None
    ledger: Ledger = field(default_factory=Ledger)
    generated: list[GeneratedPage] = field(default_factory=list)  # the year, topic, person and series pages
    # The navigation's outline, made on first use (a no-op build needs none).
    outline_factory: Callable[[], Outline] | None = None
    _outline: Outline | None = None
    unchanged: bool = False  # the graph and the outline are the last build's
    # When only notes changed: the parts of the graph they reach (None: every page is compared), and the
    # families of topics (``reach.topic_families``).
    reached: set[str] | None = None
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The pages whose "Mentioned in" shows something else than in the last build.
    mentions_moved: set[str] = field(default_factory=set)

    @property
    def graph(self) -> Graph:
        if self.graph_ is None:
            raise RuntimeError("talknotes: the graph is asked for before the environment was updated")
        return self.graph_

    @property
    def outline(self) -> Outline | None:
        if self._outline is None and self.outline_factory is not None:
            self._outline = self.outline_factory()
        return self._outline

    def start(self, docnames: set[str]) -> None:
        """A run of the builder begins reading ``docnames``: what the last run learned is forgotten."""
        self.read = set(docnames)
        self.graph_ = None
        self.ledger = Ledger()
        self.generated = []
        self.outline_factory = self._outline = None
        self.unchanged, self.reached, self.families = False, None, {}
        self.mentions_moved = set()
        self.explore.shards = None

    def update(self, graph: Graph, salt: str) -> None:
        """The environment is updated: this run's graph, and the salt of what it writes."""
        self.graph_ = graph
        self.ledger.now.salt = salt


_builds: WeakKeyDictionary[BuildEnvironment, Build] = WeakKeyDictionary()


def begin(app: Sphinx) -> None:
    """``builder-inited``, first: the builder's ``Build``."""
    _builds[app.env] = Build(generated_pages=has_generated_pages(app.builder))


def build_of(env: BuildEnvironment) -> Build:
    """The build under way in ``env``."""
    try:
        return _builds[env]
    except KeyError:
        raise RuntimeError("talknotes: no build under way in this environment (builder-inited not reached)") from None


def has_generated_pages(builder: Builder) -> bool:
    """Whether the builder writes the generated topic and speaker pages (html, dirhtml, epub; not singlehtml)."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


def state_file(app: Sphinx) -> Path:
    """Where a build records what it wrote: beside the doctrees, one file per builder and output folder
    (html and dirhtml share one environment but not their pages)."""
    outdir = str(Path(app.builder.outdir).resolve())
    name = f"{app.builder.name}-{hashlib.sha256(outdir.encode('utf-8', 'surrogatepass')).hexdigest()[:12]}.json"
    return Path(app.doctreedir) / STATE_FOLDER / name
