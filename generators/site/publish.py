"""Publishing a finished build: `site/` is replaced whole, in one step, and only if it is ours.

Every build leaves MARKER at its root. `--site-dir` may name a folder that does not exist, an
empty one, or a previous build (it has the marker); anything else (the library, `content/`,
an editor's folder, any folder with files of its own) is refused before any work starts.
On Linux the new site and the old one trade places with renameat2(RENAME_EXCHANGE); elsewhere
two renames are used, and a build killed between them is repaired by the next one (`recover`).
"""

from __future__ import annotations

import ctypes
import errno
import glob
import json
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from generators.atomic import sync_dir
from generators.errors import ConfigError, TuSachError

STAGING_PREFIX = ".site-"
STAGING_MARKER = ".tu-sach-staging"
MARKER = ".tu-sach-site"
MARKER_TEXT = ("tu-sach-phap-luat-so/1\nThư mục này do build.py dựng; mỗi lần dựng thay trọn "
               "thư mục. Đừng để tệp của mình ở đây.\n")
SOURCE_DIRS = ("content", "infographics", "audiobooks", "translations", "quizzes", "qa",
               "situations", "surveys", ".git")
"""Folders of the library that editors write: a site never goes in or over one."""
AT_FDCWD = -100
RENAME_EXCHANGE = 2
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
"""renameat2 errors meaning "not here" (old kernel, FUSE, NFS…): fall back to two renames."""

_Renameat2 = Callable[[int, bytes, int, bytes, int], int]


class UnsafeSiteDir(ConfigError):
    """`--site-dir` names a folder the build must not replace (exit 2, nothing written)."""


class SiteBusy(TuSachError):
    """Another build is writing into the same site folder."""


# --- which folder may be replaced -------------------------------------------------------


def write_marker(site: Path) -> None:
    """Mark `site` as a build of ours (last, after everything that lists the site's files)."""
    (site / MARKER).write_text(MARKER_TEXT, "utf-8")


def is_ours(folder: Path) -> bool:
    """Whether `folder` is a build of this tool: the marker, or a build made before it."""
    try:
        if (folder / MARKER).read_text("utf-8") == MARKER_TEXT:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    return _legacy_build(folder)


