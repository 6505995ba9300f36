"""In-process tests of the core, without Sphinx: reading a page, the registries, the graph, the checks and the views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from talknotes.base.settings import Layout
from talknotes.base.text import likely_misspellings, slugify
from talknotes.base.warnings_ import Problem, collecting
from talknotes.model.consistency import check_consistency
from talknotes.model.frontmatter import front_matter_layout
from talknotes.model.graph import Graph
from talknotes.model.records import PageReader, PageRecord
from talknotes.model.registry import load_registry
from talknotes.model.resolve import build_graph
from talknotes.model.views import event_index_view, speaker_page_view, topic_page_view, year_page_view

LAYOUT = Layout()


def read(docname: str, text: str, title: str | None = "Title") -> tuple[PageRecord | None, list[Problem]]:
    with collecting() as problems:
        record = PageReader(docname, front_matter_layout(text), LAYOUT).read(title)
    return record, problems


def said(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.location[1] if isinstance(p.location, tuple) else 0, p.subtype.value) for p in problems]


def test_a_note_is_read_into_a_typed_record() -> None:
    record, problems = read(
        "recaps/pycon-2024/talk",
        "---\nkind: talk\ndate: 2024-05-11\ntopics: [Python, k8s]\nspeakers: [Ada  Lovelace]\n"
        "slides: https://x.org/s\nsummary: '  Two   spaces  '\ndraft: false\n---\n",
    )
    assert problems == []
    assert record is not None
    assert (record.kind, record.date, record.folder_event, record.event_id) == (
        "talk", dt.date(2024, 5, 11), "pycon-2024", "pycon-2024"
    )  # fmt: skip
    assert record.topics == (("Python", 4), ("k8s", 4)) and record.speakers == (("Ada Lovelace", 5),)
    assert (record.slides, record.summary, record.draft) == ("https://x.org/s", "Two spaces", False)
    assert record.date_line == 3


def test_an_event_page_declares_its_event() -> None:
    record, problems = read(
        "recaps/pycon-2024/index",
        "---\nevent:\n  name: PyCon\n  start: 2024-05-10\n  end: 2024-05-12\n  attendance: 300\n"
        "  organizers: [Jane Roe]\n---\n",
    )
    assert problems == [] and record is not None and record.is_event_page and record.kind == "recap"
    event = record.event
    assert event is not None
    assert (event.id, event.name, event.start, event.end, event.attendance, event.organizers) == (
        "pycon-2024", "PyCon", dt.date(2024, 5, 10), dt.date(2024, 5, 12), 300, (("Jane Roe", 7),)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\nkind: tlak\n---\n", [(2, "unknown-kind")]),
        ("---\ndate: '2024-02-30'\n---\n", [(2, "bad-date")]),  # the form is right, the day does not exist
        ("---\ndate: 2024-02-30\n---\n", [(2, "bad-date")]),  # unquoted: quoted for MyST, which keeps the rest
        ("---\ndate: 2024/02/03\n---\n", [(2, "bad-date")]),
        ("---\ntopics: python\n---\n", [(2, "bad-type")]),  # read as a list of one
        ("---\nslides: javascript:alert(1)\n---\n", [(2, "bad-url")]),
        ("---\ndraft: maybe\n---\n", [(2, "bad-value")]),
        ("---\ntopic: [python]\n---\n", [(2, "unknown-key")]),
        ("---\nevent: other-2024\n---\n", [(2, "event-mismatch")]),
        ("---\nevent: {name: X, start: 2024-01-01}\n---\n", [(2, "misplaced")]),
        ("---\ntopics: [python]\ntopics: [go]\n---\n", [(3, "duplicate-key")]),
    ],
)
def test_each_mistake_is_said_once_where_it_is(text: str, expected: list[tuple[int, str]]) -> None:
    """The schema says what it can, Python the rest: never both, always at the value's line."""
    record, problems = read("recaps/pycon-2024/talk", text)
    assert said(problems) == expected
    assert record is not None


def test_values_the_schema_rejects_are_read_as_absent() -> None:
    record, _ = read(
        "recaps/pycon-2024/talk", "---\nkind: tlak\ndate: soon\ntopics: [python, 3]\nslides: ftp://x\n---\n"
    )
    assert record is not None
    assert (record.kind, record.date, record.slides) == ("note", None, None)
    assert record.topics == (("python", 4),)
    lone, _ = read("recaps/pycon-2024/talk", "---\ntopics: python\n---\n")
    assert lone is not None and lone.topics == (("python", 2),)


def test_pages_outside_events_are_notes_only_with_topics_or_an_event() -> None:
    assert read("docs/about", "---\norphan: true\n---\n")[0] is None
    record, problems = read("docs/deep", "---\ntopics: [python]\nevent: pycon-2024\n---\n")
    assert problems == [] and record is not None and (record.folder_event, record.event_id) == (None, "pycon-2024")


