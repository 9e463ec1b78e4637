"""Rate limits in memory only: a token bucket per client address and one for everyone.

Buckets that have refilled are forgotten (a new one is the same), and at most
`max_addresses` are kept, so a flood from many addresses cannot fill memory. An address's
bucket is consulted first: a flood from one address never spends the shared one."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """`allow(address)` → None when a post may go on, else the seconds to wait."""

    def __init__(self, per_minute: float = 10, burst: int = 5, global_per_second: float = 100,
                 global_burst: int = 200, max_addresses: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60
        self.burst = burst
        self.global_rate = global_per_second
        self.global_burst = global_burst
        self.max_addresses = max_addresses
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._global = _Bucket(float(global_burst), clock())

    def __len__(self) -> int:
        return len(self._buckets)

    def allow(self, address: str) -> float | None:
        now = self.clock()
        self._forget(now)
        bucket = self._buckets.pop(address, None) or _Bucket(float(self.burst), now)
        self._buckets[address] = bucket  # the most recently used last
        wait = _take(bucket, now, self.rate, self.burst)
        if wait is not None:
            return wait
        wait = _take(self._global, now, self.global_rate, self.global_burst)
        if wait is not None:
            bucket.tokens += 1  # not this reader's fault: give the token back
        return wait

    def _forget(self, now: float) -> None:
        """Drop the least recently used buckets that are full again, and any over the cap."""
        full_after = self.burst / self.rate if self.rate > 0 else math.inf
        while self._buckets:
            address, oldest = next(iter(self._buckets.items()))
            if now - oldest.at < full_after and len(self._buckets) < self.max_addresses:
                break
            del self._buckets[address]


def _take(bucket: _Bucket, now: float, rate: float, burst: int) -> float | None:
    bucket.tokens = min(float(burst), bucket.tokens + (now - bucket.at) * rate)
    bucket.at = now
    if bucket.tokens >= 1:
        bucket.tokens -= 1
        return None
    return (1 - bucket.tokens) / rate if rate > 0 else 3600.0
