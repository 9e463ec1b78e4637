"""The stage contract's shared parts: StageReport and the cache-or-make pool."""

from __future__ import annotations

import threading
import time

import pytest

from generators.progress import Progress
from generators.stage import StageReport, make_missing, timed


def test_only_what_the_cache_lacks_is_made_in_order_with_its_result() -> None:
    cached = {"b", "d"}
    made = make_missing(["a", "b", "c", "d", "e"], cached=lambda k: k in cached,
                        make=str.upper, workers=2, progress=Progress(quiet=True), label="x")
    assert made.made == [("a", "A"), ("c", "C"), ("e", "E")]
    assert (made.built, made.reused) == (3, 2)


def test_the_pool_is_bounded_by_workers() -> None:
    running, most = 0, 0
    lock = threading.Lock()

    def make(item: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return item

    made = make_missing(list(range(12)), cached=lambda _: False, make=make, workers=3,
                        progress=Progress(quiet=True), label="x")
    assert made.built == 12 and most <= 3 and most > 1


def test_a_failure_is_raised_and_nothing_more_is_started() -> None:
    started: list[int] = []

    def make(item: int) -> int:
        started.append(item)
        if item == 0:
            raise RuntimeError("hỏng")
        time.sleep(0.05)
        return item

    with pytest.raises(RuntimeError, match="hỏng"):
        make_missing(list(range(50)), cached=lambda _: False, make=make, workers=2,
                     progress=Progress(quiet=True), label="x")
    assert len(started) < 50


def test_nothing_to_make_opens_no_pool() -> None:
    made = make_missing(["a"], cached=lambda _: True, make=lambda _: pytest.fail("made"),
                        workers=4, progress=Progress(quiet=True), label="x")
    assert (made.built, made.reused, made.made) == (0, 1, [])


def test_a_report_lists_its_summary_then_its_notices_and_is_timed() -> None:
    with timed(StageReport("audio", summary=["Sách nói: 1 tệp."],
                           notices=["content/a.md: bỏ qua giọng x"])) as report:
        time.sleep(0.01)
    assert report.lines() == ["Sách nói: 1 tệp.", "⚠ content/a.md: bỏ qua giọng x"]
    assert report.seconds >= 0.01
