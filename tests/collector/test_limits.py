"""generators/collector/limits.py: token buckets per address and for everyone, bounded."""

from __future__ import annotations

from generators.collector.limits import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refill() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=10, burst=5, clock=clock)
    assert [limiter.allow("a") for _ in range(5)] == [None] * 5
    wait = limiter.allow("a")
    assert wait is not None and 5.9 < wait <= 6.0
    clock.now += 6
    assert limiter.allow("a") is None and limiter.allow("a") is not None
    assert limiter.allow("b") is None  # another address is not affected


def test_a_flood_from_one_address_does_not_spend_the_shared_bucket() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=10, burst=5, global_per_second=1, global_burst=10,
                          clock=clock)
    for _ in range(1000):
        limiter.allow("flood")
    assert [limiter.allow(f"reader{i}") for i in range(5)] == [None] * 5


def test_the_global_cap() -> None:
    clock = Clock()
    limiter = RateLimiter(global_per_second=1, global_burst=3, clock=clock)
    assert [limiter.allow(f"r{i}") is None for i in range(5)] == [True] * 3 + [False] * 2


def test_memory_is_bounded() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=5, max_addresses=100, clock=clock)
    for i in range(10_000):
        limiter.allow(f"10.0.{i // 256}.{i % 256}")
    assert len(limiter) <= 100
    clock.now += 10  # every bucket is full again: all forgotten at the next post
    limiter.allow("x")
    assert len(limiter) == 1
