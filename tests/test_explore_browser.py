"""The explore page in headless Chromium, offline: on the real site and on a site grown to 1,000 generated notes."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import AXE, serve
from helpers import REPO, SITE_PREFIX, Build, copy_root, sphinx_build
from playwright.sync_api import Browser, Page
from test_browser import browsing, visit

FACETS = ("topic", "person", "event", "place", "year", "kind", "notes")


def note_facts(data: dict) -> dict[str, dict[str, set[str]]]:
    """Each listed note's filter values from the catalog: topics with every broader topic, at any depth."""
    broader = {t["id"]: t["broader"] for t in data["topics"]}
    people = {s["id"] for s in data["speakers"]}
    places = {e["id"]: set(e["places"]) for e in data["events"]}
    facts = {}
    for note in data["notes"]:
        topics: set[str] = set()
        pending = list(note["topics"])
        while pending:
            topic = pending.pop()
            if topic not in topics:
                topics.add(topic)
                pending += broader.get(topic, [])
        facts[note["url"]] = {
            "topic": topics,
            "person": {p for p in note["speakers"] if p in people},
            "event": {note["event"]} if note["event"] else set(),
            "place": places.get(note["event"], set()),
            "year": {note["date"][:4] if note["date"] else "undated"},
            "kind": {note["kind"]},
            "notes": {"written" if note["status"] == "note" else "programme"},
        }
    return facts


def matching(facts: dict[str, dict[str, set[str]]], chosen: dict[str, set[str]], but: str = "") -> set[str]:
    """The notes matching every filter but ``but``: within a filter any chosen value, across filters all."""
    return {
        url
        for url, values in facts.items()
        if all(not wanted or values[facet] & wanted for facet, wanted in chosen.items() if facet != but)
    }


def expected_counts(facts: dict, chosen: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for facet in FACETS:
        for url in matching(facts, chosen, but=facet):
            for value in facts[url][facet]:
                counts[facet][value] = counts[facet].get(value, 0) + 1
    return counts


# Opens the site's whole index in the explore page, apart from the page's own script: every shard and the
# index of the other pages, merged, each tagged with its "shard" filter. The query string gives a Pagefind
# module of its own.
OPEN_INDEX = """
    const data = JSON.parse(document.getElementById('talknotes-explore-data').textContent);
    const baseUrl = new URL(data.root, window.location.href).pathname;
    const bundle = (shard) => new URL(`${data.index}${shard}/`, window.location.href).href;
    const pagefind = await import(`${bundle(data.shards[0])}pagefind.js?test`);
    await pagefind.options({baseUrl, mergeFilter: {shard: data.shards[0]}});
    const others = [...data.shards.slice(1), ...(data.pages ? [data.pages] : [])];
    for (const shard of others) await pagefind.mergeIndex(bundle(shard), {baseUrl, mergeFilter: {shard}});
"""


def wait_for_results(page: Page) -> None:
    """Until the view is whole: its results, its filters with their counts and its pages about the words."""
    page.wait_for_function(
        "() => /\\d+ notes?/.test(document.getElementById('talknotes-explore-status')?.textContent)"
        " && document.getElementById('talknotes-explore')?.dataset.ready === 'true'"
    )


def shown_counts(page: Page) -> dict[str, dict[str, int]]:
    """Every filter value the page lists with its count, after opening every "Show all"."""
    while page.locator(".talknotes-explore-toggle[aria-expanded=false]").count():
        page.locator(".talknotes-explore-toggle[aria-expanded=false]").first.click()
    return page.evaluate(
        """() => {
            const counts = {};
            for (const box of document.querySelectorAll('.talknotes-explore-facet input[type=checkbox]')) {
                const label = document.querySelector(`label[for="${CSS.escape(box.id)}"]`);
                const count = Number(label.querySelector('.talknotes-explore-count').textContent.replace(/[()]/g, ''));
                (counts[box.name] ||= {})[box.value] = count;
            }
            return counts;
        }"""
    )


def result_urls(page: Page, root: str) -> list[str]:
    """Every result's URL below the site's root, after "Show more" until all are there."""
    while page.locator(".talknotes-explore-more:not([hidden])").count():
        before = page.locator(".talknotes-explore-result").count()
        page.locator(".talknotes-explore-more").click()
        page.wait_for_function(f"() => document.querySelectorAll('.talknotes-explore-result').length > {before}")
    hrefs = page.locator(".talknotes-explore-title a").evaluate_all("(links) => links.map((a) => a.href)")
    return [urlsplit(href).path.removeprefix(urlsplit(root).path) for href in hrefs]


def as_url(catalog_url: str) -> str:
    """A catalog URL as Pagefind gives it: without a trailing index.html."""
    return catalog_url.removesuffix("index.html")


@pytest.fixture(scope="module")
def grown_site(grown: Build) -> Iterator[tuple[str, dict]]:
    build = grown
    data = json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))
    with serve(build.outdir, SITE_PREFIX) as url:
        yield url, data


