"""generators/site/publish.py: `--site-dir` replaces only a build of ours, in one step, one
build at a time; a kill at any point leaves a whole site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import build as cli
from generators.config import load_config
from generators.pipeline import build
from generators.site import publish
from generators.site.publish import (
    MARKER,
    MARKER_TEXT,
    STAGING_MARKER,
    SiteBusy,
    UnsafeSiteDir,
    check_target,
    discard_stale,
    site_lock,
    swap_into_place,
)
from tests.conftest import ROOT, TODAY, LibraryMaker, explainer
from tests.site.test_publish import make_dir

DATE = ["--date", "2026-11-23", "--quiet"]
FAST = ["--no-search", "--no-audio", "--no-video", "--no-cards", "--no-ebooks", "--no-bundle"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site(folder: Path, text: str) -> Path:
    """A tiny site of ours: an index page and the marker."""
    return make_dir(folder, {"index.html": text, MARKER: MARKER_TEXT})


def whole(folder: Path, text: str) -> bool:
    return (folder / "index.html").read_text("utf-8") == text and \
        (folder / MARKER).read_text("utf-8") == MARKER_TEXT


# --- which folders may be replaced ------------------------------------------------------


def refusal(target: Path, root: Path) -> str:
    with pytest.raises(UnsafeSiteDir) as caught:
        check_target(target, root)
    return str(caught.value)


def test_the_library_and_its_ancestors_are_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    hint = f"chọn một thư mục riêng cho bản dựng, ví dụ {root / 'site'}"
    assert refusal(root, root) == (
        f"--site-dir {root}: là thư mục thư viện ({root}); bản dựng sẽ thay trọn thư mục này "
        f"và xóa cả thư viện — {hint}")
    assert refusal(root.parent, root) == (
        f"--site-dir {root.parent}: chứa thư mục thư viện ({root}); bản dựng sẽ thay trọn "
        f"thư mục này và xóa cả thư viện — {hint}")
    assert refusal(root / "content" / "..", root).startswith(
        f"--site-dir {root / 'content' / '..'}: là thư mục thư viện")


def test_content_and_editors_folders_are_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"audiobooks/voices.yml": "voices: {}\n"})
    hint = f"chọn một thư mục riêng cho bản dựng, ví dụ {root / 'site'}"
    content = root / "content"
    for target in (content, content / "lao-dong", content / "moi"):
        assert refusal(target, root) == (
            f"--site-dir {target}: trùng, chứa hoặc nằm trong content/ ({content}) — {hint}")
    for target in (root / "audiobooks", root / "infographics" / "site", root / ".git",
                   root / "qa", root / "situations" / "out", root / "quizzes", root / "surveys"):
        first = target.relative_to(root).parts[0]
        assert refusal(target, root) == (
            f"--site-dir {target}: nằm trong {first}/ của thư viện, nơi biên tập viên làm "
            f"việc — {hint}")


def test_a_folder_with_files_of_its_own_is_refused(tmp_library: LibraryMaker,
                                                   tmp_path: Path) -> None:
    root = tmp_library()
    hint = f"chọn một thư mục riêng cho bản dựng, ví dụ {root / 'site'}"
    docs = make_dir(tmp_path / "tai-lieu", {"ghi-chu.md": "của tôi", "mkdocs.yml": "x: 1\n"})
    assert refusal(docs, root) == (
        f"--site-dir {docs}: thư mục đã có tệp nhưng không phải bản dựng của tủ sách (không có "
        f"tệp {MARKER}); bản dựng sẽ xóa mọi thứ trong đó — dùng thư mục trống hoặc chưa có, "
        f"hoặc {hint}")
    tools = make_dir(root / "generators", {"x.py": "print()\n"})
    assert refusal(tools, root).startswith(f"--site-dir {tools}: thư mục đã có tệp nhưng")
    wrong_marker = make_dir(tmp_path / "gia", {MARKER: "không phải của ta\n", "a.html": "x"})
    assert refusal(wrong_marker, root).startswith(f"--site-dir {wrong_marker}: thư mục đã có")
    a_file = make_dir(tmp_path, {"tep.txt": "x"}) / "tep.txt"
    assert refusal(a_file, root) == (
        f"--site-dir {a_file}: là một tệp, không phải thư mục — {hint}")


def test_new_empty_ours_and_pre_marker_builds_are_accepted(tmp_library: LibraryMaker,
                                                           tmp_path: Path) -> None:
    root = tmp_library()
    (tmp_path / "trong").mkdir()
    legacy = make_dir(tmp_path / "cu", {
        "index.html": "<html>", "build-info.json": '{"built_at": "x", "tools": {}}'})
    for target in (root / "site", tmp_path / "chua-co" / "site", tmp_path / "trong",
                   site(tmp_path / "cua-ta", "x"), legacy):
        check_target(target, root)


def test_cli_refuses_the_library_with_exit_2_before_any_work(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"content/lao-dong/hong.md": "không có front matter\n"})
    before = snapshot(root)
    code = cli.main(["build", "--root", str(root), "--site-dir", str(root), *DATE, *FAST])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"✗ --site-dir {root}: là thư mục thư viện ({root}); bản dựng sẽ thay trọn "
                   "thư mục này và xóa cả thư viện — chọn một thư mục riêng cho bản dựng, ví "
                   f"dụ {root / 'site'}\n")  # no content error: nothing was read
    assert snapshot(root) == before
    code = cli.main(["build", "--root", str(root), "--site-dir", str(root / "content"),
                     *DATE, *FAST])
    assert code == 2
    assert snapshot(root) == before


def test_every_build_marks_its_site_and_can_replace_it(tmp_library: LibraryMaker,
                                                       tmp_path: Path) -> None:
    root = tmp_library()
    for _ in range(2):
        # The cache (of the .br/.gz copies too) elsewhere: the library folder holds no more.
        report = build(load_config(root, site_dir=root / "site", today=TODAY, search=False,
                                   cache_dir=tmp_path / "cache"))
        assert report.ok
        assert (root / "site" / MARKER).read_text("utf-8") == MARKER_TEXT
    assert sorted(p.name for p in root.iterdir()) == ["content", "mkdocs.yml", "site"]


# --- a kill at any point of the swap ------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no `except OSError` catches it."""


