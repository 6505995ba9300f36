"""What a reader pays on the explore page of a built site: time to the first results, requests and bytes.

The site is served from 127.0.0.1 (as ``tests/browser.py`` serves it: below a Read the Docs path, its text
gzipped as Read the Docs' CDN sends it; Pagefind's files are compressed by Pagefind) and opened in headless
Chromium at 1280×900 with an empty cache, once per view. The explore page marks the moment its first
results (or its "no note matches" message) are on the page with ``performance.mark``; every request
that ended before that mark counts, with its transferred bytes, from the browser's own resource timing.
"Show more" is then pressed once, and what it loads is its page's cost.

Also the largest HTML pages of the site, the overviews' budget.

    python bench/reader.py _build/html                      # landing, a filter and a word, as JSON
    python bench/reader.py _build/html --view "q=cloud"     # one more view
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

RESULTS_MARK = "talknotes-explore-results"  # set by talknotes-explore.js when the first results are shown
VIEWPORT = {"width": 1280, "height": 900}
# The moment the first results were shown, on the clock of the requests' timings (milliseconds since 1970).
SHOWN_AT = "(mark) => performance.timeOrigin + performance.getEntriesByName(mark)[0].startTime"


def default_views(outdir: Path) -> dict[str, str]:
    """The landing view; one filter, the event with the most talks; a word as a reader types one, in about
    one note in twenty (a word of the names of topics, ``typical_word``); and the word most
    common in the notes' titles, the worst case: Pagefind's time grows with the notes a word is in."""
    catalog = read_catalog(outdir)
    views = {"landing": ""}
    event = biggest_event(catalog)
    if event:
        views["filter"] = f"event={event}"
    views["word"] = f"q={quote(typical_word(catalog) or 'cluster')}"
    views["common word"] = f"q={quote(common_word(catalog) or 'cluster')}"
    return views


def read_catalog(outdir: Path) -> dict[str, Any]:
    path = outdir / "catalog.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def biggest_event(catalog: dict[str, Any]) -> str | None:
    """The id of the event with the most talks."""
    counts = Counter(talk["event"] for talk in catalog.get("notes", []) if talk.get("event"))
    return max(sorted(counts), key=lambda e: counts[e], default=None)


def typical_word(catalog: dict[str, Any]) -> str | None:
    """Of the words in the names of topics, the one whose topics are those of the number of notes nearest one in
    twenty: a note's card shows its topics, so the word finds those notes."""
    notes = catalog.get("notes", [])
    names = {topic["id"]: set(words(topic["name"])) for topic in catalog.get("topics", [])}
    found: dict[str, set[int]] = defaultdict(set)
    for index, note in enumerate(notes):
        for topic in note["topics"]:
            for word in names.get(topic, ()):
                found[word].add(index)
    target = len(notes) / 20
    return min(sorted(found), key=lambda w: (abs(len(found[w]) - target), w), default=None)


def common_word(catalog: dict[str, Any]) -> str | None:
    """The word of four letters or more that most notes have in their titles."""
    counts = Counter(w for note in catalog.get("notes", []) for w in set(words(note["title"])) if len(w) >= 4)
    return max(sorted(counts), key=lambda w: counts[w], default=None)


def measure(outdir: Path, views: dict[str, str], timeout_ms: int = 60_000) -> dict[str, dict[str, Any]]:
    """Each view's figures, in a Chromium of its own."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("Chromium is not installed: the reader's figures need it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            return measure_in(browser, outdir, views, timeout_ms)
        finally:
            browser.close()


def measure_in(browser: Browser, outdir: Path, views: dict[str, str], timeout_ms: int = 60_000) -> dict[str, Any]:
    """Each view's figures, in ``browser`` (a test's own): a fresh context, so an empty cache, for each."""
    from browser import serve
    from helpers import SITE_PREFIX

    figures: dict[str, dict[str, Any]] = {}
    with serve(outdir, SITE_PREFIX, compress=True) as url:
        for name, query in views.items():
            context = browser.new_context(viewport=VIEWPORT)
            finished: list[Request] = []  # the page's requests and its workers' (Pagefind searches in one)
            context.on("requestfinished", lambda request, into=finished: into.append(request))
            page = context.new_page()
            page.goto(url + "search.html" + (f"?{query}" if query else ""))
            page.wait_for_function(f"() => performance.getEntriesByName('{RESULTS_MARK}').length", timeout=timeout_ms)
            shown_at = page.evaluate(SHOWN_AT, RESULTS_MARK)
            start = page.evaluate("() => performance.timeOrigin")
            first = [r for r in finished if ended_at(r) <= shown_at]
            view: dict[str, Any] = {"ms": round(shown_at - start), **cost(first)}
            view["results"] = page.locator(".talknotes-explore-result").count()
            view["status"] = page.locator("#talknotes-explore-status").text_content()
            # Then the index behind the first results: every filter's values and counts, shown as the filters.
            page.locator(".talknotes-explore-facet").first.wait_for(timeout=timeout_ms)
            page.wait_for_load_state("networkidle")
            view["loaded"] = cost(finished)
            more = page.locator(".talknotes-explore-more:not([hidden])")
            if more.count():
                before, loaded = view["results"], len(finished)
                more.click()
                page.wait_for_function(
                    f"() => document.querySelectorAll('.talknotes-explore-result').length > {before}",
                    timeout=timeout_ms,
                )
                page.wait_for_load_state("networkidle")
                view["more"] = cost(finished[loaded:])
            figures[name] = view
            context.close()
    return figures


def ended_at(request: Request) -> float:
    timing = request.timing
    return timing["startTime"] + max(timing["responseEnd"], 0)


def cost(requests: list[Request]) -> dict[str, int]:
    """How many requests, and their bytes as transferred (headers and body)."""
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return {"requests": len(requests), "bytes": total}


def largest_pages(outdir: Path, count: int = 5) -> list[tuple[str, int]]:
    """The biggest HTML pages of the site, in bytes, biggest first."""
    sizes = [(str(p.relative_to(outdir)), p.stat().st_size) for p in outdir.rglob("*.html")]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path, help="a built html folder")
    parser.add_argument("--view", action="append", default=[], help="one more view: an explore query string")
    args = parser.parse_args()
    views = default_views(args.outdir)
    views.update({f"view-{i}": query for i, query in enumerate(args.view, 1)})
    report = {"views": measure(args.outdir, views), "largest_pages": largest_pages(args.outdir)}
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