def test_a_broader_topic_shows_the_notes_of_its_narrower_topics(browser: Browser, site: str, real_site: Build) -> None:
    data = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    broad = next(t for t in data["topics"] if t["narrower"] and not t["notes"])
    facts = note_facts(data)
    with browsing(browser) as (page, problems):
        visit(page, site + f"search.html?topic={broad['id']}")
        wait_for_results(page)
        found = result_urls(page, site)
        assert problems.offsite == [] and not problems, problems
    expected = {as_url(u) for u in matching(facts, {"topic": {broad["id"]}})}
    assert expected and set(found) == expected


def test_a_city_and_its_country_are_filters_with_their_names(browser: Browser, site: str, real_site: Build) -> None:
    data = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    facts = note_facts(data)
    with browsing(browser) as (page, problems):
        visit(page, site + "search.html?place=canada/montreal")
        wait_for_results(page)
        found = result_urls(page, site)
        labels = page.locator(".talknotes-explore-place label").all_inner_texts()
        assert not problems, problems
    expected = {as_url(u) for u in matching(facts, {"place": {"canada/montreal"}})}
    assert len(expected) >= 4 and set(found) == expected
    assert sorted(" ".join(label.split()[:-1]) for label in labels) == ["Canada", "Montreal, Quebec, Canada"]


def test_search_box_leads_to_the_explore_page_and_finds_generated_pages(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "index.html")
        box = page.locator("input[name=q]").first
        box.fill("Kubernetes")
        box.press("Enter")
        page.wait_for_url(re.compile(r".*search\.html\?q=Kubernetes.*"))
        wait_for_results(page)
        assert page.locator("#talknotes-explore-q").input_value() == "Kubernetes"
        pages = page.locator(".talknotes-explore-pages a").evaluate_all("(links) => links.map((a) => a.href)")
        assert any(href.endswith("topics/kubernetes.html") for href in pages), pages
        notes = result_urls(page, site)
        assert "recaps/openstack-day-canada-2016/kubernetes-and-openstack.html" in notes
        assert not any(url.startswith("docs/") and "architecture" not in url for url in notes + pages)
        assert not problems, problems


