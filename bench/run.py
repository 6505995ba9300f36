"""Benchmark the site as configured against plain Sphinx, on the repository's own site grown with generated notes.

For each size, ``bench/generate.py --grow`` copies the repository's site (its conf.py, Furo, its
navigation, every extension and its real content) and adds generated events and notes. Three
configurations build the same files:

- **talknotes**: the site as configured;
- **floor**: the same configuration without talknotes (its directives and roles as stubs) and
  without any navigation, the least a Sphinx build of these files can cost;
- **plain**: the same configuration without talknotes, with Furo's full navigation, as plain
  Sphinx would build the site; measured only up to ``--full-nav-up-to`` notes (full build only),
  since its cost grows with the square of the site.

talknotes and the floor run alternately (``--runs`` times, medians reported): a full build
(serial, as Read the Docs builds) with its peak memory; a no-op rebuild, a rebuild after a body
edit of one note and one after a change of one note's topics, three rounds of these three in each
run (medians reported), from a full build of their own with the explore index in shards, as
``make livehtml`` builds it for a contributor who edits; a full build with ``-j 2``. Every
build is checked for warnings. The targets are those of docs/performance.md.

After talknotes' full build, ``bench/reader.py`` opens its explore page as a reader would (landing
view, one filter, one word: first results' time, requests and bytes, and a further page's bytes),
and the biggest pages a reader browses are weighed. ``--reader`` sizes (20,000 by default) build
talknotes alone for these figures, beside the sizes compared with the floor.

    python bench/run.py --notes 1000 5000 10000 --out _build/bench
    python bench/run.py --quick          # 1,000 notes, one run
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import commit, grow  # noqa: E402
from reader import default_views, largest_pages  # noqa: E402
from reader import measure as measure_reader  # noqa: E402

# Pages collected at the end of every build (html-collect-pages), by every configuration alike.
SPHINX_OWN = {"genindex.html", "search.html", "404.html"}
READ_THE_DOCS_LIMIT = 15 * 60  # seconds
BENCH_ADDRESS = "https://bench.example/en/latest/"
RUNNER = """
import resource, sys
from sphinx.cmd.build import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"MAXRSS_KB={max(own, children)}", file=sys.stderr)
sys.exit(code)
"""
CONFIGS = {"talknotes": None, "floor": "floor", "plain": "plain"}
NOTE = "recaps/event-0003/note-02.md"
RETOPIC = "recaps/event-0005/note-01.md"
REBUILDS = 3  # rounds of the no-op, body edit and topic change rebuilds in each run (see measure)
PREVIEW = ("-D", "talknotes_explore_shard_pages=1000")  # what make livehtml adds (Makefile)


class BuildTimeoutError(Exception):
    pass


def sphinx(
    src: Path, out: Path, config: str, jobs: int = 1, timeout: float | None = None, options: tuple[str, ...] = ()
) -> tuple[float, int]:
    """Run one build of ``config``; return (seconds, peak RSS in MiB)."""
    command = [sys.executable, "-c", RUNNER, "-b", "html", "-q", "-n", "-j", str(jobs), "-d", f"{out}.doctrees"]
    command += options
    if CONFIGS[config]:
        command += ["-c", str(src / CONFIGS[config])]
    command += [str(src), str(out)]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("TALKNOTES_BASE_URL", "READTHEDOCS_CANONICAL_URL", "FORCE_COLOR"):
        env.pop(name, None)
    # As on Read the Docs, the site's address is known: sitemap, feeds, calendars and link previews are made.
    env["TALKNOTES_BASE_URL"] = BENCH_ADDRESS
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=timeout)
    except subprocess.TimeoutExpired as stopped:
        raise BuildTimeoutError(f"{config} stopped after {timeout:.0f} s") from stopped
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{config} build failed:\n{done.stderr[-3000:]}")
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    if warnings:
        raise SystemExit(f"{config} build warned {len(warnings)} times, first: {warnings[0]}")
    rss = int(re.search(r"MAXRSS_KB=(\d+)", done.stderr).group(1)) // 1024
    return elapsed, rss


def snapshot(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if p.name not in SPHINX_OWN}


def rewritten(before: dict[Path, int], out: Path) -> int:
    return sum(1 for path, mtime in snapshot(out).items() if before.get(path) != mtime)


def toggle_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    marker = "\nAn edited line.\n"
    path.write_text(text.replace(marker, "") if marker in text else text + marker, encoding="utf-8")


def toggle_topics(path: Path, topics: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^topics: .*$", text, re.MULTILINE).group(0)
    new = f"topics: [{topics[1]}]" if topics[0] in line or topics[1] not in line else f"topics: [{topics[0]}]"
    path.write_text(text.replace(line, new), encoding="utf-8")


def fresh(out: Path) -> None:
    for stale in (out, Path(f"{out}.doctrees")):
        shutil.rmtree(stale, ignore_errors=True)


def html_bytes_per_page(out: Path) -> float:
    pages = [p for p in out.rglob("*.html") if p.name not in SPHINX_OWN]
    return sum(p.stat().st_size for p in pages) / len(pages)


def navigation_links(out: Path) -> int:
    """Links in the navigation of one note's page."""
    html = (out / NOTE.replace(".md", ".html")).read_text(encoding="utf-8")
    start = html.find('<div class="sidebar-tree">')
    if start < 0:
        return 0
    return html.count("<a ", start, html.find("</div>", start))


