"""ffmpeg behind one small API for the video stage: a still slide → an H.264 segment (with
captions burned in by libass, if asked), the narration → AAC, segments + AAC → MP4.

Every segment is encoded with the same settings (libx264, yuv420p BT.709, FPS frames a
second, a keyframe at its start and every GOP_SECONDS), so segments join with the concat
demuxer without re-encoding. A slide is decoded and converted to YUV once and its frame
repeated (`tpad`), which is ≈ 2.5× faster than looping the image input. Output is the
same for the same input, so everything can be cached by content.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generators.atomic import replacing
from generators.errors import EngineError
from generators.ffmpeg import ffmpeg_version, run_ffmpeg
from generators.graphics.fonts import FONTS_DIR, fonts_version
from generators.graphics.raster import renderer_version, svg_to_png

FPS = 5
"""Frames a second: slides are still, so few frames; 5 keeps every slide change and
caption within 0.1 s of its time (encoding cost is set by the number of frames)."""
GOP_SECONDS = 10
"""A keyframe at least this often, so a player can seek (still frames cost little)."""
CRF = 22
PRESET = "veryfast"
"""Against `medium`: half the CPU time, a smaller file; both ≥ 50 dB PSNR on text slides."""
X264_THREADS = 2
"""Fixed, so the bytes do not depend on the machine's cores."""
AUDIO_RATE = 48_000
AUDIO_KBPS = 64
"""Mono AAC-LC; ffmpeg's `fast` coder: ≈ 3× quicker than `twoloop`, no audible loss on
speech at this rate."""

_BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact"]
_COLOUR = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
           "-color_range", "tv"]


class VideoError(EngineError):
    """ffmpeg could not make a part of a video."""


def encoder_settings() -> str:
    """Everything besides the input that decides a segment's bytes (for cache keys)."""
    return (f"{ffmpeg_version()} | libx264 {PRESET} stillimage crf {CRF} bf 0 "
            f"g {FPS * GOP_SECONDS} threads {X264_THREADS} | {FPS} fps | yuv420p bt709")


def audio_settings() -> str:
    """Everything besides the input that decides the AAC track's bytes (for cache keys)."""
    return f"{ffmpeg_version()} | aac fast {AUDIO_KBPS}k mono {AUDIO_RATE} Hz"


def encode_segment(png: bytes, frames: int, out: Path, what: str, ass: str = "") -> None:
    """A PNG image (its bytes) shown for `frames` frames, as an MP4 with one H.264 stream;
    `ass` (an ASS script timed from the segment's start) is burned in with libass."""
    if frames < 1:
        raise VideoError(f"{what}: đoạn video phải dài ít nhất một khung hình")
    graph = (f"scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,"
             f"tpad=stop={frames - 1}:stop_mode=clone")
    with _temporary(out.parent, ".ass", ass) as subtitles:
        if subtitles is not None:
            graph += (f",ass=filename={filter_escape(str(subtitles))}"
                      f":fontsdir={filter_escape(str(FONTS_DIR))}")
        with replacing(out) as tmp:
            _run(["-f", "png_pipe", "-framerate", str(FPS), "-i", "pipe:0", "-vf", graph,
                  "-frames:v", str(frames), "-an", "-c:v", "libx264", "-preset", PRESET,
                  "-tune", "stillimage", "-crf", str(CRF), "-bf", "0", "-g", str(FPS * GOP_SECONDS),
                  "-threads", str(X264_THREADS), "-pix_fmt", "yuv420p", *_COLOUR,
                  *_BITEXACT, "-flags:v", "+bitexact", "-f", "mp4", "-y", str(tmp)],
                 what, stdin=png)


def encode_audio(mp3: Path, seconds: float, out: Path, what: str) -> None:
    """The narration as mono AAC in an M4A, padded with silence to exactly `seconds`."""
    length = f"{seconds:.6f}"
    with replacing(out) as tmp:
        _run(["-i", str(mp3), "-map", "0:a:0", "-vn",
              "-af", f"aresample={AUDIO_RATE},apad=whole_dur={length}", "-t", length,
              "-ac", "1", "-c:a", "aac", "-aac_coder", "fast", "-b:a", f"{AUDIO_KBPS}k",
              "-ar", str(AUDIO_RATE),
              *_BITEXACT, "-flags:a", "+bitexact", "-f", "mp4", "-y", str(tmp)], what)


