"""ffmpeg and mutagen behind one small API: speech → a loudness-normalised, chaptered MP3.

Every MP3 made here is mono, CBR, 24 kHz, at −19 LUFS integrated with true peak ≤ −1 dBTP
(gain and a peak limiter set in two measuring passes, then encoded in a third that also
measures what it encodes), tagged ID3v2.4 with a CTOC and one CHAP per chapter, and
written atomically. Output is byte-identical for the same input, so it can be cached by
content.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from mutagen import MutagenError
from mutagen.id3 import (
    CHAP,
    CTOC,
    ID3,
    TALB,
    TIT2,
    TLAN,
    TPE1,
    TXXX,
    CTOCFlags,
    Frame,
    ID3NoHeaderError,
    ID3Tags,
)

if TYPE_CHECKING:
    from mutagen.mp3 import MPEGInfo

from generators.atomic import replacing
from generators.errors import EngineError
from generators.ffmpeg import ffmpeg_version, run_ffmpeg
from generators.media import ChapterMark, Cue
from generators.speech.model import ChapterAudio

# 24 kHz (MPEG-2 Layer III): espeak-ng speaks at 22.05 kHz, so nothing above ~11 kHz exists
# to keep; at 48–64 kbps mono the bits then go to the speech band instead of an empty top
# octave, and every MP3 decoder (browsers, phones) plays MPEG-2 Layer III.
SAMPLE_RATE = 24_000
BITRATES_KBPS = (32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
"""CBR bitrates MPEG-2 Layer III allows (below 32 kbps speech turns metallic)."""

TARGET_LUFS = -19.0
LUFS_TOLERANCE = 1.0
MAX_TRUE_PEAK = -1.0
DURATION_TOLERANCE = 0.1

_ISO639_2 = {
    "vi": "vie", "en": "eng", "fr": "fra", "zh": "zho", "km": "khm", "lo": "lao",
    "th": "tha", "ja": "jpn", "ko": "kor", "de": "deu", "es": "spa", "ru": "rus",
}
# Sample peaks at −3 dBFS leave room for inter-sample peaks and MP3 overshoot under −1 dBTP.
_LIMITER = "alimiter=limit=0.708:level=false:attack=1:release=40:asc=true"
_TO_MONO = f"aresample={SAMPLE_RATE},aformat=sample_fmts=dbl:channel_layouts=mono"
_COUNT_SAMPLES = "astats=measure_perchannel=none:measure_overall=Number_of_samples"
_BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact"]
LAME_QUALITY = 7
"""LAME's algorithm quality (`-q`, 0 slowest … 9 fastest; ffmpeg leaves LAME's 3). At 7 LAME
skips noise shaping and encodes ≈ 2.5× faster; encoding was most of the audio stage's time
(README, Benchmark). On espeak-ng speech at 48 kbps its plain SNR is higher than at 3
(23.8 vs 20.6 dB on 30 s of the starter library): what 3 buys is noise shaping for music."""


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's `ebur128=peak=true` reports for a file."""

    integrated_lufs: float
    true_peak_dbtp: float
    duration: float
    """Seconds, from the number of decoded samples."""


def encoding_settings() -> str:
    """Everything besides the input that decides an MP3's bytes (for cache keys)."""
    import mutagen

    return (f"{ffmpeg_version()} | mutagen {mutagen.version_string} | {SAMPLE_RATE} Hz | "
            f"{TARGET_LUFS} LUFS | {_LIMITER} | lame q{LAME_QUALITY}")


