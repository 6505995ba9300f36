"""The real site in headless Chromium, as readers use it: served over HTTP, offline, on a phone, with axe-core."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browser import AXE, SCREENSHOTS, Problems, serve, watch
from helpers import HOSTING, REPO, SITE_PREFIX, Build, copy_real_site, sphinx_build
from playwright.sync_api import Browser, BrowserContext, Page

EVENT = "recaps/openstack-day-canada-2016/index.html"
NOTE = "recaps/openstack-day-canada-2016/kubernetes-and-openstack.html"
DIAGRAM = "docs/architecture/vm-container-consumption-model.html"
KEY_PAGES = {
    "home": "index.html",
    "events": "recaps/index.html",
    "event": EVENT,
    "note": NOTE,
    "topics": "topics/index.html",
    "topic": "topics/kubernetes.html",
    "speakers": "speakers/index.html",
    "year": "recaps/2016.html",
    "diagram": DIAGRAM,
    "search": "search.html?q=Kubernetes",
}
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def bounded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site with the navigation a large site gets: bounded, every list cut to one entry around the page."""
    base = tmp_path_factory.mktemp("bounded-real")
    src = copy_real_site(base / "src")
    if (REPO / "node_modules").is_dir():
        (src / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    settings = ("-D", "talknotes_navigation_limit=3", "-D", "talknotes_navigation_window=1")
    build = sphinx_build(src, base / "html", "-n", "-W", "--keep-going", *settings, environment=HOSTING)
    assert build.returncode == 0, build.stderr
    with serve(build.outdir, SITE_PREFIX) as url:
        yield url


@contextmanager
def browsing(
    browser: Browser, expected: dict[str, int] | None = None, **options: Any
) -> Iterator[tuple[Page, Problems]]:
    """A fresh browser context and page, watched for console errors, failed and off-site requests."""
    context: BrowserContext = browser.new_context(**options)
    problems = Problems()
    watch(context, problems, expected)
    page = context.new_page()
    try:
        yield page, problems
    finally:
        context.close()


def visit(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def luminance(css_color: str) -> float:
    """The relative luminance (0 black, 1 white) of a computed ``rgb(...)`` colour."""
    red, green, blue = (int(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def wait_for_diagram(page: Page) -> dict[str, str]:
    """Wait until Mermaid has drawn the diagram; its text and the colours of a node."""
    page.wait_for_selector(".mermaid svg .node", timeout=30_000)
    return page.evaluate(
        """() => {
            const svg = document.querySelector('.mermaid svg');
            const shape = svg.querySelector('.node rect, .node polygon, .node path');
            const label = svg.querySelector('.node .nodeLabel, .node text');
            return {
                text: svg.textContent,
                fill: getComputedStyle(shape).fill,
                label: getComputedStyle(label).color,
                page: getComputedStyle(document.body).backgroundColor,
            };
        }"""
    )


def test_every_page_loads_without_errors_or_requests_off_localhost(
    browser: Browser, site: str, real_site: Build
) -> None:
    pages = sorted(p.relative_to(real_site.outdir).as_posix() for p in real_site.outdir.rglob("*.html"))
    assert len(pages) >= 25
    found: dict[str, list[str]] = {}
    with browsing(browser) as (page, problems):
        for path in pages:
            visit(page, site + path)
            if path == DIAGRAM:
                wait_for_diagram(page)
            assert page.title(), path
            if problems:
                found[path] = problems.console + problems.failed + problems.offsite
            problems.clear()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_renders_with_its_labels(browser: Browser, site: str, scheme: str) -> None:
    source = (REPO / "diagrams/vm-container-consumption-model.mmd").read_text(encoding="utf-8")
    labels = re.findall(r'\["([^"]+)"\]', source)
    assert len(labels) >= 6
    with browsing(browser, color_scheme=scheme) as (page, problems):
        visit(page, site + DIAGRAM)
        drawn = wait_for_diagram(page)
        page.locator(".mermaid").first.screenshot(path=SCREENSHOTS / f"diagram-{scheme}.png")
        assert not problems, problems
    text = " ".join(drawn["text"].split())
    assert [label for label in labels if " ".join(label.split()) not in text] == []
    page_is_dark = luminance(drawn["page"]) < 0.5
    assert page_is_dark == (scheme == "dark")
    # The diagram follows the page: dark nodes with light labels in dark mode, and the reverse in light mode.
    assert (luminance(drawn["fill"]) < 0.5) == (scheme == "dark"), drawn
    assert abs(luminance(drawn["fill"]) - luminance(drawn["label"])) > 0.4, drawn


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_full_screen_button_shows_an_icon_and_opens(browser: Browser, site: str, scheme: str) -> None:
    with browsing(browser, color_scheme=scheme) as (page, problems):
        visit(page, site + DIAGRAM)
        wait_for_diagram(page)
        button = page.locator(".mermaid-fullscreen-btn").first
        button.wait_for(timeout=10_000)
        drawn = button.evaluate(
            """(button) => {
                const icon = getComputedStyle(button, '::before');
                return {text: button.textContent, label: button.getAttribute('aria-label'),
                        mask: icon.maskImage || icon.webkitMaskImage, width: icon.width,
                        colour: icon.backgroundColor, background: getComputedStyle(button).backgroundColor};
            }"""
        )
        # No glyph a font may lack; an icon drawn from an inline SVG, in a colour that stands out.
        assert drawn["text"] == "" and drawn["label"], drawn
        assert drawn["mask"].startswith('url("data:image/svg+xml') and drawn["width"] == "16px", drawn
        assert abs(luminance(drawn["colour"]) - luminance(drawn["background"])) > 0.4, drawn
        button.screenshot(path=SCREENSHOTS / f"diagram-button-{scheme}.png")
        button.click()
        page.locator(".mermaid-fullscreen-modal svg").first.wait_for(timeout=10_000)
        assert not problems, problems


CARD_ROWS = """() => [...document.querySelectorAll('.talknotes-card .talknotes-fields > dt')].map(dt => {
    const firstText = (element) => document.createTreeWalker(
        element, NodeFilter.SHOW_TEXT, {acceptNode: (n) => n.textContent.trim() ? 1 : 2}).nextNode();
    const bottom = (node) => { const r = document.createRange(); r.selectNodeContents(node);
                               return r.getClientRects()[0].bottom; };
    return [dt.textContent.trim(), bottom(firstText(dt)) - bottom(firstText(dt.nextElementSibling))];
})"""


@pytest.mark.parametrize(
    "path", [EVENT, "recaps/openstack-day-canada-2016/kubernetes-and-openstack.html", "topics/openstack.html"]
)
def test_card_labels_are_alike_and_on_the_line_of_their_values(browser: Browser, site: str, path: str) -> None:
    with browsing(browser, viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, site + path)
        rows = page.evaluate(CARD_ROWS)
        assert not problems, problems
    assert len(rows) >= 2
    for label, offset in rows:
        assert re.fullmatch(r"[A-Z][a-z ]+:", label), label  # every card: "Label:", as on every other card
        assert abs(offset) < 1, (label, offset)  # the label's text sits on its value's first line


def test_diagram_follows_the_theme_toggle(browser: Browser, site: str) -> None:
    """A reader on a light system who switches the site to dark gets the diagram redrawn dark."""
    with browsing(browser, color_scheme="light", viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, site + DIAGRAM)
        assert luminance(wait_for_diagram(page)["fill"]) > 0.5
        page.locator(".theme-toggle:visible").first.click()  # auto -> dark, on a light system
        assert page.evaluate("() => document.body.dataset.theme") == "dark"
        page.wait_for_function(
            """() => {
                const shape = document.querySelector('.mermaid svg .node rect, .mermaid svg .node polygon');
                if (!shape) return false;
                const [r, g, b] = getComputedStyle(shape).fill.match(/[\\d.]+/g).map(Number);
                return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5;
            }""",
            timeout=30_000,
        )
        assert not problems, problems


def test_a_reader_browses_by_clicks(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + "index.html")
        page.locator(".sidebar-tree").get_by_role("link", name="Events", exact=True).click()
        page.wait_for_url(site + "recaps/index.html")
        assert page.locator("h1").first.inner_text().startswith("Events")
        page.locator("article").get_by_role("link", name="OpenStack Day Canada 2016").first.click()
        page.wait_for_url(site + EVENT)
        assert "Notman House" in page.locator(".talknotes-event-card").inner_text()
        page.locator("article .talknotes-notes").get_by_role(
            "link", name="Kubernetes above and below OpenStack"
        ).click()
        page.wait_for_url(site + NOTE)
        card = page.locator(".talknotes-note-card")
        assert "OpenStack Day Canada 2016" in card.inner_text()
        card.get_by_role("link", name="Kubernetes", exact=True).click()
        page.wait_for_url(site + "topics/kubernetes.html")
        assert page.locator("h1").first.inner_text().startswith("Kubernetes")
        # From the topic, on to its broader topic and to the event its notes come from.
        page.locator(".talknotes-topic-card").get_by_role("link", name="Containers").click()
        page.wait_for_url(site + "topics/containers.html")
        page.locator("article").get_by_role("link", name="OpenStack Day Canada 2016").first.click()
        page.wait_for_url(site + EVENT)
        assert not problems, problems


def test_a_reader_sees_people_counts_and_sections_as_they_are(browser: Browser, site: str) -> None:
    """What a first reader of the real site stumbled on: an empty people page, a broader topic at (0),
    the event's notes missing from "On this page", an index link to an empty page."""
    with browsing(browser, viewport={"width": 1400, "height": 900}) as (page, problems):
        visit(page, site + "index.html")
        page.locator(".sidebar-tree").get_by_role("link", name="People", exact=True).click()
        page.wait_for_url(site + "speakers/index.html")
        people = page.locator("article").inner_text()
        assert "Jonathan Le Lous (organized 1 event)" in people
        page.locator("article").get_by_role("link", name="Jonathan Le Lous").click()
        page.wait_for_url(site + "speakers/jonathan-le-lous.html")
        organized = page.locator("section#organized")
        assert organized.get_by_role("heading", name="Organized").is_visible()
        organized.get_by_role("link", name="OpenStack Day Canada 2016").click()
        page.wait_for_url(site + EVENT)
        # The organizer is a link back from the card; the notes are a section of the page's contents.
        assert page.locator(".talknotes-event-card").get_by_role("link", name="Jonathan Le Lous").is_visible()
        contents = page.locator(".toc-tree")
        assert contents.is_visible() and contents.get_by_role("link", name="Notes from this event").is_visible()
        assert page.locator("link[rel=index]").count() == 0
        visit(page, site + "topics/index.html")
        assert "Cloud infrastructure (0; 5 with narrower topics)" in page.locator("article").inner_text()
        # A topic's list names each note's event once, and the recap, the event's own page, not again.
        visit(page, site + "topics/openstack.html")
        recap = page.locator(".talknotes-note").filter(has=page.get_by_role("link", name="OpenStack Day Canada 2016"))
        assert recap.first.inner_text().count("OpenStack Day Canada 2016") == 1
        assert not problems, problems


def test_subscribe_and_calendar_links_serve_their_files(browser: Browser, site: str) -> None:
    with browsing(browser, viewport={"width": 1280, "height": 900}) as (page, problems):
        for path in (EVENT, "topics/kubernetes.html", "speakers/jonathan-le-lous.html"):
            visit(page, site + path)
            link = page.locator(".talknotes-card a.talknotes-feed")
            assert link.inner_text() == "Subscribe (Atom feed)"
            response = page.request.get(link.evaluate("(a) => a.href"))  # from the test server, offline
            assert response.ok and response.headers["content-type"].startswith("application/atom+xml"), path
            assert b'<feed xmlns="http://www.w3.org/2005/Atom">' in response.body()
        visit(page, site + EVENT)
        add = page.locator(".talknotes-card a.talknotes-calendar")
        assert add.inner_text() == "Add to calendar"
        calendar = page.request.get(add.evaluate("(a) => a.href"))
        assert calendar.ok and calendar.headers["content-type"].startswith("text/calendar")
        assert b"SUMMARY:OpenStack Day Canada 2016" in calendar.body()
        announced = page.locator('link[rel=alternate][type="application/atom+xml"]').evaluate_all(
            "(links) => links.map((l) => l.href)"
        )
        assert [page.request.get(url).ok for url in announced] == [True, True]
        assert not problems, problems


@pytest.mark.parametrize("name", ["home", "events", "event", "note", "topic", "diagram"])
def test_phone_has_no_horizontal_scrolling_and_readable_cards(browser: Browser, site: str, name: str) -> None:
    with browsing(browser, **PHONE) as (page, problems):
        visit(page, site + KEY_PAGES[name])
        if name == "diagram":
            wait_for_diagram(page)
        page.screenshot(path=SCREENSHOTS / f"phone-{name}.png", full_page=True)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{name}: the page is {width[0]} px wide on a {width[1]} px screen"
        cards = page.locator(".talknotes-card")
        for index in range(cards.count()):
            card = cards.nth(index)
            box = card.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, (name, box)
            fields = card.evaluate(
                """(card) => [...card.querySelectorAll('dt, dd, p')].map((el) => ({
                    text: el.innerText.slice(0, 40),
                    size: parseFloat(getComputedStyle(el).fontSize),
                    clipped: el.scrollWidth > el.clientWidth + 1,
                }))"""
            )
            assert fields, name
            assert [f for f in fields if f["size"] < 12 or f["clipped"]] == [], name
        assert not problems, problems


@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_key_pages_have_no_serious_accessibility_violations(browser: Browser, site: str, name: str) -> None:
    """axe-core in light and then in dark: one load of the page, its colour scheme switched as a reader's system
    would switch it (the page follows the media query as it changes)."""
    serious: dict[str, list[str]] = {}
    with browsing(browser, color_scheme="light", viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, site + KEY_PAGES[name])
        if name == "diagram":
            wait_for_diagram(page)
        if name == "search":
            page.locator("#talknotes-explore-results li").first.wait_for(timeout=15_000)
        page.add_script_tag(path=str(AXE))
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            assert (luminance(background) < 0.5) == (scheme == "dark"), (scheme, background)
            page.screenshot(path=SCREENSHOTS / f"{name}-{scheme}.png", full_page=True)
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            serious[scheme] = [
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert Path(SCREENSHOTS / f"{name}-{scheme}.png").stat().st_size > 1000
        assert not problems, problems
    assert serious == {"light": [], "dark": []}


@pytest.mark.parametrize(
    "path", ["no-such-page.html", "recaps/no-such-event/", "recaps/openstack-day-canada-2016/a/b/c/missing.html"]
)
def test_404_page_works_at_any_depth(browser: Browser, site: str, path: str) -> None:
    url = site + path
    with browsing(browser, expected={url: 404}) as (page, problems):
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 404
        assert "Page not found" in page.title()
        # Its stylesheets and scripts loaded, wherever it was asked for: the theme is applied.
        assert page.evaluate("() => getComputedStyle(document.body).getPropertyValue('--color-brand-primary')")
        assert page.locator(".sidebar-tree a").count() > 5
        page.locator("article").get_by_role("link", name="home page").click()
        page.wait_for_url(site + "index.html")
        assert page.locator("h1").first.inner_text().startswith("talknotes")
        assert not problems, problems


def sidebar_links(page: Page) -> list[str]:
    """The text of every navigation link a reader can see, in order."""
    return page.locator(".sidebar-tree a:visible").all_inner_texts()


def test_navigation_expands_and_collapses(browser: Browser, site: str) -> None:
    with browsing(browser, viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, site + "docs/contributing.html")
        assert "Events" in sidebar_links(page) and "2016" not in sidebar_links(page)
        events = page.locator(".sidebar-tree li:has(> a:text-is('Events')) > label")
        events.click()
        assert "2016" in sidebar_links(page) and "OpenStack Day Canada 2016" not in sidebar_links(page)
        page.locator(".sidebar-tree li:has(> a:text-is('2016')) > label").click()
        assert "OpenStack Day Canada 2016" in sidebar_links(page)
        page.screenshot(path=SCREENSHOTS / "navigation-expanded.png")
        events.click()
        assert "2016" not in sidebar_links(page)
        # On a note, its path is open and the note is marked as the current page.
        visit(page, site + NOTE)
        assert sidebar_links(page)[:6] == [
            "Events", "2016", "OpenStack Day Canada 2016", "From getting started to doing OpenStack better",
            "Kubernetes above and below OpenStack", "Upgrades and interoperability",
        ]  # fmt: skip
        current = page.locator(".sidebar-tree a[aria-current=page]")
        assert current.inner_text() == "Kubernetes above and below OpenStack"
        assert "current-page" in (page.locator(".sidebar-tree li.current-page").get_attribute("class") or "")
        assert not problems, problems


def test_navigation_by_keyboard(browser: Browser, bounded_site: str) -> None:
    """Tab walks the visible navigation links in order; Enter follows one, also the link to a cut list."""
    with browsing(browser, viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, bounded_site + NOTE)
        visible = sidebar_links(page)
        assert "All 3 notes" in visible and "Upgrades and interoperability" not in visible
        page.locator(".sidebar-tree a:visible").first.focus()
        walked = []
        for _ in range(len(visible)):
            walked.append(page.evaluate("() => document.activeElement.innerText"))
            page.keyboard.press("Tab")
        assert walked == visible
        page.locator(".sidebar-tree a", has_text="All 3 notes").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(bounded_site + EVENT)
        assert not problems, problems


@pytest.mark.parametrize("path", [NOTE, "recaps/2016.html"])
def test_navigation_on_a_phone(browser: Browser, bounded_site: str, path: str) -> None:
    with browsing(browser, **PHONE) as (page, problems):
        visit(page, bounded_site + path)

        def drawer_left() -> float:
            return page.locator(".sidebar-drawer").bounding_box()["x"]

        assert drawer_left() < 0  # off the screen until asked for
        page.locator("label.nav-overlay-icon").first.click()
        page.wait_for_function("() => document.querySelector('.sidebar-drawer').getBoundingClientRect().x >= 0")
        page.screenshot(path=SCREENSHOTS / f"phone-navigation-{Path(path).stem}.png")
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        for box in (link.bounding_box() for link in page.locator(".sidebar-tree a:visible").all()):
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
        page.locator(".sidebar-tree a:visible", has_text="Events").first.click()
        page.wait_for_url(bounded_site + "recaps/index.html")
        assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bounded_navigation_has_no_serious_accessibility_violations(
    browser: Browser, bounded_site: str, scheme: str
) -> None:
    with browsing(browser, color_scheme=scheme, viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, bounded_site + NOTE)
        page.screenshot(path=SCREENSHOTS / f"bounded-note-{scheme}.png")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run('.sidebar-drawer', {resultTypes: ['violations']})")
        assert not problems, problems
    serious = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
