"""`build.py mirror --to file:///…`: a repository in a folder, and the BagIt bag."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bagit
import pytest

import generators.commands.mirror as cli
from generators.mirror import StoreError
from tests.mirror.conftest import PAGES, Runner, write_site
from tests.mirror.helpers import Counting, Interrupting, assert_mirrors, committed, folder

SUMMARY = re.compile(r"✓ Đã sao lưu vào file://\S+: gửi (\d+) tệp / ([\d,]+ [KM]?B), dùng lại "
                     r"(\d+), xóa (\d+), \d+,\d giây \(\d+ yêu cầu\)\.( Kho đã là bản mới nhất\.)?")


def test_first_then_second_mirror(site: Path, tmp_path: Path, mirror_cli: Runner) -> None:
    repo = tmp_path / "kho"
    code, out, err = mirror_cli("--to", f"file://{repo}")
    assert (code, err) == (0, "")
    sent = SUMMARY.fullmatch(out.strip())
    assert sent and sent.group(1, 3, 4) == ("9", "0", "0") and not sent.group(5)
    first = folder(repo)
    manifest = assert_mirrors(first, site)
    assert len(manifest["files"]) == 10  # 7 pages + 2 companions + catalogue.json
    code, out, _ = mirror_cli("--to", f"file://{repo}")
    again = SUMMARY.fullmatch(out.strip())
    assert code == 0 and again and again.group(1, 2, 3, 4) == ("0", "0 B", "9", "0")
    assert again.group(5)
    assert folder(repo) == first


def test_dry_run_changes_nothing(site: Path, tmp_path: Path, mirror_cli: Runner) -> None:
    repo = tmp_path / "kho"
    code, out, _ = mirror_cli("--to", f"file://{repo}", "--dry-run")
    assert code == 0 and not repo.exists()
    assert out.splitlines()[0] == f"Kế hoạch sao lưu vào file://{repo} (chạy thử — không thay " \
                                  "đổi gì):"
    assert "  gửi      sach-noi/thu-viec.mp3 (10,2 KB)" in out.splitlines()
    assert out.splitlines()[-1] == "✓ Chạy thử: sẽ gửi 9 tệp / 16,2 KB, dùng lại 0, xóa 0."


def test_only_changed_content_is_sent(tmp_path: Path, mirror_cli: Runner,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site = write_site(tmp_path / "site")
    repo = tmp_path / "kho"
    assert mirror_cli("--to", f"file://{repo}")[0] == 0
    write_site(site, pages={**PAGES, "index.html": b"<!doctype html><title>new</title>"})
    counting: list[Counting] = []
    real_open = cli.open_store

    def spy(target: cli.Target) -> Counting:
        counting.append(Counting(real_open(target)))
        return counting[0]

    monkeypatch.setattr(cli, "open_store", spy)
    code, out, _ = mirror_cli("--to", f"file://{repo}")
    assert code == 0 and " gửi 2 tệp " in out  # index.html and catalogue.json
    written = counting[0].written
    assert [key.split("/")[0] for key in written] == ["incoming", "incoming", "manifests",
                                                      "manifest.json"]
    assert written[-1] == "manifest.json"  # the commit comes last
    assert_mirrors(committed(folder(repo)), site)


@pytest.mark.parametrize("error", [StoreError("mất kết nối (giả lập)"), KeyboardInterrupt()])
def test_interrupted_mirror_resumes(tmp_path: Path, mirror_cli: Runner,
                                    monkeypatch: pytest.MonkeyPatch,
                                    error: BaseException) -> None:
    old = write_site(tmp_path / "old", pages={"index.html": b"old"})
    repo = tmp_path / "kho"
    assert mirror_cli("--to", f"file://{repo}", "--site-dir", str(old))[0] == 0
    before = (repo / "manifest.json").read_bytes()
    site = write_site(tmp_path / "site")
    real_open = cli.open_store
    monkeypatch.setattr(cli, "open_store", lambda t: Interrupting(real_open(t), 4, error))
    code, _, err = mirror_cli("--to", f"file://{repo}", "--jobs", "2")
    if isinstance(error, KeyboardInterrupt):
        assert code == 130 and err.startswith("✗ Đã dừng: người đọc file://")
    else:
        assert (code, err) == (1, "✗ mất kết nối (giả lập)\n")
    assert (repo / "manifest.json").read_bytes() == before  # readers still see the old one
    objects = [p for p in (repo / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 4 + 4  # the old site's 4 + the 4 sent before the break
    monkeypatch.setattr(cli, "open_store", real_open)
    code, out, _ = mirror_cli("--to", f"file://{repo}")
    assert code == 0 and " gửi 3 tệp " in out and "dùng lại 6," in out
    assert_mirrors(committed(folder(repo)), site)


def test_delete_keeps_the_previous_manifest(tmp_path: Path, mirror_cli: Runner) -> None:
    repo = tmp_path / "kho"
    sites = [write_site(tmp_path / f"site{n}", pages={"index.html": f"v{n}".encode()},
                        date=f"2026-11-2{n}") for n in range(4)]
    for site in sites:
        code, out, _ = mirror_cli("--to", f"file://{repo}", "--site-dir", str(site))
        assert code == 0 and "xóa 0," in out  # without --delete, nothing goes
    assert len(list((repo / "manifests").iterdir())) == 4
    code, out, _ = mirror_cli("--to", f"file://{repo}", "--site-dir", str(sites[3]), "--delete",
                              "--dry-run")
    doomed = [line.split()[1] for line in out.splitlines() if line.startswith("  xóa ")]
    assert len(doomed) == 2 + 4  # two old manifests, their index.html and catalogue.json
    assert folder(repo)  # unchanged by the dry run
    code, out, _ = mirror_cli("--to", f"file://{repo}", "--site-dir", str(sites[3]), "--delete")
    assert code == 0 and "xóa 6," in out
    left = folder(repo)
    assert sorted(k for k in left if k.startswith("manifests/")) == [
        "manifests/" + name for name in sorted(p.name for p in (repo / "manifests").iterdir())]
    assert len([k for k in left if k.startswith("manifests/")]) == 2
    # the previous manifest is still readable whole: a reader holding it loses nothing
    for key in (k for k in left if k.startswith("manifests/")):
        for entry in json.loads(left[key])["files"].values():
            assert f"objects/{entry['sha256'][:2]}/{entry['sha256']}" in left
    assert len([k for k in left if k.startswith("objects/")]) == 6


def test_stale_incoming_goes_only_with_delete(site: Path, tmp_path: Path,
                                              mirror_cli: Runner) -> None:
    repo = tmp_path / "kho"
    stale = repo / "incoming" / ("ab" * 32)
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"left by a run of another bookshelf")
    assert mirror_cli("--to", f"file://{repo}")[0] == 0
    torn = next((repo / "objects").iterdir()) / ".0123.abcd.tmp"  # a write killed mid-way
    torn.write_bytes(b"half")
    assert stale.exists()
    code, out, _ = mirror_cli("--to", f"file://{repo}", "--delete")
    assert code == 0 and "xóa 2," in out and not stale.exists() and not torn.exists()
    assert_mirrors(folder(repo), site)


def test_usage_errors(site: Path, mirror_cli: Runner) -> None:
    assert mirror_cli("--to", "ftp://x/y") == (
        2, "", "✗ --to ftp://x/y: chỉ hỗ trợ file:///đường/dẫn hoặc s3://bucket/thư-mục\n")
    assert mirror_cli("--to", "file://relative/path")[0] == 2
    assert mirror_cli("--to", "s3://tu-sach/x", "--bagit")[2] == (
        "✗ --bagit chỉ ghi ra đĩa: dùng --to file:///đường/dẫn\n")
    assert mirror_cli("--to", "file:///tmp/x", "--delete", "--keep", "1")[0] == 2
    code, _, err = mirror_cli("--to", "s3://AKIA:secret@tu-sach/x")
    assert code == 2 and "secret" not in err and "AKIA" not in err


def test_catalogue_mismatch_sends_nothing(site: Path, tmp_path: Path, mirror_cli: Runner) -> None:
    (site / "sach-noi/thu-viec.mp3").write_bytes(b"truncated")
    repo = tmp_path / "kho"
    code, _, err = mirror_cli("--to", f"file://{repo}")
    assert code == 1 and not repo.exists()
    assert err == (f"✗ catalogue.json không khớp site {site} — chưa gửi gì: "
                   "sach-noi/thu-viec.mp3: 9 byte, danh mục ghi 10240\n")


def test_bagit(site: Path, tmp_path: Path, mirror_cli: Runner) -> None:
    target = tmp_path / "tui" / "tu-sach"
    code, out, err = mirror_cli("--to", f"file://{target}", "--bagit")
    assert (code, err) == (0, "")
    assert re.fullmatch(rf"✓ Đã ghi túi BagIt {target}: 10 tệp / 16,2 KB, đã kiểm tra, "
                        r"\d+,\d giây\.\n", out)
    bag = bagit.Bag(str(target))
    bag.validate()  # bagit's own full validation: oxum, every sha256, tag files
    assert bag.algorithms == ["sha256"]
    assert bag.info["Source-Organization"] == "Tủ sách pháp luật số"
    assert bag.info["Bagging-Date"] == "2026-11-23"
    assert bag.info["Payload-Oxum"] == f"{sum(len(v) for v in folder(site).values())}.10"
    assert "External-Description" in bag.info
    assert (target / "data/lao-dong/thu-viec/index.html").read_bytes() == \
        (site / "lao-dong/thu-viec/index.html").read_bytes()
    first = folder(target)
    assert mirror_cli("--to", f"file://{target}", "--bagit")[0] == 0  # replaces the bag
    assert folder(target) == first  # deterministic
    assert [p.name for p in target.parent.iterdir()] == ["tu-sach"]  # no temp folder left


def test_bagit_will_not_overwrite_other_folders(site: Path, tmp_path: Path,
                                                mirror_cli: Runner) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = mirror_cli("--to", f"file://{tmp_path / 'docs'}", "--bagit")
    assert code == 2 and "không phải một túi BagIt" in err
    assert (tmp_path / "docs" / "keep.txt").exists()
