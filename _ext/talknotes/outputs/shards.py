"""The explore index's shards made again: a kept copy of what Pagefind reads of each page, and Pagefind run on
each shard whose copy changed, beside the build's last steps (and, in a serial build, its generated pages).

What Pagefind reads of a page (``explore.indexed_part``) is kept between builds beside the doctrees, one
folder per shard, with a record of the written file it was taken from (size and modification time) and of
its digest. A build reads again only the pages whose files changed, and makes a shard again only when what
Pagefind reads of one of its pages did: Sphinx rewrites pages whose indexed part is the same (an event's
page when one of its notes changes, every page when the navigation does), and those cost nothing here.
Pagefind then indexes the kept copy of the shard as it is, so a thread only reads the few changed pages
while the main one finishes the build, and Pagefind's own processes need no Python at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.util import logging

from ..base.settings import settings
from ..base.warnings_ import Subtype, warn
from ..sphinx.build import Build, build_of
from .explore import EXCLUDED_SELECTORS, page_file
from .shard_copies import COPIES_RECORD, Copies, copies_of
from .shard_plan import Shard, shard_plan

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

# Beside the copies, never in the published site: what was indexed, when, how long it took (timings differ
# from build to build, and two clean builds must publish the same bytes).
INDEX_RECORD = "talknotes-index.json"
# Changed pages copied at once, before Pagefind starts; more are copied by the indexing threads (but a serial
# build copies every document's page at once: see start_indexing_documents).
READ_AT_ONCE = 300
# The niceness of the indexing threads and of Pagefind: the build's thread gets about nine times their share of a CPU.
BACKGROUND_NICENESS = 10
INDEX_TIMEOUT = 30 * 60  # seconds; Read the Docs stops the whole build sooner
# Pagefind's own search interfaces, which the explore page does not use: not published.
UNUSED_FILES = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


class ShardMade(NamedTuple):
    """What became of one shard that had changed pages: its fingerprint, whether Pagefind ran, what failed."""

    name: str
    fingerprint: str
    indexed: bool
    failure: str = ""
    finished: float = 0.0


@dataclass
class Indexing:
    """The shards being made while the build finishes, and what to record of them when it has."""

    plan: list[Shard]
    binary: Path
    folder: Path  # the index's
    before: dict[str, str]  # the fingerprints the index was last made from
    copies: Copies
    started: float
    fingerprints: dict[str, str] = field(default_factory=dict)  # of the shards with no changed page, by name
    decided: set[str] = field(default_factory=set)  # the shards found current or started
    results: list[Future[ShardMade]] = field(default_factory=list)
    pool: ThreadPoolExecutor | None = None  # made for the first shard that changed


def read_record(folder: Path) -> dict[str, Any]:
    """What the index was last made from (``INDEX_RECORD``); empty when there is no index yet."""
    try:
        record = json.loads((folder / INDEX_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) and isinstance(record.get("shards"), dict) else {}


def start_indexing_documents(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``, first: every document is written; in a serial build, copy what changed of the
    shards that hold no generated page, here, and start Pagefind on them in the background.

    Pagefind then runs on the other CPU while this one writes the topic, person, year and series pages
    (a sixth of a large site's build), instead of after them. The copies are made here, in this thread: a
    thread copying beside the one writing pages would wait for the interpreter at every file, and slow
    it down as much (measured at 10,000 notes). Under ``-j``, generated pages may be written in forked
    processes, which must not start while threads run: every shard waits (``start_indexing_generated``)."""
    build = build_of(app.env)
    if build.explore.binary is None:
        return []
    indexing = build.explore.indexing = begin_indexing(app, build, build.explore.binary)
    if app.parallel <= 1:
        start_shards(app, indexing, [shard for shard in indexing.plan if not shard.generated], copy_here=True)
    return []


