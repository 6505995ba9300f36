"""Run sphinx-build with the source folder made unwritable, even for root: every write there raises.

Usage: python readonly_sphinx.py SRCDIR [sphinx-build arguments...]
An audit hook refuses, inside SRCDIR, every open for writing and every call that creates, moves,
removes or changes a file; file permissions alone do not stop root.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
CHANGING_EVENTS = {
    "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.chmod", "os.chown",
    "os.utime", "os.link", "os.symlink", "os.truncate", "shutil.rmtree", "shutil.move",
}  # fmt: skip


def main() -> int:
    source = Path(sys.argv[1]).resolve()

    def inside(path: object) -> bool:
        if isinstance(path, int) or path is None:
            return False
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(source)
        except (TypeError, ValueError, OSError):
            return False

    def refuse_writes(event: str, args: tuple) -> None:
        if event == "open" and args and inside(args[0]):
            mode, flags = args[1], args[2]
            if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags or 0) & WRITE_FLAGS:
                raise PermissionError(f"read-only source: {args[0]} opened for writing")
        elif event in CHANGING_EVENTS and any(inside(arg) for arg in args[:2]):
            raise PermissionError(f"read-only source: {event} {args[:2]}")

    sys.addaudithook(refuse_writes)
    from sphinx.cmd.build import main as sphinx_build

    return sphinx_build(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
