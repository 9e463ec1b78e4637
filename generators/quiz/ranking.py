"""A contest's ranking from its graded attempts: each participant's best attempt, ordered by
the contest's `ranking` rule (score high first, then seconds low first, then the guess of the
number of participants closest first); equal on every key, equal rank."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generators.library.model import Contest


@dataclass(frozen=True)
class Ranked:
    rank: int
    participant: Mapping[str, Any]
    """As stored (contact details included: only the CLI shows them)."""
    participant_key: str
    """The salted hash the one-attempt rule counts by."""
    attempt: str
    score: float
    out_of: int
    seconds: float
    prediction: int | None
    certificate: str | None
    """The certificate's code when the score reaches the contest's `certificate_score`."""


def _order(contest: Contest, entrants: int, record: Mapping[str, Any]) -> tuple[float, ...]:
    keys: list[float] = []
    for rule in contest.ranking:
        if rule == "score":
            keys.append(-float(record["score"]))
        elif rule == "seconds":
            keys.append(float(record["seconds"]))
        elif rule == "prediction":
            guess = record.get("prediction")
            keys.append(float("inf") if guess is None else abs(int(guess) - entrants))
    return tuple(keys)


def _best(record: Mapping[str, Any]) -> tuple[float, float]:
    """Which of a participant's attempts counts: the highest score, then the quickest."""
    return -float(record["score"]), float(record["seconds"])


def rank(contest: Contest, attempts: Iterable[Mapping[str, Any]]) -> list[Ranked]:
    """`attempts`: the contest's exported attempt records (kind "attempt"); those without a
    score (never submitted) are left out."""
    graded = [a for a in attempts if a.get("contest") == contest.key
              and a.get("score") is not None]
    best: dict[str, Mapping[str, Any]] = {}
    for record in graded:
        who = str(record["participant_key"])
        if who not in best or _best(record) < _best(best[who]):
            best[who] = record
    entrants = len(best)

    def order(record: Mapping[str, Any]) -> tuple[Any, ...]:
        return (*_order(contest, entrants, record), str(record.get("submitted", "")),
                str(record["attempt"]))

    out: list[Ranked] = []
    previous: tuple[float, ...] | None = None
    for i, record in enumerate(sorted(best.values(), key=order)):
        keys = _order(contest, entrants, record)
        place = out[-1].rank if keys == previous and out else i + 1
        previous = keys
        score = float(record["score"])
        certified = contest.certificate_score is not None and score >= contest.certificate_score
        out.append(Ranked(place, dict(record.get("participant") or {}),
                          str(record["participant_key"]), str(record["attempt"]), score,
                          int(record["out_of"]), float(record["seconds"]),
                          record.get("prediction"),
                          str(record.get("certificate") or "") or None if certified else None))
    return out