def start_indexing_generated(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``, last: every indexed page is written; start Pagefind on the shards not started yet.

    The build's last steps (static files, the inventory, the catalog, sitemap, feeds and calendars)
    then run beside it, on the other CPU, instead of before it."""
    explore = build_of(app.env).explore
    indexing: Indexing | None = explore.indexing
    if indexing is None:
        return []
    start_shards(app, indexing, [shard for shard in indexing.plan if shard.name not in indexing.decided])
    if not indexing.results and set(indexing.before) == {shard.name for shard in indexing.plan}:
        explore.indexing = None
        if indexing.copies.changed:
            indexing.copies.save()  # pages written again with the same indexed part: not read again next time
    return []


def begin_indexing(app: Sphinx, build: Build, binary: Path) -> Indexing:
    """The build's plan of shards and the kept copies, with what left the site or its shard forgotten."""
    folder = Path(app.builder.outdir) / settings(app.config).explore
    plan = shard_plan(app, build)
    copies = copies_of(app)
    planned = {address: shard.name for shard in plan for address in shard.files}
    for address, copy in list(copies.pages.items()):
        if planned.get(address) != copy.shard:
            copies.forget(address)  # its old shard's fingerprint changes with it
    names = {shard.name for shard in plan}
    for stale in list_folder(folder):
        if stale.name not in names:
            remove(stale)  # a shard that no longer exists, or the files of an earlier layout
    for stale in list_folder(copies.root):
        if stale.name not in (INDEX_RECORD, COPIES_RECORD) and stale.name not in names:
            remove(stale)
    before: dict[str, str] = read_record(copies.root).get("shards", {})
    return Indexing(plan, binary, folder, before, copies, time.perf_counter())


def start_shards(app: Sphinx, indexing: Indexing, shards: list[Shard], *, copy_here: bool = False) -> None:
    """Start Pagefind on each of ``shards`` whose pages changed or whose index is not what they read now."""
    outdir = Path(app.builder.outdir)
    copies, binary = indexing.copies, indexing.binary
    to_read: dict[str, list[str]] = {}
    for shard in shards:
        for address in shard.files:
            try:
                stat = page_file(outdir, address).stat()
            except FileNotFoundError:
                continue
            known = copies.pages.get(address)
            if known is None or (known.size, known.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                to_read.setdefault(shard.name, []).append(address)
    # An edit's few pages are copied here, so that the threads only wait for Pagefind: a thread that
    # touches one file after another while this one runs waits for the interpreter at every one. Many
    # pages to copy after the generated ones (a first build under -j) are copied beside the build's last steps.
    few = sum(len(addresses) for addresses in to_read.values()) <= READ_AT_ONCE
    at_once = copy_here or (bool(copies.pages) and few)
    if at_once:
        for name, addresses in to_read.items():
            for address in addresses:
                copies.refresh(outdir, name, address)
        to_read = {}
    for shard in shards:
        indexing.decided.add(shard.name)
        if shard.name not in to_read:
            fingerprint = copies.fingerprint(shard, binary)
            if not outdated(indexing.folder, shard.name, fingerprint, indexing.before):
                indexing.fingerprints[shard.name] = fingerprint
                continue
            copies.restore(outdir, shard)
            task = partial(index_copy, binary, indexing.folder, copies, shard, fingerprint)
        else:
            changed = to_read[shard.name]
            task = partial(make_shard, binary, outdir, indexing.folder, copies, shard, changed, indexing.before)
        if indexing.pool is None:
            workers = max(1, min(2, os.cpu_count() or 1))
            indexing.pool = ThreadPoolExecutor(max_workers=workers, initializer=yield_to_the_build)
        indexing.results.append(indexing.pool.submit(task))


def yield_to_the_build() -> None:
    """In an indexing thread: run, and start Pagefind, at a lower priority than the build's own thread.

    On Linux a thread has a priority of its own, and a process it starts inherits it: the build, which
    Pagefind runs beside, keeps its CPU, and Pagefind takes what is left (elsewhere the call would lower
    the whole process, so it is not made)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)


def outdated(folder: Path, name: str, fingerprint: str, before: dict[str, str]) -> bool:
    """Whether a shard's index was made from something else than its copy is now, or is not there."""
    return fingerprint != before.get(name) or not (folder / name / "pagefind.js").is_file()


def list_folder(folder: Path) -> list[Path]:
    return list(folder.iterdir()) if folder.is_dir() else []


def make_shard(
    binary: Path, outdir: Path, folder: Path, copies: Copies, shard: Shard, changed: list[str], before: dict[str, str]
) -> ShardMade:
    """Copy the shard's changed pages, and run Pagefind on its copy when what it reads changed."""
    for address in changed:
        copies.refresh(outdir, shard.name, address)
    fingerprint = copies.fingerprint(shard, binary)
    if not outdated(folder, shard.name, fingerprint, before):
        return ShardMade(shard.name, fingerprint, indexed=False)
    copies.restore(outdir, shard)
    return index_copy(binary, folder, copies, shard, fingerprint)


def index_copy(binary: Path, folder: Path, copies: Copies, shard: Shard, fingerprint: str) -> ShardMade:
    failure = run_pagefind(binary, copies.root / shard.name, folder / shard.name)
    return ShardMade(shard.name, fingerprint, indexed=True, failure=failure, finished=time.perf_counter())


def run_pagefind(binary: Path, site: Path, output: Path) -> str:
    """Make one shard's index anew from its copy; what went wrong, or "" when it is made."""
    shutil.rmtree(output, ignore_errors=True)  # Pagefind adds files; stale ones would stay
    if not site.is_dir():
        site.mkdir(parents=True)  # a shard whose pages are all gone still gets an (empty) index
    command = [str(binary), "--site", str(site), "--output-path", str(output), "--quiet"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=INDEX_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as failure:
        return str(failure)
    if done.returncode != 0 or not (output / "pagefind.js").is_file():
        return " / ".join((done.stderr or done.stdout).strip().splitlines()[-5:]) or f"exit status {done.returncode}"
    for pattern in UNUSED_FILES:
        for unused in output.glob(pattern):
            unused.unlink()
    return ""


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Wait for the shards being made, and record what each was made from."""
    explore = build_of(app.env).explore
    indexing: Indexing | None = explore.indexing
    explore.indexing = None
    if indexing is None:
        return
    waiting = time.perf_counter()
    made = [result.result() for result in indexing.results]  # no Pagefind outlives the build
    waited = time.perf_counter() - waiting
    if indexing.pool is not None:
        indexing.pool.shutdown()
    # The copies and their record agree whatever happened: the next build starts from them.
    indexing.copies.save()
    if exception is not None:
        return  # the index's record stays as it was: the next build decides again
    failures = [shard.failure for shard in made if shard.failure]
    if failures:
        warn(Subtype.EXPLORE, "Pagefind could not index the site: " + failures[0])
    fingerprints = dict(indexing.fingerprints)
    # A shard that failed is indexed again next time.
    fingerprints.update((shard.name, "" if shard.failure else shard.fingerprint) for shard in made)
    indexed = [shard for shard in made if shard.indexed]
    if not indexed and set(fingerprints) == set(indexing.before):
        return  # pages were rewritten, but Pagefind would read the same: the index stands
    seconds = max((shard.finished for shard in indexed), default=indexing.started) - indexing.started
    pages = {shard.name: len(shard.files) for shard in indexing.plan}
    record = {
        "shards": fingerprints,
        "pages": sum(pages.values()),
        "indexed": [shard.name for shard in indexed],
        "seconds": round(seconds, 3),  # from the first shard's start (its pages' copying) to the last one's end
        "waited": round(waited, 3),  # of those, the end of the build waiting for them
    }
    indexing.copies.root.mkdir(parents=True, exist_ok=True)
    (indexing.copies.root / INDEX_RECORD).write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    logger.info(
        "explore: Pagefind indexed %d pages in %d of %d shards in %.1f s (the build waited %.1f s for it)",
        sum(pages[shard.name] for shard in indexed),
        len(indexed),
        len(indexing.plan),
        seconds,
        waited,
    )


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
