"""A small library with two bulletins (two profiles, one with a jingle), built once with
real espeak-ng and ffmpeg: one minute of speech each keeps synthesis and encoding short."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from generators.bulletins.make import Outcome, make_bulletins
from generators.bulletins.plans import Setting
from generators.ffmpeg import ffmpeg_binary
from generators.library import load_library
from generators.library.model import Library
from generators.speech.books import default_engines
from tests.conftest import TODAY, base_files, explainer

THU_VIEC = """\
## Thử việc là gì?

Thử việc là thời gian làm thử để hai bên xem công việc có phù hợp không. Thử việc do hai bên
thỏa thuận, không bắt buộc. Mỗi công việc chỉ được thử việc một lần.

## Thử việc bao lâu?

Theo Điều 25 Bộ luật Lao động 2019, thời gian thử việc không quá 60 ngày với công việc cần
trình độ cao đẳng trở lên. Công việc khác không quá 6 ngày làm việc. Hai bên có thể thỏa thuận
ngắn hơn.

## Lương thử việc

Lương thử việc ít nhất bằng 85% lương chính thức. Ví dụ lương chính thức là 8 triệu đồng thì
lương thử việc ít nhất là 6,8 triệu đồng. Hết thử việc, chủ phải báo kết quả cho bạn.
"""
NGHI_VIEC = """\
## Báo trước bao lâu?

Người lao động muốn nghỉ việc phải báo trước cho chủ. Hợp đồng không xác định thời hạn thì báo
trước ít nhất 45 ngày. Hợp đồng từ 12 tháng đến 36 tháng thì báo trước ít nhất 30 ngày.

## Khi nào không cần báo trước?

Bạn được nghỉ ngay nếu không được trả đủ lương đúng hạn. Bạn cũng được nghỉ ngay nếu bị ngược
đãi, quấy rối ở nơi làm việc. Lao động nữ mang thai được nghỉ theo chỉ định của bác sĩ.

## Nghỉ trái luật thì sao?

Nghỉ không báo trước đúng hạn là nghỉ trái luật. Khi đó bạn không được trợ cấp thôi việc. Bạn
phải bồi thường nửa tháng lương và tiền lương những ngày không báo trước.
"""
BULLETINS = """\
profiles:
  loa: {sample_rate: 44100, bitrate: 128, channels: 1, loudness: -16, true_peak: -1.5}
  nho:
    sample_rate: 22050
    bitrate: 64
    channels: 2
    loudness: -20
    true_peak: -3
    band: [300, 3400]
    intro: nhac-hieu/mo-dau.wav
bulletins:
  - name: lao-dong
    title: Bản tin pháp luật về lao động
    explainers: [thu-viec, nghi-viec]
    minutes: 1.5
    schedule: "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"
    areas: [xa-a, xa-b]
    valid_to: 2026-12-31
  - name: thu-viec-loa-nho
    title: Thử việc
    explainers: [thu-viec]
    minutes: 1
    profile: nho
"""


def library_files() -> dict[str, str | bytes]:
    return {**base_files(),
            "content/lao-dong/thu-viec.md": explainer(body=THU_VIEC),
            "content/lao-dong/nghi-viec.md": explainer(title="Nghỉ việc phải báo trước bao lâu?",
                                                        body=NGHI_VIEC),
            "audiobooks/bulletins.yml": BULLETINS}


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, "utf-8")
    jingle = root / "audiobooks/nhac-hieu/mo-dau.wav"
    jingle.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=660:duration=1.5", "-y", str(jingle)], check=True)
    return root


def load(root: Path, today: date = TODAY) -> Library:
    library, problems = load_library(root, today)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def setting(cache: Path, today: date = TODAY) -> Setting:
    return Setting(today, "Tủ sách thử", "https://tusach.example.gov.vn/", cache, jobs=2)


@dataclass(frozen=True)
class Built:
    root: Path
    library: Library
    cache: Path
    work: Path
    outcome: Outcome


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("bulletins")
    root = write(base / "lib", library_files())
    library = load(root)
    work = base / "work"
    work.mkdir()
    outcome = make_bulletins(library, setting(base / "cache"), work, default_engines())
    return Built(root, library, base / "cache", work, outcome)
