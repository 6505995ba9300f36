"""The topics and people overviews: one page, or past their limit an A–Z index of pages, each a plain-data view."""

from __future__ import annotations

import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from ..base.text import fold
from .graph import (
    Graph,
)
from .registry import Speaker
from .views import notes_under, sorted_topics


def topic_forest(graph: Graph) -> list[dict[str, Any]]:
    """Topics as a forest: roots are topics without a broader topic; a topic shows under each broader one.

    Each topic has two counts: its own notes, and with those of its narrower topics (``total``).
    """
    memo: dict[str, frozenset[str]] = {}

    def branch(topic_id: str, path: tuple[str, ...]) -> dict[str, Any]:
        return {
            "id": topic_id,
            "name": graph.topics[topic_id].name,
            "count": len(graph.notes_of_topic.get(topic_id, ())),
            "total": len(notes_under(graph, topic_id, memo)),
            "children": [
                branch(c, (*path, c)) for c in sorted_topics(graph, graph.narrower(topic_id)) if c not in path
            ],
        }

    roots = [t.id for t in graph.topics.values() if not t.broader]
    return [branch(topic_id, (topic_id,)) for topic_id in sorted_topics(graph, roots)]


T = TypeVar("T")

OTHER_INITIAL = "0"  # the key of names that start with anything but a letter from a to z


def person_entry(graph: Graph, speaker: Speaker) -> dict[str, Any]:
    return {"id": speaker.id, "name": speaker.name, "count": len(graph.notes_of_speaker.get(speaker.id, ())),
            "entries": len(graph.programme_of_speaker.get(speaker.id, ())),
            "organized": len(graph.events_of_organizer.get(speaker.id, ()))}  # fmt: skip


def initials(name: str, length: int) -> str:
    """The first ``length`` letters of a name as the A–Z index files it: without accents or case, a letter
    outside a to z as ``OTHER_INITIAL``."""
    letters = [c for c in unicodedata.normalize("NFKD", name).casefold() if c.isalnum()]
    return "".join(c if "a" <= c <= "z" else OTHER_INITIAL for c in letters[:length]) or OTHER_INITIAL


def initials_label(key: str) -> str:
    return "".join("Other" if c == OTHER_INITIAL else c for c in key[:1].upper() + key[1:])


def by_initials(
    items: list[T], name_of: Callable[[T], str], limit: int, size: Callable[[T], int]
) -> dict[str, list[T]]:
    """``items`` (in their order) on the pages of an A–Z index, by key (``a``, ``b``, … or ``ma``, ``me``, … for a
    letter that holds more than ``limit``, counted by ``size``); none while one page holds them all."""
    if sum(size(item) for item in items) <= limit:
        return {}
    by_letter: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_letter[initials(name_of(item), 1)].append(item)
    pages: dict[str, list[T]] = {}
    for letter in sorted(by_letter):
        if sum(size(item) for item in by_letter[letter]) <= limit:
            pages[letter] = by_letter[letter]
            continue
        for item in by_letter[letter]:  # two letters, and no further: a page may then hold more
            pages.setdefault(initials(name_of(item), 2), []).append(item)
    return dict(sorted(pages.items()))


def index_of_pages(pages: dict[str, list[T]], size: Callable[[T], int]) -> list[dict[str, Any]]:
    """The A–Z index of an overview's pages: each page's key, its label and how many it lists."""
    return [{"key": key, "label": initials_label(key), "count": sum(map(size, items))} for key, items in pages.items()]


def one(_item: object) -> int:
    return 1


# The pages of the people and topics overviews, made once per graph: every page of an overview shows the
# index of all of them.
_overview_pages: dict[Callable[[Graph], dict[str, list[Any]]], tuple[weakref.ref[Graph], dict[str, list[Any]]]] = {}


def overview_pages(graph: Graph, make: Callable[[Graph], dict[str, list[Any]]]) -> dict[str, list[Any]]:
    made = _overview_pages.get(make)
    if made is None or made[0]() is not graph:
        made = _overview_pages[make] = (weakref.ref(graph), make(graph))
    return made[1]


def people_pages(graph: Graph) -> dict[str, list[Speaker]]:
    """The pages of the people overview past ``graph.people_limit`` people, each with its people in the
    overview's order (``by_initials``). A thousand people (the default limit) are about 140 kB of HTML, within a
    reader's page budget."""
    return overview_pages(graph, make_people_pages)


def make_people_pages(graph: Graph) -> dict[str, list[Speaker]]:
    people = sorted(graph.speakers_with_pages(), key=lambda s: (fold(s.name), s.id))
    return by_initials(people, lambda person: person.name, graph.people_limit, one)


def topic_pages(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    """The pages of the topics overview past ``graph.topics_limit`` lines (an imported archive's tags may make
    thousands of topics), each with the whole trees of the broadest topics whose names start with its letters.
    A line is about 130 bytes of HTML (the lines of the bench's 51-topic overview): a thousand, the default limit,
    some 130 kB."""
    return overview_pages(graph, make_topic_pages)


def make_topic_pages(graph: Graph) -> dict[str, list[dict[str, Any]]]:
    return by_initials(topic_forest(graph), lambda tree: tree["name"], graph.topics_limit, tree_size)


def tree_size(tree: dict[str, Any]) -> int:
    """The lines a topic's tree takes in the overview: the topic and, at any depth, its narrower ones."""
    return 1 + sum(tree_size(child) for child in tree["children"])


def topic_index_view(graph: Graph) -> dict[str, Any]:
    """The topics overview: the forest of every topic, or at archive scale the A–Z index of its pages."""
    pages = topic_pages(graph)
    if pages:
        return {"topics": [], "pages": index_of_pages(pages, tree_size), "total": len(graph.topics)}
    return {"topics": topic_forest(graph), "pages": [], "total": len(graph.topics)}


def topics_page_view(graph: Graph, key: str) -> dict[str, Any]:
    """A page of the topics overview: its trees, and the A–Z index of every page."""
    pages = topic_pages(graph)
    trees = pages.get(key, [])
    return {
        "key": key,
        "label": initials_label(key),
        "topics": trees,
        "count": sum(map(tree_size, trees)),
        "total": len(graph.topics),
        "pages": index_of_pages(pages, tree_size),
    }


def speaker_index_view(graph: Graph) -> dict[str, Any]:
    """The people overview: everyone, or at archive scale the A–Z index of its pages with their counts."""
    pages = people_pages(graph)
    if pages:
        return {"people": [], "pages": index_of_pages(pages, one)}
    people = sorted(graph.speakers_with_pages(), key=lambda s: (fold(s.name), s.id))
    return {"people": [person_entry(graph, s) for s in people], "pages": []}


def people_page_view(graph: Graph, key: str) -> dict[str, Any]:
    """A page of the people overview: its people, and the A–Z index of every page."""
    pages = people_pages(graph)
    return {
        "key": key,
        "label": initials_label(key),
        "people": [person_entry(graph, s) for s in pages.get(key, [])],
        "pages": index_of_pages(pages, one),
    }
