"""Loading and validating the topic and speaker registries (``topics.yml``, ``speakers.yml``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from ..base import yamltext
from ..base.files import page_bytes, without_unsafe_characters
from ..base.text import MAX_SLUG_BYTES, fold, is_slug, slugify
from ..base.warnings_ import Subtype, warn
from .frontmatter import FrontMatterLayout, clean, record_positions, warn_unsafe
from .schema import SPEAKER_VALIDATOR, TOPIC_VALIDATOR, EditorLoader, flagged, schema_problems

RESERVED_IDS = frozenset({"index"})
# A registry of 100,000 people is about 10 MB; far beyond it is a mistake (or a link to a device).
MAX_REGISTRY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Topic:
    """An entry of topics.yml."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Speaker:
    """A person named in notes, registered in speakers.yml or not."""

    id: str
    name: str
    registered: bool = True
    aliases: tuple[str, ...] = ()
    links: tuple[str, ...] = ()


@dataclass
class Registry:
    """Both registries, with case-insensitive lookup of every id, name and alias."""

    topics: dict[str, Topic] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)
    topic_lookup: dict[str, str] = field(default_factory=dict)
    speaker_lookup: dict[str, str] = field(default_factory=dict)
    # The slug of every registered spelling: a name that differs from one only in accents, case, spacing or
    # punctuation ("Jose Perez", "josé pérez") stands for the same person without asking.
    speaker_slugs: dict[str, str] = field(default_factory=dict)
    topics_file: Path | None = None
    speakers_file: Path | None = None
    # False when topics.yml exists but cannot be used: its own warning says why, once.
    topics_usable: bool = True

    def find_topic(self, text: str) -> str | None:
        return self.topic_lookup.get(fold(text))

    def find_speaker(self, name: str) -> str | None:
        """The registered person a name stands for: by a name or alias, case and spacing aside, else by a
        spelling that differs only in accents or punctuation; None when nobody registered is meant."""
        return self.speaker_lookup.get(fold(name)) or self.speaker_slugs.get(slugify(name))

    def topic_spellings(self) -> list[str]:
        return sorted({s for t in self.topics.values() for s in (t.id, t.name, *t.aliases)})