def encode_audiobook(
    chapters: Sequence[ChapterAudio],
    out_mp3: Path,
    *,
    title: str,
    album: str,
    artist: str,
    lang: str,
    bitrate_kbps: int = 64,
    gap: float = 0.8,
) -> list[ChapterMark]:
    """Join chapter WAVs with `gap` seconds of silence into one tagged MP3; return its chapters.

    The silence after a chapter belongs to that chapter, so jumping to a chapter lands
    on its first word.
    """
    _check_bitrate(bitrate_kbps)
    tlan = _iso639_2(lang)
    if not chapters:
        raise EngineError("sách nói không có chương nào")
    if not (gap >= 0 and math.isfinite(gap)):
        raise EngineError(f"khoảng lặng giữa các chương phải ≥ 0 giây (đang là {gap})")
    gap_samples = round(gap * SAMPLE_RATE)

    lengths = [_samples_at_output_rate(chapter) for chapter in chapters]
    inputs: list[str] = []
    parts: list[str] = []
    starts: list[int] = []
    total = 0
    for i, (chapter, length) in enumerate(zip(chapters, lengths, strict=True)):
        whole = length + (gap_samples if i < len(chapters) - 1 else 0)
        inputs += ["-i", str(chapter.wav)]
        # Trim then pad to exact sample counts, so the marks below are exact, not estimates.
        parts.append(
            f"[{i}:a]{_TO_MONO},atrim=end_sample={length},apad=whole_len={whole}[c{i}]"
        )
        starts.append(total)
        total += whole
    labels = "".join(f"[c{i}]" for i in range(len(chapters)))
    graph = ";".join([*parts, f"{labels}concat=n={len(chapters)}:v=0:a=1[pre]"])

    with replacing(out_mp3) as tmp:
        duration, _ = _normalise(inputs, graph, tmp, bitrate_kbps, out_mp3.name)
        _check_duration(duration, total / SAMPLE_RATE, out_mp3)
        bounds = [*(round(s * 1000 / SAMPLE_RATE) for s in starts), _ms(duration)]
        marks = [
            ChapterMark(c.title, c.anchor, bounds[i] / 1000, bounds[i + 1] / 1000)
            for i, c in enumerate(chapters)
        ]
        _write_tags(tmp, marks, title=title, album=album, artist=artist, tlan=tlan)
    return marks


def encode_recording(
    source: Path,
    out_mp3: Path,
    *,
    title: str,
    album: str,
    artist: str,
    lang: str,
    marks: Sequence[ChapterMark] = (),
    bitrate_kbps: int = 64,
) -> float:
    """Bring a human recording (MP3, WAV, Ogg…) to the audiobook format; return its seconds.

    `marks` must start at 0 and follow on without gaps; the last one is made to end where
    the recording ends.
    """
    _check_bitrate(bitrate_kbps)
    tlan = _iso639_2(lang)
    if not source.is_file():
        raise EngineError(f"không tìm thấy bản ghi âm: {source}")
    with replacing(out_mp3) as tmp:
        duration, source_seconds = _normalise(
            ["-i", str(source)], f"[0:a]{_TO_MONO}[pre]", tmp, bitrate_kbps, source.name
        )
        _check_duration(duration, source_seconds, out_mp3)
        chapters = _fit_marks(marks, duration, source)
        _write_tags(tmp, chapters, title=title, album=album, artist=artist, tlan=tlan)
    return duration


def mp3_seconds(data: bytes) -> float:
    """How long an MP3 (as a speech service sends it) lasts."""
    from io import BytesIO

    from mutagen.mp3 import MP3

    try:
        # mutagen declares FileType.info as None; an MP3 that opened has an MPEGInfo there
        info = cast("MPEGInfo", MP3(BytesIO(data)).info)
        return float(info.length)
    except MutagenError as exc:
        raise EngineError(f"không đọc được âm thanh MP3 nhận về: {exc}") from exc


def decode_mp3(data: bytes, out_wav: Path) -> None:
    """An MP3 (as a speech service sends it) → mono 16-bit WAV at `out_wav`."""
    with replacing(out_wav) as tmp:
        _run(["-v", "error", "-f", "mp3", "-i", "pipe:0", "-ac", "1", "-c:a", "pcm_s16le",
              "-f", "wav", "-y", str(tmp)], "giải mã âm thanh MP3 nhận về", stdin=data)


