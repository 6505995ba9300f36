"""Link previews: what a reader sees on hovering or focusing a link to a note, event, topic or person.

Each page that can be previewed has an entry (its title, what it is, a line of facts and its summary),
written at build time into small JSON shards below ``talknotes_previews`` (``previews/``): a shard is
chosen by the FNV-1a hash of the page's address, and ``index.json`` says how many there are, so that a
reader's first preview costs two small requests and later ones at most one, whatever the site's size,
and a page carries no data of its own, only the script's tag. ``talknotes-previews.js`` shows them;
nothing is asked of a third party, so they work offline and on Read the Docs alike. A shard is rewritten
only when its bytes change.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.settings import settings
from ..base.text import format_date_range, plural
from ..base.writeup import markdown_text, shorten
from ..model.graph import Graph, Note
from ..sphinx.build import Build
from .changed import Output, write_changed

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

SCRIPT = "talknotes-previews.js"
MANIFEST = "index.json"
PER_SHARD = 100  # entries a shard holds at most, on average: some 30 kB of JSON, a tenth of that gzipped
SUMMARY_LENGTH = 280


def fnv1a(text: str) -> int:
    """FNV-1a in 32 bits of ``text``'s UTF-8 bytes, as talknotes-previews.js computes it."""
    digest = 0x811C9DC5
    for byte in text.encode("utf-8"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return digest


def shard_count(entries: int) -> int:
    """A power of two, so that a site that grows moves entries between few shards: 1, 2, 4, …"""
    count = 1
    while count * PER_SHARD < entries:
        count *= 2
    return count


def note_preview(graph: Graph, note: Note) -> dict[str, str]:
    event = graph.events.get(note.event_id or "")
    if note.is_event_page and event is not None:
        facts = [format_date_range(event.start, event.end), event.place,
                 plural(len(graph.notes_of_event.get(event.id, ())), "note")]  # fmt: skip
        return {"t": note.title, "k": "Event", "f": " · ".join(f for f in facts if f), "s": note.summary or ""}
    people = ", ".join(graph.speakers[s].name for s in note.speaker_ids if s in graph.speakers)
    facts = [format_date_range(note.date, None) if note.date else "", event.name if event else "", people]
    kind = "Programme entry" if note.programme else note.kind.capitalize()
    return {"t": note.title, "k": kind, "f": " · ".join(f for f in facts if f), "s": note.summary or ""}


def previews(graph: Graph, page_of: Callable[[str, str], str | None]) -> dict[str, dict[str, str]]:
    """Every entry by page address (``page_of(kind, id)``; None where the page is not written)."""
    found: dict[str, dict[str, str]] = {}
    for note in graph.notes.values():
        if graph.listed(note) and (uri := page_of("note", note.docname)):
            found[uri] = note_preview(graph, note)
    for topic in graph.topics.values():
        if uri := page_of("topic", topic.id):
            count = plural(len(graph.notes_of_topic.get(topic.id, ())), "note")
            found[uri] = {
                "t": topic.name,
                "k": "Topic",
                "f": count,
                "s": markdown_text(topic.description or ""),
            }
    for person in graph.speakers_with_pages():
        if uri := page_of("person", person.id):
            organized = len(graph.events_of_organizer.get(person.id, ()))
            facts = [plural(len(graph.notes_of_speaker.get(person.id, ())), "note")]
            facts += [f"organized {plural(organized, 'event')}"] if organized else []
            found[uri] = {"t": person.name, "k": "Person", "f": " · ".join(facts), "s": ""}
    for entry in found.values():
        entry["s"] = shorten(entry["s"], SUMMARY_LENGTH)
    return found


def shard_bytes(entries: dict[str, dict[str, str]]) -> bytes:
    return json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_previews(app: Sphinx, build: Build) -> dict[str, str]:
    """Write the shards whose bytes changed and the manifest; delete shards no longer made."""
    folder = settings(app.config).previews
    if not folder or not build.generated_pages:
        return {}
    layout = settings(app.config).layout
    uri = app.builder.get_target_uri

    def page_of(kind: str, item_id: str) -> str | None:
        if kind == "note":
            return uri(item_id)
        return uri(layout.topic_page(item_id) if kind == "topic" else layout.speaker_page(item_id))

    found = previews(build.graph, page_of)
    count = shard_count(len(found))
    shards: list[dict[str, dict[str, str]]] = [{} for _ in range(count)]
    for address, entry in found.items():
        shards[fnv1a(address) % count][address] = entry
    outputs: dict[str, Output] = {
        f"{folder}/{number}.json": Output(tuple(sorted((k, tuple(v.items())) for k, v in shard.items())),
                                          partial(shard_bytes, shard))
        for number, shard in enumerate(shards)
    }  # fmt: skip
    manifest: dict[str, Any] = {"shards": count}
    outputs[f"{folder}/{MANIFEST}"] = Output(count, partial(shard_bytes, manifest))
    return write_changed(Path(app.builder.outdir), folder, outputs, "*.json", build.ledger.before.outputs)


def add_script(app: Sphinx) -> None:
    """``builder-inited``: every page of an HTML build with generated pages loads the script, deferred, with
    the folder of the shards."""
    folder = settings(app.config).previews
    if folder and app.builder.format == "html" and app.builder.name in ("html", "dirhtml"):
        app.add_js_file(SCRIPT, loading_method="defer", **{"data-talknotes-previews": folder})
