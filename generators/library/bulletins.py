"""`audiobooks/bulletins.yml`: the commune-loudspeaker bulletins and the profiles of the
province's loudspeaker system (interaction-format.md), each problem at its line."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generators.errors import Problems
from generators.library.data import KEY_RE
from generators.library.files import is_library_file, read_yaml
from generators.library.model import (
    AudiobookSettings,
    Bulletin,
    BulletinProfile,
    BulletinSettings,
    NewDocumentBulletins,
)
from generators.library.schema import Key, check_mapping
from generators.library.yamlio import YamlDoc

BULLETINS_FILE = "audiobooks/bulletins.yml"
DEFAULT_PROFILE = BulletinProfile("loa", label="Loa truyền thanh ngoài trời")
"""The horns' profile when bulletins.yml names none: −16 LUFS, ≤ −1.5 dBTP, mono 44.1 kHz."""
SAMPLE_RATES = {
    # MP3 allows these rates only, each with its own bitrates (kbps): MPEG-1, -2 and -2.5.
    **dict.fromkeys((32000, 44100, 48000),
                    (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)),
    **dict.fromkeys((16000, 22050, 24000),
                    (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)),
    **dict.fromkeys((8000, 11025, 12000), (8, 16, 24, 32, 40, 48, 56, 64)),
}
MINUTES = (0.5, 30.0)
DAYS_BEFORE = (1, 90)
_TOP = {"profiles": Key(dict), "bulletins": Key(object), "new_documents": Key(dict)}
_PROFILE = {"sample_rate": Key(object), "bitrate": Key(object), "channels": Key(object),
            "loudness": Key(object), "true_peak": Key(object), "band": Key(object),
            "compression": Key(bool), "intro": Key(str), "outro": Key(str),
            "label": Key(str, max_len=100)}
_BULLETIN = {"name": Key(str, required=True), "title": Key(str, required=True, max_len=150),
             "explainers": Key(list), "minutes": Key(object, required=True),
             "voice": Key(str), "profile": Key(str), "schedule": Key(str),
             "areas": Key(list), "valid_from": Key(date), "valid_to": Key(date),
             "languages": Key(list)}
_NEW = {"days_before": Key(object, required=True), "voice": Key(str), "profile": Key(str),
        "minutes": Key(object), "schedule": Key(str)}


def load_bulletins(root: Path, audiobooks: AudiobookSettings, explainers: Collection[str] | None,
                   languages: Collection[str], problems: Problems) -> BulletinSettings:
    """The checked bulletins file (empty without one); `explainers` = the slugs a bulletin may
    name (None: not known, not checked)."""
    file = root / BULLETINS_FILE
    if not file.is_file():
        return BulletinSettings(profiles=MappingProxyType({"loa": DEFAULT_PROFILE}))
    doc = read_yaml(file, root, problems)
    if doc is None:
        return BulletinSettings()
    top = check_mapping(doc, (), doc.data if doc.data is not None else {}, _TOP,
                        BULLETINS_FILE, problems, "bulletins.yml")
    if top is None:
        return BulletinSettings()
    check = _Checker(root, doc, problems, audiobooks, explainers, languages)
    profiles = check.profiles(top.get("profiles"))
    bulletins = check.bulletins(top.get("bulletins"), profiles)
    new = check.new_documents(top.get("new_documents"), profiles)
    return BulletinSettings(BULLETINS_FILE, MappingProxyType(profiles), tuple(bulletins), new)


