"""What one build knows beyond the pickled environment: the graph and the page fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ..model.graph import Graph
from ..model.registry import Registry
from .outline import Outline

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..model.generated_pages import GeneratedPage

STATE_FOLDER = "talknotes-state"  # in the doctree folder: nothing but the site goes into the output


@dataclass
class BuildState:
    """The graph of this build, and the fingerprints of what each page showed last time and shows now.

    Fingerprints are kept beside the doctrees, one file per builder and output folder (``state_file``), not
    in the environment, because html and dirhtml builds share one environment but not their pages.
    """

    graph: Graph = field(default_factory=lambda: Graph(registry=Registry()))
    salt: str = ""
    previous_docs: dict[str, str] = field(default_factory=dict)
    previous_pages: dict[str, str] = field(default_factory=dict)
    doc_digests: dict[str, str] = field(default_factory=dict)
    page_digests: dict[str, str] = field(default_factory=dict)
    # The navigation's outline, made on first use (a no-op build needs none); only for builders with
    # generated pages.
    outline_factory: Callable[[], Outline] | None = None
    generated: list[GeneratedPage] = field(default_factory=list)  # the year, topic and speaker pages
    nav_digests: dict[str, str] = field(default_factory=dict)  # what each page's navigation depends on
    previous_nav: dict[str, str] = field(default_factory=dict)
    outline_digest: str = ""
    previous_outline: str = ""
    documents: str = ""  # a fingerprint of the set of documents
    previous_documents: str = ""
    _outline: Outline | None = None
    # The graph's fingerprint: when it is the one of the last build, only re-read pages can change.
    inputs: str = ""
    previous_inputs: str = ""
    unchanged: bool = False
    # Each note's record digest and the parts of the graph it belongs to (``reach.notes_and_keys``), and a
    # fingerprint of the rest of the graph: when only notes changed, the parts they reach (``reached``; None
    # when every page must be compared) decide which pages are compared.
    notes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    previous_notes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    rest: str = ""
    previous_rest: str = ""
    reached: set[str] | None = None
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by topic (``reach.topic_families``)
    # A fingerprint of every page's last commit (``sitemap.last_commits``), which feeds, calendars and the sitemap
    # show: an edit that leaves the graph and navigation as they were may still be a new commit.
    commits: str = ""
    previous_commits: str = ""
    # The fingerprints of what each feed and calendar says (``outputs.write_changed``), by path.
    outputs: dict[str, str] = field(default_factory=dict)
    previous_outputs: dict[str, str] = field(default_factory=dict)

    @property
    def outline(self) -> Outline | None:
        if self._outline is None and self.outline_factory is not None:
            self._outline = self.outline_factory()
        return self._outline

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
        self.previous_docs = dict(saved.get("docs", {}))
        if saved.get("salt") == self.salt:
            self.previous_pages = dict(saved.get("pages", {}))
            self.previous_inputs = str(saved.get("inputs", ""))
            self.previous_nav = dict(saved.get("nav", {}))
            self.previous_outline = str(saved.get("outline", ""))
            self.previous_documents = str(saved.get("documents", ""))
            self.previous_outputs = dict(saved.get("outputs", {}))
            self.previous_commits = str(saved.get("commits", ""))
            self.previous_rest = str(saved.get("rest", ""))
            try:
                self.previous_notes = {d: (str(digest), list(keys)) for d, (digest, keys) in saved["notes"].items()}
            except (KeyError, TypeError, ValueError, AttributeError):
                self.previous_notes = {}  # a state file from another version: every page is compared
        else:
            # Every generated page and output is made again, but the stale ones must still be found and removed.
            self.previous_pages = dict.fromkeys(saved.get("pages", {}), "")
            self.previous_outputs = dict.fromkeys(saved.get("outputs", {}), "")

    def save(self, path: Path) -> None:
        state = {
            "salt": self.salt,
            "inputs": self.inputs,
            "docs": self.doc_digests,
            "pages": self.page_digests,
            "nav": self.nav_digests,
            "outline": self.outline_digest,
            "documents": self.documents,
            "outputs": self.outputs,
            "commits": self.commits,
            "rest": self.rest,
            "notes": self.notes,
        }
        # Dumped piece by piece into the file: ``indent`` makes json build the text from many small pieces, which
        # ``dumps`` would hold all at once (6 MiB more at the end of a 5,000-note build, then its memory peak).
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as file:
            json.dump(state, file, sort_keys=True, indent=0)


_states: WeakKeyDictionary[BuildEnvironment, BuildState] = WeakKeyDictionary()
_documents_read: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()


def note_documents_read(env: BuildEnvironment, docnames: set[str]) -> None:
    """Remember which documents this build reads (added or changed ones)."""
    _documents_read[env] = set(docnames)


def documents_read(env: BuildEnvironment) -> set[str] | None:
    """The documents read by this build, or None when that is not known."""
    return _documents_read.get(env)


def new_build_state(env: BuildEnvironment, graph: Graph, salt: str) -> BuildState:
    state = BuildState(graph=graph, salt=salt)
    _states[env] = state
    return state


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the current build (an empty one before the reading phase has ended)."""
    state = _states.get(env)
    if state is None:  # not setdefault: it would make an empty state, and its graph, on every call
        state = _states[env] = BuildState()
    return state


def current_graph(env: BuildEnvironment) -> Graph:
    return build_state(env).graph


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
