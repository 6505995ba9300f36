"""Generate a synthetic talknotes site: N notes in events of K notes, T topics, speakers, realistic bodies.

The same arguments always give the same files. Two kinds of site:

- a standalone site (Sphinx, MyST and talknotes, the default theme), for the tests;
- with ``--grow``, the repository's own site (its conf.py, Furo, navigation, every extension and
  its real content) with the generated events added to ``recaps/`` and the generated topics to
  ``topics.yml``: what a reader's build of the knowledge base would be at that size. It also
  writes ``plain/conf.py`` (the same configuration without talknotes, its directives and roles
  as stubs) and ``floor/conf.py`` (plain, with no navigation at all), and commits the site to
  git, since the real configuration dates pages from git.

    python bench/generate.py OUTDIR --notes 1000 --per-event 8 --topics 40
    python bench/generate.py OUTDIR --notes 10000 --grow
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
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
# The first words of topic names, none of them in WORDS: a reader who types one finds the notes on those topics
# by their cards (bench/reader.py's typical word), not every note by its text.
TOPIC_WORDS = (
    "accessibility", "benchmarking", "caching", "compilers", "databases", "debugging", "documentation", "education",
    "embedded", "encryption", "firmware", "graphics", "hardware", "identity", "licensing", "localization",
    "messaging", "mobile", "packaging", "parsing", "privacy", "profiling", "provisioning", "queues", "robotics",
    "sandboxing", "search", "security", "serialization", "signing", "streaming", "testing", "typing",
    "virtualization", "visualization", "webassembly", "telemetry", "scheduling", "recovery", "governance",
)  # fmt: skip
FIRST = ("Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia", "Vint")
LAST = ("Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra")

CONF = """\"\"\"Generated test site, with the talknotes extension.\"\"\"
import sys
sys.dont_write_bytecode = True
project = "generated"
extensions = ["myst_parser", "talknotes"]
exclude_patterns = ["_build", "plain", "floor"]
suppress_warnings = ["myst.header"]
"""

# The extension's directives and roles as stubs, for plain Sphinx on the same files.
STUBS = """
from docutils import nodes as _nodes
from sphinx.util.docutils import SphinxDirective as _SphinxDirective


class _Stub(_SphinxDirective):
    option_spec = {name: str for name in ("event", "topic", "speaker", "kind", "year", "limit", "sort")}

    def run(self):
        return [_nodes.paragraph(text="")]


def _stub_role(name, rawtext, text, lineno, inliner, options=None, content=()):
    return [_nodes.inline(text, text)], []


def _no_navigation(app, pagename, templatename, context, doctree):
    context["toctree"] = lambda **kwargs: ""


def _event_toctree(app, docname, source):
    # What talknotes does for an event page without a toctree: list the pages of its folder.
    parts = docname.split("/")
    if len(parts) == 3 and parts[0] == "recaps" and parts[2] == "index" and "{toctree}" not in source[0]:
        source[0] += "\\n\\n```{toctree}\\n:hidden:\\n:glob:\\n\\n*\\n```\\n"


def setup(app):
    for name in ("notes", "event-index", "topic-index", "speaker-index", "series-index"):
        app.add_directive(name, _Stub)
    for name in ("event", "topic", "speaker"):
        app.add_role(name, _stub_role)
    app.connect("source-read", _event_toctree)
    if NO_NAVIGATION:
        # Furo renders the navigation even with no sidebar shown: the floor renders none.
        app.connect("html-page-context", _no_navigation, priority=400)
"""

# The real site's configuration, read from the site's conf.py, without talknotes.
GROWN_VARIANT = (
    """\"\"\"DOC\"\"\"
