"""The settings table: every talknotes_* value registered from it, checked at once, the layout's page names."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import REPO, copy_root, sphinx_build
from talknotes.base.settings import CONFIG_VALUES, Layout, Settings, problems


def config(**changes: object) -> SimpleNamespace:
    values = {f"talknotes_{name}": default for name, default, _ in CONFIG_VALUES}
    values.update({f"talknotes_{key}": value for key, value in changes.items()})
    return SimpleNamespace(**values)


def test_the_defaults_are_fine() -> None:
    assert problems(config()) == []


def test_the_reference_documents_every_setting_with_its_default() -> None:
    """The reference's table of settings and the ``Settings`` declaration name the same values, defaults too."""
    table = {}
    for line in (REPO / "docs/reference.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| `talknotes_") and len(cells) >= 3:
            table[cells[0].strip("`").removeprefix("talknotes_")] = cells[1].strip("`")
    assert set(table) == {name for name, _, _ in CONFIG_VALUES}
    for name, default, _ in CONFIG_VALUES:
        assert table[name] == (str(default).replace("'", '"') if not isinstance(default, str) else default), name
    assert all(f.metadata["help"] and f.metadata["check"] for f in Settings.__dataclass_fields__.values())


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"events_dir": "recaps/2024"}, "talknotes_events_dir must be a single folder name"),
        ({"topics_dir": ".hidden"}, "talknotes_topics_dir must be a single folder name"),
        ({"speakers_dir": "topics"}, "must be different folders"),
        ({"list_limit": 0}, "talknotes_list_limit must be a whole number of at least 1, not 0"),
        ({"navigation_window": True}, "talknotes_navigation_window must be a whole number"),
        ({"navigation_limit": "100"}, "talknotes_navigation_limit must be a whole number"),
        ({"catalog": None}, "talknotes_catalog must be text"),
    ],
)
def test_each_setting_that_cannot_work_is_named(changes: dict[str, object], words: str) -> None:
    found = problems(config(**changes))
    assert len(found) == 1 and words in found[0], found


def test_several_mistakes_are_reported_together(tmp_path: Path) -> None:
    src = copy_root("minimal", tmp_path)
    (src / "conf.py").write_text(
        (src / "conf.py").read_text() + "talknotes_list_limit = -1\ntalknotes_topics_dir = 'a/b'\n", encoding="utf-8"
    )
    build = sphinx_build(src, tmp_path / "html")
    assert build.returncode != 0
    assert "talknotes_list_limit must be" in build.stderr and "talknotes_topics_dir must be" in build.stderr


def test_the_layout_names_every_page() -> None:
    layout = Layout("events", "subjects", "people")
    assert layout.events_overview == "events/index"
    assert layout.event_page("pycon-2024") == "events/pycon-2024/index"
    assert layout.year_page("2024") == "events/2024"
    assert layout.topic_page("k8s") == "subjects/k8s" and layout.topic_page("k8s", "2019") == "subjects/k8s/2019"
    assert layout.speaker_page("ada", "undated") == "people/ada/undated"
    place = layout.place("events/pycon-2024/day-1/talk")
    assert (place.in_events, place.folder_event, place.is_event_page, place.misplaced) == (
        True,
        "pycon-2024",
        False,
        False,
    )
    assert layout.place("events/stray").misplaced and not layout.place("events/index").misplaced
    assert layout.event_of_page("events/pycon-2024/index") == "pycon-2024"
    assert layout.event_of_page("events/pycon-2024/talk") is None and layout.event_of_page("docs/index") is None


def test_the_layout_reads_which_item_a_generated_page_is_about() -> None:
    layout = Layout(topics_dir="subjects", speakers_dir="people", series_dir="sets")
    assert layout.item_of_page("subjects/cloud") == ("topic", "cloud")
    assert layout.item_of_page("subjects/cloud/2016") == ("topic", "cloud")
    assert layout.item_of_page("people/ada-lovelace/2024") == ("person", "ada-lovelace")
    assert layout.item_of_page("sets/pycon-fr") == ("series", "pycon-fr")
    assert layout.item_of_page("sets/pycon-fr/2024") is None  # a series page has no year pages
    assert layout.item_of_page("topics/cloud") is None  # not this site's topics folder
    assert layout.item_of_page("recaps/ev-2024/index") is None


def test_make_check_stops_at_a_setting_the_build_refuses(tmp_path: Path) -> None:
    """``make check`` reads conf.py with the build's declaration and checks: a setting that stops the build
    stops it too, in the same words, instead of checking the site with a value that cannot work."""
    from helpers import talknotes

    root = copy_root("minimal", tmp_path)
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('talknotes_list_limit = 0\ntalknotes_events_dir = "recaps/2024"\n')
    done = talknotes(root, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "talknotes_list_limit must be a whole number of at least 1, not 0" in done.stderr
    assert "talknotes_events_dir must be a single folder name" in done.stderr
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0 and "talknotes_list_limit must be a whole number of at least 1, not 0" in build.stderr
