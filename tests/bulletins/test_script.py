"""Bulletin scripts from the Library model: the opening with the date, the documents read
as words by the audiobooks' normaliser, transitions, the closing, the editor's radio text,
and the fitting that chooses how much of each explainer to read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generators.bulletins.fit import Pace, choose
from generators.bulletins.plans import Setting, new_document_bulletins, plan_all
from generators.bulletins.script import plan_bulletin
from tests.bulletins.conftest import BULLETINS, library_files, load, write
from tests.conftest import TODAY, explainer

PACE = Pace(0.25)


def _library(tmp_path: Path, folder: str = "lib", **files: str):  # type: ignore[no-untyped-def]
    return load(write(tmp_path / folder, {**library_files(), **files}))


def _plan(library, name: str = "lao-dong", today: date = TODAY):  # type: ignore[no-untyped-def]
    bulletin = next(b for b in library.bulletins.bulletins if b.name == name)
    return plan_bulletin(library, bulletin, library.audiobooks.voices["vi-bac"],
                         library.bulletins.profiles["loa"], "vi", today,
                         "Tủ sách thử, địa chỉ tusach.example.gov.vn")


def test_the_script_opens_with_the_date_and_names_its_sources(tmp_path: Path) -> None:
    plan = _plan(_library(tmp_path))
    shown = [s.shown for s in plan.opening.fixed]
    assert shown == ["Sau đây là bản tin pháp luật về lao động.",
                     "Bản tin ngày 23 tháng 11 năm 2026.", "Bản tin gồm 2 nội dung."]
    assert plan.opening.fixed[1].spoken == ("Bản tin ngày hai mươi ba tháng mười một năm hai "
                                            "nghìn không trăm hai mươi sáu.")
    first, second = plan.parts
    assert first.fixed[0].shown == "Nội dung thứ nhất: Thử việc tối đa bao lâu?"
    assert second.fixed[0].shown == ("Tiếp theo, nội dung thứ hai: Nghỉ việc phải báo trước "
                                     "bao lâu?")
    sources = first.fixed[1]
    assert sources.shown == "Căn cứ: Bộ luật Lao động, số 45/2019/QH14, đang có hiệu lực."
    assert "45/2019" not in sources.spoken and "bốn mươi lăm" in sources.spoken
    assert first.documents == (("45/2019/QH14", "đang có hiệu lực"),)
    closing = [s.shown for s in plan.closing.fixed]
    assert closing[0] == ("Toàn văn các bài vừa nghe, có cả bản đọc thành tiếng, có tại Tủ sách "
                          "thử, địa chỉ tusach.example.gov.vn.")
    assert closing[-1] == "Cảm ơn bà con đã lắng nghe."


def test_more_time_reads_more_of_each_explainer_in_its_own_order(tmp_path: Path) -> None:
    part = _plan(_library(tmp_path)).parts[0]
    short, long = choose(part, 15, PACE), choose(part, 60, PACE)
    assert len(short.sentences) < len(long.sentences)
    assert PACE.seconds(short.sentences) <= 15 * 1.1
    assert abs(PACE.seconds(long.sentences) - 60) < abs(PACE.seconds(short.sentences) - 60)
    # The first sentence of each section comes before any second sentence.
    said = [s.shown for s in choose(part, 30, PACE).sentences]
    assert "Thử việc là gì?" in said and "Thử việc bao lâu?" in said
    assert said.index("Thử việc là gì?") < said.index("Thử việc bao lâu?")
    everything = choose(part, 600, PACE)
    assert len(everything.sentences) == len(part.fixed) + sum(len(u.sentences)
                                                              for u in part.units)


def test_an_explainer_s_radio_text_replaces_the_written_one(tmp_path: Path) -> None:
    text = explainer(extra='reviewed: true\nbulletin: "Thử việc không quá 60 ngày. Lương ít '
                           'nhất 85% lương chính thức."')
    part = _plan(_library(tmp_path, **{"content/lao-dong/thu-viec.md": text})).parts[0]
    said = [s.shown for s in choose(part, 600, PACE).sentences[len(part.fixed):]]
    assert said == ["Thử việc không quá 60 ngày.", "Lương ít nhất 85% lương chính thức."]
    assert "sáu mươi ngày" in choose(part, 600, PACE).sentences[2].spoken


NEW = """\
"45/2019/QH14":
  type: Bộ luật
  title: Bộ luật Lao động
  issuer: Quốc hội
  issued: 2019-11-20
  effective: 2021-01-01
"99/2026/NĐ-CP":
  type: Nghị định
  title: Nghị định về thử việc
  issuer: Chính phủ
  issued: 2026-10-01
  effective: 2026-11-28
