"""Benchmark importing a whole talk archive, then building it: an archive shaped like pyvideo's data, generated.

pyvideo's data is public, but the tests and CI cannot download it, so this generates its like (the same
arguments always give the same files): about 540 events of some sixty series over 15 years, 21,700 talks,
12,000 people who recur as in a real archive (Zipf: a few speak every year, most once), one to three
speakers a talk, tags from a vocabulary of 200 (Zipf too), and the quirks of the real data: a person's name
spelled another way now and then (a letter dropped, doubled or swapped, accents dropped), names joined with
"and", and "Various speakers".

``make bench-import`` then, on a copy of the repository's own site (its conf.py, Furo, navigation and every
extension, as ``bench/run.py`` builds it):

1. imports the whole archive in one command (``--add-topics --merge-similar``), timed, with its peak memory;
2. imports it again, which must write nothing, timed;
3. builds the imported site as Read the Docs does (serial, the site's address set, ``-n``, no warning
   allowed), and the floor (the same configuration without talknotes and without navigation) beside it:
   pages, seconds, seconds per page, peak memory, and the ratio to the floor.

    python bench/archive.py --out _build/bench-import              # the whole archive
    python bench/archive.py --out _build/bench-import --talks 2000 --events 50 --people 1200   # smaller
    python bench/archive.py --generate-only OUTDIR                 # just the archive
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import WORDS, commit, grow  # noqa: E402
from run import RUNNER, fresh, html_bytes_per_page, snapshot, sphinx  # noqa: E402

TARGETS = {"import_s": 300, "reimport_s": 60, "build_s": 600, "build_rss_mib": 2048}
SERIES = ("PyCon US", "EuroPython", "PyCon AU", "Kiwi PyCon", "PyData London", "PyData NYC", "DjangoCon US",
          "DjangoCon Europe", "PyCon UK", "PyCon DE", "PyCon FR", "PyCon Italia", "PyCon Canada", "PyCon India",
          "PyCon APAC", "PyCon JP", "PyCon ZA", "PyCon Colombia", "PyTexas", "PyOhio", "PyGotham", "PyCaribbean",
          "North Bay Python", "PyBay", "PyCon Sweden", "PyCon Poland", "PyCon Israel", "PyCon Balkan",
          "Python Brasil", "PyCon Ireland", "SciPy", "EuroSciPy", "PyData Berlin", "PyData Amsterdam",
          "PyData Seattle", "PyCon Taiwan", "PyCon Korea", "PyCon Estonia", "PyCon Lithuania", "Swiss Python Summit",
          "PyCon Namibia", "PyCon Ghana", "PyCon Nigeria", "PyCon Kenya", "PyCon Uruguay", "PyCon Argentina",
          "PyCon Chile", "PyCon Philippines", "PyCon Singapore", "PyCon MY", "Montreal Python", "ChiPy", "PyMNtos",
          "SF Python", "Boston Python", "PyLadies Con", "Python Web Conf", "PyCascades", "PyCon Hong Kong",
          "Plone Conference")  # fmt: skip
FIRST = ("Ada", "Grace", "Alan", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia",
         "Vint", "José", "Zoë", "Søren", "Łukasz", "Chloé", "Renée", "André", "Mónica", "Jürgen", "Håkon", "Ana",
         "Wei", "Yuki", "Aisha", "Omar", "Priya", "Ravi", "Mei", "Kofi", "Amara", "Ines", "Noor", "Tariq", "Lena",
         "Marta", "Pablo", "Sven", "Ingrid", "Hiro", "Sakura", "Dmitri", "Olga", "Fatima", "Kwame", "Lucía", "Mateo",
         "Elif", "Emre", "Nadia", "Rosa", "Hugo", "Clara", "Felix", "Greta", "Tomás", "Irene", "Jonas",
         "Maja")  # fmt: skip
LAST = ("Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Dijkstra",
        "Perlman", "Cerf", "Pérez", "García", "Müller", "Kowalski", "Nakamura", "Okafor", "Mensah", "Haddad",
        "Sharma", "Iyer", "Chen", "Wang", "Tanaka", "Suzuki", "Ivanova", "Petrov", "Andersson", "Johansson",
        "Nielsen", "Larsen", "Silva", "Santos", "Costa", "Rossi", "Bianchi", "Dubois", "Lefèvre", "Moreau",
        "Schmidt", "Schneider", "Fischer", "Weber", "Novak", "Horvat", "Kovač", "Yılmaz", "Demir", "Kaya",
        "Abubakar", "Mwangi", "Otieno", "Ndlovu", "Dlamini", "Murphy", "Kelly", "O'Brien", "Walsh", "Byrne",
        "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Wright")  # fmt: skip


def zipf_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def people_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct names: first and last names, with a middle initial once the pairs run out."""
    names: list[str] = []
    seen: set[str] = set()
    pairs = [(f, last) for f in FIRST for last in LAST]
    rng.shuffle(pairs)
    initials = "ABCDEFGHJKLMNPRSTVW"
    for index in range(count):
        first, last = pairs[index % len(pairs)]
        round_ = index // len(pairs)
        name = f"{first} {last}" if round_ == 0 else f"{first} {initials[(round_ - 1) % len(initials)]}. {last}"
        if round_ > len(initials):
            name = f"{first} {last} {round_}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def misspelled(rng: random.Random, name: str) -> str:
    """A spelling of ``name`` an archive might hold: one letter dropped, doubled or swapped, or accents dropped."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if plain != name and rng.random() < 0.5:
        return plain
    letters = [i for i, c in enumerate(name) if c.isalpha() and 0 < i < len(name) - 1]
    i = rng.choice(letters)
    change = rng.randrange(3)
    if change == 0:
        return name[:i] + name[i + 1 :]
    if change == 1:
        return name[:i] + name[i] + name[i:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :] if name[i + 1].isalpha() else name[:i] + name[i + 1 :]


def generate_archive(out: Path, events: int, talks: int, people: int, years: int, seed: int) -> dict[str, int]:
    """Write ``events`` pyvideo event folders into ``out/data``; return what was written."""
    rng = random.Random(seed)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    names = people_names(rng, people)
    person_weights = zipf_weights(len(names), 0.9)
    tags = sorted({f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(400)})[:200]
    tag_weights = zipf_weights(len(tags), 1.1)
    first_year = 2025 - years
    sizes = [rng.lognormvariate(0, 0.8) for _ in range(events)]
    scale = (talks - 5 * events) / sum(sizes)
    counts = [5 + int(size * scale) for size in sizes]
    counts[0] += talks - sum(counts)  # the exact total
    folders: set[str] = set()
    written = {"events": 0, "talks": 0, "variants": 0, "various": 0}
    for index, count in enumerate(counts):
        series = SERIES[index % len(SERIES)]
        year = first_year + (index * years) // events
        folder = f"{series.lower().replace(' ', '-')}-{year}"
        while folder in folders:
            folder += "-b"
        folders.add(folder)
        title = f"{series} {year}" if not folder.endswith("-b") else f"{series} {year} ({folder.count('-b') + 1})"
        start = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(330))
        days = rng.randint(1, 3)
        videos = data / folder / "videos"
        videos.mkdir(parents=True)
        (data / folder / "category.json").write_text(json.dumps({"title": title}, ensure_ascii=False), "utf-8")
        for number in range(count):
            speakers = rng.choices(names, person_weights, k=rng.choices((1, 2, 3), (75, 20, 5))[0])
            speakers = list(dict.fromkeys(speakers))
            if rng.random() < 0.01:
                speakers[0] = misspelled(rng, speakers[0])
                written["variants"] += 1
            if len(speakers) == 2 and rng.random() < 0.1:
                speakers = [f"{speakers[0]} and {speakers[1]}"]
            if rng.random() < 0.006:
                speakers = ["Various speakers"]
                written["various"] += 1
            talk_title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize()
            digest = hashlib.sha1(f"{folder}/{number}".encode()).hexdigest()[:11]
            video = {
                "title": talk_title,
                "recorded": (start + dt.timedelta(days=rng.randrange(days))).isoformat(),
                "speakers": speakers,
                "tags": list(dict.fromkeys(rng.choices(tags, tag_weights, k=rng.randint(0, 4)))),
                "summary": " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 40))).capitalize() + ".",
                "description": " ".join(rng.choice(WORDS) for _ in range(60)),
                "videos": [{"type": "youtube", "url": f"https://www.youtube.com/watch?v={digest}"}],
                "related_urls": [{"label": "slides", "url": f"https://slides.example/{digest}.pdf"}]
                if rng.random() < 0.2
                else [],
            }
            slug = f"{number:04d}-{'-'.join(talk_title.lower().split()[:5])}"
            (videos / f"{slug}.json").write_text(json.dumps(video, ensure_ascii=False), "utf-8")
        written["events"] += 1
        written["talks"] += count
    return written


def timed(command: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    """Run a command; its seconds and peak memory (MiB), and what it printed."""
    runner = RUNNER.replace("from sphinx.cmd.build import main", "from talknotes.commands.cli import main")
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", runner, *command], cwd=cwd, capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    seconds = time.perf_counter() - started
    rss = int(done.stderr.rsplit("MAXRSS_KB=", 1)[1].split()[0]) // 1024 if "MAXRSS_KB=" in done.stderr else 0
    return seconds, rss, done


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def bench(args: argparse.Namespace) -> dict[str, Any]:
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive"
    result: dict[str, Any] = {"archive": generate_archive(archive, args.events, args.talks, args.people, args.years,
                                                          args.seed)}  # fmt: skip
    print(f"archive: {result['archive']}", file=sys.stderr, flush=True)
    site = work / "site"
    # The site as bench/run.py makes it, with one generated event of 8 notes: an event without notes would make
    # the floor warn that its glob toctree matches nothing, and the bench refuses a build that warns.
    grow(site, notes=8)
    command = ["--root", str(site), "import", str(archive), "--add-topics", "--merge-similar"]
    seconds, rss, done = timed(command, site)
    if done.returncode != 0:
        raise SystemExit(f"the import failed:\n{done.stderr[-3000:]}")
    result["import_s"], result["import_rss_mib"] = seconds, rss
    result["import_said"] = done.stdout.splitlines()[-1][:200] if done.stdout else ""
    print(f"import: {seconds:.1f} s, {rss} MiB", file=sys.stderr, flush=True)
    before = tree_digest(site)
    seconds, rss, done = timed(["--root", str(site), "import", str(archive), "--add-topics"], site)
    if done.returncode != 0:
        raise SystemExit(f"the second import failed:\n{done.stderr[-3000:]}")
    result["reimport_s"], result["reimport_rss_mib"] = seconds, rss
    result["reimport_wrote_nothing"] = tree_digest(site) == before
    print(f"re-import: {seconds:.1f} s, wrote nothing: {result['reimport_wrote_nothing']}", file=sys.stderr)
    commit(site, "imported archive")
    for config in ("talknotes", "floor"):
        out = work / config
        fresh(out)
        seconds, rss = sphinx(site, out, config)
        pages = len(snapshot(out))
        result[config] = {"full": seconds, "rss_mib": rss, "pages": pages, "s_per_page": seconds / pages,
                          "bytes_per_page": html_bytes_per_page(out)}  # fmt: skip
        print(f"{config}: {seconds:.1f} s, {rss} MiB, {pages:,} pages", file=sys.stderr, flush=True)
        if not args.keep:
            fresh(out)
    catalog = json.loads((work / "talknotes" / "catalog.json").read_text(encoding="utf-8")) if args.keep else None
    if catalog is not None:
        result["people"] = len(catalog["speakers"])
    result["ratio_to_floor"] = result["talknotes"]["full"] / result["floor"]["full"]
    return result


def markdown(result: dict[str, Any]) -> str:
    archive, talknotes, floor = result["archive"], result["talknotes"], result["floor"]
    met = {
        "import_s": result["import_s"] <= TARGETS["import_s"],
        "reimport_s": result["reimport_s"] <= TARGETS["reimport_s"] and result["reimport_wrote_nothing"],
        "build_s": talknotes["full"] <= TARGETS["build_s"],
        "build_rss_mib": talknotes["rss_mib"] <= TARGETS["build_rss_mib"],
    }
    mark = {True: "met", False: "MISSED"}
    return "\n".join([
        f"Archive: {archive['events']:,} events, {archive['talks']:,} talks, {archive['variants']:,} spelling "
        f"variants, {archive['various']:,} 'Various speakers'.",
        "",
        "| measure | figure | target | |",
        "|---|---|---|---|",
        f"| import, one command | {result['import_s']:.0f} s, {result['import_rss_mib']} MiB | ≤ 300 s "
        f"| {mark[met['import_s']]} |",
        f"| re-import (writes nothing: {result['reimport_wrote_nothing']}) | {result['reimport_s']:.0f} s | ≤ 60 s "
        f"| {mark[met['reimport_s']]} |",
        f"| build, serial, address set | {talknotes['full']:.0f} s, {talknotes['pages']:,} pages, "
        f"{1000 * talknotes['s_per_page']:.1f} ms a page | ≤ 600 s | {mark[met['build_s']]} |",
        f"| build's peak memory | {talknotes['rss_mib']:,} MiB | ≤ 2,048 MiB | {mark[met['build_rss_mib']]} |",
        f"| floor (no talknotes, no navigation) | {floor['full']:.0f} s, {floor['pages']:,} pages, "
        f"{floor['rss_mib']:,} MiB | | |",
        f"| ratio to the floor | {result['ratio_to_floor']:.2f} | | |",
        "",
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "bench-import")
    parser.add_argument("--events", type=int, default=540)
    parser.add_argument("--talks", type=int, default=21700)
    parser.add_argument("--people", type=int, default=12000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the built sites (to look at them)")
    parser.add_argument("--generate-only", type=Path, metavar="OUTDIR", help="only write the archive into OUTDIR")
    args = parser.parse_args()
    if args.generate_only:
        print(generate_archive(args.generate_only, args.events, args.talks, args.people, args.years, args.seed))
        return
    result = bench(args)
    (args.out / "results.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = markdown(result)
    (args.out / "results.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
