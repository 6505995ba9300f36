"""Small pure helpers for names, ids, dates and URLs shared by the other modules."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# English month names, not the locale's: sphinx-build sets the process locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MAX_SLUG_BYTES = 80
# What XML 1.0 cannot hold, and so no page, feed, calendar or sitemap: the C0 control characters but tab,
# line feed and carriage return; lone surrogates (from YAML escapes); and the non-characters U+FFFE, U+FFFF.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL_NAMES = {
    "\x00": "NUL", "\x07": "BEL", "\x08": "BACKSPACE", "\x0b": "VERTICAL TAB", "\x0c": "FORM FEED", "\x1b": "ESC",
}  # fmt: skip
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


# Names repeat across thousands of notes: fold and slugify run once per distinct name.
@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and width-insensitive key for matching names, ids and aliases."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """A URL-safe id for a name: accents dropped, other scripts kept, never empty."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = _NON_WORD.sub("-", unicodedata.normalize("NFKC", stripped).casefold()).strip("-")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        # File names have a length limit; a long name keeps a readable start and a distinct end.
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        slug = slug.encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", "ignore").rstrip("-") + "-" + digest
    if slug:
        return slug
    # A name made only of symbols or emoji still needs a stable, distinct id.
    return "speaker-" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def character_names(found: Iterable[str]) -> str:
    """'U+001B (ESC), U+FFFF': the characters of ``found``, each once, in the order met."""
    names = []
    for char in dict.fromkeys(found):
        label = CONTROL_NAMES.get(char)
        names.append(f"U+{ord(char):04X}" + (f" ({label})" if label else ""))
    return ", ".join(names)


# Characters that show as nothing: in a name they make two names look one, or one name two. Joiners are
# left alone where scripts need them (ZWNJ in Persian, ZWJ in emoji and Indic scripts): only at a name's
# edges or beside a space are they taken for stray characters.
INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b\u2060\ufeff]|^[\u200c\u200d]+|[\u200c\u200d]+$|(?<= )[\u200c\u200d]+|[\u200c\u200d]+(?= )"
)
INVISIBLE_NAMES = {
    "\u00ad": "SOFT HYPHEN", "\u180e": "MONGOLIAN VOWEL SEPARATOR", "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER", "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
}  # fmt: skip


def invisible_characters(name: str) -> tuple[str, str]:
    """``name`` without the characters that show as nothing (``INVISIBLE``), and their names ('' if none)."""
    found = "".join(INVISIBLE.findall(name))
    if not found:
        return name, ""
    names = ", ".join(f"U+{ord(c):04X} ({INVISIBLE_NAMES[c]})" for c in dict.fromkeys(found))
    return " ".join(INVISIBLE.sub("", name).split()), names


def unsafe_lines(text: str) -> list[tuple[int, str]]:
    """Each line of ``text`` that holds characters XML cannot hold, with their names; linear in the text."""
    found: dict[int, list[str]] = {}
    line, counted = 1, 0
    for match in XML_UNSAFE.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        found.setdefault(line, []).append(match.group())
    return [(line, character_names(chars)) for line, chars in found.items()]


# The overview's name in every folder of generated pages: no page made from a name may take it.
RESERVED_PAGE_IDS = frozenset({"index"})


def page_id(name: str, noun: str) -> str:
    """The id (and page name) of a thing known by its name alone: its slug, unless that is reserved
    (a person called "Index" is ``index-speaker``, not the people overview)."""
    slug = slugify(name)
    return f"{slug}-{noun}" if slug in RESERVED_PAGE_IDS else slug


def plural(count: int, noun: str) -> str:
    """'1 note', '2,400 notes'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def is_slug(text: str) -> bool:
    """Whether ``text`` is a lowercase ASCII slug (letters, digits, single dashes or underscores)."""
    return bool(SLUG_RE.match(text))


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix naming the closest known value, or ''."""
    candidates = {fold(k): k for k in known}
    matches = difflib.get_close_matches(fold(wrong), list(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{candidates[matches[0]]}"?)' if matches else ""


# Keys contributors write for what the content model calls otherwise (other tools' words).
KEY_SYNONYMS = {
    "tags": "topics", "tag": "topics", "topic": "topics", "categories": "topics", "category": "topics",
    "keywords": "topics", "subjects": "topics",
    "speaker": "speakers", "author": "speakers", "authors": "speakers", "presenter": "speakers",
    "presenters": "speakers", "people": "speakers", "by": "speakers",
    "type": "kind", "format": "kind", "session_type": "kind",
    "slide": "slides", "deck": "slides", "recording": "video", "youtube": "video", "abstract": "summary",
    "when": "date", "day": "date", "conference": "event", "meetup": "event",
    "organiser": "organizers", "organisers": "organizers", "organizer": "organizers", "hosts": "organizers",
    "url": "website", "link": "website", "site": "website", "attendees": "attendance", "town": "city",
    "location": "city", "state": "region", "province": "region", "begin": "start", "finish": "end",
}  # fmt: skip


def suggest_key(wrong: str, known: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix for an unknown key: the model's word for it, or the closest key."""
    known = list(known)
    synonym = KEY_SYNONYMS.get(fold(wrong).replace("-", "_").replace(" ", "_"))
    if synonym in known:
        return f' (did you mean "{synonym}"?)'
    return did_you_mean(wrong, known)


def parse_date(value: str) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``, a time part ignored), or None when it is not one."""
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T].*)?", text) is None:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def format_date_range(start: dt.date | None, end: dt.date | None) -> str:
    """'22 November 2016', or a range such as '22–23 November 2016', without locale surprises."""
    if start is None:
        return ""

    def full(day: dt.date) -> str:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    if end is None or end == start:
        return full(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{full(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {full(end)}"
    return f"{full(start)} – {full(end)}"


def one_edit(a: str, b: str) -> str | None:
    """The characters by which ``a`` and ``b`` differ when they are one edit apart (one character
    added, removed or changed, or two neighbours swapped); None when they are equal or further apart."""
    if len(a) > len(b):
        a, b = b, a
    if a == b or len(b) - len(a) > 1:
        return None
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) != len(b):
        return b[i] if a[i:] == b[i + 1 :] else None
    if a[i + 1 :] == b[i + 1 :]:
        return a[i] + b[i]
    swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i] + b[i] if swapped else None


def likely_misspellings(keys: Iterable[str], min_length: int = 8) -> list[tuple[str, str]]:
    """The pairs of keys one typing mistake apart, each pair once, sorted.

    Keys meet through their variants with one character deleted (a symmetric-delete index), so this
    is linear in the keys' total length, not quadratic in their number. Differences in digits do not
    count (``Speaker 1``, ``Speaker 2``), nor do keys shorter than ``min_length``, where one letter
    tells different names apart (``Li Wei``, ``Li Wen``).
    """
    buckets: dict[str, set[str]] = {}
    for key in set(keys):
        if len(key) >= min_length - 1:
            for variant in {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}:
                buckets.setdefault(variant, set()).add(key)
    pairs: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if 1 < len(bucket) <= 64:  # a crowded variant is no evidence of a typing mistake
            ordered = sorted(bucket)
            for index, a in enumerate(ordered):
                for b in ordered[index + 1 :]:
                    edit = one_edit(a, b)
                    if edit and min(len(a), len(b)) >= min_length and not any(c.isdigit() for c in edit):
                        pairs.add((a, b))
    return sorted(pairs)
