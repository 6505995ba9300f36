"""Python's cyclic garbage collector held back while Sphinx loads its saved environment.

An incremental build starts by unpickling the environment of the last one: at 10,000 notes,
millions of objects, none of them garbage. While they are made, the collector runs its full
collection a dozen times, each scanning every object loaded so far (1.4 s of a 4.4 s no-op
build of the generated 10,000-note site, measured with ``gc.callbacks``). So the collector is
paused from the end of ``config-inited`` until the builder is ready, then the loaded objects are moved
out of its sight (``gc.freeze``): they live as long as the build, and the full collections of
the rest of the build no longer scan them. At the end of the build they are handed back
(``gc.unfreeze``), so that a process that builds several times (tests, a live preview) can free
them. Unpickling makes no reference cycles, so pausing the collector costs no memory. A process
that turned the collector off itself keeps it off.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The collector's state before it was paused, while it is paused (module-level: one process, one collector).
_enabled_before: bool | None = None
_frozen = False  # whether this process froze a loaded environment that it has not handed back yet


def register(app: Sphinx) -> None:
    # Paused after every other config-inited handler, so that a configuration error stops the build before
    # the collector is touched; resumed before any other builder-inited handler.
    app.connect("config-inited", hold, priority=1000)
    app.connect("builder-inited", release, priority=0)
    app.connect("build-finished", hand_back, priority=1000)


def hold(app: Sphinx, config: object) -> None:
    """``config-inited``: pause the collector while Sphinx loads its environment and makes its builder."""
    global _enabled_before
    if _enabled_before is None:  # else an earlier app paused it and never got as far as its builder
        _enabled_before = gc.isenabled()
    gc.disable()


def release(app: Sphinx) -> None:
    """``builder-inited``: keep the loaded environment out of the collector's scans, and resume it."""
    global _enabled_before, _frozen
    if _enabled_before is None:
        return
    enabled, _enabled_before = _enabled_before, None
    if enabled:
        gc.freeze()
        _frozen = True
        gc.enable()


def hand_back(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: let the collector see the loaded environment again, so that it can be freed."""
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False
