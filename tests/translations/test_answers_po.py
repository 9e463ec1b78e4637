"""Q&A files and situations through the PO workflow: export, translate, import, the library's
check, the translated pages under <lang>/ with hreflang, the status, and stale detection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from lxml import html as lxml_html

import build
from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build as build_site
from generators.translations.status import TranslationState, translation_status
from generators.urls import STATUS_URL, qa_url, situation_step_url, situation_url
from tests.conftest import TODAY
from tests.site.test_answers import write_library

QA_IDS = ["thu-viec-toi-da-bao-nhieu-ngay.question", "thu-viec-toi-da-bao-nhieu-ngay.answer",
          "luat-cu-cho-thu-viec-bao-lau.question", "luat-cu-cho-thu-viec-bao-lau.answer"]
SITUATION_IDS = ["title", "thoi-han.question", "thoi-han.option.giup-viec",
                 "thoi-han.option.phai-van-ban", "giup-viec.question",
                 "giup-viec.option.phai-van-ban", "giup-viec.option.co-the-loi-noi",
                 "phai-van-ban.outcome", "co-the-loi-noi.outcome"]


def options(root: Path) -> list[str]:
    return ["--root", str(root), "--date", TODAY.isoformat(), "--quiet"]


def export(root: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> polib.POFile:
    assert build.main(["translate", "export", slug, "en", "-o", "-", *options(root)]) == 0
    return polib.pofile(capsys.readouterr().out)


def translate_all(root: Path, slug: str, capsys: pytest.CaptureFixture[str]) -> Path:
    po = export(root, slug, capsys)
    for entry in po:
        entry.msgstr = "EN " + entry.msgid
    path = root / "translations" / f"{slug.replace('/', '-')}.en.po"
    path.parent.mkdir(exist_ok=True)
    po.save(str(path))
    assert build.main(["translate", "import", str(path), *options(root)]) == 0
    capsys.readouterr()
    return path


def states(root: Path) -> dict[str, TranslationState]:
    library, problems = load_library(root, TODAY)
    assert library is not None and not problems.errors, [p.format() for p in problems.errors]
    return {s.slug: s.state for s in translation_status(library) if s.lang == "en"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "lib")


def test_export_has_an_entry_per_text_under_its_stable_id(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qa = export(root, "qa/lao-dong", capsys)
    assert [e.msgctxt for e in qa] == QA_IDS
    assert qa[0].msgid == "Thử việc tối đa bao nhiêu ngày?"
    assert qa[0].occurrences == [("qa/lao-dong.yml", "3")]
    assert qa.metadata["X-Slug"] == "qa/lao-dong" and qa.metadata["Language"] == "en"
    situation = export(root, "situations/hop-dong", capsys)
    assert [e.msgctxt for e in situation] == SITUATION_IDS
    assert [e.msgid for e in situation][2:4] == ["Dưới 1 tháng", "Từ 1 tháng trở lên"]
    assert all(not e.msgstr for e in (*qa, *situation))


def test_import_writes_a_translation_the_library_reads(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert states(root)["qa/lao-dong"] is TranslationState.MISSING
    translate_all(root, "qa/lao-dong", capsys)
    assert (root / "qa/lao-dong.en.yml").is_file()
    library, _ = load_library(root, TODAY)
    assert library is not None
    (translation,) = library.qa["lao-dong"].translations
    assert translation.texts["thu-viec-toi-da-bao-nhieu-ngay.question"] == \
        "EN Thử việc tối đa bao nhiêu ngày?"
    assert states(root)["qa/lao-dong"] is TranslationState.UP_TO_DATE
    # Exported again, the translation fills the PO; importing it unchanged writes nothing.
    again = export(root, "qa/lao-dong", capsys)
    assert again[0].msgstr == "EN Thử việc tối đa bao nhiêu ngày?"
    assert not any("fuzzy" in e.flags for e in again)
    written = (root / "qa/lao-dong.en.yml").read_bytes()
    again.save(str(root / "again.po"))
    assert build.main(["translate", "import", str(root / "again.po"), *options(root)]) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    assert (root / "qa/lao-dong.en.yml").read_bytes() == written


def test_a_changed_source_makes_the_translation_stale_and_its_entries_fuzzy(
        root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translate_all(root, "situations/hop-dong", capsys)
    assert states(root)["situations/hop-dong"] is TranslationState.UP_TO_DATE
    source = root / "situations/hop-dong.yml"
    # Not a text a translator translates: still up to date.
    source.write_text(source.read_text("utf-8").replace("field: lao-dong",
                                                        "field: lao-dong  # sửa"), "utf-8")
    assert states(root)["situations/hop-dong"] is TranslationState.UP_TO_DATE
    source.write_text(source.read_text("utf-8").replace("kéo dài bao lâu", "kéo dài mấy tháng"),
                      "utf-8")
    assert states(root)["situations/hop-dong"] is TranslationState.STALE
    po = export(root, "situations/hop-dong", capsys)
    changed = next(e for e in po if e.msgctxt == "thoi-han.question")
    assert changed.msgstr == "EN Công việc kéo dài bao lâu?" and "fuzzy" in changed.flags
    assert build.main(["translations", *options(root)]) == 0
    out = capsys.readouterr().out
    assert "situations/hop-dong.yml" in out and "bài gốc đã sửa sau khi dịch" in out
    # Checked by the translator, the translation is confirmed; nothing else changes.
    before = (root / "situations/hop-dong.en.yml").read_text("utf-8")
    assert build.main(["translate", "confirm", "situations/hop-dong", "en", *options(root)]) == 0
    assert "Đã xác nhận situations/hop-dong.en.yml" in capsys.readouterr().out
    after = (root / "situations/hop-dong.en.yml").read_text("utf-8")
    assert [a for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
            if a != b] == [before.splitlines()[1]]
    assert states(root)["situations/hop-dong"] is TranslationState.UP_TO_DATE


def test_translation_files_checked_at_their_lines(root: Path) -> None:
    (root / "qa/lao-dong.en.yml").write_text(
        "source_hash: abc\ntexts:\n  khong-co.question: Nothing\n"
        "  thu-viec-toi-da-bao-nhieu-ngay.answer: [1]\n", "utf-8")
    (root / "qa/khong-co.en.yml").write_text("texts: {}\n", "utf-8")
    (root / "situations/hop-dong.xx.yml").write_text("texts: {}\n", "utf-8")
    _, problems = load_library(root, TODAY)
    assert [(p.path, p.line) for p in problems.errors] == [
        ("qa/khong-co.en.yml", 1), ("qa/lao-dong.en.yml", 4), ("situations/hop-dong.xx.yml", 1)]
    assert [(p.path, p.line, p.message) for p in problems.warnings
            if p.path.endswith(".en.yml")] == [
        ("qa/lao-dong.en.yml", 3, "'khong-co.question' không còn trong tệp gốc")]


def page(site: Path, url: str) -> Any:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def alternates(tree: Any) -> list[tuple[str, str]]:
    return [(link.get("hreflang"), link.get("href"))
            for link in tree.xpath("//link[@rel='alternate'][@hreflang]")]


def test_translated_pages_under_the_language_with_hreflang(
        root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translate_all(root, "qa/lao-dong", capsys)
    translate_all(root, "situations/hop-dong", capsys)
    source = root / "situations/hop-dong.yml"
    source.write_text(source.read_text("utf-8").replace("kéo dài bao lâu", "kéo dài mấy tháng"),
                      "utf-8")
    (root / "content/lao-dong/thu-viec.en.md").write_text(
        '---\ntitle: "Probation"\ndescription: "How long."\n---\n## Probation\n\nAt most 60 '
        'days.\n', "utf-8")
    site = tmp_path / "site"
    report = build_site(load_config(root, site_dir=site, today=TODAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]

    english = page(site, "en/" + qa_url("lao-dong"))
    assert english.get("lang") == "en"
    questions = [" ".join(h.text_content().split())
                 for h in english.xpath("//section[@class='tsp-qa']//h2")]
    assert questions == ["EN Thử việc tối đa bao nhiêu ngày?", "EN Luật cũ cho thử việc bao lâu?"]
    assert alternates(english) == [("vi", "../../../hoi-dap/lao-dong/"), ("x-default",
                                   "../../../hoi-dap/lao-dong/"), ("en", "./")]
    assert ("en", "../../en/hoi-dap/lao-dong/") in alternates(page(site, qa_url("lao-dong")))
    assert english.xpath("//*[contains(@class, 'tsp-stale')]") == []

    # Walked by plain links, the translated situation stays in its language.
    url = "en/" + situation_url("hop-dong")
    start = page(site, url)
    assert start.get("lang") == "en"
    # The Vietnamese changed since: the translation still shows, and says so.
    assert "EN Công việc kéo dài bao lâu?" in start.text_content()
    (note,) = start.xpath("//p[contains(@class, 'tsp-stale')]")
    assert note.xpath("a/@href") == ["../../../tinh-huong/hop-dong/"]
    (link,) = [a for a in start.xpath("//a[@href]") if "EN Dưới 1 tháng" in a.text_content()]
    target = (site / url / link.get("href")).resolve().relative_to(site.resolve()).as_posix()
    assert target + "/" == "en/" + situation_step_url("hop-dong", "giup-viec")
    step = page(site, target)
    assert "EN Đây có phải công việc giúp việc gia đình không?" in step.text_content()
    assert ("vi", "../../../../tinh-huong/hop-dong/giup-viec/") in alternates(step)

    # The language's home lists them, each with its Vietnamese original.
    home = page(site, "en/").xpath("//section[@aria-labelledby='hoi-dap']")[0]
    assert [(a.text_content(), a.get("href")) for a in home.xpath(".//h3/a")] == [
        ("Questions and answers: Lao động", "hoi-dap/lao-dong/"),
        ("EN Tôi có phải ký hợp đồng lao động bằng văn bản không?", "tinh-huong/hop-dong/")]
    assert home.xpath(".//h2/text()") == ["Questions, answers and legal situations in English"]
    rows = [" ".join(r.text_content().split())
            for r in page(site, STATUS_URL).xpath("//tbody/tr")]
    assert "Tôi có phải ký hợp đồng lao động bằng văn bản không? Tiếng Anh (en) cũ Chưa" in rows
    assert "Hỏi đáp: Lao động Tiếng Anh (en) cập nhật Chưa" in rows