class _RegistryFile:
    """One YAML registry file: its entries, with the line of every key for warnings."""

    def __init__(self, path: Path, label: str, noun: str) -> None:
        self.path = path
        self.label = label
        self.noun = noun  # what an entry is: "topic" or "speaker"
        self.layout = FrontMatterLayout()
        self.entries: dict[str, Any] = {}
        self.schema_flagged: set[tuple[str | int, ...]] = set()

    def where(self, *keys: str | int) -> str:
        return f"{self.path}:{self.layout.line(*keys)}"

    def say(self, path: tuple[str | int, ...]) -> str:
        """A path of this file in words, for the schema's messages."""
        words = f"{self.noun} {path[0]!r} in {self.label}"
        for part in path[1:]:
            words = f"item {part + 1} of {words}" if isinstance(part, int) else f"{part!r} of {words}"
        return words

    def load(self) -> bool:
        """Parse the file; warn and return False when it cannot be used at all."""
        if not os.path.lexists(self.path):
            return False
        raw = page_bytes(self.path, None, limit=MAX_REGISTRY_BYTES)
        if isinstance(raw, str):
            warn(Subtype.REGISTRY, f"{self.label} {raw}", f"{self.path}:1")
            return False
        text, undecodable = yamltext.decode(raw, self.label)
        if undecodable is not None:
            warn(Subtype.ENCODING, undecodable[0], f"{self.path}:{undecodable[1]}")
        text = without_unsafe_characters(text, lambda line: f"{self.path}:{line}")
        # A registry may be long; what its aliases stand for may not be much more than what it says.
        composed = yamltext.compose(text, max_values=10_000 + 4 * len(text))
        if composed.problem is not None:
            warn(
                Subtype.REGISTRY,
                f"{self.label} {composed.problem.removeprefix('it ')}; its entries are ignored until it is fixed",
                f"{self.path}:{composed.line}",
            )
            return False
        root = composed.root
        try:
            # Values as editors and the schemas read them (dates are text), from the same parse.
            data = EditorLoader("").construct_document(root) if root is not None else None
        except yaml.YAMLError as exc:
            problem = yamltext.yaml_problem(exc, text)
            warn(
                Subtype.REGISTRY,
                f"{self.label} is not valid YAML: {problem}; its entries are ignored until it is fixed",
                f"{self.path}:{yamltext.yaml_line(exc, text)}",
            )
            return False
        if data is None and any(line.lstrip().startswith("#") for line in text.splitlines()):
            return True  # comments only, such as a commented example: a registry with no entries yet
        if data is None:
            warn(
                Subtype.REGISTRY, f"{self.label} is empty; it must map ids to entries, or be removed", f"{self.path}:1"
            )
            return False
        if not isinstance(data, dict):
            warn(
                Subtype.REGISTRY,
                f"{self.label} must be a mapping of ids to entries, not a {type(data).__name__}; "
                "its entries are ignored until it is fixed",
                f"{self.path}:1",
            )
            return False
        record_positions(root, "", self.layout, first_line=1)
        found: list[tuple[tuple[str | int, ...], str]] = []
        data = clean(data, found)
        warn_unsafe(found, self.where, self.say)
        self.warn_duplicates()
        self.entries = data
        return True

    def warn_duplicates(self) -> None:
        """Warn about each id, and each key inside an entry, that the file gives twice: YAML keeps the last."""
        for path, line in self.layout.duplicates:
            if "." not in path:
                warn(
                    Subtype.DUPLICATE_ID,
                    f"{path!r} is defined twice in {self.label}, at line {self.layout.lines[path]} and here; "
                    "YAML keeps only this one: merge them",
                    f"{self.path}:{line}",
                )
            else:  # a key given twice inside an entry: YAML keeps the last value
                key, _, field_path = path.partition(".")
                warn(
                    Subtype.DUPLICATE_KEY,
                    f"{field_path!r} is given twice in {self.noun} {key!r} of {self.label}; the last value is used",
                    f"{self.path}:{line}",
                )

    def entry(self, key: Any, value: Any, validator: Draft202012Validator) -> dict[str, Any] | None:
        """The entry as a mapping (a plain string is its name), after checking id and keys."""
        if not isinstance(key, str) or not is_slug(key) or key in RESERVED_IDS:
            warn(
                Subtype.BAD_ID,
                f"{key!r} in {self.label} is not a usable id: use a lowercase slug such as 'open-source'"
                + (" ('index' is reserved)" if key in RESERVED_IDS else ""),
                self.where(str(key)),
            )
            return None
        if len(key.encode("utf-8")) > MAX_SLUG_BYTES:
            warn(
                Subtype.BAD_ID,
                f"{self.noun} id {key[:40]!r}… in {self.label} is {len(key)} characters long, too long for the name "
                f"of its page: use at most {MAX_SLUG_BYTES}",
                self.where(key),
            )
            return None
        if isinstance(value, str):
            value = {"name": value}
        if value is None:
            value = {}
        if not isinstance(value, dict):
            warn(Subtype.BAD_TYPE, f"{key!r} in {self.label} must be a mapping with a 'name'", self.where(key))
            return None
        problems = schema_problems(value, validator, prefix=(key,), name=self.say)
        for problem in sorted(problems, key=lambda problem: self.layout.line(*problem.path)):
            warn(problem.subtype, problem.message, self.where(*problem.path))
            self.schema_flagged.add(problem.path)
        return value

    def valid_entries(self, validator: Draft202012Validator) -> Iterator[tuple[str, dict[str, Any], str]]:
        """Each usable entry, checked by the schema, with its name (its id when the name is unusable)."""
        for key, value in self.entries.items():
            entry = self.entry(key, value, validator)
            if entry is not None:
                name = self.text(key, entry, "name")
                yield key, entry, name or key

    def text(self, key: str, entry: dict[str, Any], field: str) -> str | None:
        """The field's text, or None where it is absent or the schema rejected it."""
        value = entry.get(field)
        if not isinstance(value, str) or flagged((key, field), self.schema_flagged):
            return None
        return " ".join(value.split()) or None

    def strings(self, key: str, entry: dict[str, Any], field: str) -> tuple[str, ...]:
        """The field's items that the schema accepts; a lone string counts as a list of one."""
        value = entry.get(field)
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        return tuple(
            " ".join(item.split())
            for index, item in enumerate(items)
            if isinstance(item, str) and item.strip() and not flagged((key, field, index), self.schema_flagged)
        )


