"""The stage contract: every part of a build (a medium, the site, the exports, …) is a
`Stage` that the pipeline runs in order and that answers with one `StageReport`.

A stage is one object: its `name`, the stages it `needs` before it, whether it runs for a
configuration (`enabled`), what it finds wrong in a library before anything is written
(`check`), and `run(build) -> StageReport`. What it makes for later stages and the site is
in `StageReport.media`; files of the site are written into `build.out`, the staging folder
that replaces `site/` only once every stage has succeeded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from generators.config import BuildConfig
from generators.errors import Problem
from generators.library.model import Library
from generators.media import SiteMedia
from generators.progress import Progress

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class StageReport:
    """What one stage did: counted, timed, its warnings and its summary lines."""

    name: str
    built: int = 0
    """Pieces made in this run (chapters, pictures, books, pages …)."""
    reused: int = 0
    """Pieces found whole in the cache."""
    failed: int = 0
    """Pieces left out (each with a notice saying why)."""
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    """The editors' warnings, at `path:line` (`--strict` turns them into errors)."""
    notices: list[str] = field(default_factory=list)
    """What the build had to leave out or fall back on (printed after the summary, "⚠")."""
    summary: list[str] = field(default_factory=list)
    """The stage's lines in the build summary (none: it says nothing)."""
    media: SiteMedia = field(default_factory=SiteMedia)
    """What this stage hands to later stages and to the site."""
    details: dict[str, Any] = field(default_factory=dict)
    """Figures for the summary and tests that only this stage has (pages, segments …)."""

    def lines(self) -> list[str]:
        """The summary lines, then the notices."""
        return [*self.summary, *(f"⚠ {notice}" for notice in self.notices)]


@dataclass
class Build:
    """One run in progress: what every stage's `run` receives."""

    config: BuildConfig
    library: Library
    progress: Progress
    out: Path
    """The staging folder of the new site (the site stage fills it; later stages add to it)."""
    media: SiteMedia = field(default_factory=SiteMedia)
    """Everything the stages run so far have made, merged."""
    reports: dict[str, StageReport] = field(default_factory=dict)


class Stage:
    """Base of every stage: override `run`, and the rest where the stage needs it."""

    name: str = ""
    needs: tuple[str, ...] = ()
    """Stages that must have run before this one (when they are enabled)."""
    optional: bool = False
    """Runs only when `config.runs(name)` (see config.OPTIONAL_STAGES)."""

    def enabled(self, config: BuildConfig) -> bool:
        return config.runs(self.name) if self.optional else True

    def check(self, config: BuildConfig, library: Library) -> list[Problem]:
        """Problems only this stage can see in the library, reported with the library's own
        by `check` and before any build. The library may have errors elsewhere (what failed
        to load is left out of it), so that one run shows every problem."""
        return []

    def run(self, build: Build) -> StageReport:
        raise NotImplementedError


@dataclass(frozen=True)
class Made(Generic[T, R]):
    """The outcome of `make_missing`: each item made and what `make` returned for it."""

    made: list[tuple[T, R]]
    reused: int

    @property
    def built(self) -> int:
        return len(self.made)


def make_missing(items: Sequence[T], *, cached: Callable[[T], bool], make: Callable[[T], R],
                 workers: int, progress: Progress, label: str, unit: str = "tệp",
                 ) -> Made[T, R]:
    """The one "key → cache hit, or make it in a bounded pool" loop of every stage.

    `cached(item)` says whether the item's file is whole in the cache under its key;
    the others are made by `make` in at most `workers` threads (each `make` runs its own
    outside program or process pool, so threads are enough), with a progress bar.
    An exception from `make` stops the loop and is raised (nothing half-made is trusted:
    every cached file is written to a temporary name and renamed).
    """
    todo = [item for item in items if not cached(item)]
    made: list[tuple[T, R]] = []
    if todo:
        with progress.bar(label, unit=unit) as tick, \
                ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
            futures = {pool.submit(make, item): index for index, item in enumerate(todo)}
            results: dict[int, R] = {}
            try:
                for done, future in enumerate(as_completed(futures), 1):
                    results[futures[future]] = future.result()
                    tick(done, len(todo))
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            made = [(todo[i], results[i]) for i in range(len(todo))]
    return Made(made, len(items) - len(todo))


@contextmanager
def timed(report: StageReport) -> Iterator[StageReport]:
    """`with timed(StageReport(name)) as report:` — sets `report.seconds` at the end."""
    started = time.perf_counter()
    try:
        yield report
    finally:
        report.seconds = time.perf_counter() - started


__all__ = ["Build", "Made", "Stage", "StageReport", "make_missing", "timed"]
