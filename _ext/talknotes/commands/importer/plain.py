"""Text from a schedule as a note holds it: one language of a multilingual field, plain text from HTML or
Markdown, a summary of a sentence or two, and ASCII slugs for file names."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser
from typing import Any

from ...base.text import is_slug

PREFERRED_LANGUAGES = ("en",)  # of a per-language field, the one taken first; else the first given
SUMMARY_LIMIT = 280  # characters: a summary is shown in every list
MAX_NOTE_SLUG = 60
BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "blockquote", "pre", "tr"})
# Not text of the talk: code to run, and headings ("Abstract", "Outline"), which a summary would start with.
SKIPPED = frozenset({"script", "style", "template", "h1", "h2", "h3", "h4", "h5", "h6"})
# Each pattern is linear in the text: what a marker encloses stops at the next marker or line end, so an
# abstract of a thousand unclosed "*" or "[" is read once, not once per marker (32 KB took 17 s).
MARKDOWN = [
    (re.compile(r"!\[([^\[\]\n]*)\]\([^()\n]*\)"), ""),  # images
    (re.compile(r"\[([^\[\]\n]+)\]\([^()\n]*\)"), r"\1"),  # links keep their text
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t].*$", re.MULTILINE), ""),  # headings, as in HTML
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE), ""),  # list bullets
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # quotes
    (re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*"), r"\1"),  # strong
    (re.compile(r"__(?=\S)([^_\n]+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"`{1,3}([^`]*)`{1,3}"), r"\1"),  # code
]
# A summary is a sentence or two: no more of an abstract is read for it, however long it is.
SUMMARY_SOURCE_LIMIT = 20_000
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“(\[]?[A-Z0-9À-Þ])")


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def localized(value: Any) -> str:
    """A field that is text, or text per language ({"en": ..., "de": ...}): the text in one language,
    without control characters (which no page or YAML file may hold)."""
    if isinstance(value, str):
        return CONTROL.sub("", value).strip()
    if isinstance(value, dict):
        for language in PREFERRED_LANGUAGES:
            if isinstance(value.get(language), str) and value[language].strip():
                return localized(value[language])
        for text in value.values():
            if isinstance(text, str) and text.strip():
                return localized(text)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def plain_blocks(markup: str) -> list[str]:
    """The paragraphs and list items of an abstract that may be HTML or Markdown, as plain text, one space
    between words."""
    if "<" in markup and ">" in markup:
        parser = _TextOfHtml()
        parser.feed(markup)
        parser.close()
        markup = "".join(parser.parts)
    else:
        markup = unescape(markup)
    for pattern, replacement in MARKDOWN:
        markup = pattern.sub(replacement, markup)
    return [text for block in markup.splitlines() if (text := " ".join(block.split()))]


def plain_text(markup: str) -> str:
    """An abstract as plain text: no tags, no Markdown syntax."""
    return " ".join(plain_blocks(markup))


def summary_of(abstract: str) -> str:
    """A sentence or two of the abstract, at most ``SUMMARY_LIMIT`` characters, cut at a word."""
    blocks = plain_blocks(abstract[:SUMMARY_SOURCE_LIMIT])
    sentences = [sentence for block in blocks for sentence in SENTENCE_END.split(block)]
    if not sentences:
        return ""
    summary = sentences[0]
    if len(summary) < 80 and len(sentences) > 1:
        summary = f"{summary} {sentences[1]}"
    if len(summary) > SUMMARY_LIMIT:
        cut = summary[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
        summary = cut + "…"
    return summary


# Latin letters that Unicode does not decompose into a letter and an accent.
LATIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i", "ħ": "h"})  # fmt: skip


def ascii_slug(text: str) -> str:
    """Lowercase ASCII letters, digits and single dashes; "" when nothing of ``text`` is ASCII."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.translate(LATIN).split()))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def note_slug(title: str, talk_id: str) -> str:
    """A note's file name from its title (at most ``MAX_NOTE_SLUG`` characters, cut at a dash), or from the
    talk's id when the title has no ASCII letters (a title in Japanese)."""
    slug = ascii_slug(title)
    if len(slug) > MAX_NOTE_SLUG:
        slug = slug[:MAX_NOTE_SLUG].rsplit("-", 1)[0]
    if not is_slug(slug) or not any(ch.isalpha() for ch in slug):
        slug = "talk-" + (ascii_slug(talk_id) or "x")[:MAX_NOTE_SLUG]
    return slug


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~${}#&])")


