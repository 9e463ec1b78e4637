"""The eSpeak NG engine, for real: the espeakng-loader wheel's library and Vietnamese data."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import wave
from array import array
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import espeakng_loader
import pytest

from generators.errors import EngineError
from generators.speech.espeak import PAUSE_SECONDS, VIETNAMESE_VOICES, EspeakEngine

ROOT = Path(__file__).resolve().parents[2]
SHORT = "Xin chào."
MEDIUM = "Người lao động có quyền nghỉ hằng năm, hưởng nguyên lương."
LONG = (
    "Người sử dụng lao động phải trả lương trực tiếp, đầy đủ, đúng hạn cho người lao động; "
    "trường hợp không thể trả đúng hạn thì không được chậm quá ba mươi ngày và phải trả thêm "
    "một khoản tiền ít nhất bằng lãi suất tiền gửi có kỳ hạn một tháng."
)


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def read_wav(path: Path) -> tuple[wave._wave_params, array[int]]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = array("h")
        samples.frombytes(wav.readframes(params.nframes))
    return params, samples


def duration(path: Path) -> float:
    params, _ = read_wav(path)
    return params.nframes / params.framerate


def assert_well_formed(timings: list[tuple[float, float]], total: float) -> None:
    previous_end = 0.0
    for start, end in timings:
        assert previous_end <= start <= end <= total + 1e-9
        previous_end = end


@pytest.mark.parametrize("voice", VIETNAMESE_VOICES)
def test_each_voice_writes_a_mono_16_bit_wav(engine: EspeakEngine, tmp_path: Path,
                                             voice: str) -> None:
    out = tmp_path / f"{voice}.wav"
    timings = engine.synthesize([SHORT, MEDIUM], voice, out)
    params, samples = read_wav(out)
    assert (params.nchannels, params.sampwidth) == (1, 2)
    assert params.framerate == engine.sample_rate() == 22050
    assert len(timings) == 2
    assert_well_formed(timings, params.nframes / params.framerate)
    assert max(abs(x) for x in samples) > 1000  # speech, not silence


@pytest.mark.parametrize("voice", VIETNAMESE_VOICES)
def test_durations_are_plausible_and_grow_with_text(engine: EspeakEngine, tmp_path: Path,
                                                   voice: str) -> None:
    lengths = []
    for name, text in (("short", SHORT), ("medium", MEDIUM), ("long", LONG)):
        out = tmp_path / f"{name}.wav"
        engine.synthesize([text], voice, out)
        lengths.append(duration(out))
        # Vietnamese at 165 words a minute: roughly 0.03–0.15 s per character.
        assert 0.03 * len(text) < lengths[-1] < 0.15 * len(text), (name, lengths[-1])
    assert lengths == sorted(lengths)


def test_a_faster_rate_gives_shorter_audio(engine: EspeakEngine, tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    engine.synthesize([LONG], "vi", slow, rate=120)
    engine.synthesize([LONG], "vi", fast, rate=300)
    assert duration(fast) < 0.6 * duration(slow)


def test_timings_are_exact_and_the_pause_between_sentences_is_silent(
        engine: EspeakEngine, tmp_path: Path) -> None:
    out = tmp_path / "chapter.wav"
    timings = engine.synthesize([SHORT, MEDIUM, LONG, SHORT], "vi", out)
    params, samples = read_wav(out)
    rate = params.framerate
    assert_well_formed(timings, params.nframes / rate)
    assert timings[0][0] == 0.0
    assert timings[-1][1] == params.nframes / rate  # the file ends with the last sentence
    for (_, end), (start, _) in pairwise(timings):
        assert start - end == pytest.approx(PAUSE_SECONDS, abs=1 / rate)
        assert not any(samples[round(end * rate): round(start * rate)])
    for start, end in timings:
        assert max(abs(x) for x in samples[round(start * rate): round(end * rate)]) > 1000


def test_empty_sentences_keep_their_slot(engine: EspeakEngine, tmp_path: Path) -> None:
    out = tmp_path / "gaps.wav"
    timings = engine.synthesize(["", SHORT, "  \n", "...", MEDIUM, "\t"], "vi", out)
    assert len(timings) == 6
    assert timings[0] == (0.0, 0.0)
    spoken_end = timings[1][1]
    assert timings[2] == timings[3] == (spoken_end, spoken_end)
    assert timings[4][0] == pytest.approx(spoken_end + PAUSE_SECONDS, abs=1e-4)
    assert timings[5] == (timings[4][1], timings[4][1])
    assert timings[5][1] == duration(out)


def test_nothing_to_say_gives_an_empty_wav(engine: EspeakEngine, tmp_path: Path) -> None:
    out = tmp_path / "empty.wav"
    assert engine.synthesize(["", " "], "vi", out) == [(0.0, 0.0), (0.0, 0.0)]
    params, _ = read_wav(out)
    assert (params.nchannels, params.sampwidth, params.nframes) == (1, 2, 0)


def test_the_three_voices_sound_different(engine: EspeakEngine, tmp_path: Path) -> None:
    audio = {}
    for voice in VIETNAMESE_VOICES:
        out = tmp_path / f"{voice}.wav"
        engine.synthesize([MEDIUM], voice, out)
        audio[voice] = read_wav(out)[1].tobytes()
    assert len(set(audio.values())) == 3


def test_unknown_voice_is_an_engine_error(engine: EspeakEngine, tmp_path: Path) -> None:
    out = tmp_path / "x.wav"
    for voice in ("vi-vn-x-hanoi", "", "vi\x00"):
        with pytest.raises(EngineError) as caught:
            engine.synthesize([SHORT], voice, out)
        assert str(caught.value) == (
            f'eSpeak NG không có giọng đọc "{voice}" '
            "(giọng tiếng Việt: vi, vi-vn-x-central, vi-vn-x-south)"
        )
    assert list(tmp_path.iterdir()) == []
    engine.synthesize([SHORT], "vi", out)  # the engine is still usable
    assert duration(out) > 0.3


def test_rate_out_of_range_is_an_engine_error(engine: EspeakEngine, tmp_path: Path) -> None:
    with pytest.raises(EngineError) as caught:
        engine.synthesize([SHORT], "vi", tmp_path / "x.wav", rate=500)
    assert str(caught.value) == "Tốc độ đọc 500 từ/phút nằm ngoài khoảng eSpeak NG hỗ trợ (80–450)"
    assert list(tmp_path.iterdir()) == []


class FailingSentences(Sequence[str]):
    """Sentences whose third one cannot be produced: a failure halfway through a chapter."""

    def __init__(self) -> None:
        self.items = [SHORT, MEDIUM, LONG]

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index):
        if index == 2:
            raise RuntimeError("mất điện")
        return self.items[index]


def test_a_failed_write_leaves_no_file_and_no_temp(engine: EspeakEngine, tmp_path: Path) -> None:
    out = tmp_path / "new.wav"
    with pytest.raises(RuntimeError, match="mất điện"):
        engine.synthesize(FailingSentences(), "vi", out)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_previous_file_whole(engine: EspeakEngine,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "old.wav"
    engine.synthesize([SHORT], "vi", out)
    before = out.read_bytes()
    with pytest.raises(RuntimeError, match="mất điện"):
        engine.synthesize(FailingSentences(), "vi", out)
    assert out.read_bytes() == before
    assert list(tmp_path.iterdir()) == [out]


def test_the_folder_is_made_and_the_file_mode_follows_the_umask(engine: EspeakEngine,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "c.wav"
    umask = os.umask(0o022)
    try:
        engine.synthesize([SHORT], "vi", out)
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def speak_in_worker(job: tuple[str, str]) -> tuple[list[tuple[float, float]], str]:
    voice, path = job
    engine = EspeakEngine()
    return engine.synthesize([SHORT, MEDIUM], voice, Path(path)), engine.version()


def test_works_in_forked_workers_and_gives_the_parents_bytes(engine: EspeakEngine,
                                                             tmp_path: Path) -> None:
    expected = {}
    for voice in VIETNAMESE_VOICES:  # the parent has used the library before forking
        out = tmp_path / f"parent-{voice}.wav"
        engine.synthesize([SHORT, MEDIUM], voice, out)
        expected[voice] = out.read_bytes()
    jobs = [(voice, str(tmp_path / f"{i}-{voice}.wav"))
            for i in range(2) for voice in VIETNAMESE_VOICES]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(speak_in_worker, jobs)
    for (voice, path), (timings, version) in zip(jobs, results, strict=True):
        assert version == engine.version()
        assert timings[1][1] == duration(Path(path))
        assert Path(path).read_bytes() == expected[voice]


def test_the_same_input_gives_the_same_bytes_whatever_was_said_before(
        engine: EspeakEngine, tmp_path: Path) -> None:
    # libespeak-ng's wave generator keeps state across utterances that no API resets.
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    timings = engine.synthesize([MEDIUM, SHORT], "vi", first)
    engine.synthesize([LONG], "vi-vn-x-south", tmp_path / "between.wav")
    assert engine.synthesize([MEDIUM, SHORT], "vi", second) == timings
    assert first.read_bytes() == second.read_bytes()


def test_without_memfd_a_temporary_copy_is_used_and_removed(
        engine: EspeakEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_memfd = tmp_path / "memfd.wav"
    engine.synthesize([MEDIUM], "vi-vn-x-central", with_memfd)
    copies = tmp_path / "tmp"
    copies.mkdir()
    monkeypatch.delattr(os, "memfd_create")
    monkeypatch.setattr(tempfile, "tempdir", str(copies))
    without = tmp_path / "copy.wav"
    engine.synthesize([MEDIUM], "vi-vn-x-central", without)
    assert without.read_bytes() == with_memfd.read_bytes()
    assert list(copies.iterdir()) == []


def test_threads_take_turns(engine: EspeakEngine, tmp_path: Path) -> None:
    # Voice and rate are global in the library: a thread changing them under another's feet
    # would give different bytes for the same job.
    errors: list[BaseException] = []
    outputs: dict[tuple[str, int], set[bytes]] = {}

    def speak(voice: str, rate: int, n: int) -> None:
        try:
            out = tmp_path / f"{voice}-{rate}-{n}.wav"
            timings = engine.synthesize([MEDIUM, SHORT], voice, out, rate=rate)
            assert timings[-1][1] == duration(out)
            outputs.setdefault((voice, rate), set()).add(out.read_bytes())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=speak, args=(voice, rate, n))
               for n in range(2) for voice in VIETNAMESE_VOICES for rate in (100, 400)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(outputs) == 6
    assert all(len(same_job) == 1 for same_job in outputs.values())


def test_version_is_stable_and_names_engine_and_data(engine: EspeakEngine) -> None:
    version = engine.version()
    assert re.fullmatch(r"espeak-ng \d+\.\d+\.\d+\S* / data [0-9a-f]{12}", version)
    assert EspeakEngine().version() == engine.version() == version
    assert EspeakEngine.name == "espeak"


def error_in_fresh_process(setup: str, call: str = "version()") -> str:
    """The EngineError message a fresh interpreter prints after `setup` breaks the wheel."""
    code = (
        "import sys\n"
        f"{setup}\n"
        "from generators.errors import EngineError\n"
        "from generators.speech.espeak import EspeakEngine\n"
        "try:\n"
        f"    EspeakEngine().{call}\n"
        "except EngineError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    return result.stdout.strip()


def test_missing_wheel_is_an_engine_error() -> None:
    message = error_in_fresh_process("sys.modules['espeakng_loader'] = None")
    assert message == (
        "Chưa cài gói espeakng-loader (thư viện eSpeak NG): chạy `pip install espeakng-loader`"
    )


def test_unloadable_library_is_an_engine_error() -> None:
    message = error_in_fresh_process(
        "import espeakng_loader\n"
        "espeakng_loader.get_library_path = lambda: '/nowhere/libespeak-ng.so'"
    )
    assert message.startswith("Không nạp được thư viện eSpeak NG (/nowhere/libespeak-ng.so): ")


def test_too_long_a_data_path_is_an_engine_error(tmp_path: Path) -> None:
    folder = tmp_path / ("d" * (200 - len(str(tmp_path))))
    folder.mkdir()
    (folder / "espeak-ng-data").symlink_to(espeakng_loader.get_data_path())
    data = folder / "espeak-ng-data"
    message = error_in_fresh_process(
        f"import espeakng_loader\nespeakng_loader.get_data_path = lambda: {str(data)!r}",
        call="sample_rate()",
    )
    assert message == (
        f"Đường dẫn dữ liệu eSpeak NG dài {len(str(data))} byte, quá giới hạn 159 byte của "
        f"thư viện: {data} — hãy đặt môi trường ảo (venv) ở thư mục có đường dẫn ngắn hơn"
    )
