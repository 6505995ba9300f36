"""What an import does to the site: which talks it takes, the pages it creates or updates, and what it reports."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...base.text import is_slug
from ...model.registry import Registry, load_registry
from ..scaffold import EventFields, event_page, note_body
from ..site import Site
from .formats import ReadOptions, read_schedule
from .mapping import People, Topics, is_url, topic_key, topic_keys, topic_slug
from .model import Schedule, ScheduleError, Talk
from .note_text import first_heading, front_matter_lines, imported_notes, note_fields, updated_note
from .plain import ascii_slug, markdown_escaped, note_slug, one_line
from .selection import Selection, select


@dataclass(frozen=True)
class ImportOptions:
    """Everything ``python -m talknotes import`` is told."""

    source: Path  # a file or folder; see ``url``
    url: str = ""  # the address the schedule was downloaded from, when it was
    format: str | None = None
    event: str | None = None  # the event's id (its folder); else made from the schedule's name and year
    event_name: str = ""
    timezone: str = ""
    selection: Selection = field(default_factory=Selection)
    add_topics: bool = False
    update: bool = False


@dataclass
class PageWrite:
    """A page the import writes: its docname, file, full text, and what changed (for an update)."""

    docname: str
    path: Path
    text: str
    created: bool
    talk: Talk | None = None
    changes: list[str] = field(default_factory=list)


@dataclass
class Run:
    """What one import command has planned so far, across its schedules, before anything is written: the
    registries (read once), and the pages planned, so that a later schedule sees them as if written."""

    registry: Registry
    pages: dict[str, PageWrite] = field(default_factory=dict)  # docname -> the page planned
    topics: dict[str, str] = field(default_factory=dict)  # topic_key -> id: registered, and added in the run
    imported: dict[Path, dict[str, tuple[Path, dict[str, Any]]]] = field(default_factory=dict)  # by folder

    def notes_in(self, folder: Path, root: Path, source: str) -> dict[str, tuple[Path, dict[str, Any]]]:
        """The imported notes of an event folder by talk id: on disk, read once per run, and planned."""
        if folder not in self.imported:
            self.imported[folder] = imported_notes(folder, root, source)
        return self.imported[folder]


@dataclass
class Plan:
    """The whole outcome of an import, before anything is written."""

    schedule: Schedule
    event_id: str
    writes: list[PageWrite] = field(default_factory=list)
    unchanged: list[tuple[Talk, Path]] = field(default_factory=list)
    left_out: list[Talk] = field(default_factory=list)  # by the schedule itself: cancelled, declined, breaks
    not_selected: int = 0
    starred_missing: list[str] = field(default_factory=list)
    unregistered: list[str] = field(default_factory=list)
    nameless: list[str] = field(default_factory=list)  # "CODE (talk id)": speakers without a name, left out
    undated: list[Talk] = field(default_factory=list)  # talks the schedule gives no date: their event's start
    placeholders: dict[str, int] = field(default_factory=dict)  # names that stand for nobody -> talks naming them
    unmatched_topics: dict[str, int] = field(default_factory=dict)  # words -> talks naming them
    new_topics: dict[str, str] = field(default_factory=dict)  # id -> name, with --add-topics
    kept_titles: list[str] = field(default_factory=list)  # titles changed in the schedule, left to the note

    def note_findings(self, talk: Talk, people: People, topics: Topics) -> None:
        """Count what the import reports about a talk's people, topics and date."""
        self.nameless += [f"{code} ({talk.id})" for code in people.nameless]
        if not talk.dated:
            self.undated.append(talk)
        for name in people.placeholders:
            self.placeholders[name] = self.placeholders.get(name, 0) + 1
        for name in people.unregistered:
            if name not in self.unregistered:
                self.unregistered.append(name)
        for words in topics.unmatched:
            self.unmatched_topics[words] = self.unmatched_topics.get(words, 0) + 1


def make_plan(site: Site, options: ImportOptions, run: Run | None = None) -> Plan:
    """Read the schedule and decide every page to write; a ScheduleError when it cannot be imported.

    Within a ``run`` of several schedules, the pages planned for the earlier ones count as written."""
    schedule = read_schedule(options.source, options.format, ReadOptions(options.event_name, options.timezone))
    if options.url:
        schedule.source = options.url
    talks, left_out, not_selected, missing = select(schedule, options.selection, options.timezone)
    event_id = options.event or event_id_of(schedule)
    if not is_slug(event_id):
        raise ScheduleError(schedule.source, "--event", f"{event_id!r} is not a lowercase slug such as pycon-fr-2024")
    plan = Plan(schedule, event_id, left_out=left_out, not_selected=not_selected, starred_missing=missing)
    if run is None:
        run = Run(load_registry(site.root / site.topics_file, site.root / site.speakers_file))
    if not run.topics:
        run.topics = topic_keys(run.registry)
    plan.new_topics = new_topics(talks, run.registry, run.topics) if options.add_topics else {}
    folder = event_folder(site, schedule, event_id)
    event_docname = site.layout.event_page(event_id)
    if not site.path_of(event_docname).is_file() and event_docname not in run.pages:
        plan.writes.append(new_event_page(site, schedule, event_id))
    existing = run.notes_in(folder, site.root, schedule.source)
    taken = {path.stem for path in folder.glob("*.md")} | {"index"}
    taken |= {page.path.stem for page in run.pages.values() if page.path.parent == folder}
    for talk in talks:
        found = existing.get(talk.id) or next((existing[a] for a in talk.aliases if a in existing), None)
        fields, found_people, found_topics = note_fields(talk, schedule, run.registry, run.topics)
        plan.note_findings(talk, found_people, found_topics)
        if found is None:
            slug = free_slug(note_slug(talk.title, talk.id), talk.id, taken)
            taken.add(slug)
            plan.writes.append(new_note(site, event_id, folder / f"{slug}.md", talk, fields))
            existing[talk.id] = (folder / f"{slug}.md", fields)  # a later schedule of the run finds it
        elif options.update and found[0].is_file():
            plan_update(plan, site, talk, *found, fields)
        else:
            plan.unchanged.append((talk, found[0]))
    for write in plan.writes:
        run.pages[write.docname] = write
    return plan


