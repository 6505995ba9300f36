"""Near-duplicate names in an import: which spellings are probably one person, where each is written, the
``speakers.yml`` lines that settle them, and ``--merge-similar``, which writes those lines.

An archive spells one person several ways ('Johnathan Ellis', 'Jonathan Ellis'); it also has two people
whose names are one letter apart ('Michael Bayer', 'Michael Bauer'). The import never refuses either: it
writes the names as given and says which pairs the build will warn about (``talknotes.similar-name``,
the same rule: ``consistency.similar_names``), so a person decides. ``--merge-similar`` decides for the
most used spelling: it becomes the name, the others its aliases (on a tie, the spelling seen first).

``speakers.yml`` is edited with ruamel.yaml's round trip, which keeps its comments, order and quoting.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...base.text import is_slug, plural
from ...model.consistency import Mention, SimilarNames
from ...model.registry import Registry
from .plain import ascii_slug

SHOWN_PLACES = 3  # files named for each spelling; the rest are counted


@dataclass
class Merge:
    """Spellings that stand for one person: the name they are registered under, and the aliases to add."""

    name: str
    aliases: list[str]
    key: str  # the entry's id in speakers.yml
    registered: bool  # the entry exists already: only aliases are added
    places: dict[str, list[Mention]] = field(default_factory=dict)  # spelling -> where it is written


def merges(found: SimilarNames, registry: Registry, concerned: set[str], order: dict[str, int]) -> list[Merge]:
    """The groups of near-duplicate spellings (``similar_names``) that the pages in ``concerned`` take part
    in; ``order`` gives each page's place in the import, for "seen first"."""
    parent: dict[str, str] = {}

    def root(slug: str) -> str:
        while parent.get(slug, slug) != slug:
            slug = parent[slug]
        return slug

    for wrong, right in found.likely.items():
        parent.setdefault(wrong, wrong)
        parent.setdefault(right, right)
        parent[root(wrong)] = root(right)
    groups: dict[str, list[str]] = {}
    for slug in sorted(parent):
        groups.setdefault(root(slug), []).append(slug)
    result: list[Merge] = []
    keys = set(registry.speakers)
    for slugs in groups.values():
        mentioned = [s for s in slugs if s in found.mentions]
        if not any(m.docname in concerned for s in mentioned for m in found.mentions[s]):
            continue
        spelling = {s: written_most(found.mentions[s]) for s in mentioned}
        places = {spelling[s]: found.mentions[s] for s in mentioned}
        registered = next((found.registered[s] for s in slugs if s in found.registered), None)
        if registered is not None:
            key = registry.find_speaker(registered) or ""
            name = registry.speakers[key].name if key in registry.speakers else registered
            result.append(Merge(name, [spelling[s] for s in mentioned], key, True, places))
            continue

        def weight(slug: str) -> tuple[int, int]:
            first = min(order.get(m.docname, len(order)) for m in found.mentions[slug])
            return (-len(found.mentions[slug]), first)

        ranked = sorted(mentioned, key=weight)
        name = spelling[ranked[0]]
        key = free_key(ascii_slug(name) or "person", keys)
        keys.add(key)
        result.append(Merge(name, [spelling[s] for s in ranked[1:]], key, False, places))
    return sorted(result, key=lambda m: m.key)


def written_most(mentions: list[Mention]) -> str:
    """The spelling most pages write of one slug (they differ only in accents or case); the first on a tie."""
    counts = Counter(m.written for m in mentions)
    return max(counts, key=lambda written: (counts[written], -next(i for i, m in enumerate(mentions)
                                                                   if m.written == written)))  # fmt: skip


def free_key(slug: str, taken: set[str]) -> str:
    slug = slug[:60].strip("-") if is_slug(slug[:60].strip("-")) else "person"
    if slug not in taken and slug != "index":
        return slug
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


def yaml_lines(merge: Merge) -> list[str]:
    """The speakers.yml entry that settles a group of unregistered spellings, as --merge-similar writes it."""
    aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in merge.aliases)
    return [f"{merge.key}:", f"  name: {json.dumps(merge.name, ensure_ascii=False)}", f"  aliases: [{aliases}]"]


def describe(merge: Merge, where: Callable[[str], str]) -> list[str]:
    """What the import says of one group: each spelling with where it is written, and how to settle it."""
    spellings = []
    for spelling, mentions in merge.places.items():
        files = [f"{where(m.docname)}:{m.line}" for m in mentions[:SHOWN_PLACES]]
        more = f" and {len(mentions) - SHOWN_PLACES:,} more" if len(mentions) > SHOWN_PLACES else ""
        spellings.append(f"{spelling!r} ({plural(len(mentions), 'page')}: {', '.join(files)}{more})")
    if merge.registered:
        head = f"near-duplicate of {merge.name!r} (registered as {merge.key}): " + "; ".join(spellings)
        settle = f"  the same person? add {', '.join(map(repr, merge.aliases))} to the aliases of {merge.key}"
    else:
        head = "near-duplicate names: " + "; ".join(spellings)
        settle = "  the same person? add to speakers.yml (or import with --merge-similar):"
    lines = [head, settle]
    if not merge.registered:
        lines += [f"    {line}" for line in yaml_lines(merge)]
    lines.append("  two people? register each name in speakers.yml, and the build will not warn")
    return lines


def merged_text(path: Path, found: list[Merge]) -> str:
    """speakers.yml with every merge written: new entries at the end, aliases added to registered ones."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    data = yaml.load(text) if text.strip() else None
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    for merge in found:
        if merge.registered and isinstance(data.get(merge.key), dict):
            entry = data[merge.key]
            aliases = entry.get("aliases")
            if not isinstance(aliases, list):
                aliases = entry["aliases"] = CommentedSeq()
                aliases.fa.set_flow_style()
            aliases.extend(a for a in merge.aliases if a not in aliases)
            continue
        aliases = CommentedSeq(merge.aliases)
        aliases.fa.set_flow_style()
        data[merge.key] = CommentedMap([("name", merge.name), ("aliases", aliases)])
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
