"""Reading MP4s in tests without ffprobe (the imageio-ffmpeg wheel ships only ffmpeg): the
streams and duration from `ffmpeg -i`, keyframe times, a frame's pixels, the top-level
atoms."""

from __future__ import annotations

import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generators.ffmpeg import ffmpeg_binary


@dataclass(frozen=True)
class Stream:
    kind: str
    """"Video" or "Audio"."""
    codec: str
    details: str


@dataclass(frozen=True)
class Probe:
    duration: float
    streams: tuple[Stream, ...]

    def stream(self, kind: str) -> Stream:
        (found,) = [s for s in self.streams if s.kind == kind]
        return found

    @property
    def size(self) -> tuple[int, int]:
        match = re.search(r", (\d+)x(\d+)", self.stream("Video").details)
        assert match, self.stream("Video").details
        return int(match.group(1)), int(match.group(2))


def probe(path: Path) -> Probe:
    """What `ffmpeg -i` says about a file."""
    log = subprocess.run([ffmpeg_binary(), "-hide_banner", "-i", str(path)],
                         capture_output=True, text=True, check=False).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", log).groups()  # type: ignore[union-attr]
    streams = tuple(Stream(kind, codec, rest) for kind, codec, rest in
                    re.findall(r"Stream #\S+: (Video|Audio): (\w+)(.*)", log))
    return Probe(int(h) * 3600 + int(m) * 60 + float(s), streams)


def keyframe_times(path: Path) -> list[float]:
    """The times of the video's keyframes."""
    log = subprocess.run([ffmpeg_binary(), "-hide_banner", "-nostdin", "-skip_frame", "nokey",
                          "-i", str(path), "-map", "0:v:0", "-vf", "showinfo", "-f", "null",
                          "-"], capture_output=True, text=True, check=True).stderr
    return [float(t) for t in re.findall(r"pts_time:([\d.]+)", log)]


def grey_pixels(path: Path, seconds: float, crop: tuple[int, int, int, int]) -> bytes:
    """The grey levels of the frame shown at `seconds`, inside `crop` = (w, h, x, y)."""
    w, h, x, y = crop
    return subprocess.run([ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error",
                           "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
                           "-vf", f"crop={w}:{h}:{x}:{y},format=gray", "-f", "rawvideo", "-"],
                          capture_output=True, check=True).stdout


def top_level_atoms(path: Path) -> list[str]:
    """The types of an MP4's top-level boxes, in file order."""
    data = path.read_bytes()
    types, offset = [], 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8:offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        types.append(kind.decode("latin-1"))
        offset += size
    return types


def read_vtt(path: Path) -> list[tuple[float, float, list[str]]]:
    """(start, end, lines) of each cue of a WebVTT file."""
    cues = []
    for block in path.read_text("utf-8").split("\n\n")[1:]:
        lines = block.strip().splitlines()
        if not lines:
            continue
        match = re.match(r"(\d+):(\d+):(\d+)\.(\d+) --> (\d+):(\d+):(\d+)\.(\d+)", lines[0])
        assert match, block
        p = [int(g) for g in match.groups()]
        start = p[0] * 3600 + p[1] * 60 + p[2] + p[3] / 1000
        end = p[4] * 3600 + p[5] * 60 + p[6] + p[7] / 1000
        cues.append((start, end, lines[1:]))
    return cues