def _legacy_build(folder: Path) -> bool:
    """A site built before the marker existed: its build-info.json, and none of a library's
    own files (so a library that happens to hold a build-info.json is never taken for one)."""
    if any((folder / name).exists() for name in ("mkdocs.yml", *SOURCE_DIRS)):
        return False
    try:
        info = json.loads((folder / "build-info.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(info, dict) and {"built_at", "tools"} <= set(info)
            and (folder / "index.html").is_file())


def check_target(target: Path, root: Path) -> None:
    """Refuse a site folder whose replacement would lose files; call before any work."""
    site, library = target.resolve(), root.resolve()
    content = (root / "content").resolve()
    hint = f"chọn một thư mục riêng cho bản dựng, ví dụ {root / 'site'}"
    if library.is_relative_to(site):
        what = "là thư mục thư viện" if site == library else "chứa thư mục thư viện"
        raise UnsafeSiteDir(f"--site-dir {target}: {what} ({library}); bản dựng sẽ thay trọn "
                            f"thư mục này và xóa cả thư viện — {hint}")
    if content.is_relative_to(site) or site.is_relative_to(content):
        raise UnsafeSiteDir(f"--site-dir {target}: trùng, chứa hoặc nằm trong content/ "
                            f"({content}) — {hint}")
    if site.is_relative_to(library):
        first = site.relative_to(library).parts[0]
        if first in SOURCE_DIRS:
            raise UnsafeSiteDir(f"--site-dir {target}: nằm trong {first}/ của thư viện, nơi "
                                f"biên tập viên làm việc — {hint}")
    if site.exists() and not site.is_dir():
        raise UnsafeSiteDir(f"--site-dir {target}: là một tệp, không phải thư mục — {hint}")
    if site.is_dir() and not is_ours(site) and any(site.iterdir()):
        raise UnsafeSiteDir(f"--site-dir {target}: thư mục đã có tệp nhưng không phải bản dựng "
                            f"của tủ sách (không có tệp {MARKER}); bản dựng sẽ xóa mọi thứ trong "
                            f"đó — dùng thư mục trống hoặc chưa có, hoặc {hint}")


# --- one build at a time -----------------------------------------------------------------


def lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def site_lock(target: Path) -> Iterator[None]:
    """Hold `.<name>.lock` beside `target` for the whole build; a second build stops at once
    with SiteBusy (waiting could outlast a CI job's timeout without saying why)."""
    import fcntl

    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise SiteBusy(f"một bản dựng khác đang ghi vào {target} (khóa {path}) — chờ bản "
                           "đó xong rồi chạy lại") from None
        # The build before us removes the file as it ends: lock the file that is on disk.
        try:
            if os.stat(path).st_ino == os.fstat(handle).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(handle)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # while still locked: see the inode check above
        os.close(handle)


# --- staging and the swap ---------------------------------------------------------------


def staging_dir(target: Path, kind: str = "") -> Path:
    """A fresh folder beside `target` (same filesystem, so the swap is a rename), marked as
    ours so that only such folders are ever discarded."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-{kind}",
                                   dir=target.parent))
    (folder / STAGING_MARKER).write_text("Thư mục tạm của một bản dựng Tủ sách pháp luật số\n",
                                         encoding="utf-8")
    return folder


@contextmanager
def staging_area(target: Path) -> Iterator[Path]:
    """`staging_dir(target)` for the block, removed however the block ends. Ctrl+C and
    SIGTERM wait while it is made: a stop then comes once its cleanup is in place, never
    between the folder's creation and that."""
    folder: Path | None = None
    try:
        with _stops_held():
            folder = staging_dir(target)
        yield folder
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _stops_held() -> Iterator[None]:
    """SIGINT and SIGTERM noted during the block and delivered after it (in the main thread;
    elsewhere Python cannot set handlers, and they are delivered as usual)."""
    pending: list[int] = []
    try:
        previous = {stop: signal.signal(stop, lambda number, _: pending.append(number))
                    for stop in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for stop, handler in previous.items():
            # None: a handler not set from Python, which cannot be put back; the default is.
            signal.signal(stop, signal.SIG_DFL if handler is None else handler)
        for number in dict.fromkeys(pending):
            signal.raise_signal(number)


def _staging_folders(target: Path, kind: str = "") -> list[Path]:
    """Our staging folders beside `target` (a folder of the same shape without our marker
    is someone else's, and the target's name is text, not a glob pattern)."""
    pattern = f"{glob.escape(f'{STAGING_PREFIX}{target.name}-{kind}')}*"
    return sorted(p for p in target.parent.glob(pattern)
                  if not p.is_symlink() and (p / STAGING_MARKER).is_file())


def _old_copies(target: Path) -> list[Path]:
    return _staging_folders(target, "old-")


def recover(target: Path) -> bool:
    """Put the previous site back if a build was killed between the fallback's two renames
    (then `target` is missing and the whole old site waits in `.site-<name>-old-*/site`)."""
    if target.exists() or target.is_symlink():
        return False
    kept = [old / "site" for old in _old_copies(target) if is_ours(old / "site")]
    if not kept:
        return False
    newest = max(kept, key=lambda site: site.stat().st_mtime)
    os.rename(newest, target)
    sync_dir(target.parent)
    shutil.rmtree(newest.parent, ignore_errors=True)  # empty now; other leftovers: discard_stale
    return True


def discard_stale(target: Path) -> None:
    """Remove staging folders left by builds that were killed; they are never trusted,
    except a previous site moved aside, which is put back first if `target` is missing."""
    recover(target)
    for stale in _staging_folders(target):
        shutil.rmtree(stale, ignore_errors=True)


def swap_into_place(built: Path, target: Path) -> None:
    """Replace `target` by `built`; on failure the previous `target` is left as it was, and a
    kill at any point leaves one whole site (the old or the new)."""
    if not target.exists() and not target.is_symlink():
        os.rename(built, target)
        sync_dir(target.parent)
        return
    if exchange(built, target):
        sync_dir(target.parent)
        shutil.rmtree(built, ignore_errors=True)  # `built` now holds the previous site
        return
    old = staging_dir(target, "old-")
    os.rename(target, old / "site")
    # A kill here leaves no `target`, and the previous site whole in `old`: `recover`.
    try:
        os.rename(built, target)
    except OSError:
        os.rename(old / "site", target)
        shutil.rmtree(old, ignore_errors=True)
        raise
    sync_dir(target.parent)
    shutil.rmtree(old, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Trade the names of two existing paths in one atomic step (Linux renameat2); False
    where the system cannot, so the caller falls back."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


@cache
def _renameat2() -> _Renameat2 | None:
    """libc's renameat2 (glibc 2.28+), or None off Linux or with an older libc."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
