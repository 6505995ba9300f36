"""A place of events, a country or a city: plain data that the graph holds and ``places`` draws."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A country, or a city, with the listed events held there."""

    id: str  # a country's slug ("canada"), a city's below it ("canada/montreal"); a city without a country: its slug
    kind: str  # country | city
    name: str  # as the newest event writes it
    region: str | None  # a city's region, when it tells two cities of one name apart or its events give one
    country_id: str | None  # a city's country
    event_ids: tuple[str, ...]  # newest first

    @property
    def label(self) -> str:
        """The name a list shows: "Montreal, Quebec" for a city with a region, else the name."""
        return f"{self.name}, {self.region}" if self.kind == "city" and self.region else self.name
