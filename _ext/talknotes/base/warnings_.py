"""The talknotes warning subtypes, one per kind of content error, and the helper that emits them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("talknotes")

WARNING_TYPE = "talknotes"


class Subtype(Enum):
    """Every warning the extension emits; ``suppress_warnings = ["talknotes.<value>"]`` silences one."""

    UNREAD_FILE = "unread-file"
    """A file that is not read: in the events folder with a suffix Sphinx skips (``talk.MD``,
    ``notes.markdown``), or a page that is not a regular file inside the site (a link to a device or to a
    file outside, a named pipe) or is over 2 MB."""
    ENCODING = "encoding"
    """A page or registry that is not valid UTF-8; the bytes that cannot be read show as U+FFFD."""
    BAD_CHARACTER = "bad-character"
    """A character that XML cannot hold (a control character such as ESC or a form feed, U+FFFE, U+FFFF),
    written raw or as a YAML escape: it is left out of every output, which could not be written with it. Or a
    character that shows as nothing (a zero-width space, a soft hyphen) in a name, where it would make one
    name two: it is left out of the name."""
    FRONT_MATTER = "front-matter"
    """The front matter is not valid YAML, or is not a mapping."""
    MISSING_TITLE = "missing-title"
    """A note or event page without a title: it must start with a ``# Title`` heading."""
    UNKNOWN_KEY = "unknown-key"
    """A front matter or registry key the content model does not define."""
    DUPLICATE_KEY = "duplicate-key"
    """The same key twice in one front matter mapping (YAML would keep only the last)."""
    MISSING_FIELD = "missing-field"
    """A required field is absent or empty (``event.name``, ``event.start``, a topic's ``name``)."""
    BAD_TYPE = "bad-type"
    """A field has the wrong type, e.g. a mapping where a list of names is expected."""
    BAD_VALUE = "bad-value"
    """A field has the right type but an impossible value (``attendance: 0``, ``draft: maybe``)."""
    BAD_DATE = "bad-date"
    """A date that is not an ISO date (``YYYY-MM-DD``) or does not exist."""
    DATE_ORDER = "date-order"
    """An event whose ``end`` is before its ``start``."""
    DATE_OUTSIDE = "date-outside"
    """A note dated outside its event's dates."""
    BAD_URL = "bad-url"
    """A URL that is not an absolute ``http`` or ``https`` URL (``javascript:`` included)."""
    UNKNOWN_KIND = "unknown-kind"
    """A ``kind`` that is not one of the note kinds."""
    UNKNOWN_TOPIC = "unknown-topic"
    """A topic that is no id, name or alias in the topics registry."""
    UNKNOWN_EVENT = "unknown-event"
    """An ``event:`` that names no event folder."""
    EVENT_MISMATCH = "event-mismatch"
    """A note inside ``recaps/<event-id>/`` whose ``event:`` names another event."""
    MISSING_EVENT_PAGE = "missing-event-page"
    """An event folder without an ``index.md`` event page."""
    MISPLACED = "misplaced"
    """An ``event:`` mapping outside an event page, or a page directly in ``recaps/``."""
    BAD_ID = "bad-id"
    """An event folder, topic key or speaker key that is not a lowercase slug, or is reserved."""
    DUPLICATE_ID = "duplicate-id"
    """A registry key defined twice, two speakers that claim the same name, two notes of one talk (the same
    ``source`` id in one event), or two pages whose file names differ only in case or accent encoding."""
    TOPIC_COLLISION = "topic-collision"
    """Two topics whose ids, names or aliases are equal once case is ignored."""
    UNKNOWN_BROADER = "unknown-broader"
    """A topic whose ``broader`` names no topic, or forms a cycle."""
    REGISTRY = "registry"
    """``topics.yml`` or ``speakers.yml`` cannot be read: invalid YAML, or not a mapping of mappings."""
    SIMILAR_NAME = "similar-name"
    """A person's name one letter away from a registered name or alias, or from a name used in another
    note: probably a misspelling. Registering both names in ``speakers.yml`` says they are two people."""
    NOTES_FILTER = "notes-filter"
    """A ``{notes}`` option that is unknown, malformed, or names nothing known."""
    UNKNOWN_TARGET = "unknown-target"
    """An ``{event}``, ``{topic}`` or ``{speaker}`` role whose target does not exist."""
    EXPLORE = "explore"
    """The explore index cannot be made: Pagefind is not installed, or it failed on the written site."""


@dataclass(frozen=True)
class Problem:
    """A content warning collected outside a build, for ``python -m talknotes check``."""

    subtype: Subtype | None
    message: str
    location: Any
    # The type of a warning Sphinx itself gives in the build, which ``check`` foresees (``ref.doc``).
    sphinx_type: str = ""

    @property
    def docname(self) -> str | None:
        return self.location[0] if isinstance(self.location, tuple) else None

    def format(self, path_of: Callable[[str], Any]) -> str:
        """``file:line: message [talknotes.subtype]``, as the build prints it."""
        if isinstance(self.location, tuple):
            where = f"{path_of(self.location[0])}:{self.location[1]}"
        else:
            where = str(self.location)
        kind = self.sphinx_type or f"{WARNING_TYPE}.{self.subtype.value if self.subtype else ''}"
        return f"{where}: {self.message} [{kind}]"


_collected: list[list[Problem]] = []


@contextmanager
def collecting() -> Iterator[list[Problem]]:
    """Collect the warnings of the enclosed code instead of logging them through Sphinx."""
    problems: list[Problem] = []
    _collected.append(problems)
    try:
        yield problems
    finally:
        _collected.pop()


def warn(subtype: Subtype, message: str, location: Any = None) -> None:
    """Emit a content warning as ``talknotes.<subtype>``, located at a (docname, line), a node or a 'path:line'."""
    if _collected:
        _collected[-1].append(Problem(subtype, message, location))
        return
    logger.warning(message, location=location, type=WARNING_TYPE, subtype=subtype.value)
