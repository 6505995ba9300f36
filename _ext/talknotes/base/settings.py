"""The extension's settings, declared in one table and checked once; the site's folders and page names.

Every ``talknotes_*`` value of conf.py is a field of ``Settings``, with its default, check and help:
``setup()`` registers them from it and ``config-inited`` checks them all at once, so a typo fails at start-up rather
than mid-build. ``Layout`` is the one place that spells the site's page names and reads where a
page sits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from sphinx.config import Config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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
    places_dir: str = "places"

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

    def place_page(self, place_id: str) -> str:
        """A country's page, or a city's (``country/city``), below the places overview."""
        return f"{self.places_dir}/{place_id}"

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

    def item_of_page(self, pagename: str) -> tuple[str, str] | None:
        """The topic, person or series a page is about, when it has the address of its generated page or of
        one of its year pages: ("topic" | "person" | "series", id). Whether that item exists is the graph's
        to say."""
        parts = pagename.split("/")
        if len(parts) in (2, 3) and parts[0] == self.topics_dir:
            return "topic", parts[1]
        if len(parts) in (2, 3) and parts[0] == self.speakers_dir:
            return "person", parts[1]
        if len(parts) == 2 and parts[0] == self.series_dir:
            return "series", parts[1]
        return None

    def event_of_page(self, docname: str) -> str | None:
        """The event id when ``docname`` is an event page."""
        place = self.place(docname)
        return place.folder_event if place.is_event_page else None


Check = Callable[[str, Any, Any], "str | None"]  # (name, value, default) -> what is wrong, or None


def text(name: str, value: Any, default: Any) -> str | None:
    return None if isinstance(value, str) else f"talknotes_{name} must be text, not {value!r}"


def folder(name: str, value: Any, default: Any) -> str | None:
    if isinstance(value, str) and FOLDER.fullmatch(value):
        return None
    return f"talknotes_{name} must be a single folder name such as {default!r}, not {value!r}"


def optional_folder(name: str, value: Any, default: Any) -> str | None:
    if value == "" or (isinstance(value, str) and FOLDER.fullmatch(value)):
        return None
    return f"talknotes_{name} must be a single folder name such as {default!r}, or '' for none, not {value!r}"


def patterns(name: str, value: Any, default: Any) -> str | None:
    if isinstance(value, list | tuple) and all(isinstance(item, str) and item for item in value):
        return None
    return f"talknotes_{name} must be a list of glob patterns such as {list(default)!r}, not {value!r}"


def whole_number(least: int) -> Check:
    def check(name: str, value: Any, default: Any) -> str | None:
        if not isinstance(value, bool) and isinstance(value, int) and value >= least:
            return None
        return f"talknotes_{name} must be a whole number of at least {least}, not {value!r}"

    return check


def boolean(name: str, value: Any, default: Any) -> str | None:
    return None if isinstance(value, bool) else f"talknotes_{name} must be True or False, not {value!r}"


def setting(default: Any, rebuild: str, check: Check, help: str) -> Any:
    """A ``talknotes_<field>`` value: its default, what a change of it rebuilds, its check and its meaning."""
    return field(default=default, metadata={"rebuild": rebuild, "check": check, "help": help})


@dataclass(frozen=True)
class Settings:
    """Every ``talknotes_*`` value, declared once: ``setup()`` registers them, ``config-inited`` checks them,
    and ``make check`` reads a site's conf.py with them. docs/reference.md describes each at length."""

    topics_file: str = setting("topics.yml", "env", text, "the topic registry, relative to conf.py")
    speakers_file: str = setting("speakers.yml", "env", text, "the speaker registry, relative to conf.py")
    events_dir: str = setting("recaps", "env", folder, "the folder of event folders")
    topics_dir: str = setting("topics", "env", folder, "where topic pages go")
    speakers_dir: str = setting("speakers", "env", folder, "where speaker pages go")
    series_dir: str = setting("series", "env", folder, "where series pages go")
    places_dir: str = setting("places", "env", folder, "where the pages of countries and cities go")
    catalog: str = setting("catalog.json", "html", text, "the catalog's file name; empty for none")
    sitemap: str = setting("sitemap.xml", "html", text, "the sitemap's file name; empty for none")
    feeds: str = setting("feeds", "html", optional_folder, "the folder of the Atom feeds; empty for none")
    calendars: str = setting("calendars", "html", optional_folder, "the folder of the iCalendar files; empty for none")
    llms: bool = setting(
        True, "html", boolean, "whether llms.txt and llms-full.txt are written (with the site's address)"
    )
    previews: str = setting(
        "previews", "html", optional_folder, "the folder of the link previews' data; empty for none"
    )
    explore: str = setting("pagefind", "html", optional_folder, "the folder of the explore index; empty for none")
    explore_exclude: tuple[str, ...] = setting(
        ("docs/**",), "html", patterns, "glob patterns of pages left out of the explore index (notes never are)"
    )
    # 0: one index of the notes and one of the other pages, what a reader loads least of (every full build);
    # make livehtml shards it, so that an edit re-indexes a shard, not the site.
    explore_shard_pages: int = setting(0, "html", whole_number(0), "most pages in one shard of the explore index")
    node_modules: str = setting("node_modules", "html", text, "where npm ci installed Mermaid and Pagefind")
    list_limit: int = setting(100, "html", whole_number(1), "the longest list on one page before it is split by year")
    people_limit: int = setting(1000, "html", whole_number(1), "the most people the people overview lists on a page")
    topics_limit: int = setting(1000, "html", whole_number(1), "the most topics the topics overview lists on a page")
    mentions_limit: int = setting(10, "html", whole_number(1), "the most mentions shown at the foot of a page")
    navigation_limit: int = setting(100, "html", whole_number(1), "the most entries of a whole navigation")
    navigation_window: int = setting(25, "html", whole_number(1), "the most entries of a list in a bounded navigation")
    # False: Python's garbage collector runs as Python runs it (gc_tuning.py); the output is the same.
    gc_tuning: bool = setting(True, "", boolean, "whether the build tunes Python's garbage collector")

    @cached_property
    def layout(self) -> Layout:
        return Layout(self.events_dir, self.topics_dir, self.speakers_dir, self.series_dir, self.places_dir)

    @classmethod
    def read(cls, value_of: Callable[[str], Any]) -> Settings:
        """The settings whose values ``value_of(name)`` gives, by field name; lists are kept as tuples."""
        values = {f.name: value_of(f.name) for f in fields(cls)}
        values["explore_exclude"] = tuple(values["explore_exclude"])
        return cls(**values)


