"""The video stage's results: the files of one explainer's video, and the stage's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generators.speech.model import Cue
from generators.urls import video_url


@dataclass(frozen=True)
class Video:
    """An explainer's video in both forms, with its captions and poster (cached files)."""

    slug: str
    web: Path
    """1280×720 MP4, captions as a separate track (`vtt`)."""
    vertical: Path
    """720×1280 MP4 with the captions burned in, for social media."""
    vtt: Path
    """WebVTT captions of the web form."""
    poster: Path
    """1280×720 JPEG: the title slide."""
    duration: float
    cues: tuple[Cue, ...]
    """The caption cues (video time, lines joined by "\\n")."""

    def url(self, part: str) -> str:
        """The published file, relative to the site root: `video/<slug>/video.mp4` for
        "web", `video-doc.mp4` for "vertical", `phu-de.vi.vtt` for "vtt", `poster.jpg`."""
        return video_url(self.slug, part)


@dataclass
class VideoReport:
    videos: dict[str, Video] = field(default_factory=dict)
    """Explainer slug → its video."""
    built: int = 0
    """Files made in this run: segments, audio tracks, MP4s, captions, posters."""
    reused: int = 0
    """Files found whole in the cache."""
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    segments: int = 0
    """Slide segments encoded in this run (part of `built`)."""
