"""Benchmark the talknotes extension against plain Sphinx + MyST on the same generated corpus.

For each corpus size, both configurations build the same files, alternating, several times; the
script reports the median of each measurement and the ratio extension / plain:

- full build (-j 1), and full build with -j 2 (the speed-up of each);
- no-op rebuild, and how many pages it rewrote;
- incremental build after a body edit of one note, and after a change of one note's topics;
- peak memory (RSS) of a full build.

    python bench/run.py --notes 1000 5000 --runs 3 --out _build/bench
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

SPHINX_OWN = {"genindex.html", "search.html"}
RUNNER = """
import resource, sys
from sphinx.cmd.build import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"MAXRSS_KB={max(own, children)}", file=sys.stderr)
sys.exit(code)
"""


def sphinx(src: Path, out: Path, plain: bool, jobs: int = 1) -> tuple[float, int]:
    """Run one build; return (seconds, peak RSS in MiB)."""
    command = [sys.executable, "-c", RUNNER, "-b", "html", "-q", "-j", str(jobs), "-d", str(out) + ".doctrees"]
    if plain:
        command += ["-c", str(src / "plain")]
    command += [str(src), str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    rss = int(re.search(r"MAXRSS_KB=(\d+)", done.stderr).group(1)) // 1024
    return elapsed, rss


def snapshot(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.html") if p.name not in SPHINX_OWN}


def rewritten(before: dict[Path, int], out: Path) -> int:
    after = snapshot(out)
    return sum(1 for path, mtime in after.items() if before.get(path) != mtime)


def toggle_body(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    marker = "\nAn edited line.\n"
    path.write_text(text.replace(marker, "") if marker in text else text + marker, encoding="utf-8")


def toggle_topics(path: Path, topics: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    line = re.search(r"^topics: .*$", text, re.MULTILINE).group(0)
    new = f"topics: [{topics[1]}]" if topics[0] in line or topics[1] not in line else f"topics: [{topics[0]}]"
    path.write_text(text.replace(line, new), encoding="utf-8")


def measure(src: Path, work: Path, plain: bool) -> dict[str, float]:
    """One run of every measurement for one configuration."""
    name = "plain" if plain else "ext"
    out = work / name
    for stale in (out, Path(str(out) + ".doctrees")):
        shutil.rmtree(stale, ignore_errors=True)
    result: dict[str, float] = {}
    result["full"], result["rss_mib"] = sphinx(src, out, plain)
    before = snapshot(out)
    result["noop"], _ = sphinx(src, out, plain)
    result["noop_pages"] = rewritten(before, out)
    note = src / "recaps/event-0003/note-02.md"
    toggle_body(note)
    before = snapshot(out)
    result["body_edit"], _ = sphinx(src, out, plain)
    result["body_edit_pages"] = rewritten(before, out)
    toggle_topics(src / "recaps/event-0005/note-01.md", ("topic-000", "topic-001"))
    before = snapshot(out)
    result["topic_change"], _ = sphinx(src, out, plain)
    result["topic_change_pages"] = rewritten(before, out)
    parallel = work / f"{name}-j2"
    for stale in (parallel, Path(str(parallel) + ".doctrees")):
        shutil.rmtree(stale, ignore_errors=True)
    result["full_j2"], _ = sphinx(src, parallel, plain, jobs=2)
    result["pages"] = len(snapshot(out))
    return result


def bench(notes: int, runs: int, work: Path, sidebars: bool) -> dict[str, dict[str, float]]:
    src = work / "site"
    generate(src, notes=notes, per_event=8, topics=40, speakers=max(50, notes * 3 // 10), seed=1,
             plain=True, explicit_toctrees=True, sidebars=sidebars)  # fmt: skip
    samples: dict[str, list[dict[str, float]]] = {"ext": [], "plain": []}
    for run in range(runs):
        order = (False, True) if run % 2 == 0 else (True, False)  # alternate who goes first
        for plain in order:
            samples["plain" if plain else "ext"].append(measure(src, work, plain))
            print(f"  N={notes} run {run + 1}/{runs} {'plain' if plain else 'ext'} done", file=sys.stderr)
    return {
        mode: {key: statistics.median(s[key] for s in runs_) for key in runs_[0]} for mode, runs_ in samples.items()
    }


TARGETS = {
    "full": ("full build", 1.10),
    "noop": ("no-op rebuild", 1.10),
    "body_edit": ("one-note body edit", 1.25),
    "topic_change": ("one-note topic change (vs plain body edit)", 1.5),
    "rss_mib": ("peak memory", 1.15),
}


def summarize(results: dict[int, dict[str, dict[str, float]]]) -> dict[str, object]:
    rows = []
    for notes, modes in results.items():
        ext, plain = modes["ext"], modes["plain"]
        for key, (label, target) in TARGETS.items():
            baseline = plain["body_edit"] if key == "topic_change" else plain[key]
            ratio = ext[key] / baseline
            rows.append({"notes": notes, "measure": label, "ext": ext[key], "plain": baseline,
                         "ratio": round(ratio, 3), "target": target, "met": ratio <= target})  # fmt: skip
        speedup_ext, speedup_plain = ext["full"] / ext["full_j2"], plain["full"] / plain["full_j2"]
        rows.append({"notes": notes, "measure": "-j 2 speed-up", "ext": round(speedup_ext, 3),
                     "plain": round(speedup_plain, 3), "ratio": round(speedup_ext / speedup_plain, 3),
                     "target": 0.95, "met": speedup_ext >= 0.95 * speedup_plain})  # fmt: skip
    per_note = {n: results[n]["ext"]["full"] / n for n in results}
    sizes = sorted(results)
    growth = per_note[sizes[-1]] / per_note[sizes[0]] if len(sizes) > 1 else 1.0
    pages = {
        n: {key: results[n]["ext"][key] for key in ("pages", "noop_pages", "body_edit_pages", "topic_change_pages")}
        | {f"plain_{key}": results[n]["plain"][key] for key in ("pages", "body_edit_pages")}
        for n in results
    }
    return {"rows": rows, "per_note_growth": round(growth, 3), "pages": pages, "raw": results}


def markdown(summary: dict[str, object]) -> str:
    lines = ["| notes | measure | extension | plain | ratio | target | met |", "|---|---|---|---|---|---|---|"]
    for row in summary["rows"]:
        unit = " MiB" if row["measure"] == "peak memory" else ("×" if "speed-up" in row["measure"] else " s")
        cmp = "≥" if "speed-up" in row["measure"] else "≤"
        lines.append(
            f"| {row['notes']:,} | {row['measure']} | {row['ext']:.2f}{unit} | {row['plain']:.2f}{unit} "
            f"| {row['ratio']:.2f} | {cmp} {row['target']} | {'yes' if row['met'] else '**no**'} |"
        )
    lines += [
        "",
        "| notes | pages written (ext / plain) | no-op rewrites | body edit rewrites | topic change rewrites |",
        "|---|---|---|---|---|",
    ]
    for notes, p in summary["pages"].items():
        lines.append(
            f"| {notes:,} | {p['pages']:.0f} / {p['plain_pages']:.0f} | {p['noop_pages']:.0f} "
            f"| {p['body_edit_pages']:.0f} (plain {p['plain_body_edit_pages']:.0f}) | {p['topic_change_pages']:.0f} |"
        )
    lines += ["", f"Cost per note, largest corpus / smallest: {summary['per_note_growth']:.2f} (target ≤ 1.15)."]
    return "\n".join(lines) + "\n"


def chart(summary: dict[str, object]) -> str:
    """A small SVG bar chart of the time ratios, with the target of each as a mark."""
    rows = [r for r in summary["rows"] if "speed-up" not in r["measure"]]
    width, bar_h, gap, left = 720, 18, 8, 330
    height = 40 + len(rows) * (bar_h + gap)
    scale = (width - left - 40) / max(2.0, max(r["ratio"] for r in rows) * 1.1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        'aria-label="Extension time as a multiple of plain Sphinx, per measure and corpus size" '
        'font-family="sans-serif" font-size="12">',
        '<text x="10" y="20" font-weight="bold">talknotes / plain Sphinx (1.0 = as fast as plain)</text>',
        f'<line x1="{left + scale}" y1="28" x2="{left + scale}" y2="{height - 6}" stroke="#888" stroke-dasharray="3"/>',
    ]
    for index, row in enumerate(rows):
        y = 34 + index * (bar_h + gap)
        color = "#2e7d32" if row["met"] else "#c62828"
        label = f"{row['notes']:,} notes, {row['measure']}"
        parts += [
            f'<text x="10" y="{y + 13}">{label}</text>',
            f'<rect x="{left}" y="{y}" width="{row["ratio"] * scale:.1f}" height="{bar_h}" fill="{color}"/>',
            f'<line x1="{left + row["target"] * scale:.1f}" y1="{y - 2}" x2="{left + row["target"] * scale:.1f}" '
            f'y2="{y + bar_h + 2}" stroke="#000" stroke-width="2"/>',
            f'<text x="{left + row["ratio"] * scale + 6:.1f}" y="{y + 13}">{row["ratio"]:.2f}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench")
    parser.add_argument("--publish", type=Path, help="also copy results.md and chart.svg into this folder")
    parser.add_argument(
        "--sidebars",
        action="store_true",
        help="keep the theme's sidebars; Sphinx's navigation then costs every page time in proportion to the site",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = {}
    for notes in args.notes:
        work = args.out / f"n{notes}"
        results[notes] = bench(notes, args.runs, work, sidebars=args.sidebars)
    summary = summarize(results)
    summary["machine"] = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "runs": args.runs,
        "sidebars": args.sidebars,
    }
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
