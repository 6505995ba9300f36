"""From a schedule's words to the site's: a session type to a note kind, tracks and tags to topics, names
to registered people, links to slides and video."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...base.text import fold
from ...model.registry import Registry
from ...model.schema import URL as URL_RULE
from .model import Talk
from .plain import ascii_slug, is_placeholder_name, split_people

# A session type to a note kind: the first rule whose words the type contains (case ignored). The
# contributor guide shows this table; a type that matches none, or no type, gives "note".
KIND_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("keynote", ("keynote", "plenary")),
    ("lightning", ("lightning", "ignite", "pecha kucha", "pechakucha", "flash talk")),
    ("panel", ("panel",)),
    ("workshop", ("workshop", "tutorial", "hands-on", "hands on", "training", "lab", "sprint", "masterclass")),
    ("discussion", ("discussion", "bof", "birds of a feather", "open space", "round table", "roundtable", "fishbowl",
                    "unconference", "meetup", "q&a", "ama")),
    ("talk", ("talk", "presentation", "lecture", "session", "paper", "vortrag", "conférence", "conference", "charla")),
)  # fmt: skip
SLIDES = re.compile(
    r"slide|deck|speakerdeck\.com|slideshare\.net|docs\.google\.com/presentation|\.pdf(?:$|\?)|\.pptx?(?:$|\?)|\.key(?:$|\?)",
    re.IGNORECASE,
)
VIDEO = re.compile(
    r"video|recording|youtube\.com|youtu\.be|vimeo\.com|media\.ccc\.de|peertube|archive\.org/details", re.IGNORECASE
)
URL = re.compile(URL_RULE["pattern"])  # the content model's own rule for a URL field


def kind_of(session_type: str) -> str:
    """The note kind of a session type ("Talk (long)" -> talk, "Hands-on tutorials" -> workshop): whole words,
    or their plurals, so that "Amazing session" is a talk and not an AMA."""
    words = fold(session_type)
    for kind, markers in KIND_RULES:
        if any(re.search(rf"(?<!\w){re.escape(marker)}(?:s|es)?(?!\w)", words) for marker in markers):
            return kind
    return "note"


def materials(talk: Talk) -> tuple[str | None, str | None]:
    """The talk's slides and video, from its links (by their type, title or address), first of each."""
    slides = video = None
    for link in talk.links:
        if not URL.match(link.url):
            continue
        said = f"{link.kind} {link.title}"
        if video is None and (link.kind == "video" or VIDEO.search(said) or VIDEO.search(link.url)):
            video = link.url
        elif slides is None and (SLIDES.search(said) or SLIDES.search(link.url)):
            slides = link.url
    return slides, video


@dataclass(frozen=True)
class People:
    """A talk's speakers as the note names them: registered names where the registry knows them."""

    names: tuple[str, ...]
    unregistered: tuple[str, ...]
    nameless: tuple[str, ...]  # the codes of speakers the schedule gives no name
    placeholders: tuple[str, ...] = ()  # names that stand for nobody ("Various speakers", "TBA"), left out


def people(talk: Talk, registry: Registry) -> People:
    """A talk's speakers: each field split into the people it names (``split_people``), registered spellings
    where the registry knows them, names that stand for nobody left out."""
    names: list[str] = []
    unregistered: list[str] = []
    nameless: list[str] = []
    placeholders: list[str] = []
    for person in talk.speakers:
        found = split_people(person.name)
        if not found:
            nameless.append(person.code)
            continue
        for written in found:
            if is_placeholder_name(written):
                placeholders.append(written)
                continue
            speaker_id = registry.find_speaker(written)
            name = registry.speakers[speaker_id].name if speaker_id in registry.speakers else written
            if name not in names:
                names.append(name)
                if speaker_id is None:
                    unregistered.append(name)
    return People(tuple(names), tuple(unregistered), tuple(nameless), tuple(placeholders))


@dataclass(frozen=True)
class Topics:
    """A talk's topics: the ids its track and tags name in the registry, and the words that name none."""

    ids: tuple[str, ...]
    unmatched: tuple[str, ...]


def topic_key(words: str) -> str:
    """Words as a tag or track names a topic, with case, punctuation and a hashtag's "#" aside: "Machine
    Learning", "machine-learning", "#machine_learning" name one topic; "C++", "C#" and "C" three."""
    return " ".join(re.sub(r"[^\w+#]+|_+", " ", fold(words).lstrip("#")).split())


def topic_slug(words: str) -> str:
    """A new topic's id from its words: "C++" gives c-plus-plus and "C#" c-sharp, not the "c" of "C"."""
    spelled = re.sub(r"(?<=\w)#", " sharp ", words.lstrip("#")).replace("+", " plus ")
    return ascii_slug(spelled)[:60].strip("-")


def topic_keys(registry: Registry) -> dict[str, str]:
    """Every registered topic by the ``topic_key`` of its id, name and aliases."""
    keys: dict[str, str] = {}
    for topic in registry.topics.values():
        for spelling in (topic.id, topic.name, *topic.aliases):
            keys.setdefault(topic_key(spelling), topic.id)
    return keys


def topics(talk: Talk, registry: Registry, known: dict[str, str]) -> Topics:
    """A talk's topics from its track and tags: ``known`` maps the ``topic_key`` of every registered topic's
    spellings, and of the topics the import adds (--add-topics), to their ids."""
    ids: list[str] = []
    unmatched: list[str] = []
    for words in (talk.track, *talk.tags):
        words = " ".join(words.split())
        if not words:
            continue
        topic_id = registry.find_topic(words) or known.get(topic_key(words))
        if topic_id is None:
            if words not in unmatched:
                unmatched.append(words)
        elif topic_id not in ids:
            ids.append(topic_id)
    return Topics(tuple(ids), tuple(unmatched))


def is_url(text: str) -> bool:
    return bool(URL.match(text))
