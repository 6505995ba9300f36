"""The talknotes command line: scaffold events and notes, and check all content without a Sphinx build.

    python -m talknotes check [--root DIR]
    python -m talknotes new event ID --name NAME --start YYYY-MM-DD [--end ...] [--city ...] [--topics a,b]
    python -m talknotes new note EVENT-ID SLUG --title TITLE [--kind talk] [--speakers "A, B"] [--topics a,b]
                                 [--date ...] [--slides URL] [--video URL] [--summary ...]
    python -m talknotes import SCHEDULE... [--event ID] [--only CODES] [--starred FILE.ics] [--day D] [--track T]
                                 [--room R] [--add-topics] [--update] [--dry-run]

Both use the extension's own reading and validation code, so they report the same problems, with
the same subtypes, as the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from myst_parser.config.main import MdParserConfig
from sphinx.config import eval_config_file
from sphinx.project import EXCLUDE_PATHS, Project
from sphinx.util import docname_join

from ..base.files import without_unsafe_characters
from ..base.settings import Layout
from ..base.text import did_you_mean, format_date_range, is_slug, parse_date
from ..base.warnings_ import Problem, collecting
from ..base.writeup import body_of, event_outline_comments, has_writing, outline_comments
from ..model import todo
from ..model.consistency import check_consistency
from ..model.frontmatter import FrontMatterLayout, front_matter_layout, source_for_myst
from ..model.graph import Graph, build_graph
from ..model.records import PageReader, PageRecord
from ..model.registry import Registry, load_registry
from ..model.schema import KINDS
from ..sphinx.domain import find_target, warn_unknown_target
from ..sphinx.encoding import read_page, warn_unread_files
from .scan import Scanner, myst_config


@dataclass
class Site:
    """A talknotes site on disk, as its conf.py describes it."""

    root: Path
    layout: Layout = field(default_factory=Layout)
    topics_file: str = "topics.yml"
    speakers_file: str = "speakers.yml"
    suffixes: tuple[str, ...] = (".md",)
    myst: MdParserConfig = field(default_factory=MdParserConfig)
    docs: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Site:
        namespace = eval_config_file(root / "conf.py", tags=None) if (root / "conf.py").is_file() else {}
        site = cls(
            root=root,
            layout=Layout(
                namespace.get("talknotes_events_dir", "recaps"),
                namespace.get("talknotes_topics_dir", "topics"),
                namespace.get("talknotes_speakers_dir", "speakers"),
            ),
            topics_file=namespace.get("talknotes_topics_file", "topics.yml"),
            speakers_file=namespace.get("talknotes_speakers_file", "speakers.yml"),
            myst=myst_config(namespace),
        )
        suffixes = namespace.get("source_suffix", {".md": "markdown"})
        site.suffixes = tuple(suffixes) if isinstance(suffixes, (dict, list, tuple)) else (suffixes,)
        project = Project(root, list(site.suffixes))
        exclude = [*EXCLUDE_PATHS, *namespace.get("exclude_patterns", [])]
        project.discover(exclude, namespace.get("include_patterns", ["**"]))
        site.docs = {docname: Path(project.doc2path(docname, absolute=True)) for docname in project.docnames}
        return site

    def path_of(self, docname: str) -> Path:
        return self.docs.get(docname, self.root / f"{docname}.md")


@dataclass
class Document:
    """What the build reads from one Markdown page, read here without Sphinx."""

    docname: str
    title: str | None
    title_heading: tuple[int, int] | None
    uses: list[dict[str, Any]]
    refs: list[tuple[str, str, int]]
    docs: list[tuple[str, int]]


def read_document(docname: str, text: str, scanner: Scanner, layout: FrontMatterLayout | None) -> Document:
    """A page as the build reads it: what MyST's parser finds in it."""
    text = text.lstrip("\ufeff")
    text = source_for_myst(text, layout)  # as the build gives it to MyST
    scanned = scanner.scan(docname, text)
    return Document(docname, scanned.title, scanned.title_heading, scanned.uses, scanned.refs, scanned.docs)


@dataclass
class SiteReading:
    """Every page of a site as the build reads it, and the problems reading found: what the checks across
    pages and ``make todo`` work on."""

    texts: dict[str, str]
    records: dict[str, PageRecord]
    documents: list[Document]
    problems: list[Problem]

    @property
    def uses(self) -> dict[str, list[dict[str, Any]]]:
        return {document.docname: document.uses for document in self.documents}


