"""A fake edge-tts service at its API boundary (`Communicate(text, voice, boundary)` with an
async `stream()`): the tests never reach the network."""

from __future__ import annotations

import asyncio
import subprocess
import threading
from collections.abc import AsyncIterator
from typing import Any

from generators.ffmpeg import ffmpeg_binary

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
