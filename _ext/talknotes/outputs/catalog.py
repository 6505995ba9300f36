"""``catalog.json``: every listed event, topic, speaker and note with its metadata and page URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.settings import published_address, settings
from ..model.views import event_view
from ..sphinx.build import Build
from .calendars import calendar_path
from .changed import write_streamed
from .feeds import feed_paths

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG_VERSION = 1
_NONE = object()  # an empty list of records, told from one whose first record is null


def catalog_data(app: Sphinx, build: Build) -> dict[str, Any]:
    """What the catalog says, key by key; its lists of records are made lazily (generators), one record
    at a time as the catalog is written, so that a large site's catalog is never held whole in memory."""
    graph = build.graph
    builder = app.builder
    config = app.config
    layout = settings(config).layout
    generated = build.generated_pages

    def page_url(pagename: str) -> str | None:
        return builder.get_target_uri(pagename) if generated else None

    # Feeds and calendars are written only where the site's address is known; else null.
    published = published_address(config, builder.name) is not None
    feeds = feed_paths(layout, settings(config).feeds) if published and settings(config).feeds else None
    calendars = settings(config).calendars if published else ""

    def feed(kind: str, item_id: str = "") -> str | None:
        return feeds[kind].format(item_id) if feeds else None

    def calendar(event_id: str | None, dated: bool = True) -> str | None:
        return calendar_path(calendars, event_id) if calendars and dated else None

    notes = graph.listed_notes() + graph.listed_entries()
    # An event page without a recap yet is neither a note nor an entry of a programme, but it is listed.
    notes += [n for n in graph.notes.values() if n.is_event_page and n.programme and graph.listed(n)]
    return {
        "version": CATALOG_VERSION,
        "project": config.project,
        "feed": feed("site"),
        "calendar": calendar(None),
        "events": (
            {
                **{
                    k: v
                    for k, v in event_view(graph, e).items()
                    if k not in ("docname", "topics", "note_count", "entry_count", "place", "organizers")
                },
                "series": e.series_id,
                "organizers": list(e.organizers),
                "organizer_ids": list(e.organizer_ids),
                "city": e.city,
                "region": e.region,
                "country": e.country,
                "places": list(graph.places_of_event.get(e.id, ())),
                "topics": list(e.topic_ids),
                "url": builder.get_target_uri(e.docname),
                "feed": feed("event", e.id),
                "calendar": calendar(e.id, dated=e.start is not None),
                "notes": [n.docname for n in graph.notes_of_event[e.id]],
                "programme": [n.docname for n in graph.programme_of_event.get(e.id, ())],
            }
            for e in sorted(graph.listed_events(), key=lambda e: e.id)
        ),
        "topics": (
            {
                "id": t.id,
                "name": t.name,
                "aliases": list(t.aliases),
                "broader": list(t.broader),
                "narrower": graph.narrower(t.id),
                "description": t.description,
                "url": page_url(layout.topic_page(t.id)),
                "feed": feed("topic", t.id),
                "notes": [n.docname for n in graph.notes_of_topic[t.id]],
                "programme": [n.docname for n in graph.programme_of_topic.get(t.id, ())],
            }
            for t in sorted(graph.topics.values(), key=lambda t: t.id)
        ),
        "speakers": (
            {
                "id": s.id,
                "name": s.name,
                "aliases": list(s.aliases),
                "links": list(s.links),
                "registered": s.registered,
                "url": page_url(layout.speaker_page(s.id)),
                "feed": feed("person", s.id),
                "notes": [n.docname for n in graph.notes_of_speaker[s.id]],
                "organized": [e.id for e in graph.events_of_organizer[s.id]],
                "programme": [n.docname for n in graph.programme_of_speaker.get(s.id, ())],
            }
            for s in sorted(graph.speakers_with_pages(), key=lambda s: s.id)
        ),
        "series": (
            {
                "id": s.id,
                "name": s.name,
                "url": page_url(layout.series_page(s.id)),
                "feed": feed("series", s.id),
                "events": [e.id for e in graph.editions[s.id]],
            }
            for s in graph.series_with_pages()
        ),
        "places": (
            {
                "id": p.id,
                "kind": p.kind,
                "name": p.name,
                "region": p.region,
                "country": p.country_id,
                "url": page_url(layout.place_page(p.id)),
                "events": list(p.event_ids),
            }
            for p in sorted(graph.places.values(), key=lambda p: (p.kind != "country", p.id))
        ),
        "notes": (
            {
                "id": n.docname,
                "title": n.title,
                "kind": n.kind,
                "status": "programme" if n.programme else "note",
                "event": n.event_id,
                "date": n.date.isoformat() if n.date else None,
                "time": n.time,
                "topics": list(n.topic_ids),
                "speakers": list(n.speaker_ids),
                "slides": n.slides,
                "video": n.video,
                "summary": n.summary,
                "source": {"format": n.source.format, "id": n.source.id, "url": n.source.url} if n.source else None,
                "url": builder.get_target_uri(n.docname),
            }
            for n in sorted(notes, key=lambda n: n.docname)
        ),
    }


def write_catalog(app: Sphinx, build: Build) -> dict[str, str]:
    """Write the catalog at the output root when its bytes changed; return its fingerprint by path
    (``outputs.write_streamed``)."""
    filename = settings(app.config).catalog
    if not filename:
        return {}
    chunks = (text.encode("utf-8") for text in one_record_per_line(catalog_data(app, build)))
    return {filename: write_streamed(Path(app.builder.outdir), filename, chunks)}


def one_record_per_line(data: dict[str, Any]) -> Iterator[str]:
    """``data`` as JSON, in pieces, with each key of the top level, and each record of its lists (or
    iterators), on a line of its own.

    A diff of two catalogs then reads record by record, as with ``indent``, and each record is written by
    the json module's C encoder, which ``indent`` turns off: 0.10 s instead of 0.19 s to encode the generated
    10,000-note site's catalog alone. A record is encoded as it is made and then dropped: holding the whole
    catalog's records and text at once added 14 MiB at the end of a 5,000-note build, then its memory peak.
    """
    dumps = partial(json.dumps, ensure_ascii=False)
    yield "{\n"
    for index, (key, value) in enumerate(data.items()):
        separator = "" if index == 0 else ",\n"
        if isinstance(value, list | Iterator):
            records = iter(value)
            first = next(records, _NONE)
            if first is _NONE:
                yield f"{separator}  {dumps(key)}: []"
                continue
            yield f"{separator}  {dumps(key)}: [\n    {dumps(first)}"
            for record in records:
                yield f",\n    {dumps(record)}"
            yield "\n  ]"
        else:
            yield f"{separator}  {dumps(key)}: {dumps(value)}"
    yield "\n}\n"