def read_site(site: Site, extra: dict[str, str] | None = None) -> SiteReading:
    """Read every page of the site (plus ``extra`` pages, docname -> text) as the build does."""
    with collecting() as problems:
        warn_unread_files(site.root, site.layout.events_dir, site.suffixes)
        texts = {}
        for docname, path in site.docs.items():
            text = read_page(path, site.root, docname)
            if text is not None:  # else left out, as the build leaves it out
                texts[docname] = without_unsafe_characters(text, docname)
        texts.update(extra or {})
        records, documents = {}, []
        scanner = Scanner(site.myst)
        for docname in sorted(texts):
            layout = front_matter_layout(texts[docname].lstrip("\ufeff"))
            document = read_document(docname, texts[docname], scanner, layout)
            documents.append(document)
            reader = PageReader(docname, layout, site.layout)
            written = has_writing(body_of(texts[docname], layout.block_lines if layout else 0))
            record = reader.read(document.title, written, document.title_heading)
            if record is not None:
                records[docname] = record
    return SiteReading(texts, records, documents, problems)


def site_registry(site: Site, topics_file: Path | None = None, speakers_file: Path | None = None) -> Registry:
    """The site's registries (or others in their place), read as the build reads them, warnings collected."""
    return load_registry(topics_file or site.root / site.topics_file, speakers_file or site.root / site.speakers_file)


def check_reading(site: Site, reading: SiteReading, registry: Registry) -> tuple[list[Problem], Graph]:
    """The problems across pages of what was read, with ``registry``: unknown events and topics, dates,
    similar names, targets of roles; and the graph they were found in."""
    with collecting() as problems:
        graph = build_graph(reading.records, registry, site.layout)
        check_consistency(
            graph,
            reading.records,
            set(reading.texts),
            site.layout,
            reading.uses,
            source_of=lambda docname: (
                site.docs[docname].relative_to(site.root).as_posix() if docname in site.docs else docname
            ),
        )
        for document in reading.documents:
            for typ, target, line in document.refs:
                if find_target(graph, typ, target) is None:
                    warn_unknown_target(graph, typ, target, (document.docname, line))
    for document in reading.documents:
        for written, line in document.docs:
            if linked_document(document.docname, written, site.suffixes) not in reading.texts:
                # Sphinx's own warning, foreseen: the same words and type as the build's.
                problems.append(
                    Problem(None, f"unknown document: {written!r}", (document.docname, line), sphinx_type="ref.doc")
                )
    return problems, graph


def linked_document(docname: str, written: str, suffixes: tuple[str, ...]) -> str:
    """The document a ``{doc}`` link names, as Sphinx resolves it: relative to the linking page's folder,
    or to the site's root when it starts with '/'."""
    target = written.strip()
    for suffix in suffixes:
        target = target.removesuffix(suffix)
    return docname_join(docname, target)


def check_site(site: Site, extra: dict[str, str] | None = None, topics_file: Path | None = None) -> list[Problem]:
    """Every content problem of the site (plus ``extra`` pages, docname -> text, and with ``topics_file`` in
    place of the site's topics), as the build reports them."""
    return checked_site(site, extra, topics_file)[0]


def checked_site(
    site: Site, extra: dict[str, str] | None = None, topics_file: Path | None = None
) -> tuple[list[Problem], SiteReading, Graph]:
    """``check_site``, with what was read and the graph."""
    reading = read_site(site, extra)
    with collecting() as registry_problems:
        registry = site_registry(site, topics_file)
    problems, graph = check_reading(site, reading, registry)
    return reading.problems + registry_problems + problems, reading, graph


def report(site: Site, problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(site.path_of), file=sys.stderr)


def command_check(args: argparse.Namespace) -> int:
    site = Site.load(args.root)
    problems, reading, graph = checked_site(site)
    report(site, problems)
    print(f"checked {len(site.docs)} pages: {len(problems)} problem(s)", file=sys.stderr)
    if left := todo.counts(todo.todo(reading.records, graph)):  # not problems: the build passes all the same
        print(f"left to write: {left} (make todo lists them)", file=sys.stderr)
    return 1 if problems else 0


