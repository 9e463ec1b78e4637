"""Fitting a bulletin to its length by choosing how much of each explainer to read (never by
speeding the voice): durations are estimated from the voice's measured seconds per word,
then checked against the synthesised audio and re-fitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generators.bulletins.model import PartPlan, PartScript, Unit
from generators.speech.espeak import EDGE_SECONDS, PAUSE_SECONDS
from generators.speech.model import Sentence

TOLERANCE = 0.10
"""The bulletin's length may miss its target by this share."""
AIM = 0.05
"""A part is re-fitted when it misses its share by more than this (so the whole stays well
inside TOLERANCE)."""
GAP = 0.7
"""Seconds of silence between parts (and after the intro, before the outro)."""


@dataclass(frozen=True)
class Pace:
    """How long a voice takes: seconds per spoken word, and the pause between sentences."""

    per_word: float
    pause: float = PAUSE_SECONDS
    edge: float = 2 * EDGE_SECONDS

    def seconds(self, sentences: Sequence[Sentence]) -> float:
        spoken = [s.spoken for s in sentences if s.spoken.strip()]
        if not spoken:
            return 0.0
        words = sum(len(s.split()) for s in spoken)
        return words * self.per_word + len(spoken) * self.edge + (len(spoken) - 1) * self.pause

    def measured(self, sentences: Sequence[Sentence], seconds: float) -> Pace:
        """This pace corrected by what the sentences really took."""
        spoken = [s.spoken for s in sentences if s.spoken.strip()]
        words = sum(len(s.split()) for s in spoken)
        if not words:
            return self
        fixed = len(spoken) * self.edge + (len(spoken) - 1) * self.pause
        return Pace(max(0.05, (seconds - fixed) / words), self.pause, self.edge)


def choose(part: PartPlan, budget: float, pace: Pace) -> PartScript:
    """The part's fixed sentences and, of its units, the most important that fit `budget`
    seconds (in the explainer's order). A unit that would overshoot is passed over for a
    smaller one after it; the result is the nearest to the budget of the choices tried."""
    chosen: list[Unit] = []
    spent = pace.seconds(part.fixed)
    joint = pace.pause + pace.edge
    for unit in sorted(part.units, key=lambda u: (u.priority, u.order)):
        cost = pace.seconds(unit.sentences) + joint
        if spent + cost <= budget or abs(spent + cost - budget) < abs(spent - budget):
            chosen.append(unit)
            spent += cost
    ordered = sorted(chosen, key=lambda u: u.order)
    return PartScript(part.title, part.explainer, part.documents,
                      (*part.fixed, *(s for u in ordered for s in u.sentences)))


def fixed_script(part: PartPlan) -> PartScript:
    """A part read whole (the opening, the closing)."""
    return PartScript(part.title, part.explainer, part.documents, part.fixed)


def within(actual: float, target: float, share: float = TOLERANCE) -> bool:
    return abs(actual - target) <= share * target
