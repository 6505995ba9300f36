"""``python -m talknotes import``: plan the import, check every page as the build would, then write all or nothing."""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from ..cli import Site, check_site, report
from ..text import plural
from .formats import download
from .model import ScheduleError
from .plan import ImportOptions, Plan, make_plan


def run_import(site: Site, options: ImportOptions, dry_run: bool = False) -> int:
    """Import as ``options`` say; 0 when done (or nothing to do), 1 when a page would be wrong, 2 when the
    schedule cannot be imported. Nothing is written unless everything is right."""
    try:
        if options.url:
            with tempfile.TemporaryDirectory() as folder:
                url = options.url
                downloaded = download(url, Path(folder))
                try:
                    plan = make_plan(site, replace(options, source=downloaded, url=url))
                except ScheduleError as error:  # name the address, not the file it was saved in
                    raise ScheduleError(url, error.where, error.message) from None
        else:
            plan = make_plan(site, options)
    except ScheduleError as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 2
    topics_text = topics_file_text(site, plan)
    problems = validate(site, plan, topics_text)
    if problems:
        report(site, problems)
        print(f"nothing was written: the imported pages would have {plural(len(problems), 'problem')}", file=sys.stderr)
        return 1
    if not dry_run:
        for write in plan.writes:
            write.path.parent.mkdir(parents=True, exist_ok=True)
            write.path.write_text(write.text, encoding="utf-8")
        if topics_text is not None:
            (site.root / site.topics_file).write_text(topics_text, encoding="utf-8")
    print(summary(site, plan, dry_run))  # after writing: a closed output must not stop the import half-way
    return 0


def topics_file_text(site: Site, plan: Plan) -> str | None:
    """topics.yml with the topics --add-topics adds at its end; None when it adds none."""
    if not plan.new_topics:
        return None
    path = site.root / site.topics_file
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if text.strip() in ("{}", ""):
        text = "\n".join(line for line in text.splitlines() if line.strip() != "{}") + "\n"
    entries = [
        f"\n{topic_id}:\n  name: {json.dumps(name, ensure_ascii=False)}"
        for topic_id, name in sorted(plan.new_topics.items())
    ]
    return text.rstrip("\n") + "\n" + "".join(entries) + "\n"


def validate(site: Site, plan: Plan, topics_text: str | None) -> list:
    """The problems the build would report on the pages written (and on topics.yml, when topics are added)."""
    extra = {write.docname: write.text for write in plan.writes}
    if topics_text is None:
        problems = check_site(site, extra)
    else:
        with tempfile.TemporaryDirectory() as folder:
            topics = Path(folder) / Path(site.topics_file).name
            topics.write_text(topics_text, encoding="utf-8")
            problems = check_site(site, extra, topics_file=topics)
    return [p for p in problems if p.docname in extra]


def summary(site: Site, plan: Plan, dry_run: bool) -> str:
    """What the import does (or would do), and what a person should look at next."""
    conference = plan.schedule.conference
    dates = f"{conference.start} to {conference.end}" if conference.end != conference.start else f"{conference.start}"
    verb = "would create" if dry_run else "created"
    lines = [
        f"{plan.schedule.source} ({plan.schedule.format}): {conference.title or plan.event_id}, {dates}, "
        f"{plural(len(plan.schedule.talks), 'talk')}"
    ]
    for write in plan.writes:
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
    if plan.unregistered:
        lines.append(
            f"people not in {site.speakers_file} (each gets a person page; register them to merge spellings): "
            + ", ".join(plan.unregistered)
        )
    if plan.nameless:
        lines.append("speakers the schedule gives no name, left out: " + ", ".join(plan.nameless))
    if not plan.writes and not dry_run:
        lines.append("nothing to write: the site has every selected talk")
    return "\n".join(lines)