FOLDERS = ("events_dir", "topics_dir", "speakers_dir", "series_dir", "places_dir")
# name (after 'talknotes_'), default as conf.py gives it, what a change rebuilds: what Sphinx is told.
CONFIG_VALUES: tuple[tuple[str, Any, str], ...] = tuple(
    (f.name, list(f.default) if isinstance(f.default, tuple) else f.default, f.metadata["rebuild"])
    for f in fields(Settings)
)


def register(app: Sphinx) -> None:
    """Declare every ``talknotes_*`` value with Sphinx."""
    for name, default, rebuild in CONFIG_VALUES:
        app.add_config_value(f"talknotes_{name}", default, rebuild, types=frozenset({type(default)}))


def problems(config: Config | Any) -> list[str]:
    """Every ``talknotes_*`` value that cannot work, in words (``config``: anything with the values as
    attributes)."""
    found = [
        message
        for f in fields(Settings)
        if (message := f.metadata["check"](f.name, getattr(config, f"talknotes_{f.name}"), f.default))
    ]
    if not found and len({getattr(config, f"talknotes_{name}") for name in FOLDERS}) != len(FOLDERS):
        found.append(
            "talknotes_events_dir, talknotes_topics_dir, talknotes_speakers_dir, talknotes_series_dir and "
            "talknotes_places_dir must be different folders"
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
        _made[config] = Settings.read(lambda name: getattr(config, f"talknotes_{name}"))
    return _made[config]
