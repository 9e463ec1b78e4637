"""generators/mirror/keys.py: a tampered catalogue field never escapes the mirror's target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generators.commands.mirror import parse_target
from generators.mirror.errors import CatalogueError, UnsafeKey, UsageError
from generators.mirror.keys import check_key, key_problem
from generators.mirror.plan import Payload, Remote, make_plan, read_payload
from generators.mirror.store import FileStore
from generators.progress import Progress
from tests.mirror.conftest import Runner, described, write_site
from tests.mirror.helpers import folder

QUIET = Progress(quiet=True)


@pytest.mark.parametrize("key", ["manifest.json", "objects/ab/ab12", "manifests/2026-11-23-x.json",
                                 "sách nói/thử việc.mp3", "a/.hidden", "a..b/c"])
def test_safe_keys(key: str) -> None:
    assert key_problem(key) is None
    assert check_key(key, "file:///kho") == key


@pytest.mark.parametrize(("key", "problem"), [
    ("", "rỗng"),
    ("../ngoai", "có đoạn . hoặc .."),
    ("manifests/../../ngoai", "có đoạn . hoặc .."),
    ("./a", "có đoạn . hoặc .."),
    ("/etc/passwd", "là đường dẫn tuyệt đối"),
    ("a\\..\\b", "có dấu gạch ngược \\"),
    ("a//b", "có đoạn rỗng (// hoặc / ở cuối)"),
    ("a/", "có đoạn rỗng (// hoặc / ở cuối)"),
    ("a\nb", "có ký tự điều khiển"),
    ("a\x00b", "có ký tự điều khiển"),
    ("a\x85b", "có ký tự điều khiển"),
    ("x" * 1025, "dài quá 1024 byte"),
])
def test_unsafe_keys(key: str, problem: str) -> None:
    assert key_problem(key) == problem
    with pytest.raises(UnsafeKey) as caught:
        check_key(key, "file:///kho")
    assert str(caught.value) == (f"file:///kho: khóa {key!r} không an toàn ({problem}) — có thể "
                                 "danh mục catalogue.json đã bị sửa; chưa gửi gì")


def tampered(site: Path, **fields: object) -> Path:
    document = json.loads((site / "catalogue.json").read_text("utf-8"))
    document.update(fields)
    (site / "catalogue.json").write_text(json.dumps(document), encoding="utf-8")
    return site


@pytest.mark.parametrize("date", ["../../../ngoai", "2026-11-23/../../x", "2026-11-23\n", 20261123])
def test_a_tampered_date_is_refused_before_anything_is_sent(
        site: Path, tmp_path: Path, mirror_cli: Runner, date: object) -> None:
    tampered(site, date=date)
    repo = tmp_path / "kho"
    code, out, err = mirror_cli("--to", f"file://{repo}")
    assert (code, out) == (1, "")
    assert err == (f"✗ {site / 'catalogue.json'}: date {date!r} không hợp lệ (phải là "
                   "YYYY-MM-DD)\n")
    assert not repo.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("path", ["a//b.html", "a/", "./index.html", "a\nb.html", "a\x7f.html"])
def test_a_tampered_path_is_refused(tmp_path: Path, path: str) -> None:
    site = write_site(tmp_path / "site", pages={})
    document = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))
    document["companions"].append(described(path, b"x"))
    (site / "catalogue.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        read_payload(site, QUIET)
    assert str(caught.value) == (f"catalogue.json: companions: đường dẫn {path!r} không hợp lệ "
                                 "(phải là đường dẫn tương đối trong site, dạng POSIX)")


def test_the_plan_checks_every_key_before_the_first_upload(site: Path, tmp_path: Path) -> None:
    """Even a payload that got past read_payload cannot make a key outside the target."""
    payload = read_payload(site, QUIET)
    bad = Payload(payload.site_dir, payload.name, payload.url, "../../ngoai",
                  payload.catalogue_sha256, payload.files)
    repo = tmp_path / "kho"
    store = FileStore(repo, f"file://{repo}")
    with pytest.raises(UnsafeKey, match=r"^file://.*/kho: khóa 'manifests/\.\./\.\./ngoai-"):
        make_plan(bad, Remote(None), store, delete=False, keep=2)
    assert not repo.exists()
    assert not (tmp_path / "ngoai").exists()


def test_a_file_store_stays_inside_its_root_even_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    repo = tmp_path / "kho"
    repo.mkdir()
    (repo / "objects").symlink_to(outside, target_is_directory=True)
    store = FileStore(repo, f"file://{repo}")
    with pytest.raises(UnsafeKey) as caught:
        store.put("objects/ab/ab12", b"x", "0" * 64, "text/plain")
    assert str(caught.value) == (f"file://{repo}: khóa 'objects/ab/ab12' trỏ ra ngoài kho "
                                 f"({outside / 'ab' / 'ab12'}) — chưa gửi gì")
    with pytest.raises(UnsafeKey):
        store.put("../ngoai/x", b"x", "0" * 64, "text/plain")
    with pytest.raises(UnsafeKey):
        store.delete(["objects/../../ngoai"])
    assert folder(outside) == {}
    store.put("manifest.json", b"{}", "0" * 64, "application/json")  # inside: fine
    assert folder(repo) == {"manifest.json": b"{}"}


def test_an_s3_store_checks_its_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from generators.mirror.s3 import S3Store

    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    store = S3Store("tu-sach", "kho", "s3://tu-sach/kho")
    assert store._key("objects/ab/ab12") == "kho/objects/ab/ab12"
    with pytest.raises(UnsafeKey, match=r"^s3://tu-sach/kho: khóa '\.\./khac/x' không an toàn"):
        store._key("../khac/x")
    assert store.requests == 0  # refused before any request


@pytest.mark.parametrize("target", ["s3://tu-sach/../khac", "s3://tu-sach/a//b",
                                    "s3://tu-sach/a%0Ab"])
def test_an_s3_prefix_must_be_a_safe_key(target: str) -> None:
    with pytest.raises(UsageError, match=r"thư mục trong bucket không hợp lệ"):
        parse_target(target)
