""" "Mentioned in": the pages that link to a page, each with the sentence around the link, as nodes."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..outputs.explore import UNINDEXED_END, UNINDEXED_START
from .render import Linker

MENTIONS_CLASS = "talknotes-mentions"


def mention_item(mention: dict[str, str], link: Linker) -> nodes.list_item:
    """The linking page, to the spot of the link, then its sentence with the link's words in bold."""
    line = nodes.paragraph("", "", link.spot(mention["source"], mention["anchor"], mention["title"]))
    quote = nodes.inline("", "", classes=["talknotes-mention-context"])
    if mention["before"]:
        quote += nodes.Text(mention["before"])
    quote += nodes.strong(mention["text"], mention["text"])
    if mention["after"]:
        quote += nodes.Text(mention["after"])
    return nodes.list_item("", line, nodes.paragraph("", "", quote))


def mention_list(items: list[dict[str, str]], link: Linker) -> nodes.bullet_list:
    return nodes.bullet_list("", *(mention_item(m, link) for m in items), classes=["talknotes-mention-list"])


def render_mentions(view: dict[str, Any] | None, link: Linker) -> list[nodes.Node]:
    """The "Mentioned in" box at the foot of a page, bounded, with a link to all when there are more."""
    if not view:
        return []
    box = nodes.container(classes=[MENTIONS_CLASS])
    box += nodes.rubric("", "Mentioned in")
    box += mention_list(view["items"], link)
    if view["rest"]:
        rest = link.page(view["rest"], f"All {view['total']:,} mentions")
        box += nodes.paragraph("", "", rest, classes=["talknotes-mentions-rest"])
    # Left out of the explore index: another page's sentence is not this page's text.
    return [nodes.raw("", UNINDEXED_START, format="html"), box, nodes.raw("", UNINDEXED_END, format="html")]
