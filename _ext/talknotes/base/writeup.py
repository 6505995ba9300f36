"""Whether a page holds notes someone wrote, or only what the tools put there: one rule for the build,
``make check``, ``make todo`` and the importer, and the outlines the tools write.

A talk taken from a schedule is a programme entry until someone writes notes into its page: the state
is derived from the page itself, never a flag to remember. The tools write their outlines as MyST
comments (``% ...``), which readers never see; pages made before they did hold the outline as text
("What you noted, in your own words.", "## Notes", "...") and count as unwritten too, so an older
import turns into programme entries without an edit.
"""

from __future__ import annotations

import re

from docutils import nodes
from markdown_it import MarkdownIt

# One outline per kind of session: what a reader of that kind wants to find. The tools write it as
# comments; the same words, written as text by earlier versions, are recognized as not written.
OUTLINES: dict[str, tuple[str, tuple[str, ...]]] = {
    "talk": ("What the talk argued, showed or decided.", ("Key points", "Takeaways")),
    "keynote": ("The keynote's message, and why it was chosen to open or close the day.", ("Key points", "Takeaways")),
    "panel": ("Who sat on the panel, and the question it took up.", ("Positions", "Where they disagreed", "Takeaways")),
    "workshop": ("What was built or practised, with which tools.", ("Steps", "What to try at home")),
    "lightning": ("The one idea of this lightning talk, in a paragraph.", ("Link to follow",)),
    "discussion": ("The question the room discussed, and who was in it.", ("What was said", "Open questions")),
    "recap": ("A day or a track at a glance.", ("Sessions", "Themes", "What comes next")),
    "note": ("What you noted, in your own words.", ("Notes",)),
}
EVENT_OPENING = "What happened, in your own words: the setting, then the themes."
EVENT_SECTIONS = ("The day", "The days", "What comes next")

# What earlier versions of the tools wrote as text: sentences, section headings and placeholders.
SCAFFOLD_LINES = frozenset(
    {opening for opening, _ in OUTLINES.values()}
    | {EVENT_OPENING, "...", "…", "- ...", "- …", "* ...", "* …"}
    | {f"## {section}" for _, sections in OUTLINES.values() for section in sections}
    | {f"## {section}" for section in EVENT_SECTIONS}
)
DAY_SECTION = re.compile(r"^## Day \d+: .+$")  # an event's day section, as make new-event wrote it
TARGET = re.compile(r"^\(\s*[^()\s]+\s*\)=\s*$")  # a MyST target line, "(label)=": shows nothing


def has_writing(body: str) -> bool:
    """Whether a page's body (its text below the front matter) holds anything beyond its title, comments,
    targets and the outline the tools write."""
    title_seen = False
    in_comment = False
    for raw in body.splitlines():
        line = raw.strip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line or line.startswith("%") or TARGET.match(line):
            continue
        if line.startswith("<!--"):
            in_comment = "-->" not in line[4:]
            if in_comment or line.endswith("-->"):
                continue
            return True  # text after the comment on the same line
        if not title_seen and line.startswith("# "):
            title_seen = True
            continue
        if line in SCAFFOLD_LINES or DAY_SECTION.match(line):
            continue
        return True
    return False


ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*$")


def heading_level(text: str, line: int) -> int:
    """The level of the Markdown heading at ``line`` (from 1) of ``text``: '## A' and 'A' over '---' are 2."""
    lines = text.split("\n", line + 1)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if atx := ATX_HEADING.match(here):
        return len(atx.group(1))
    below = SETEXT_UNDERLINE.match(lines[line]) if line < len(lines) else None
    return 2 if below is not None and below.group(1).startswith("-") else 1


def body_of(text: str, block_lines: int) -> str:
    """A page's text below its front matter block (``block_lines`` long, 0 without one)."""
    if not block_lines:
        return text
    return "\n".join(text.lstrip("\ufeff").split("\n")[block_lines:])


def outline_comments(kind: str, *, imported: bool) -> list[str]:
    """The outline of a new note of ``kind``, as comments its writer reads and its readers never see."""
    opening, sections = OUTLINES.get(kind, OUTLINES["note"])
    lines = ["% Write your notes below, in your own words."]
    if imported:
        lines.append("% Until you do, the site shows this talk as an entry of its event's programme, not as a note.")
    return [*lines, f"% {opening} Sections that suit a {kind}: {', '.join(sections)}."]


def event_outline_comments(sections: list[str]) -> list[str]:
    """The outline of a new event page's recap, as comments."""
    return [
        "% Write the recap below, in your own words: the setting, then the themes.",
        f"% Sections that suit this event: {', '.join(sections)}.",
    ]


DESCRIPTION_LENGTH = 200


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph of prose, skipping the talknotes cards and lists."""
    for paragraph in doctree.findall(nodes.paragraph):
        parent = paragraph.parent
        inside_generated = False
        while parent is not None:
            if any(str(c).startswith("talknotes-") for c in parent.get("classes", ())):
                inside_generated = True
                break
            parent = parent.parent
        if not inside_generated and paragraph.astext().strip():
            return paragraph.astext()
    return ""


# Raw HTML is not read: a description is contributor text.
MARKDOWN_TEXT = MarkdownIt("commonmark", {"html": False})


def markdown_text(source: str) -> str:
    """The words of a Markdown text without its markup (a topic's description)."""
    words = []
    for token in MARKDOWN_TEXT.parse(source):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        if token.type.endswith("_close") and token.block:
            words.append(" ")
    return " ".join("".join(words).split())