def event_folder(site: Site, schedule: Schedule, event_id: str) -> Path:
    """The folder of the event's notes; a ScheduleError when a file or a dangling link has its name."""
    folder = site.root / site.layout.events_dir / event_id
    for place in (folder.parent, folder):
        if (place.exists() and not place.is_dir()) or (place.is_symlink() and not place.exists()):
            raise ScheduleError(
                schedule.source,
                "--event",
                f"{place.relative_to(site.root)} is a file or a dangling link, not a folder: the event's notes go "
                "in a folder of that name; move it aside",
            )
    return folder


def new_note(site: Site, event_id: str, path: Path, talk: Talk, fields: dict[str, Any]) -> PageWrite:
    """The page of a talk not imported before: its front matter and the body of a programme entry."""
    body = note_body(fields["kind"], markdown_escaped(talk.title), imported=True)
    text = "\n".join(["---", *front_matter_lines(fields), "---", "", *body])
    return PageWrite(site.layout.note_page(event_id, path.stem), path, text, True, talk)


def plan_update(
    plan: Plan, site: Site, talk: Talk, path: Path, current: dict[str, Any], fields: dict[str, Any]
) -> None:
    """With ``--update``: the schedule's changes to an imported note's front matter; its title stays the note's."""
    update = updated_note(path, current, fields)
    if update is not None:
        text, changes = update
        plan.writes.append(PageWrite(site.layout.note_page(plan.event_id, path.stem), path, text, False, talk, changes))
    else:
        plan.unchanged.append((talk, path))
    title = first_heading(path.read_text(encoding="utf-8"))
    if title is not None and one_line(title) != markdown_escaped(talk.title):
        plan.kept_titles.append(f"{path.name}: the schedule now says {talk.title!r}")


def event_id_of(schedule: Schedule) -> str:
    """An event id from the schedule's name, ending with its year: "PyCon DE 2024" -> pycon-de-2024. A pyvideo
    event folder's own name is its id already, and unique in pyvideo's data: it is kept."""
    folder = Path(schedule.source).name
    if schedule.format == "pyvideo" and is_slug(folder) and not folder.isdigit() and folder not in ("index", "undated"):
        return folder
    name = schedule.conference.title or schedule.conference.acronym
    if not name:
        raise ScheduleError(
            schedule.source, "", "the schedule names no event: give it one with --event-name, or --event ID"
        )
    base = ascii_slug(name)[:60].strip("-") or "event"
    year = str(schedule.conference.start.year) if schedule.conference.start else ""
    return base if not year or year in base else f"{base}-{year}"


def new_event_page(site: Site, schedule: Schedule, event_id: str) -> PageWrite:
    conference = schedule.conference
    if not conference.title:
        raise ScheduleError(schedule.source, "", "the schedule names no event: give it a name with --event-name")
    if conference.start is None:
        raise ScheduleError(schedule.source, "", "the conference has no dates")
    fields = EventFields(
        name=one_line(conference.title),
        start=conference.start.isoformat(),
        end=conference.end.isoformat() if conference.end and conference.end != conference.start else None,
        venue=one_line(conference.venue) or None,
        city=one_line(conference.city) or None,
        website=conference.url if is_url(conference.url) else None,
    )
    source = [
        "source:",
        f"  format: {schedule.format}",
        f"  id: {json.dumps(conference.acronym or event_id, ensure_ascii=False)}",
    ]
    if is_url(schedule.source):
        source.append(f"  url: {json.dumps(schedule.source, ensure_ascii=False)}")  # where it was downloaded from
    text = event_page(fields, extra=tuple(source), placeholder=False)
    text = text.replace(f"\n# {fields.name}\n", f"\n# {markdown_escaped(conference.title)}\n", 1)
    docname = site.layout.event_page(event_id)
    return PageWrite(docname, site.root / f"{docname}.md", text, True)


def new_topics(talks: Iterable[Talk], registry: Registry, known: dict[str, str]) -> dict[str, str]:
    """With --add-topics: each track or tag that names no topic becomes one, new id -> name (the first spelling
    seen); ``known`` (``topic_key`` -> id, the registry's and those added earlier in the run) takes them too."""
    added: dict[str, str] = {}
    ids = set(registry.topics) | set(known.values())
    for talk in talks:
        for words in (talk.track, *talk.tags):
            words = one_line(words)
            if not words or registry.find_topic(words) or topic_key(words) in known:
                continue
            topic_id = topic_slug(words) or "topic"
            # An id is a spelling too: no other topic may be named like it, case and punctuation aside.
            if not is_slug(topic_id) or topic_id == "index" or topic_id in ids or topic_key(topic_id) in known:
                topic_id = free_slug(topic_id if is_slug(topic_id) else "topic", words, ids)
            ids.add(topic_id)
            known[topic_key(words)] = topic_id
            known.setdefault(topic_key(topic_id), topic_id)
            added[topic_id] = words
    return added


def free_slug(slug: str, ident: str, taken: set[str]) -> str:
    """``slug``, or with the talk's id, or a number, added: the first not taken."""
    if slug not in taken:
        return slug
    with_id = f"{slug}-{ascii_slug(ident)[:20]}".strip("-")
    if is_slug(with_id) and with_id not in taken:
        return with_id
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"
