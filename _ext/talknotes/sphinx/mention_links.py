"""The links an author wrote in a page, found in its doctree as read, and resolved to pages once all are read.

Read before Sphinx resolves anything, a page's ``pending_xref`` nodes are exactly the links its author wrote:
``{doc}``, ``{ref}``, the talknotes roles and Markdown links (MyST makes each a ``pending_xref``). What the
extension adds (cards, lists, navigation) is made when pages are written, and never seen here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import docname_join

from ..model.mentioned import with_titles
from ..model.mentions import Mention, Mentioned, sentence_around, sentence_bounds
from .domain import target_page

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.environment import BuildEnvironment

    from ..base.settings import Layout
    from ..model.graph import Graph

ANCHOR_PREFIX = "mention"
TALKNOTES_ROLES = ("event", "topic", "speaker")


def link_target(node: addnodes.pending_xref, docname: str) -> tuple[str, str] | None:
    """(kind, target) of a link people write to a page, or None for any other cross-reference."""
    domain, reftype, target = node.get("refdomain"), node.get("reftype"), node.get("reftarget", "")
    if not isinstance(target, str) or not target:
        return None
    if domain == "std" and reftype == "doc":
        return "doc", docname_join(docname, target)
    if domain == "std" and reftype == "ref":
        return "label", target
    if reftype == "myst" and domain == "doc":
        return "doc", target  # MyST gives the document's name
    if reftype == "myst" and domain is None:
        return "any", target  # a label, or a path MyST left for later
    if domain == "talknotes" and reftype in TALKNOTES_ROLES:
        return reftype, target
    return None


def enclosing_block(node: nodes.Node) -> nodes.Element | None:
    """The paragraph, title or other block of text that holds an inline ``node``."""
    parent = node.parent
    while parent is not None and (isinstance(parent, nodes.Inline) or not isinstance(parent, nodes.TextElement)):
        parent = parent.parent
    return parent


def anchor_of(block: nodes.Element, document: nodes.document, taken: list[int]) -> str:
    """The id a link back to ``block`` goes to: its own, its section's for a title, or a new one."""
    if isinstance(block, nodes.title) and isinstance(block.parent, nodes.section) and block.parent["ids"]:
        return block.parent["ids"][0]
    if block["ids"]:
        return block["ids"][0]
    while True:
        taken[0] += 1
        anchor = f"{ANCHOR_PREFIX}-{taken[0]}"
        if anchor not in document.ids:
            break
    block["ids"].append(anchor)
    document.ids[anchor] = block
    return anchor


@dataclass(frozen=True)
class Link:
    """A link of a block: what it names, whether the author gave its words, and where they are in the block."""

    node: addnodes.pending_xref
    named: tuple[str, str] | None  # (kind, target): link_target's
    explicit: bool
    start: int
    end: int


def mentions_in(document: nodes.document, docname: str) -> list[Mention]:
    """Every link the author of ``docname`` wrote to a page, with the sentence around it; each block that
    holds one gets an id to link back to."""
    found: list[Mention] = []
    taken = [0]
    blocks: dict[int, tuple[str, dict[int, Link]]] = {}
    for node in document.findall(addnodes.pending_xref):
        block = enclosing_block(node)
        if block is None or link_target(node, docname) is None:
            continue
        if id(block) not in blocks:
            blocks[id(block)] = links_of(block, docname)
        text, links = blocks[id(block)]
        link = links[id(node)]
        assert link.named is not None
        begin, stop = sentence_bounds(text, link.start, link.end)
        before, words, after = sentence_around(text, link.start, link.end, (begin, stop))
        others = tuple(
            (*other.named, text[other.start : other.end])
            for other in links.values()
            if other is not link and other.named and not other.explicit and begin <= other.start < stop
        )
        anchor = anchor_of(block, document, taken)
        kind, target = link.named
        line = node.line or block.line or 0
        found.append(Mention(anchor, line, kind, target, before, words, after, link.explicit, others))
    return found


def links_of(block: nodes.Element, docname: str) -> tuple[str, dict[int, Link]]:
    """The text of ``block`` and its links, by node id, in one walk: a paragraph of many links costs its
    length once, not once per link."""
    parts: list[str] = []
    open_links: list[tuple[addnodes.pending_xref, int]] = []
    links: dict[int, Link] = {}
    offset = 0
    for node in block.findall():
        if isinstance(node, addnodes.pending_xref):
            open_links.append((node, offset))
        elif isinstance(node, nodes.Text):
            parts.append(str(node))
            offset += len(node)
    for node, start in open_links:
        named = link_target(node, docname)
        links[id(node)] = Link(node, named, bool(node.get("refexplicit")), start, start + len(node.astext()))
    return "".join(parts), links


def resolved_page(
    env: BuildEnvironment, graph: Graph, layout: Layout, source: str, mention: Mention
) -> tuple[str, str] | None:
    """(page, the words a link without text of its own shows) of the page a mention links to, when it is
    the page of a note, event, topic or person; else None."""
    if mention.kind in TALKNOTES_ROLES:
        return target_page(graph, layout, mention.kind, mention.target)
    std = env.domains.standard_domain
    label_name = mention.target.lower().removeprefix("#")
    docname, shown = None, ""
    if mention.kind == "doc":
        docname = mention.target
    elif (label := std.labels.get(label_name)) is not None:
        docname, shown = label[0], label[2]
    elif (anonymous := std.anonlabels.get(label_name)) is not None:
        docname = anonymous[0]
    elif mention.kind == "any":
        docname = docname_join(source, mention.target.removesuffix(".md"))
    if docname not in graph.notes:
        return None
    return docname, shown or graph.notes[docname].title


def all_mentions(
    env: BuildEnvironment, graph: Graph, layout: Layout, found: dict[str, list[Mention]]
) -> Iterator[tuple[str, Mentioned]]:
    """(the page linked to, the mention as it shows) for every mention that resolves to a page, its words
    and those of the other links of its sentence the titles of their pages where the author gave none."""
    for source in sorted(found):
        if source not in env.all_docs:
            continue
        title = env.titles[source].astext() if source in env.titles else source

        def title_of(kind: str, target: str, source: str = source) -> str | None:
            resolved = resolved_page(env, graph, layout, source, Mention("", 0, kind, target, "", "", ""))
            return resolved[1] if resolved is not None else None

        for mention in found[source]:
            resolved = resolved_page(env, graph, layout, source, mention)
            if resolved is None:
                continue
            page, name = resolved
            before, after = with_titles(mention, title_of)
            text = mention.text if mention.explicit else name
            yield page, Mentioned(source, title, mention.anchor, before, text, after)
