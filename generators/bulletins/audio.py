"""A bulletin's MP3 for a loudspeaker profile: the parts' speech through a speech band-pass
and light compression, the jingles around it, then ffmpeg's loudnorm in two passes to the
profile's loudness and true peak, encoded at its sample rate, bitrate and channels. The MP3
is measured afterwards and refused if it misses the profile."""

from __future__ import annotations

import json
import re
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generators.atomic import replacing
from generators.errors import EngineError
from generators.ffmpeg import ffmpeg_version, run_ffmpeg
from generators.library.model import BulletinProfile
from generators.speech.audio import Loudness, measure

WORK_RATE = 48_000
"""Samples per second inside the graph: a multiple of nothing in particular, but exact for
the part boundaries, and what loudnorm's true-peak meter works from."""
LUFS_TOLERANCE = 1.0
PEAK_MARGIN = 1.0
"""dB below the profile's true peak that loudnorm aims at: MP3 encoding overshoots a little."""
LIMIT_MARGIN = 1.5
"""dB between the limiter's sample-peak ceiling and the profile's true peak: inter-sample
peaks and the MP3 encoder add up to about that."""
FINISHING_STEPS = 3
_COMPRESSOR = "acompressor=threshold=0.125:ratio=3:attack=5:release=150:makeup=1.5"
"""Light: 3:1 above −18 dBFS, so quiet syllables carry outdoors without pumping."""
_MONO = f"aresample={WORK_RATE},aformat=sample_fmts=dbl:channel_layouts=mono"
# loudnorm works at 192 kHz; left to format negotiation after `concat`, ffmpeg 9 relabels
# the samples instead of resampling them, and the bulletin comes out a quarter as long.
_TO_LOUDNORM = "aresample=192000"
_BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]


@dataclass(frozen=True)
class Segment:
    """A piece of the bulletin's timeline: a part's speech, or a jingle."""

    path: Path
    speech: bool
    samples: int
    """Length at WORK_RATE."""


def settings(profile: BulletinProfile) -> str:
    """Everything besides the input that decides the MP3's bytes (for cache keys)."""
    return (f"{ffmpeg_version()} | {WORK_RATE} | {_COMPRESSOR} | margins {PEAK_MARGIN} "
            f"{LIMIT_MARGIN} {FINISHING_STEPS} | "
            f"{profile.sample_rate} {profile.bitrate} {profile.channels} {profile.loudness} "
            f"{profile.true_peak} {profile.band} {profile.compression}")


def segment(path: Path, speech: bool) -> Segment:
    """A WAV part (its exact length from its header) or a jingle (measured by decoding)."""
    if speech:
        try:
            with wave.open(str(path), "rb") as reader:
                frames, rate = reader.getnframes(), reader.getframerate()
        except (wave.Error, EOFError, OSError) as exc:
            raise EngineError(f"không đọc được âm thanh phần bản tin {path}: {exc}") from exc
        return Segment(path, True, round(frames * WORK_RATE / rate))
    return Segment(path, False, round(measure(path).duration * WORK_RATE))


def encode_bulletin(segments: Sequence[Segment], gap: float, profile: BulletinProfile,
                    out_mp3: Path, *, title: str, artist: str) -> tuple[list[float], Loudness]:
    """Join the segments with `gap` seconds between them into `out_mp3`; return where each
    segment starts (seconds) and the MP3's measurement."""
    if not segments:
        raise EngineError("bản tin không có phần nào")
    graph, starts = _graph(segments, gap, profile)
    inputs = [arg for s in segments for arg in ("-i", str(s.path))]
    target, peak = profile.loudness, profile.true_peak - PEAK_MARGIN
    measured = _first_pass(inputs, graph, target, peak, out_mp3.name)
    norm = (f"{_TO_LOUDNORM},loudnorm=I={target}:TP={peak}:LRA=11:"
            f"measured_I={measured['input_i']}:measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}:"
            f"measured_thresh={measured['input_thresh']}:offset={measured['target_offset']}:"
            "linear=true")
    # The normalised speech goes to a WAV first: finishing from there is cheaper than
    # another pass of loudnorm at 192 kHz.
    wav = out_mp3.parent / f".{out_mp3.name}.norm.tmp"
    try:
        run_ffmpeg([*inputs, "-filter_complex", f"{graph};[pre]{norm},aresample={WORK_RATE}[n]",
                    "-map", "[n]", "-c:a", "pcm_f32le", "-f", "wav", "-y", str(wav)],
                   f"chuẩn hoá độ to bản tin {out_mp3.name}")
        # loudnorm falls back to its dynamic mode on peaky speech and may land short of the
        # target, its peaks already at the limit: gain steps, each under a peak limiter,
        # finish the job (measured on the MP3 each time, as a station would). The first
        # step starts from what the first pass expected loudnorm to output.
        gain = target - float(measured["output_i"])
        ceiling = profile.true_peak - LIMIT_MARGIN
        with replacing(out_mp3) as tmp:
            for _ in range(FINISHING_STEPS):
                _encode(wav, gain, ceiling, profile, tmp, title, artist)
                loudness = measure(tmp)
                miss = target - loudness.integrated_lufs
                over = loudness.true_peak_dbtp - profile.true_peak
                if abs(miss) <= 0.5 and over <= 0:
                    break
                gain += miss
                ceiling -= max(0.0, over + 0.2)
            _check(loudness, profile, out_mp3.name)
    finally:
        wav.unlink(missing_ok=True)
    return [s / WORK_RATE for s in starts], loudness