def test_topic_year_and_kind_combine_with_counts_from_the_catalog(browser: Browser, grown_site: tuple) -> None:
    url, data = grown_site
    facts = note_facts(data)
    years = sorted({next(iter(f["year"])) for f in facts.values()})[-2:]
    kinds = {k for f in facts.values() for k in f["kind"]}
    kind = "talk" if "talk" in kinds else sorted(kinds)[0]

    def chosen_with(topic: str) -> dict[str, set[str]]:
        return {"topic": {topic}, "year": set(years), "kind": {kind}}

    # A topic with narrower topics when one has notes of those years, else the one with most notes there.
    topic = max(
        (t["id"] for t in data["topics"]),
        key=lambda t: (
            bool(matching(facts, chosen_with(t))) and bool(next(x for x in data["topics"] if x["id"] == t)["narrower"]),
            len(matching(facts, chosen_with(t))),
            t,
        ),
    )
    chosen = chosen_with(topic)
    query = f"topic={topic}&year={years[0]}&year={years[1]}&kind={kind}"
    with browsing(browser) as (page, problems):
        visit(page, url + "search.html?" + query)
        wait_for_results(page)
        found = result_urls(page, url)
        counts = shown_counts(page)
        assert not problems, problems
    expected = {as_url(u) for u in matching(facts, chosen)}
    assert expected and set(found) == expected and len(found) == len(expected)
    want = expected_counts(facts, chosen)
    for facet in FACETS:
        assert counts.get(facet, {}) == {v: n for v, n in want[facet].items() if n}, facet
    # Newest first.
    dates = {as_url(n["url"]): n["date"] or "" for n in data["notes"]}
    listed = [dates[u] for u in found]
    assert listed == sorted(listed, reverse=True)


def test_every_listed_note_is_in_the_index_with_its_facts(browser: Browser, grown_site: tuple) -> None:
    url, data = grown_site
    facts = note_facts(data)
    with browsing(browser) as (page, problems):
        visit(page, url + "search.html")
        wait_for_results(page)
        indexed = page.evaluate(
            f"""async () => {{
                {OPEN_INDEX}
                const found = await pagefind.search(null, {{filters: {{type: 'note'}}}});
                const all = await Promise.all(found.results.map((r) => r.data()));
                return all.map((d) => [d.url, d.filters]);
            }}"""
        )
        assert not problems, problems
    prefix = urlsplit(url).path
    # Topics, people and events are "id|Name" in the index: the id is what the address holds.
    got = {
        u.removeprefix(prefix): {
            k: {value.split("|")[0] for value in v}
            for k, v in f.items()
            if k not in ("type", "shard") and not k.endswith("_id")
        }
        for u, f in indexed
    }
    want = {as_url(u): {k: v for k, v in f.items() if v} for u, f in facts.items()}
    assert len(got) == len(want) >= 1000
    assert got == want


def test_a_shared_address_restores_the_view_and_the_back_button_too(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "search.html?q=upgrades&kind=discussion&sort=oldest")
        wait_for_results(page)
        assert page.locator("#talknotes-explore-q").input_value() == "upgrades"
        assert page.locator("#talknotes-explore-sort").input_value() == "oldest"
        assert page.locator("#talknotes-explore-kind-discussion").is_checked()
        first = page.locator("#talknotes-explore-status").text_content()
        page.locator("#talknotes-explore-kind-discussion").uncheck()
        page.wait_for_function("() => !location.search.includes('kind=')")
        page.go_back()
        page.wait_for_function("() => location.search.includes('kind=discussion')")
        page.wait_for_function("() => document.getElementById('talknotes-explore-kind-discussion')?.checked === true")
        assert page.locator("#talknotes-explore-status").text_content() == first
        assert not problems, problems


