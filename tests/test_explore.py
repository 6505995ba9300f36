"""The explore index: which pages Pagefind indexes with which facts, when it indexes, and the explore page."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import NPM_PAGEFIND, REPO, VOLATILE, Build, copy_root, sphinx_build
from talknotes.outputs.explore import (
    EXCLUDED_SELECTORS,
    INDEXED_END,
    INDEXED_START,
    UNINDEXED_END,
    UNINDEXED_START,
    indexed_part,
    value_word,
)
from talknotes.outputs.pagefind import npm_pagefind, pagefind_binary


def fnv(text: str) -> int:
    """FNV-1a in 64 bits, written out again from its definition."""
    digest = 14695981039346656037
    for byte in text.encode():
        digest = (digest ^ byte) * 1099511628211 % 2**64
    return digest


NOTE = "recaps/pycon-x-2024/packaging-talk"
# The index's record is kept with the doctrees, outside the published site (sphinx_build's -d).
RECORD = "talknotes-explore/html/talknotes-index.json"


def record_file(outdir: Path) -> Path:
    return outdir.parent / f"{outdir.name}.doctrees" / RECORD


def catalog(build: Build) -> dict:
    return json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))


def expected_facts(data: dict, note: dict) -> dict[str, list[str]]:
    """A note's filters as the catalog says they must be: its topics with every broader topic, at any depth."""
    broader = {t["id"]: t["broader"] for t in data["topics"]}
    topics: list[str] = []
    pending = list(note["topics"])
    while pending:
        topic = pending.pop(0)
        if topic not in topics:
            topics.append(topic)
            pending += broader.get(topic, [])
    people = {s["id"]: s["name"] for s in data["speakers"]}
    names = {t["id"]: t["name"] for t in data["topics"]}
    events = {e["id"]: e["name"] for e in data["events"]}
    places = {p["id"]: p for p in data["places"]}
    # A city as "Montreal, Quebec, Canada": with its region and its country.
    place_names = {
        p["id"]: ", ".join(filter(None, (p["name"], p["region"], places[p["country"]]["name"] if p["country"] else "")))
        for p in data["places"]
    }
    event_places = {e["id"]: e["places"] for e in data["events"]}
    # Topics, people, events and places as "id|Name" (the address holds the id, the reader sees the name), and
    # their twins of ids alone, which a search filters by.
    ids = {
        "event": [note["event"]] if note["event"] else [],
        "topic": topics,
        "person": [p for p in note["speakers"] if p in people],
        "place": event_places.get(note["event"], []),
    }
    labels = {"event": events, "topic": names, "person": people, "place": place_names}
    return {
        "type": ["note"],
        "kind": [note["kind"]],
        "year": [note["date"][:4] if note["date"] else "undated"],
        "notes": ["written" if note["status"] == "note" else "programme"],
        **{facet: sorted(f"{i}|{labels[facet][i]}" for i in values) for facet, values in ids.items()},
        **{f"{facet}_id": sorted(values) for facet, values in ids.items()},
    }


def page_facts(build: Build, url: str) -> dict[str, list[str]] | None:
    """The filters a page gives Pagefind, or None when it is not in the index."""
    path = url + "index.html" if url.endswith("/") or not url else url
    body = build.page(path).select_one("[data-pagefind-body]")
    if body is None:
        return None
    facts: dict[str, list[str]] = {}
    for span in body.select("[data-pagefind-filter]"):
        facts.setdefault(span["data-pagefind-filter"], []).append(span.get_text())
    return {key: sorted(values) for key, values in facts.items()}


def test_every_listed_note_is_indexed_with_its_facts(basic_site: Build) -> None:
    assert basic_site.returncode == 0, basic_site.stderr
    data = catalog(basic_site)
    assert len(data["notes"]) >= 5
    for note in data["notes"]:
        want = {key: values for key, values in expected_facts(data, note).items() if values}
        assert page_facts(basic_site, note["url"]) == want, note["id"]
    # A broader topic reaches the notes of its narrower ones.
    assert any(len(expected_facts(data, n)["topic"]) > len(n["topics"]) for n in data["notes"]), (
        "the test site has a note whose topic has a broader topic"
    )


