"""The arithmetic of the report: shares with their 95 % Wilson interval, and the verdict
against the target of 90 % satisfied."""

from __future__ import annotations

import math
from dataclasses import dataclass

TARGET = 0.90
"""The share of satisfied answers (Hài lòng + Rất hài lòng) the programme aims for."""
Z95 = 1.959963984540054
MIN_ANSWERS = 30
MAX_WIDTH = 0.10
"""Below MIN_ANSWERS answers, or with an interval wider than this, there is too little to
judge the target by."""
VERDICTS = {"met": "đạt mục tiêu 90 %", "not_met": "chưa đạt mục tiêu 90 %",
            "undecided": "chưa kết luận được so với mục tiêu 90 %"}
TOO_FEW = "chưa đủ câu trả lời để kết luận so với mục tiêu 90 %"


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of `successes` out of `n`; (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


@dataclass(frozen=True)
class Share:
    """`satisfied` of `n` answers, the interval around their share, and the verdict."""

    satisfied: int
    n: int

    @property
    def share(self) -> float | None:
        return self.satisfied / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.satisfied, self.n)

    @property
    def enough(self) -> bool:
        """Whether there are answers enough to judge the target (n ≥ 30, width ≤ 10 points)."""
        low, high = self.interval
        return self.n >= MIN_ANSWERS and high - low <= MAX_WIDTH

    @property
    def verdict(self) -> str:
        """`met` when even the interval's lower bound reaches the target, `not_met` when its
        upper bound is below it, else `undecided`."""
        low, high = self.interval
        if self.n and low >= TARGET:
            return "met"
        if self.n and high < TARGET:
            return "not_met"
        return "undecided"

    def describe(self) -> str:
        """One line in Vietnamese: share, interval, n and the verdict."""
        if not self.n:
            return f"chưa có câu trả lời; {TOO_FEW}"
        low, high = self.interval
        return (f"{percent(self.share)} hài lòng (khoảng tin cậy 95 %: {percent(low)}–"
                f"{percent(high)}; n = {self.n}): {self.judgement}")

    @property
    def judgement(self) -> str:
        """The verdict in words; "too few answers" when undecided for want of them."""
        if self.verdict == "undecided" and not self.enough:
            return TOO_FEW
        return VERDICTS[self.verdict]


def percent(value: float | None) -> str:
    """`0.8123` → `81,2 %` (Vietnamese decimal comma); None → `—`."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + " %"
