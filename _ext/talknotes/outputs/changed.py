"""Files written beside the pages (catalog, sitemap, feeds, calendars): written only when what they say changed."""

from __future__ import annotations

import filecmp
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """One file to write: everything its bytes depend on, and how to make them from that.

    ``source`` is a record of plain values (strings, numbers, dates, tuples, frozen dataclasses of
    those, or lists and dicts built in a fixed order) whose ``repr`` is stable; ``make`` must read
    nothing else, so that the same source always makes the same bytes and an unchanged source need
    not be made again.
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
    fingerprints = {path: write_one(outdir, path, output, made_before) for path, output in outputs.items()}
    for stale in (outdir / folder).rglob(pattern):
        if stale.relative_to(outdir).as_posix() not in outputs:
            stale.unlink()
    return fingerprints


def write_one(outdir: Path, path: str, output: Output, made_before: dict[str, str]) -> str:
    """Write ``output`` at ``path`` below ``outdir`` unless its fingerprint is the one in ``made_before`` and
    its file is there, or its bytes are the file's; return its fingerprint."""
    fingerprint = output.fingerprint
    target = outdir / path
    if made_before.get(path) == fingerprint and target.is_file():
        return fingerprint
    data = output.make()
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return fingerprint


def write_streamed(outdir: Path, path: str, chunks: Iterable[bytes]) -> str:
    """Write the bytes of ``chunks`` at ``path`` below ``outdir`` unless they are the file's; return their
    SHA-256, the fingerprint of what the file says.

    For a file too large to hold whole at the build's end (the catalog): the chunks go to a temporary file
    beside the target as they are made, which replaces the target only when the two differ, so that an
    unchanged file keeps its time and a half-written one is never left in its place.
    """
    target = outdir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".{target.name}.partial")
    digest = hashlib.sha256()
    try:
        with draft.open("wb") as file:
            for chunk in chunks:
                digest.update(chunk)
                file.write(chunk)
        if not (target.is_file() and filecmp.cmp(draft, target, shallow=False)):
            draft.replace(target)
    finally:
        draft.unlink(missing_ok=True)  # unchanged, or made halfway
    return digest.hexdigest()
