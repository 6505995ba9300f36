"""Link previews in Chromium, offline: on hover and on keyboard focus, hidden with Escape, light and dark, with
reduced motion, a tap following the link, html and dirhtml; and the data the build writes for them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import AXE, serve
from helpers import SITE_PREFIX, Build, copy_root, sphinx_build
from playwright.sync_api import Browser, Page
from talknotes.outputs.previews import fnv1a
from test_browser import browsing, luminance, visit

RECAP = "recaps/openstack-day-canada-2016/index.html"
NOTE = "recaps/openstack-day-canada-2016/kubernetes-and-openstack.html"
# The recap's own words link the note: "See Kubernetes above and below OpenStack and the architecture note ..."
LINK = 'article a.reference.internal[href="kubernetes-and-openstack.html"]'
TIP = "#talknotes-preview"


def hover(page: Page, selector: str) -> None:
    page.locator(selector).first.hover()
    page.locator(TIP).wait_for(state="visible", timeout=5_000)


def test_the_build_writes_each_page_once_in_its_shard(real_site: Build) -> None:
    folder = real_site.outdir / "previews"
    count = json.loads((folder / "index.json").read_text(encoding="utf-8"))["shards"]
    entries: dict[str, dict] = {}
    for number in range(count):
        shard = json.loads((folder / f"{number}.json").read_text(encoding="utf-8"))
        assert all(fnv1a(address) % count == number for address in shard)
        entries |= shard
    assert sorted(p.name for p in folder.iterdir()) == sorted(["index.json", *(f"{n}.json" for n in range(count))])
    catalog = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    expected = {n["url"] for n in catalog["notes"]} | {t["url"] for t in catalog["topics"]}
    expected |= {s["url"] for s in catalog["speakers"]}
    assert set(entries) == expected
    note = entries[NOTE]
    assert note["t"] == "Kubernetes above and below OpenStack" and note["k"] == "Discussion"
    assert note["f"].startswith("22 November 2016 · OpenStack Day Canada 2016")
    assert note["s"].startswith("Kubernetes runs both above and below OpenStack")
    assert entries[RECAP]["k"] == "Event" and "Montreal, Quebec, Canada" in entries[RECAP]["f"]
    # A page carries only the script's tag: no data of its own.
    page = (real_site.outdir / NOTE).read_text(encoding="utf-8")
    assert page.count("talknotes-previews.js") == 1 and '"s":' not in page and '"t":' not in page


def test_hover_shows_the_title_and_summary_and_escape_hides_it(browser: Browser, site: str) -> None:
    with browsing(browser, viewport={"width": 1280, "height": 900}) as (page, problems):
        visit(page, site + RECAP)
        hover(page, LINK)
        tip = page.locator(TIP)
        assert tip.locator(".talknotes-preview-title").inner_text() == "Kubernetes above and below OpenStack"
        assert tip.locator(".talknotes-preview-summary").inner_text().startswith("Kubernetes runs both above")
        link = page.locator(LINK).first
        assert link.get_attribute("aria-describedby") == "talknotes-preview"
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        page.keyboard.press("Escape")
        tip.wait_for(state="hidden")
        assert link.get_attribute("aria-describedby") is None
        assert not problems, problems  # no request off 127.0.0.1, no console error
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_keyboard_focus_shows_the_preview(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + RECAP)
        # Focus lands on the link from the keyboard, as Tab brings it there.
        page.evaluate(
            """(selector) => {
                const link = document.querySelector(selector);
                const before = document.createElement('span');
                before.tabIndex = 0;
                link.before(before);
                before.focus();
            }""",
            LINK,
        )
        page.keyboard.press("Tab")
        page.locator(TIP).wait_for(state="visible", timeout=5_000)
        assert page.locator(f"{TIP} .talknotes-preview-kind").inner_text().lower() == "discussion"
        page.keyboard.press("Escape")
        page.locator(TIP).wait_for(state="hidden")
        assert page.evaluate("() => document.activeElement.getAttribute('href')") == "kubernetes-and-openstack.html"
        assert not problems, problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_preview_takes_the_theme_colours(browser: Browser, site: str, scheme: str) -> None:
    with browsing(browser, color_scheme=scheme) as (page, problems):
        visit(page, site + RECAP)
        hover(page, LINK)
        background = page.locator(TIP).evaluate("(tip) => getComputedStyle(tip).backgroundColor")
        text = page.locator(TIP).evaluate("(tip) => getComputedStyle(tip).color")
        assert not problems, problems
    assert (luminance(background) > 0.5) == (scheme == "light")
    assert abs(luminance(background) - luminance(text)) > 0.5


def test_reduced_motion_shows_it_without_animation(browser: Browser, site: str) -> None:
    with browsing(browser, reduced_motion="reduce") as (page, _):
        visit(page, site + RECAP)
        hover(page, LINK)
        assert page.locator(TIP).evaluate("(tip) => getComputedStyle(tip).animationName") == "none"
    with browsing(browser, reduced_motion="no-preference") as (page, _):
        visit(page, site + RECAP)
        hover(page, LINK)
        assert page.locator(TIP).evaluate("(tip) => getComputedStyle(tip).animationName") != "none"


def test_a_tap_follows_the_link_without_a_preview(browser: Browser, site: str) -> None:
    with browsing(browser, has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844}) as (page, problems):
        visit(page, site + RECAP)
        page.locator(LINK).first.scroll_into_view_if_needed()
        with page.expect_navigation():
            page.locator(LINK).first.tap()
        assert page.url.endswith(NOTE)
        assert page.locator(TIP).count() == 0 or not page.locator(TIP).is_visible()
        assert not problems, problems


@pytest.fixture(scope="module")
def dirhtml_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("previews-dirhtml")
    src = copy_root("basic", base)
    build = sphinx_build(src, base / "dirhtml", "-b", "dirhtml", "-n")
    assert build.returncode == 0, build.stderr
    with serve(build.outdir, SITE_PREFIX) as url:
        yield url


def test_dirhtml_folder_addresses_have_previews(browser: Browser, dirhtml_site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, dirhtml_site)
        # The home page's roles: the event, a topic, a person.
        hover(page, 'a.reference.internal[href="recaps/pycon-x-2024/"]')
        assert page.locator(f"{TIP} .talknotes-preview-title").inner_text() == "PyCon X 2024"
        page.mouse.move(0, 0)
        page.locator(TIP).wait_for(state="hidden")
        hover(page, 'a.reference.internal[href="speakers/ada-lovelace/"]')
        assert page.locator(f"{TIP} .talknotes-preview-title").inner_text() == "Ada Lovelace"
        assert page.locator(f"{TIP} .talknotes-preview-kind").inner_text().lower() == "person"
        assert not problems, problems


def test_no_folder_no_previews(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build = sphinx_build(src, tmp_path / "html", "-n", "-D", "talknotes_previews=")
    assert build.returncode == 0, build.stderr
    assert not (build.outdir / "previews").exists()
    assert "talknotes-previews.js" not in (build.outdir / "index.html").read_text(encoding="utf-8")


def test_with_read_the_docs_link_previews_on_it_stands_aside(browser: Browser, site: str) -> None:
    with browsing(browser) as (page, problems):
        visit(page, site + RECAP)
        # What Read the Docs' add-ons announce when the project has its link previews on.
        page.evaluate(
            """() => document.dispatchEvent(new CustomEvent('readthedocs-addons-data-ready',
                {detail: {data: () => ({addons: {linkpreviews: {enabled: true}}})}}))"""
        )
        page.locator(LINK).first.hover()
        page.wait_for_timeout(1_500)  # well past the preview's delay
        assert page.locator(TIP).count() == 0 or not page.locator(TIP).is_visible()
        assert page.locator(LINK).first.get_attribute("aria-describedby") is None
        assert not problems, problems
