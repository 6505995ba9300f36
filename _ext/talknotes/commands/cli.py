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
import sys
from pathlib import Path
from typing import Any

from ..base.text import did_you_mean, is_slug, parse_date
from ..model import todo
from ..model.registry import load_registry
from ..model.schema import KINDS
from .scaffold import EVENT_MAPPING_KEYS, EventFields, NoteFields, event_page, note_page
from .site import SettingsError, Site, check_site, checked_site, report


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
    fields = EventFields(
        args.name,
        args.start,
        **{key: getattr(args, key) for key in EVENT_MAPPING_KEYS},
        topics=tuple(csv(args.topics)),
        summary=args.summary,
    )
    return create(site, site.layout.event_page(args.id), event_page(fields))


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
    fields = NoteFields(
        args.title,
        args.kind,
        args.date,
        tuple(csv(args.speakers)),
        tuple(csv(args.topics)),
        args.slides,
        args.video,
        args.summary,
    )
    return create(site, site.layout.note_page(args.event, args.slug), note_page(fields))


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
    from .importer.formats import all_formats

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
        choices=sorted(all_formats()),
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
    from .importer.plan import ImportOptions
    from .importer.selection import Selection

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
    try:
        return args.run(args)
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
