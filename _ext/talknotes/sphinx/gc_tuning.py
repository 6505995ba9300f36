"""Python's cyclic garbage collector kept from scanning, again and again, what a build holds to its end.

An incremental build starts by unpickling the environment of the last one: at 10,000 notes,
millions of objects, none of them garbage. While they are made, the collector runs its full
collection a dozen times, each scanning every object loaded so far (1.4 s of a 4.4 s no-op
build of the generated 10,000-note site, measured with ``gc.callbacks``). So the collector is
paused from the end of ``config-inited`` until the builder is ready, then the loaded objects are moved
out of its sight (``gc.freeze``): they live as long as the build, and the full collections of
the rest of the build no longer scan them. In the ``sphinx-build`` command, they and all the build
made stay out of its sight to the end of the process: at its exit Python's last full collection would
otherwise go through the whole environment again (4 s of a 7.6 s no-op build of that site, as a
command sees it). Any other process (tests, a script, a live preview in one process) gets them back
when the build returns, with one full collection then, so that nothing stays frozen for it.
Unpickling makes no reference cycles, so pausing the collector costs no memory. A process that
turned the collector off itself keeps it off.

Under ``-j``, Sphinx forks a worker for every chunk of pages it reads or writes. A worker inherits the
whole heap, garbage the main process has not collected yet included, and its first full collection
went through all of it: at 1,000 notes, 29 such collections took 3.5 s of the workers' time (the
floor's took 1.3 s), and each wrote to every inherited object, so the kernel copied the pages the
worker shared with its parent. A worker forked during a build now keeps what it inherited out of its
collector's sight (``gc.freeze`` in the child, which moves no object): it collects only what it makes,
and exits after its chunk.

Each reading worker sends back its whole environment, which the main process unpickles to take the
pages of its chunk from it: at 10,000 notes, a copy of the whole environment per chunk (47 chunks), all
of it garbage, in cycles, once merged. While a copy was unpickled, the collector ran full collections
that went through the main process's whole heap: 141 in the reading phase of a ``-j 2`` build of the
generated 10,000-note site, 114 s. So from the first merge to the end of reading, the main process's
collector is paused, and only its youngest generation, which holds the merged copy and little else, is
collected: each time Sphinx is about to fork the next worker (after a merge), and once when reading ends.
The first copy was unpickled before the pause, partly into older generations: the first of these
collections is a full one, while the heap is at its smallest.

Once every document's page is written, talknotes writes its generated pages (topics, people, years,
series), each made of nodes that live long enough to reach the oldest generation and die a page later.
Python then ran full collections through the whole heap, the environment included, which grows with
the site: on the generated 5,000-note site (in-process build, ``gc.callbacks``), 5 of them while the
generated pages were written (5.2 s) and one more in the build's last steps (1.0 s). So when the
documents are written, the garbage they left (their doctrees, kept by Sphinx from reading to writing)
is freed in one full collection, and what remains, which the build keeps to its end, is moved out of
the collector's sight: later collections go through what the generated pages make, and no more.

While a serial build reads its documents (at least as many as it keeps from the last build: a first build,
or one after a change of configuration), and while it writes its generated pages, nearly all it makes
lives to the build's end (the environment, and the doctrees Sphinx keeps from reading to writing), and
Python's full collections went through all of it again and again: 24 of them while the generated 5,000-note
site was read (7.8 s), each longer than the one before, and 25 while its generated pages were written (2.6 s;
after the freeze above, Python counts only the few survivors since, so it collects the whole young heap
often). So in those two phases, what survives a full collection is moved out of the collector's sight at once
(a ``gc.callbacks`` hook): the next one goes through what was made since. When reading ends, what was moved
out while reading is handed back and collected once: the doctrees in it die one by one while their pages are
written, and frozen they would stay to the build's end (500 MiB more at 5,000 notes). The documents' pages
are written with the collector as Python runs it, for the same reason.

Under ``-j``, the main process writes no page: it loads and resolves each document's doctree and hands
chunks of them to the writing worker it forks (one at a time under ``-j 2``), which waits for it. Its full
collections went through the whole environment each time (four, 0.6 s, at 1,000 notes). So there too,
what survives a full collection is frozen, and handed back and collected once the documents are written:
the chunks' doctrees among it are garbage once their worker is joined.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from ..base.settings import settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

# The Python and Sphinx versions this tuning was measured on: it depends on when Sphinx forks its workers, on
# the order of its events (internals.py lists both) and on how Python's collector counts generations (3.14's
# is incremental). On others the collector runs as Python runs it.
MEASURED_PYTHON = ((3, 11), (3, 12), (3, 13))
MEASURED_SPHINX = (8, 9)


@dataclass
class Tuning:
    """What the tuning knows of the collector, in this process (one process, one collector)."""

    active: bool = False  # whether the build under way tunes the collector (the setting, and versions measured)
    enabled_before: bool | None = None  # whether it ran before it was paused, while it is paused
    frozen: bool = False  # whether this process froze objects that it has not handed back yet
    building: bool = False  # whether a tuned build is under way (forks then freeze in the child)
    merging: bool | None = None  # while -j reading merges: whether the collector was on before it was paused
    merged_into: int = 2  # the oldest generation the next collection of merged copies must go through
    # "reading", "writing" (-j) or "pages": the phase in which a full collection's survivors are frozen.
    freezing: str | None = None
    froze_during: set[str] = field(default_factory=set)  # the phases in which survivors were frozen, until handed back
    rereading_all: bool = False  # whether this build reads at least as many documents as it keeps from the last one
    hooks: bool = False  # whether the fork hook and the gc.callbacks hook are in (os.register_at_fork cannot undo one)


TUNING = Tuning()
logger = logging.getLogger(__name__)


def measured_here() -> bool:
    """Whether this Python and this Sphinx are versions the tuning was measured on."""
    return sys.version_info[:2] in MEASURED_PYTHON and sphinx.version_info[0] in MEASURED_SPHINX


def install_hooks() -> None:
    """Hook into forks and collections, once per process; the hooks do nothing unless a tuned build is under
    way. Its event handlers are connected from the phase table (``talknotes.phases``)."""
    if not TUNING.hooks:
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(before=collect_merged, after_in_child=freeze_in_worker)
        gc.callbacks.append(freeze_survivors)
        TUNING.hooks = True


def hold(app: Sphinx, config: Config) -> None:
    """``config-inited``: pause the collector while Sphinx loads its environment and makes its builder, when
    the build tunes it (``talknotes_gc_tuning``, on the versions it was measured on)."""
    hand_back()
    TUNING.freezing, TUNING.rereading_all = None, False
    wanted = settings(config).gc_tuning
    TUNING.active = wanted and measured_here()
    if not TUNING.active:
        TUNING.building = False  # an earlier app may have started a build it never finished
        if TUNING.enabled_before is not None:  # an earlier app paused it and never got as far as its builder
            if TUNING.enabled_before:
                gc.enable()
            TUNING.enabled_before = None
        if wanted:
            logger.info(
                "talknotes: the garbage collector runs as Python runs it: its tuning was measured on Python %s "
                "and Sphinx %s only",
                ", ".join(f"{major}.{minor}" for major, minor in MEASURED_PYTHON),
                " and ".join(map(str, MEASURED_SPHINX)),
            )
        return
    TUNING.building = True
    if TUNING.enabled_before is None:  # else an earlier app paused it and never got as far as its builder
        TUNING.enabled_before = gc.isenabled()
    gc.disable()


def release(app: Sphinx) -> None:
    """``builder-inited``: keep the loaded environment out of the collector's scans, and resume it."""
    if TUNING.enabled_before is None:
        return
    enabled, TUNING.enabled_before = TUNING.enabled_before, None
    if enabled:
        gc.freeze()
        TUNING.frozen = True
        gc.enable()


