"""The shared media cache on moto's S3 server (loopback) and in a folder: a hit, a miss,
a corrupt object refused and made again, read-only; and the audiobooks through it."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generators.errors import ConfigError
from generators.library import load_library
from generators.mirror.errors import StoreError
from generators.shared_cache import Entry, SharedCache, open_shared
from generators.speech.books import render_audiobooks
from generators.speech.espeak import EspeakEngine
from tests.conftest import ROOT, TODAY, LibraryMaker, explainer
from tests.mirror.conftest import BUCKET, S3, SECRET, free_port, moto_endpoint, s3

__all__ = ["moto_endpoint", "s3"]  # fixtures, used by name

ENTRY = Entry({".wav": b"RIFF" + bytes(range(256)) * 8, ".vtt": b"WEBVTT\n"},
              {"duration": 1.5, "timings": [[0.0, 1.5]]})
BODY = ("## Thời gian thử việc\n\nThử việc không quá 60 ngày. Lương ít nhất bằng 85%.\n\n"
        "## Khi nào được nghỉ\n\nBáo trước 3 ngày theo Điều 27.\n")


@pytest.fixture(params=["s3", "file"])
def shared_at(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """`open(read_only)` → a SharedCache on S3 (moto) or in a folder; `.objects()` lists
    what the store holds, `.damage(key)` rewrites an object with other bytes."""
    if request.param == "s3":
        bucket: S3 = request.getfixturevalue("s3")
        location = f"s3://{BUCKET}/cache"

        def objects() -> dict[str, bytes]:
            return bucket.keys("cache/")

        def damage(key: str, data: bytes) -> None:
            bucket.client.put_object(Bucket=BUCKET, Key=f"cache/{key}", Body=data)
    else:
        folder = tmp_path / "shared"
        location = f"file://{folder}"

        def objects() -> dict[str, bytes]:
            return {p.relative_to(folder).as_posix(): p.read_bytes()
                    for p in sorted(folder.rglob("*")) if p.is_file()}

        def damage(key: str, data: bytes) -> None:
            (folder / key).write_bytes(data)

    class At:
        def open(self, read_only: bool = False) -> SharedCache:
            return open_shared(location, read_only)

    at = At()
    at.objects = objects  # type: ignore[attr-defined]
    at.damage = damage  # type: ignore[attr-defined]
    at.location = location  # type: ignore[attr-defined]
    return at


def test_a_piece_put_is_got_back_whole(shared_at: Any) -> None:
    cache = shared_at.open()
    assert cache.get("chapters", "a" * 32) is None  # a miss
    assert cache.put("chapters", "a" * 32, ENTRY)
    again = shared_at.open().get("chapters", "a" * 32)
    assert again == ENTRY
    digest = hashlib.sha256(ENTRY.files[".wav"]).hexdigest()
    stored = shared_at.objects()
    assert stored[f"objects/{digest[:2]}/{digest}"] == ENTRY.files[".wav"]  # by content
    entry = json.loads(stored[f"entries/chapters/{'a' * 32}.json"])
    assert entry["files"][".wav"] == {"sha256": digest, "size": len(ENTRY.files[".wav"])}
    # The same bytes under another key are stored once.
    shared_at.open().put("chapters", "b" * 32, ENTRY)
    assert len([k for k in shared_at.objects() if k.startswith("objects/")]) == 2


def test_a_corrupt_object_is_refused_then_replaced(shared_at: Any) -> None:
    shared_at.open().put("chapters", "a" * 32, ENTRY)
    digest = hashlib.sha256(ENTRY.files[".wav"]).hexdigest()
    wav = ENTRY.files[".wav"]
    shared_at.damage(f"objects/{digest[:2]}/{digest}", wav[:-1] + b"\x00")  # same size
    cache = shared_at.open()
    assert cache.get("chapters", "a" * 32) is None
    assert cache.refused == [f"objects/{digest[:2]}/{digest}"]
    assert cache.notices() == [f"--cache-dir {shared_at.location}: objects/{digest[:2]}/"
                               f"{digest} sai sha256 — không dùng, đã làm lại"]
    cache.put("chapters", "a" * 32, ENTRY)  # made again: the good bytes replace the bad
    assert shared_at.open().get("chapters", "a" * 32) == ENTRY


def test_a_torn_entry_is_refused(shared_at: Any) -> None:
    shared_at.open().put("chapters", "a" * 32, ENTRY)
    shared_at.damage(f"entries/chapters/{'a' * 32}.json", b'{"format": 1, "files": {')
    cache = shared_at.open()
    assert cache.get("chapters", "a" * 32) is None
    assert cache.refused == [f"entries/chapters/{'a' * 32}.json"]


def test_read_only_never_writes(shared_at: Any) -> None:
    shared_at.open().put("chapters", "a" * 32, ENTRY)
    before = shared_at.objects()
    cache = shared_at.open(read_only=True)
    assert cache.get("chapters", "a" * 32) == ENTRY  # it reads
    assert not cache.put("chapters", "b" * 32, ENTRY)
    assert shared_at.objects() == before


def _library(tmp_library: LibraryMaker, body: str = BODY) -> Any:
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=body)})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def _books(report: Any) -> list[bytes]:
    return [b.mp3.read_bytes() + b.vtt.read_bytes() + b.chapters_json.read_bytes()
            for b in report.media.audio["thu-viec"]]


def test_two_builds_sharing_s3_synthesise_once(s3: S3, tmp_library: LibraryMaker,
                                               tmp_path: Path) -> None:
    library = _library(tmp_library)
    engines = {"espeak": EspeakEngine()}
    location = f"s3://{BUCKET}/media"
    first = render_audiobooks(library, tmp_path / "a", jobs=2, engines=engines,
                              shared=open_shared(location))
    assert (first.built, first.reused) == (9, 0)
    entries = [k for k in s3.keys("media/") if k.startswith("entries/")]
    assert len([k for k in entries if k.startswith("entries/chapters/")]) == 9
    assert len([k for k in entries if k.startswith("entries/books/")]) == 3

    # Another machine (another province) with an empty working cache: all from S3.
    shared = open_shared(location)
    second = render_audiobooks(library, tmp_path / "b", jobs=2, engines=engines, shared=shared)
    assert (second.built, second.reused, second.notices) == (0, 9, [])
    assert shared.pulled == 12 and shared.pushed == 0
    assert _books(second) == _books(first)

    # One chapter's object damaged in the bucket: refused, read again, put back.
    chapter = next(k for k in entries if k.startswith("entries/chapters/"))
    entry = json.loads(s3.keys("media/")[chapter])
    digest = entry["files"][".wav"]["sha256"]
    s3.client.put_object(Bucket=BUCKET, Key=f"media/objects/{digest[:2]}/{digest}",
                         Body=b"RIFF-not-the-chapter")
    shared = open_shared(location)
    third = render_audiobooks(library, tmp_path / "c", jobs=2, engines=engines, shared=shared)
    assert third.built == 1 and third.reused == 8
    assert third.notices == [f"--cache-dir {location}: objects/{digest[:2]}/{digest} sai "
                             "sha256 — không dùng, đã làm lại"]
    assert _books(third) == _books(first)
    assert hashlib.sha256(s3.keys("media/")[f"objects/{digest[:2]}/{digest}"]).hexdigest() \
        == digest


def test_a_read_only_build_reads_and_never_writes(s3: S3, tmp_library: LibraryMaker,
                                                  tmp_path: Path) -> None:
    engines = {"espeak": EspeakEngine()}
    location = f"s3://{BUCKET}/media"
    render_audiobooks(_library(tmp_library), tmp_path / "a", jobs=2, engines=engines,
                      shared=open_shared(location))
    before = s3.keys("media/")
    edited = BODY.replace("Báo trước 3 ngày", "Báo trước 30 ngày")  # a pull request's edit
    shared = open_shared(location, read_only=True)
    report = render_audiobooks(_library(tmp_library, edited), tmp_path / "b", jobs=2,
                               engines=engines, shared=shared)
    assert (report.built, report.reused) == (3, 6)  # the edited chapter, in 3 voices
    assert shared.pushed == 0 and s3.keys("media/") == before
    # A piece found only in the working cache is not pushed either.
    again = render_audiobooks(_library(tmp_library, edited), tmp_path / "b", jobs=2,
                              engines=engines, shared=open_shared(location, read_only=True))
    assert again.built == 0 and s3.keys("media/") == before


def test_a_piece_only_in_the_working_cache_is_added_to_the_shared_one(
        s3: S3, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    library = _library(tmp_library)
    engines = {"espeak": EspeakEngine()}
    render_audiobooks(library, tmp_path / "a", jobs=2, engines=engines)  # before S3 was used
    shared = open_shared(f"s3://{BUCKET}/media")
    report = render_audiobooks(library, tmp_path / "a", jobs=2, engines=engines, shared=shared)
    assert report.built == 0 and shared.pushed == 12
    later = open_shared(f"s3://{BUCKET}/media")
    render_audiobooks(library, tmp_path / "b", jobs=2, engines=engines, shared=later)
    assert later.pulled == 12


def test_an_unreachable_endpoint_is_one_line(s3: S3, monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    with pytest.raises(StoreError) as caught:
        open_shared(f"s3://{BUCKET}/media").check()
    assert str(caught.value) == (f"--cache-dir s3://{BUCKET}/media: không kết nối được tới "
                                 f"máy chủ S3 {endpoint} — kiểm tra AWS_ENDPOINT_URL và mạng")
    assert SECRET not in str(caught.value)


def test_a_missing_bucket_is_one_line(s3: S3) -> None:
    with pytest.raises(StoreError) as caught:
        open_shared("s3://khong-co/media").check()
    assert str(caught.value) == ("--cache-dir s3://khong-co/media: không có bucket này trên "
                                 "máy chủ S3 — tạo bucket trước, hoặc sửa --cache-dir")


@pytest.mark.parametrize(("location", "message"), [
    ("s3://AKIA:secret@bucket/x", "--cache-dir: không ghi khóa truy cập vào địa chỉ s3:// — "
                                  "đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY"),
    ("s3:///x", "--cache-dir s3:///x: thiếu tên bucket (s3://bucket/thư-mục)"),
    ("file://host/x", "--cache-dir file://host/x: cần file:///đường/dẫn/tuyệt/đối"),
])
def test_a_malformed_location_is_refused(location: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        open_shared(location)
    assert str(caught.value) == message


def test_share_cards_are_drawn_once_for_two_builds(s3: S3, tmp_library: LibraryMaker,
                                                   tmp_path: Path) -> None:
    from generators.cards import render_cards

    library = _library(tmp_library)
    location = f"s3://{BUCKET}/media"
    first = render_cards(library, "Tủ sách thử", tmp_path / "a", shared=open_shared(location))
    second = render_cards(library, "Tủ sách thử", tmp_path / "b", shared=open_shared(location))
    assert (first.built, second.built, second.reused) == (2, 0, 2)
    assert {k: p.read_bytes() for k, p in second.media.cards.items()} == \
        {k: p.read_bytes() for k, p in first.media.cards.items()}


def _build(root: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root),
                           "--no-search", "--no-bundle", "--no-video", "--no-cards",
                           "--no-ebooks", "--no-bulletins", *options],
                          capture_output=True, text=True, timeout=300)


def test_the_build_says_an_unreachable_s3_in_one_line_before_any_work(
        s3: S3, tmp_library: LibraryMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    root = tmp_library()
    done = _build(root, "--cache-dir", f"s3://{BUCKET}/media")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"✗ --cache-dir s3://{BUCKET}/media: không kết nối được tới máy chủ S3 {endpoint} — "
        "kiểm tra AWS_ENDPOINT_URL và mạng")
    assert SECRET not in done.stdout + done.stderr
    assert not (root / "site").exists()


def test_cache_options_that_do_not_fit_are_usage_errors(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    done = _build(root, "--cache-read-only")
    assert done.returncode == 2
    assert done.stderr.strip() == ("--cache-read-only chỉ dùng với bộ nhớ đệm chung "
                                   "(--cache-dir s3://bucket/thư-mục hoặc file:///thư-mục)")
    done = _build(root, "--cache-dir", "s3://AKIA:secret@bucket/x")
    assert done.returncode == 2 and "secret" not in done.stderr
    assert done.stderr.strip() == ("--cache-dir: không ghi khóa truy cập vào địa chỉ s3:// — "
                                   "đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY")


def test_a_shared_location_keeps_the_working_cache_local(tmp_library: LibraryMaker,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         tmp_path: Path) -> None:
    from generators.config import load_config

    root = tmp_library()
    monkeypatch.delenv("TUSACH_CACHE_DIR", raising=False)
    config = load_config(root, today=TODAY, cache_dir="s3://tu-sach/media",
                         cache_read_only=True)
    assert (config.shared_cache, config.cache_read_only) == ("s3://tu-sach/media", True)
    assert config.cache_dir == root.resolve() / ".cache"
    config = load_config(root, today=TODAY, cache_dir=str(tmp_path / "c"))
    assert (config.shared_cache, config.cache_dir) == (None, tmp_path / "c")


def test_infographics_are_drawn_once_for_two_builds(s3: S3, tmp_library: LibraryMaker,
                                                    tmp_path: Path) -> None:
    from generators.infographics.render import render_infographics
    from tests.test_tasks import _with_infographic

    library = _with_infographic(tmp_library)
    location = f"s3://{BUCKET}/media"
    first = render_infographics(library, tmp_path / "a", shared=open_shared(location))
    second = render_infographics(library, tmp_path / "b", shared=open_shared(location))
    assert (first.built, second.built, second.reused) == (2, 0, 2)
    files = second.media.infographics["thu-viec-toi-da"]
    assert [p.read_bytes() for p in (*files.svg.values(), *files.png.values())] == \
        [p.read_bytes() for p in (*first.media.infographics["thu-viec-toi-da"].svg.values(),
                                  *first.media.infographics["thu-viec-toi-da"].png.values())]


def test_two_provinces_sharing_an_explainer_synthesise_it_once(
        s3: S3, tmp_path: Path) -> None:
    """Two libraries (two provinces) with one explainer in common and one of their own:
    the second synthesises only its own explainer's chapters."""
    from tests.conftest import base_files

    location = f"s3://{BUCKET}/media"
    own = {"a": explainer(title="Nghỉ phép năm", body="## Số ngày\n\nMười hai ngày.\n"),
           "b": explainer(title="Làm thêm giờ", body="## Tối đa\n\nBốn mươi giờ một tháng.\n")}
    reports = []
    for province in ("a", "b"):
        root = tmp_path / province
        files = {**base_files(), "content/lao-dong/thu-viec.md": explainer(body=BODY),
                 f"content/lao-dong/rieng-{province}.md": own[province]}
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, "utf-8")
        library, problems = load_library(root, TODAY)
        assert library is not None, [p.format() for p in problems.errors]
        reports.append(render_audiobooks(library, tmp_path / f"cache-{province}", jobs=2,
                                         engines={"espeak": EspeakEngine()},
                                         shared=open_shared(location)))
    first, second = reports
    assert (first.built, first.reused) == (9 + 6, 0)  # 3 + 2 chapters, 3 voices each
    assert (second.built, second.reused) == (6, 9)  # only its own explainer
    assert [b.mp3.read_bytes() for b in second.media.audio["thu-viec"]] == \
        [b.mp3.read_bytes() for b in first.media.audio["thu-viec"]]


def test_ebooks_are_written_once_for_two_builds(s3: S3, tmp_library: LibraryMaker,
                                                tmp_path: Path) -> None:
    from generators.ebooks.render import render_ebooks

    library = _library(tmp_library)
    location = f"s3://{BUCKET}/media"
    first = render_ebooks(library, tmp_path / "a", 2, site_name="Tủ sách thử",
                          shared=open_shared(location))
    second = render_ebooks(library, tmp_path / "b", 2, site_name="Tủ sách thử",
                           shared=open_shared(location))
    assert (first.built, second.built, second.reused) == (2, 0, 2)
    assert {k: e.path.read_bytes() for k, e in second.media.ebooks.items()} == \
        {k: e.path.read_bytes() for k, e in first.media.ebooks.items()}
