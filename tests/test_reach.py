"""In-process tests of reach.py: when only notes change, every page it leaves out shows what it showed.

Each case builds a site's graph, changes notes' front matter (never an event, topic or person), and
checks the rule the incremental build trusts: the rest of the graph is the same, and every note page
and generated page that the changed notes do not reach has exactly the views it had.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from talknotes.model.generated_pages import generated_pages
from talknotes.model.reach import OWN_NOTE_KINDS, changed_keys, document_keys, notes_and_keys, page_keys, topic_families
from talknotes.pages.components import build_view
from talknotes.sphinx.build import Ledger
from test_core import LAYOUT, site

TOPICS = "cloud: Cloud\nk8s:\n  name: Kubernetes\n  broader: [cloud]\npython: Python\ndata: Data\nrust: Rust\n"
EVENT = "---\nevent:\n  name: {name}\n  start: {start}\n  end: {end}\n  organizers: [Grace Hopper]\n---\n"
NOTE = "---\ntopics: [{topics}]\ndate: {date}\nspeakers: [{speakers}]\nsummary: {summary}\n---\n"


def base_pages() -> dict[str, str]:
    pages = {}
    for year, months in (("2022", 4), ("2023", 4), ("2024", 4)):
        for month in range(1, months + 1):
            event = f"ev-{year}-{month}"
            pages[f"recaps/{event}/index"] = EVENT.format(
                name=f"Event {year}/{month}", start=f"{year}-0{month}-01", end=f"{year}-0{month}-05"
            )
            for n, (topics, speakers) in enumerate(
                [
                    ("python, data", "Ada Lovelace"),
                    ("k8s", "Grace Hopper"),
                    ("cloud, rust", "Alan Turing"),
                    ("data", "Ada Lovelace, Grace Hopper"),
                    ("rust", "Alan Turing"),
                ]
            ):
                pages[f"recaps/{event}/n{n}"] = NOTE.format(
                    topics=topics, date=f"{year}-0{month}-01", speakers=speakers, summary=f"Talk {n} of {event}."
                )
    return pages


def views(graph) -> tuple[dict[str, object], dict[str, object]]:
    """Every view a note page and a generated page shows."""
    documents = {
        docname: [build_view(graph, docname, {"type": kind.value}) for kind in sorted(OWN_NOTE_KINDS)]
        for docname in graph.notes
    }
    pages = {page.pagename: (page.title, page.view(graph)) for page in generated_pages(LAYOUT, graph)}
    return documents, pages


def edit(pages: dict[str, str], docname: str, old: str, new: str) -> dict[str, str]:
    assert old in pages[docname]
    return {**pages, docname: pages[docname].replace(old, new)}


EDITS = {
    "topics": lambda p: edit(p, "recaps/ev-2023-2/n0", "topics: [python, data]", "topics: [rust]"),
    "narrower topic": lambda p: edit(p, "recaps/ev-2023-2/n0", "topics: [python, data]", "topics: [k8s]"),
    "summary": lambda p: edit(p, "recaps/ev-2022-1/n4", "summary: Talk 4", "summary: A new summary"),
    "date": lambda p: edit(p, "recaps/ev-2024-3/n2", "date: 2024-03-01", "date: 2024-03-02"),
    "draft": lambda p: edit(p, "recaps/ev-2024-1/n1", "---\ntopics", "---\ndraft: true\ntopics"),
    "speakers": lambda p: edit(
        p, "recaps/ev-2022-2/n3", "speakers: [Ada Lovelace, Grace Hopper]", "speakers: [Grace Hopper]"
    ),
    "moved to another event": lambda p: {
        **{k: v for k, v in p.items() if k != "recaps/ev-2022-3/n0"},
        "recaps/ev-2024-4/moved": p["recaps/ev-2022-3/n0"].replace("2022-03-01", "2024-04-01"),
    },
    "removed": lambda p: {k: v for k, v in p.items() if k != "recaps/ev-2023-4/n3"},
    "added": lambda p: {
        **p,
        "recaps/ev-2023-1/new": NOTE.format(
            topics="python", date="2023-01-01", speakers="Alan Turing", summary="New talk."
        ),
    },
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_pages_a_note_change_does_not_reach_show_what_they_showed(tmp_path: Path, name: str) -> None:
    pages = base_pages()
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before, problems, _ = site(tmp_path / "before", TOPICS, pages)
    after, problems_after, _ = site(tmp_path / "after", TOPICS, EDITS[name](pages))
    assert problems == [] and problems_after == []
    # Only notes changed: the incremental build takes the path under test.
    assert before.fingerprint_without_notes() == after.fingerprint_without_notes()
    assert before.fingerprint() != after.fingerprint()

    reached = changed_keys(notes_and_keys(before), notes_and_keys(after))
    families = topic_families(after)
    documents_before, pages_before = views(before)
    documents_after, pages_after = views(after)
    left_out = 0
    for docname, shown in documents_after.items():
        keys = document_keys(after, docname, [{"type": kind.value} for kind in OWN_NOTE_KINDS], False)
        assert keys is not None
        if reached.isdisjoint(keys):
            left_out += 1
            assert documents_before.get(docname) == shown, f"{name}: {docname} changed but was not reached"
    for page in generated_pages(LAYOUT, after):
        if page.pagename in pages_before and reached.isdisjoint(page_keys(after, page, families)):
            left_out += 1
            assert pages_before[page.pagename] == pages_after[page.pagename], f"{name}: {page.pagename} not reached"
    # The rule leaves many pages out (here, where a few topics and people are on every page): else it saves nothing.
    assert left_out > (len(documents_after) + len(pages_after)) / 5, (name, left_out)


def test_a_topic_page_reads_its_whole_family_and_notes_their_own_topics(tmp_path: Path) -> None:
    graph, _, _ = site(tmp_path, TOPICS, base_pages())
    families = topic_families(graph)
    assert families["k8s"] == families["cloud"] == ("cloud", "k8s") and families["rust"] == ("rust",)
    page = next(p for p in generated_pages(LAYOUT, graph) if p.kind == "topic" and p.item_id == "cloud")
    assert page_keys(graph, page, families) == ["topic:cloud", "topic:k8s"]
    keys = document_keys(graph, "recaps/ev-2022-1/n1", [{"type": "note-card"}], False)
    assert keys == ["note:recaps/ev-2022-1/n1", "event:ev-2022-1", "topic:k8s", "person:grace-hopper"]


def test_pages_whose_lists_may_select_any_note_are_always_compared(tmp_path: Path) -> None:
    graph, _, _ = site(tmp_path, TOPICS, base_pages())
    assert document_keys(graph, "recaps/ev-2022-1/n1", [{"type": "notes"}], False) is None
    assert document_keys(graph, "recaps/ev-2022-1/n1", [{"type": "note-card"}], True) is None  # roles
    assert document_keys(graph, "index", [{"type": "event-index"}], False) is None
    assert document_keys(graph, "docs/page", [{"type": "note-card"}], False) is None  # not a note


def test_a_state_file_of_another_shape_makes_every_page_compared(tmp_path: Path) -> None:
    record = tmp_path / "state.json"
    (tmp_path / ".buildinfo").write_text("", encoding="utf-8")  # the output folder of that build is there
    for notes in ([["a", "b"]], {"recaps/x/n": "not a pair"}, {"recaps/x/n": [1]}, None):
        record.write_text(json.dumps({"salt": "s", "rest": "r", "notes": notes}), encoding="utf-8")
        ledger = Ledger()
        ledger.now.salt = "s"
        ledger.load(record, tmp_path)
        assert ledger.before.notes == {} and ledger.before.rest == "r"
    # Without its output folder's .buildinfo, a record describes pages that are gone: it is not used.
    (tmp_path / ".buildinfo").unlink()
    ledger = Ledger()
    ledger.now.salt = "s"
    ledger.load(record, tmp_path)
    assert ledger.before.rest == "" and ledger.before.pages == {}
