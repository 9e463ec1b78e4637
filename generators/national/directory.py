"""What the portal says about each province, from its catalogue: how many explainers, in
which fields, and what changed last."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from generators.national.repository import Province
from generators.urls import SEARCH_URL

LATEST_HOME = 3
"""Latest updates per province on the home page."""
LATEST_PAGE = 20
"""… and on the province's own page."""


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    count: int


@dataclass(frozen=True)
class Update:
    title: str
    url: str
    """Absolute: the explainer's page on the province's site."""
    updated: str
    field: str


@dataclass(frozen=True)
class Entry:
    """One province as the directory shows it."""

    province: Province
    explainers: int
    fields: tuple[Field, ...]
    latest: tuple[Update, ...]
    """Newest first, LATEST_PAGE at most."""

    @property
    def key(self) -> str:
        return self.province.key

    @property
    def name(self) -> str:
        return self.province.name

    @property
    def url(self) -> str:
        return self.province.url

    @property
    def search_url(self) -> str:
        return self.province.url + SEARCH_URL

    @property
    def bundle(self) -> str:
        """The province's Pagefind bundle, which the national search merges."""
        return self.province.url + "pagefind/"


def _update(province: Province, item: Mapping[str, Any]) -> Update:
    field = str(item.get("field") or "")
    return Update(str(item["title"]), province.url + str(item["url"]), str(item["updated"]),
                  province.field_titles.get(field, field))


def entry(province: Province) -> Entry:
    explainers = province.explainers
    counts = Counter(str(item.get("field") or "") for item in explainers)
    fields = sorted((Field(key, province.field_titles.get(key, key), n)
                     for key, n in counts.items() if key), key=lambda f: (f.title, f.key))
    newest = sorted(explainers, key=lambda i: (-_ordinal(str(i["updated"])), str(i["id"])))
    return Entry(province, len(explainers), tuple(fields),
                 tuple(_update(province, item) for item in newest[:LATEST_PAGE]))


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def directory(provinces: tuple[Province, ...]) -> list[Entry]:
    """Every province, by name (then key)."""
    return sorted((entry(p) for p in provinces), key=lambda e: (e.name, e.key))