def measure(path: Path) -> Loudness:
    """Integrated loudness, true peak and duration of any audio file ffmpeg can decode."""
    if not path.is_file():
        raise EngineError(f"không tìm thấy tệp âm thanh: {path}")
    log = _run(
        [
            "-i", str(path), "-map", "0:a:0",
            "-af", f"ebur128=peak=true:framelog=quiet,{_COUNT_SAMPLES}",
            "-f", "null", "-",
        ],
        f"đo độ to {path.name}",
    )
    summary = log[log.rfind("Summary:") :]
    output = log[log.find("Output #0") :]
    try:
        lufs = float(_last(r"I:\s+(\S+) LUFS", summary))
        peak = float(_last(r"Peak:\s+(\S+) dBFS", summary))
        samples = int(_last(r"Number of samples: (\d+)", log))
        rate = int(_last(r"Audio: [^\n]*?, (\d+) Hz", output))
    except (IndexError, ValueError) as exc:
        raise EngineError(f"ffmpeg: không đọc được kết quả đo độ to của {path.name}") from exc
    return Loudness(lufs, peak, samples / rate)


def write_json_chapters(marks: Sequence[ChapterMark], path: Path, *, title: str) -> None:
    """Podcasting 2.0 JSON chapters (version 1.2.0), times in seconds to the millisecond."""
    document = {
        "version": "1.2.0",
        "title": title,
        "chapters": [
            {"startTime": round(m.start, 3), "endTime": round(m.end, 3), "title": m.title}
            for m in marks
        ],
    }
    _write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_webvtt(cues: Sequence[Cue], path: Path) -> None:
    """A WebVTT file of the cues, in time order; a cue that runs into the next is cut short.

    Raises ValueError for a cue that starts before 0 or has no time left to be shown.
    """
    ordered = sorted(cues, key=lambda c: c.start)
    times = [(_ms(c.start), _ms(c.end)) for c in ordered]
    blocks = ["WEBVTT\n"]
    for i, (cue, (start, end)) in enumerate(zip(ordered, times, strict=True)):
        if i + 1 < len(times):
            end = min(end, times[i + 1][0])
        if start < 0 or end <= start:
            raise ValueError(f"cue {cue.start}–{cue.end} ({cue.text!r}) has no time to show")
        blocks.append(f"{_vtt_time(start)} --> {_vtt_time(end)}\n{_vtt_text(cue.text)}\n")
    _write_text(path, "\n".join(blocks))


def read_id3_chapters(mp3: Path) -> list[ChapterMark]:
    """The chapters in an MP3's CHAP frames, in table-of-contents order (else by start)."""
    try:
        tags = ID3(mp3)
    except ID3NoHeaderError:
        return []
    except (MutagenError, OSError) as exc:
        raise EngineError(f"không đọc được thẻ ID3 của {mp3}: {exc}") from exc
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")}
    order = [
        child
        for toc in tags.getall("CTOC")
        if toc.flags & CTOCFlags.TOP_LEVEL
        for child in toc.child_element_ids
        if child in chaps
    ]
    if not order:
        order = sorted(chaps, key=lambda k: chaps[k].start_time)
    return [_mark_from_chap(chaps[element_id]) for element_id in order]


# --- internals -------------------------------------------------------------------------


def _run(args: list[str], what: str, stdin: bytes | None = None) -> str:
    return run_ffmpeg(args, what, stdin)


