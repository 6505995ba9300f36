""" "Mentioned in": the links people wrote, shown on the pages they link to, with their sentences; never the
extension's own links; incremental builds equal to clean ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from helpers import Build, Site
from sphinx import addnodes
from talknotes.model.mentions import CONTEXT_SIDE, Mention, sentence_around
from talknotes.sphinx.mention_links import mentions_in

PYCON = "recaps/pycon-x-2024"
RECAP = "recaps/openstack-day-canada-2016"
ARCHITECTURE = "docs/architecture/vm-container-consumption-model.html"


def mentions(build: Build, page: str) -> list[dict[str, str]]:
    """Each entry of the page's "Mentioned in": the linking page's title and link, and the sentence."""
    box = build.main(page).select_one(".talknotes-mentions")
    if box is None:
        return []
    return [
        {
            "title": item.a.get_text(),
            "href": item.a["href"],
            "sentence": " ".join(item.select_one(".talknotes-mention-context").get_text().split()),
            "words": item.select_one(".talknotes-mention-context strong").get_text(),
        }
        for item in box.select(".talknotes-mention-list > li")
    ]


def spot_of(build: Build, page: str, href: str) -> BeautifulSoup:
    """The element a mention's link goes to, on the linking page."""
    path, _, anchor = href.partition("#")
    linking = (build.outdir / page).parent / path
    soup = BeautifulSoup(linking.read_text(encoding="utf-8"), "html.parser")
    found = soup.find(id=anchor)
    assert found is not None, href
    return found


# In-process: the sentence, and what counts as a link people wrote.


def test_the_sentence_around_a_link() -> None:
    text = "The day opened early. Then e.g. the recap of the summit came, just as the host had said it would. "
    text += "It ended late."
    start = text.index("the recap")
    assert sentence_around(text, start, start + len("the recap")) == (
        "Then e.g. ",
        "the recap",
        " of the summit came, just as the host had said it would.",
    )
    short = "Kubernetes came up again and again, in every talk of the day. See the recap."
    start = short.index("the recap")
    before, words, after = sentence_around(short, start, start + 9)
    # Too short to say much alone: the sentence before comes with it.
    assert before == "Kubernetes came up again and again, in every talk of the day. See "
    assert (words, after) == ("the recap", ".")


def test_a_long_sentence_is_cut_at_words_on_both_sides() -> None:
    text = "word " * 100 + "LINK" + " more" * 100 + "."
    start = text.index("LINK")
    before, words, after = sentence_around(text, start, start + 4)
    assert words == "LINK"
    assert before.startswith("… word") and len(before) <= CONTEXT_SIDE + 2
    assert after.endswith("more …") and len(after) <= CONTEXT_SIDE + 2


def test_only_links_people_write_count_and_their_blocks_get_an_anchor() -> None:
    document = new_document("test", get_default_settings(Parser))
    paragraph = nodes.paragraph("", "", nodes.Text("Read "))
    doc_link = addnodes.pending_xref("", nodes.inline("", "the notes"), refdomain="std", reftype="doc",
                                     reftarget="../other/page", refexplicit=True)  # fmt: skip
    role = addnodes.pending_xref("", nodes.inline("", "k8s"), refdomain="talknotes", reftype="topic",
                                 reftarget="k8s", refexplicit=False)  # fmt: skip
    python = addnodes.pending_xref("", nodes.literal("", "os.path"), refdomain="py", reftype="mod",
                                   reftarget="os.path")  # fmt: skip
    paragraph += [doc_link, nodes.Text(" on "), role, nodes.Text(" and "), python, nodes.Text(". Next.")]
    document += paragraph
    found = mentions_in(document, "recaps/event/note")
    assert [(m.kind, m.target, m.text, m.explicit) for m in found] == [
        ("doc", "recaps/other/page", "the notes", True),
        ("topic", "k8s", "k8s", False),
    ]
    assert found[0] == Mention("mention-1", 0, "doc", "recaps/other/page", "Read ", "the notes",
                               " on k8s and os.path.", True, (("topic", "k8s", "k8s"),))  # fmt: skip
    assert paragraph["ids"] == ["mention-1"] and found[1].anchor == "mention-1"


# The real site.


def test_the_recap_is_mentioned_on_the_architecture_note_with_its_sentence(real_site: Build) -> None:
    found = mentions(real_site, ARCHITECTURE)
    recap = next(m for m in found if m["title"] == "OpenStack Day Canada 2016")
    assert recap["sentence"] == (
        "See Kubernetes above and below OpenStack and the architecture note The VM-plus-container consumption "
        "model, which draws the consumption model the recap sketches."
    )
    assert recap["words"] == "The VM-plus-container consumption model"
    assert recap["href"].startswith(f"../../{RECAP}/index.html#")
    spot = spot_of(real_site, ARCHITECTURE, recap["href"])
    assert "the consumption model the recap sketches" in " ".join(spot.get_text().split())
    assert any(a["href"].endswith("/vm-container-consumption-model.html") for a in spot.find_all("a"))


