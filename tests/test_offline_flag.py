"""`--offline`: the build calls no online service; edge-tts voices use only cached audio."""

from __future__ import annotations

from pathlib import Path

import edge_tts
import pytest

import build as cli
from tests.conftest import LibraryMaker
from tests.speech.fakes import FakeService

VOICES = ("default: vi-bac\nvoices:\n"
          "  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}\n"
          "  vi-hoaimy: {lang: vi, engine: edge, voice: vi-VN-HoaiMyNeural, label: Hoài My}\n")
SKIPPED = ("  ⚠ content/lao-dong/thu-viec.md: không tạo được giọng 'vi-hoaimy' (--offline: "
           "không gọi dịch vụ edge-tts, chưa có âm thanh lưu sẵn) — trang chỉ có các giọng "
           "đọc còn lại\n")


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> FakeService:
    """edge-tts itself, faked where generators/speech/edge.py calls it."""
    fake = FakeService()
    monkeypatch.setattr(edge_tts, "Communicate", fake)
    return fake


def run(root: Path, *extra: str) -> int:
    return cli.main(["build", "--root", str(root), "--date", "2026-11-23", "--quiet",
                     "--no-search", "--no-video", "--no-cards", "--no-ebooks", "--no-bundle",
                     "--cache-dir", str(root.parent / "cache"), "--jobs", "1", *extra])


def voices_on_page(root: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in (root / "site" / "sach-noi").rglob("*.mp3"))


def test_offline_never_calls_edge_and_names_the_voice_it_skips(
        tmp_library: LibraryMaker, service: FakeService,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"audiobooks/voices.yml": VOICES})
    assert run(root, "--offline") == 0
    out = capsys.readouterr().out
    assert service.calls == []
    assert SKIPPED in out
    assert voices_on_page(root) == ["vi-bac"]  # the espeak-ng voice only


def test_offline_uses_edge_audio_already_in_the_cache(
        tmp_library: LibraryMaker, service: FakeService,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"audiobooks/voices.yml": VOICES})
    assert run(root) == 0  # online: the (fake) service reads every chapter
    assert service.calls != []
    assert voices_on_page(root) == ["vi-bac", "vi-hoaimy"]
    service.calls.clear()
    capsys.readouterr()
    assert run(root, "--offline") == 0
    assert service.calls == []
    assert SKIPPED not in capsys.readouterr().out
    assert voices_on_page(root) == ["vi-bac", "vi-hoaimy"]


@pytest.mark.parametrize("argv", [["check", "--offline"], ["--offline", "check"],
                                  ["serve", "--offline", "--port", "1"], ["--offline"]])
def test_offline_is_accepted_wherever_a_build_runs(argv: list[str]) -> None:
    args = cli.parser().parse_args(argv)
    assert getattr(args, "offline", True) is True


def test_mirror_has_no_offline_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parser().parse_args(["mirror", "--to", "file:///tmp/x", "--offline"])
    assert "--offline" in capsys.readouterr().err
