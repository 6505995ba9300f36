"""The placeholder node: a spot in a page that is filled from the knowledge graph when the page is written."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from docutils import nodes


class Kind(StrEnum):
    """What a placeholder shows; components.COMPONENTS has the view and the rendering of each."""

    NOTE_CARD = "note-card"
    NEIGHBOURS = "neighbours"
    MENTIONS = "mentions"
    EVENT_CARD = "event-card"
    EVENT_NOTES = "event-notes"
    NOTES = "notes"
    EVENT_INDEX = "event-index"
    TOPIC_INDEX = "topic-index"
    SPEAKER_INDEX = "speaker-index"
    SERIES_INDEX = "series-index"


class talknotes_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Holds a plain-data ``spec`` (what to show) and the ``docname`` it belongs to."""


def make_placeholder(docname: str, spec: dict[str, Any]) -> talknotes_placeholder:
    return talknotes_placeholder("", docname=docname, spec=spec)


def skip_placeholder(translator: nodes.NodeVisitor, node: talknotes_placeholder) -> None:
    """A placeholder left in a tree by a builder that never resolves it renders as nothing."""
    raise nodes.SkipNode