def load_registry(topics_path: Path, speakers_path: Path) -> Registry:
    """Read both registries, warning about every problem; unusable entries are left out, with a warning."""
    registry = Registry(topics_file=topics_path, speakers_file=speakers_path)
    _load_topics(registry, _RegistryFile(topics_path, topics_path.name, "topic"))
    _load_speakers(registry, _RegistryFile(speakers_path, speakers_path.name, "speaker"))
    return registry


def _claim(lookup: dict[str, str], spelling: str, owner: str) -> str | None:
    """Register ``spelling`` for ``owner``; return the other owner when it is already taken."""
    key = fold(spelling)
    holder = lookup.setdefault(key, owner)
    return None if holder == owner else holder


def _load_topics(registry: Registry, source: _RegistryFile) -> None:
    if not source.load():
        registry.topics_usable = not source.path.exists()
        return
    broader_of: dict[str, tuple[str, ...]] = {}
    for key, entry, name in source.valid_entries(TOPIC_VALIDATOR):
        aliases = source.strings(key, entry, "aliases")
        description = entry.get("description") if not flagged((key, "description"), source.schema_flagged) else None
        clash = next(
            (
                (spelling, other)
                for spelling in (key, name, *aliases)
                if (other := registry.topic_lookup.get(fold(spelling))) not in (None, key)
            ),
            None,
        )
        if clash is not None:
            warn(
                Subtype.TOPIC_COLLISION,
                f"topic {key!r}: {clash[0]!r} is already the id, name or alias of topic {clash[1]!r} "
                f"(line {source.layout.line(clash[1])}; case is ignored); this topic is left out until one of them "
                "is renamed",
                source.where(key),
            )
            continue
        for spelling in (key, name, *aliases):
            _claim(registry.topic_lookup, spelling, key)
        broader_of[key] = source.strings(key, entry, "broader")
        description = description.strip() if isinstance(description, str) and description.strip() else None
        registry.topics[key] = Topic(key, name, aliases, (), description)

    for key, wanted in broader_of.items():
        resolved: list[str] = []
        for index, spelling in enumerate(wanted):
            target = registry.find_topic(spelling)
            if target is None or target == key:
                reason = "is the topic itself" if target == key else "is not a topic"
                warn(
                    Subtype.UNKNOWN_BROADER,
                    f"broader topic {spelling!r} of {key!r} {reason}",
                    source.where(key, "broader", index),
                )
            elif _reaches(target, key, broader_of, registry):
                warn(
                    Subtype.UNKNOWN_BROADER,
                    f"broader topic {spelling!r} of {key!r} makes a cycle; left out",
                    source.where(key, "broader", index),
                )
            elif target not in resolved:
                resolved.append(target)
        topic = registry.topics[key]
        registry.topics[key] = Topic(topic.id, topic.name, topic.aliases, tuple(resolved), topic.description)


def _reaches(start: str, goal: str, broader_of: dict[str, tuple[str, ...]], registry: Registry) -> bool:
    """Whether following 'broader' links already accepted from ``start`` arrives at ``goal``."""
    stack, seen = [start], set()
    while stack:
        current = stack.pop()
        if current == goal:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(registry.topics[current].broader if current in registry.topics else ())
    return False


def _load_speakers(registry: Registry, source: _RegistryFile) -> None:
    if not source.load():
        return
    for key, entry, name in source.valid_entries(SPEAKER_VALIDATOR):
        aliases = source.strings(key, entry, "aliases")
        links = source.strings(key, entry, "links")
        clashes = [(s, other) for s in (key, name, *aliases) if (other := _claim(registry.speaker_lookup, s, key))]
        for spelling, other in clashes:
            warn(
                Subtype.DUPLICATE_ID,
                f"speaker {key!r}: {spelling!r} already names speaker {other!r} (line {source.layout.line(other)}; "
                "case is ignored)",
                source.where(key),
            )
        registry.speakers[key] = Speaker(key, name, aliases=aliases, links=links)
        for spelling in (name, *aliases):
            registry.speaker_slugs.setdefault(slugify(spelling), key)
