"""Source files read and written safely: only regular files, inside the site when asked, within a size
bound, without the characters no output can hold; and a set of files written all or nothing."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .text import XML_UNSAFE, unsafe_lines
from .warnings_ import Subtype, warn

# Far above any page a person writes (the longest real recaps are a few dozen kilobytes).
MAX_PAGE_BYTES = 2 * 1024 * 1024


def page_bytes(
    path: str | os.PathLike[str], srcdir: str | os.PathLike[str] | None, limit: int = MAX_PAGE_BYTES
) -> bytes | str:
    """The bytes of the file at ``path``, or why they are not read: it is not a regular file (a device, a
    pipe, a folder, a dangling link), it lies outside ``srcdir`` (when given) through a link, or it is over
    ``limit``."""
    try:
        status = os.stat(path)  # noqa: PTH116 (strings: once per page) follows links: what would be read
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc}): a dangling or looping link?"
    if not stat.S_ISREG(status.st_mode):
        return "is not a regular file (a device, a named pipe or a folder) and is not read"
    if srcdir is not None:
        real, root = os.path.realpath(path), os.path.realpath(srcdir)
        if os.path.commonpath([real, root]) != root:
            return f"is a link to {real}, outside the site's folder, and is not published"
    if status.st_size > limit:
        return f"is {status.st_size / 1048576:.1f} MB, over the limit of {limit / 1048576:.0f} MB, and is not read"
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            data = file.read(limit + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if len(data) > limit:
        return f"is over the limit of {limit / 1048576:.0f} MB and is not read"
    return data


def write_all(files: dict[Path, str]) -> None:
    """Write every file or none, as UTF-8 text: each is staged beside its target, then all are renamed into
    place, so a full disk or a stopped run never leaves a page half written (which a later run would take
    for one it wrote). On failure what was staged, and the folders made for it, are removed, and the
    OSError is raised."""
    staged: list[tuple[str, Path]] = []
    made: list[Path] = []
    try:
        for path, text in files.items():
            for folder in reversed([path.parent, *path.parent.parents]):
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
            staged.append((temporary, path))
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, file_mode(path))  # noqa: PTH101 (mkstemp makes it private)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # noqa: PTH108
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for temporary, path in staged:
        os.replace(temporary, path)  # noqa: PTH105 (atomic on one file system)


def file_mode(path: Path) -> int:
    """The mode a written file gets: the one it had, or what the umask leaves of read and write for all."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


MAX_LINES_REPORTED = 10  # per page: a binary file pasted as a page is one problem, not thousands


def without_unsafe_characters(text: str, where: str | Callable[[int], Any]) -> str:
    """``text`` without the characters XML cannot hold, with a warning at each line that held some; ``where``
    is the page's docname, or gives the location of a line of another file."""
    if XML_UNSAFE.search(text) is None:
        return text
    at = (lambda line: (where, line)) if isinstance(where, str) else where
    lines = unsafe_lines(text)
    for line, names in lines[:MAX_LINES_REPORTED]:
        warn(
            Subtype.BAD_CHARACTER,
            f"{names} on this line cannot be published (pages, feeds and calendars cannot hold it); "
            "it is left out: delete it",
            at(line),
        )
    if len(lines) > MAX_LINES_REPORTED:
        warn(
            Subtype.BAD_CHARACTER,
            f"and {len(lines) - MAX_LINES_REPORTED} more lines with such characters, left out too",
            at(lines[MAX_LINES_REPORTED][0]),
        )
    return XML_UNSAFE.sub("", text)
