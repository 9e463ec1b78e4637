"""Which bulletins a build makes: the editors' and one per cited document about to take
effect, each in every language it can be made in (a voice, the phrases and every explainer's
translation), with a note for each that cannot."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from generators.bulletins.model import BulletinPlan
from generators.bulletins.phrases import PHRASES
from generators.bulletins.script import missing_versions, plan_bulletin
from generators.library.model import Bulletin, Library, Voice
from generators.urls import site_host

_ADDRESS = {"vi": "địa chỉ", "en": "at"}


@dataclass(frozen=True)
class Setting:
    """What a bulletin build depends on besides the library."""

    today: date
    site_name: str
    site_url: str | None
    cache_dir: Path
    jobs: int | None = None
    network: bool = True


def new_document_bulletins(library: Library, today: date) -> list[Bulletin]:
    """A bulletin for each cited document that takes effect within `days_before` days."""
    rule = library.bulletins.new_documents
    if rule is None:
        return []
    out = []
    for document in sorted(library.cited_documents, key=lambda d: (d.effective, d.key)):
        days = (document.effective - today).days
        citing = tuple(e.slug for e in library.citing(document.key))
        if not 0 <= days <= rule.days_before or not citing:
            continue
        effective = f"{document.effective.day:02d}/{document.effective.month:02d}/" \
                    f"{document.effective.year}"
        out.append(Bulletin(
            f"van-ban-moi-{document.slug}", f"{document.type} {document.key} có hiệu lực từ "
            f"{effective}", citing, rule.minutes, rule.voice, rule.profile, 0, rule.schedule,
            (), today, document.effective, (), document.key))
    return out


def plan_all(library: Library, setting: Setting, only: str | None = None,
             ) -> tuple[list[BulletinPlan], list[str]]:
    """Every bulletin to make (or only the one named `only`), and a note for each that
    cannot be made (a draft explainer, a language without a voice or translations)."""
    notes: list[str] = []
    plans: list[BulletinPlan] = []
    path = library.bulletins.path
    published = {e.slug for e in library.published}
    site = setting.site_name
    for bulletin in [*library.bulletins.bulletins, *new_document_bulletins(library,
                                                                            setting.today)]:
        if only is not None and bulletin.name != only:
            continue
        where = f"{path}:{bulletin.line}" if bulletin.line else bulletin.name
        kept = tuple(s for s in bulletin.explainers if s in published)
        if len(kept) < len(bulletin.explainers):
            left = ", ".join(s for s in bulletin.explainers if s not in published)
            notes.append(f"{where}: bản tin '{bulletin.name}' bỏ qua bài nháp {left}")
        if not kept:
            notes.append(f"{where}: bản tin '{bulletin.name}' không còn bài nào đã xuất bản — "
                         "chưa làm")
            continue
        bulletin = replace(bulletin, explainers=kept)
        voice = library.audiobooks.voices[bulletin.voice]
        versions = [(voice.lang, voice)]
        for lang in bulletin.languages:
            if lang == voice.lang:
                continue
            other = _voice_for(library, lang)
            if other is None:
                notes.append(f"{where}: bản tin '{bulletin.name}' chưa có bằng tiếng "
                             f"{_language(library, lang)}: không có giọng đọc nào của ngôn ngữ "
                             "này trong audiobooks/voices.yml")
                continue
            versions.append((lang, other))
        for lang, chosen in versions:
            if lang not in PHRASES:
                notes.append(f"{where}: bản tin '{bulletin.name}' chưa có bằng tiếng "
                             f"{_language(library, lang)}: chưa có lời mở đầu, chuyển ý và kết "
                             "thúc bằng ngôn ngữ này")
                continue
            missing = missing_versions(library, bulletin, lang)
            if missing:
                notes.append(f"{where}: bản tin '{bulletin.name}' chưa có bằng tiếng "
                             f"{_language(library, lang)}: chưa dịch bài {', '.join(missing)}")
                continue
            address = site
            if setting.site_url:
                address = f"{site}, {_ADDRESS.get(lang, '')} " \
                          f"{site_host(setting.site_url, '')}".replace("  ", " ")
            profile = library.bulletins.profiles[bulletin.profile]
            plans.append(plan_bulletin(library, bulletin, chosen, profile, lang, setting.today,
                                       address))
    return plans, notes


def _voice_for(library: Library, lang: str) -> Voice | None:
    voices = [v for v in library.audiobooks.voices.values() if v.lang == lang]
    default = library.audiobooks.default_voice
    return sorted(voices, key=lambda v: v.key != default)[0] if voices else None


def _language(library: Library, lang: str) -> str:
    found = library.languages.get(lang)
    return found.name_vi.removeprefix("Tiếng ").removeprefix("tiếng ") if found else lang
