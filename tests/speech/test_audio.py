"""The audio file stage with the real ffmpeg (imageio-ffmpeg) and mutagen; inputs made by ffmpeg."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp3 import MP3, BitrateMode

from generators.errors import EngineError
from generators.ffmpeg import ffmpeg_binary, ffmpeg_version
from generators.media import ChapterMark, Cue
from generators.speech import audio
from generators.speech.audio import (
    encode_audiobook,
    encode_recording,
    measure,
    read_id3_chapters,
    write_json_chapters,
    write_webvtt,
)
from generators.speech.model import ChapterAudio

# A voice-like signal: a few harmonics, syllables at 3 Hz, a pause every two seconds.
VOICE = (
    "(sin(2*PI*180*t)+0.5*sin(2*PI*360*t)+0.3*sin(2*PI*900*t)+0.2*sin(2*PI*2300*t))/2"
    "*(0.55+0.45*sin(2*PI*3*t))*gt(sin(2*PI*0.5*t+1),-0.6)"
)
# Like espeak-ng: 0 dBFS peaks ≈ 20 dB over the loudness, so the limiter has work to do.
CLICKY = f"0.3*{VOICE}+0.99*lt(mod(t,0.25),0.0004)"
BOOK = {"title": "Trợ cấp thôi việc", "album": "Tủ sách pháp luật số", "artist": "Giọng đọc máy"}


def ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def make_audio(path: Path, expr: str, seconds: float, rate: int = 22050, *codec: str) -> Path:
    source = f"aevalsrc=exprs='{expr}':s={rate}:d={seconds}"
    ffmpeg("-f", "lavfi", "-i", source, *(codec or ("-c:a", "pcm_s16le")), str(path))
    return path


def chapters_at(folder: Path, amplitude: float) -> list[ChapterAudio]:
    """Three chapters of 2 s, 1.5 s (at 16 kHz) and 2.5 s."""
    folder.mkdir(parents=True, exist_ok=True)
    expr = f"{amplitude}*{VOICE}"
    specs = [
        ("Mở đầu", "", 2.0, 22050),
        ("Điều 46: Trợ cấp thôi việc", "dieu-46", 1.5, 16000),
        ("Hỏi – đáp & lưu ý", "hoi-dap", 2.5, 22050),
    ]
    return [
        ChapterAudio(title, anchor, make_audio(folder / f"{i}.wav", expr, sec, rate), sec, ())
        for i, (title, anchor, sec, rate) in enumerate(specs)
    ]


EXPECTED_MARKS = [
    ChapterMark("Mở đầu", "", 0.0, 2.8),
    ChapterMark("Điều 46: Trợ cấp thôi việc", "dieu-46", 2.8, 5.1),
    ChapterMark("Hỏi – đáp & lưu ý", "hoi-dap", 5.1, 7.6),
]


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[ChapterMark]]]:
    """One audiobook per source level, encoded once for the whole module."""
    made = {}
    for name, amplitude in [("quiet", 0.02), ("loud", 0.95)]:
        folder = tmp_path_factory.mktemp(name)
        out = folder / "book" / f"{name}.mp3"
        marks = encode_audiobook(chapters_at(folder, amplitude), out, lang="vi", **BOOK)
        made[name] = (out, marks)
    return made


@pytest.fixture
def chapters(tmp_path: Path) -> list[ChapterAudio]:
    return chapters_at(tmp_path / "wav", 0.3)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the audiobook ---------------------------------------------------------------------


@pytest.mark.parametrize("level", ["quiet", "loud"])
def test_loudness_is_on_target_from_quiet_and_loud_sources(books, level):
    found = measure(books[level][0])
    assert abs(found.integrated_lufs - -19.0) <= 1.0
    assert found.true_peak_dbtp <= -1.0


def test_loudness_is_on_target_when_peaks_must_be_limited(tmp_path):
    chapter = ChapterAudio("Một", "", make_audio(tmp_path / "c.wav", CLICKY, 4.0), 4.0, ())
    encode_audiobook([chapter], tmp_path / "b.mp3", lang="vi", **BOOK)
    found = measure(tmp_path / "b.mp3")
    assert abs(found.integrated_lufs - -19.0) <= 1.0
    assert found.true_peak_dbtp <= -1.0


def test_chapters_at_very_different_levels_come_out_on_target(tmp_path):
    quiet, loud = chapters_at(tmp_path / "q", 0.02)[0], chapters_at(tmp_path / "l", 0.95)[2]
    encode_audiobook([quiet, loud, quiet], tmp_path / "b.mp3", lang="vi", **BOOK)
    found = measure(tmp_path / "b.mp3")
    assert abs(found.integrated_lufs - -19.0) <= 1.0
    assert found.true_peak_dbtp <= -1.0


def test_mp3_is_mono_cbr_24_khz(books):
    info = MP3(books["loud"][0]).info
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 24000, 64000)
    assert info.bitrate_mode is BitrateMode.CBR


def test_duration_is_the_chapters_plus_the_gaps(books):
    # 2 + 0.8 + 1.5 + 0.8 + 2.5 seconds, to the sample (the Info tag keeps it gapless).
    assert measure(books["quiet"][0]).duration == pytest.approx(7.6, abs=0.001)


def test_returned_marks_follow_the_wav_lengths_and_gaps(books):
    assert books["quiet"][1] == EXPECTED_MARKS
    assert books["loud"][1] == EXPECTED_MARKS


def test_id3v24_tags_toc_and_chapters(books):
    mp3, marks = books["quiet"]
    tags = ID3(mp3)
    assert tags.version == (2, 4, 0)
    assert tags["TIT2"].text == ["Trợ cấp thôi việc"]
    assert tags["TALB"].text == ["Tủ sách pháp luật số"]
    assert tags["TPE1"].text == ["Giọng đọc máy"]
    assert tags["TLAN"].text == ["vie"]
    (toc,) = tags.getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    assert toc.child_element_ids == ["chp0", "chp1", "chp2"]
    chaps = sorted(tags.getall("CHAP"), key=lambda c: c.element_id)
    assert [(c.element_id, c.start_time, c.end_time) for c in chaps] == [
        ("chp0", 0, 2800),
        ("chp1", 2800, 5100),
        ("chp2", 5100, 7600),
    ]
    assert [c.sub_frames["TIT2"].text[0] for c in chaps] == [m.title for m in EXPECTED_MARKS]
    assert read_id3_chapters(mp3) == marks


def test_same_input_gives_byte_identical_files(chapters, tmp_path):
    first = encode_audiobook(chapters, tmp_path / "a.mp3", lang="vi", bitrate_kbps=48, **BOOK)
    second = encode_audiobook(chapters, tmp_path / "b.mp3", lang="vi", bitrate_kbps=48, **BOOK)
    assert first == second
    assert (tmp_path / "a.mp3").read_bytes() == (tmp_path / "b.mp3").read_bytes()
    assert MP3(tmp_path / "a.mp3").info.bitrate == 48000


def test_missing_wav_is_reported_and_nothing_is_written(chapters, tmp_path):
    gone = ChapterAudio("Điều 46", "dieu-46", tmp_path / "wav" / "gone.wav", 1.0, ())
    out = tmp_path / "out" / "book.mp3"
    with pytest.raises(EngineError) as caught:
        encode_audiobook([chapters[0], gone], out, lang="vi", **BOOK)
    assert str(caught.value) == f"thiếu tệp âm thanh của chương “Điều 46”: {gone.wav}"
    assert not out.parent.exists() or files_in(out.parent) == []


def test_failure_after_encoding_keeps_the_old_file_and_removes_the_temp(
    chapters, tmp_path, monkeypatch
):
    out = tmp_path / "out" / "book.mp3"
    out.parent.mkdir()
    out.write_bytes(b"old")
    # The encoding pass counts the samples it encodes: say it counted 9 s.
    monkeypatch.setattr(audio, "_loudness_in", lambda log, name: (-19.0, 9 * audio.SAMPLE_RATE))
    with pytest.raises(EngineError) as caught:
        encode_audiobook(chapters, out, lang="vi", **BOOK)
    assert str(caught.value) == (
        f"độ dài tệp MP3 (9.000 s) lệch với độ dài âm thanh đầu vào (7.600 s): {out}"
    )
    assert files_in(out.parent) == ["book.mp3"]
    assert out.read_bytes() == b"old"


def test_loudness_that_cannot_be_reached_is_refused(tmp_path):
    # A whisper with 0 dBFS clicks 38 dB above it: the peaks cannot all be kept under −1 dBTP
    # at −19 LUFS without crushing the speech, so the file is refused, not published.
    expr = "0.02*sin(2*PI*200*t)*(0.55+0.45*sin(2*PI*3*t))+0.99*lt(mod(t,0.7),0.0005)"
    chapter = ChapterAudio("Một", "", make_audio(tmp_path / "c.wav", expr, 3.0), 3.0, ())
    with pytest.raises(EngineError, match=r"^độ to sau khi chuẩn hoá b\.mp3 ngoài mục tiêu: "):
        encode_audiobook([chapter], tmp_path / "b.mp3", lang="vi", **BOOK)
    assert files_in(tmp_path) == ["c.wav"]


def test_silence_cannot_be_normalised(tmp_path):
    silent = ChapterAudio("Lặng", "", make_audio(tmp_path / "s.wav", "0", 1.0), 1.0, ())
    with pytest.raises(EngineError) as caught:
        encode_audiobook([silent], tmp_path / "b.mp3", lang="vi", **BOOK)
    assert str(caught.value) == "âm thanh của b.mp3 chỉ có im lặng, không chuẩn hoá được độ to"
    assert files_in(tmp_path) == ["s.wav"]


def test_a_file_that_is_not_wav_is_reported(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    chapter = ChapterAudio("Một", "", bad, 1.0, ())
    with pytest.raises(EngineError) as caught:
        encode_audiobook([chapter], tmp_path / "b.mp3", lang="vi", **BOOK)
    assert str(caught.value).startswith(
        f"tệp âm thanh của chương “Một” không phải WAV PCM đọc được: {bad} ("
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"bitrate_kbps": 63},
            "bitrate 63 kbps không dùng được cho MP3 24 kHz; chọn một trong:"
            " 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160",
        ),
        ({"lang": "xx"}, "chưa biết mã ISO 639-2 của ngôn ngữ “xx” (thẻ TLAN)"),
        ({"gap": -1.0}, "khoảng lặng giữa các chương phải ≥ 0 giây (đang là -1.0)"),
    ],
)
def test_bad_options_are_reported(chapters, tmp_path, options, message):
    with pytest.raises(EngineError) as caught:
        encode_audiobook(chapters, tmp_path / "b.mp3", **{"lang": "vi", **BOOK, **options})
    assert str(caught.value) == message


def test_no_chapters_is_reported(tmp_path):
    with pytest.raises(EngineError) as caught:
        encode_audiobook([], tmp_path / "b.mp3", lang="vi", **BOOK)
    assert str(caught.value) == "sách nói không có chương nào"


def test_language_codes():
    assert audio._iso639_2("vi-VN") == "vie"
    assert audio._iso639_2("hre") == "hre"  # Hrê: ISO 639-3 only, kept as given


# --- human recordings ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codec"),
    [("rec.wav", ("-c:a", "pcm_s16le")), ("rec.ogg", ("-c:a", "libvorbis"))],
)
def test_recording_is_brought_to_the_same_format(tmp_path, name, codec):
    stereo = f"0.5*{VOICE}|0.4*{VOICE}"
    source = make_audio(tmp_path / name, stereo, 4.0, 44100, *codec)
    marks = [ChapterMark("Mở đầu", "", 0.0, 1.5), ChapterMark("Điều 46", "dieu-46", 1.5, 99.0)]
    out = tmp_path / "out.mp3"
    seconds = encode_recording(source, out, lang="vi", marks=marks, **BOOK)
    assert seconds == pytest.approx(4.0, abs=0.05)
    found = measure(out)
    assert found.duration == seconds
    assert abs(found.integrated_lufs - -19.0) <= 1.0
    assert found.true_peak_dbtp <= -1.0
    info = MP3(out).info
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 24000, 64000)
    assert ID3(out)["TLAN"].text == ["vie"]
    assert read_id3_chapters(out) == [marks[0], ChapterMark("Điều 46", "dieu-46", 1.5, seconds)]


def test_recording_with_broken_marks_is_refused(tmp_path):
    source = make_audio(tmp_path / "rec.wav", f"0.5*{VOICE}", 3.0)
    marks = [ChapterMark("Mở đầu", "", 0.0, 1.0), ChapterMark("Điều 46", "", 1.2, 3.0)]
    with pytest.raises(EngineError) as caught:
        encode_recording(source, tmp_path / "out.mp3", lang="vi", marks=marks, **BOOK)
    assert str(caught.value) == (
        f"mốc chương của {source} không hợp lệ:"
        " chương “Điều 46” phải bắt đầu khi chương trước kết thúc"
    )
    assert files_in(tmp_path) == ["rec.wav"]


def test_missing_recording_is_reported(tmp_path):
    with pytest.raises(EngineError) as caught:
        encode_recording(tmp_path / "no.mp3", tmp_path / "out.mp3", lang="vi", **BOOK)
    assert str(caught.value) == f"không tìm thấy bản ghi âm: {tmp_path / 'no.mp3'}"


def test_recording_without_marks_has_no_chapters(tmp_path):
    source = make_audio(tmp_path / "rec.wav", f"0.5*{VOICE}", 1.0)
    encode_recording(source, tmp_path / "out.mp3", lang="vi", **BOOK)
    assert read_id3_chapters(tmp_path / "out.mp3") == []
    assert ID3(tmp_path / "out.mp3").getall("CTOC") == []


# --- side files ------------------------------------------------------------------------


def test_json_chapters(tmp_path):
    marks = [ChapterMark("Mở đầu", "", 0.0, 2.8), ChapterMark("Điều 46", "dieu-46", 2.8, 7.60049)]
    write_json_chapters(marks, tmp_path / "book.chapters.json", title="Trợ cấp thôi việc")
    text = (tmp_path / "book.chapters.json").read_text("utf-8")
    assert text == """\
{
  "version": "1.2.0",
  "title": "Trợ cấp thôi việc",
  "chapters": [
    {
      "startTime": 0.0,
      "endTime": 2.8,
      "title": "Mở đầu"
    },
    {
      "startTime": 2.8,
      "endTime": 7.6,
      "title": "Điều 46"
    }
  ]
}
"""
    assert json.loads(text)["chapters"][1]["endTime"] == 7.6


def test_webvtt(tmp_path):
    cues = [
        Cue(1.5, 3.0004, "Điều 46 <Bộ luật> & “trợ cấp”"),
        Cue(0.0, 1.6, "Mở đầu"),  # out of order, and runs into the next cue
        Cue(3661.25, 3662.0, "a > b\n\nhai dòng"),
    ]
    write_webvtt(cues, tmp_path / "book.vtt")
    assert (tmp_path / "book.vtt").read_text("utf-8") == """\
WEBVTT

00:00:00.000 --> 00:00:01.500
Mở đầu

00:00:01.500 --> 00:00:03.000
Điều 46 &lt;Bộ luật&gt; &amp; “trợ cấp”

01:01:01.250 --> 01:01:02.000
a &gt; b
hai dòng
"""


def test_webvtt_refuses_a_cue_hidden_by_the_next(tmp_path):
    with pytest.raises(ValueError):
        write_webvtt([Cue(1.0, 2.0, "a"), Cue(1.0, 3.0, "b")], tmp_path / "x.vtt")
    assert files_in(tmp_path) == []


def test_ffmpeg_version_is_the_version_line():
    assert ffmpeg_version().startswith("ffmpeg version ")
