"""``python -m talknotes import``: plan the import, check every page as the build would, then write all or nothing."""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ...base.files import write_all
from ...base.text import fold, plural
from ...base.warnings_ import Problem, Subtype, collecting
from ...model.consistency import similar_names
from ...model.registry import load_registry
from ..site import Site, check_reading, read_site, report, site_registry
from .formats import download
from .model import ScheduleError
from .names import Merge, describe, merged_text, merges
from .plan import ImportOptions, PageWrite, Plan, Run, make_plan


def expand(source: Path) -> list[Path]:
    """The schedules a path given to the command stands for: itself, or, for a folder of pyvideo event
    folders (a checkout of pyvideo's data, or its ``data/`` folder), every event folder in it, by name."""
    if not source.is_dir() or is_pyvideo_event(source):
        return [source]
    events = sorted(
        child
        for child in source.iterdir()
        if child.is_dir() and not child.name.startswith(".") and is_pyvideo_event(child)  # .schemas, .tests
    )
    if not events and (source / "data").is_dir():
        return expand(source / "data")
    return events or [source]  # not a folder of events: reading it says why


def is_pyvideo_event(folder: Path) -> bool:
    return (folder / "category.json").is_file() or (folder / "videos").is_dir()


class Progress:
    """Where the import is, on one line of a terminal (event n of N, talks so far); silent elsewhere."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.shown = sys.stderr.isatty() and total > 1
        self.talks = 0

    def step(self, number: int, name: str) -> None:
        if self.shown:
            line = f"reading {number:,} of {self.total:,}: {name[:50]} ({plural(self.talks, 'talk')} so far)"
            print(f"\r\033[K{line}", end="", file=sys.stderr, flush=True)

    def say(self, text: str) -> None:
        if self.shown:
            print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def run_import(
    site: Site, options: ImportOptions | list[ImportOptions], dry_run: bool = False, merge_similar: bool = False
) -> int:
    """Import as ``options`` say, one schedule each; 0 when done (or nothing to do), 1 when a page would be
    wrong, 2 when a schedule cannot be imported. Nothing is written unless everything is right, and the whole
    site is checked once, at the end."""
    every = options if isinstance(options, list) else [options]
    run = Run(load_registry(site.root / site.topics_file, site.root / site.speakers_file))
    plans: list[Plan] = []
    errors: list[ScheduleError] = []
    progress = Progress(len(every))
    for number, one in enumerate(every, start=1):
        progress.step(number, one.url or one.source.name)
        try:
            plans.append(plan_one(site, one, run))
            progress.talks += len(plans[-1].schedule.talks)
        except ScheduleError as error:
            errors.append(error)
    progress.done()
    if errors:
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        what = "a schedule" if len(errors) == 1 else f"{len(errors):,} schedules"
        print(f"nothing was written: {what} cannot be imported", file=sys.stderr)
        return 2
    writes = [write for plan in plans for write in plan.writes]
    new_topics = {k: v for plan in plans for k, v in plan.new_topics.items()}
    topics_text = topics_file_text(site, new_topics)
    outcome = Outcome([], [], None)
    if writes or topics_text is not None:
        progress.say(f"checking {plural(len(site.docs) + len(writes), 'page')} as the build would...")
        outcome = validate(site, writes, topics_text, merge_similar)
        progress.done()
    if outcome.problems:
        report(site, outcome.problems)
        count = plural(len(outcome.problems), "problem")
        print(f"nothing was written: the imported pages would have {count}", file=sys.stderr)
        return 1
    if not dry_run:
        files = {write.path: write.text for write in writes}
        if topics_text is not None:
            files[site.root / site.topics_file] = topics_text
        if outcome.speakers_text is not None:
            files[site.root / site.speakers_file] = outcome.speakers_text
        try:
            write_all(files)  # every page and registry, or none
        except OSError as error:
            print(f"error: cannot write {error.filename or 'the pages'}: {error.strerror or error}", file=sys.stderr)
            print("nothing was written: free some space (or fix the permissions) and import again", file=sys.stderr)
            return 2
    # After writing: a closed output must not stop the import half-way.
    print("\n".join(summary(site, plan, dry_run, brief=len(plans) > 1) for plan in plans))
    if len(plans) > 1:
        print(f"in all: {plural(len(plans), 'schedule')}, {plural(sum(len(p.schedule.talks) for p in plans), 'talk')}, "
              f"{plural(len(writes), 'page')} {'to write' if dry_run else 'written'}")  # fmt: skip
    if names := names_report(site, plans, outcome, dry_run, merge_similar):
        print(names)
    return 0


def plan_one(site: Site, options: ImportOptions, run: Run) -> Plan:
    """The plan of one schedule, downloaded first when it is an address."""
    if not options.url:
        return make_plan(site, options, run)
    with tempfile.TemporaryDirectory() as folder:
        downloaded = download(options.url, Path(folder))
        try:
            return make_plan(site, replace(options, source=downloaded), run)
        except ScheduleError as error:  # name the address, not the file it was saved in
            raise ScheduleError(options.url, error.where, error.message) from None


def topics_file_text(site: Site, new_topics: dict[str, str]) -> str | None:
    """topics.yml with the topics --add-topics adds at its end; None when it adds none."""
    if not new_topics:
        return None
    path = site.root / site.topics_file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text.strip() in ("{}", ""):
        text = "\n".join(line for line in text.splitlines() if line.strip() != "{}") + "\n"
    entries = [
        f"\n{topic_id}:\n  name: {json.dumps(name, ensure_ascii=False)}"
        for topic_id, name in sorted(new_topics.items())
    ]
    return text.rstrip("\n") + "\n" + "".join(entries) + "\n"


MERGE_ROUNDS = 5  # of near-duplicates settled, each against the names the one before registered


@dataclass
class Outcome:
    """What checking the imported pages found: the problems that stop the import, the near-duplicate names
    (which do not), and speakers.yml as --merge-similar rewrites it."""

    problems: list[Problem]
    merges: list[Merge]
    speakers_text: str | None


def validate(site: Site, writes: list[PageWrite], topics_text: str | None, merge_similar: bool) -> Outcome:
    """The problems the build would report on the pages written (and on topics.yml, when topics are added),
    read once for the whole site. Near-duplicate names are not among them: they are reported, and with
    ``merge_similar`` settled in speakers.yml, which the pages are then checked against."""
    extra = {write.docname: write.text for write in writes}
    reading = read_site(site, extra)
    with tempfile.TemporaryDirectory() as folder:
        topics = None
        if topics_text is not None:
            topics = Path(folder) / Path(site.topics_file).name
            topics.write_text(topics_text, encoding="utf-8")
        with collecting() as registry_problems:
            registry = site_registry(site, topics)
        order = {docname: n for n, docname in enumerate([*sorted(site.docs), *extra])}
        # Settling one round of pairs registers names, and a name one letter from a registered one is a pair
        # of its own (a chain: 'Ajith Kumar', 'Ajit Kumar', 'Ajit Kumarr'): rounds go on until none is left.
        found: list[Merge] = []
        speakers_text = None
        source = site.root / site.speakers_file
        for _round in range(MERGE_ROUNDS):
            more = merges(similar_names(reading.records, registry), registry, set(extra), order)
            if not more:
                break
            found += more
            speakers_text = merged_text(source, more)
            source = Path(folder) / f"round-{_round}-{Path(site.speakers_file).name}"
            source.write_text(speakers_text, encoding="utf-8")
            with collecting() as registry_problems:
                registry = site_registry(site, topics, source)
        if not merge_similar:
            speakers_text = None
            with collecting() as registry_problems:
                registry = site_registry(site, topics)
        problems = reading.problems + registry_problems + check_reading(site, reading, registry)[0]
    keep = [p for p in problems if p.docname in extra and p.subtype is not Subtype.SIMILAR_NAME]
    return Outcome(keep, found, speakers_text)


def names_report(site: Site, plans: list[Plan], outcome: Outcome, dry_run: bool, merge_similar: bool) -> str:
    """The people the import left out or could not tell apart, said once for the whole run."""
    lines: list[str] = []
    placeholders: dict[str, Counter[str]] = {}  # folded -> each spelling's count
    for plan in plans:
        for name, count in plan.placeholders.items():
            placeholders.setdefault(fold(name), Counter())[name] += count
    if placeholders:
        listed = ", ".join(
            f"{spellings.most_common(1)[0][0]!r} ({spellings.total():,})"
            for _, spellings in sorted(placeholders.items())
        )
        lines.append(f"names that stand for nobody, left out of the speakers: {listed}")
    if outcome.merges:
        if merge_similar:
            verb = "would settle" if dry_run else "settled"
            lines.append(f"{verb} {plural(len(outcome.merges), 'near-duplicate name')} in {site.speakers_file}:")
            for merge in outcome.merges:
                lines.append(f"  {merge.key}: {merge.name!r}, also {', '.join(map(repr, merge.aliases))}")
        else:
            where = lambda docname: site.path_of(docname).relative_to(site.root).as_posix()  # noqa: E731
            lines.append(
                f"{plural(len(outcome.merges), 'near-duplicate name')}: the build warns about each "
                f"(talknotes.similar-name) until {site.speakers_file} says whether they are one person"
            )
            for merge in outcome.merges:
                lines += describe(merge, where)
    return "\n".join(lines)


def summary(site: Site, plan: Plan, dry_run: bool, brief: bool = False) -> str:
    """What the import does (or would do), and what a person should look at next; ``brief`` (one schedule of
    many) counts the pages and people instead of naming each."""
    conference = plan.schedule.conference
    dates = f"{conference.start} to {conference.end}" if conference.end != conference.start else f"{conference.start}"
    verb = "would create" if dry_run else "created"
    lines = [
        f"{plan.schedule.source} ({plan.schedule.format}): {conference.title or plan.event_id}, {dates}, "
        f"{plural(len(plan.schedule.talks), 'talk')}"
    ]
    created = [write for write in plan.writes if write.created]
    if brief and created:
        folder = created[0].path.parent.relative_to(site.root).as_posix()
        lines.append(f"{verb} {plural(len(created), 'page')} in {folder}/")
    for write in plan.writes:
        if brief and write.created:
            continue
        where = write.path.relative_to(site.root).as_posix()
        code = f"  ({write.talk.id})" if write.talk else ""
        if write.created:
            lines.append(f"{verb} {where}{code}")
        else:
            lines.append(f"{'would update' if dry_run else 'updated'} {where}{code}")
            lines += [f"    {change}" for change in write.changes]
    if plan.unchanged:
        hint = "" if any(not w.created for w in plan.writes) else " (--update refreshes their metadata)"
        lines.append(f"already there: {plural(len(plan.unchanged), 'note')}{hint}")
    lines += [f"title kept: {text}" for text in plan.kept_titles]
    if plan.left_out:
        lines.append(
            "left out by the schedule: " + "; ".join(f"{t.id} {t.title!r} ({t.left_out})" for t in plan.left_out)
        )
    if plan.not_selected:
        lines.append(f"left out by the selection: {plural(plan.not_selected, 'talk')}")
    if plan.starred_missing:
        lines.append("starred but not in the schedule: " + "; ".join(repr(t) for t in plan.starred_missing))
    if plan.new_topics:
        lines.append(
            f"{'would add' if dry_run else 'added'} to {site.topics_file}: "
            + ", ".join(f"{i} ({n})" for i, n in sorted(plan.new_topics.items()))
        )
    if plan.unmatched_topics:
        listed = ", ".join(f"{words!r} ({count})" for words, count in sorted(plan.unmatched_topics.items()))
        lines.append(
            f"tracks and tags that name no topic in {site.topics_file}: {listed}; add them as topics or aliases, "
            "or import with --add-topics"
        )
    if plan.unregistered and brief:
        lines.append(f"people not in {site.speakers_file}: {len(plan.unregistered):,} (each gets a person page)")
    elif plan.unregistered:
        lines.append(
            f"people not in {site.speakers_file} (each gets a person page; register them to merge spellings): "
            + ", ".join(plan.unregistered)
        )
    if plan.undated:
        lines.append(
            f"{plural(len(plan.undated), 'talk')} without a date in the schedule, dated by the event's start: "
            + "; ".join(f"{t.id} {t.title!r}" for t in plan.undated[:5])
            + (f" and {len(plan.undated) - 5:,} more" if len(plan.undated) > 5 else "")
        )
    if plan.nameless:
        lines.append("speakers the schedule gives no name, left out: " + ", ".join(plan.nameless))
    if not plan.writes and not dry_run:
        lines.append("nothing to write: the site has every selected talk")
    return "\n".join(lines)