def command_todo(args: argparse.Namespace) -> int:
    """What is left to write, event by event (or for one event)."""
    site = Site.load(args.root)
    _, reading, graph = checked_site(site)
    items = todo.todo(reading.records, graph)
    if args.event:
        if args.event not in graph.events:
            print(f"unknown event {args.event!r}{did_you_mean(args.event, graph.events)}", file=sys.stderr)
            return 2
        items = [item for item in items if item.event_id == args.event]
    lines = todo.report(items, lambda docname: site.path_of(docname).relative_to(site.root).as_posix())
    print("\n".join(lines) if lines else "nothing left to write")
    if left := todo.counts(items):
        print(f"in all: {left}")
    return 0


def csv(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"


def event_sections(start: dt.date, end: dt.date | None) -> list[str]:
    """One section for a one-day event; one per day (a week at most) for a longer one."""
    days = (end - start).days + 1 if end and end > start else 1
    if days == 1:
        return ["The day"]
    if days > 7:
        return ["The days"]
    dates = [start + dt.timedelta(days=n) for n in range(days)]
    return [f"Day {n}: {day:%A} {format_date_range(day, None)}" for n, day in enumerate(dates, start=1)]


def event_page(args: argparse.Namespace, extra: tuple[str, ...] = (), placeholder: bool = True) -> str:
    """An event page: its front matter from ``args`` (plus ``extra`` lines), and a body with a section per day.

    Without ``placeholder``, an event with no summary gets none (an import has no sentence to offer)."""
    lines = ["---", "event:", f"  name: {json.dumps(args.name, ensure_ascii=False)}", f"  start: {args.start}"]
    for key in ("end", "venue", "city", "region", "country", "website", "series"):
        value = getattr(args, key)
        if value:
            lines.append(f"  {key}: {value if key == 'end' else json.dumps(value, ensure_ascii=False)}")
    if csv(args.topics):
        lines.append(f"topics: {yaml_list(csv(args.topics))}")
    if args.summary:
        lines.append(f"summary: {json.dumps(args.summary, ensure_ascii=False)}")
    elif placeholder:
        lines.append("# summary: one sentence about the event, shown wherever it is listed")
    start, end = parse_date(args.start), parse_date(args.end) if args.end else None
    sections = [*event_sections(start, end), "What comes next"] if start else ["What comes next"]
    lines += [*extra, "---", "", f"# {args.name}", "", *event_outline_comments(sections), ""]
    return "\n".join(lines)


def note_page(args: argparse.Namespace) -> str:
    lines = ["---", f"kind: {args.kind}"]
    if args.date:
        lines.append(f"date: {args.date}")
    if csv(args.speakers):
        lines.append(f"speakers: {yaml_list(csv(args.speakers))}")
    lines.append(f"topics: {yaml_list(csv(args.topics))}")
    for key in ("slides", "video"):
        if getattr(args, key):
            lines.append(f"{key}: {json.dumps(getattr(args, key), ensure_ascii=False)}")
    if args.summary:
        lines.append(f"summary: {json.dumps(args.summary, ensure_ascii=False)}")
    else:
        lines.append("# summary: one sentence shown wherever this note is listed")
    return "\n".join([*lines, "---", "", *note_body(args.kind, args.title)])


def note_body(kind: str, title: str, *, imported: bool = False) -> list[str]:
    """The body of a new note: its title, and the outline of its kind as comments, which readers never see."""
    return [f"# {title}", "", *outline_comments(kind, imported=imported), ""]


def unknown_topics(site: Site, topics: str | None) -> list[str]:
    """Messages for topics that topics.yml lacks: a scaffold may only name topics that exist."""
    registry = load_registry(site.root / site.topics_file, site.root / site.speakers_file)
    messages = []
    for name in csv(topics):
        if registry.find_topic(name) is None:
            messages.append(
                f"unknown topic {name!r}{did_you_mean(name, registry.topic_spellings())}: add it to "
                f'{site.topics_file} first (see "Add a topic" in docs/contributing.md), or leave it out '
                "[talknotes.unknown-topic]"
            )
    return messages


def create(site: Site, docname: str, text: str) -> int:
    """Write a new page after checking it exactly as the build would; refuse it when anything is wrong."""
    path = site.root / f"{docname}.md"
    if path.exists():
        print(f"{path}: already exists; choose another id", file=sys.stderr)
        return 1
    problems = [p for p in check_site(site, {docname: text}) if p.docname == docname]
    if problems:
        report(site, problems)
        print(f"{path} was not created", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"created {path.relative_to(site.root)}")
    return 0


def command_new_event(args: argparse.Namespace) -> int:
    site = Site.load(args.root)
    if not is_slug(args.id):
        print(
            f"{args.id!r} is not a lowercase slug such as openstack-day-toronto-2017 [talknotes.bad-id]",
            file=sys.stderr,
        )
        return 1
    for key in ("start", "end"):
        value = getattr(args, key)
        if value and parse_date(value) is None:
            print(
                f"--{key} must be an ISO date such as 2016-11-22, not {value!r} [talknotes.bad-date]", file=sys.stderr
            )
            return 1
    if refused := unknown_topics(site, args.topics):
        print("\n".join(refused), file=sys.stderr)
        return 1
    return create(site, site.layout.event_page(args.id), event_page(args))


def command_new_note(args: argparse.Namespace) -> int:
    site = Site.load(args.root)
    events = sorted(event for d in site.docs if (event := site.layout.event_of_page(d)) is not None)
    if args.event not in events:
        print(
            f"unknown event {args.event!r}{did_you_mean(args.event, events)} [talknotes.unknown-event]", file=sys.stderr
        )
        return 1
    if not is_slug(args.slug):
        print(f"{args.slug!r} is not a lowercase slug such as upgrades-panel [talknotes.bad-id]", file=sys.stderr)
        return 1
    if refused := unknown_topics(site, args.topics):
        print("\n".join(refused), file=sys.stderr)
        return 1
    return create(site, site.layout.note_page(args.event, args.slug), note_page(args))


TOPICS_HELP = "comma-separated topics, each an id, name or alias in topics.yml"
# The optional fields each command takes, with what they mean; the event's location fields and
# its website are written in its ``event:`` mapping, in this order.
EVENT_OPTIONS = {
    "end": "the last day, YYYY-MM-DD, for an event of several days",
    "venue": "the building or place",
    "city": "the city",
    "region": "the region, state or province",
    "country": "the country",
    "website": "the event's own site, an http(s) URL",
    "series": "the series it is an edition of, as its other editions name it (PyCon FR)",
    "topics": TOPICS_HELP,
    "summary": "one sentence shown wherever the event is listed",
}
NOTE_OPTIONS = {
    "date": "the day of the session, YYYY-MM-DD, within the event's dates",
    "speakers": 'comma-separated names, as billed ("Jane Doe, John Roe")',
    "topics": TOPICS_HELP,
    "slides": "the slides' address, an http(s) URL",
    "video": "the recording's address, an http(s) URL",
    "summary": "one sentence shown wherever the note is listed",
}


def add_import_command(commands: Any) -> None:
    from .importer import frab, ical, pyvideo, sessionize  # noqa: F401  (each registers its format)
    from .importer.formats import FORMATS

    command = commands.add_parser(
        "import",
        help="import a conference schedule: the event page and a note per talk",
        description="Import a conference schedule: the event page (when new) and a note stub per selected talk. "
        "Run it again to add what is new; --update refreshes the metadata of notes already imported. "
        "Nothing is written when anything is wrong. See 'Import a schedule' in docs/contributing.md.",
    )
    command.add_argument(
        "schedule",
        nargs="+",
        help="schedules: files, pyvideo event folders, a folder of them (pyvideo's data), or http(s) addresses; "
        "checked together, written all or nothing",
    )
    command.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="the schedule's format, when telling it from the content is not enough",
    )
    command.add_argument("--event", help="the event's id (its folder); default: from the schedule's name and year")
    command.add_argument("--event-name", default="", help="the event's name, for schedules that have none (Sessionize)")
    command.add_argument("--timezone", default="", help="the conference's time zone (Europe/Berlin), for .ics in UTC")
    command.add_argument("--only", help="comma-separated talk ids (pretalx codes, guids, UIDs): these talks only")
    command.add_argument(
        "--starred", type=Path, help="an .ics of starred sessions (pretalx's export): these talks only"
    )
    command.add_argument("--day", help="comma-separated days, as dates (2024-04-22) or numbers from 1")
    command.add_argument("--track", help="comma-separated track names")
    command.add_argument("--room", help="comma-separated room names")
    command.add_argument(
        "--add-topics", action="store_true", help="add tracks and tags that name no topic to topics.yml"
    )
    command.add_argument("--update", action="store_true", help="refresh the metadata of notes imported before")
    command.add_argument(
        "--merge-similar",
        action="store_true",
        help="settle near-duplicate names in speakers.yml: the most used spelling is the name, the others aliases",
    )
    command.add_argument("--dry-run", action="store_true", help="show what would be written, and write nothing")
    command.set_defaults(run=command_import)


