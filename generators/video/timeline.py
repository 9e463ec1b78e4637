"""The video's timeline: which slide is on screen when, from the narration's chapter marks,
and how many frames each slide lasts.

The title slide is shown while the opening chapter is read, a section's slide while its
chapter is read; an infographic takes the second half of the chapter that shares most
words with it. The closing slide follows the narration for CLOSING_MS. Times are whole
milliseconds; frame counts come from rounding each boundary to the nearest frame, so the
rounding never adds up (every slide change is within half a frame of its time).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generators.media import ChapterMark

CLOSING_MS = 5000
"""How long the closing slide stays after the narration (the audio is padded with silence)."""

T = TypeVar("T")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Shot(Generic[T]):
    """A slide on screen from `start_ms` to `end_ms` (video time)."""

    slide: T
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Framed(Generic[T]):
    """A shot snapped to frames: the segment that shows it."""

    shot: Shot[T]
    first: int
    frames: int


def shots(marks: Sequence[ChapterMark], chapter_slides: Sequence[T],
          extra: Mapping[int, Sequence[T]], closing: T, narration: float) -> list[Shot[T]]:
    """The slides in order: `chapter_slides[i]` during `marks[i]`, then the slides of
    `extra[i]` sharing the second half of that chapter, then `closing`."""
    if len(marks) != len(chapter_slides):
        raise ValueError("one slide per chapter mark is needed")
    end_ms = _ms(narration)
    out: list[Shot[T]] = []
    for index, (mark, slide) in enumerate(zip(marks, chapter_slides, strict=True)):
        a = 0 if index == 0 else min(_ms(mark.start), end_ms)
        b = _ms(marks[index + 1].start) if index + 1 < len(marks) else end_ms
        b = max(a, min(b, end_ms))
        more = list(extra.get(index, ()))
        if not more:
            out.append(Shot(slide, a, b))
            continue
        middle = a + (b - a) // 2
        out.append(Shot(slide, a, middle))
        for k, other in enumerate(more):
            out.append(Shot(other, middle + (b - middle) * k // len(more),
                            middle + (b - middle) * (k + 1) // len(more)))
    out.append(Shot(closing, end_ms, end_ms + CLOSING_MS))
    return [s for s in out if s.end_ms > s.start_ms]


def frame_at(ms: int, fps: int) -> int:
    """The frame nearest to `ms` (halves round up: exact integer arithmetic)."""
    return (2 * ms * fps + 1000) // 2000


def framed(plan: Sequence[Shot[T]], fps: int) -> list[Framed[T]]:
    """Each shot with its first frame and frame count; shots shorter than half a frame
    vanish (their time goes to their neighbours)."""
    out: list[Framed[T]] = []
    for shot in plan:
        first, last = frame_at(shot.start_ms, fps), frame_at(shot.end_ms, fps)
        if last > first:
            out.append(Framed(shot, first, last - first))
    return out


def words(text: str) -> set[str]:
    """The lower-case words of `text` (NFC), for matching an infographic to a chapter."""
    return set(_WORD.findall(unicodedata.normalize("NFC", text).lower()))


def best_chapter(text: str, chapters: Sequence[str]) -> int:
    """The index of the chapter sharing most words with `text` (a tie goes to the later)."""
    if not chapters:
        raise ValueError("no chapters")
    mine = words(text)
    scores = [len(mine & words(chapter)) for chapter in chapters]
    top = max(scores)
    return max(i for i, score in enumerate(scores) if score == top)


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
