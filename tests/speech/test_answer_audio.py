"""Each Q&A answer read aloud by the audio stage (real espeak-ng and ffmpeg): what it says,
its captions, where it is published, how the Q&A page, its JSON-LD and the catalogue carry
it, and that a second build reads nothing again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from generators.config import load_config
from generators.library import load_library
from generators.pipeline import build
from generators.speech.answers import basis_words
from generators.speech.espeak import EspeakEngine
from generators.speech.script import answer_script
from generators.urls import CATALOGUE, qa_audio_url, qa_url
from tests.conftest import TODAY, base_files

QA = """\
field: lao-dong
items:
  - question: Thử việc tối đa bao nhiêu ngày?
    answer: |
      Không quá **60 ngày** với công việc cần trình độ cao đẳng.
    basis: [{document: "45/2019/QH14", article: "25.2"}]
"""
VOICES = """\
default: vi-bac
voices:
  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}
"""
ITEM = "thu-viec-toi-da-bao-nhieu-ngay"


def write(root: Path) -> Path:
    for rel, text in {**base_files(), "qa/lao-dong.yml": QA,
                      "audiobooks/voices.yml": VOICES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    return root


def test_the_script_says_the_question_the_answer_and_the_basis(tmp_path: Path) -> None:
    library, problems = load_library(write(tmp_path), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    item = library.qa["lao-dong"].items[0]
    words = basis_words(library, item.basis)
    assert words == ["Khoản 2 Điều 25 Bộ luật Lao động"]
    script = answer_script(item.question, item.answer, words, {}, item.id)
    assert [s.shown for s in script.sentences] == [
        "Thử việc tối đa bao nhiêu ngày?",
        "Không quá 60 ngày với công việc cần trình độ cao đẳng.",
        "Căn cứ: Khoản 2 Điều 25 Bộ luật Lao động."]
    assert "sáu mươi ngày" in script.sentences[1].spoken  # normalised for the engine
    assert (script.title, script.anchor) == (item.question, ITEM)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    root = write(tmp_path_factory.mktemp("answer-audio") / "lib")
    site = tmp_path_factory.mktemp("answer-audio-site") / "site"
    cache = tmp_path_factory.mktemp("answer-audio-cache")
    config = load_config(root, site_dir=site, today=TODAY, search=False, cache_dir=cache,
                         service_worker=False, stages={"audio"})
    first = build(config, engines={"espeak": EspeakEngine()})
    assert first.ok, [p.format() for p in first.errors]
    second = build(config, engines={"espeak": EspeakEngine()})
    return site, (first, second)


def test_a_clip_per_answer_is_published_with_its_captions(built: tuple[Path, Any]) -> None:
    site, _ = built
    mp3 = site / qa_audio_url("lao-dong", ITEM, "vi-bac", ".mp3")
    assert mp3.read_bytes()[:3] in (b"ID3", b"\xff\xfb")
    vtt = (site / qa_audio_url("lao-dong", ITEM, "vi-bac", ".vtt")).read_text("utf-8")
    assert vtt.startswith("WEBVTT")
    for line in ("Thử việc tối đa bao nhiêu ngày?", "Căn cứ: Khoản 2 Điều 25 Bộ luật Lao động."):
        assert line in vtt


def test_the_page_json_ld_and_catalogue_carry_it(built: tuple[Path, Any]) -> None:
    site, _ = built
    page = lxml_html.fromstring((site / qa_url("lao-dong") / "index.html").read_bytes())
    (audio,) = page.xpath(f"//section[@id='{ITEM}']//audio")
    assert audio.get("src") == f"../../sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.mp3"
    assert audio.xpath("./track/@src") == [f"../../sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.vtt"]
    (script,) = page.xpath("//script[@type='application/ld+json']")
    answer = json.loads(script.text)["mainEntity"][0]["acceptedAnswer"]
    assert answer["audio"]["contentUrl"] == f"../../sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.mp3"
    assert answer["audio"]["duration"].startswith("PT")
    catalogue = json.loads((site / CATALOGUE).read_text("utf-8"))
    item = next(i for i in catalogue["items"] if i["id"] == f"qa/lao-dong/{ITEM}")
    assert [(f["path"], f["role"]) for f in item["files"]] == [
        ("hoi-dap/lao-dong/index.html", "page"),
        (f"sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.mp3", "audio"),
        (f"sach-noi/hoi-dap/lao-dong/{ITEM}/vi-bac.vtt", "captions")]


def test_a_second_build_reads_nothing_again(built: tuple[Path, Any]) -> None:
    _, (first, second) = built
    audio, again = first.stages["audio"], second.stages["audio"]
    assert audio.built >= 2 and "1 câu trả lời hỏi đáp" in audio.summary[0]
    assert (again.built, again.reused) == (0, audio.built + audio.reused)
