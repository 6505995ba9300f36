"""Files written beside the pages (feeds, calendars): each only when its bytes change, stale ones removed."""

from __future__ import annotations

from pathlib import Path


def write_changed(outdir: Path, folder: str, files: dict[str, bytes], pattern: str) -> None:
    """Write ``files`` (paths below ``outdir``) whose bytes differ, and delete the other ``pattern`` files of
    ``folder``, so that an incremental build leaves what a clean one would, and touches nothing unchanged."""
    for path, data in files.items():
        target = outdir / path
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for stale in (outdir / folder).rglob(pattern):
        if stale.relative_to(outdir).as_posix() not in files:
            stale.unlink()
