"""Files written beside the pages (feeds, calendars): made only when what they say changed, stale ones removed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """One file to write: everything its bytes depend on, and how to make them from that.

    ``source`` is a record of plain values (strings, numbers, dates, tuples, frozen dataclasses of
    those) whose ``repr`` is stable; ``make`` must read nothing else, so that the same source always
    makes the same bytes and an unchanged source need not be made again.
    """

    source: object
    make: Callable[[], bytes]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self.source).encode("utf-8")).hexdigest()


def write_changed(
    outdir: Path, folder: str, outputs: dict[str, Output], pattern: str, made_before: dict[str, str]
) -> dict[str, str]:
    """Write each of ``outputs`` (paths below ``outdir``) whose bytes differ, and delete the other ``pattern``
    files of ``folder``, so that an incremental build leaves what a clean one would and touches nothing unchanged.

    An output whose fingerprint is the one in ``made_before`` (the last build's) and whose file is there is
    not even made: rendering every feed is most of what an edit of one note would cost. Returns the
    fingerprints of this build, for the next one.
    """
    fingerprints: dict[str, str] = {}
    for path, output in outputs.items():
        fingerprints[path] = output.fingerprint
        target = outdir / path
        if made_before.get(path) == fingerprints[path] and target.is_file():
            continue
        data = output.make()
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for stale in (outdir / folder).rglob(pattern):
        if stale.relative_to(outdir).as_posix() not in outputs:
            stale.unlink()
    return fingerprints