def _graph(segments: Sequence[Segment], gap: float, profile: BulletinProfile,
           ) -> tuple[str, list[int]]:
    """The filter graph up to `[pre]`, and each segment's start in samples."""
    gap_samples = round(gap * WORK_RATE)
    low, high = profile.band
    speech_chain = f"highpass=f={low}:poles=2,lowpass=f={high}:poles=2"
    if profile.compression:
        speech_chain += f",{_COMPRESSOR}"
    chains, starts, total = [], [], 0
    for i, seg in enumerate(segments):
        whole = seg.samples + (gap_samples if i < len(segments) - 1 else 0)
        shaped = f",{speech_chain}" if seg.speech else ""
        chains.append(f"[{i}:a]{_MONO}{shaped},atrim=end_sample={seg.samples},"
                      f"apad=whole_len={whole}[s{i}]")
        starts.append(total)
        total += whole
    labels = "".join(f"[s{i}]" for i in range(len(segments)))
    return ";".join([*chains, f"{labels}concat=n={len(segments)}:v=0:a=1[pre]"]), starts


def _first_pass(inputs: list[str], graph: str, target: float, peak: float,
                name: str) -> dict[str, str]:
    log = run_ffmpeg([*inputs, "-filter_complex",
                      f"{graph};[pre]{_TO_LOUDNORM},loudnorm=I={target}:TP={peak}:LRA=11:print_format=json[m]",
                      "-map", "[m]", "-f", "null", "-"], f"đo độ to bản tin {name}")
    found = re.findall(r"\{[^{}]*\"input_i\"[^{}]*\}", log)
    try:
        measured: dict[str, str] = json.loads(found[-1])
        if float(measured["input_i"]) < -69:
            raise EngineError(f"bản tin {name} chỉ có im lặng, không chuẩn hoá được độ to")
    except (IndexError, KeyError, ValueError) as exc:
        raise EngineError(f"ffmpeg: không đọc được kết quả đo loudnorm của {name}") from exc
    return measured


def _encode(wav: Path, gain: float, ceiling: float, profile: BulletinProfile, out: Path,
            title: str, artist: str) -> None:
    limit = max(0.0625, 10 ** (ceiling / 20))
    chain = (f"volume={gain:.2f}dB,alimiter=limit={limit:.4f}:level=false:attack=1:"
             f"release=50:asc=true,aresample={profile.sample_rate}")
    run_ffmpeg(["-i", str(wav), "-af", chain,
                "-c:a", "libmp3lame", "-b:a", f"{profile.bitrate}k",
                "-ar", str(profile.sample_rate), "-ac", str(profile.channels), *_BITEXACT,
                "-metadata", f"title={title}", "-metadata", f"artist={artist}",
                "-id3v2_version", "3", "-write_xing", "1", "-f", "mp3", "-y", str(out)],
               f"mã hoá MP3 bản tin {out.name}")


def _check(loudness: Loudness, profile: BulletinProfile, name: str) -> None:
    if abs(loudness.integrated_lufs - profile.loudness) > LUFS_TOLERANCE \
            or loudness.true_peak_dbtp > profile.true_peak:
        raise EngineError(
            f"độ to của bản tin {name} ngoài cấu hình loa '{profile.key}': "
            f"{loudness.integrated_lufs:.1f} LUFS, đỉnh {loudness.true_peak_dbtp:.1f} dBTP (cần "
            f"{profile.loudness:g} ± 1 LUFS, đỉnh ≤ {profile.true_peak:g} dBTP)")