def site(tmp_path: Path, topics: str, pages: dict[str, str]) -> tuple[Graph, list[Problem], dict[str, PageRecord]]:
    (tmp_path / "topics.yml").write_text(topics, encoding="utf-8")
    with collecting() as problems:
        records = {}
        for docname, text in pages.items():
            record = PageReader(docname, front_matter_layout(text), LAYOUT).read(docname.rsplit("/", 1)[-1])
            if record is not None:
                records[docname] = record
        registry = load_registry(tmp_path / "topics.yml", tmp_path / "speakers.yml")
        graph = build_graph(records, registry)
        check_consistency(graph, records, set(pages), LAYOUT, {})
    return graph, problems, records


TOPICS = "python: Python\nk8s:\n  name: Kubernetes\n  aliases: [kube]\n"
EVENT = "---\nevent:\n  name: {name}\n  start: {start}\ntopics: [python]\n---\n"


def test_the_graph_resolves_and_checks_across_pages(tmp_path: Path) -> None:
    graph, problems, _ = site(
        tmp_path,
        TOPICS,
        {
            "recaps/a-2023/index": EVENT.format(name="A", start="2023-03-01"),
            "recaps/a-2023/talk": "---\ntopics: [KUBE, pyton]\ndate: 2023-04-01\nspeakers: [Ada, ada]\n---\n",
            "recaps/b-2024/index": EVENT.format(name="B", start="2024-06-01"),
            "recaps/c-2024/orphan": "---\ntopics: [python]\n---\n",
            "docs/far": "---\nevent: nowhere\ntopics: [python]\n---\n",
        },
    )
    assert sorted(said(problems)) == [
        (1, "missing-event-page"),
        (2, "unknown-event"),
        (2, "unknown-topic"),
        (3, "date-outside"),
    ]
    talk = graph.notes["recaps/a-2023/talk"]
    assert talk.topic_ids == ("k8s",) and talk.event_id == "a-2023" and talk.speaker_ids == ("ada",)
    assert graph.notes["recaps/c-2024/orphan"].event_id is None and graph.orphans == {"recaps/c-2024/orphan"}
    assert graph.notes["recaps/b-2024/index"].date == dt.date(2024, 6, 1)  # an event page's date is its start
    assert [n.docname for n in graph.notes_of_topic["k8s"]] == ["recaps/a-2023/talk"]


def test_views_of_years_split_lists_and_the_overview(tmp_path: Path) -> None:
    pages = {
        f"recaps/e{year}/index": EVENT.format(name=f"E{year}", start=f"{year}-05-01") for year in range(2019, 2025)
    }
    pages |= {
        f"recaps/e{year}/n{i}": "---\ntopics: [k8s]\nspeakers: [Ada]\n---\n"
        for year in range(2019, 2025)
        for i in range(3)
    }
    graph, problems, _ = site(tmp_path, TOPICS, pages)
    assert problems == []
    graph.list_limit = 4
    overview = event_index_view(graph)
    assert [y["year"] for y in overview["years"]] == ["2024", "2023", "2022", "2021", "2020", "2019"]
    assert [g["year"] for g in overview["groups"]] == ["2024", "2023", "2022", "2021"]  # whole years, within 4 events
    year = year_page_view(graph, "2022")
    assert [e["name"] for e in year["events"]] == ["E2022"] and (year["newer"], year["older"]) == ("2023", "2021")
    topic = topic_page_view(graph, "k8s")
    assert (topic["count"], topic["shown"]) == (18, 4) and [y["count"] for y in topic["years"]] == [3] * 6
    assert [n["docname"] for g in topic["groups"] for n in g["notes"]][:3] == [f"recaps/e2024/n{i}" for i in range(3)]
    speaker = speaker_page_view(graph, "ada")
    assert speaker["count"] == 18 and len(speaker["notes"]) == 4 and len(speaker["years"]) == 6
    # Each part of a split list lists that year's notes, from years the graph sorts once per build.
    from talknotes.model.generated_pages import generated_pages

    parts = [page for page in generated_pages(LAYOUT, graph) if page.year is not None]
    assert {(page.kind, page.year) for page in parts} >= {("topic-year", "2022"), ("speaker-year", "2019")}
    for page in parts:
        notes = [f"recaps/e{page.year}/n{i}" for i in range(3)]
        expected = [f"recaps/e{page.year}/index"] if page.item_id == "python" else notes  # only events are on Python
        assert sorted(n.docname for n in page.notes(graph)) == expected, page.pagename
        shown = [n["docname"] for g in page.view(graph)["groups"] for n in g["notes"]]
        assert sorted(shown) == (expected if page.kind == "topic-year" else []), page.pagename
    assert graph.years_of("topic", "k8s") is graph.years_of("topic", "k8s")
    assert list(graph.years_of("speaker", "ada")) == [str(year) for year in range(2024, 2018, -1)]
    graph.list_limit = 100
    assert topic_page_view(graph, "k8s")["years"] == [] and len(event_index_view(graph)["groups"]) == 6


