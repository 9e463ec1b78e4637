"""Captions: splitting sentences into short captions, timing them, ASS and WebVTT text."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from generators.graphics.fonts import text_width
from generators.media import Cue
from generators.speech.audio import write_webvtt
from generators.video.captions import (
    ASS_SIZE,
    LINE_WIDTH,
    MAX_CHARS,
    Window,
    ass_text,
    caption_cues,
    fits_vertical,
    split_caption,
)
from generators.video.encode import filter_escape

LONG = ("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo trước "
        "cho người sử dụng lao động ít nhất 45 ngày nếu làm việc theo hợp đồng lao động không "
        "xác định thời hạn, trừ các trường hợp luật cho phép.")


def _all_lines(captions: list[tuple[str, ...]]) -> list[str]:
    return [line for caption in captions for line in caption]


def test_a_short_sentence_is_one_line() -> None:
    assert split_caption("Thử việc không quá 60 ngày.") == [("Thử việc không quá 60 ngày.",)]
    assert split_caption("  ") == []


def test_a_long_sentence_becomes_captions_of_two_short_lines_without_losing_a_word() -> None:
    captions = split_caption(LONG)
    assert len(captions) >= 3  # 206 characters: two captions of 2 × ≤ 42 cannot hold it
    for first, second in itertools.pairwise(captions):  # as few as can be
        assert len(split_caption(" ".join(first + second))) > 1
    for caption in captions:
        assert 1 <= len(caption) <= 2
        for line in caption:
            assert len(line) <= MAX_CHARS
            assert text_width(line, ASS_SIZE, bold=True) <= LINE_WIDTH
    assert " ".join(_all_lines(captions)) == LONG


def test_captions_break_after_punctuation_when_they_can() -> None:
    sentence = ("Trong thời gian thử việc của người lao động, mỗi bên có quyền hủy bỏ "
                "thỏa thuận mà không cần báo trước.")
    captions = split_caption(sentence)
    assert len(captions) == 2
    assert captions[0][-1].endswith("người lao động,")
    (caption,) = split_caption("Khi hết thời gian thử việc, người sử dụng lao động báo kết quả.")
    assert caption[0].endswith(",")


def test_captions_are_of_similar_length() -> None:
    captions = split_caption(LONG)
    lengths = [len(" ".join(c)) for c in captions]
    assert max(lengths) - min(lengths) < 40  # not two full captions and a scrap


def test_a_word_too_long_for_a_line_is_cut() -> None:
    url = "https://vbpl.vn/" + "a" * 60
    lines = _all_lines(split_caption(f"Xem {url} nhé."))
    assert all(fits_vertical(line) for line in lines)
    assert "".join(lines).replace(" ", "") == f"Xem{url}nhé."


def test_the_width_limit_can_be_plain_characters() -> None:
    captions = split_caption(LONG, fits=lambda line: len(line) <= 20)
    assert all(len(line) <= 20 for line in _all_lines(captions))


def test_caption_cues_share_a_sentence_by_characters() -> None:
    cues = caption_cues([Cue(1.0, 11.0, LONG)], limit=60)
    assert len(cues) == len(split_caption(LONG))
    assert cues[0].start == 1.0 and cues[-1].end == 11.0
    for a, b in itertools.pairwise(cues):
        assert a.end == b.start
    total = sum(len(c.text.replace("\n", " ")) for c in cues)
    for cue in cues:
        share = len(cue.text.replace("\n", " ")) / total
        assert cue.end - cue.start == pytest.approx(10 * share, abs=0.05)


def test_caption_cues_never_overlap_and_end_by_the_limit() -> None:
    sentences = [Cue(0.0, 2.0, "Câu một."), Cue(1.5, 4.0, "Câu hai chồng lên câu một."),
                 Cue(3.9, 9.0, "Câu ba kéo dài quá video.")]
    cues = caption_cues(sentences, limit=5.0)
    assert [c.text for c in cues] == ["Câu một.", "Câu hai chồng lên câu một.",
                                      "Câu ba kéo dài quá video."]
    for a, b in itertools.pairwise(cues):
        assert a.end <= b.start and a.start < a.end
    assert cues[-1].end == 5.0
    assert all(round(c.start * 1000) == c.start * 1000 for c in cues)  # whole milliseconds


def test_webvtt_keeps_the_two_lines(tmp_path: Path) -> None:
    cues = caption_cues([Cue(0.5, 6.0, LONG)], limit=60)
    write_webvtt(cues, tmp_path / "c.vtt")
    text = (tmp_path / "c.vtt").read_text("utf-8")
    first = cues[0].text.split("\n")
    assert text.startswith("WEBVTT\n\n00:00:00.500 --> ")
    assert f"\n{first[0]}\n{first[1]}\n" in text


def test_ass_is_timed_from_the_window_and_clipped_to_it() -> None:
    cues = (Cue(1.0, 3.0, "Trước cửa sổ"), Cue(4.0, 6.5, "Dòng một\nDòng hai"),
            Cue(9.0, 12.0, "Vượt ra ngoài"), Cue(20.0, 21.0, "Sau cửa sổ"))
    text = ass_text(cues, Window(2500, 10000))
    assert "PlayResX: 720\nPlayResY: 1280" in text
    assert "Style: Caption,Be Vietnam Pro,30," in text
    events = [line for line in text.splitlines() if line.startswith("Dialogue:")]
    assert events == [
        "Dialogue: 0,0:00:00.00,0:00:00.50,Caption,,0,0,0,,Trước cửa sổ",
        "Dialogue: 0,0:00:01.50,0:00:04.00,Caption,,0,0,0,,Dòng một\\NDòng hai",
        "Dialogue: 0,0:00:06.50,0:00:07.50,Caption,,0,0,0,,Vượt ra ngoài",
    ]
    # The same captions in a later window give the same text: the cache key does not move.
    shifted = tuple(Cue(c.start + 30, c.end + 30, c.text) for c in cues)
    assert ass_text(shifted, Window(32500, 40000)) == text
    assert ass_text(cues, Window(12000, 19000)) == ""


def test_ass_shows_braces_and_backslashes_as_text() -> None:
    text = ass_text((Cue(0, 1, r"Điều {1} \N không phải xuống dòng"),), Window(0, 1000))
    event = text.splitlines()[-1]
    assert event.endswith(",,Điều \\{1\\} \\\u2060N không phải xuống dòng")


def test_filter_values_are_escaped_for_both_parsers() -> None:
    assert filter_escape("/tmp/a b/c.ass") == "/tmp/a b/c.ass"
    assert filter_escape("C:/x") == "C\\\\:/x"
    assert filter_escape("it's") == "it\\\\\\'s"
    assert filter_escape("a,b[c];d") == "a\\,b\\[c\\]\\;d"
