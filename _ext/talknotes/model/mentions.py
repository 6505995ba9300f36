"""A mention: a link people wrote, with the sentence around it, as plain data, and how its text is cut.

A ``Mention`` is what reading a page finds: a link its author wrote, where it sits and what it says. Once
every page is read, each is resolved to the page it points to (``Mentioned``), and the pages of notes,
events, topics and people list theirs under "Mentioned in", newest linking page first. Links the extension
makes itself (cards, lists, navigation) are made later, when pages are written, so they never count.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# About this many characters of a sentence on each side of the link; a longer side is cut at a word.
CONTEXT_SIDE = 140
# A sentence ends at ., ! or ? (and any closing quote or bracket), then space, then anything but a lowercase
# letter: "e.g. the" goes on, "two. The" ends.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[^a-z])")
SHORT_SENTENCE = 60  # characters
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Mention:
    """A link the author of a page wrote: the block that holds it, what it names, and its sentence."""

    anchor: str  # the id of the paragraph (or title, or list entry) that holds the link
    line: int
    kind: str  # doc | label | any | event | topic | speaker: how ``target`` names the page
    target: str  # a document name, a label, or a role's target as written
    before: str  # the sentence up to the link
    text: str  # the link's own text
    after: str  # the sentence from the link on
    explicit: bool = True  # the author gave the link's text; else the linked page's title or name stands there
    # The other links of the sentence without text of their own: (kind, target, the words read): when they
    # resolve, their pages' titles stand in the sentence, as on the page.
    others: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Mentioned:
    """A mention of a page, as the page shows it: from where, and the sentence."""

    source: str  # the linking page's document name
    title: str  # the linking page's title
    anchor: str
    before: str
    text: str
    after: str

    def view(self) -> dict[str, str]:
        return dict(vars(self))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of ``text`` that holds ``text[start:end]`` begins and ends; with the sentence
    before it when it is too short to say much alone ("See the recap.")."""
    begins = [0] + [match.end() for match in SENTENCE_END.finditer(text, 0, start)]
    found = SENTENCE_END.search(text, end)
    stop = found.start() + 1 if found else len(text)
    begin = begins[-1]
    if stop - begin < SHORT_SENTENCE and len(begins) > 1:
        begin = begins[-2]
    return begin, stop


def sentence_around(text: str, start: int, end: int, bounds: tuple[int, int] | None = None) -> tuple[str, str, str]:
    """The sentence of ``text`` that holds ``text[start:end]`` (``bounds``, when its caller has them), as
    (before, the link's text, after), with runs of white space made one space and each side cut to about
    ``CONTEXT_SIDE`` characters."""
    begin, stop = bounds or sentence_bounds(text, start, end)
    before = SPACES.sub(" ", text[begin:start]).lstrip()
    linked = SPACES.sub(" ", text[start:end]).strip()
    after = SPACES.sub(" ", text[end:stop]).rstrip()
    if len(before) > CONTEXT_SIDE:
        cut = before[-CONTEXT_SIDE:]
        before = "… " + cut[cut.find(" ") + 1 :] if " " in cut else "… " + cut
    if len(after) > CONTEXT_SIDE:
        cut = after[:CONTEXT_SIDE]
        after = (cut[: cut.rfind(" ")] if " " in cut.strip() else cut) + " …"
    return before, linked, after


def mention_digests(mentions: dict[str, list[Mentioned]]) -> dict[str, str]:
    """A digest of each page's mentions as it shows them: when one changes, the page is written again."""
    return {
        page: hashlib.sha256(
            repr([tuple(vars(m).values()) for m in found]).encode("utf-8", "surrogatepass")
        ).hexdigest()[:32]
        for page, found in mentions.items()
    }


def all_mentions_page(pagename: str) -> str:
    """The page of every mention of ``pagename``, below its name: a year is never "mentions", nor a
    document's name a folder of another's."""
    return f"{pagename}/mentions"