def kill_on(monkeypatch: pytest.MonkeyPatch, name: str, call: int = 1) -> None:
    """Make the `call`-th call of publish's `name` (os.rename, exchange, rmtree) die."""
    owner = {"rename": publish.os, "rmtree": publish.shutil}.get(name, publish)
    real = getattr(owner, name)
    calls = 0

    def dying(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == call:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, dying)


@pytest.mark.parametrize(("point", "exchange", "survivor"), [
    ("exchange", True, "cũ"),  # before the one step
    ("rmtree", True, "mới"),  # after it, before the old site is deleted
    ("rename", False, "cũ"),  # fallback: before the first rename
    ("rename-2", False, "cũ"),  # fallback: between the two renames (no site/ at all)
    ("rmtree", False, "mới"),  # fallback: after both
])
def test_a_kill_at_any_point_of_the_swap_leaves_a_whole_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str, exchange: bool,
        survivor: str) -> None:
    target = site(tmp_path / "site", "cũ")
    built = site(tmp_path / ".site-site-abc" / "site", "mới")
    (built.parent / STAGING_MARKER).write_text("")
    if not exchange:
        monkeypatch.setattr(publish, "exchange", lambda first, second: False)
    name, _, call = point.partition("-")
    with monkeypatch.context() as patch:
        kill_on(patch, name, int(call or 1))
        with pytest.raises(Killed):
            swap_into_place(built, target)
    discard_stale(target)  # what the next build does first
    assert whole(target, survivor)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_discard_stale_never_deletes_the_only_good_copy(tmp_path: Path) -> None:
    site(tmp_path / ".site-site-old-abc" / "site", "cũ")
    (tmp_path / ".site-site-old-abc" / STAGING_MARKER).write_text("")
    make_dir(tmp_path / ".site-site-xyz", {"site/index.html": "dở dang", STAGING_MARKER: ""})
    make_dir(tmp_path / ".site-site-old-def", {"site/index.html": "không có dấu",
                                               STAGING_MARKER: ""})
    discard_stale(tmp_path / "site")
    assert whole(tmp_path / "site", "cũ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from generators.site import publish
point, calls = {point!r}, [0]
owner = {{"rename": publish.os, "rmtree": publish.shutil}}.get(point, publish)
real = getattr(owner, point)
def dying(*args, **kwargs):
    if sys._getframe(1).f_globals.get("__name__") == publish.__name__:  # publish's calls only
        calls[0] += 1
        if calls[0] == {call}:
            os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
setattr(owner, point, dying)
if not {exchange}:
    publish.exchange = lambda first, second: False
import build
sys.exit(build.main(sys.argv[1:]))
"""


@pytest.mark.parametrize(("point", "call", "exchange", "left"), [
    ("exchange", 1, True, "cũ"), ("rmtree", 1, True, "mới"),
    ("rename", 1, False, "cũ"), ("rename", 2, False, None), ("rmtree", 1, False, "mới")])
def test_sigkill_during_a_real_build_leaves_the_previous_or_the_new_site(
        tmp_library: LibraryMaker, point: str, call: int, exchange: bool,
        left: str | None) -> None:
    """Killed at each step of the swap; `left`: what site/ holds right after the kill
    (None: no site/ at all, between the fallback's two renames, until the next build)."""
    root = tmp_library()
    args = ["--root", str(root), *DATE, *FAST]
    assert build(load_config(root, site_dir=root / "site", today=TODAY, search=False)).ok
    old = snapshot(root / "site")
    (root / "content/lao-dong/thu-viec.md").write_text(
        (root / "content/lao-dong/thu-viec.md").read_text("utf-8").replace(
            "Không quá 60 ngày.", "Không quá 60 ngày, bản mới."), "utf-8")
    script = KILLER.format(root=str(ROOT), point=point, call=call, exchange=exchange)
    killed = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, timeout=300,
                            capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    page = root / "site/lao-dong/thu-viec/index.html"
    if left is None:
        assert not (root / "site").exists()
    else:
        assert ("bản mới" in page.read_text("utf-8")) is (left == "mới")
    discard_stale(root / "site")  # what the next build does first
    now = snapshot(root / "site")
    assert now[MARKER] == MARKER_TEXT.encode()
    if left != "mới":
        assert now == old
    assert cli.main(["build", *args]) == 0  # and the next build goes on from there
    assert "bản mới" in (root / "site/lao-dong/thu-viec/index.html").read_text("utf-8")
    assert [p.name for p in root.glob(".site*")] == []


def test_sigkill_at_any_moment_of_real_builds_leaves_a_whole_site(
        tmp_library: LibraryMaker) -> None:
    """Builds killed after growing delays, from the first stage to the swap: each time the
    next build finds a whole site (the previous one, or the new one) and goes on."""
    root = tmp_library()
    args = [sys.executable, "build.py", "--root", str(root), *DATE, *FAST]
    assert build(load_config(root, site_dir=root / "site", today=TODAY, search=False)).ok
    started = time.monotonic()
    assert subprocess.run(args, cwd=ROOT, capture_output=True, timeout=300).returncode == 0
    seconds = time.monotonic() - started
    for step in range(1, 9):
        version = f"lần {step}"
        article = root / "content/lao-dong/thu-viec.md"
        article.write_text(article.read_text("utf-8").replace("Không quá 60 ngày",
                                                              f"Không quá 60 ngày ({version})"))
        before = snapshot(root / "site")
        process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(seconds * step / 8)
        process.kill()
        process.wait(60)
        discard_stale(root / "site")
        now = snapshot(root / "site")
        assert now[MARKER] == MARKER_TEXT.encode()
        if version.encode() not in now["lao-dong/thu-viec/index.html"]:
            assert now == before, step
        assert [p.name for p in root.glob(".site-*")] == []


# --- one build at a time ------------------------------------------------------------------


HOLDER = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from generators.site.publish import site_lock
with site_lock(Path({site!r})):
    print("giữ", flush=True)
    time.sleep(60)
"""


def test_a_second_build_into_the_same_site_stops_with_a_message(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    target = root / "site"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(root=str(ROOT),
                                                                   site=str(target))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "giữ\n"
        second = subprocess.run([sys.executable, "build.py", "--root", str(root), *DATE, *FAST],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert second.returncode == 1
        assert second.stderr == (f"✗ một bản dựng khác đang ghi vào {target} (khóa "
                                 f"{root / '.site.lock'}) — chờ bản đó xong rồi chạy lại\n")
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()
    # The lock goes with its process, even killed: the next build runs.
    assert cli.main(["build", "--root", str(root), *DATE, *FAST]) == 0
    assert (target / MARKER).is_file()
    assert not (root / ".site.lock").exists()


def test_the_lock_is_released_and_removed(tmp_path: Path) -> None:
    target = tmp_path / "site"
    with site_lock(target):
        assert (tmp_path / ".site.lock").is_file()
        with pytest.raises(SiteBusy), site_lock(target):
            pass
    assert list(tmp_path.iterdir()) == []
    with site_lock(target):  # free again
        pass


def test_a_lock_file_left_without_its_process_does_not_block(tmp_path: Path) -> None:
    (tmp_path / ".site.lock").write_text("12345\n")
    with site_lock(tmp_path / "site"):
        assert (tmp_path / ".site.lock").read_text() == f"{os.getpid()}\n"


def test_sigterm_ends_the_build_cleanly(tmp_library: LibraryMaker) -> None:
    """`kill` (SIGTERM) mid-build: no staging left, the lock released, the old site kept."""
    root = tmp_library({f"content/lao-dong/bai-{n}.md": explainer(f"Bài {n}")
                        for n in range(40)})
    assert build(load_config(root, site_dir=root / "site", today=TODAY, search=False)).ok
    old = snapshot(root / "site")
    process = subprocess.Popen([sys.executable, "build.py", "--root", str(root), *DATE, *FAST],
                               cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(root.glob(".site-site-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:  # the build won the race: then the new site is whole
        assert (root / "site" / MARKER).is_file()
    else:
        assert process.returncode == 130
        assert err.endswith("✗ Đã dừng; site/ vẫn là bản dựng trước.\n")
        assert snapshot(root / "site") == old
    assert [p.name for p in root.glob(".site*")] == []
    shutil.rmtree(root / "site")


def test_a_stop_while_the_staging_folder_is_made_comes_after_it(tmp_path: Path) -> None:
    """SIGTERM during `staging_area`'s making of the folder waits until its cleanup is in
    place; a stop inside the block removes the folder."""
    seen: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda number, _: seen.append(number))
    try:
        with publish._stops_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            assert seen == []  # held back
        assert seen == [signal.SIGTERM]  # delivered once the block ended
    finally:
        signal.signal(signal.SIGTERM, previous)
    target = tmp_path / "site"
    with pytest.raises(KeyboardInterrupt):
        with publish.staging_area(target) as staging:
            assert (staging / publish.STAGING_MARKER).is_file()
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_site_left_aside_is_restored_first_even_if_the_build_then_fails(
        tmp_library: LibraryMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"content/lao-dong/hong.md": "không có front matter\n"})
    site(root / ".site-site-old-abc" / "site", "cũ")  # killed between the two renames
    (root / ".site-site-old-abc" / STAGING_MARKER).write_text("")
    assert cli.main(["build", "--root", str(root), *DATE, *FAST]) == 1
    assert "hong.md:1: thiếu phần đầu trang" in capsys.readouterr().err
    assert whole(root / "site", "cũ")
    assert [p.name for p in root.glob(".site*")] == []


# --- renameat2 --------------------------------------------------------------------------


def test_exchange_trades_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = site(tmp_path / "a", "một"), site(tmp_path / "b", "hai")
    assert publish.exchange(first, second) is True
    assert whole(first, "hai") and whole(second, "một")
    with pytest.raises(FileNotFoundError):
        publish.exchange(tmp_path / "khong-co", second)


def test_a_filesystem_without_exchange_falls_back_to_two_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes
    import errno

    def refusing(*args: object) -> int:
        ctypes.set_errno(errno.EINVAL)  # what renameat2 says on a filesystem without it
        return -1

    monkeypatch.setattr(publish, "_renameat2", lambda: refusing)
    assert publish.exchange(tmp_path / "a", tmp_path / "b") is False
    target = site(tmp_path / "site", "cũ")
    swap_into_place(site(tmp_path / "built", "mới"), target)
    assert whole(target, "mới")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    monkeypatch.setattr(publish, "_renameat2", lambda: None)  # not Linux, or an old libc
    swap_into_place(site(tmp_path / "built", "mới hơn"), target)
    assert whole(target, "mới hơn")