def test_explore_by_keyboard(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "search.html")
        wait_for_results(page)
        page.locator("#talknotes-explore-q").focus()
        page.keyboard.type("openstack")
        page.wait_for_function("() => location.search.includes('q=openstack')")
        wait_for_results(page)
        # Tab on to the first filter value and tick it with the space bar.
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.type === 'checkbox'"):
                break
        name, value = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
        page.keyboard.press("Space")
        page.wait_for_function(f"() => new URLSearchParams(location.search).getAll('{name}').includes('{value}')")
        assert parse_qs(urlsplit(page.url).query)[name] == [value]
        assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_explore_has_no_serious_accessibility_violations(browser: Browser, grown_site: tuple, scheme: str) -> None:
    url, _ = grown_site
    with browsing(browser, color_scheme=scheme) as (page, problems):
        visit(page, url + "search.html?q=cluster&kind=talk")
        wait_for_results(page)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        assert not problems, problems
    serious = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_without_javascript_the_page_says_so_and_links_the_overviews(browser: Browser, site: str) -> None:
    with browsing(browser, java_script_enabled=False) as (page, _problems):
        visit(page, site + "search.html")
        notice = page.locator("noscript").first
        assert notice.count() == 1
        text = page.locator("article").inner_text()
        assert "needs JavaScript" in text
        for name in ("Events", "Topics", "People"):
            link = page.get_by_role("link", name=name, exact=True).last
            assert link.get_attribute("href"), name
        # The newest notes are there all the same, written into the page by the build.
        newest = page.locator("#talknotes-explore-first .talknotes-explore-title a")
        assert newest.count() >= 5 and newest.first.is_visible()


def test_a_site_opened_as_a_file_says_how_to_serve_it(browser: Browser, real_site: Build) -> None:
    page = browser.new_page()
    try:
        page.goto(Path(real_site.outdir / "search.html").as_uri())
        page.locator("#talknotes-explore-failed").wait_for(state="visible", timeout=15_000)
        assert "web server" in page.locator("#talknotes-explore-failed").inner_text()
    finally:
        page.close()


INDEX_DUMP = f"""async () => {{
    {OPEN_INDEX}
    const types = ['note', 'topic', 'person', 'event', 'year', 'series', 'page'];
    const found = await pagefind.search(null, {{filters: {{type: {{any: types}}}}}});
    const all = await Promise.all(found.results.map((r) => r.data()));
    return all.map((d) => [d.url, d.filters, d.meta, d.content]).sort((a, b) => a[0].localeCompare(b[0]));
}}"""


def index_contents(browser: Browser, outdir: Path) -> list:
    """Everything the index holds of every page, read through Pagefind's own API, in URL order."""
    with serve(outdir, SITE_PREFIX) as url, browsing(browser) as (page, problems):
        visit(page, url + "search.html")
        wait_for_results(page)
        contents = page.evaluate(INDEX_DUMP)
        assert not problems, problems
    return contents


def test_incremental_index_holds_what_a_clean_one_does(browser: Browser, tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    out = tmp_path / "html"
    assert sphinx_build(src, out, "-n").returncode == 0
    event = src / "recaps/pycon-x-2024"
    steps = {
        "add": lambda: (event / "new-talk.md").write_text(
            "---\nkind: panel\ntopics: [packaging]\nsummary: Zanzibar wheels.\n---\n# A new panel\n\nZanzibar.\n",
            encoding="utf-8",
        ),
        "edit": lambda: (event / "keynote.md").write_text(
            (event / "keynote.md").read_text(encoding="utf-8") + "\nQuetzalcoatl.\n", encoding="utf-8"
        ),
        "remove": lambda: (event / "new-talk.md").unlink(),
    }
    for step, change in steps.items():
        change()
        assert sphinx_build(src, out, "-n").returncode == 0, step
        clean = sphinx_build(src, tmp_path / f"clean-{step}", "-n")
        assert clean.returncode == 0, step
        incremental = index_contents(browser, out)
        assert incremental == index_contents(browser, clean.outdir), step
        urls = [entry[0] for entry in incremental]
        assert any(url.endswith("new-talk.html") for url in urls) == (step != "remove"), step
        assert ("Quetzalcoatl" in json.dumps(incremental)) == (step != "add"), step


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict]]:
    """The basic site with shards of one page: a shard per month of notes, and a bucket for about every other page."""
    base = tmp_path_factory.mktemp("sharded")
    build = sphinx_build(copy_root("basic", base), base / "html", "-n", "-W", "-D", "talknotes_explore_shard_pages=1")
    assert build.returncode == 0, build.stderr
    data = json.loads((build.outdir / "catalog.json").read_text(encoding="utf-8"))
    with serve(build.outdir, SITE_PREFIX) as url:
        yield url, data


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_dates_stay_in_order_across_the_shards_of_the_index(browser: Browser, sharded_site: tuple, order: str) -> None:
    url, data = sharded_site
    with browsing(browser) as (page, problems):
        visit(page, url + ("search.html" if order == "newest" else "search.html?sort=oldest"))
        wait_for_results(page)
        shards = page.evaluate("() => JSON.parse(document.getElementById('talknotes-explore-data').textContent).shards")
        found = result_urls(page, url)
        status = page.locator("#talknotes-explore-status").inner_text()
        assert not problems, problems
    others = sum(1 for shard in shards if shard.startswith("other-"))
    assert len(shards) - others == 2 and others >= 4
    dates = {as_url(n["url"]): n["date"] or "" for n in data["notes"]}
    assert sorted(found) == sorted(dates) and status.startswith(f"{len(dates)} notes")
    listed = [dates[u] for u in found]
    assert listed == sorted(listed, reverse=order == "newest")