def keep_to_the_end(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last: when the process is the ``sphinx-build`` command, which exits once the build
    returns, keep everything the build made out of the collector's sight too (a full build loads no
    environment but makes one), so that the exit does not scan it. A caller that builds in its own process
    (``sphinx.testing``, a script, a preview server) gets everything back: nothing stays frozen for it."""
    if not TUNING.active:
        return
    TUNING.building = False
    resume_after_merges(app, app.env)  # a build stopped while reading (this also stops freezing survivors)
    if not exits_after_build():
        hand_back()
    elif gc.isenabled():
        gc.freeze()
        TUNING.frozen = True


def exits_after_build() -> bool:
    """Whether the build runs as a command, which exits once it returns: Sphinx's command-line ``main`` called
    from the top level of the process's main script, as ``sphinx-build``, ``python -m sphinx`` (Read the
    Docs, the live preview's builds) and a script that runs it and exits all do. Not a test, a server or a
    program that calls it from a function of its own."""
    outermost = None
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "sphinx.cmd.build":
            outermost = frame
        frame = frame.f_back
    caller = outermost.f_back if outermost is not None else None
    return caller is not None and caller.f_code.co_name == "<module>" and caller.f_globals.get("__name__") == "__main__"


def settle_after_documents(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``, first: free what the documents' pages left, freeze the rest to the end.

    Nothing frozen here is garbage: the full collection went first. What the build holds from here to its
    end (the environment, the graph, the templates) stays alive, so freezing it leaks nothing; what a
    later build in this process needs back, :func:`hand_back` returns."""
    if not TUNING.active:
        return []
    TUNING.freezing = None
    if "writing" in TUNING.froze_during:
        TUNING.froze_during.clear()
        gc.unfreeze()  # collected just below
    if gc.isenabled():
        gc.collect()
        gc.freeze()
        TUNING.frozen = True
        TUNING.freezing = "pages"
    return []


