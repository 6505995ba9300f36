"""In-process tests of the navigation core: which entries a page shows, and Furo's markup made directly."""

from __future__ import annotations

from html import escape

import pytest
from bs4 import BeautifulSoup
from furo.navigation import get_navigation_tree
from talknotes.pages.navigation import Options, page_items, render_navigation, window
from talknotes.sphinx.outline import Entry, Group, Outline, index_outline, index_virtual, neighbours, page_fingerprint

FURO = Options(collapse=False, maxdepth=-1, includehidden=True)


def entry(key: str, title: str | None = None, *children: Entry, noun: str = "pages", hidden: bool = False) -> Entry:
    text = title or key
    return Entry(key, escape(text), text, children=list(children), noun=noun, hidden=hidden)


def site(events_per_year: int = 30, notes_per_event: int = 8, years: int = 3, limit: int = 100) -> Outline:
    """An outline shaped like talknotes': Events > years > events > notes, and a few other sections."""
    year_entries = []
    for year in range(2024, 2024 - years, -1):
        events = [
            entry(
                f"recaps/e{year}-{n:02d}/index",
                f"Event {year} #{n}",
                *(entry(f"recaps/e{year}-{n:02d}/note-{k}", f"Note {k} of {year}/{n}") for k in range(notes_per_event)),
                noun="notes",
            )
            for n in range(events_per_year)
        ]
        year_entries.append(entry(f"recaps/{year}", str(year), *events, noun="events"))
    outline = Outline(
        groups=[
            Group(
                "Browse",
                True,
                [
                    entry("recaps/index", "Events", *year_entries, noun="years"),
                    entry("topics/index", "Topics"),
                    entry("docs/architecture/index", "Architecture <notes> & diagrams", entry("docs/architecture/a")),
                ],
            ),
            Group("Contribute", True, [entry("docs/contributing", "Contributor guide"), entry("https://x.org", "X")]),
        ],
        limit=limit,
        window=25,
    )
    outline.groups[1].entries[1].external = True
    index_outline(outline)
    outline.virtual["topics/kubernetes"] = ("topics/index", "Kubernetes & co")
    outline.virtual["topics/kubernetes/2023"] = ("topics/kubernetes", "2023")
    index_virtual(outline)
    return outline


def shown(outline: Outline, pagename: str, options: Options = FURO) -> list[tuple[int, str, bool]]:
    """(level, key, current) of every entry the page's navigation shows, in document order."""
    result = []

    def walk(items: list) -> None:
        for item in items:
            result.append((item.level, item.entry.key, item.current))
            walk(item.children or [])

    for _, items in page_items(outline, pagename, options):
        walk(items)
    return result


def uri(key: str) -> str:
    return f"/{key}.html"


def test_window_keeps_the_focus_and_cuts_the_rest() -> None:
    items = [entry(str(i)) for i in range(100)]
    assert window(items, None, 25) == (items[:25], True)
    assert window(items, 50, 25) == (items[38:63], True)
    assert window(items, 99, 25) == (items[75:], True)
    assert window(items[:10], 3, 25) == (items[:10], False)


def test_a_small_site_shows_everything() -> None:
    outline = site(events_per_year=2, notes_per_event=2, years=1)
    assert outline.whole
    keys = [key for _, key, _ in shown(outline, "index")]
    assert "recaps/e2024-01/note-1" in keys and "docs/architecture/a" in keys
    assert len(keys) == outline.size


def test_a_large_site_shows_a_bounded_part_around_the_page() -> None:
    small, large = site(years=3), site(years=12, events_per_year=60, notes_per_event=20)
    assert not small.whole and not large.whole
    page = "recaps/e2023-17/note-5"
    for outline in (small, large):
        entries = shown(outline, page)
        keys = [key for _, key, _ in entries]
        assert page in keys
        # The path is marked current, from the section down to the page.
        assert [key for _, key, current in entries if current] == [
            "recaps/index", "recaps/2023", "recaps/e2023-17/index", page
        ]  # fmt: skip
        # Every note of the event, no note of another event.
        assert [k for k in keys if k.startswith("recaps/e2023-17/")] == [
            "recaps/e2023-17/index", *(f"recaps/e2023-17/note-{k}" for k in range(8 if outline is small else 20))
        ]  # fmt: skip
        assert not any(k.startswith("recaps/e2024-00/note") for k in keys)
    assert len(shown(large, page)) <= 3 + 12 + 25 + 20 + 6
    assert abs(len(shown(large, page)) - len(shown(small, page))) <= 9 + 12


