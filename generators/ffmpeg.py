"""The one wrapper around ffmpeg (the static binary in the imageio-ffmpeg wheel), used by
the audiobook and video stages: finding it, its version, and running it."""

from __future__ import annotations

import subprocess
from functools import cache

from generators.errors import EngineError


def ffmpeg_binary() -> str:
    """The ffmpeg executable shipped in the imageio-ffmpeg wheel."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        raise EngineError(
            "không tìm thấy ffmpeg: cài gói imageio-ffmpeg (pip install imageio-ffmpeg)"
        ) from exc


@cache
def ffmpeg_version() -> str:
    """ffmpeg's first `-version` line, e.g. `ffmpeg version n9.0.2-…` (for cache keys)."""
    for line in run_ffmpeg(["-version"], "đọc phiên bản").splitlines():
        if line.startswith("ffmpeg version"):
            return line.strip()
    raise EngineError("ffmpeg: không đọc được phiên bản")


def run_ffmpeg(args: list[str], what: str, stdin: bytes | None = None,
               error: type[EngineError] = EngineError) -> str:
    """Run ffmpeg with `args`; return what it printed (stdout, then its log). A failure
    raises `error` saying `what` was being done and the last lines of ffmpeg's log."""
    command = [ffmpeg_binary(), "-hide_banner", "-nostats", *args]
    if stdin is None:
        command.insert(2, "-nostdin")
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise error(f"{what}: không chạy được ffmpeg ({command[0]}): {exc}") from exc
    log = done.stderr.decode("utf-8", errors="replace")
    if done.returncode != 0:
        tail = "\n".join(log.strip().splitlines()[-5:])
        raise error(f"{what}: ffmpeg lỗi (mã {done.returncode}): {tail}")
    return done.stdout.decode("utf-8", errors="replace") + log