class _Checker:
    """One file's checks, sharing its line map and the keys it may refer to."""

    def __init__(self, root: Path, doc: YamlDoc, problems: Problems,
                 audiobooks: AudiobookSettings, explainers: Collection[str] | None,
                 languages: Collection[str]) -> None:
        self.root, self.doc, self.problems = root, doc, problems
        self.audiobooks, self.explainers, self.languages = audiobooks, explainers, languages
        self.ok = True

    def error(self, at: tuple[Any, ...], message: str, hint: str = "") -> None:
        self.problems.error(BULLETINS_FILE, self.doc.line(*at), message, hint)
        self.ok = False

    # ---- profiles -------------------------------------------------------------------------

    def profiles(self, raw: Any) -> dict[str, BulletinProfile]:
        if raw is None:
            return {"loa": DEFAULT_PROFILE}
        out: dict[str, BulletinProfile] = {}
        for key, value in raw.items():
            at = ("profiles", key)
            if not KEY_RE.match(str(key)):
                self.error(at, f"tên cấu hình loa '{key}' không hợp lệ",
                           "dùng chữ thường không dấu, số và dấu gạch ngang")
                continue
            profile = self.profile(str(key), at, value)
            if profile is not None:
                out[str(key)] = profile
        return out

    def profile(self, key: str, at: tuple[Any, ...], value: Any) -> BulletinProfile | None:
        clean = check_mapping(self.doc, at, value, _PROFILE, BULLETINS_FILE, self.problems,
                              f"cấu hình loa '{key}'")
        if clean is None:
            self.ok = False
            return None
        d = DEFAULT_PROFILE
        rate = self.number(at, "sample_rate", clean, d.sample_rate, whole=True)
        channels = self.number(at, "channels", clean, d.channels, whole=True, low=1, high=2)
        bitrate = self.number(at, "bitrate", clean, d.bitrate, whole=True)
        loudness = self.number(at, "loudness", clean, d.loudness, low=-40, high=-5)
        peak = self.number(at, "true_peak", clean, d.true_peak, low=-9, high=0)
        if None in (rate, channels, bitrate, loudness, peak):
            return None
        assert rate is not None and bitrate is not None
        if int(rate) not in SAMPLE_RATES:
            self.error((*at, "sample_rate"), f"cấu hình loa '{key}': tần số lấy mẫu {rate} Hz "
                       "không dùng được cho MP3",
                       "dùng một trong: " + ", ".join(str(r) for r in sorted(SAMPLE_RATES)))
            return None
        if int(bitrate) not in SAMPLE_RATES[int(rate)]:
            allowed = ", ".join(str(b) for b in SAMPLE_RATES[int(rate)])
            self.error((*at, "bitrate"), f"cấu hình loa '{key}': bitrate {bitrate} kbps không "
                       f"dùng được với {rate} Hz", f"dùng một trong: {allowed}")
            return None
        band = self.band(key, at, clean.get("band"), int(rate))
        if band is None:
            return None
        jingles = [self.jingle(key, at, name, clean.get(name)) for name in ("intro", "outro")]
        if False in jingles:
            return None
        intro, outro = (j if isinstance(j, Path) else None for j in jingles)
        return BulletinProfile(key, int(rate), int(bitrate), int(channels or 1),
                               float(loudness or 0), float(peak or 0), band,
                               clean.get("compression", True), intro, outro,
                               clean.get("label") or "")

    def number(self, at: tuple[Any, ...], name: str, clean: Mapping[str, Any],
               default: float, *, whole: bool = False, low: float | None = None,
               high: float | None = None) -> float | None:
        """A number key (its default when absent); None after an error at its line."""
        value = clean.get(name, default)
        kind = "một số nguyên" if whole else "một số"
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                whole and not isinstance(value, int)):
            self.error((*at, name), f"'{name}' phải là {kind}, không phải '{value}'")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error((*at, name), f"'{name}' phải từ {_n(low)} đến {_n(high)} "
                       f"(đang là {_n(value)})")
            return None
        return float(value) if not whole else value

    def band(self, key: str, at: tuple[Any, ...], raw: Any, rate: int) -> tuple[int, int] | None:
        if raw is None:
            return DEFAULT_PROFILE.band
        nyquist = rate // 2
        if not (isinstance(raw, list) and len(raw) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) for v in raw)
                and 0 < raw[0] < raw[1] <= nyquist):
            self.error((*at, "band"), f"cấu hình loa '{key}': 'band' phải là [tần số thấp, "
                       f"tần số cao] bằng Hz, 0 < thấp < cao ≤ {nyquist}",
                       "ví dụ band: [200, 5000]")
            return None
        return int(raw[0]), int(raw[1])

    def jingle(self, key: str, at: tuple[Any, ...], name: str, raw: str | None,
               ) -> Path | bool | None:
        """The jingle's file under audiobooks/ (None: none); False after an error."""
        if not raw:
            return None
        folder = self.root / "audiobooks"
        path = (folder / raw)
        rel = f"audiobooks/{raw}"
        if ".." in Path(raw).parts or Path(raw).is_absolute() or not path.is_file():
            self.error((*at, name), f"cấu hình loa '{key}': không có tệp nhạc hiệu {rel}",
                       "đặt tệp (MP3, WAV, OGG) trong audiobooks/, ví dụ "
                       "intro: nhac-hieu/mo-dau.mp3")
            return False
        if not is_library_file(path, self.root, rel, self.problems):
            self.ok = False
            return False
        return path

    # ---- bulletins ------------------------------------------------------------------------

    def bulletins(self, raw: Any, profiles: Mapping[str, BulletinProfile]) -> list[Bulletin]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(("bulletins",), "'bulletins' phải là một danh sách bản tin",
                       "mỗi bản tin bắt đầu bằng '- name: …'")
            return []
        out: list[Bulletin] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(raw):
            bulletin = self.bulletin(index, item, profiles)
            if bulletin is None:
                continue
            if bulletin.name in seen:
                self.error(("bulletins", index, "name"), f"bản tin '{bulletin.name}' trùng tên "
                           f"với bản tin ở dòng {seen[bulletin.name]}",
                           "mỗi bản tin cần một tên riêng")
                continue
            seen[bulletin.name] = bulletin.line
            out.append(bulletin)
        return out

    def bulletin(self, index: int, item: Any, profiles: Mapping[str, BulletinProfile],
                 ) -> Bulletin | None:
        at: tuple[Any, ...] = ("bulletins", index)
        clean = check_mapping(self.doc, at, item, _BULLETIN, BULLETINS_FILE, self.problems,
                              f"bản tin {index + 1}")
        if clean is None:
            self.ok = False
            return None
        name, errors = clean["name"], len(self.problems.errors)
        if not KEY_RE.match(name):
            self.error((*at, "name"), f"tên bản tin '{name}' không hợp lệ",
                       "dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ lao-dong-thang-12")
        explainers = tuple(clean.get("explainers") or ())
        if not explainers:
            self.error((*at, "explainers") if "explainers" in item else at,
                       f"bản tin '{name}' không có bài nào trong 'explainers'",
                       "thêm explainers: [slug-bai-1, slug-bai-2]")
        for i, slug in enumerate(explainers):
            if self.explainers is not None and slug not in self.explainers:
                self.error((*at, "explainers", i), f"bản tin '{name}': không có bài '{slug}'",
                           "dùng tên tệp của bài (không có .md), ví dụ thoi-gian-thu-viec")
        minutes = self.number(at, "minutes", clean, 0, low=MINUTES[0], high=MINUTES[1])
        voice = self.voice(at, clean.get("voice"))
        profile = self.profile_key(at, clean.get("profile"), profiles)
        schedule = self.schedule((*at, "schedule"), clean.get("schedule"))
        languages = tuple(clean.get("languages") or ())
        for i, lang in enumerate(languages):
            if lang not in self.languages:
                self.error((*at, "languages", i), f"bản tin '{name}': ngôn ngữ '{lang}' không "
                           "có trong languages.yml")
        start, end = clean.get("valid_from"), clean.get("valid_to")
        if start and end and end < start:
            self.error((*at, "valid_to"), "ngày 'valid_to' trước ngày 'valid_from'")
        if len(self.problems.errors) > errors or minutes is None or voice is None \
                or profile is None:
            return None
        return Bulletin(name, clean["title"], explainers, float(minutes), voice, profile,
                        self.doc.line(*at), schedule or None, tuple(clean.get("areas") or ()),
                        start, end, languages)

    def voice(self, at: tuple[Any, ...], raw: str | None) -> str | None:
        voices = self.audiobooks.voices
        key = raw or self.audiobooks.default_voice or ""
        if key not in voices:
            self.error((*at, "voice"), f"giọng '{key}' không có trong audiobooks/voices.yml",
                       "dùng một trong: " + ", ".join(voices))
            return None
        return key

    def profile_key(self, at: tuple[Any, ...], raw: str | None,
                    profiles: Mapping[str, BulletinProfile]) -> str | None:
        key = raw or ("loa" if "loa" in profiles else next(iter(profiles), ""))
        if key not in profiles:
            self.error((*at, "profile"), f"cấu hình loa '{key}' không có trong 'profiles'",
                       ("dùng một trong: " + ", ".join(profiles)) if profiles else
                       "thêm nó vào 'profiles:' ở đầu tệp")
            return None
        return key

    def schedule(self, at: tuple[Any, ...], raw: str | None) -> str | None:
        """The RRULE as written, checked with dateutil's RFC 5545 parser."""
        if not raw:
            return None
        from dateutil.rrule import rrulestr

        text = raw.strip()
        if text.upper().startswith("RRULE:"):
            text = text[len("RRULE:"):]
        try:
            rule = rrulestr(f"RRULE:{text}", dtstart=datetime(2000, 1, 1), forceset=False)
            next(iter(rule), None)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            self.error(at, f"lịch phát '{raw}' không phải RRULE hợp lệ ({exc})",
                       'ví dụ schedule: "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=6;BYMINUTE=30"')
            return None
        if "BYHOUR" not in text.upper():
            self.problems.warning(BULLETINS_FILE, self.doc.line(*at),
                                  f"lịch phát '{raw}' không có giờ phát (BYHOUR)",
                                  "thêm ;BYHOUR=6;BYMINUTE=30")
        return text

    # ---- new documents --------------------------------------------------------------------

    def new_documents(self, raw: Any, profiles: Mapping[str, BulletinProfile],
                      ) -> NewDocumentBulletins | None:
        if raw is None:
            return None
        at = ("new_documents",)
        clean = check_mapping(self.doc, at, raw, _NEW, BULLETINS_FILE, self.problems,
                              "new_documents")
        if clean is None:
            self.ok = False
            return None
        days = self.number(at, "days_before", clean, 0, whole=True, low=DAYS_BEFORE[0],
                           high=DAYS_BEFORE[1])
        minutes = self.number(at, "minutes", clean, 3.0, low=MINUTES[0], high=MINUTES[1])
        voice = self.voice(at, clean.get("voice"))
        profile = self.profile_key(at, clean.get("profile"), profiles)
        schedule = self.schedule((*at, "schedule"), clean.get("schedule"))
        if None in (days, minutes, voice, profile) or (clean.get("schedule") and not schedule):
            return None
        assert voice is not None and profile is not None
        return NewDocumentBulletins(int(days or 0), voice, profile, float(minutes or 3),
                                    schedule)


def _n(value: float | None) -> str:
    """A number as an editor writes it: 44100, -1.5."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


__all__ = ["BULLETINS_FILE", "DEFAULT_PROFILE", "SAMPLE_RATES", "load_bulletins"]
