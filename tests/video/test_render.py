"""The video stage end to end: a real espeak-ng audiobook, real resvg slides, real ffmpeg.

One tiny library (two short sections, one infographic) is narrated and filmed once for
the module; the tests read the files with ffmpeg itself (no ffprobe needed).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generators.ffmpeg import ffmpeg_binary
from generators.graphics.colors import PRIMARY
from generators.graphics.raster import svg_to_png
from generators.library import load_library
from generators.library.model import Library
from generators.media import Audiobook, Video
from generators.speech.books import render_audiobooks
from generators.speech.espeak import EspeakEngine
from generators.stage import StageReport
from generators.urls import VIDEO_URL
from generators.video import VideoError, render_videos
from generators.video.captions import MAX_CHARS
from generators.video.encode import FPS
from generators.video.timeline import CLOSING_MS
from tests.conftest import TODAY, base_files, explainer
from tests.video.media import grey_pixels, keyframe_times, probe, read_vtt, top_level_atoms

SENTENCE = ("Thử việc không quá 60 ngày với công việc có chức danh nghề nghiệp cần trình độ "
            "chuyên môn từ cao đẳng trở lên.")
BODY = (f"## Thời gian thử việc\n\n{SENTENCE} Lương ít nhất bằng 85%.\n\n"
        "## Khi nào được nghỉ\n\nBáo trước 3 ngày theo Điều 27.\n")
VOICES = ("default: vi-bac\nvoices:\n"
          "  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}\n")
STEPS = ("type: steps\ntitle: Thời gian thử việc tối đa\nitems:\n"
         "  - title: Cao đẳng trở lên\n    text: Không quá 60 ngày.\n"
         "  - title: Trung cấp\n    text: Không quá 30 ngày.\n")
NO_AUDIO = "content/dat-dai/khong-doc.md"
SLUG = "thu-viec"
# The cache lives in a folder whose name needs escaping in ffmpeg's filter syntax.
CACHE = "cache, 'x' [1]:y;z"


@dataclass(frozen=True)
class Files:
    """What the infographics stage hands over: PNGs by format."""

    png: dict[str, Path]


@dataclass
class Filmed:
    root: Path
    library: Library
    book: Audiobook
    infographics: dict[str, Files]
    report: StageReport

    @property
    def video(self) -> Video:
        return self.report.media.videos[SLUG]


def _write_library(root: Path, body: str = BODY) -> Library:
    files = {**base_files(),
             "content/lao-dong/thu-viec.md": explainer(
                 body=body, extra="reviewed: true\nvideo: true\ninfographics: [thu-viec-toi-da]"),
             NO_AUDIO: explainer(title="Không có sách nói", field="dat-dai",
                                 documents='["31/2024/QH15"]',
                                 extra="reviewed: true\naudio: false\nvideo: true"),
             "infographics/thu-viec-toi-da.yml": STEPS,
             "audiobooks/voices.yml": VOICES}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def _infographic_pngs(folder: Path) -> dict[str, Files]:
    """Solid PRIMARY images, easy to recognise in a frame."""
    folder.mkdir(parents=True, exist_ok=True)
    pngs = {}
    for fmt, (w, h) in {"ngang": (1200, 630), "doc": (1080, 1350)}.items():
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}">'
               f'<rect width="{w}" height="{h}" fill="{PRIMARY}"/></svg>')
        pngs[fmt] = folder / f"{fmt}.png"
        pngs[fmt].write_bytes(svg_to_png(svg, w, h, fmt))
    return {"thu-viec-toi-da": Files(pngs)}


def _film(root: Path, library: Library, infographics: dict[str, Files],
          ) -> tuple[Audiobook, StageReport]:
    audio = render_audiobooks(library, root / CACHE, jobs=2, engines={"espeak": EspeakEngine()})
    report = render_videos(library, audio.media.audio, infographics, root / CACHE, jobs=2)
    return audio.media.audio[SLUG][0], report


@pytest.fixture(scope="module")
def filmed(tmp_path_factory: pytest.TempPathFactory) -> Filmed:
    root = tmp_path_factory.mktemp("video")
    library = _write_library(root / "lib")
    infographics = _infographic_pngs(root / "infographics")
    book, report = _film(root, library, infographics)
    return Filmed(root, library, book, infographics, report)


def test_both_forms_have_the_right_streams_sizes_and_length(filmed: Filmed) -> None:
    expected = filmed.book.duration + CLOSING_MS / 1000
    assert filmed.video.duration == pytest.approx(expected, abs=0.1)
    for path, size in ((filmed.video.web, (1280, 720)), (filmed.video.vertical, (720, 1280))):
        found = probe(path)
        assert found.stream("Video").codec == "h264"
        assert "yuv420p" in found.stream("Video").details
        assert f"{FPS} fps" in found.stream("Video").details
        assert found.stream("Audio").codec == "aac"
        assert "mono" in found.stream("Audio").details
        assert found.size == size
        assert found.duration == pytest.approx(expected, abs=0.15)
        atoms = top_level_atoms(path)
        assert atoms.index("moov") < atoms.index("mdat")  # +faststart
        megabytes_per_minute = path.stat().st_size / 1e6 / (found.duration / 60)
        assert megabytes_per_minute <= 1.5


def test_each_slide_starts_with_a_keyframe(filmed: Filmed) -> None:
    # Title, section 1, the infographic (second half of section 1), section 2, closing.
    marks = filmed.book.marks
    middle = marks[1].start + (marks[1].end - marks[1].start) / 2
    changes = [0.0, marks[1].start, middle, marks[2].start, filmed.book.duration]
    keys = keyframe_times(filmed.video.web)
    for change in changes:
        assert min(abs(k - change) for k in keys) <= 0.5 / FPS + 0.001, (change, keys)


def test_the_infographic_takes_the_second_half_of_its_chapter(filmed: Filmed) -> None:
    # Its words ("thử việc", "cao đẳng", "60 ngày") are those of section 1, not section 2.
    mark = filmed.book.marks[1]
    length = mark.end - mark.start
    centre = (40, 40, 620, 340)
    section = grey_pixels(filmed.video.web, mark.start + length * 0.25, centre)
    infographic = grey_pixels(filmed.video.web, mark.start + length * 0.8, centre)
    assert max(infographic) < 110  # all indigo
    assert max(section) > 200  # paper
    vertical = grey_pixels(filmed.video.vertical, mark.start + length * 0.8, (40, 40, 340, 500))
    assert max(vertical) < 110


def test_captions_are_in_order_short_and_inside_the_video(filmed: Filmed) -> None:
    cues = read_vtt(filmed.video.vtt)
    assert len(cues) == len(filmed.video.cues) >= len(filmed.book.cues)
    assert cues[0][0] >= 0 and cues[-1][1] <= filmed.video.duration
    assert cues[-1][1] <= filmed.book.duration
    for (start, end, lines), after in zip(cues, [*cues[1:], None], strict=True):
        assert start < end
        assert 1 <= len(lines) <= 2 and all(len(line) <= MAX_CHARS for line in lines)
        if after is not None:
            assert end <= after[0]
    text = " ".join(" ".join(lines) for _, _, lines in cues)
    assert SENTENCE in text
    # The sentence is longer than one caption: it is split, inside its own time.
    (sentence,) = [c for c in filmed.book.cues if c.text.startswith("Thử việc không quá")]
    parts = [c for c in filmed.video.cues if sentence.start <= c.start < sentence.end]
    assert len(parts) >= 2 and parts[-1].end <= sentence.end


def test_captions_are_burned_into_the_vertical_form_only(filmed: Filmed) -> None:
    band = (720, 320, 0, 960)  # the bottom quarter, kept free of slide text
    cue = filmed.video.cues[2]
    during = (cue.start + cue.end) / 2
    assert min(grey_pixels(filmed.video.vertical, during, band)) < 60  # the dark caption box
    after = filmed.book.duration + 2.5  # the closing slide: no narration, no caption
    assert min(grey_pixels(filmed.video.vertical, after, band)) > 200
    web_band = (1280, 120, 0, 600)
    assert min(grey_pixels(filmed.video.web, during, web_band)) > 200  # soft captions only


def test_the_poster_is_the_title_slide_as_a_small_jpeg(filmed: Filmed) -> None:
    data = filmed.video.poster.read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and len(data) < 80_000
    found = probe(filmed.video.poster)
    assert found.size == (1280, 720)


def test_urls_name_the_published_files(filmed: Filmed) -> None:
    video = filmed.video
    assert VIDEO_URL == "video/"
    assert [video.url(p) for p in ("web", "vertical", "vtt", "poster")] == [
        "video/thu-viec/video.mp4", "video/thu-viec/video-doc.mp4",
        "video/thu-viec/phu-de.vi.vtt", "video/thu-viec/poster.jpg"]
    with pytest.raises(ValueError):
        video.url("mp3")


def test_video_without_audio_is_skipped_with_a_warning(filmed: Filmed) -> None:
    assert set(filmed.report.media.videos) == {SLUG}
    assert filmed.report.notices == [
        f"{NO_AUDIO}: video: true nhưng bài không có sách nói (audio: false) — bỏ qua video"]


def test_a_second_build_reuses_everything(filmed: Filmed) -> None:
    first = filmed.report
    # 5 slides × 2 forms, the audio track, the captions, the poster and 2 MP4s.
    assert (first.built, first.reused, first.details["segments"]) == (15, 0, 10)
    again = render_videos(filmed.library, {SLUG: [filmed.book]}, filmed.infographics,
                          filmed.root / CACHE, jobs=2)
    assert (again.built, again.reused, again.details["segments"]) == (0, 15, 0)
    assert again.media.videos[SLUG] == filmed.video


def test_editing_a_section_re_encodes_only_its_slides(filmed: Filmed) -> None:
    root = filmed.root / "edited"
    library = _write_library(root, BODY.replace("Báo trước 3 ngày", "Báo trước ba ngày làm việc"))
    book, report = _film(filmed.root, library, filmed.infographics)
    assert book.duration != filmed.book.duration
    # Section 2's slide in each form; the closing slide only moved (same frames, same text).
    assert report.details["segments"] == 2
    # + the audio track, the captions and the two MP4s; the poster is the same.
    assert (report.built, report.reused) == (6, 9)
    assert report.media.videos[SLUG].duration == pytest.approx(book.duration + 5, abs=0.1)
    assert probe(report.media.videos[SLUG].vertical).duration == pytest.approx(book.duration + 5,
                                                                         abs=0.15)


def test_ffmpeg_errors_name_the_explainer(filmed: Filmed, tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"not an mp3 at all" * 10)
    book = dataclasses.replace(filmed.book, mp3=broken)
    with pytest.raises(VideoError, match=re.escape("content/lao-dong/thu-viec.md: âm thanh của "
                                                   "video: ffmpeg lỗi")):
        render_videos(filmed.library, {SLUG: [book]}, filmed.infographics, filmed.root / CACHE)


def test_a_missing_infographic_image_is_a_warning(filmed: Filmed) -> None:
    missing: dict[str, Any] = {"thu-viec-toi-da": Files({})}
    report = render_videos(filmed.library, {SLUG: [filmed.book]}, missing, filmed.root / CACHE)
    assert "content/lao-dong/thu-viec.md: infographic 'thu-viec-toi-da' chưa có ảnh PNG — " \
           "video không có hình này" in report.notices
    assert report.media.videos[SLUG].duration == filmed.video.duration


def test_a_recording_gets_slides_by_chapter_title_and_no_captions(filmed: Filmed,
                                                                   tmp_path: Path) -> None:
    wav = tmp_path / "thu-viec.vi.wav"
    subprocess.run([ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=200:duration=6", "-ac", "1", str(wav)], check=True)
    sidecar = {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Mở đầu"},
                                               {"startTime": 2.5, "title": "Thời gian thử việc"}]}
    root = tmp_path / "lib"
    (root / "audiobooks" / "recordings").mkdir(parents=True)
    (root / "audiobooks" / "recordings" / "thu-viec.vi.wav").write_bytes(wav.read_bytes())
    (root / "audiobooks" / "recordings" / "thu-viec.vi.chapters.json").write_text(
        json.dumps(sidecar), "utf-8")
    library = _write_library(root)
    book, report = _film(tmp_path, library, filmed.infographics)
    assert book.engine == "recording"
    assert "content/lao-dong/thu-viec.md: sách nói là bản ghi âm, không có mốc thời gian từng " \
           "câu — video không có phụ đề" in report.notices
    video = report.media.videos[SLUG]
    assert video.cues == () and read_vtt(video.vtt) == []
    assert probe(video.web).duration == pytest.approx(11, abs=0.15)
    # "Thời gian thử việc" is section 1: its slide, then the infographic (its words match).
    centre = (40, 40, 620, 340)
    assert max(grey_pixels(video.web, 3.0, centre)) > 200
    assert max(grey_pixels(video.web, 5.5, centre)) < 110
