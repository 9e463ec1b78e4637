"""The audiobook stage end to end: real espeak-ng and ffmpeg, edge-tts faked at its boundary."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generators.ffmpeg import ffmpeg_binary
from generators.library import load_library
from generators.speech.audio import measure, read_id3_chapters
from generators.speech.books import RECORDING, render_audiobooks
from generators.speech.edge import MAX_CONNECTIONS, EdgeEngine
from generators.speech.espeak import EspeakEngine
from tests.conftest import TODAY, LibraryMaker, explainer
from tests.speech.fakes import FakeService

BODY = ("## Thời gian thử việc\n\nThử việc không quá 60 ngày. Lương ít nhất bằng 85%.\n\n"
        "## Khi nào được nghỉ\n\nBáo trước 3 ngày theo Điều 27.\n")
ESPEAK_VOICES = ("vi-bac", "vi-trung", "vi-nam")


def _library(tmp_library: LibraryMaker, body: str = BODY, files: dict[str, Any] | None = None,
             ) -> Any:
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=body), **(files or {})})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def _engines(service: FakeService | None = None) -> dict[str, Any]:
    return {"espeak": EspeakEngine(), "edge": EdgeEngine(service or FakeService(), backoff=0)}


def test_every_voice_gets_a_chaptered_audiobook(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    library = _library(tmp_library)
    report = render_audiobooks(library, tmp_path / "cache", jobs=2, engines=_engines())
    books = report.media.audio["thu-viec"]
    assert [b.voice for b in books] == list(ESPEAK_VOICES)  # the default voice first
    for book in books:
        assert [m.title for m in book.marks] == ["Mở đầu", "Thời gian thử việc",
                                                 "Khi nào được nghỉ"]
        assert [m.anchor for m in book.marks] == ["", "thoi-gian-thu-viec", "khi-nao-duoc-nghi"]
        assert book.marks[0].start == 0 and book.marks[-1].end == pytest.approx(book.duration)
        assert [m.title for m in read_id3_chapters(book.mp3)] == [m.title for m in book.marks]
        loudness = measure(book.mp3)
        assert loudness.integrated_lufs == pytest.approx(-19, abs=1)
        assert loudness.true_peak_dbtp <= -1
        assert loudness.duration == pytest.approx(book.duration, abs=0.1)
        cue_texts = [c.text for c in book.cues]
        assert "Thử việc không quá 60 ngày." in cue_texts  # the transcript shows digits
        assert all(a.start <= b.start for a, b in zip(book.cues, book.cues[1:], strict=False))
        assert book.cues[-1].end <= book.duration
        vtt = book.vtt.read_text("utf-8")
        assert vtt.startswith("WEBVTT") and "Báo trước 3 ngày theo Điều 27." in vtt
        chapters = json.loads(book.chapters_json.read_text("utf-8"))
        assert [c["title"] for c in chapters["chapters"]] == [m.title for m in book.marks]
    assert len({b.mp3.read_bytes() for b in books}) == 3  # three different voices
    assert report.built == 9 and report.reused == 0 and report.notices == []


def test_a_rebuild_synthesises_nothing_and_an_edit_redoes_one_chapter(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = render_audiobooks(_library(tmp_library), cache, jobs=2, engines=_engines())
    again = render_audiobooks(_library(tmp_library), cache, jobs=2, engines=_engines())
    assert (again.built, again.reused) == (0, 9)
    assert [b.mp3 for b in again.media.audio["thu-viec"]] == \
        [b.mp3 for b in first.media.audio["thu-viec"]]
    edited = BODY.replace("Báo trước 3 ngày", "Báo trước 30 ngày")
    third = render_audiobooks(_library(tmp_library, edited), cache, jobs=2, engines=_engines())
    assert (third.built, third.reused) == (3, 6)  # one chapter, in each of 3 voices


def test_a_torn_chapter_from_a_killed_build_is_made_again(tmp_library: LibraryMaker,
                                                           tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    render_audiobooks(_library(tmp_library), cache, jobs=1, engines=_engines())
    wavs = sorted((cache / "chapters").glob("*.wav"))
    # A build killed mid-write: the file is cut short but its record still exists, or the
    # record is half-written; either way the chapter must be redone, not trusted.
    wavs[0].write_bytes(wavs[0].read_bytes()[:1000])
    wavs[1].with_suffix(".json").write_text('{"timings": [', "utf-8")
    (cache / "chapters" / f".{wavs[2].name}.1234.part").write_bytes(b"RIFF")  # a killed write
    (cache / "books" / ".x.mp3.tmp").write_bytes(b"ID3")
    again = render_audiobooks(_library(tmp_library), cache, jobs=1, engines=_engines())
    assert again.built == 2 and again.reused == 7
    assert not list(cache.rglob("*.tmp"))


def test_a_failing_online_voice_falls_back_and_says_so(tmp_library: LibraryMaker,
                                                        tmp_path: Path) -> None:
    voices = ("default: vi-bac\nvoices:\n"
              "  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}\n"
              "  vi-hoaimy: {lang: vi, engine: edge, voice: vi-VN-HoaiMyNeural, "
              "label: Hoài My}\n")
    library = _library(tmp_library, files={"audiobooks/voices.yml": voices})
    offline = FakeService(fail_first=99, error=ConnectionError)
    report = render_audiobooks(library, tmp_path / "c1", jobs=2, engines=_engines(offline))
    assert [b.voice for b in report.media.audio["thu-viec"]] == ["vi-bac"]
    assert report.notices == [
        "content/lao-dong/thu-viec.md: không tạo được giọng 'vi-hoaimy' (không kết nối được "
        "dịch vụ edge-tts (ConnectionError)) — trang chỉ có các giọng đọc còn lại"]
    # Chapters already on their way may fail too; after the first failure no new one tries.
    assert len(offline.calls) <= MAX_CONNECTIONS

    online = FakeService()
    report = render_audiobooks(library, tmp_path / "c2", jobs=2, engines=_engines(online))
    assert [b.voice for b in report.media.audio["thu-viec"]] == ["vi-bac", "vi-hoaimy"]
    assert report.notices == []


def test_a_human_recording_takes_precedence(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_path / "rec"
    root.mkdir()
    wav = root / "thu-viec.vi.wav"
    subprocess.run([ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=200:duration=6", "-ac", "1", str(wav)], check=True)
    sidecar = {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Mở đầu"},
                                               {"startTime": 2.5, "title": "Thời gian thử việc"}]}
    library = _library(tmp_library, files={
        "audiobooks/recordings/thu-viec.vi.wav": wav.read_bytes(),
        "audiobooks/recordings/thu-viec.vi.chapters.json": json.dumps(sidecar)})
    assert ("thu-viec", "vi") in library.audiobooks.recordings
    report = render_audiobooks(library, tmp_path / "cache", engines=_engines())
    (book,) = report.media.audio["thu-viec"]
    assert book.voice == RECORDING and book.engine == "recording"
    assert [(m.title, m.start) for m in book.marks] == [("Mở đầu", 0.0),
                                                         ("Thời gian thử việc", 2.5)]
    assert book.duration == pytest.approx(6, abs=0.1)
    assert measure(book.mp3).integrated_lufs == pytest.approx(-19, abs=1)
    assert report.built == 0


def test_explainers_without_audio_get_none(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(extra="reviewed: true\n"
                                                                         "audio: false")})
    library, _ = load_library(root, TODAY)
    assert library is not None
    assert render_audiobooks(library, tmp_path / "cache", engines=_engines()).media.audio == {}


def test_the_same_text_gives_the_same_files_with_any_number_of_workers(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    one = render_audiobooks(_library(tmp_library), tmp_path / "a", jobs=1, engines=_engines())
    two = render_audiobooks(_library(tmp_library), tmp_path / "b", jobs=2, engines=_engines())
    assert [b.mp3.read_bytes() for b in one.media.audio["thu-viec"]] == \
        [b.mp3.read_bytes() for b in two.media.audio["thu-viec"]]


def test_a_book_that_cannot_be_made_names_its_explainer(tmp_library: LibraryMaker,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from generators.errors import EngineError
    from generators.speech import audio

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise EngineError("độ to sau khi chuẩn hoá x.mp3 ngoài mục tiêu")

    monkeypatch.setattr(audio, "encode_audiobook", refuse)
    with pytest.raises(EngineError) as caught:
        render_audiobooks(_library(tmp_library), tmp_path / "cache", jobs=1,
                          engines={"espeak": EspeakEngine()})
    assert str(caught.value).startswith("content/lao-dong/thu-viec.md: sách nói giọng 'vi-")
    assert str(caught.value).endswith(": độ to sau khi chuẩn hoá x.mp3 ngoài mục tiêu")


def _vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    cues = []
    for block in text.split("\n\n")[1:]:
        times, *lines = block.strip().splitlines()
        start, end = times.split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines)))
    return cues


def test_a_book_has_the_loudness_chapters_and_transcript_it_specifies(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    """One encoding pass per book: −19 ± 1 LUFS and true peak ≤ −1 dBTP measured on the MP3
    by ffmpeg's ebur128; chapters that start where the chapters before them and their
    0.8 s gaps end (to the millisecond, in the marks, the ID3 CHAP frames and the JSON
    chapters); one WebVTT cue per sentence shown, where the engine said it was spoken."""
    from generators.cache import key
    from generators.speech.books import GAP, RATE, SCHEMA
    from generators.speech.script import speech_script

    library = _library(tmp_library)
    cache = tmp_path / "cache"
    engine = EspeakEngine()
    report = render_audiobooks(library, cache, jobs=2, engines={"espeak": engine})
    book = report.media.audio["thu-viec"][0]
    loudness = measure(book.mp3)
    assert abs(loudness.integrated_lufs - -19) <= 1 and loudness.true_peak_dbtp <= -1
    assert loudness.duration == pytest.approx(book.marks[-1].end, abs=0.001)  # gapless

    # Each chapter's own record (found by its cache key): its WAV's duration, and when
    # each of its sentences is spoken in it.
    script = speech_script(library.explainer("thu-viec"), library.audiobooks.lexicon, "vi")
    voice = library.audiobooks.voices[book.voice].voice
    starts = [0.0]
    expected_cues = []
    for chapter, mark in zip(script.chapters, book.marks, strict=True):
        name = key(SCHEMA, "chapter", "espeak", engine.version(), voice, RATE,
                   tuple(s.spoken for s in chapter.sentences))
        record = json.loads((cache / "chapters" / f"{name}.json").read_text("utf-8"))
        expected_cues += [(mark.start + a, mark.start + b, s.shown) for (a, b), s in
                          zip(record["timings"], chapter.sentences, strict=True) if s.shown]
        starts.append(mark.start + record["duration"] + GAP)
    assert [m.start for m in book.marks] == pytest.approx(starts[:-1], abs=0.001)
    assert book.marks[-1].end == pytest.approx(starts[-1] - GAP, abs=0.001)  # no gap after
    assert [(c.start_time, c.end_time) for c in _chaps(book.mp3)] == \
        [(round(m.start * 1000), round(m.end * 1000)) for m in book.marks]
    chapters = json.loads(book.chapters_json.read_text("utf-8"))["chapters"]
    assert [(c["startTime"], c["endTime"]) for c in chapters] == \
        [(round(m.start, 3), round(m.end, 3)) for m in book.marks]
    found = _vtt_cues(book.vtt.read_text("utf-8"))
    assert [c[2] for c in found] == [c[2] for c in expected_cues]
    for (start, end, _), (want_start, want_end, _) in zip(found, expected_cues, strict=True):
        assert start == pytest.approx(want_start, abs=0.0015)
        assert end == pytest.approx(want_end, abs=0.0015)


def _chaps(mp3: Path) -> list[Any]:
    from mutagen.id3 import ID3

    return sorted(ID3(mp3).getall("CHAP"), key=lambda c: c.start_time)