def explore_index(out: Path) -> dict[str, Any] | None:
    """What the explore index's last run recorded (pages, seconds, fingerprint), when the build made one."""
    record = Path(f"{out}.doctrees") / "talknotes-explore" / "html" / "talknotes-index.json"  # run_build's -d
    return json.loads(record.read_text(encoding="utf-8")) if record.is_file() else None


def note_index(result: dict[str, float], measure: str, out: Path, before: dict[str, Any] | None) -> None:
    """What an incremental build's indexing cost: its seconds, and the shards it made again (of all);
    ``before`` is the index's record before the build."""
    index = explore_index(out)
    if before is not None and index is not None:
        again = index != before
        result[f"{measure}_index_s"] = index["seconds"] if again else 0.0
        result[f"{measure}_index_shards"] = len(index.get("indexed", [])) if again else 0
        result["index_shards"] = len(index.get("shards", {}))


PREVIEW_TAG = re.compile(r"<script[^>]*talknotes-previews\.js[^>]*></script>")


def previews_figures(out: Path) -> dict[str, Any] | None:
    """What link previews add: the bytes of the script's tag in a note's page (its only cost per page), and
    the shards a reader fetches, one per first preview of a page in it after index.json."""
    folder = out / "previews"
    if not folder.is_dir():
        return None
    page = (out / NOTE.replace(".md", ".html")).read_text(encoding="utf-8")
    shards = [p.stat().st_size for p in folder.glob("*.json") if p.name != "index.json"]
    return {
        "page_bytes": sum(len(tag.encode("utf-8")) for tag in PREVIEW_TAG.findall(page)),
        "shards": len(shards),
        "largest_shard_bytes": max(shards),
        "mean_shard_bytes": sum(shards) / len(shards),
        "index_bytes": (folder / "index.json").stat().st_size,
    }


def reader_figures(out: Path) -> dict[str, Any]:
    """What a reader pays on the explore page of the clean build in ``out`` (bench/reader.py), and the
    biggest pages a reader browses (contributor documentation aside)."""
    pages = [(path, size) for path, size in largest_pages(out, 50) if not path.startswith("docs/")]
    return {"reader": measure_reader(out, default_views(out)), "largest_pages": pages[:3],
            "previews": previews_figures(out)}  # fmt: skip


