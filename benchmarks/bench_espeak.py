"""Benchmark: characters of Vietnamese per second that the eSpeak NG engine turns into a WAV.

Run by hand, not in CI:  .venv/bin/python benchmarks/bench_espeak.py [characters] [repeats]
Speaks ≈ 5,000 characters (sentence by sentence, as a chapter is) in each of the three
voices and prints chars/s (wall clock, and per CPU second: steadier on a busy
machine), the real-time factor and the engine version.
"""

from __future__ import annotations

import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generators.speech.espeak import VIETNAMESE_VOICES, EspeakEngine

SENTENCES = (
    "Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo trước "
    "cho người sử dụng lao động.",
    "Thời gian báo trước ít nhất bốn mươi lăm ngày nếu làm việc theo hợp đồng lao động "
    "không xác định thời hạn.",
    "Người sử dụng lao động phải trả lương trực tiếp, đầy đủ, đúng hạn cho người lao động.",
    "Trường hợp tranh chấp, các bên có thể yêu cầu hòa giải viên lao động hỗ trợ.",
    "Hồ sơ nộp tại bộ phận một cửa của Ủy ban nhân dân xã trong giờ hành chính.",
    "Trong thời hạn mười lăm ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có "
    "thẩm quyền phải trả lời bằng văn bản.",
    "Người dân có quyền khiếu nại quyết định hành chính khi có căn cứ cho rằng quyết định "
    "đó trái pháp luật, xâm phạm quyền và lợi ích hợp pháp của mình.",
    "Mọi thông tin cá nhân phải được bảo vệ, không ai được thu thập hay chia sẻ khi chưa "
    "có sự đồng ý.",
)


def text_of(characters: int) -> list[str]:
    """Sentences cycled until they add up to at least `characters` characters."""
    chosen: list[str] = []
    while sum(len(s) for s in chosen) < characters:
        chosen.append(SENTENCES[len(chosen) % len(SENTENCES)])
    return chosen


def main() -> None:
    characters = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    sentences = text_of(characters)
    total = sum(len(s) for s in sentences)
    engine = EspeakEngine()
    print(f"{engine.version()} — {total} ký tự, {len(sentences)} câu, tốt nhất trong {repeats} lần")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "bench.wav"
        engine.synthesize(sentences[:1], "vi", out)  # load the library and data first
        for voice in VIETNAMESE_VOICES:
            wall = cpu = float("inf")
            for _ in range(repeats):
                start, start_cpu = time.perf_counter(), time.process_time()
                engine.synthesize(sentences, voice, out)
                wall = min(wall, time.perf_counter() - start)
                cpu = min(cpu, time.process_time() - start_cpu)
            with wave.open(str(out), "rb") as wav:
                audio = wav.getnframes() / wav.getframerate()
            print(f"{voice:16} {total / wall:7,.0f} ký tự/s ({total / cpu:7,.0f} theo CPU)   "
                  f"{wall:6.3f} s   {audio:6.1f} s âm thanh   {audio / wall:4.0f}× thời gian thực")

if __name__ == "__main__":
    main()