def _normalise(
    inputs: list[str], graph: str, out: Path, bitrate_kbps: int, name: str
) -> tuple[float, float]:
    """Bring `graph`'s `[pre]` to TARGET_LUFS with peaks limited, and encode it to `out`.

    A gain and a sample-peak limiter at 24 kHz, set in two measuring passes (the limiter
    takes some loudness from peaky speech such as espeak-ng's, so the second pass corrects
    for it), is ≈ 4× faster than ffmpeg's loudnorm, which resamples to 192 kHz. The third
    pass encodes and, in the same process, measures the samples it hands the encoder; the
    file is refused if they miss the target. (Decoding the MP3 to measure it again cost as
    much as encoding it; the limiter's 2 dB below the −1 dBTP ceiling is what keeps the
    MP3's inter-sample peaks under it, checked on MP3s in tests/speech/test_audio.py.)
    Returns the encoded samples' duration and the input's (both counted, in seconds).
    """
    source, samples = _integrated(inputs, f"{graph};[pre]{_COUNT_SAMPLES}", name)
    gain = TARGET_LUFS - source
    limited, _ = _integrated(inputs, f"{graph};[pre]volume={gain:.2f}dB,{_LIMITER}", name)
    gain += TARGET_LUFS - limited
    encode = (f"{graph};[pre]volume={gain:.2f}dB,{_LIMITER},aresample={SAMPLE_RATE},"
              f"asplit=2[out][check];[check]ebur128=framelog=quiet,{_COUNT_SAMPLES}[m]")
    log = _run(
        [
            *inputs, "-filter_complex", encode, "-map", "[out]",
            "-c:a", "libmp3lame", "-compression_level", str(LAME_QUALITY),
            "-b:a", f"{bitrate_kbps}k", "-ar", str(SAMPLE_RATE), "-ac", "1",
            *_BITEXACT, "-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", "-y", str(out),
            "-map", "[m]", "-f", "null", "-",
        ],
        f"mã hoá MP3 từ {name}",
    )
    encoded, count = _loudness_in(log, name)
    if abs(encoded - TARGET_LUFS) > LUFS_TOLERANCE:
        raise EngineError(
            f"độ to sau khi chuẩn hoá {name} ngoài mục tiêu: {encoded:.1f} LUFS"
            f" (cần {TARGET_LUFS:.0f} ± 1 LUFS)"
        )
    return count / SAMPLE_RATE, samples / SAMPLE_RATE


def _integrated(inputs: list[str], graph: str, name: str) -> tuple[float, int]:
    """Integrated loudness (LUFS) of `graph`'s last output, and samples counted (if asked)."""
    log = _run(
        [*inputs, "-filter_complex", f"{graph},ebur128=framelog=quiet[m]", "-map", "[m]",
         "-f", "null", "-"],
        f"đo độ to {name}",
    )
    lufs, samples = _loudness_in(log, name)
    # Near the −70 LUFS absolute gate there is nothing to measure: the input is silence.
    if not math.isfinite(lufs) or lufs < -69:
        raise EngineError(f"âm thanh của {name} chỉ có im lặng, không chuẩn hoá được độ to")
    return lufs, samples


def _loudness_in(log: str, name: str) -> tuple[float, int]:
    """The last ebur128 summary's integrated loudness in an ffmpeg log, and the samples
    astats counted (0 if it did not count)."""
    summary = log[log.rfind("Summary:") :]
    try:
        lufs = float(_last(r"I:\s+(\S+) LUFS", summary))
        found = re.findall(r"Number of samples: (\d+)", log)
        return lufs, int(found[-1]) if found else 0
    except (IndexError, ValueError) as exc:
        raise EngineError(f"ffmpeg: không đọc được kết quả đo độ to của {name}") from exc


def _samples_at_output_rate(chapter: ChapterAudio) -> int:
    """How many samples the chapter's WAV lasts at SAMPLE_RATE."""
    if not chapter.wav.is_file():
        raise EngineError(f"thiếu tệp âm thanh của chương “{chapter.title}”: {chapter.wav}")
    try:
        with wave.open(str(chapter.wav), "rb") as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
    except (wave.Error, EOFError, OSError) as exc:
        raise EngineError(
            f"tệp âm thanh của chương “{chapter.title}” không phải WAV PCM đọc được:"
            f" {chapter.wav} ({exc})"
        ) from exc
    if frames == 0:
        raise EngineError(f"tệp âm thanh của chương “{chapter.title}” rỗng: {chapter.wav}")
    return round(frames * SAMPLE_RATE / rate)


