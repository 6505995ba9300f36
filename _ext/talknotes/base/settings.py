"""The extension's settings, declared in one table and checked once; the site's folders and page names.

Every ``talknotes_*`` value of conf.py is declared in ``CONFIG_VALUES``: ``setup()`` registers
them from it and ``config-inited`` checks them all at once, so a typo fails at start-up rather
than mid-build. ``Layout`` is the one place that spells the site's page names and reads where a
page sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.config import Config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# name (after 'talknotes_'), default, what a change rebuilds; the reference documents each.
CONFIG_VALUES: tuple[tuple[str, Any, str], ...] = (
    ("topics_file", "topics.yml", "env"),
    ("speakers_file", "speakers.yml", "env"),
    ("events_dir", "recaps", "env"),
    ("topics_dir", "topics", "env"),
    ("speakers_dir", "speakers", "env"),
    ("series_dir", "series", "env"),
    ("catalog", "catalog.json", "html"),
    ("sitemap", "sitemap.xml", "html"),
    ("feeds", "feeds", "html"),
    ("calendars", "calendars", "html"),
    ("explore", "pagefind", "html"),
    ("explore_exclude", ["docs/**"], "html"),
    # 0: one index of the notes and one of the other pages, what a reader loads least of (every full build);
    # make livehtml shards it, so that an edit re-indexes a shard, not the site.
    ("explore_shard_pages", 0, "html"),
    ("node_modules", "node_modules", "html"),
    ("list_limit", 100, "html"),
    ("people_limit", 1000, "html"),
    ("topics_limit", 1000, "html"),
    ("navigation_limit", 100, "html"),
    ("navigation_window", 25, "html"),
    # False: Python's garbage collector runs as Python runs it (gc_tuning.py); the output is the same.
    ("gc_tuning", True, ""),
)
FOLDER = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Place:
    """Where a document sits relative to the events folder."""

    in_events: bool  # below the events folder
    folder_event: str | None  # the event folder it is in
    is_event_page: bool  # <events>/<event-id>/index
    misplaced: bool  # directly in the events folder, but not its index


@dataclass(frozen=True)
class Layout:
    """The site's folders, and the names of the pages the extension reads and writes."""

    events_dir: str = "recaps"
    topics_dir: str = "topics"
    speakers_dir: str = "speakers"
    series_dir: str = "series"

    @property
    def events_overview(self) -> str:
        return f"{self.events_dir}/index"

    def event_page(self, event_id: str) -> str:
        return f"{self.events_dir}/{event_id}/index"

    def note_page(self, event_id: str, slug: str) -> str:
        return f"{self.events_dir}/{event_id}/{slug}"

    def year_page(self, year: str) -> str:
        return f"{self.events_dir}/{year}"

    def overview(self, folder: str) -> str:
        return f"{folder}/index"

    def topic_page(self, topic_id: str, year: str | None = None) -> str:
        return f"{self.topics_dir}/{topic_id}" + (f"/{year}" if year else "")

    def speaker_page(self, speaker_id: str, year: str | None = None) -> str:
        return f"{self.speakers_dir}/{speaker_id}" + (f"/{year}" if year else "")

    def people_page(self, key: str) -> str:
        """A page of the people overview at archive scale: the people whose names start with ``key``. Below the
        overview's own name (``index``), which no person's id can be, so it never meets a person's page."""
        return f"{self.speakers_dir}/index/{key}"

    def topics_page(self, key: str) -> str:
        """A page of the topics overview at archive scale, below its name as the people's pages are."""
        return f"{self.topics_dir}/index/{key}"

    def series_page(self, series_id: str) -> str:
        return f"{self.series_dir}/{series_id}"

    def place(self, docname: str) -> Place:
        parts = docname.split("/")
        in_events = parts[0] == self.events_dir and len(parts) > 1
        folder_event = parts[1] if in_events and len(parts) >= 3 else None
        return Place(
            in_events=in_events,
            folder_event=folder_event,
            is_event_page=folder_event is not None and len(parts) == 3 and parts[2] == "index",
            misplaced=in_events and folder_event is None and parts[1] != "index",
        )

    def event_of_page(self, docname: str) -> str | None:
        """The event id when ``docname`` is an event page."""
        place = self.place(docname)
        return place.folder_event if place.is_event_page else None