def command_import(args: argparse.Namespace) -> int:
    from .importer.command import expand, run_import
    from .importer.plan import ImportOptions, Selection

    selection = Selection(
        only=tuple(csv(args.only)),
        starred=args.starred,
        days=tuple(csv(args.day)),
        tracks=tuple(csv(args.track)),
        rooms=tuple(csv(args.room)),
    )
    sources: list[tuple[Path, str]] = []
    for given in args.schedule:
        if given.startswith(("http://", "https://")):
            sources.append((Path(given), given))  # downloaded first
        else:
            sources += [(path, "") for path in expand(Path(given))]
    if len(sources) > 1 and (selection != Selection() or args.event or args.event_name):
        print(
            "--event, --event-name, --only, --starred, --day, --track and --room are about one schedule: "
            f"give one schedule, not {len(sources):,}",
            file=sys.stderr,
        )
        return 2
    options = [
        ImportOptions(
            source=path,
            url=address,
            format=args.format,
            event=args.event,
            event_name=args.event_name,
            timezone=args.timezone,
            selection=selection,
            add_topics=args.add_topics,
            update=args.update,
        )
        for path, address in sources
    ]
    return run_import(Site.load(args.root), options, dry_run=args.dry_run, merge_similar=args.merge_similar)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m talknotes",
        description=__doc__.splitlines()[0],
        epilog="Run it from the site's folder with PYTHONPATH=_ext (the make targets do): "
        "PYTHONPATH=_ext .venv/bin/python -m talknotes new note --help",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the site's folder (where conf.py is)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "check",
        help="check every page and registry, without a build",
        description="Report every problem the build reports about content, at the same file and line, in "
        "seconds: front matter, registries, titles, {notes} options, talknotes roles, {doc} links, files that "
        "are not read, characters no output can hold. Not checked: {ref} labels and the rest of Sphinx's "
        "reference resolution, and MyST's own Markdown warnings; run `make html` for those.",
    ).set_defaults(run=command_check)
    left = commands.add_parser(
        "todo",
        help="what is left to write: talks without notes, recaps, summaries, people to register",
        description="List, event by event, the talks imported without notes, the events without a recap, the "
        "notes without a summary and the people not in speakers.yml. None of it stops the build.",
    )
    left.add_argument("--event", help="only this event (its id)")
    left.set_defaults(run=command_todo)
    new = commands.add_parser("new", help="create an event or a note").add_subparsers(dest="what", required=True)
    event = new.add_parser("event", help="create recaps/<id>/index.md", description="Create an event page.")
    event.add_argument("id", help="the event's id: lowercase words and dashes, ending with the year (pycon-fr-2024)")
    event.add_argument("--name", required=True, help="the event's name as billed")
    event.add_argument("--start", required=True, help="the first day, YYYY-MM-DD")
    for key, explained in EVENT_OPTIONS.items():
        event.add_argument(f"--{key}", help=explained)
    event.set_defaults(run=command_new_event)
    kinds = ", ".join(KINDS)
    note = new.add_parser(
        "note",
        help="create recaps/<event-id>/<slug>.md",
        description=f"Create a note. Its body has sections for its kind ({kinds}).",
    )
    note.add_argument("event", help="the id of an existing event (its folder's name)")
    note.add_argument("slug", help="the note's file name: lowercase words and dashes (upgrades-panel)")
    note.add_argument("--title", required=True, help="the session's title")
    note.add_argument("--kind", default="talk", help=f"one of {kinds} (default: talk)")
    for key, explained in NOTE_OPTIONS.items():
        note.add_argument(f"--{key}", help=explained)
    note.set_defaults(run=command_new_note)
    add_import_command(commands)
    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.run(args)