"""


def test_a_document_about_to_take_effect_gets_its_own_bulletin(tmp_path: Path) -> None:
    cites = explainer(documents='["45/2019/QH14", "99/2026/NĐ-CP"]')
    library = _library(tmp_path, **{
        "content/_data/documents.yml": NEW, "content/lao-dong/thu-viec.md": cites,
        "audiobooks/bulletins.yml": BULLETINS + "new_documents:\n  days_before: 7\n"})
    (bulletin,) = new_document_bulletins(library, TODAY)
    assert bulletin.name == "van-ban-moi-99-2026-nd-cp" and bulletin.explainers == ("thu-viec",)
    assert bulletin.title == "Nghị định 99/2026/NĐ-CP có hiệu lực từ 28/11/2026"
    assert bulletin.valid_to == date(2026, 11, 28) and bulletin.minutes == 3
    assert new_document_bulletins(library, date(2026, 11, 20)) == []  # 8 days ahead: not yet
    assert new_document_bulletins(library, date(2026, 11, 29)) == []  # in force already
    plans, _ = plan_all(library, Setting(TODAY, "Tủ sách thử", None, tmp_path / "c"))
    plan = next(p for p in plans if p.bulletin.document)
    said = [s.shown for s in plan.opening.fixed]
    assert said[0] == "Sau đây là bản tin pháp luật về văn bản sắp có hiệu lực."
    assert said[2] == ("Từ ngày 28/11/2026, Nghị định Nghị định về thử việc, số 99/2026/NĐ-CP, do "
                       "Chính phủ ban hành, bắt đầu có hiệu lực.")
    assert plan.closing.fixed[0].shown == ("Các bài giải thích nói rõ hơn: Thử việc tối đa bao "
                                           "lâu.")


def test_another_language_needs_a_voice_and_the_translations(tmp_path: Path) -> None:
    voices = ("default: vi-bac\nvoices:\n"
              "  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}\n"
              "  en-espeak: {lang: en, engine: espeak, voice: en, label: English}\n")
    english = ("---\ntitle: How long is probation?\ndescription: Short.\n---\n"
               "## What is probation?\n\nA trial period of work.\n")
    wanted = BULLETINS.replace("    minutes: 1\n", "    minutes: 1\n    languages: [en]\n")
    library = _library(tmp_path, **{
        "audiobooks/voices.yml": voices, "audiobooks/bulletins.yml": wanted,
        "content/lao-dong/thu-viec.en.md": english})
    plans, notes = plan_all(library, Setting(TODAY, "Tủ sách thử", None, tmp_path / "c"))
    keys = [p.key for p in plans]
    assert keys == ["lao-dong", "thu-viec-loa-nho", "thu-viec-loa-nho.en"]
    (plan,) = [p for p in plans if p.lang == "en"]
    assert plan.voice.key == "en-espeak"
    assert plan.parts[0].fixed[0].shown == "The first item: How long is probation?"
    assert notes == []
    both = wanted.replace("explainers: [thu-viec]\n", "explainers: [thu-viec, nghi-viec]\n")
    library = _library(tmp_path, "lib2", **{"audiobooks/voices.yml": voices,
                                            "audiobooks/bulletins.yml": both,
                                    "content/lao-dong/thu-viec.en.md": english})
    plans, notes = plan_all(library, Setting(TODAY, "Tủ sách thử", None, tmp_path / "c"))
    assert "thu-viec-loa-nho.en" not in [p.key for p in plans]
    assert notes == ["audiobooks/bulletins.yml:19: bản tin 'thu-viec-loa-nho' chưa có bằng "
                     "tiếng Anh: chưa dịch bài nghi-viec"]
    no_voice = _library(tmp_path, "lib3", **{"audiobooks/bulletins.yml": wanted})
    _, notes = plan_all(no_voice, Setting(TODAY, "Tủ sách thử", None, tmp_path / "c"))
    assert notes == ["audiobooks/bulletins.yml:19: bản tin 'thu-viec-loa-nho' chưa có bằng "
                     "tiếng Anh: không có giọng đọc nào của ngôn ngữ này trong "
                     "audiobooks/voices.yml"]


def test_a_voice_that_cannot_speak_leaves_its_bulletin_out_with_a_note(tmp_path: Path) -> None:
    from generators.bulletins.make import make_bulletins
    from generators.errors import EngineError

    class Unreachable:
        name = "espeak"

        def version(self) -> str:
            return "unreachable 1"

        def synthesize(self, sentences, voice, out_wav):  # type: ignore[no-untyped-def]
            raise EngineError("dịch vụ không trả lời")

    library = _library(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    outcome = make_bulletins(library, Setting(TODAY, "Tủ sách thử", None, tmp_path / "c"), work,
                             {"espeak": Unreachable()})
    assert outcome.bulletins == [] and outcome.feeds == {}
    assert outcome.notices == [
        "bản tin 'lao-dong': giọng 'vi-bac' không đọc được (dịch vụ không trả lời) — chưa làm",
        "bản tin 'thu-viec-loa-nho': giọng 'vi-bac' không đọc được (dịch vụ không trả lời) — "
        "chưa làm"]


def test_the_summary_lists_the_bulletins_on_new_documents() -> None:
    from generators.bulletins.make import Outcome, summary_lines

    outcome = Outcome(new_documents=["99/2026/NĐ-CP → bản tin 'van-ban-moi-99-2026-nd-cp' "
                                     "(Nghị định 99/2026/NĐ-CP có hiệu lực từ 28/11/2026)"],
                      parts_built=3, parts_reused=2, encoded=1)
    assert summary_lines(outcome) == [
        "Bản tin loa: 0 bản tin, 0,0 phút; 3 phần đọc mới, 2 phần dùng lại; 1 tệp MP3 mới.",
        "Bản tin văn bản sắp có hiệu lực: 99/2026/NĐ-CP → bản tin 'van-ban-moi-99-2026-nd-cp' "
        "(Nghị định 99/2026/NĐ-CP có hiệu lực từ 28/11/2026)"]
