"""The bulletins' audio: format per profile (ffprobe where it is installed, else `ffmpeg -i`:
the imageio-ffmpeg wheel ships no ffprobe), length within ±10 % of the target, measured
loudness within 1 LU and true peak at most the profile's limit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generators.ffmpeg import ffmpeg_binary
from generators.speech.audio import measure
from tests.bulletins.conftest import Built


def probe(path: Path) -> tuple[float, str]:
    """Duration and the audio stream as `ffmpeg -i` words it ("mp3, 44100 Hz, mono, …,
    128 kb/s"), from ffprobe's JSON when ffprobe is there."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe:
        data = json.loads(subprocess.run(
            [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
             str(path)], capture_output=True, text=True, check=True).stdout)
        (audio,) = [s for s in data["streams"] if s["codec_type"] == "audio"]
        layout = {1: "mono", 2: "stereo"}[audio["channels"]]
        return float(data["format"]["duration"]), (
            f"{audio['codec_name']}, {audio['sample_rate']} Hz, {layout}, "
            f"{round(int(audio['bit_rate']) / 1000)} kb/s")
    log = subprocess.run([ffmpeg_binary(), "-hide_banner", "-i", str(path)],
                         capture_output=True, text=True, check=False).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", log).groups()  # type: ignore[union-attr]
    stream = re.search(r"Stream #\S+: Audio: (.*)", log)
    assert stream, log
    return int(h) * 3600 + int(m) * 60 + float(s), stream.group(1)


@pytest.mark.parametrize(("key", "rate", "channels", "kbps", "lufs", "peak"), [
    ("lao-dong", 44100, "mono", 128, -16, -1.5),
    ("thu-viec-loa-nho", 22050, "stereo", 64, -20, -3),
])
def test_each_bulletin_has_its_profile_s_format_length_and_loudness(
        built: Built, key: str, rate: int, channels: str, kbps: int, lufs: float,
        peak: float) -> None:
    item = {b.key: b for b in built.outcome.bulletins}[key]
    duration, stream = probe(item.mp3)
    assert stream.startswith("mp3") and f"{rate} Hz" in stream and channels in stream
    assert f"{kbps} kb/s" in stream
    assert duration == pytest.approx(item.minutes * 60, rel=0.10)
    assert item.duration == pytest.approx(duration, abs=0.1)
    loudness = measure(item.mp3)
    assert loudness.integrated_lufs == pytest.approx(lufs, abs=1)
    assert loudness.true_peak_dbtp <= peak


def test_parts_follow_one_another_and_start_after_the_jingle(built: Built) -> None:
    items = {b.key: b for b in built.outcome.bulletins}
    plain, jingled = items["lao-dong"], items["thu-viec-loa-nho"]
    assert [p.explainer for p in plain.parts] == ["", "thu-viec", "nghi-viec", ""]
    assert plain.parts[0].start == 0
    for before, after in zip(plain.parts, plain.parts[1:], strict=False):
        assert after.start == pytest.approx(before.end + 0.7, abs=0.01)
    assert plain.parts[-1].end == pytest.approx(plain.duration, abs=0.1)
    assert jingled.parts[0].start == pytest.approx(1.5 + 0.7, abs=0.02)