def test_a_note_carries_what_a_result_shows(basic_site: Build) -> None:
    body = basic_site.page(NOTE + ".html").select_one("[data-pagefind-body]")
    assert body is not None
    data = catalog(basic_site)
    note = next(n for n in data["notes"] if n["id"] == NOTE)
    # Date order with the page name after the date: no two notes tie, so the page's first notes are the index's.
    assert body["data-pagefind-sort"] == f"date:{note['date']} {NOTE}"
    meta = json.loads(body.select_one('[data-pagefind-meta="talknotes"]').get_text())
    # What the result shows, labelled as on the note's card: names with their links, the date in words.
    assert meta["kind"] == note["kind"].capitalize() and meta["summary"] == note["summary"]
    assert meta["date"] == note["date"] == "2024-05-11" and meta["when"] == "11 May 2024"
    event = next(e for e in data["events"] if e["id"] == note["event"])
    assert meta["event"] == [event["name"], event["url"]]
    names = {t["id"]: t["name"] for t in data["topics"]}
    assert meta["topics"] == [[names[t], f"topics/{t}.html"] for t in note["topics"]]
    people = {s["id"]: s["name"] for s in data["speakers"]}
    assert meta["people"] == [[people[p], f"speakers/{p}.html"] for p in note["speakers"]]
    # The facts are hidden from readers and are no words of the page.
    hidden = body.select_one("[data-pagefind-ignore]")
    assert hidden is not None and hidden.has_attr("hidden")
    # Hidden words the index holds: one every note has, and one for each filter value, which a view filtered
    # by that value alone searches for (the same FNV-1a in talknotes-explore.js).
    words = body.select_one("div[hidden]:not([data-pagefind-ignore])").get_text().split()
    assert words[0] == "talknotesevery"
    assert value_word("event", "pycon-x-2024") in words and value_word("topic", "python") in words
    assert value_word("person", "ada-lovelace") in words and value_word("kind", "talk") in words
    assert value_word("event", "pycon-x-2024") == "tnv" + format(fnv("event:pycon-x-2024"), "016x") + "0"


def test_drafts_contributor_pages_and_parts_stay_out_of_the_index(basic_site: Build) -> None:
    assert page_facts(basic_site, "recaps/pycon-x-2024/draft-note.html") is None
    # A note under docs/ is a note all the same: the exclusion is for contributor documentation.
    assert page_facts(basic_site, "docs/deep-dive.html")["type"] == ["note"]
    for special in ("search.html", "genindex.html"):
        if (basic_site.outdir / special).is_file():
            assert page_facts(basic_site, special) is None
    # Topic, person and overview pages are found, as pages of their own type.
    assert page_facts(basic_site, "topics/packaging.html") == {"type": ["topic"]}
    assert page_facts(basic_site, "topics/index.html") == {"type": ["page"]}