def one_line(text: str) -> str:
    """Text on one line, with single spaces."""
    return " ".join(text.split())


def markdown_escaped(text: str) -> str:
    """``text`` as literal Markdown: a schedule's title "<b>Rust</b> *fast*" shows as written, never as markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


# Names a schedule gives where it names nobody: left out of the speakers, and counted (the contributor guide
# lists them). Compared folded: case, width and spacing aside.
PLACEHOLDER_NAMES = frozenset(
    " ".join(name.casefold().split())
    for name in ("Various speakers", "Various", "Various artists", "Multiple speakers", "Several speakers", "TBA",
                 "TBD", "TBC", "To be announced", "To be determined", "To be confirmed", "Unknown", "Unknown speaker",
                 "Speaker", "Speakers", "Guest", "Guests", "Guest speaker", "Anonymous", "N/A", "n.a.", "None", "-",
                 "?", "Staff", "Organizers", "Organisers", "Everyone", "All")
)  # fmt: skip
BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\})")
OPENING, CLOSING = "([{", ")]}"


def top_level_splits(text: str, separators: re.Pattern[str]) -> list[str]:
    """``text`` split where ``separators`` match outside brackets: an affiliation such as "[CSC - IT Center
    for Science]" or "(Acme, Inc.)" is never split."""
    depth, parts, start = 0, [], 0
    depth_at = []
    for char in text:
        if char in OPENING:
            depth += 1
        elif char in CLOSING and depth:
            depth -= 1
        depth_at.append(depth)
    for match in separators.finditer(text):
        if depth_at[match.start()] == 0 and (match.start() == 0 or depth_at[match.start() - 1] == 0):
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


MAX_FIELD = 10_000  # characters of a speaker field or a calendar summary: far above any real one
JOINERS = re.compile(r"\s*;\s*|\s+and\s+|\s*&\s*|\s+\+\s+", re.IGNORECASE)
COMMA = re.compile(r"\s*,\s*")


def split_people(text: str) -> list[str]:
    """The people in one speaker field, as schedules write them: affiliations in brackets or parentheses
    left out, names joined by "and", "&", ";" or commas split ("Smith, John" is one name: a comma splits only
    names of two words or more each)."""
    names: list[str] = []
    # One space between words first: the patterns' optional spaces then cannot meet long runs (linear).
    text = " ".join(text[:MAX_FIELD].split())
    for part in top_level_splits(text, JOINERS):
        pieces = top_level_splits(part, COMMA)
        bare = [" ".join(BRACKETED.sub(" ", piece).split()).strip(" -–—,") for piece in pieces]
        if len(bare) > 1 and not all(" " in name for name in bare if name):
            bare = [" ".join(BRACKETED.sub(" ", part).split()).strip(" -–—,")]
        names += [name for name in bare if name]
    return names


def is_placeholder_name(name: str) -> bool:
    """Whether a name stands for nobody in particular ("Various speakers", "TBA")."""
    return " ".join(name.casefold().split()) in PLACEHOLDER_NAMES


TITLE_AND_NAMES = re.compile(r"\s+[-–—]\s+")


def title_and_names(summary: str) -> tuple[str, str]:
    """A pretalx calendar summary, "Title - Name [Org - Dept], Other Name", as its title and its names: split at
    the last dash outside brackets; a summary ending in a dash has no names."""
    summary = " ".join(summary[:MAX_FIELD].split())
    if re.search(r"\s[-–—]$", summary):
        return summary[:-1].rstrip(), ""
    parts = top_level_splits(summary, TITLE_AND_NAMES)
    if len(parts) < 2:
        return summary, ""
    return " - ".join(parts[:-1]).strip(), parts[-1].strip()