def test_the_kubernetes_note_is_mentioned_by_the_recap_and_a_sibling_only(real_site: Build) -> None:
    page = f"{RECAP}/kubernetes-and-openstack.html"
    found = mentions(real_site, page)
    # Its event page lists it and its siblings show it under "More from": those links are the extension's own.
    assert sorted(m["title"] for m in found) == ["OpenStack Day Canada 2016", "Upgrades and interoperability"]
    recap = next(m for m in found if m["title"] == "OpenStack Day Canada 2016")
    assert "See Kubernetes above and below OpenStack and the architecture note" in recap["sentence"]
    assert recap["words"] == "Kubernetes above and below OpenStack"
    for mention in found:
        assert "Kubernetes above and below OpenStack" in spot_of(real_site, page, mention["href"]).get_text()


def test_topic_and_event_pages_show_the_roles_people_wrote(real_site: Build) -> None:
    topic = mentions(real_site, "topics/kubernetes.html")
    assert sorted(m["title"] for m in topic) == ["The VM-plus-container consumption model", "talknotes"]
    assert all(m["words"].lower() == "kubernetes" for m in topic)
    event = mentions(real_site, f"{RECAP}/index.html")
    assert {m["title"] for m in event} == {"The VM-plus-container consumption model", "talknotes"}
    # No topic page is mentioned by the cards that badge it on every note.
    assert mentions(real_site, "topics/containers.html") == []


# Incremental builds: a link added, changed and removed in one page reaches the page it links to.

ADDED = "It builds on {doc}`/recaps/pycon-x-2024/keynote`, which set the scene, and on {topic}`python`."


@pytest.fixture
def limited(tmp_path: Path) -> Site:
    """The basic site, showing one mention at the foot of a page."""
    site = Site(tmp_path, options=("-D", "talknotes_mentions_limit=1"))
    assert site.build().warnings() == []
    return site


def test_mentions_follow_links_added_changed_and_removed(limited: Site) -> None:
    site = limited
    deep = "docs/deep-dive.md"
    keynote = f"{PYCON}/keynote.html"
    site.edit(deep, lambda text: text.replace("recaps folder.", f"recaps folder. {ADDED}"))
    compare = "\nCompare [the keynote](../pycon-x-2024/keynote.md).\n"
    site.edit("recaps/meetup-2023/lightning.md", lambda text: text + compare)
    site.edit(f"{PYCON}/draft-note.md", lambda text: text + "\nA draft on {doc}`keynote` shows nowhere.\n")
    build = site.assert_same_as_clean()
    found = mentions(build, keynote)
    assert len(found) == 1  # the limit
    rest = build.main(keynote).select_one(".talknotes-mentions-rest a")
    assert rest.get_text() == "All 2 mentions"
    every = build.main(f"{PYCON}/keynote/mentions.html")
    # Newest linking note first: the deep dive is of 2024, the lightning talk of 2023.
    assert [a.get_text() for a in every.select(".talknotes-mention-list > li > p > a")] == [
        "Kubernetes deep dive",
        "Five minutes of Python",
    ]
    assert "Unfinished draft note" not in build.text(f"{PYCON}/keynote/mentions.html")
    assert "which set the scene" in build.text(f"{PYCON}/keynote/mentions.html")
    python = mentions(build, "topics/python.html")
    assert [m["title"] for m in python] == ["Kubernetes deep dive"]

    site.edit(deep, lambda text: text.replace("which set the scene", "which asked the questions"))
    build = site.assert_same_as_clean()
    text = build.text(f"{PYCON}/keynote/mentions.html")
    assert "which asked the questions" in text and "which set the scene" not in text
    assert "which asked the questions" in mentions(build, "topics/python.html")[0]["sentence"]

    site.edit(deep, lambda text: text.replace(ADDED.replace("set the scene", "asked the questions"), ""))
    build = site.assert_same_as_clean()
    assert [m["title"] for m in mentions(build, keynote)] == ["Five minutes of Python"]
    assert build.main(keynote).select_one(".talknotes-mentions-rest") is None
    assert not (build.outdir / f"{PYCON}/keynote/mentions.html").exists()
    assert mentions(build, "topics/python.html") == []


def test_a_ref_to_a_label_on_a_page_is_a_mention_of_the_page(limited: Site) -> None:
    site = limited
    site.edit(
        f"{PYCON}/keynote.md", lambda text: text.replace("Keynote body text.", "(keynote-body)=\n## Body\n\nText.")
    )
    site.edit("docs/deep-dive.md", lambda text: text + "\nIts first part builds on {ref}`keynote-body` at length.\n")
    build = site.build()
    (found,) = mentions(build, f"{PYCON}/keynote.html")
    # A {ref} without words of its own shows the section's title, as the page does.
    assert found["title"] == "Kubernetes deep dive" and found["words"] == "Body"
    assert found["sentence"] == "Its first part builds on Body at length."