def test_lists_longer_than_the_window_are_cut_around_the_page_with_a_link_to_all() -> None:
    outline = site(years=1, events_per_year=60)
    html = render_navigation(outline, "recaps/e2024-40/index", FURO, uri)
    soup = BeautifulSoup(html, "html.parser")
    events = [a["href"] for a in soup.select("li.toctree-l3:not(.talknotes-nav-more) > a")]
    assert len(events) == 25 and events.count("#") == 1  # the page itself, among the 12 before and after it
    assert events[0] == "/recaps/e2024-28/index.html" and events[-1] == "/recaps/e2024-52/index.html"
    more = soup.select("li.talknotes-nav-more > a")
    assert [(a.get_text(), a["href"]) for a in more] == [("All 60 events", "/recaps/2024.html")]


def test_generated_pages_hang_under_their_section() -> None:
    outline = site()
    entries = shown(outline, "topics/kubernetes/2023")
    assert [(level, key) for level, key, current in entries if current] == [
        (1, "topics/index"), (2, "topics/kubernetes"), (3, "topics/kubernetes/2023")
    ]  # fmt: skip
    html = render_navigation(outline, "topics/kubernetes", FURO, uri)
    assert '<a aria-current="page" class="current reference internal" href="#">Kubernetes &amp; co</a>' in html
    # Never listed anywhere else.
    assert "topics/kubernetes" not in render_navigation(outline, "docs/contributing", FURO, uri)


def test_sphinx_defaults_collapse_and_leave_hidden_toctrees_out() -> None:
    outline = site()
    assert shown(outline, "docs/contributing", Options()) == []  # both groups are hidden toctrees
    collapsed = shown(outline, "recaps/e2023-03/note-1", Options(collapse=True, includehidden=True))
    assert ("docs/architecture/a" not in [key for _, key, _ in collapsed]) and len(collapsed) < 60
    top_only = shown(outline, "recaps/e2023-03/note-1", Options(collapse=False, includehidden=True, maxdepth=1))
    assert {level for level, _, _ in top_only} == {1}


@pytest.mark.parametrize(
    "pagename", ["index", "recaps/index", "recaps/2023", "recaps/e2023-03/note-1", "recaps/e2022-29/index",
                 "topics/kubernetes", "topics/kubernetes/2023", "docs/architecture/a", "docs/contributing"]
)  # fmt: skip
@pytest.mark.parametrize("limit", [100, 100_000])
def test_furo_markup_is_what_furo_makes_of_the_sphinx_markup(pagename: str, limit: int) -> None:
    """Pins the direct Furo markup to Furo's own rewriting (furo.navigation.get_navigation_tree)."""
    outline = site(limit=limit, years=2, notes_per_event=3)
    sphinx = render_navigation(outline, pagename, FURO, uri)
    furo = render_navigation(outline, pagename, FURO, uri, furo=True)
    assert str(BeautifulSoup(furo, "html.parser")) == str(BeautifulSoup(get_navigation_tree(sphinx), "html.parser"))
    assert 'aria-level="2"' in furo


def test_previous_and_next_follow_the_outline() -> None:
    outline = site(years=2, events_per_year=2, notes_per_event=1)
    order = [e.key for e in outline.order]
    assert order[:6] == ["recaps/index", "recaps/2024", "recaps/e2024-00/index", "recaps/e2024-00/note-0",
                         "recaps/e2024-01/index", "recaps/e2024-01/note-0"]  # fmt: skip
    before, after = neighbours(outline, "recaps/2023")
    assert (before.key, after.key) == ("recaps/e2024-01/note-0", "recaps/e2023-00/index")
    assert neighbours(outline, "topics/kubernetes") == (None, None)


def test_a_page_fingerprint_changes_with_what_it_shows() -> None:
    page = "recaps/e2023-03/note-1"
    base = site()
    same = site()
    assert page_fingerprint(base, page) == page_fingerprint(same, page)
    renamed = site()
    renamed.where["recaps/e2023-03/note-2"].title = "Renamed"
    index_outline_again = Outline(groups=renamed.groups, limit=renamed.limit, window=renamed.window)
    index_outline(index_outline_again)
    assert page_fingerprint(index_outline_again, page) != page_fingerprint(base, page)
    # A note of another event of another year is not on this page: its title does not matter here.
    other = site()
    other.where["recaps/e2024-05/note-2"].title = "Renamed"
    reindexed = Outline(groups=other.groups, limit=other.limit, window=other.window)
    index_outline(reindexed)
    assert page_fingerprint(reindexed, page) == page_fingerprint(base, page)
