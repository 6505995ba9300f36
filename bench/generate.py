"""Generate a synthetic talknotes site: N notes in events of K notes, T topics, speakers, realistic bodies.

The same arguments always give the same files. ``--plain`` also writes ``plain/conf.py``, a
configuration of plain Sphinx and MyST on the same files, for comparing against the extension.

    python bench/generate.py OUTDIR --notes 1000 --per-event 8 --topics 40
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

WORDS = [
    "cloud",
    "container",
    "cluster",
    "upgrade",
    "network",
    "storage",
    "tenant",
    "operator",
    "release",
    "pipeline",
    "latency",
    "throughput",
    "scheduler",
    "volume",
    "image",
    "registry",
    "policy",
    "quota",
    "service",
    "mesh",
    "gateway",
    "observability",
    "tracing",
    "metrics",
    "logging",
    "rollout",
    "canary",
    "failover",
    "region",
    "zone",
    "backup",
    "community",
    "maintainer",
    "contributor",
    "roadmap",
    "keynote",
    "workshop",
    "panel",
    "migration",
]
KINDS = ("talk", "talk", "talk", "keynote", "panel", "workshop", "lightning", "discussion")
FIRST = ("Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Vint")
LAST = ("Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra")

CONF = '''"""Generated benchmark site, with the talknotes extension."""
import sys
sys.dont_write_bytecode = True
project = "generated"
extensions = ["myst_parser", "talknotes"]
exclude_patterns = ["_build", "plain"]
suppress_warnings = ["myst.header"]
SIDEBARS
'''

PLAIN_CONF = '''"""Generated benchmark site, plain Sphinx and MyST: the extension's directives and roles are stubs."""
import sys
sys.dont_write_bytecode = True
from docutils import nodes
from sphinx.util.docutils import SphinxDirective
project = "generated"
extensions = ["myst_parser"]
exclude_patterns = ["_build", "plain"]
suppress_warnings = ["myst.header"]
SIDEBARS


class Stub(SphinxDirective):
    option_spec = {name: lambda value: value for name in ("event", "topic", "speaker", "kind", "year", "limit", "sort")}

    def run(self):
        return [nodes.paragraph(text="")]


def stub_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    return [nodes.inline(text, text)], []


def setup(app):
    for name in ("notes", "event-index", "topic-index", "speaker-index"):
        app.add_directive(name, Stub)
    for name in ("event", "topic", "speaker"):
        app.add_role(name, stub_role)
'''


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, topic_ids: list[str]) -> str:
    parts = []
    for section in range(rng.randint(2, 3)):
        parts.append(f"## {sentence(rng, 3)[:-1]} {section + 1}\n")
        parts.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))) + "\n")
        if rng.random() < 0.6:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(rng.randint(2, 4))) + "\n")
        if rng.random() < 0.3:
            parts.append("```python\nfor item in range(10):\n    print(item * 2)\n```\n")
    if topic_ids and rng.random() < 0.3:
        parts.append(f"See also {{topic}}`{rng.choice(topic_ids)}`.\n")
    return "\n".join(parts)


def generate(
    out: Path,
    notes: int,
    per_event: int,
    topics: int,
    speakers: int,
    seed: int,
    plain: bool,
    explicit_toctrees: bool,
    sidebars: bool = True,
) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "recaps").mkdir(parents=True)
    topic_ids = [f"topic-{i:03d}" for i in range(topics)]
    registry = []
    for index, topic_id in enumerate(topic_ids):
        registry.append(f"{topic_id}:\n  name: Topic {index:03d} {rng.choice(WORDS).title()}")
        if index >= 5 and rng.random() < 0.3:
            registry.append(f"  broader: [{topic_ids[rng.randrange(0, 5)]}]")
        registry.append(f"  description: {sentence(rng, 10)}")
    (out / "topics.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}" for i in range(speakers)})
    (out / "speakers.yml").write_text("{}\n", encoding="utf-8")

    event_count = max(1, -(-notes // per_event))
    start_day = dt.date(2015, 1, 5)
    toctree = "\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n" if explicit_toctrees else ""
    written = 0
    for event_index in range(event_count):
        event_id = f"event-{event_index:04d}"
        folder = out / "recaps" / event_id
        folder.mkdir()
        start = start_day + dt.timedelta(days=7 * event_index)
        days = rng.randint(0, 2)
        event_topics = rng.sample(topic_ids, k=min(2, len(topic_ids)))
        (folder / "index.md").write_text(
            f"---\nevent:\n  name: Event {event_index:04d} {rng.choice(WORDS).title()}\n"
            f"  start: {start.isoformat()}\n  end: {(start + dt.timedelta(days=days)).isoformat()}\n"
            f"  city: City {rng.randrange(50)}\n  country: Country {rng.randrange(10)}\n"
            f"  attendance: {rng.randint(20, 2000)}\n  organizers: [{rng.choice(people)}]\n"
            f"topics: [{', '.join(event_topics)}]\n---\n\n# Event {event_index:04d}\n\n"
            f"{sentence(rng, 40)}\n{toctree}",
            encoding="utf-8",
        )
        for note_index in range(min(per_event, notes - written)):
            note_topics = rng.sample(topic_ids, k=min(rng.randint(1, 3), len(topic_ids)))
            note_speakers = rng.sample(people, k=rng.randint(1, 2))
            date = start + dt.timedelta(days=rng.randint(0, days))
            (folder / f"note-{note_index:02d}.md").write_text(
                f"---\nkind: {rng.choice(KINDS)}\ndate: {date.isoformat()}\n"
                f"topics: [{', '.join(note_topics)}]\nspeakers: [{', '.join(note_speakers)}]\n"
                f"summary: {sentence(rng, 10)}\n---\n\n# {sentence(rng, 5)[:-1]}\n\n{body(rng, topic_ids)}",
                encoding="utf-8",
            )
            written += 1

    (out / "recaps" / "index.md").write_text(
        "# Events\n\n```{event-index}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*/index\n```\n", encoding="utf-8"
    )
    for folder, directive in (("topics", "topic-index"), ("speakers", "speaker-index")):
        (out / folder).mkdir()
        (out / folder / "index.md").write_text(f"# {folder.title()}\n\n```{{{directive}}}\n```\n", encoding="utf-8")
    (out / "index.md").write_text(
        "# Generated site\n\n## Latest\n\n```{notes}\n:limit: 10\n```\n\n"
        "```{toctree}\nrecaps/index\ntopics/index\nspeakers/index\n```\n",
        encoding="utf-8",
    )
    # Without sidebars: the theme's navigation costs every page time in proportion to the site's size.
    no_sidebars = "" if sidebars else 'html_sidebars = {"**": []}'
    (out / "conf.py").write_text(CONF.replace("SIDEBARS", no_sidebars), encoding="utf-8")
    if plain:
        (out / "plain").mkdir()
        (out / "plain" / "conf.py").write_text(PLAIN_CONF.replace("SIDEBARS", no_sidebars), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--per-event", type=int, default=8)
    parser.add_argument("--topics", type=int, default=40)
    parser.add_argument("--speakers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="also write plain/conf.py for plain Sphinx")
    parser.add_argument("--explicit-toctrees", action="store_true", help="give every event page its own toctree")
    args = parser.parse_args()
    generate(
        args.out, args.notes, args.per_event, args.topics, args.speakers, args.seed, args.plain, args.explicit_toctrees
    )


if __name__ == "__main__":
    main()
