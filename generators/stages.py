"""The registered stages, in the order a build runs them. Adding a stage: a new package
with a `Stage` subclass (see generators/stage.py), and one line here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generators.bulletins.stage import BulletinsStage
from generators.cards.stage import CardsStage
from generators.ebooks.stage import EbooksStage
from generators.exports.stage import ExportsStage
from generators.infographics.stage import InfographicsStage
from generators.site.stage import BundleStage, CompressStage, HeadersStage, SiteStage
from generators.speech.stage import AudioStage
from generators.stage import Stage
from generators.translations.stage import TranslationsStage
from generators.video.stage import VideoStage


def registered(engines: Mapping[str, Any] | None = None) -> list[Stage]:
    """Every stage, in order; `engines` replaces the speech engines (tests' fakes)."""
    return [
        InfographicsStage(),
        AudioStage(engines),
        VideoStage(),
        CardsStage(),
        EbooksStage(),
        BulletinsStage(engines),
        SiteStage(),
        TranslationsStage(),
        ExportsStage(),
        BundleStage(),
        HeadersStage(),
        CompressStage(),
    ]