def measure(src: Path, work: Path, config: str) -> dict[str, Any]:
    """One run of every measurement for one configuration."""
    out = work / config
    fresh(out)
    result: dict[str, Any] = {}
    result["full"], result["rss_mib"] = sphinx(src, out, config)
    result["pages"] = len(snapshot(out))
    result["bytes_per_page"] = html_bytes_per_page(out)
    result["nav_links"] = navigation_links(out)
    if config == "talknotes":
        result.update(reader_figures(out))
    index = explore_index(out)
    if index is not None:
        result["index_s"], result["index_pages"] = index["seconds"], index["pages"]
        result["index_wait_s"] = index.get("waited", index["seconds"])  # an older record: its whole run
    # The rebuilds are what a contributor's edits cost, in make livehtml: its explore index is in shards, so
    # that an edit re-indexes one (a full build makes one index of the notes, which a reader loads least of).
    preview: tuple[str, ...] = ()
    if config == "talknotes":
        preview = PREVIEW
        fresh(out)
        sphinx(src, out, config, options=preview)
        index = explore_index(out)
    # Rebuilds last about a second at 1,000 notes, where one build's spread is as large as what their targets
    # decide: each is measured REBUILDS times in turn (no-op, body edit, topic change, each edit undoing the one
    # before it), and the median kept; what a rebuild wrote and indexed is the first round's, except that a
    # no-op must rewrite and index nothing in any round.
    edits = {
        "body_edit": lambda: toggle_body(src / NOTE),
        "topic_change": lambda: toggle_topics(src / RETOPIC, ("topic-000", "topic-001")),
    }
    timings: dict[str, list[float]] = {"noop": [], "body_edit": [], "topic_change": []}
    for round_ in range(REBUILDS):
        before = snapshot(out)
        seconds, _ = sphinx(src, out, config, options=preview)
        timings["noop"].append(seconds)
        result["noop_pages"] = max(result.get("noop_pages", 0), rewritten(before, out))
        if index is not None:  # a no-op build must not index again
            result["noop_indexed"] = max(result.get("noop_indexed", 0), int(explore_index(out) != index))
        for name, edit in edits.items():
            edit()
            commit(src, name.replace("_", " "))
            before, index = snapshot(out), explore_index(out)
            seconds, _ = sphinx(src, out, config, options=preview)
            timings[name].append(seconds)
            if round_ == 0:
                result[f"{name}_pages"] = rewritten(before, out)
                note_index(result, name, out, index)
        index = explore_index(out)
    for name, seconds in timings.items():
        result[name] = statistics.median(seconds)
        result[f"{name}_rounds"] = seconds
    parallel = work / f"{config}-j2"
    fresh(parallel)
    result["full_j2"], _ = sphinx(src, parallel, config, jobs=2)
    fresh(parallel)
    return result


