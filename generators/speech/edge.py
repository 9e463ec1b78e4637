"""Microsoft's neural voices through edge-tts: online only, optional, never required.

The service is unreachable offline and changes without notice (field-notes.md), so: text
goes in chunks, every chunk is retried with backoff, at most MAX_CONNECTIONS requests run
at once, and the first sign that the service cannot be reached at all turns the engine off
for the rest of the build, so an offline build does not wait on every chapter.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from generators.errors import EngineError

MAX_CONNECTIONS = 4
CHUNK_CHARS = 1500
RETRIES = 3
BACKOFF = 1.0  # seconds, doubled after each failed attempt
GIVE_UP_AFTER = 3
"""Requests that failed all their retries before the engine is turned off for the build."""
_TICKS = 10_000_000  # edge-tts reports offsets in 100 ns units
_CONNECTIONS = threading.BoundedSemaphore(MAX_CONNECTIONS)

_T = TypeVar("_T")
Communicate = Callable[..., Any]
"""`edge_tts.Communicate`, or a fake with the same `stream()` in tests."""


class EdgeUnavailable(EngineError):
    """The service cannot be reached (offline, blocked, or changed): skip this engine."""


class EdgeEngine:
    """Speaks sentences with an edge-tts voice into a mono WAV, with per-sentence timings."""

    name = "edge"

    def __init__(self, communicate: Communicate | None = None, backoff: float = BACKOFF) -> None:
        self._communicate = communicate
        self._backoff = backoff
        self._down: str | None = None
        self._failures = 0
        self._lock = threading.Lock()

    def version(self) -> str:
        try:
            import edge_tts
        except ImportError:
            return "edge-tts (not installed)"
        return f"edge-tts {getattr(edge_tts, '__version__', '?')}"

    def synthesize(self, sentences: Sequence[str], voice: str, out_wav: Path) -> list[
            tuple[float, float]]:
        """Speak `sentences` into `out_wav`; return each sentence's (start, end) seconds."""
        if self._down:
            raise EdgeUnavailable(self._down)
        from generators.speech.audio import decode_mp3

        mp3, timings = _run(self._speak(list(sentences), voice))
        decode_mp3(mp3, out_wav)
        return timings

    async def _speak(self, sentences: list[str], voice: str) -> tuple[bytes, list[
            tuple[float, float]]]:
        from generators.speech.audio import mp3_seconds

        audio = b""
        timings: list[tuple[float, float]] = [(0.0, 0.0)] * len(sentences)
        offset = 0.0
        for chunk in _chunks(sentences):
            data, words = await self._chunk(" ".join(sentences[i] for i in chunk), voice)
            for index, (start, end) in zip(chunk, _align([sentences[i] for i in chunk], words),
                                           strict=True):
                timings[index] = (offset + start, offset + end)
            audio += data
            offset += mp3_seconds(data)
        return audio, timings

    async def _chunk(self, text: str, voice: str) -> tuple[bytes, list[tuple[float, float, str]]]:
        delay = self._backoff
        last: Exception | None = None
        for _ in range(RETRIES):
            if self._down:
                raise EdgeUnavailable(self._down)
            try:
                return await self._stream(text, voice)
            except (TimeoutError, OSError) as exc:  # no route, DNS, refused: offline
                self._give_up(f"không kết nối được dịch vụ edge-tts ({exc.__class__.__name__})")
                raise EdgeUnavailable(self._down or "") from exc
            except Exception as exc:  # 403/503/bad answers: the service's bad moments
                last = exc
                await asyncio.sleep(delay)
                delay *= 2
        with self._lock:
            self._failures += 1
            if self._failures >= GIVE_UP_AFTER:
                # A service that refuses every request (e.g. 403 after an API change) would
                # otherwise cost every chapter its retries.
                self._down = self._down or f"edge-tts lỗi liên tiếp ({last})"
        raise EngineError(f"edge-tts lỗi sau {RETRIES} lần thử: {last}")

    async def _stream(self, text: str, voice: str) -> tuple[bytes, list[tuple[float, float, str]]]:
        communicate = self._communicate
        if communicate is None:
            try:
                import edge_tts
            except ImportError as exc:
                self._give_up("chưa cài edge-tts")
                raise EdgeUnavailable(self._down or "") from exc
            communicate = edge_tts.Communicate
        stream = communicate(text, voice, boundary="WordBoundary")
        audio = bytearray()
        words: list[tuple[float, float, str]] = []
        # At most MAX_CONNECTIONS requests at once across every thread of the build.
        await asyncio.to_thread(_CONNECTIONS.acquire)
        try:
            async for part in stream.stream():
                if part["type"] == "audio":
                    audio += part["data"]
                elif part["type"] == "WordBoundary":
                    start = part["offset"] / _TICKS
                    words.append((start, start + part["duration"] / _TICKS, part["text"]))
        finally:
            _CONNECTIONS.release()
        if not audio:
            raise EngineError("edge-tts không trả về âm thanh")
        return bytes(audio), words

    def _give_up(self, why: str) -> None:
        with self._lock:
            self._down = self._down or why


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    """Run `coroutine` to the end, also from a thread whose own event loop is busy (a
    caller that is itself asynchronous): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _chunks(sentences: Sequence[str]) -> list[list[int]]:
    """Indexes of sentences grouped into requests of at most CHUNK_CHARS characters."""
    groups: list[list[int]] = [[]]
    size = 0
    for index, sentence in enumerate(sentences):
        if groups[-1] and size + len(sentence) > CHUNK_CHARS:
            groups.append([])
            size = 0
        groups[-1].append(index)
        size += len(sentence) + 1
    return [g for g in groups if g]


def _align(sentences: Sequence[str], words: Sequence[tuple[float, float, str]]) -> list[
        tuple[float, float]]:
    """Each sentence's span from the word boundaries: the service reports one boundary per
    spoken word, in order; if the counts disagree, share the time by characters."""
    counts = [sum(1 for w in s.split() if any(c.isalnum() for c in w)) for s in sentences]
    if words and sum(counts) == len(words):
        out, at = [], 0
        for count in counts:
            if count == 0:
                point = words[at - 1][1] if at else 0.0
                out.append((point, point))
                continue
            out.append((words[at][0], words[at + count - 1][1]))
            at += count
        return out
    end = words[-1][1] if words else 0.0
    total = sum(len(s) for s in sentences) or 1
    out, start = [], 0.0
    for sentence in sentences:
        length = end * len(sentence) / total
        out.append((start, start + length))
        start += length
    return out
