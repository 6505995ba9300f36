"""llms.txt and llms-full.txt: the llmstxt.org layout, only published written notes, absolute links to pages
that exist, the same bytes from two clean builds, and none without the site's address."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import SITE_URL, Build, copy_root, sphinx_build
from talknotes.outputs.llms import markdown_body

LINK = re.compile(r"\[(?P<text>(?:[^\]\\]|\\.)*)\]\((?P<url>[^)\s]+)\)")


def sections(text: str) -> dict[str, list[str]]:
    """The lines of each ``## `` section of a llms.txt."""
    found: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:], [])
        elif current is not None and line.strip():
            current.append(line)
    return found


def test_the_real_site_has_its_events_topics_and_notes_with_working_links(real_site: Build) -> None:
    text = (real_site.outdir / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# talknotes"
    assert lines[2].startswith("> A knowledge base of conference and meetup recaps")
    parts = sections(text)
    assert list(parts) == ["Events", "Topics", "Notes", "Optional"]
    catalog = json.loads((real_site.outdir / "catalog.json").read_text(encoding="utf-8"))
    written = {n["title"] for n in catalog["notes"] if n["status"] == "note"}
    assert {LINK.search(line)["text"] for line in parts["Notes"]} == written
    assert parts["Events"][0].startswith("- [OpenStack Day Canada 2016](")
    assert "22 November 2016, Montreal, Quebec, Canada; 4 notes" in parts["Events"][0]
    kubernetes = next(line for line in parts["Topics"] if line.startswith("- [Kubernetes]"))
    assert kubernetes.endswith("3 notes. Container orchestration, originally from Google.")
    for match in LINK.finditer(text):
        url = match["url"]
        assert url.startswith(SITE_URL), url
        assert (real_site.outdir / url.removeprefix(SITE_URL)).is_file(), url


def test_the_full_file_holds_each_note_in_markdown_with_roles_as_words(real_site: Build) -> None:
    text = (real_site.outdir / "llms-full.txt").read_text(encoding="utf-8")
    assert "{doc}" not in text and "{topic}" not in text and "{notes}" not in text and "<!--" not in text
    note = text.split("\n# The VM-plus-container consumption model\n", 1)[1].split("\n# ", 1)[0]
    assert "- Event: OpenStack Day Canada 2016\n" in note
    assert "- Date: 2016-11-22\n" in note
    assert f"- Page: {SITE_URL}docs/architecture/vm-container-consumption-model.html\n" in note
    # {event}`openstack-day-canada-2016` as its name, and the diagram's Mermaid source from diagrams/.
    assert "The recap of OpenStack Day Canada 2016 sketches" in note
    assert "```mermaid\nflowchart" in note
    recap = text.split("\n# Kubernetes above and below OpenStack\n", 1)[1].split("\n# ", 1)[0]
    assert "The architecture note\nThe VM-plus-container consumption model describes it" in recap


def test_programme_entries_and_drafts_are_left_out_and_two_builds_agree(tmp_path: Path) -> None:
    src = copy_root("programme", tmp_path)
    (src / "recaps/meetup-2023/secret.md").write_text(
        "---\ndraft: true\nsummary: Not yet.\n---\n\n# A draft nobody should see\n\nText.\n", encoding="utf-8"
    )
    first = sphinx_build(src, tmp_path / "one", "-n", "-E", new_interpreter=True)  # each with its own hash seed
    second = sphinx_build(src, tmp_path / "two", "-n", "-E", new_interpreter=True)
    catalog = json.loads((first.outdir / "catalog.json").read_text(encoding="utf-8"))
    entries = [n["title"] for n in catalog["notes"] if n["status"] == "programme"]
    notes = [n["title"] for n in catalog["notes"] if n["status"] == "note"]
    assert entries and notes
    for name in ("llms.txt", "llms-full.txt"):
        data = (first.outdir / name).read_bytes()
        assert data == (second.outdir / name).read_bytes(), name
        assert "A draft nobody should see" not in data.decode("utf-8")
    # An event page without a recap yet is a programme entry too, but its event is listed under Events.
    listed = {LINK.search(line)["text"] for line in sections((first.outdir / "llms.txt").read_text())["Notes"]}
    assert listed == set(notes)
    full = (first.outdir / "llms-full.txt").read_text(encoding="utf-8")
    assert {line[2:] for line in full.splitlines()[1:] if line.startswith("# ")} == set(notes)


def test_no_address_no_files(tmp_path: Path) -> None:
    src = copy_root("programme", tmp_path)
    with_address = sphinx_build(src, tmp_path / "html", "-n")
    assert (with_address.outdir / "llms.txt").is_file()
    # The same output folder built again without the address: the files it no longer writes are gone.
    without = sphinx_build(src, tmp_path / "html", "-n", "-D", "html_baseurl=")
    assert without.returncode == 0, without.stderr
    assert not (without.outdir / "llms.txt").exists() and not (without.outdir / "llms-full.txt").exists()


def test_markdown_body_keeps_the_prose_and_drops_what_only_a_page_shows() -> None:
    source = (
        "---\nkind: talk\n---\n\n(intro)=\n# Title\n\n<!-- an outline comment -->\nSee {doc}`the other <other>` "
        "and {topic}`k8s`.\n\n```{notes}\n:topic: k8s\n```\n\n```{mermaid} /diagrams/a.mmd\n```\n\nThe end.\n"
    )
    body = markdown_body(source, lambda role, target: f"<{role}:{target}>", lambda path: "flowchart LR\n  a --> b\n")
    assert body == "See the other and <topic:k8s>.\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\nThe end."
