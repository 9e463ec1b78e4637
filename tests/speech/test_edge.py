"""edge-tts through a fake at its API boundary (`Communicate(...).stream()`): never online."""

from __future__ import annotations

import asyncio
import subprocess
import threading
import wave
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from generators.errors import EngineError
from generators.speech import edge
from generators.speech.audio import ffmpeg_binary
from generators.speech.edge import EdgeEngine, EdgeUnavailable

_TICK = 10_000_000


def _mp3(seconds: float) -> bytes:
    """A real MP3 of `seconds` of tone, as the service would send (24 kHz mono)."""
    done = subprocess.run([ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i",
                           f"sine=frequency=220:duration={seconds}:sample_rate=24000",
                           "-ac", "1", "-c:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "pipe:1"],
                          capture_output=True, check=True)
    return done.stdout


class FakeService:
    """Answers like edge-tts: audio chunks and one WordBoundary per word, 0.3 s a word."""

    def __init__(self, fail_first: int = 0, error: type[Exception] = RuntimeError) -> None:
        self.calls: list[str] = []
        self.fail_first = fail_first
        self.error = error
        self.active = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, text: str, voice: str, boundary: str = "SentenceBoundary") -> Any:
        assert boundary == "WordBoundary"
        service = self

        class Stream:
            async def stream(self) -> AsyncIterator[dict[str, Any]]:
                with service.lock:
                    service.calls.append(text)
                    service.active += 1
                    service.most = max(service.most, service.active)
                    failing = len(service.calls) <= service.fail_first
                try:
                    await asyncio.sleep(0.01)
                    if failing:
                        raise service.error("503 Service Unavailable")
                    words = text.split()
                    for i, word in enumerate(words):
                        yield {"type": "WordBoundary", "offset": int(i * 0.3 * _TICK),
                               "duration": int(0.25 * _TICK), "text": word}
                    yield {"type": "audio", "data": _mp3(0.3 * len(words))}
                finally:
                    with service.lock:
                        service.active -= 1

        return Stream()


def test_sentences_get_their_own_times_from_word_boundaries(tmp_path: Path) -> None:
    service = FakeService()
    engine = EdgeEngine(service, backoff=0)
    out = tmp_path / "c.wav"
    timings = engine.synthesize(["Xin chào bạn.", "Luật Đất đai năm 2024."], "vi-VN-HoaiMyNeural",
                                out)
    assert timings == [(0.0, 0.85), (0.9, 2.35)]
    with wave.open(str(out)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        # MP3 frames pad the end
        assert audio.getnframes() / audio.getframerate() == pytest.approx(2.1, abs=0.5)
    assert service.calls == ["Xin chào bạn. Luật Đất đai năm 2024."]


def test_long_text_goes_in_chunks_and_times_continue_across_them(tmp_path: Path) -> None:
    service = FakeService()
    sentences = [f"Câu số {i} " + "chữ " * 80 for i in range(6)]
    timings = EdgeEngine(service, backoff=0).synthesize(sentences, "v", tmp_path / "c.wav")
    assert len(service.calls) > 1
    assert all(len(call) <= edge.CHUNK_CHARS for call in service.calls)
    starts = [start for start, _ in timings]
    assert starts == sorted(starts) and starts[-1] > 100


def test_passing_failures_are_retried_with_backoff(tmp_path: Path) -> None:
    service = FakeService(fail_first=2)
    timings = EdgeEngine(service, backoff=0).synthesize(["Một câu."], "v", tmp_path / "c.wav")
    assert len(service.calls) == 3 and timings[0][1] > 0


def test_a_service_that_keeps_failing_is_an_engine_error(tmp_path: Path) -> None:
    service = FakeService(fail_first=99)
    with pytest.raises(EngineError) as caught:
        EdgeEngine(service, backoff=0).synthesize(["Một câu."], "v", tmp_path / "c.wav")
    assert str(caught.value) == "edge-tts lỗi sau 3 lần thử: 503 Service Unavailable"
    assert not (tmp_path / "c.wav").exists()


def test_no_network_turns_the_engine_off_at_once(tmp_path: Path) -> None:
    service = FakeService(fail_first=99, error=ConnectionError)
    engine = EdgeEngine(service, backoff=0)
    with pytest.raises(EdgeUnavailable):
        engine.synthesize(["Một câu."], "v", tmp_path / "a.wav")
    with pytest.raises(EdgeUnavailable) as caught:
        engine.synthesize(["Câu khác."], "v", tmp_path / "b.wav")
    assert len(service.calls) == 1  # the second chapter did not even try
    assert str(caught.value) == "không kết nối được dịch vụ edge-tts (ConnectionError)"


def test_at_most_four_requests_at_once_across_threads(tmp_path: Path) -> None:
    service = FakeService()
    engine = EdgeEngine(service, backoff=0)
    threads = [threading.Thread(target=engine.synthesize,
                                args=(["Một câu ngắn."], "v", tmp_path / f"{i}.wav"))
               for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(service.calls) == 10
    assert service.most <= edge.MAX_CONNECTIONS
