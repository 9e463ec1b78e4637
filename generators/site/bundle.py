"""The offline bundle: the whole built site in one ZIP, with launchers that make search work."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from generators.atomic import replacing
from generators.video.model import FILE_NAMES, VIDEO_URL

TOP = "tu-sach-phap-luat-so"
SITE_FOLDER = "trang"
DOWNLOADS = "tai-ve"
BUNDLE_NAME = f"{TOP}.zip"
BUNDLE_FILES = Path(__file__).parent / "bundle_files"
# An explicit list, so that nothing else in the folder (a __pycache__) ends up in the zip.
LAUNCHERS = ("HUONG-DAN.txt", "Mo-tu-sach-Windows.bat", "Mo-tu-sach-macOS.command",
             "mo-tu-sach.ps1", "mo-tu-sach.sh", "mo_tu_sach.py")
EXECUTABLE = frozenset({"Mo-tu-sach-macOS.command", "mo-tu-sach.sh", "mo_tu_sach.py"})
# The sources are kept as plain LF UTF-8 in git; Windows needs CRLF for cmd.exe, and a BOM
# so that PowerShell 5.1 and old Notepad read them as UTF-8 rather than the ANSI code page.
CRLF = frozenset({".bat", ".ps1", ".txt"})
BOM = frozenset({".ps1", ".txt"})
# Already compressed: deflating them again costs build time and saves nothing.
STORED = frozenset({".avif", ".epub", ".gif", ".gz", ".jpeg", ".jpg", ".m4a", ".mp3", ".mp4",
                    ".ogg", ".opus", ".pagefind", ".pf_filter", ".pf_fragment", ".pf_index",
                    ".pf_meta", ".png", ".webm", ".webp", ".woff", ".woff2", ".zip"})
_DIR_MODE = 0o40755
_FILE_MODE = 0o100644
_EXEC_MODE = 0o100755
_MSDOS_DIRECTORY = 0x10
_UNIX = 3
_ZIP_EPOCH = date(1980, 1, 1)


@dataclass(frozen=True)
class Bundle:
    path: Path
    size: int  # bytes
    files: int  # files in the archive, folders not counted

    @property
    def size_text(self) -> str:
        """The size for people, Vietnamese style: '4,6 MB'."""
        return format_size(self.size)


def format_size(size: int) -> str:
    """`4_600_000` → '4,6 MB' (decimal units, decimal comma)."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".", ",")
    return f"{size} B"


def write_bundle(site_dir: Path, target: Path, build_date: date) -> Bundle:
    """Zip the built `site_dir` and the launchers into `target`, atomically and reproducibly.

    `target` may lie inside `site_dir` (usually `tai-ve/`): it is never zipped into itself,
    nor is any other `*.zip` under `tai-ve/`.
    """
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"không thấy trang đã dựng trong {site_dir}")
    site_dir, target = site_dir.resolve(), target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    target = target.parent.resolve() / target.name
    discard_stale(target)
    entries = sorted(_entries(site_dir, target))
    stamp = max(build_date, _ZIP_EPOCH)
    with replacing(target) as temp, zipfile.ZipFile(temp, "w") as archive:
        for name, source in entries:
            _add(archive, name, source, stamp)
    files = sum(1 for name, _ in entries if not name.endswith("/"))
    return Bundle(target, target.stat().st_size, files)


def discard_stale(target: Path) -> None:
    """Remove temp files left by a killed build; their names never end in `.zip`."""
    for stale in target.parent.glob(f"{_temp_prefix(target)}*.tmp"):
        stale.unlink(missing_ok=True)


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def _entries(site_dir: Path, target: Path) -> Iterator[tuple[str, Path | None]]:
    """(name in the zip, source file or None for a folder), in no particular order."""
    yield f"{TOP}/", None
    for name in LAUNCHERS:
        yield f"{TOP}/{name}", BUNDLE_FILES / name
    skip = _relative(target, site_dir)
    # Folders come from the files kept, so none is left empty (tai-ve/ with only the bundle).
    folders = {PurePosixPath(SITE_FOLDER)}
    for folder, _, files in os.walk(site_dir):
        for name in files:
            rel = _relative(Path(folder) / name, site_dir)
            if rel is not None and not _excluded(rel, skip):
                yield f"{TOP}/{SITE_FOLDER}/{rel}", Path(folder) / name
                folders.update(PurePosixPath(SITE_FOLDER, *rel.parts[:i])
                               for i in range(1, len(rel.parts)))
    for rel in folders:
        yield f"{TOP}/{rel}/", None


def _relative(path: Path, root: Path) -> PurePosixPath | None:
    try:
        return PurePosixPath(path.relative_to(root).as_posix())
    except ValueError:
        return None


def _excluded(rel: PurePosixPath, target: PurePosixPath | None) -> bool:
    """The bundle itself, its temp files, the other archives offered for download, and the
    vertical videos (made for posting on social media, not for reading offline)."""
    if rel.parts[0] == DOWNLOADS and rel.suffix.lower() == ".zip":
        return True
    if rel.parts[0] == VIDEO_URL.strip("/") and rel.name == FILE_NAMES["vertical"]:
        return True
    if target is None:
        return False
    return rel == target or (rel.parent == target.parent and rel.suffix == ".tmp"
                             and rel.name.startswith(f".{target.name}."))


def _add(archive: zipfile.ZipFile, name: str, source: Path | None, stamp: date) -> None:
    info = zipfile.ZipInfo(name, (stamp.year, stamp.month, stamp.day, 0, 0, 0))
    info.create_system = _UNIX
    if source is None:
        info.external_attr = (_DIR_MODE << 16) | _MSDOS_DIRECTORY
        archive.writestr(info, b"")
        return
    launcher = source.parent == BUNDLE_FILES
    mode = _EXEC_MODE if launcher and source.name in EXECUTABLE else _FILE_MODE
    info.external_attr = mode << 16
    suffix = source.suffix.lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED else zipfile.ZIP_DEFLATED
    if launcher:
        archive.writestr(info, _launcher_bytes(source))
        return
    info.file_size = source.stat().st_size
    # Streamed, so that a large video never has to fit in memory.
    with source.open("rb") as data, archive.open(info, "w") as out:
        shutil.copyfileobj(data, out, 1 << 20)


def _launcher_bytes(source: Path) -> bytes:
    data = source.read_bytes()
    suffix = source.suffix.lower()
    if suffix in CRLF:
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if suffix in BOM and not data.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return data
