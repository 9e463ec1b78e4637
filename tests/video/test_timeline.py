"""The timeline: slides from chapter marks, infographics placed by words, frame snapping."""

from __future__ import annotations

import pytest

from generators.media import ChapterMark
from generators.video.timeline import (
    CLOSING_MS,
    Shot,
    best_chapter,
    frame_at,
    framed,
    shots,
)

MARKS = (ChapterMark("Mở đầu", "", 0.0, 3.2), ChapterMark("Một", "mot", 3.2, 10.05),
         ChapterMark("Hai", "hai", 10.05, 14.3))


def test_each_chapter_has_its_slide_then_the_closing_slide() -> None:
    plan = shots(MARKS, ["title", "one", "two"], {}, "end", 14.3)
    assert plan == [Shot("title", 0, 3200), Shot("one", 3200, 10050), Shot("two", 10050, 14300),
                    Shot("end", 14300, 14300 + CLOSING_MS)]


def test_infographics_share_the_second_half_of_their_chapter() -> None:
    plan = shots(MARKS, ["title", "one", "two"], {1: ["info-a", "info-b"]}, "end", 14.3)
    assert plan[1:4] == [Shot("one", 3200, 6625), Shot("info-a", 6625, 8337),
                         Shot("info-b", 8337, 10050)]
    with pytest.raises(ValueError):
        shots(MARKS, ["title"], {}, "end", 14.3)


def test_frames_follow_the_times_without_drift() -> None:
    fps = 5
    plan = [Shot(str(i), i * 1130, (i + 1) * 1130) for i in range(50)]  # 1.13 s each
    parts = framed(plan, fps)
    assert sum(p.frames for p in parts) == frame_at(50 * 1130, fps)
    for part in parts:  # every slide change within half a frame of its time
        assert abs(part.first * 1000 - part.shot.start_ms * fps) <= 500
        assert part.first + part.frames == frame_at(part.shot.end_ms, fps)
    assert {p.frames for p in parts} == {5, 6}


def test_a_shot_shorter_than_half_a_frame_vanishes() -> None:
    parts = framed([Shot("a", 0, 1000), Shot("b", 1000, 1050), Shot("c", 1050, 2000)], 5)
    assert [(p.shot.slide, p.first, p.frames) for p in parts] == [("a", 0, 5), ("c", 5, 5)]


def test_frame_rounding_is_exact() -> None:
    assert [frame_at(ms, 5) for ms in (0, 99, 100, 199, 200, 14_300)] == [0, 0, 1, 1, 1, 72]


def test_an_infographic_goes_to_the_chapter_sharing_most_words() -> None:
    chapters = ["Mở đầu thử việc", "Thời gian thử việc không quá 60 ngày",
                "Báo trước 3 ngày khi nghỉ việc"]
    assert best_chapter("Thử việc tối đa 60 ngày", chapters) == 1
    assert best_chapter("Nghỉ việc: báo trước", chapters) == 2
    assert best_chapter("Không liên quan gì", ["a", "b"]) == 1  # a tie: the later one
