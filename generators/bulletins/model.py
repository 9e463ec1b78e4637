"""The bulletin stage's data: what may be read (a plan), and what is read (a script)."""

from __future__ import annotations

from dataclasses import dataclass

from generators.library.model import Bulletin, BulletinProfile, Voice
from generators.speech.model import Sentence


@dataclass(frozen=True)
class Unit:
    """Sentences read together or not at all (a section's title with its first sentence)."""

    priority: int
    """0 first: the description, then each section's first sentences, then its second …"""
    order: int
    """Where it stands in the explainer (the script keeps this order)."""
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class PartPlan:
    """One part: what it always says, and what it may say to fill its share of the time."""

    title: str
    explainer: str
    """The explainer's slug; "" for the opening and the closing."""
    documents: tuple[tuple[str, str], ...]
    """(document key, status) of the explainer's sources."""
    fixed: tuple[Sentence, ...]
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class PartScript:
    """One part as it is read."""

    title: str
    explainer: str
    documents: tuple[tuple[str, str], ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class BulletinPlan:
    """One bulletin in one language, before its length is fitted."""

    key: str
    """`<name>`, or `<name>.<lang>`."""
    bulletin: Bulletin
    lang: str
    title: str
    voice: Voice
    profile: BulletinProfile
    opening: PartPlan
    parts: tuple[PartPlan, ...]
    closing: PartPlan

    @property
    def seconds(self) -> float:
        return self.bulletin.minutes * 60
