"""edge-tts through a fake at its API boundary (`Communicate(...).stream()`): never online."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import pytest

from generators.errors import EngineError
from generators.speech import edge
from generators.speech.edge import EdgeEngine, EdgeUnavailable
from tests.speech.fakes import FakeService


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


def test_a_service_that_refuses_everything_is_turned_off_after_a_few_chapters(
        tmp_path: Path) -> None:
    service = FakeService(fail_first=10**6)
    engine = EdgeEngine(service, backoff=0)
    for i in range(edge.GIVE_UP_AFTER):
        with pytest.raises(EngineError):
            engine.synthesize([f"Câu {i}."], "v", tmp_path / f"{i}.wav")
    tried = len(service.calls)
    with pytest.raises(EdgeUnavailable) as caught:
        engine.synthesize(["Câu nữa."], "v", tmp_path / "x.wav")
    assert len(service.calls) == tried == edge.GIVE_UP_AFTER * edge.RETRIES
    assert str(caught.value) == "edge-tts lỗi liên tiếp (503 Service Unavailable)"