def _fit_marks(marks: Sequence[ChapterMark], duration: float, source: Path) -> list[ChapterMark]:
    """Check a recording's chapter marks and end the last one at the recording's end."""
    if not marks:
        return []
    problem = ""
    if _ms(marks[0].start) != 0:
        problem = f"chương đầu “{marks[0].title}” phải bắt đầu ở 0 giây"
    for before, after in itertools.pairwise(marks):
        if _ms(before.end) != _ms(after.start) or _ms(after.start) <= _ms(before.start):
            problem = problem or f"chương “{after.title}” phải bắt đầu khi chương trước kết thúc"
    if _ms(marks[-1].start) >= _ms(duration):
        problem = problem or (
            f"chương “{marks[-1].title}” bắt đầu sau khi bản ghi âm kết thúc ({duration:.3f} s)"
        )
    if problem:
        raise EngineError(f"mốc chương của {source} không hợp lệ: {problem}")
    end = round(duration * 1000) / 1000
    return [*marks[:-1], ChapterMark(marks[-1].title, marks[-1].anchor, marks[-1].start, end)]


def _write_tags(
    mp3: Path, marks: Sequence[ChapterMark], *, title: str, album: str, artist: str, tlan: str
) -> None:
    """ID3v2.4: title, album, artist, language, and a CTOC + CHAP per chapter."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=[title]))
    tags.add(TALB(encoding=3, text=[album]))
    tags.add(TPE1(encoding=3, text=[artist]))
    tags.add(TLAN(encoding=3, text=[tlan]))
    ids = [f"chp{i}" for i in range(len(marks))]
    if marks:
        tags.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=[title])],
            )
        )
    for element_id, mark in zip(ids, marks, strict=True):
        sub_frames: list[Frame] = [TIT2(encoding=3, text=[mark.title])]
        if mark.anchor:
            sub_frames.append(TXXX(encoding=3, desc="anchor", text=[mark.anchor]))
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=_ms(mark.start),
                end_time=_ms(mark.end),
                sub_frames=sub_frames,
            )
        )
    try:
        tags.save(mp3, v1=0, v2_version=4)
    except (MutagenError, OSError) as exc:
        raise EngineError(f"không ghi được thẻ ID3 vào {mp3}: {exc}") from exc


class _Chapter(Protocol):
    """A CHAP frame's fields: mutagen sets them from the frame's spec at run time, so its
    `CHAP` class declares none of them."""

    element_id: str
    start_time: int
    """Milliseconds."""
    end_time: int
    sub_frames: ID3Tags


def _mark_from_chap(chap: _Chapter) -> ChapterMark:
    titles = chap.sub_frames.getall("TIT2")
    anchors = [f for f in chap.sub_frames.getall("TXXX") if f.desc == "anchor"]
    return ChapterMark(
        title=str(titles[0].text[0]) if titles else chap.element_id,
        anchor=str(anchors[0].text[0]) if anchors else "",
        start=chap.start_time / 1000,
        end=chap.end_time / 1000,
    )


def _check_bitrate(bitrate_kbps: int) -> None:
    if bitrate_kbps not in BITRATES_KBPS:
        allowed = ", ".join(str(b) for b in BITRATES_KBPS)
        raise EngineError(
            f"bitrate {bitrate_kbps} kbps không dùng được cho MP3 24 kHz; chọn một trong: {allowed}"
        )


def _check_duration(measured: float, expected: float, path: Path) -> None:
    if abs(measured - expected) > DURATION_TOLERANCE:
        raise EngineError(
            f"độ dài tệp MP3 ({measured:.3f} s) lệch với độ dài âm thanh đầu vào"
            f" ({expected:.3f} s): {path}"
        )


def _iso639_2(lang: str) -> str:
    """`vi`, `vi-VN` → `vie`; three-letter codes (minority languages) are kept as they are."""
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    if len(primary) == 3 and primary.isalpha():
        return primary
    if primary in _ISO639_2:
        return _ISO639_2[primary]
    raise EngineError(f"chưa biết mã ISO 639-2 của ngôn ngữ “{lang}” (thẻ TLAN)")


def _last(pattern: str, text: str) -> str:
    """The last match of `pattern`'s group in ffmpeg's log; IndexError if none."""
    return re.findall(pattern, text)[-1]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _vtt_text(text: str) -> str:
    """Escape WebVTT's markup characters; drop blank lines, which would end the cue."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line.strip() for line in escaped.splitlines() if line.strip())


def _write_text(path: Path, text: str) -> None:
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
