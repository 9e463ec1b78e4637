"""Translation status (up to date / stale / missing) and the translator's `confirm`."""

from __future__ import annotations

import unicodedata

import pytest

from generators.translations import (
    TranslationState,
    TranslationStatus,
    UsageError,
    attention_lines,
    confirm,
    summary_counts,
    summary_line,
    translation_status,
)
from generators.translations.status import find_translation
from tests.conftest import LibraryMaker, explainer
from tests.translations import samples
from tests.translations.samples import load

THU_VIEC = "content/lao-dong/thu-viec.md"
THU_VIEC_HASH = samples.sha256(explainer())
UP, STALE, MISSING = TranslationState.UP_TO_DATE, TranslationState.STALE, TranslationState.MISSING


def translation(source_hash: str | None, title: str = "Probation", extra: str = "") -> str:
    hash_line = f"source_hash: {source_hash}\n" if source_hash else ""
    return (f'---\ntitle: "{title}"\ndescription: "Short."\n{hash_line}{extra}---\n'
            "## Probation period\n\nNo more than 60 days.\n")


def test_the_hash_is_of_the_translated_words_of_the_nfc_source(tmp_library: LibraryMaker) -> None:
    text = explainer()
    assert load(tmp_library()).explainer("thu-viec").source_hash == samples.sha256(text)
    # An editor's NFD file is read as NFC: same source, same hash.
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert load(tmp_library({THU_VIEC: nfd})).explainer("thu-viec").source_hash == \
        samples.sha256(text)


def test_every_published_explainer_in_every_language(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        **samples.files(),
        "content/lao-dong/thu-viec.hmn.md": translation(None, "Sim ua haujlwm"),
        "content/lao-dong/nhap.md": explainer("Bản nháp", extra="draft: true"),
    })
    statuses = translation_status(load(root))
    assert statuses == [
        TranslationStatus("hop-dong", samples.SOURCE_PATH, "en", UP, samples.ENGLISH_PATH,
                          True, samples.SOURCE_HASH, samples.SOURCE_HASH),
        TranslationStatus("hop-dong", samples.SOURCE_PATH, "hmn", MISSING, None, False, None,
                          samples.SOURCE_HASH),
        TranslationStatus("thu-viec", THU_VIEC, "en", MISSING, None, False, None,
                          THU_VIEC_HASH),
        TranslationStatus("thu-viec", THU_VIEC, "hmn", STALE,
                          "content/lao-dong/thu-viec.hmn.md", False, None, THU_VIEC_HASH),
    ]
    assert [s.note for s in statuses] == [
        "", "chưa dịch", "chưa dịch", "chưa xác nhận (không có source_hash)"]
    assert summary_counts(statuses) == {UP: 1, STALE: 1, MISSING: 2}
    assert summary_line(statuses) == "Bản dịch: 1 cập nhật, 1 cũ, 2 chưa có."
    assert attention_lines(statuses) == [
        "content/lao-dong/hop-dong.md (hmn): chưa có — chưa dịch",
        "content/lao-dong/thu-viec.md (en): chưa có — chưa dịch",
        "content/lao-dong/thu-viec.hmn.md: cũ — chưa xác nhận (không có source_hash)",
    ]


def test_editing_the_source_makes_its_translation_stale(tmp_library: LibraryMaker) -> None:
    root = tmp_library(samples.files())
    assert [s.state for s in translation_status(load(root)) if s.lang == "en"] == [UP, MISSING]
    source = root / samples.SOURCE_PATH
    edited = samples.SOURCE.replace("Tối đa 36 tháng", "Không quá 36 tháng")
    source.write_text(edited, "utf-8")
    status = translation_status(load(root))[0]
    assert (status.lang, status.state, status.note) == ("en", STALE,
                                                        "bài gốc đã sửa sau khi dịch")
    assert (status.recorded_hash, status.current_hash) == (samples.SOURCE_HASH,
                                                           samples.sha256(edited))
    # Putting the text back makes it up to date again: the hash is of the content.
    source.write_text(samples.SOURCE, "utf-8")
    assert translation_status(load(root))[0].state is UP