def test_filters_and_words_count_across_the_shards_of_the_index(browser: Browser, sharded_site: tuple) -> None:
    url, data = sharded_site
    facts = note_facts(data)
    topic = max((t["id"] for t in data["topics"]), key=lambda t: (len(matching(facts, {"topic": {t}})), t))
    chosen = {"topic": {topic}}
    with browsing(browser) as (page, problems):
        visit(page, url + f"search.html?topic={topic}")
        wait_for_results(page)
        found = result_urls(page, url)
        counts = shown_counts(page)
        assert not problems, problems
    assert set(found) == {as_url(u) for u in matching(facts, chosen)} and len(found) == len(set(found))
    want = expected_counts(facts, chosen)
    for facet in FACETS:
        assert counts.get(facet, {}) == {v: n for v, n in want[facet].items() if n}, facet


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE_TALL = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


def box_of(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("query", ["", "q=cluster", "year=2016&kind=talk"])
def test_results_are_on_the_first_screen_with_the_filters_beside_them(
    browser: Browser, grown_site: tuple, query: str
) -> None:
    url, _ = grown_site
    with browsing(browser, **DESKTOP) as (page, problems):
        visit(page, url + "search.html?" + query)
        wait_for_results(page)
        first = box_of(page, ".talknotes-explore-result")
        facets = box_of(page, ".talknotes-explore-facets")
        assert page.evaluate("() => window.scrollY") == 0
        assert first["y"] + first["height"] <= 900, first  # the whole first result, without scrolling
        # The filters are a column beside the results, on the first screen too; no button hides them.
        assert facets["x"] >= first["x"] + first["width"] and facets["y"] < 900, (facets, first)
        assert not page.locator(".talknotes-explore-filters-button").is_visible()
        assert not problems, problems


def test_on_a_phone_results_come_first_and_the_filters_open_from_a_button(browser: Browser, grown_site: tuple) -> None:
    url, _ = grown_site
    with browsing(browser, **PHONE_TALL) as (page, problems):
        visit(page, url + "search.html?kind=talk")
        wait_for_results(page)
        first = box_of(page, ".talknotes-explore-result")
        assert first["y"] + first["height"] <= 844, first
        assert not page.locator(".talknotes-explore-facet").first.is_visible()
        button = page.locator(".talknotes-explore-filters-button")
        assert button.is_visible() and button.inner_text() == "Filters (1)"
        assert button.get_attribute("aria-expanded") == "false"
        # No label stranded at the end of a row: "Order" sits on the row of its list.
        label, order = box_of(page, "label[for=talknotes-explore-sort]"), box_of(page, "#talknotes-explore-sort")
        assert abs((label["y"] + label["height"] / 2) - (order["y"] + order["height"] / 2)) < order["height"] / 2
        button.tap()
        assert button.get_attribute("aria-expanded") == "true"
        facet = box_of(page, ".talknotes-explore-facet")
        assert page.locator(".talknotes-explore-facet").first.is_visible()
        assert facet["y"] < box_of(page, ".talknotes-explore-result")["y"]  # opened at the top, above the results
        page.locator(".talknotes-explore-year input").first.check()
        page.wait_for_function(
            "() => /Filters \\(2\\)/.test(document.querySelector('.talknotes-explore-filters-button').textContent)"
        )
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        assert not problems, problems


def test_words_are_in_best_match_order_unless_the_reader_chose_one(browser: Browser, grown_site: tuple) -> None:
    url, _ = grown_site
    with browsing(browser, **DESKTOP) as (page, problems):
        visit(page, url + "search.html")
        wait_for_results(page)
        order = page.locator("#talknotes-explore-sort")
        assert order.input_value() == "newest"
        assert page.locator("#talknotes-explore-sort option[value=relevance]").is_disabled()
        page.locator("#talknotes-explore-q").fill("pipeline latency")
        page.wait_for_function("() => location.search.includes('q=pipeline')")
        wait_for_results(page)
        assert order.input_value() == "relevance" and "sort=" not in page.url
        shown = page.locator(".talknotes-explore-title a").evaluate_all("(links) => links.map((a) => a.href)")
        ranked = page.evaluate(
            f"""async () => {{
                {OPEN_INDEX}
                const found = await pagefind.search('pipeline latency', {{filters: {{type: 'note'}}}});
                return Promise.all(found.results.slice(0, 20).map(async (r) => (await r.data()).url));
            }}"""
        )
        assert [urlsplit(h).path for h in shown] == ranked
        # An order the reader chose stays when the words change, and is in the address.
        order.select_option("oldest")
        page.wait_for_function("() => location.search.includes('sort=oldest')")
        page.locator("#talknotes-explore-q").fill("cluster")
        page.wait_for_function("() => location.search.includes('q=cluster')")
        wait_for_results(page)
        assert order.input_value() == "oldest"
        assert not problems, problems


def test_pages_about_the_words_are_a_group_of_their_own(browser: Browser, site: str) -> None:
    with browsing(browser, **DESKTOP) as (page, problems):
        visit(page, site + "search.html?q=Kubernetes")
        wait_for_results(page)
        group = page.locator(".talknotes-explore-pages")
        assert group.is_visible()
        assert group.locator("h2").inner_text() == "Pages about “Kubernetes”"
        pages = group.locator("a").evaluate_all("(links) => links.map((a) => new URL(a.href).pathname)")
        assert any(p.endswith("topics/kubernetes.html") for p in pages), pages
        assert "Topic" in group.inner_text()
        # Never the home page, and never among the numbered notes.
        home = urlsplit(site).path
        assert home not in pages and home + "index.html" not in pages
        titles = page.locator("#talknotes-explore-results .talknotes-explore-title a")
        notes = titles.evaluate_all("(links) => links.map((a) => new URL(a.href).pathname)")
        assert notes and not set(notes) & set(pages)
        assert not problems, problems


def test_no_match_is_a_message_not_a_result(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "search.html?q=zyzzyvaquux")
        wait_for_results(page)
        assert page.locator("#talknotes-explore-status").inner_text() == "0 notes for “zyzzyvaquux”"
        assert page.locator("#talknotes-explore-results li").count() == 0
        message = page.locator(".talknotes-explore-none")
        assert message.is_visible() and "No note matches" in message.inner_text()
        assert message.evaluate("(node) => node.tagName") == "P"
        assert not problems, problems


def test_results_are_labelled_as_on_the_rest_of_the_site(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "search.html?q=Kubernetes")
        wait_for_results(page)
        details = page.locator(".talknotes-explore-details").first.inner_text()
        assert re.match(r"^[A-Z][a-z]+ · \d{1,2} [A-Z][a-z]+ \d{4} · ", details), details
        assert not problems, problems


@pytest.fixture(scope="module")
def crowded_site(crowded: Build) -> Iterator[tuple[str, dict]]:
    data = json.loads((crowded.outdir / "catalog.json").read_text(encoding="utf-8"))
    with serve(crowded.outdir, SITE_PREFIX) as url:
        yield url, data


def test_a_filter_search_finds_one_person_among_two_thousand(browser: Browser, crowded_site: tuple) -> None:
    url, data = crowded_site
    people = sorted(data["speakers"], key=lambda s: s["id"])
    assert len(people) >= 2000
    person = people[len(people) // 2]
    notes = {as_url(n["url"]) for n in data["notes"] if person["id"] in n["speakers"]}
    with browsing(browser, **DESKTOP) as (page, problems):
        visit(page, url + "search.html")
        wait_for_results(page)
        find = page.locator("#talknotes-explore-find-person")
        assert find.get_attribute("aria-label") == f"Find a person among {len(people)}"
        # The facet lists the top few; typing part of a name, any case, finds the one.
        assert page.locator(".talknotes-explore-person li").count() <= 10
        find.fill(person["name"].upper())
        box = page.locator(f"#talknotes-explore-person-{person['id']}")
        box.check()
        page.wait_for_function(f"() => location.search.includes('person={person['id']}')")
        wait_for_results(page)
        assert set(result_urls(page, url)) == notes
        assert page.locator(f"#talknotes-explore-person-{person['id']}").is_checked()
        assert not problems, problems


def test_a_reader_gets_the_first_results_within_the_request_and_byte_budget(browser: Browser, grown: Build) -> None:
    """The budgets of bench/reader.py at 1,000 notes: requests and bytes (its times belong to the bench)."""
    sys.path.insert(0, str(REPO / "bench"))
    from reader import default_views, measure_in

    outdir = grown.outdir
    views = default_views(outdir)
    assert set(views) == {"landing", "filter", "word", "common word"}
    figures = measure_in(browser, outdir, views)
    for name, view in figures.items():
        assert view["results"] >= 1, name
        assert view["requests"] <= 30 and view["bytes"] <= 500_000, (name, view)
        if "more" in view:
            assert view["more"]["bytes"] <= 200_000, (name, view)
    # The landing view's first page is written into the page: nothing but the page and its styles and scripts.
    assert figures["landing"]["results"] == 20 and figures["landing"]["requests"] <= 10, figures["landing"]
    assert "more" in figures["landing"] and figures["landing"]["more"]["requests"] >= 20


def test_explore_works_in_dirhtml_with_folder_addresses(browser: Browser, tmp_path: Path) -> None:
    """The real site built with dirhtml: the explore page at search/, its results, filters and pages as folders."""
    build = sphinx_build(REPO, tmp_path / "dirhtml", "-n", "-W", "--keep-going", builder="dirhtml")
    assert build.returncode == 0, build.stderr
    note = "recaps/openstack-day-canada-2016/kubernetes-and-openstack/"
    with serve(build.outdir, SITE_PREFIX) as url, browsing(browser) as (page, problems):
        visit(page, url + "search/?q=Kubernetes")
        wait_for_results(page)
        notes = result_urls(page, url)
        assert note in notes and all(address.endswith("/") for address in notes), notes
        pages = page.locator(".talknotes-explore-pages a").evaluate_all("(links) => links.map((a) => a.href)")
        assert url + "topics/kubernetes/" in pages, pages
        # A filter from the address, and a result followed to its page.
        visit(page, url + "search/?topic=kubernetes")
        wait_for_results(page)
        assert note in result_urls(page, url)
        page.locator(f'.talknotes-explore-title a[href$="{note}"]').first.click()
        page.wait_for_url(url + note)
        assert "Kubernetes" in page.locator("h1").first.text_content()
        assert not problems, problems
    for address in notes:
        assert (build.outdir / address / "index.html").is_file(), address
