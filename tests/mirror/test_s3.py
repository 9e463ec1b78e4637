"""`build.py mirror --to s3://…` against a real S3-protocol server (moto) on loopback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generators.commands.mirror as cli
from generators.mirror import StoreError
from tests.mirror.conftest import BUCKET, ROOT_DIR, S3, SECRET, Runner, free_port, write_site
from tests.mirror.helpers import Interrupting, assert_mirrors, committed

TARGET = f"s3://{BUCKET}/kho/tu-sach"
PREFIX = "kho/tu-sach/"


def summary(out: str) -> dict[str, str]:
    found = re.fullmatch(r"✓ Đã sao lưu vào (?P<to>\S+): gửi (?P<sent>\d+) tệp / (?P<size>.+?)"
                         r"(, lấy lại (?P<promoted>\d+) tệp đã gửi dở)?, dùng lại (?P<reused>\d+), "
                         r"xóa (?P<deleted>\d+), \d+,\d giây \((?P<requests>\d+) yêu cầu\)\."
                         r"(?P<same> Kho đã là bản mới nhất\.)?\n", out)
    assert found, out
    return {key: value or "" for key, value in found.groupdict().items()}


def test_first_and_second_mirror(site: Path, s3: S3, mirror_cli: Runner) -> None:
    code, out, err = mirror_cli("--to", TARGET)
    assert (code, err) == (0, "")
    first = summary(out)
    assert (first["to"], first["sent"], first["reused"], first["same"]) == (TARGET, "9", "0", "")
    objects = s3.keys(PREFIX)
    manifest = assert_mirrors(objects, site)
    index = manifest["files"]["lao-dong/thu-viec/index.html"]["sha256"]
    assert s3.content_type(f"{PREFIX}objects/{index[:2]}/{index}") == "text/html"
    assert s3.content_type(f"{PREFIX}manifest.json") == "application/json"
    stamps = {item["Key"]: item["LastModified"] for item in
              s3.client.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX)["Contents"]}

    code, out, _ = mirror_cli("--to", TARGET)
    again = summary(out)
    assert code == 0
    assert (again["sent"], again["size"], again["reused"], again["deleted"]) == ("0", "0 B", "9",
                                                                                 "0")
    assert again["same"]
    # a no-op costs three requests: GET manifest.json, LIST objects/, LIST incoming/
    assert again["requests"] == "3"
    assert {item["Key"]: item["LastModified"] for item in
            s3.client.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX)["Contents"]} == stamps
    assert s3.keys(PREFIX) == objects


def test_dry_run_writes_nothing(site: Path, s3: S3, mirror_cli: Runner) -> None:
    code, out, _ = mirror_cli("--to", TARGET, "--dry-run")
    assert code == 0 and out.endswith("✓ Chạy thử: sẽ gửi 9 tệp / 16,2 KB, dùng lại 0, xóa 0.\n")
    assert s3.keys() == {}


@pytest.mark.parametrize("where", ["put", "copy"])
def test_interrupted_mirror_resumes(site: Path, s3: S3, mirror_cli: Runner,
                                    monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """The connection drops after 3 uploads (or after 3 promotions): readers see nothing
    committed, and the next run sends only what is missing."""
    real_open = cli.open_store

    def breaking(target: cli.Target) -> Interrupting:
        store = Interrupting(real_open(target), 3, StoreError("mất kết nối (giả lập)"))
        if where == "copy":  # uploads succeed, the 4th promotion fails: one key stays staged
            store.put, store.copy = store.inner.put, _breaks_after(store.inner.copy, 3)
        return store

    monkeypatch.setattr(cli, "open_store", breaking)
    code, _, err = mirror_cli("--to", TARGET, "--jobs", "1")
    assert (code, err) == (1, "✗ mất kết nối (giả lập)\n")
    left = s3.keys(PREFIX)
    assert "manifest.json" not in left and not any(k.startswith("manifests/") for k in left)
    assert len([k for k in left if k.startswith("objects/")]) == 3
    staged = [k for k in left if k.startswith("incoming/")]
    assert len(staged) == (1 if where == "copy" else 0)

    monkeypatch.setattr(cli, "open_store", real_open)
    code, out, _ = mirror_cli("--to", TARGET)
    resumed = summary(out)
    assert code == 0
    if where == "copy":  # the staged upload is verified and promoted, not sent again
        assert (resumed["sent"], resumed["promoted"], resumed["reused"]) == ("5", "1", "3")
    else:
        assert (resumed["sent"], resumed["promoted"], resumed["reused"]) == ("6", "", "3")
    assert_mirrors(s3.keys(PREFIX), site)


def _breaks_after(call: object, count: int) -> object:
    done = [0]

    def wrapper(*args: object) -> object:
        if done[0] >= count:
            raise StoreError("mất kết nối (giả lập)")
        done[0] += 1
        return call(*args)  # type: ignore[operator]

    return wrapper


def test_killed_mirror_resumes(tmp_path: Path, s3: S3, mirror_cli: Runner) -> None:
    """A real interruption: `build.py mirror` in a subprocess, SIGKILLed mid-way."""
    old = write_site(tmp_path / "old", pages={"index.html": b"old"})
    assert mirror_cli("--to", TARGET, "--site-dir", str(old))[0] == 0
    before = s3.keys(PREFIX)["manifest.json"]
    pages = {f"trang/{n:03}.html": f"<p>trang {n}</p>".encode() * 50 for n in range(40)}
    site = write_site(tmp_path / "site", pages=pages)
    child = subprocess.Popen(
        [sys.executable, str(ROOT_DIR / "build.py"), "mirror", "--quiet", "--jobs", "1",
         "--root", str(tmp_path), "--to", TARGET], cwd=ROOT_DIR, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            listed = s3.client.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}objects/")
            if listed.get("KeyCount", 0) >= 4 + 8:  # the old site's 4, then 8 new
                break
            time.sleep(0.05)
        assert child.poll() is None, "the mirror ended before it could be interrupted"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
    left = s3.keys(PREFIX)
    assert left["manifest.json"] == before  # readers still see the old bookshelf, whole
    present = {k.rsplit("/", 1)[1] for k in left if k.startswith("objects/")}
    staged = {k.rsplit("/", 1)[1] for k in left if k.startswith("incoming/")} - present
    code, out, _ = mirror_cli("--to", TARGET)
    resumed = summary(out)
    assert code == 0
    wanted = 40 + 1 + 2  # pages, catalogue.json, the two companions (already there)
    new_present = len(present) - 4 + 2  # the companions count as present for the new site
    assert int(resumed["reused"]) == new_present
    assert int(resumed["sent"]) + int(resumed["promoted"] or 0) == wanted - new_present
    assert int(resumed["promoted"] or 0) <= len(staged)
    assert_mirrors(committed(s3.keys(PREFIX)), site)


def test_wrong_secret_and_wrong_key(site: Path, s3: S3, mirror_cli: Runner,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    key_id, secret = s3.enforce_auth()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)  # a real key, the wrong secret
    code, out, err = mirror_cli("--to", TARGET, "--debug")
    assert (code, out) == (1, "")
    assert err.endswith(f"✗ {TARGET}: máy chủ S3 từ chối khóa truy cập (SignatureDoesNotMatch) "
                        "— kiểm tra AWS_SECRET_ACCESS_KEY\n")
    assert SECRET not in err and secret not in err

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIANOTAKNOWNKEY0000")
    code, out, err = mirror_cli("--to", TARGET)
    assert (code, err) == (1, f"✗ {TARGET}: máy chủ S3 từ chối khóa truy cập "
                              "(InvalidAccessKeyId) — kiểm tra AWS_ACCESS_KEY_ID\n")

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    code, out, err = mirror_cli("--to", TARGET)
    assert code == 0 and secret not in out + err
    s3.relax_auth()
    assert_mirrors(s3.keys(PREFIX), site)


def test_missing_credentials(site: Path, s3: S3, mirror_cli: Runner,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert mirror_cli("--to", TARGET) == (
        1, "", f"✗ {TARGET}: không tìm thấy khóa truy cập S3 — đặt AWS_ACCESS_KEY_ID và "
               "AWS_SECRET_ACCESS_KEY\n")


def test_missing_bucket(site: Path, s3: S3, mirror_cli: Runner) -> None:
    assert mirror_cli("--to", "s3://khong-co/kho") == (
        1, "", f"✗ s3://khong-co/kho: không có bucket 'khong-co' trên {s3.endpoint} — tạo "
               "bucket trước, hoặc sửa --to\n")


def test_unreachable_endpoint(site: Path, s3: S3, mirror_cli: Runner,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    code, out, err = mirror_cli("--to", TARGET, "--debug")
    assert (code, out) == (1, "")
    assert err.startswith("Traceback")  # --debug: ours only, boto's chain is not kept
    assert "botocore" not in err
    assert err.endswith(f"✗ {TARGET}: không kết nối được tới máy chủ S3 {endpoint} — kiểm tra "
                        "AWS_ENDPOINT_URL và mạng\n")


def test_delete_on_s3(tmp_path: Path, s3: S3, mirror_cli: Runner) -> None:
    for n in range(3):
        site = write_site(tmp_path / f"site{n}", pages={"index.html": f"v{n}".encode()},
                          date=f"2026-11-2{n}")
        assert mirror_cli("--to", TARGET, "--site-dir", str(site))[0] == 0
    code, out, _ = mirror_cli("--to", TARGET, "--site-dir", str(site), "--delete")
    assert code == 0 and summary(out)["deleted"] == "3"  # a manifest, its index and catalogue
    keys = s3.keys(PREFIX)
    assert len([k for k in keys if k.startswith("manifests/")]) == 2
    assert len([k for k in keys if k.startswith("objects/")]) == 6