@dataclass(frozen=True)
class Settings:
    """The checked ``talknotes_*`` values of one build."""

    layout: Layout
    topics_file: str
    speakers_file: str
    catalog: str
    sitemap: str
    feeds: str  # the folder of the Atom feeds; "" for none
    calendars: str  # the folder of the iCalendar files; "" for none
    explore: str  # the folder of the Pagefind index, for the explore page; "" for Sphinx's own search
    explore_exclude: tuple[str, ...]  # glob patterns of pages left out of the explore index (notes never are)
    explore_shard_pages: int  # most pages in one shard of the explore index; 0: one index of the notes
    node_modules: str
    list_limit: int
    people_limit: int  # the most people the people overview lists on one page; past it, a page per letter
    topics_limit: int  # the most topics (lines) the topics overview lists on one page; past it, a page per letter
    navigation_limit: int
    navigation_window: int
    gc_tuning: bool  # whether gc_tuning.py tunes the collector around the build


def register(app: Sphinx) -> None:
    """Declare every ``talknotes_*`` value with Sphinx."""
    for name, default, rebuild in CONFIG_VALUES:
        app.add_config_value(f"talknotes_{name}", default, rebuild, types=frozenset({type(default)}))


def problems(config: Config) -> list[str]:
    """Every ``talknotes_*`` value that cannot work, in words."""
    found = []
    folders = ("events_dir", "topics_dir", "speakers_dir", "series_dir")
    for name, default, _rebuild in CONFIG_VALUES:
        value = getattr(config, f"talknotes_{name}")
        if isinstance(default, list):
            if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item for item in value):
                found.append(f"talknotes_{name} must be a list of glob patterns such as {default!r}, not {value!r}")
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                found.append(f"talknotes_{name} must be True or False, not {value!r}")
        elif isinstance(default, int):
            least = 0 if name == "explore_shard_pages" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                found.append(f"talknotes_{name} must be a whole number of at least {least}, not {value!r}")
        elif (
            name in ("feeds", "calendars", "explore")
            and value != ""
            and (not isinstance(value, str) or not FOLDER.fullmatch(value))
        ):
            found.append(
                f"talknotes_{name} must be a single folder name such as {default!r}, or '' for none, not {value!r}"
            )
        elif name in folders and (not isinstance(value, str) or not FOLDER.fullmatch(value)):
            found.append(f"talknotes_{name} must be a single folder name such as 'topics', not {value!r}")
        elif not isinstance(value, str):
            found.append(f"talknotes_{name} must be text, not {value!r}")
    if not found and len({getattr(config, f"talknotes_{name}") for name in folders}) != len(folders):
        found.append(
            "talknotes_events_dir, talknotes_topics_dir, talknotes_speakers_dir and talknotes_series_dir "
            "must be different folders"
        )
    return found


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Check every setting at once, before anything is read."""
    from sphinx.errors import ConfigError

    if found := problems(config):
        raise ConfigError("; ".join(found))


def published_address(config: Config, builder_name: str) -> str | None:
    """The site's address, ending with '/', for what needs absolute URLs (sitemap, feeds, calendars):
    ``html_baseurl`` on a builder that writes one page per document; None otherwise."""
    base = config.html_baseurl
    if not base or builder_name not in ("html", "dirhtml"):
        return None
    return base if base.endswith("/") else base + "/"


def absolute(base: str, relative: str) -> str:
    """The address of ``relative`` (a target URI or a path below the output folder: never absolute, never
    with "..") on the site at ``base`` (``published_address``, which ends with "/").

    What ``urljoin`` gives for such a path, at a tenth of its cost: feeds and the sitemap join 25,000
    addresses at 10,000 notes, in every build that changes what they say."""
    return base + relative


def published_folder(config: Config, builder_name: str, folder: str) -> str | None:
    """The site's address when files needing it (feeds, calendars) have a ``folder`` and the address is known."""
    return published_address(config, builder_name) if folder else None


_made: WeakKeyDictionary[Config, Settings] = WeakKeyDictionary()


def settings(config: Config) -> Settings:
    """The settings of ``config``, made once per configuration."""
    if config not in _made:
        values = {name: getattr(config, f"talknotes_{name}") for name, _, _ in CONFIG_VALUES}
        layout = Layout(
            values.pop("events_dir"), values.pop("topics_dir"), values.pop("speakers_dir"), values.pop("series_dir")
        )
        values["explore_exclude"] = tuple(values["explore_exclude"])
        _made[config] = Settings(layout=layout, **values)
    return _made[config]