@pytest.mark.parametrize(("old", "new", "state"), [
    ("reviewed: true", "reviewed: false", UP),        # front matter nobody translates
    ("audiences:", "video: true\naudiences:", UP),
    ("updated: 2026-11-01", "updated: 2026-11-20", UP),
    ("Tối đa 36 tháng", "Không quá 36 tháng", STALE),  # the body
    ('title: "Hợp đồng', 'title: "Ký hợp đồng', STALE),  # the title
])
def test_only_the_translated_words_decide_staleness(tmp_library: LibraryMaker, old: str,
                                                      new: str, state: TranslationState) -> None:
    root = tmp_library(samples.files())
    assert old in samples.SOURCE
    (root / samples.SOURCE_PATH).write_text(samples.SOURCE.replace(old, new, 1), "utf-8")
    assert translation_status(load(root))[0].state is state


def test_a_library_with_only_vietnamese_has_no_statuses(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/languages.yml": "vi:\n  name: Tiếng Việt\n"
                                                      "  name_vi: Tiếng Việt\n"})
    statuses = translation_status(load(root))
    assert statuses == []
    assert summary_line(statuses) == "Bản dịch: 0 cập nhật, 0 cũ, 0 chưa có."


def test_confirm_rewrites_only_the_source_hash_line(tmp_library: LibraryMaker) -> None:
    old = "0" * 63 + "a"
    text = translation(old, extra="# người dịch:\ntranslators: [An]\nreviewed: false\n")
    root = tmp_library({"content/lao-dong/thu-viec.en.md": text})
    path = confirm(root, load(root), "thu-viec", "en")
    assert path == root / "content/lao-dong/thu-viec.en.md"
    assert path.read_text("utf-8") == text.replace(old, THU_VIEC_HASH)
    assert translation_status(load(root))[0].state is UP
    # Confirming again writes nothing.
    before = path.stat().st_mtime_ns
    confirm(root, load(root), "thu-viec", "en")
    assert path.stat().st_mtime_ns == before


def test_confirm_adds_the_hash_after_the_description(tmp_library: LibraryMaker) -> None:
    # CRLF line ends, a folded description with a blank line, a comment: all kept.
    text = ('---\r\ntitle: "Probation"\r\ndescription: >\r\n  Short\r\n\r\n  text.\r\n'
            "# credits\r\ntranslators:\r\n- An\r\n---\r\n## Probation period\r\n\r\nText.\r\n")
    root = tmp_library({"content/lao-dong/thu-viec.en.md": text.encode("utf-8")})
    assert translation_status(load(root))[0].state is STALE
    confirm(root, load(root), "thu-viec", "en")
    written = (root / "content/lao-dong/thu-viec.en.md").read_bytes().decode("utf-8")
    assert written == text.replace("  text.\r\n", f"  text.\r\nsource_hash: {THU_VIEC_HASH}\r\n")
    library = load(root)
    assert translation_status(library)[0].state is UP
    assert find_translation(library, "thu-viec", "en")[1].description == "Short\ntext."


@pytest.mark.parametrize(("slug", "lang", "message"), [
    ("khong-co", "en", "không có bài 'khong-co' trong thư viện"),
    ("thu-viec", "fr", "ngôn ngữ 'fr' không có trong content/_data/languages.yml (có: en)"),
    ("thu-viec", "vi", "tiếng Việt là ngôn ngữ gốc; chọn một ngôn ngữ dịch trong languages.yml"),
    ("thu-viec", "en", "chưa có bản dịch 'en' của bài 'thu-viec' "
                       "(content/lao-dong/thu-viec.en.md)"),
])
def test_confirm_refuses(tmp_library: LibraryMaker, slug: str, lang: str, message: str) -> None:
    root = tmp_library()
    with pytest.raises(UsageError) as caught:
        confirm(root, load(root), slug, lang)
    assert str(caught.value) == message
