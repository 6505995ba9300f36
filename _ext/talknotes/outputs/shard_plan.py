"""The explore index's shards: which pages each holds, newest notes first, decided once per build."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..base.settings import settings
from ..sphinx.build import Build

if TYPE_CHECKING:
    from sphinx.application import Sphinx


from .explore import index_type

OTHER_SHARD = "other"  # the shards of the pages that are not dated notes: other-0, other-1, ...


# Unsharded (talknotes_explore_shard_pages = 0): one index of the notes, which every view reads, and one of
# the other pages, which only a search for words reads, for its pages about those words.
NOTES_SHARD = "notes"
PAGES_SHARD = "pages"


@dataclass(frozen=True)
class Shard:
    """A part of the explore index: a Pagefind index of its own, in a folder of the index's folder."""

    name: str  # its folder, and the value of its ``shard`` filter in the explore page
    files: tuple[str, ...]  # the addresses of its pages below the output folder (target URIs)
    generated: bool = False  # holds a page written by ``html-collect-pages``, not only documents


def shard_plan(app: Sphinx, build: Build) -> list[Shard]:
    """The shards of the index and their pages, newest first, made once per build.

    Dated notes go to the shard of their year, or of their month (never split further) in a year with
    more notes than a shard holds; every other page (and an undated note) to one of the fewest "other"
    buckets (a power of two) that hold ``talknotes_explore_shard_pages`` on average, chosen by a hash
    of its address. A page keeps its shard from build to build, so an edit re-indexes only its own."""
    if build.explore.shards is None:
        build.explore.shards = make_shard_plan(app, build)
    return build.explore.shards


def make_shard_plan(app: Sphinx, build: Build) -> list[Shard]:
    graph = build.graph
    most = settings(app.config).explore_shard_pages
    dated: list[tuple[str, str]] = []  # (date, address)
    others: list[str] = []
    generated: set[str] = set()  # addresses of pages written by html-collect-pages
    by_shard: dict[str, list[str]] = {}
    pages = [(p.pagename, p.kind) for p in build.generated]
    pages += [(docname, None) for docname in sorted(app.env.all_docs)]
    for name, kind in pages:
        index = index_type(app, build, name, kind)
        if index is None:
            continue
        address = app.builder.get_target_uri(name)
        if kind is not None:
            generated.add(address)
        note = graph.notes.get(name) if index == "note" else None
        if not most:
            by_shard.setdefault(NOTES_SHARD if index == "note" else PAGES_SHARD, []).append(address)
        elif note is not None and note.date is not None:
            dated.append((note.date.isoformat(), address))
        else:
            others.append(address)
    if not most:
        names = [name for name in (NOTES_SHARD, PAGES_SHARD) if name in by_shard]
        return [Shard(name, tuple(sorted(by_shard[name])), not generated.isdisjoint(by_shard[name])) for name in names]
    per_year = Counter(day[:4] for day, _ in dated)
    for day, address in dated:
        year = day[:4]
        by_shard.setdefault(year if per_year[year] <= most else day[:7], []).append(address)
    buckets = 1
    while len(others) > buckets * most:
        buckets *= 2  # doubling: a growing site moves its other pages between buckets rarely
    other: dict[str, list[str]] = {}
    for address in others:
        other.setdefault(f"{OTHER_SHARD}-{zlib.crc32(address.encode()) % buckets}", []).append(address)
    shards = [(name, by_shard[name]) for name in sorted(by_shard, reverse=True)]
    shards += [(name, other[name]) for name in sorted(other, key=lambda n: int(n.split("-")[1]))]
    return [Shard(name, tuple(sorted(files)), not generated.isdisjoint(files)) for name, files in shards]