def mux(segments: Sequence[Path], audio: Path, out: Path, what: str, *, title: str,
        lang: str = "vie") -> None:
    """Join `segments` (same encoding) without re-encoding and add `audio`: an MP4 with its
    index (moov) before the media, so a browser starts playing before it has it all."""
    listing = "ffconcat version 1.0\n" + "".join(f"file {_concat_quote(str(s))}\n"
                                                   for s in segments)
    with _temporary(out.parent, ".ffconcat", listing) as playlist, replacing(out) as tmp:
        assert playlist is not None
        _run(["-f", "concat", "-safe", "0", "-i", str(playlist), "-i", str(audio),
              "-map", "0:v:0", "-map", "1:a:0", "-map_chapters", "-1", "-c", "copy", *_BITEXACT,
              "-metadata", f"title={title}", "-metadata:s:a:0", f"language={lang}",
              "-metadata:s:v:0", f"language={lang}",
              "-movflags", "+faststart", "-f", "mp4", "-y", str(tmp)], what)


def png_to_jpeg(png: bytes, out: Path, what: str, quality: int = 4) -> None:
    """A JPEG of a PNG image (the poster): `quality` is mjpeg's qscale, 2 (best) … 31."""
    with replacing(out) as tmp:
        _run(["-f", "png_pipe", "-i", "pipe:0", "-frames:v", "1", "-c:v", "mjpeg",
              "-q:v", str(quality), "-pix_fmt", "yuvj420p", *_BITEXACT, "-flags:v", "+bitexact",
              "-f", "image2", "-update", "1", "-y", str(tmp)], what, stdin=png)


def filter_escape(value: str) -> str:
    """`value` as an option value inside an ffmpeg filtergraph (`-vf`): escaped once for
    the filter's option parser (`\\ ' :`) and once for the graph parser (`\\ ' [ ] , ;`)."""
    option = re.sub(r"([\\':])", r"\\\1", value)
    return re.sub(r"([\\'\[\],;])", r"\\\1", option)


def _concat_quote(path: str) -> str:
    """A path for an ffconcat `file` line: single-quoted, with `'` written `'\\''`."""
    return "'" + path.replace("'", "'\\''") + "'"


@contextmanager
def _temporary(folder: Path, suffix: str, text: str) -> Iterator[Path | None]:
    """A temporary file holding `text` (None when `text` is empty), named like the cache's
    leftovers (`.….tmp`), so one left by a killed build is cleared by the next."""
    if not text:
        yield None
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=f"{suffix}.tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _run(args: list[str], what: str, stdin: bytes | None = None) -> str:
    """Run ffmpeg (errors only in its log); failures become VideoError naming `what`."""
    return run_ffmpeg(["-v", "error", *args], what, stdin, VideoError)


@dataclass(frozen=True)
class SegmentJob:
    """One slide segment to encode, as a pure task (generators/tasks.py): the slide's SVG
    (pictures inlined), its frame count and captions in, the MP4's bytes out. `versions` are
    the encoder, fonts and renderer the build keyed the segment by."""

    name: str
    svg: str
    width: int
    height: int
    frames: int
    ass: str
    what: str
    versions: tuple[str, str, str]


def segment_versions() -> tuple[str, str, str]:
    """What decides a segment's bytes besides its input (checked on the worker)."""
    return (encoder_settings(), fonts_version(), renderer_version())


def encode_segment_task(job: SegmentJob) -> bytes:
    """Draw a slide and encode its segment (a task), in a scratch folder of its own."""
    here = segment_versions()
    if here != job.versions:
        raise VideoError(f"{job.what}: máy chạy việc có {' / '.join(here)}, bản dựng cần "
                         f"{' / '.join(job.versions)} — cài cùng phiên bản ở mọi máy")
    png = svg_to_png(job.svg, job.width, job.height, job.what)
    with tempfile.TemporaryDirectory(prefix="tusach-segment-") as scratch:
        out = Path(scratch) / f"{job.name}.mp4"
        encode_segment(png, job.frames, out, job.what, job.ass)
        return out.read_bytes()
