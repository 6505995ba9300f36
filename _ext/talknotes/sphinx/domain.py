"""The talknotes domain: per-document plain data (page records, placeholders, role targets) and role resolution."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..base.settings import settings
from ..base.text import did_you_mean
from ..base.warnings_ import Subtype, warn
from .build import build_of

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from ..base.settings import Layout
    from ..model.graph import Graph
    from ..model.mentions import Mention
    from ..model.records import PageRecord

REF_TYPES = ("event", "topic", "speaker")


class TalknotesXRefRole(XRefRole):
    """``{event}``, ``{topic}`` and ``{speaker}``: always in the talknotes domain, with or without prefix."""

    def __init__(self, reftype: str) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=False)
        self.talknotes_reftype = reftype

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain, self.reftype = "talknotes", self.talknotes_reftype
        self.classes = ["xref", "talknotes", f"talknotes-{self.reftype}"]
        result = self.create_xref_node()
        self.env.domains["talknotes"].note_ref(self.env.docname, self.reftype, self.target)
        return result


class TalknotesDomain(Domain):
    """Stores, per document, only plain data; the graph built from it lives outside the pickled environment."""

    name = "talknotes"
    label = "Talk notes"
    object_types: ClassVar = {"event": ObjType("event", "event")}
    roles: ClassVar = {reftype: TalknotesXRefRole(reftype) for reftype in REF_TYPES}
    initial_data: ClassVar[dict[str, dict[str, Any]]] = {
        "pages": {},  # docname -> page record (notes and event pages)
        "uses": {},  # docname -> list of placeholder specs in the page
        "refs": {},  # docname -> list of (role type, target)
        "mentions": {},  # docname -> list of mention_links.Mention: the links its author wrote
    }
    data_version = 2

    def clear_doc(self, docname: str) -> None:
        for table in self.data.values():
            if isinstance(table, dict):
                table.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("pages", "uses", "refs", "mentions"):
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    @property
    def records(self) -> dict[str, PageRecord]:
        return self.data["pages"]

    @property
    def uses(self) -> dict[str, list[dict[str, Any]]]:
        return self.data["uses"]

    @property
    def refs(self) -> dict[str, list[tuple[str, str]]]:
        return self.data["refs"]

    @property
    def mentions(self) -> dict[str, list[Mention]]:
        return self.data["mentions"]

    def note_mentions(self, docname: str, mentions: list[Mention]) -> None:
        if mentions:
            self.data["mentions"][docname] = mentions
        else:
            self.data["mentions"].pop(docname, None)

    def note_record(self, docname: str, record: PageRecord) -> None:
        self.data["pages"][docname] = record

    def note_use(self, docname: str, spec: dict[str, Any]) -> None:
        self.data["uses"].setdefault(docname, []).append(spec)

    def note_ref(self, docname: str, reftype: str, target: str) -> None:
        self.data["refs"].setdefault(docname, []).append((reftype, target))

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | nodes.Element | None:
        resolved = resolve_target(env, typ, target)
        if resolved is None:
            warn_unknown_target(build_of(env).graph, typ, target, node)
            return contnode
        pagename, title = resolved
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=contnode["classes"])
        if typ != "event" and not build_of(env).generated_pages:
            return contnode
        return make_refnode(builder, fromdocname, pagename, "", contnode, title)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for docname in sorted(self.records):
            event = self.records[docname].event
            if event is not None:
                yield event.id, event.name, "event", docname, "", 1


def warn_unknown_target(graph: Graph, typ: str, target: str, location: Any) -> None:
    """The warning for a role whose target does not exist; shared with ``python -m talknotes check``."""
    if typ == "topic" and not graph.registry.topics_usable:
        return  # the registry's own warning explains every unknown topic
    known = {"event": graph.events, "topic": graph.registry.topic_spellings(), "speaker": graph.speakers}
    warn(
        Subtype.UNKNOWN_TARGET,
        f"{{{typ}}} target {target!r} does not exist{did_you_mean(target, known.get(typ, ()))}",
        location,
    )


def find_target(graph: Graph, typ: str, target: str) -> str | None:
    """The id of the event, topic or speaker a role names, or None."""
    text = target.strip()
    if typ == "event":
        return graph.find_event(text)
    if typ == "topic":
        return graph.registry.find_topic(text)
    if typ == "speaker":
        return graph.find_speaker(text)
    return None


def resolve_target(env: BuildEnvironment, typ: str, target: str) -> tuple[str, str] | None:
    """The (page name, display name) a role target points to, or None."""
    return target_page(build_of(env).graph, settings(env.config).layout, typ, target)


def target_page(graph: Graph, layout: Layout, typ: str, target: str) -> tuple[str, str] | None:
    """The (page name, display name) of the event, topic or person a role names in ``graph``, or None: the one
    rule for roles, mentions and llms-full.txt."""
    found = find_target(graph, typ, target)
    if found is None:
        return None
    if typ == "event":
        return graph.events[found].docname, graph.events[found].name
    if typ == "topic":
        return layout.topic_page(found), graph.topics[found].name
    return layout.speaker_page(found), graph.speakers[found].name