import runpy
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent
_conf = runpy.run_path(str(SITE / "conf.py"))
globals().update({key: value for key, value in _conf.items() if not key.startswith("__")})
extensions = [name for name in extensions if name != "talknotes"]
exclude_patterns = [*exclude_patterns, "plain", "floor"]
# Paths in conf.py are relative to the folder of conf.py.
html_favicon = str(SITE / html_favicon)
NO_NAVIGATION = NONAV
SIDEBARS
"""
    + STUBS
)

STANDALONE_VARIANT = (
    """\"\"\"Generated test site, plain Sphinx and MyST, with stubs for the extension.\"\"\"
import sys
sys.dont_write_bytecode = True
project = "generated"
extensions = ["myst_parser"]
exclude_patterns = ["_build", "plain", "floor"]
suppress_warnings = ["myst.header"]
NO_NAVIGATION = False
"""
    + STUBS
)

REPO = Path(__file__).resolve().parent.parent
# What a copy of the repository's site needs: the site's files, and the test site that the
# reference page includes examples from.
SITE_FILES = ("conf.py", "index.md", "topics.yml", "speakers.yml", "docs", "recaps", "topics", "speakers", "series",
              "diagrams", "_static", "tests/roots/test-basic", "package.json")  # fmt: skip


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


def write_corpus(
    out: Path,
    notes: int,
    per_event: int,
    topics: int,
    speakers: int,
    seed: int,
    explicit_toctrees: bool,
    speakers_per_note: int = 0,
) -> str:
    """Write the events and notes into ``out/recaps``; return the topics registry entries, as YAML.

    Each note has one or two speakers drawn at random, or with ``speakers_per_note``, that many in turn
    from the list of people, so that every person speaks once the notes have enough places."""
    rng = random.Random(seed)
    (out / "recaps").mkdir(parents=True, exist_ok=True)
    topic_ids = [f"topic-{i:03d}" for i in range(topics)]
    registry = []
    for index, topic_id in enumerate(topic_ids):
        # Names that start with many letters, as an archive's tags do: the topics overview's A–Z index splits by them.
        registry.append(f"{topic_id}:\n  name: {rng.choice(TOPIC_WORDS).title()} {index:03d}")
        if index >= 5 and rng.random() < 0.3:
            registry.append(f"  broader: [{topic_ids[rng.randrange(0, 5)]}]")
        registry.append(f"  description: {sentence(rng, 10)}")
    people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}" for i in range(speakers)})

    event_count = max(1, -(-notes // per_event))
    start_day = dt.date(2015, 1, 5)
    toctree = "\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n" if explicit_toctrees else ""
    written = 0
    for event_index in range(event_count):
        event_id = f"event-{event_index:04d}"
        folder = out / "recaps" / event_id
        folder.mkdir()
        # About fifty events a year, as a team that goes to one a week.
        start = start_day + dt.timedelta(days=7 * event_index)
        days = rng.randint(0, 2)
        event_topics = rng.sample(topic_ids, k=min(2, len(topic_ids)))
        (folder / "index.md").write_text(
            f"---\nevent:\n  name: Event {event_index:04d} {rng.choice(WORDS).title()}\n"
            f"  start: {start.isoformat()}\n  end: {(start + dt.timedelta(days=days)).isoformat()}\n"
            f"  city: City {rng.randrange(50)}\n  country: Country {rng.randrange(10)}\n"
            f"  attendance: {rng.randint(20, 2000)}\n  organizers: [{rng.choice(people)}]\n"
            # Thirteen recurring series, four editions a year each (no draw: the rest stays as it was).
            f"  series: Series {event_index % 13:02d}\n"
            f"topics: [{', '.join(event_topics)}]\n---\n\n# Event {event_index:04d}\n\n"
            f"{sentence(rng, 40)}\n{toctree}",
            encoding="utf-8",
        )
        for note_index in range(min(per_event, notes - written)):
            note_topics = rng.sample(topic_ids, k=min(rng.randint(1, 3), len(topic_ids)))
            if speakers_per_note:
                first = written * speakers_per_note
                note_speakers = [people[(first + k) % len(people)] for k in range(speakers_per_note)]
            else:
                note_speakers = rng.sample(people, k=rng.randint(1, 2))
            date = start + dt.timedelta(days=rng.randint(0, days))
            (folder / f"note-{note_index:02d}.md").write_text(
                f"---\nkind: {rng.choice(KINDS)}\ndate: {date.isoformat()}\n"
                f"topics: [{', '.join(note_topics)}]\nspeakers: [{', '.join(note_speakers)}]\n"
                f"summary: {sentence(rng, 10)}\n---\n\n# {sentence(rng, 5)[:-1]}\n\n{body(rng, topic_ids)}",
                encoding="utf-8",
            )
            written += 1
    return "\n".join(registry) + "\n"


def generate(
    out: Path,
    notes: int,
    per_event: int,
    topics: int,
    speakers: int,
    seed: int,
    plain: bool,
    explicit_toctrees: bool,
    speakers_per_note: int = 0,
) -> None:
    """A standalone site of generated content only, with the default theme (for the tests)."""
    if out.exists():
        shutil.rmtree(out)
    registry = write_corpus(out, notes, per_event, topics, speakers, seed, explicit_toctrees, speakers_per_note)
    (out / "topics.yml").write_text(registry, encoding="utf-8")
    (out / "speakers.yml").write_text("{}\n", encoding="utf-8")
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
    (out / "conf.py").write_text(CONF, encoding="utf-8")
    if plain:
        (out / "plain").mkdir()
        (out / "plain" / "conf.py").write_text(STANDALONE_VARIANT, encoding="utf-8")


def grow(out: Path, notes: int, per_event: int = 8, topics: int = 40, speakers: int = 300, seed: int = 1) -> None:
    """The repository's site, configuration and content, with ``notes`` generated notes added."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, out / name)
    shutil.copytree(REPO / "_ext", out / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    if (REPO / "node_modules").is_dir():
        # Mermaid served from the site, as in a real build.
        (out / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    registry = write_corpus(out, notes, per_event, topics, speakers, seed, explicit_toctrees=False)
    with (out / "topics.yml").open("a", encoding="utf-8") as file:
        file.write("\n" + registry)
    variants = {
        "plain": ("The site's configuration without talknotes: Furo and its full navigation.", False, ""),
        "floor": ("The site's configuration without talknotes and without any navigation: the floor.", True,
                  'html_sidebars = {"**": []}'),
    }  # fmt: skip
    for name, (doc, no_navigation, sidebars) in variants.items():
        (out / name).mkdir()
        text = GROWN_VARIANT.replace("DOC", doc).replace("NONAV", str(no_navigation)).replace("SIDEBARS", sidebars)
        (out / name / "conf.py").write_text(text, encoding="utf-8")
    commit(out, "generated site")


def commit(site: Path, message: str) -> None:
    """Commit everything, so that sphinx-last-updated-by-git dates every page, as on Read the Docs."""
    git = ["git", "-C", str(site), "-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    if not (site / ".git").exists():
        subprocess.run([*git, "init", "-q"], check=True)
    (site / ".gitignore").write_text("_build/\nnode_modules\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", message], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--per-event", type=int, default=8)
    parser.add_argument("--topics", type=int, default=40)
    parser.add_argument("--speakers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--speakers-per-note", type=int, default=0, help="that many speakers a note, in turn")
    parser.add_argument("--plain", action="store_true", help="also write plain/conf.py for plain Sphinx")
    parser.add_argument("--explicit-toctrees", action="store_true", help="give every event page its own toctree")
    parser.add_argument("--grow", action="store_true", help="add the notes to a copy of the repository's own site")
    args = parser.parse_args()
    if args.grow:
        grow(args.out, args.notes, args.per_event, args.topics, args.speakers, args.seed)
        return
    generate(
        args.out,
        args.notes,
        args.per_event,
        args.topics,
        args.speakers,
        args.seed,
        args.plain,
        args.explicit_toctrees,
        args.speakers_per_note,
    )


if __name__ == "__main__":
    main()