def bench(notes: int, runs: int, work: Path, step: str) -> dict[str, Any]:
    """One step at one size: talknotes and the floor (``compare``), plain's full navigation (``plain``), or
    talknotes' full build alone (``talknotes``, for plain's ratio at a size where no compare step ran)."""
    src = work / "site"
    # Six people for every ten notes: 12,000 at 20,000 notes, as an imported archive has (issue 33); a topic
    # for every eight notes, as pyvideo's 21,715 talks have 2,696 tags (an import with --add-topics).
    grow(src, notes=notes, per_event=8, topics=max(40, notes // 8), speakers=max(50, notes * 3 // 5), seed=1)
    if step == "compare":
        return compare(src, work, notes, runs)
    if step == "talknotes":
        fresh(work / "talknotes")
        seconds, rss = sphinx(src, work / "talknotes", "talknotes")
        figures = {"full": seconds, "rss_mib": rss, **reader_figures(work / "talknotes")}
        index = explore_index(work / "talknotes")
        if index is not None:
            figures["index_s"], figures["index_wait_s"] = index["seconds"], index.get("waited", index["seconds"])
        fresh(work / "talknotes")
        return {"talknotes": figures}
    result: dict[str, Any] = {}
    fresh(work / "plain")
    try:
        seconds, rss = sphinx(src, work / "plain", "plain", timeout=READ_THE_DOCS_LIMIT)
        result["plain"] = {"full": seconds, "rss_mib": rss}
    except BuildTimeoutError:
        result["plain"] = {"full": None}
    print(f"  {notes:,} notes: plain with full navigation done", file=sys.stderr, flush=True)
    fresh(work / "plain")
    return result


def compare(src: Path, work: Path, notes: int, runs: int) -> dict[str, Any]:
    """talknotes and the floor, alternately, ``runs`` times: the median of each measurement."""
    samples: dict[str, list[dict[str, float]]] = {"talknotes": [], "floor": []}
    for run in range(runs):
        order = ("talknotes", "floor") if run % 2 == 0 else ("floor", "talknotes")  # alternate who goes first
        for config in order:
            samples[config].append(measure(src, work, config))
            print(f"  {notes:,} notes, run {run + 1}/{runs}: {config} done", file=sys.stderr, flush=True)
    return {config: merge_runs(runs_) for config, runs_ in samples.items()}


def merge_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each measurement over the runs; the rounds of each rebuild, of every run."""
    merged: dict[str, Any] = {}
    for key, first in runs[0].items():
        if isinstance(first, list):
            merged[key] = [seconds for run in runs for seconds in run[key]]
        elif isinstance(first, dict) or first is None:
            merged[key] = first  # figures of what a build wrote (reader's views, previews): the first run's
        else:
            merged[key] = statistics.median(run[key] for run in runs)
    return merged


def row(
    notes: int, measure: str, ext: float, base: float | None, target: float, higher_is_better: bool = False
) -> dict:
    if base is None:
        return {"notes": notes, "measure": measure, "ext": ext, "base": None, "ratio": None, "target": target,
                "met": higher_is_better}  # fmt: skip
    ratio = ext / base if base else float("inf")
    met = ratio >= target if higher_is_better else ratio <= target
    return {"notes": notes, "measure": measure, "ext": round(ext, 3), "base": round(base, 3), "ratio": round(ratio, 3),
            "target": target, "met": met, "higher_is_better": higher_is_better}  # fmt: skip


def summarize(results: dict[int, dict[str, Any]]) -> dict[str, Any]:
    rows = []
    for notes, modes in results.items():
        if "plain" in modes:
            ext, plain = modes["talknotes"]["full"], modes["plain"]["full"]
            # Faster than plain Sphinx with Furo's full navigation: plain / talknotes above 1.
            rows.append({"notes": notes, "measure": "plain with full navigation, full build", "ext": round(ext, 3),
                         "base": plain and round(plain, 3), "ratio": round(plain / ext, 3) if plain else None,
                         "target": 1.0, "met": plain is None or plain > ext, "higher_is_better": True})  # fmt: skip
    complete = {notes: modes for notes, modes in results.items() if "floor" in modes}
    for notes, modes in complete.items():
        ext, floor = modes["talknotes"], modes["floor"]
        rows.append(row(notes, "full build (vs floor)", ext["full"], floor["full"], 1.25))
        rows.append(row(notes, "no-op rebuild", ext["noop"], floor["noop"], 1.10))
        rows.append(row(notes, "one-note body edit", ext["body_edit"], floor["body_edit"], 1.25))
        rows.append(
            row(notes, "one-note topic change (vs floor body edit)", ext["topic_change"], floor["body_edit"], 1.5)
        )
        speedup_ext, speedup_floor = ext["full"] / ext["full_j2"], floor["full"] / floor["full_j2"]
        rows.append(row(notes, "-j 2 speed-up", speedup_ext, speedup_floor, 1.0, higher_is_better=True))
        rows.append(row(notes, "peak memory", ext["rss_mib"], floor["rss_mib"], 1.15))
        if "index_s" in ext:  # Pagefind runs inside talknotes' full build: the share of it spent waiting for Pagefind
            rows.append(
                row(notes, "explore index: the build's wait for it (share)", ext["index_wait_s"], ext["full"], 0.10)
            )
    sizes = sorted(complete)
    smallest, largest = sizes[0], sizes[-1]
    per_note = {n: results[n]["talknotes"]["full"] / n for n in sizes}
    growth = {
        "per_note": round(per_note[largest] / per_note[smallest], 3),
        "bytes_per_page": round(
            results[largest]["talknotes"]["bytes_per_page"] / results[smallest]["talknotes"]["bytes_per_page"], 3
        ),
        "from": smallest,
        "to": largest,
    }
    absolute = {
        "full_s": results[largest]["talknotes"]["full"],
        "rss_mib": results[largest]["talknotes"]["rss_mib"],
        "notes": largest,
    }
    sizes_table = {
        n: {
            "full_s": results[n]["talknotes"]["full"],
            "floor_s": results[n]["floor"]["full"],
            "plain_s": results[n]["plain"]["full"] if "plain" in results[n] else "not run",
            "ms_per_note": 1000 * per_note[n],
            "bytes_per_page": results[n]["talknotes"]["bytes_per_page"],
            "floor_bytes_per_page": results[n]["floor"]["bytes_per_page"],
            "nav_links": results[n]["talknotes"]["nav_links"],
            "previews": results[n]["talknotes"].get("previews"),
            "pages": results[n]["talknotes"]["pages"],
            "floor_pages": results[n]["floor"]["pages"],
            "noop_pages": results[n]["talknotes"]["noop_pages"],
            "body_edit_pages": results[n]["talknotes"]["body_edit_pages"],
            "floor_body_edit_pages": results[n]["floor"]["body_edit_pages"],
            "topic_change_pages": results[n]["talknotes"]["topic_change_pages"],
            "index_s": results[n]["talknotes"].get("index_s"),
            "index_wait_s": results[n]["talknotes"].get("index_wait_s"),
            "noop_indexed": results[n]["talknotes"].get("noop_indexed"),
            "index_shards": results[n]["talknotes"].get("index_shards"),
            "body_edit_index_s": results[n]["talknotes"].get("body_edit_index_s"),
            "body_edit_index_shards": results[n]["talknotes"].get("body_edit_index_shards"),
            "topic_change_index_s": results[n]["talknotes"].get("topic_change_index_s"),
            "topic_change_index_shards": results[n]["talknotes"].get("topic_change_index_shards"),
        }
        for n in sizes
    }
    return {"rows": rows, "growth": growth, "absolute": absolute, "sizes": sizes_table, "reader": reader_table(results),
            "raw": results}  # fmt: skip


# A reader's budgets on the explore page, and a page's (issue 33), at every size.
FIRST_RESULTS_S = 1.0
FIRST_REQUESTS = 30
FIRST_BYTES = 500 * 1000
MORE_BYTES = 200 * 1000
PAGE_BYTES = 200 * 1000


def reader_table(results: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each size's explore views (first results: seconds, requests, bytes; a further page's bytes) and its
    biggest page, with whether each is within its budget."""
    table = {}
    for notes, modes in sorted(results.items()):
        figures = modes.get("talknotes", {})
        if "reader" not in figures:
            continue
        views = {}
        for name, view in figures["reader"].items():
            more = view.get("more", {}).get("bytes")
            views[name] = {
                "seconds": view["ms"] / 1000, "requests": view["requests"], "bytes": view["bytes"],
                "more_bytes": more, "loaded_bytes": view.get("loaded", {}).get("bytes"),
                "met": view["ms"] / 1000 <= FIRST_RESULTS_S and view["requests"] <= FIRST_REQUESTS
                and view["bytes"] <= FIRST_BYTES and (more is None or more <= MORE_BYTES),
            }  # fmt: skip
        path, size = figures["largest_pages"][0] if figures["largest_pages"] else ("", 0)
        share = figures["index_wait_s"] / figures["full"] if "index_wait_s" in figures else None
        table[notes] = {"views": views, "largest_page": path, "largest_page_bytes": size,
                        "largest_page_met": size <= PAGE_BYTES, "index_share": share}  # fmt: skip
    return table


def markdown(summary: dict[str, Any]) -> str:
    lines = [
        "| notes | talknotes full build | floor | plain, full navigation | per note | HTML per page | "
        "navigation links on a note | pages (floor) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for notes, s in summary["sizes"].items():
        plain = s["plain_s"] if isinstance(s["plain_s"], str) else (
            f"{s['plain_s']:.0f} s" if s["plain_s"] else f"over {READ_THE_DOCS_LIMIT // 60} min"
        )  # fmt: skip
        lines.append(
            f"| {notes:,} | {s['full_s']:.0f} s | {s['floor_s']:.0f} s | {plain} | {s['ms_per_note']:.0f} ms "
            f"| {s['bytes_per_page'] / 1024:.1f} KiB ({s['floor_bytes_per_page'] / 1024:.1f}) | {s['nav_links']} "
            f"| {s['pages']:,} ({s['floor_pages']:,}) |"
        )
    lines += [
        "",
        "Baselines: the floor (the same site without talknotes and without any navigation), except the rows of"
        " plain Sphinx with Furo's full navigation, where the ratio is plain / talknotes.",
        "",
        "| notes | measure | talknotes | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in summary["rows"]:
        unit = " MiB" if r["measure"] == "peak memory" else ("×" if "speed-up" in r["measure"] else " s")
        if r["measure"].startswith("explore index"):
            lines.append(
                f"| {r['notes']:,} | {r['measure']} | {r['ext']:.2f} s | {r['base']:.0f} s (full build) "
                f"| {r['ratio']:.1%} | ≤ 10% | {'yes' if r['met'] else '**no**'} |"
            )
            continue
        cmp = "≥" if r.get("higher_is_better") else "≤"
        base = f"{r['base']:.2f}{unit}" if r["base"] is not None else "did not finish"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "—"
        target = "> 1" if r["measure"].startswith("plain full") else f"{cmp} {r['target']}"
        lines.append(
            f"| {r['notes']:,} | {r['measure']} | {r['ext']:.2f}{unit} | {base} | {ratio} | {target} "
            f"| {'yes' if r['met'] else '**no**'} |"
        )
    growth, absolute = summary["growth"], summary["absolute"]
    lines += [
        "",
        f"- {absolute['notes']:,} notes: full build {absolute['full_s']:.0f} s (target ≤ 600 s), "
        f"peak memory {absolute['rss_mib']:,} MiB (target ≤ 2,048 MiB).",
        f"- From {growth['from']:,} to {growth['to']:,} notes: cost per note × {growth['per_note']:.2f}, "
        f"HTML per page × {growth['bytes_per_page']:.2f} (targets ≤ 1.15).",
        "",
        "| notes | pages rewritten: no-op | body edit (floor) | topic change "
        "| explore index: shards | re-indexed by a body edit | by a topic change |",
        "|---|---|---|---|---|---|---|",
    ]

    def reindexed(s: dict[str, Any], measure: str) -> str:
        if s.get(f"{measure}_index_s") is None:
            return "—"
        shards = s[f"{measure}_index_shards"]
        return f"{shards:.0f} shard{'' if shards == 1 else 's'}, {s[f'{measure}_index_s']:.1f} s"

    for notes, s in summary["sizes"].items():
        lines.append(
            f"| {notes:,} | {s['noop_pages']:.0f} | {s['body_edit_pages']:.0f} ({s['floor_body_edit_pages']:.0f}) "
            f"| {s['topic_change_pages']:.0f} | {s.get('index_shards') or '—'} | {reindexed(s, 'body_edit')} "
            f"| {reindexed(s, 'topic_change')} |"
        )
    previews = {notes: s["previews"] for notes, s in summary["sizes"].items() if s.get("previews")}
    if previews:
        lines += [
            "",
            "Link previews: the bytes they add to every page (the script's tag; the script is one cached file), and"
            " what a reader's first preview of a page fetches: index.json, then the shard that holds the page.",
            "",
            "| notes | added per page | shards | mean shard | largest shard | index.json |",
            "|---|---|---|---|---|---|",
        ]
        for notes, v in previews.items():
            lines.append(
                f"| {notes:,} | {v['page_bytes']} B | {v['shards']:,} | {v['mean_shard_bytes'] / 1000:.1f} kB "
                f"| {v['largest_shard_bytes'] / 1000:.1f} kB | {v['index_bytes']} B |"
            )
    if summary.get("reader"):
        lines += [
            "",
            f"Explore page, as a reader opens it (bench/reader.py: Chromium, 1280×900, served from 127.0.0.1 with"
            f" its text gzipped): first results within {FIRST_RESULTS_S:.0f} s, {FIRST_REQUESTS} requests and"
            f" {FIRST_BYTES // 1000} kB, each further page within {MORE_BYTES // 1000} kB; the biggest page a reader"
            f" browses within {PAGE_BYTES // 1000} kB of HTML. The word is the rarest word of the topic nearest one"
            " note in twenty; the common word, the word most notes have in their titles, is the worst case (in the"
            " generated text it is in nearly every note, many times over).",
            "",
            "| notes | view | first results | requests | kB | next page kB | all loaded kB | met |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for notes, size in summary["reader"].items():
            for name, v in size["views"].items():
                more = f"{v['more_bytes'] / 1000:.0f}" if v["more_bytes"] is not None else "—"
                loaded = f"{v['loaded_bytes'] / 1000:.0f}" if v["loaded_bytes"] is not None else "—"
                lines.append(
                    f"| {notes:,} | {name} | {v['seconds']:.2f} s | {v['requests']} | {v['bytes'] / 1000:.0f} "
                    f"| {more} | {loaded} | {'yes' if v['met'] else '**no**'} |"
                )
            share = f", explore index {size['index_share']:.1%} of the full build" if size["index_share"] else ""
            lines.append(
                f"| {notes:,} | biggest page: `{size['largest_page']}` | | | {size['largest_page_bytes'] / 1000:.0f} "
                f"| | {share.lstrip(', ')} | {'yes' if size['largest_page_met'] else '**no**'} |"
            )
    return "\n".join(lines) + "\n"


def chart(summary: dict[str, Any]) -> str:
    """A small SVG bar chart of the time ratios to the floor, with the target of each as a mark."""
    rows = [r for r in summary["rows"] if r["ratio"] is not None and not r.get("higher_is_better")]
    width, bar_h, gap, left = 760, 18, 8, 370
    height = 40 + len(rows) * (bar_h + gap)
    scale = (width - left - 40) / max(2.0, max(r["ratio"] for r in rows) * 1.1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        'aria-label="talknotes build time as a multiple of the floor, per measure and size" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="#fff"/>',
        '<text x="10" y="20" font-weight="bold">talknotes / floor (1.0 = as fast as Sphinx with no navigation)</text>',
        f'<line x1="{left + scale}" y1="28" x2="{left + scale}" y2="{height - 6}" stroke="#888" stroke-dasharray="3"/>',
    ]
    for index, r in enumerate(rows):
        y = 34 + index * (bar_h + gap)
        color = "#2e7d32" if r["met"] else "#c62828"
        parts += [
            f'<text x="10" y="{y + 13}">{r["notes"]:,} notes, {r["measure"]}</text>',
            f'<rect x="{left}" y="{y}" width="{r["ratio"] * scale:.1f}" height="{bar_h}" fill="{color}"/>',
            f'<line x1="{left + r["target"] * scale:.1f}" y1="{y - 2}" x2="{left + r["target"] * scale:.1f}" '
            f'y2="{y + bar_h + 2}" stroke="#000" stroke-width="2"/>',
            f'<text x="{left + r["ratio"] * scale + 6:.1f}" y="{y + 13}">{r["ratio"]:.2f}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="1,000 notes, one run")
    parser.add_argument("--plain", type=int, nargs="*", default=[1000, 2000],
                        help="sizes at which to compare with plain Sphinx's full navigation (full builds)")  # fmt: skip
    parser.add_argument("--reader", type=int, nargs="*", default=[20000],
                        help="sizes at which to build talknotes only, for the reader's figures")  # fmt: skip
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--resume", action="store_true", help="reuse the figures of steps an earlier run finished")
    parser.add_argument("--publish", type=Path, help="also copy results.md, chart.svg and results.json here")
    args = parser.parse_args()
    if args.quick:
        args.notes, args.runs, args.plain, args.reader = [1000], 1, [], []
    args.out.mkdir(parents=True, exist_ok=True)
    # Each step's raw figures are kept as it ends, so that an interrupted run goes on with --resume
    # where it stopped; the steps that decide the targets go first, plain's long timeouts last.
    raw = args.out / "raw"
    raw.mkdir(exist_ok=True)
    steps = [(n, "compare") for n in sorted(args.notes)] + [(n, "plain") for n in sorted(args.plain)]
    steps += [(n, "talknotes") for n in sorted((set(args.plain) | set(args.reader)) - set(args.notes))]
    results: dict[int, dict[str, Any]] = {}
    for notes, step in steps:
        saved = raw / f"n{notes}-{step}-runs{args.runs}.json"
        if args.resume and saved.exists():
            outcome = json.loads(saved.read_text(encoding="utf-8"))
        else:
            work = args.out / f"n{notes}"
            outcome = bench(notes, args.runs, work, step)
            shutil.rmtree(work, ignore_errors=True)
            saved.write_text(json.dumps(outcome, indent=2) + "\n", encoding="utf-8")
        results.setdefault(notes, {}).update(outcome)
    summary = summarize(results)
    summary["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "runs": args.runs}
    (args.out / "results.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    table = markdown(summary)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    (args.out / "chart.svg").write_text(chart(summary), encoding="utf-8")
    print(table)
    if args.publish:
        args.publish.mkdir(parents=True, exist_ok=True)
        for name in ("results.md", "chart.svg", "results.json"):
            shutil.copy(args.out / name, args.publish / name)


if __name__ == "__main__":
    main()
