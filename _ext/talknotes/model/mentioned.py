"""Which pages mention which: the mentions of the whole site by the page they link to, ordered and bounded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..base.text import fold
from .mentions import Mention, Mentioned, all_mentions_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from .graph import Graph


def order_of_mentions(graph: Graph) -> Callable[[Mentioned], tuple[Any, ...]]:
    """Newest linking note first (pages without a date last), then by the linking page's title, then as
    the page runs."""

    def key(mention: Mentioned) -> tuple[Any, ...]:
        note = graph.notes.get(mention.source)
        day = note.date if note is not None and note.date else dt.date.min
        return (-day.toordinal(), fold(mention.title), mention.source)

    return key


def with_titles(mention: Mention, title_of: Callable[[str, str], str | None]) -> tuple[str, str]:
    """The sentence around a mention, (before, after), with the titles of the other links in it that have no
    text of their own (``title_of(kind, target)``) where their targets were read."""
    before, after = mention.before, mention.after
    for kind, target, words in mention.others:
        title = title_of(kind, target)
        if title is None or not words:
            continue
        if words in before:
            before = before.replace(words, title, 1)
        else:
            after = after.replace(words, title, 1)
    return before, after


def mentions_by_page(graph: Graph, found: Iterable[tuple[str, Mentioned]]) -> dict[str, list[Mentioned]]:
    """The mentions of each page (by page name), from ``found``: (the page linked to, the mention). A page
    does not mention itself, and a draft, or a note of a draft event, mentions nothing: no list shows it."""
    result: dict[str, list[Mentioned]] = {}
    for target, mention in found:
        if target == mention.source:
            continue
        note = graph.notes.get(mention.source)
        if note is not None and not graph.listed(note):
            continue
        result.setdefault(target, []).append(mention)
    key = order_of_mentions(graph)
    for mentions in result.values():
        mentions.sort(key=key)  # stable: a page's own mentions stay in the order they run
    return result


def mentions_view(mentions: list[Mentioned], limit: int, rest: str | None) -> dict[str, Any] | None:
    """What "Mentioned in" shows: the first ``limit`` mentions, how many there are, and the page of all of
    them (``rest``) when there are more."""
    if not mentions:
        return None
    return {
        "items": [m.view() for m in mentions[:limit]],
        "total": len(mentions),
        "rest": rest if len(mentions) > limit else None,
    }


def page_mentions_view(graph: Graph, pagename: str) -> dict[str, Any] | None:
    """The "Mentioned in" of a page, as its foot shows it."""
    found = graph.mentions.get(pagename, [])
    return mentions_view(found, graph.mentions_limit, all_mentions_page(pagename))


def pages_with_many_mentions(graph: Graph) -> list[str]:
    """The pages mentioned more often than their foot shows: each gets a page of all its mentions."""
    return sorted(page for page, found in graph.mentions.items() if len(found) > graph.mentions_limit)