def test_the_parts_of_a_split_list_stay_out_of_the_index(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build = sphinx_build(src, tmp_path / "html", "-n", "-W", "--keep-going", "-D", "talknotes_list_limit=2")
    assert build.returncode == 0, build.stderr
    parts = sorted(p.relative_to(build.outdir).as_posix() for p in build.outdir.glob("topics/*/*.html"))
    assert parts, "the test site has a topic list split by year"
    assert [page_facts(build, part) for part in parts] == [None] * len(parts)
    topic = parts[0].split("/")[1]
    assert page_facts(build, f"topics/{topic}.html") == {"type": ["topic"]}


def test_contributor_documentation_is_not_indexed_on_the_real_site(real_site: Build) -> None:
    assert page_facts(real_site, "docs/contributing.html") is None
    assert page_facts(real_site, "docs/reference.html") is None
    # An architecture note under docs/ is a note all the same.
    assert page_facts(real_site, "docs/architecture/vm-container-consumption-model.html")["type"] == ["note"]
    record = json.loads(record_file(real_site.outdir).read_text(encoding="utf-8"))
    indexed = sum(1 for p in real_site.outdir.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert record["pages"] == indexed


def test_the_explore_page_replaces_sphinx_search(basic_site: Build) -> None:
    out = basic_site.outdir
    assert not (out / "searchindex.js").exists()
    page = basic_site.page("search.html")
    assert page.select_one("#talknotes-explore") is not None
    assert page.select_one('script[src*="talknotes-explore.js"]') is not None
    data = json.loads(page.select_one("#talknotes-explore-data").get_text())
    assert data["index"] == "./pagefind/" and data["root"] == "./"
    # One index of the notes, which every view reads, and one of the other pages, for a search for words.
    assert data["shards"] == ["notes"] and data["pages"] == "pages" and data["notes_only"] is True
    for shard in ("notes", "pages"):
        assert (out / "pagefind" / shard / "pagefind.js").is_file()
        assert (out / "pagefind" / shard / "pagefind-entry.json").is_file()
        assert not list((out / "pagefind" / shard).glob("pagefind-ui.*"))  # Pagefind's own UI is not published
    assert shard_pages(out)["notes"] == len(catalog(basic_site)["notes"])
    # No list of names travels with the page: they come with the index.
    assert set(data) == {"index", "shards", "pages", "notes_only", "every", "worded", "root"}
    noscript = page.select_one("noscript")
    assert noscript is not None and "JavaScript" in noscript.get_text()
    assert {a.get_text() for a in noscript.select("a")} >= {"Events", "Topics", "People"}
    # Topic, person, event and year pages link to their own filtered view.
    assert basic_site.main("topics/packaging.html").select_one('a[href="../search.html?topic=packaging"]')
    assert basic_site.main("recaps/pycon-x-2024/index.html").select_one('a[href$="search.html?event=pycon-x-2024"]')
    assert basic_site.main("recaps/2024.html").select_one('a[href$="search.html?year=2024"]')


def test_explore_data_cannot_end_its_script(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    topics = src / "topics.yml"
    topics.write_text(
        topics.read_text(encoding="utf-8") + '\nsneaky:\n  name: "</script><script>alert(1)</script>"\n',
        encoding="utf-8",
    )
    note = src / (NOTE + ".md")
    note.write_text(note.read_text(encoding="utf-8").replace("topics: [Packaging]", "topics: [Packaging, sneaky]"))
    build = sphinx_build(src, tmp_path / "html", "-n")
    assert build.returncode == 0, build.stderr
    page = (build.outdir / "search.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    # The name reaches the first notes of the explore page and the index as text.
    assert "</script><script>alert(1)</script>" in build.page("search.html").select_one("#talknotes-explore").get_text()
    facts = page_facts(build, NOTE + ".html")
    assert "sneaky|</script><script>alert(1)</script>" in facts["topic"]


def indexed_bodies(outdir: Path) -> dict[str, str]:
    """What Pagefind reads: every page's indexed part, by page (Pagefind's own files are not byte-stable)."""
    bodies = {}
    for path in sorted(outdir.rglob("*.html")):
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("[data-pagefind-body]")
        if body is not None:
            bodies[path.relative_to(outdir).as_posix()] = VOLATILE.sub("", str(body))
    return bodies


def index_record(outdir: Path) -> dict:
    return json.loads(record_file(outdir).read_text(encoding="utf-8"))


def test_indexing_only_when_indexed_pages_change_and_incremental_equals_clean(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    assert sphinx_build(src, out, "-n").returncode == 0
    record = record_file(out)
    first = record.stat().st_mtime_ns
    # A no-op build does no indexing.
    assert sphinx_build(src, out, "-n").returncode == 0
    assert record.stat().st_mtime_ns == first
    # Add a note, edit one, remove one: each time the index equals that of a clean build.
    event = src / "recaps/pycon-x-2024"
    (event / "new-talk.md").write_text(
        "---\nkind: talk\ntopics: [packaging]\nsummary: Zanzibar wheels.\n---\n# A new talk\n\nZanzibar.\n",
        encoding="utf-8",
    )
    edits = [
        lambda: None,
        lambda: (event / "keynote.md").write_text(
            (event / "keynote.md").read_text(encoding="utf-8") + "\nQuetzalcoatl.\n", encoding="utf-8"
        ),
        lambda: (event / "new-talk.md").unlink(),
    ]
    for step, edit in enumerate(edits):
        edit()
        build = sphinx_build(src, out, "-n")
        assert build.returncode == 0, build.stderr
        assert record.stat().st_mtime_ns != first, step
        first = record.stat().st_mtime_ns
        clean = sphinx_build(src, tmp_path / f"clean-{step}", "-n")
        assert clean.returncode == 0
        assert indexed_bodies(out) == indexed_bodies(clean.outdir), step
        assert index_record(out)["pages"] == index_record(clean.outdir)["pages"] == len(indexed_bodies(out))
        # Pagefind ran once every indexed page was written, the generated ones too: it counted them all.
        assert sum(shard_pages(out).values()) == len(indexed_bodies(out)), step


def shard_pages(outdir: Path) -> dict[str, int]:
    """The pages each shard of the index holds, as Pagefind counted them."""
    counts = {}
    for entry in (outdir / "pagefind").glob("*/pagefind-entry.json"):
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        counts[entry.parent.name] = sum(language["page_count"] for language in languages.values())
    return counts


def test_shards_hold_a_bounded_number_of_pages_by_date_and_an_edit_reindexes_its_own(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    build = sphinx_build(src, out, "-n", "-W", "-D", "talknotes_explore_shard_pages=2")
    assert build.returncode == 0, build.stderr
    data = json.loads(build.page("search.html").select_one("#talknotes-explore-data").get_text())
    counts = shard_pages(out)
    # Years with more notes than a shard holds go by month; the other pages go to the fewest buckets (a
    # power of two) that hold at most 2 pages each on average, by a hash of their address.
    dated = [shard for shard in data["shards"] if not shard.startswith("other-")]
    assert dated == ["2024-05", "2023-03"] and data["shards"][: len(dated)] == dated
    others = data["shards"][len(dated) :]
    assert [int(name.split("-")[1]) for name in others] == sorted(int(name.split("-")[1]) for name in others)
    other_pages = sum(counts[name] for name in others)
    buckets = next(2**k for k in range(20) if 2 * 2**k >= other_pages)  # the fewest, 2 a bucket on average
    assert other_pages > 2 and all(int(name.split("-")[1]) < buckets for name in others)
    assert len(others) > 1
    assert set(counts) == set(data["shards"])
    record = index_record(out)
    assert sum(counts.values()) == record["pages"] == len(indexed_bodies(out))
    # Every listed note is in the shard of its date's month.
    for note in catalog(build)["notes"]:
        assert note["date"][:7] in counts, note["id"]
    # An edit of a 2023 note re-indexes its shard and the shards of the pages that list it, not 2024's.
    note = src / "recaps/meetup-2023/lightning.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nQuetzalcoatl.\n", encoding="utf-8")
    assert sphinx_build(src, out, "-n", "-W", "-D", "talknotes_explore_shard_pages=2").returncode == 0
    indexed = index_record(out)["indexed"]
    assert "2023-03" in indexed and "2024-05" not in indexed and len(indexed) < len(data["shards"])
    assert shard_pages(out) == counts
    # Larger shards: the old ones are gone, the new ones hold every page.
    build = sphinx_build(src, out, "-n", "-W", "-D", "talknotes_explore_shard_pages=1000")
    assert build.returncode == 0, build.stderr
    assert shard_pages(out) == {"2024": 4, "2023": 3, "other-0": record["pages"] - 7}
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == ["2023", "2024", "other-0"]


def test_a_shard_is_made_again_only_when_what_pagefind_reads_of_it_changed(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    options = ("-n", "-W", "-D", "talknotes_explore_shard_pages=2")
    assert sphinx_build(src, out, *options).returncode == 0
    record, counts = index_record(out), shard_pages(out)
    made = {shard: (out / "pagefind" / shard / "pagefind-entry.json").stat().st_mtime_ns for shard in counts}
    # Every page written again, the same: nothing to index.
    for page in out.rglob("*.html"):
        page.write_bytes(page.read_bytes())
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    assert "Pagefind indexed" not in build.stdout
    assert index_record(out) == record
    # ... and the pages read to find that out are not read again by the next build: the kept record of
    # each copy names the page file as it is now.
    kept = json.loads((tmp_path / "html.doctrees/talknotes-explore/html/pages.json").read_text(encoding="utf-8"))
    assert len(kept["pages"]) == record["pages"]
    for address, (_shard, size, mtime, _digest) in kept["pages"].items():
        page = out / (address + "index.html" if address.endswith("/") or not address else address)
        assert (page.stat().st_size, page.stat().st_mtime_ns) == (size, mtime), address
    # A note's edit rewrites its event's page too (Sphinx rewrites a changed page's toctree parent), whose
    # indexed part is the same: only the note's own shard is made again.
    event_page = out / "recaps/meetup-2023/index.html"
    written = event_page.stat().st_mtime_ns
    note = src / "recaps/meetup-2023/lightning.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nQuetzalcoatl.\n", encoding="utf-8")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    assert event_page.stat().st_mtime_ns != written
    assert index_record(out)["indexed"] == ["2023-03"]
    assert "Pagefind indexed 3 pages in 1 of" in build.stdout
    remade = {
        shard
        for shard in counts
        if (out / "pagefind" / shard / "pagefind-entry.json").stat().st_mtime_ns != made[shard]
    }
    assert remade == {"2023-03"} and shard_pages(out) == counts
    # A shard's index deleted by hand comes back, and so do kept copies deleted by hand.
    shutil.rmtree(out / "pagefind" / "2024-05")
    shutil.rmtree(tmp_path / "html.doctrees" / "talknotes-explore" / "html" / "2024-05")
    build = sphinx_build(src, out, *options)
    assert build.returncode == 0, build.stderr
    assert index_record(out)["indexed"] == ["2024-05"] and shard_pages(out) == counts
    clean = sphinx_build(src, tmp_path / "clean", *options)
    assert fragments(out / "pagefind") == fragments(clean.outdir / "pagefind")


PROBE = """
import json
from pathlib import Path


def seen(app):
    \"\"\"Before talknotes writes its generated pages: the shards decided and the shards started.\"\"\"
    from talknotes.sphinx.build import build_of

    indexing = build_of(app.env).explore.indexing
    decided = {"decided": sorted(indexing.decided), "started": len(indexing.results)}
    Path(app.outdir, "probe.json").write_text(json.dumps(decided), encoding="utf-8")
    return []


def setup(app):
    app.connect("html-collect-pages", seen, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def test_a_serial_build_indexes_the_shards_of_documents_while_it_writes_the_generated_pages(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    (src / "probe.py").write_text(PROBE, encoding="utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nimport os, sys\nsys.path.insert(0, os.path.dirname(__file__))\nextensions.append('probe')\n")
    # Pagefind, through a wrapper that notes the priority it runs at.
    niceness = tmp_path / "niceness.txt"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(f'#!/bin/sh\nnice >> "{niceness}"\nexec "{pagefind_binary()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    serial = sphinx_build(src, tmp_path / "serial", "-n", "-W", environment={"PAGEFIND_BINARY_PATH": str(wrapper)})
    assert serial.returncode == 0, serial.stderr
    # On Linux, Pagefind runs at a lower priority than the build it runs beside (the other CPU's work).
    started = niceness.read_text(encoding="utf-8").split()
    assert len(started) == 2 and (sys.platform != "linux" or started == ["10"] * 2)
    # The notes' index holds only notes, all written by then: Pagefind is already at work on it. The
    # other pages' index holds the topic and person pages, not written yet: it waits.
    data = json.loads(serial.page("search.html").select_one("#talknotes-explore-data").get_text())
    shards = [*data["shards"], data["pages"]]
    assert shards == ["notes", "pages"]
    assert json.loads((serial.outdir / "probe.json").read_text()) == {"decided": ["notes"], "started": 1}
    assert sorted(index_record(serial.outdir)["indexed"]) == sorted(shards)
    # Under -j, generated pages may be written in forked processes, which no thread may run beside:
    # every shard waits. The index is the same.
    parallel = sphinx_build(src, tmp_path / "parallel", "-n", "-W", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert json.loads((parallel.outdir / "probe.json").read_text()) == {"decided": [], "started": 0}
    assert sorted(index_record(parallel.outdir)["indexed"]) == sorted(shards)
    assert fragments(parallel.outdir / "pagefind") == fragments(serial.outdir / "pagefind")
    assert fragments(serial.outdir / "pagefind").keys() >= {"/topics/python.html", "/" + NOTE + ".html"}


def test_a_new_broader_topic_reaches_the_index_of_an_unchanged_note(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    assert sphinx_build(src, out, "-n").returncode == 0
    assert page_facts(Build(src, out, 0, "", ""), NOTE + ".html")["topic"] == ["packaging|Packaging", "python|Python"]
    topics = src / "topics.yml"
    topics.write_text(
        topics.read_text(encoding="utf-8").replace("  broader: [python]", "  broader: [python, containers]"),
        encoding="utf-8",
    )
    build = sphinx_build(src, out, "-n")
    assert build.returncode == 0, build.stderr
    assert page_facts(build, NOTE + ".html")["topic"] == [
        "containers|Containers",
        "packaging|Packaging",
        "python|Python",
    ]


def test_without_pagefind_the_site_keeps_sphinx_search_and_says_why(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build = sphinx_build(src, tmp_path / "html", "-n", environment={"PAGEFIND_BINARY_PATH": str(tmp_path / "none")})
    assert "Pagefind is not installed" in build.stderr and "[talknotes.explore]" in build.stderr
    assert (build.outdir / "searchindex.js").is_file()
    assert not (build.outdir / "pagefind").exists()
    assert build.page("search.html").select_one("#talknotes-explore") is None


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_other_builders(builder: str, tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build = sphinx_build(src, tmp_path / builder, "-n", "-W", "--keep-going", builder=builder)
    assert build.returncode == 0, build.stderr
    if builder == "dirhtml":
        data = json.loads(build.page("search/index.html").select_one("#talknotes-explore-data").get_text())
        assert data["index"] == "../pagefind/"
        assert all((build.outdir / "pagefind" / shard / "pagefind.js").is_file() for shard in data["shards"])
        assert build.page("recaps/pycon-x-2024/packaging-talk/index.html").select_one("[data-pagefind-body]")
    else:
        assert not (build.outdir / "pagefind").exists()
        assert "data-pagefind-body" not in (build.outdir / "index.html").read_text(encoding="utf-8")


def fragments(index: Path) -> dict[str, dict]:
    """What Pagefind keeps of each page (content, title, filters, sort, meta, anchors), by URL."""
    found = {}
    for path in index.rglob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.find(b"{") :])
        found[fragment["url"]] = fragment
    return found


def test_pagefind_keeps_the_same_from_the_indexed_part_as_from_the_whole_page(
    basic_site: Build, tmp_path: Path
) -> None:
    """Pagefind is given a page's indexed part only (a third of its bytes): it must keep what it would from the page."""
    binary = pagefind_binary()
    assert binary is not None
    whole = tmp_path / "whole"
    shutil.copytree(basic_site.outdir, whole, ignore=shutil.ignore_patterns("pagefind", "_static", "_sources"))
    command = [str(binary), "--site", str(whole), "--output-path", str(tmp_path / "index"), "--quiet"]
    for selector in EXCLUDED_SELECTORS:
        command += ["--exclude-selectors", selector]
    subprocess.run(command, check=True, capture_output=True)
    expected = fragments(tmp_path / "index")
    assert len(expected) > 15
    assert fragments(basic_site.outdir / "pagefind") == expected


def test_the_indexed_part_is_the_one_the_extension_marked() -> None:
    body = f"<p>Own words.</p><pre>{INDEXED_END}</pre><div>{INDEXED_START}></div>"  # a page quoting the markers
    page = (
        '<!DOCTYPE html>\n<html lang="fr" dir="ltr"><head><title>A &amp; B</title><link rel="x"></head><body>'
        f'<nav>Navigation</nav><article>{INDEXED_START} data-pagefind-sort="date:2024">\n{body}'
        f"<div hidden>facts</div>{INDEXED_END}</div>\n</article><footer>Footer</footer></body></html>"
    )
    part = indexed_part(page)
    assert part.startswith(
        '<!DOCTYPE html>\n<html lang="fr" dir="ltr"><head><meta charset="utf-8"><title>A &amp; B</title>'
    )
    assert f"{body}<div hidden>facts</div>" in part
    assert "Navigation" not in part and "Footer" not in part and "<link" not in part
    # A page the extension did not mark is given whole.
    assert indexed_part("<html><body><p>Plain</p></body></html>") == "<html><body><p>Plain</p></body></html>"
    # The lists of other notes (which Pagefind is told to leave out) are not kept: another note's change
    # leaves what is kept of this page as it was.
    lists = f"<p>Kept.</p>{UNINDEXED_START}<div class=x>Related: A</div>{UNINDEXED_END}<p>Kept too.</p>"
    part = indexed_part(page.replace(body, lists))
    assert "<p>Kept.</p><p>Kept too.</p><div hidden>facts</div>" in part and "Related" not in part
    assert indexed_part(page.replace(body, lists.replace("A", "B"))) == part


def explore_intro(build: Build) -> str:
    return build.page("search.html").select_one("#explore > p").get_text(" ", strip=True)


def test_the_intro_promises_only_the_filters_there_is_something_to_choose_in(basic_site: Build, tmp_path: Path) -> None:
    assert "topic, person, event, place, year and kind" in explore_intro(basic_site)
    src = copy_root("minimal", tmp_path)
    note = src / "recaps/good-2024/fine-note.md"
    note.write_text(note.read_text(encoding="utf-8").replace("speakers: [Ada Lovelace]\n", ""), encoding="utf-8")
    build = sphinx_build(src, tmp_path / "html", "-n")
    assert build.returncode == 0, build.stderr
    intro = explore_intro(build)
    assert "person" not in intro and "Find notes by topic, event, year and kind" in intro


def test_the_explore_page_holds_the_newest_notes_in_the_index_order(basic_site: Build) -> None:
    """Readers see the landing view's first page before the index loads, and without JavaScript."""
    page = basic_site.page("search.html")
    first = page.select("#talknotes-explore-first > li.talknotes-explore-result")
    data = catalog(basic_site)
    newest = sorted(data["notes"], key=lambda n: f"{n['date'] or '0000-00-00'} {n['id']}", reverse=True)
    shown = [li.select_one(".talknotes-explore-title a")["href"].removeprefix("./") for li in first]
    assert shown == [n["url"].removesuffix("index.html") for n in newest][:20]
    assert page.select_one("#talknotes-explore-first")["data-total"] == str(len(data["notes"]))
    assert page.select_one("#talknotes-explore-first-status").get_text() == f"{len(data['notes'])} notes"
    # Labelled as the note's card: the kind capitalized, the date in words, names linked to their pages.
    packaging = next(li for li in first if li.select_one(".talknotes-explore-title a")["href"] == f"./{NOTE}.html")
    details = packaging.select_one(".talknotes-explore-details")
    assert details.get_text(" ", strip=True).startswith("Talk · 11 May 2024 · PyCon X 2024 · with")
    assert details.select_one("time")["datetime"] == "2024-05-11"
    links = {a["href"] for a in details.select("a")}
    assert links >= {"./recaps/pycon-x-2024/index.html", "./speakers/ada-lovelace.html"}
    assert [a.get_text() for a in packaging.select(".talknotes-explore-topics a")] == ["Packaging"]
    assert packaging.select_one(".talknotes-explore-summary").get_text() == "Wheels and lock files."


def test_a_build_finds_the_pagefind_of_npm_before_the_one_of_pypi(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr("platform.system", lambda: "Linux")
    monkeypatch.setattr("platform.machine", lambda: "x86_64")
    node_modules = tmp_path / "node_modules"
    pypi = pagefind_binary(None)
    assert pypi is not None and "node_modules" not in pypi.parts  # no node_modules: PyPI's pagefind-bin
    assert pagefind_binary(node_modules) == pypi
    binary = node_modules / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    binary.parent.mkdir(parents=True)
    binary.write_text("", encoding="utf-8")
    assert npm_pagefind(node_modules) == binary
    assert pagefind_binary(node_modules) == binary
    monkeypatch.setattr("platform.machine", lambda: "aarch64")
    assert pagefind_binary(node_modules) == pypi  # npm ci installs only this machine's package
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(pypi))
    monkeypatch.setattr("platform.machine", lambda: "x86_64")
    assert pagefind_binary(node_modules) == pypi  # Pagefind's own override comes first


def test_the_index_is_made_by_the_pagefind_package_lock_json_pins(basic_site: Build) -> None:
    """The search a reader runs is the indexer's: npm's Pagefind, whose search time grows with its matches."""
    if NPM_PAGEFIND is None:
        pytest.skip("npm ci has not installed Pagefind (make test does)")
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/pagefind"]["version"]
    assert tuple(int(part) for part in pinned.split(".")) >= (1, 6, 0)
    for shard in ("notes", "pages"):
        entry = json.loads((basic_site.outdir / "pagefind" / shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["version"] == pinned
