"""audiobooks/bulletins.yml: the bulletin format of interaction-format.md, every problem at
its line, and the explainer's `bulletin:` text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators.library import load_library
from generators.library.bulletins import DEFAULT_PROFILE
from tests.conftest import TODAY, LibraryMaker, explainer

GOOD = """\
profiles:
  loa:  {sample_rate: 44100, bitrate: 128, channels: 1, loudness: -16, true_peak: -1.5}
  nho:  {sample_rate: 22050, bitrate: 64, channels: 2, loudness: -20, true_peak: -2,
         band: [300, 4000], compression: false}
bulletins:
  - name: lao-dong-thang-12
    title: Bản tin pháp luật về lao động
    explainers: [thu-viec]
    minutes: 5
    voice: vi-bac
    profile: loa
    schedule: "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"
    areas: [xa-a, xa-b]
new_documents:
  days_before: 7
  voice: vi-bac
  profile: loa
"""


def _problems(tmp_library: LibraryMaker, text: str, files: dict[str, str] | None = None,
              ) -> list[str]:
    root = tmp_library({"audiobooks/bulletins.yml": text, **(files or {})})
    _, problems = load_library(root, TODAY)
    return [p.format() for p in problems.errors]


def _one(tmp_library: LibraryMaker, item: str) -> list[str]:
    """The errors of a file whose one bulletin is `item` (its keys, indented under `- `)."""
    return _problems(tmp_library, "bulletins:\n  - " + item.strip().replace("\n", "\n    ")
                     + "\n")


BASE = "name: b\ntitle: Bản tin\nexplainers: [thu-viec]\nminutes: 4\n"


def test_a_bulletins_file_loads(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({"audiobooks/bulletins.yml": GOOD}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    settings = library.bulletins
    (bulletin,) = settings.bulletins
    assert bulletin.name == "lao-dong-thang-12" and bulletin.explainers == ("thu-viec",)
    assert bulletin.minutes == 5 and bulletin.voice == "vi-bac" and bulletin.profile == "loa"
    assert bulletin.schedule == "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"
    assert bulletin.areas == ("xa-a", "xa-b") and bulletin.line == 6
    small = settings.profiles["nho"]
    assert (small.sample_rate, small.bitrate, small.channels, small.loudness,
            small.true_peak, small.band, small.compression) == (22050, 64, 2, -20, -2,
                                                                (300, 4000), False)
    assert settings.new_documents is not None and settings.new_documents.days_before == 7


def test_without_a_file_there_are_no_bulletins_and_the_horn_profile(
        tmp_library: LibraryMaker) -> None:
    library, _ = load_library(tmp_library(), TODAY)
    assert library is not None
    assert library.bulletins.bulletins == () and library.bulletins.new_documents is None
    assert library.bulletins.profiles == {"loa": DEFAULT_PROFILE}
    assert (DEFAULT_PROFILE.loudness, DEFAULT_PROFILE.true_peak) == (-16, -1.5)


def test_voice_and_profile_default_to_the_library_s(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(
        tmp_library({"audiobooks/bulletins.yml": "bulletins:\n  - " + BASE.replace(
            "\n", "\n    ")}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    (bulletin,) = library.bulletins.bulletins
    assert (bulletin.voice, bulletin.profile) == ("vi-bac", "loa")


@pytest.mark.parametrize(("item", "expected"), [
    ("name: b\ntitle: T\nexplainers: []\nminutes: 4",
     "audiobooks/bulletins.yml:4: bản tin 'b' không có bài nào trong 'explainers' — gợi ý: "
     "thêm explainers: [slug-bai-1, slug-bai-2]"),
    ("name: b\ntitle: T\nminutes: 4",
     "audiobooks/bulletins.yml:2: bản tin 'b' không có bài nào trong 'explainers' — gợi ý: "
     "thêm explainers: [slug-bai-1, slug-bai-2]"),
    ("name: b\ntitle: T\nexplainers: [thu-viec, khong-co]\nminutes: 4",
     "audiobooks/bulletins.yml:4: bản tin 'b': không có bài 'khong-co' — gợi ý: dùng tên tệp "
     "của bài (không có .md), ví dụ thoi-gian-thu-viec"),
    (BASE + "voice: vi-hue",
     "audiobooks/bulletins.yml:6: giọng 'vi-hue' không có trong audiobooks/voices.yml — gợi ý: "
     "dùng một trong: vi-bac, vi-trung, vi-nam"),
    (BASE + "profile: loa-lon",
     "audiobooks/bulletins.yml:6: cấu hình loa 'loa-lon' không có trong 'profiles' — gợi ý: "
     "dùng một trong: loa"),
    (BASE + 'schedule: "FREQ=SOMETIMES;BYHOUR=6"',
     "audiobooks/bulletins.yml:6: lịch phát 'FREQ=SOMETIMES;BYHOUR=6' không phải RRULE hợp lệ "
     "(invalid 'FREQ': SOMETIMES) — gợi ý: ví dụ schedule: "
     '"FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"'),
    (BASE.replace("minutes: 4", "minutes: 90"),
     "audiobooks/bulletins.yml:5: 'minutes' phải từ 0.5 đến 30 (đang là 90)"),
    (BASE.replace("minutes: 4", "minutes: bốn"),
     "audiobooks/bulletins.yml:5: 'minutes' phải là một số, không phải 'bốn'"),
    (BASE.replace("name: b", "name: Bản Tin"),
     "audiobooks/bulletins.yml:2: tên bản tin 'Bản Tin' không hợp lệ — gợi ý: dùng chữ thường "
     "không dấu, số và dấu gạch ngang, ví dụ lao-dong-thang-12"),
    (BASE + "valid_from: 2026-12-10\nvalid_to: 2026-12-01",
     "audiobooks/bulletins.yml:7: ngày 'valid_to' trước ngày 'valid_from'"),
    (BASE + "languages: [km]",
     "audiobooks/bulletins.yml:6: bản tin 'b': ngôn ngữ 'km' không có trong languages.yml"),
])
def test_each_problem_of_a_bulletin_is_at_its_line(tmp_library: LibraryMaker, item: str,
                                                   expected: str) -> None:
    assert _one(tmp_library, item) == [expected]


def test_a_schedule_is_parsed_by_rfc_5545_rules(tmp_library: LibraryMaker) -> None:
    wrong = _one(tmp_library, BASE + 'schedule: "FREQ=WEEKLY;BYDAY=XX;BYHOUR=6"')
    assert len(wrong) == 1 and wrong[0].startswith(
        "audiobooks/bulletins.yml:6: lịch phát 'FREQ=WEEKLY;BYDAY=XX;BYHOUR=6' không phải "
        "RRULE hợp lệ")
    assert _one(tmp_library, BASE + 'schedule: "RRULE:FREQ=DAILY;BYHOUR=17;BYMINUTE=0"') == []


def test_a_duplicate_name_is_at_the_second_bulletin(tmp_library: LibraryMaker) -> None:
    item = BASE.strip().replace("\n", "\n    ")
    text = f"bulletins:\n  - {item}\n  - {item}\n"
    assert _problems(tmp_library, text) == [
        "audiobooks/bulletins.yml:6: bản tin 'b' trùng tên với bản tin ở dòng 2 — gợi ý: mỗi "
        "bản tin cần một tên riêng"]


@pytest.mark.parametrize(("profile", "expected"), [
    ("{sample_rate: 44000}", "audiobooks/bulletins.yml:3: cấu hình loa 'x': tần số lấy mẫu "
     "44000 Hz không dùng được cho MP3 — gợi ý: dùng một trong: 8000, 11025, 12000, 16000, "
     "22050, 24000, 32000, 44100, 48000"),
    ("{sample_rate: 22050, bitrate: 192}", "audiobooks/bulletins.yml:3: cấu hình loa 'x': "
     "bitrate 192 kbps không dùng được với 22050 Hz — gợi ý: dùng một trong: 8, 16, 24, 32, "
     "40, 48, 56, 64, 80, 96, 112, 128, 144, 160"),
    ("{channels: 3}", "audiobooks/bulletins.yml:3: 'channels' phải từ 1 đến 2 (đang là 3)"),
    ("{loudness: -60}", "audiobooks/bulletins.yml:3: 'loudness' phải từ -40 đến -5 "
     "(đang là -60)"),
    ("{true_peak: 2}", "audiobooks/bulletins.yml:3: 'true_peak' phải từ -9 đến 0 (đang là 2)"),
    ("{bitrate: 12.5}", "audiobooks/bulletins.yml:3: 'bitrate' phải là một số nguyên, không "
     "phải '12.5'"),
    ("{band: [5000, 200]}", "audiobooks/bulletins.yml:3: cấu hình loa 'x': 'band' phải là "
     "[tần số thấp, tần số cao] bằng Hz, 0 < thấp < cao ≤ 22050 — gợi ý: ví dụ band: "
     "[200, 5000]"),
    ("{intro: nhac-hieu/khong-co.mp3}", "audiobooks/bulletins.yml:3: cấu hình loa 'x': không "
     "có tệp nhạc hiệu audiobooks/nhac-hieu/khong-co.mp3 — gợi ý: đặt tệp (MP3, WAV, OGG) "
     "trong audiobooks/, ví dụ intro: nhac-hieu/mo-dau.mp3"),
])
def test_each_problem_of_a_profile_is_at_its_line(tmp_library: LibraryMaker, profile: str,
                                                  expected: str) -> None:
    assert _problems(tmp_library, f"profiles:\n\n  x: {profile}\n") == [expected]


def test_new_documents_needs_days_before_in_range(tmp_library: LibraryMaker) -> None:
    assert _problems(tmp_library, "new_documents:\n  days_before: 400\n") == [
        "audiobooks/bulletins.yml:2: 'days_before' phải từ 1 đến 90 (đang là 400)"]
    assert _problems(tmp_library, "new_documents:\n  voice: vi-bac\n") == [
        "audiobooks/bulletins.yml:1: new_documents: thiếu khóa bắt buộc 'days_before' — gợi ý: "
        "thêm 'days_before: …'"]


def test_a_jingle_file_is_found_under_audiobooks(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"audiobooks/bulletins.yml": "profiles:\n  loa: {intro: nhac/a.wav}\n",
                        "audiobooks/nhac/a.wav": b"RIFF"})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.bulletins.profiles["loa"].intro == Path(root / "audiobooks/nhac/a.wav")


def test_an_explainer_carries_its_radio_text(tmp_library: LibraryMaker) -> None:
    text = explainer(extra='reviewed: true\nbulletin: "Thử việc tối đa 60 ngày. Lương ít nhất '
                           '85%."')
    library, problems = load_library(tmp_library({"content/lao-dong/thu-viec.md": text}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    assert library.explainer("thu-viec").bulletin == "Thử việc tối đa 60 ngày. Lương ít nhất 85%."
    long = explainer(extra="reviewed: true\nbulletin: " + "a" * 3001)
    _, problems = load_library(tmp_library({"content/lao-dong/thu-viec.md": long}), TODAY)
    assert [p.format() for p in problems.errors] == [
        "content/lao-dong/thu-viec.md:9: front matter: 'bulletin' dài 3001 ký tự, tối đa 3000 — "
        "gợi ý: rút gọn cho dễ đọc trên điện thoại"]
