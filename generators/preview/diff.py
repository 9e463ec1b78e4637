"""Which planned pages an edit changed: the pages of two plans compared by what they say,
without rendering them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generators.library.model import Library
from generators.site.pages import SitePage

_PAGE_FIELDS = tuple(f.name for f in dataclasses.fields(SitePage) if f.name != "values")


def same_page(old: SitePage, new: SitePage) -> bool:
    """Whether `new` is planned exactly like `old` (so renders like it, without rendering).

    Every field and value is compared, except the whole `Library` that pages' values carry
    for their templates: templates read only its registries (fields, documents, languages,
    the build date), and a change to those rebuilds the whole preview (see
    `registries_changed`), so within one incremental update it is the same library.
    """
    if old is new:
        return True
    return _same_fields(old, new) and _same(old.values, new.values)


def same_output(old: SitePage, new: SitePage) -> bool:
    """Whether `new` renders like `old` although its values differ: a listing's explainer
    whose body changed, shown by title only. MkDocs + Material see a page's fields and its
    content HTML, nothing else, so those are compared (rendering only the content)."""
    return _same_fields(old, new) and old.html == new.html


def _same_fields(old: SitePage, new: SitePage) -> bool:
    return all(getattr(old, name) == getattr(new, name) for name in _PAGE_FIELDS)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, Library) and isinstance(b, Library):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if not a == b:
        return False
    # A dataclass's `==` skips its `compare=False` fields, which templates may still show
    # (a translation status's title and URL).
    return all(_same(getattr(a, name), getattr(b, name)) for name in _uncompared(type(a)))


_UNCOMPARED: dict[type, tuple[str, ...]] = {}


def _uncompared(kind: type) -> tuple[str, ...]:
    if kind not in _UNCOMPARED:
        _UNCOMPARED[kind] = tuple(f.name for f in dataclasses.fields(kind) if not f.compare) \
            if dataclasses.is_dataclass(kind) else ()
    return _UNCOMPARED[kind]


INCREMENTAL = frozenset({"explainers", "qa", "situations"})
"""The parts of a Library an incremental update re-plans; a change anywhere else (fields,
documents, glossary, settings files, quizzes, contests, …) rebuilds the preview whole."""


def registries_changed(old: Library, new: Library) -> list[str]:
    """The Library's parts outside INCREMENTAL that differ between `old` and `new`."""
    return [f.name for f in dataclasses.fields(Library)
            if f.name not in INCREMENTAL and getattr(old, f.name) != getattr(new, f.name)]


@dataclass(frozen=True)
class PageDiff:
    """What an update does to the planned pages."""

    changed: tuple[SitePage, ...]
    """New pages, and pages whose content differs (to render)."""
    removed: tuple[str, ...]
    """URLs of pages no longer planned (to delete)."""
    pages: tuple[SitePage, ...]
    """The new plan, with the old page objects kept where planned the same (their HTML may
    be rendered already)."""


def diff_pages(old: Mapping[str, SitePage], new: Sequence[SitePage]) -> PageDiff:
    """Compare the plan `new` with the pages `old` (by URL)."""
    changed: list[SitePage] = []
    pages: list[SitePage] = []
    for page in new:
        before = old.get(page.url)
        if before is not None and same_page(before, page):
            pages.append(before)
            continue
        if before is None or not same_output(before, page):
            changed.append(page)
        pages.append(page)
    urls = {p.url for p in new}
    removed = tuple(url for url in old if url not in urls)
    return PageDiff(tuple(changed), removed, tuple(pages))


__all__ = ["INCREMENTAL", "PageDiff", "diff_pages", "registries_changed", "same_output",
           "same_page"]