def test_related_notes_share_most_topics_then_are_newest(tmp_path: Path) -> None:
    topics = "a: A\nb: B\nc: C\npython: Python\n"
    pages = {f"recaps/e{i}/index": EVENT.format(name=f"E{i}", start=f"2020-01-{i + 10}") for i in range(8)}
    shared = {  # docname: topics, in events 1 to 7 (the note itself is in event 0)
        "recaps/e1/ab": "[a, b]", "recaps/e2/abc": "[c, b, a]", "recaps/e3/a": "[a]", "recaps/e4/b": "[b]",
        "recaps/e5/ab-newer": "[b, a]", "recaps/e6/c": "[c]", "recaps/e7/a-newest": "[a]",
    }  # fmt: skip
    pages |= {docname: f"---\ntopics: {t}\n---\n" for docname, t in shared.items()}
    pages["recaps/e0/mine"] = "---\ntopics: [b, a]\n---\n"
    pages["recaps/e0/sibling"] = "---\ntopics: [a, b]\n---\n"  # same event: never related
    pages["recaps/e0/other-order"] = "---\ntopics: [a, b]\n---\n"
    graph, problems, _ = site(tmp_path, topics, pages)
    assert problems == []
    related = [n.docname for n in graph.related(graph.notes["recaps/e0/mine"])]
    # Two shared topics first (newest first among them), then one, newest first; five at most.
    assert related == ["recaps/e5/ab-newer", "recaps/e2/abc", "recaps/e1/ab", "recaps/e7/a-newest", "recaps/e4/b"]
    # The order a note names its topics in changes nothing.
    other = [n.docname for n in graph.related(graph.notes["recaps/e0/other-order"])]
    assert other == related


@pytest.mark.parametrize(
    ("names", "pairs"),
    [
        (["Grace Hopper", "Grace Hoper"], [("grace-hoper", "grace-hopper")]),  # a letter left out
        (["Grace Hopper", "Grace Hopepr"], [("grace-hopepr", "grace-hopper")]),  # two letters swapped
        (["Grace Hopper", "Grace Hipper"], [("grace-hipper", "grace-hopper")]),  # a letter changed
        (["Grace Hopper", "GraceHopper"], [("grace-hopper", "gracehopper")]),  # a space left out
        (["Ada Lovelace 12", "Ada Lovelace 13", "Ada Lovelace 1"], []),  # digits tell people apart
        (["Li Wei", "Li Wen"], []),  # short names: one letter is a different name
        (["Grace Hopper", "Grace Hooper Jr"], []),  # more than one edit
        (["Grace Hopper", "Grace Hopper"], []),  # the same name
    ],
)
def test_likely_misspellings_are_one_typing_mistake_apart(names: list[str], pairs: list[tuple[str, str]]) -> None:
    assert likely_misspellings([slugify(name) for name in names]) == pairs


def test_likely_misspellings_scale_linearly() -> None:
    # 20,000 distinct names of 16 characters: the pairwise comparison would be 200 million calls.
    names = [f"person-{index:05d}-{chr(97 + index % 26)}{chr(97 + index // 26 % 26)}xyzq" for index in range(20_000)]
    assert likely_misspellings(names) == []


def test_a_close_unregistered_name_is_a_warning_and_registered_names_are_not(tmp_path: Path) -> None:
    (tmp_path / "speakers.yml").write_text(
        "# Only comments and one entry after them.\ngrace:\n  name: Grace Hopper\n  aliases: [Amazing Grace]\n"
        "mary-jones: Mary Jones\nmary-jonas: Mary Jonas\n",
        encoding="utf-8",
    )
    _graph, problems, _ = site(
        tmp_path,
        TOPICS,
        {
            "recaps/a-2023/index": EVENT.format(name="A", start="2023-03-01").replace(
                "topics:", "  organizers: [Amazing Grase]\ntopics:"
            ),
            "recaps/a-2023/one": "---\nspeakers: [Grace Hoper, Mary Jonas, Ada Lovelace]\n---\n",
            "recaps/a-2023/two": "---\nspeakers: [Ada Lovelace, Ada Lovelase]\n---\n",
        },
    )
    assert sorted((p.location, p.subtype.value, p.message.split(" is ")[0]) for p in problems) == [
        (("recaps/a-2023/index", 5), "similar-name", "organizer 'Amazing Grase'"),
        (("recaps/a-2023/one", 2), "similar-name", "speaker 'Grace Hoper'"),
        (("recaps/a-2023/two", 2), "similar-name", "speaker 'Ada Lovelase'"),
    ]


def test_a_registry_of_comments_only_has_no_entries_and_no_warning(tmp_path: Path) -> None:
    (tmp_path / "speakers.yml").write_text("# grace-hopper:\n#   name: Grace Hopper\n", encoding="utf-8")
    (tmp_path / "topics.yml").write_text("", encoding="utf-8")
    with collecting() as problems:
        registry = load_registry(tmp_path / "topics.yml", tmp_path / "speakers.yml")
    assert registry.speakers == {}
    assert said(problems) == [(0, "registry")]  # an empty file, unlike a commented one, is reported
