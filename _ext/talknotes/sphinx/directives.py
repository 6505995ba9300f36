"""The ``{notes}`` directive and the three overview directives; each leaves a placeholder filled at write time."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..base.placeholders import Kind, make_placeholder
from ..base.text import did_you_mean
from ..base.warnings_ import Subtype, warn
from ..model.frontmatter import KINDS

FILTERS = ("event", "topic", "speaker", "kind", "year")
SORTS = ("date", "-date", "title")
OPTIONS = (*FILTERS, "limit", "sort")
# Other tools' words for the options ("tag" for a topic, "author" for a speaker), as for front matter keys.
OPTION_SYNONYMS = {"tag": "topic", "tags": "topic", "topics": "topic", "category": "topic", "author": "speaker",
                   "authors": "speaker", "speakers": "speaker", "events": "event", "type": "kind", "kinds": "kind",
                   "years": "year", "order": "sort", "max": "limit", "count": "limit"}  # fmt: skip


class AnyOption(dict):
    """An option spec that takes every option as text: ``notes_spec`` names the unknown ones, as a
    ``talknotes.notes-filter`` warning that the build and ``make check`` both give."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged


class NotesDirective(SphinxDirective):
    """A list of notes, filtered by event, topic, speaker, kind or year; comma-separated values mean 'any of'."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = AnyOption({name: directives.unchanged for name in OPTIONS})

    def run(self) -> list[nodes.Node]:
        spec = notes_spec(self.options, (self.env.docname, self.lineno))
        self.env.domains["talknotes"].note_use(self.env.docname, spec)
        return [make_placeholder(self.env.docname, spec)]


def notes_spec(options: dict[str, str], location: tuple[str, int]) -> dict[str, Any]:
    """The plain-data spec of a ``{notes}`` list, warning about malformed option values.

    Shared by the directive and ``python -m talknotes check``, so both report the same problems.
    """
    spec: dict[str, Any] = {
        "type": Kind.NOTES.value,
        "line": location[1],
        "filters": {},
        "sort": "-date",
        "limit": None,
    }
    for name in options:
        if name not in OPTIONS:
            hint = OPTION_SYNONYMS.get(name.lower())
            suggestion = f' (did you mean "{hint}"?)' if hint else did_you_mean(name, OPTIONS)
            known = ", ".join(f":{option}:" for option in OPTIONS)
            warn(Subtype.NOTES_FILTER, f"unknown option :{name}:{suggestion}; the options are {known}", location)
    for name in FILTERS:
        values = [v.strip() for v in options.get(name, "").split(",") if v.strip()]
        if name in options and not values:
            warn(Subtype.NOTES_FILTER, f":{name}: needs a value", location)
        if name == "kind":
            for value in values:
                if value.lower() not in KINDS:
                    warn(Subtype.NOTES_FILTER, f"unknown kind {value!r}{did_you_mean(value, KINDS)}", location)
            values = [v.lower() for v in values]
        if name == "year":
            for value in (v for v in values if not re.fullmatch(r"\d{4}", v)):
                warn(Subtype.NOTES_FILTER, f":year: must be a year such as 2016, not {value!r}", location)
        if values:
            # Kept even when invalid: a filter that names nothing lists nothing, never everything.
            spec["filters"][name] = values
    if "limit" in options:
        limit = options["limit"].strip()
        if limit.isdigit() and int(limit) > 0:
            spec["limit"] = int(limit)
        else:
            warn(Subtype.NOTES_FILTER, f":limit: must be a positive whole number, not {limit!r}", location)
    if "sort" in options:
        sort = options["sort"].strip()
        if sort in SORTS:
            spec["sort"] = sort
        else:
            warn(Subtype.NOTES_FILTER, f":sort: must be one of {', '.join(SORTS)}, not {sort!r}", location)
    return spec


class OverviewDirective(SphinxDirective):
    """Base of ``{event-index}``, ``{topic-index}`` and ``{speaker-index}``: the overview lists."""

    has_content = False
    overview: Kind

    def run(self) -> list[nodes.Node]:
        spec = {"type": self.overview.value, "line": self.lineno}
        self.env.domains["talknotes"].note_use(self.env.docname, spec)
        return [make_placeholder(self.env.docname, spec)]


class EventIndexDirective(OverviewDirective):
    overview = Kind.EVENT_INDEX


class TopicIndexDirective(OverviewDirective):
    overview = Kind.TOPIC_INDEX


class SpeakerIndexDirective(OverviewDirective):
    overview = Kind.SPEAKER_INDEX


class SeriesIndexDirective(OverviewDirective):
    overview = Kind.SERIES_INDEX