def freeze_while_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: from here to the end of reading, freeze what survives each full collection.

    Not under ``-j``: there the main process merges copies of the environment that are garbage at once, and a
    copy frozen while it is unpickled would stay to the end of reading (see :func:`pause_for_merges`). Nor when
    fewer documents are read than are kept from the last build: handing back what was frozen when reading ends
    would hand back the loaded environment too (one ``gc.freeze`` holds all), and its next collections would go
    through all of it, for the sake of a few documents' reading."""
    if not TUNING.active:
        return
    TUNING.rereading_all = len(docnames) >= len(env.all_docs)
    if app.parallel <= 1 and TUNING.rereading_all:
        TUNING.freezing = "reading"


def freeze_while_handing_out(app: Sphinx, builder: Builder) -> None:
    """``write-started``: under ``-j``, from here to the generated pages, freeze what survives each full collection.

    The main process then loads and resolves each document's doctree and hands chunks of them to the one
    writing worker it forks at a time (``-j 2``): its collections delay the worker's next chunk, and each
    went through the whole environment. What is frozen here (a chunk's doctrees among it, garbage once
    its worker is joined) is handed back and collected when the documents are written
    (:func:`settle_after_documents`). Only in a build that read at least as many documents as it kept,
    for the reason :func:`freeze_while_reading` gives."""
    # Only HTML builders settle (html-collect-pages); parallel_ok says whether workers write the documents.
    if TUNING.rereading_all and isinstance(builder, StandaloneHTMLBuilder) and builder.parallel_ok:
        TUNING.freezing = "writing"


def freeze_survivors(phase: str, info: dict[str, int]) -> None:
    """``gc.callbacks``: after a full collection, in a phase where nearly all that survives it lives to the end of
    the build, keep the survivors out of the next ones' scans. Not while -j merges (see :func:`pause_for_merges`)."""
    if phase == "stop" and info["generation"] == 2 and TUNING.freezing and TUNING.merging is None and gc.isenabled():
        gc.freeze()
        TUNING.frozen = True
        TUNING.froze_during.add(TUNING.freezing)


def thaw_after_reading() -> None:
    """Reading is over: hand back what was frozen while reading, and free what of it is garbage by now.

    Only when reading froze anything: a no-op or small build's loaded environment stays out of the scans."""
    TUNING.freezing = None  # first: the collection below must not freeze the doctrees that writing frees
    if "reading" in TUNING.froze_during:
        hand_back()


def pause_for_merges(app: Sphinx, env: object, docnames: object, other: object) -> None:
    """``env-merge-info`` (main process, ``-j`` reading): from the first merge, only the youngest generation
    is collected, when nothing of a merged copy is in use any more (see :func:`collect_merged`)."""
    if not TUNING.active:
        return
    if TUNING.merging is None:
        TUNING.merging = gc.isenabled()
        TUNING.merged_into = 2  # this copy was unpickled with the collector running
        gc.disable()


def collect_merged() -> None:
    """Before a fork (Sphinx starts a worker after each merge): free the copies merged since the last one.

    Everything made since then is in the youngest generation, since the collector is paused: what a
    merge kept moves on to the next generation, the copies it threw away are freed, and the main heap
    is not scanned."""
    if TUNING.merging is not None:
        gc.collect(TUNING.merged_into)
        TUNING.merged_into = 0


def resume_after_merges(app: Sphinx, env: object) -> None:
    """``env-updated``, first: reading is over; free the last merged copies and resume the collector, or hand
    back what was frozen while reading."""
    collect_merged()
    stop_merging()
    thaw_after_reading()


def stop_merging() -> None:
    """The collector runs again as it did before it was paused for merging."""
    if TUNING.merging is not None:
        enabled, TUNING.merging = TUNING.merging, None
        if enabled:
            gc.enable()


def freeze_in_worker() -> None:
    """In a process just forked during a build (a ``-j`` worker): what it inherited is not its collector's,
    and its collector runs as it did before the main process paused it for merging, freezing nothing more."""
    if TUNING.building:
        gc.freeze()
    TUNING.freezing = None
    stop_merging()


def hand_back() -> None:
    """Let the collector see what an earlier build in this process froze, and free what of it is garbage."""
    TUNING.froze_during.clear()
    if TUNING.frozen:
        gc.unfreeze()
        TUNING.frozen = False
        gc.collect()
