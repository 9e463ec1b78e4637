"""PO export and import: segments, round trips, stale translations, the errors a PO can have."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from generators.errors import ContentError
from generators.translations import TranslationState, translation_status
from generators.translations.po import export_po, import_po
from generators.translations.segments import rebuild, segment_body
from tests.conftest import LibraryMaker, explainer
from tests.translations import samples
from tests.translations.samples import body_of, load

ENGLISH_PO = "translations/hop-dong.en.po"
BASE_HASH = samples.sha256(explainer())


def write(po: polib.POFile, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(po), "utf-8")
    return path


def entry(po: polib.POFile, ctx: str) -> polib.POEntry:
    return next(e for e in po if e.msgctxt == ctx)


def msgstr_line(path: Path, ctx: str) -> int:
    """1-based line of the msgstr of the entry `ctx` in a PO file."""
    lines = path.read_text("utf-8").split("\n")
    start = lines.index(f'msgctxt "{ctx}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith("msgstr")) + 1


# --- segments -------------------------------------------------------------------------------


def test_segments_follow_the_blocks_of_our_parser() -> None:
    segmented = segment_body(body_of(samples.SOURCE))
    assert segmented.problems == []
    assert [(s.id, s.kind, s.text) for s in segmented.segments] == [
        ("s0.p1", "paragraph", "Hợp đồng lao động là thỏa thuận giữa **người lao động** và "
                               "người sử dụng lao động[^1]."),
        ("s1.h1", "heading", "Nội dung bắt buộc"),
        ("s1.p2", "paragraph", "Hợp đồng phải ghi rõ:"),
        ("s1.ul3.li1.p1", "paragraph", "tên và địa chỉ của hai bên;"),
        ("s1.ul3.li2.p1", "paragraph", "công việc và địa điểm làm việc;"),
        ("s1.ul3.li3.p1", "paragraph", "mức lương, hình thức trả lương\nvà thời hạn trả lương."),
        ("s1.p4", "paragraph", "Xem thêm [thời gian thử việc](thu-viec.md)."),
        ("s2.h1", "heading", "So sánh hai loại hợp đồng"),
        ("s2.t2.r1.c1", "cell", "Loại"),
        ("s2.t2.r1.c2", "cell", "Thời hạn"),
        ("s2.t2.r2.c1", "cell", "Không xác định thời hạn"),
        ("s2.t2.r2.c2", "cell", "Không giới hạn"),
        ("s2.t2.r3.c1", "cell", "Xác định thời hạn"),
        ("s2.t2.r3.c2", "cell", "Tối đa 36 tháng"),
        ("s2.box3.title", "admonition-title", "Lưu ý"),
        ("s2.box3.p1", "paragraph", "Hợp đồng dưới 1 tháng có thể giao kết bằng lời nói."),
        ("s2.img4", "image-alt", "Sơ đồ giao kết hợp đồng"),
        ("fn-1.p1", "paragraph", "Điều 13 Bộ luật Lao động 2019."),
        ("abbr.UBND", "abbreviation", "Ủy ban nhân dân"),
    ]


def test_every_segment_can_take_other_text_and_longer_text() -> None:
    body = ("Lời dẫn[^n].\n\n## Phần ##\n\n- một\n  hai\n- ba\n\n    đoạn trong mục\n\n"
            "1. Bước\n   1. Con\n\n| A | B \\| C |\n|---|---|\n| ô | |\n\n"
            "!!! note \"Lưu ý\"\n    Nội dung\n    khung\n\n> Trích\nlười\n\n"
            "Setext\n------\n\n![Ảnh](a.png)\n\n*[UBND]: Ủy ban nhân dân\n\n[^n]: Chú\n    thích\n")
    segmented = segment_body(body)
    texts = {s.id: s.text + " X" + ("" if s.single_line else "\nY") for s in segmented.segments}
    rebuilt = segment_body(rebuild(segmented, texts))
    assert [(s.id, s.text) for s in rebuilt.segments] == \
        [(s.id, texts[s.id]) for s in segmented.segments]
    assert rebuilt.body == (
        "Lời dẫn[^n]. X\nY\n\n## Phần X ##\n\n- một\n  hai X\n  Y\n- ba X\n  Y\n\n"
        "    đoạn trong mục X\n    Y\n\n1. Bước X\n   Y\n   1. Con X\n      Y\n\n"
        "| A X | B \\| C X |\n|---|---|\n"
        "| ô X | |\n\n!!! note \"Lưu ý X\"\n    Nội dung\n    khung X\n    Y\n\n> Trích\nlười X\n"
        "Y\n\nSetext X\nY\n------\n\n![Ảnh X](a.png)\n\n*[UBND]: Ủy ban nhân dân X\n\n"
        "[^n]: Chú\n    thích X\n    Y\n")


# --- export ---------------------------------------------------------------------------------


def test_pot_of_a_small_explainer(tmp_library: LibraryMaker) -> None:
    po = export_po(load(tmp_library()), "thu-viec", None)
    assert str(po) == f"""\
# Tủ sách pháp luật số — "Thử việc tối đa bao lâu?" (content/lao-dong/thu-viec.md).
# Mẫu dịch (POT): chép thành <slug>.<mã-ngôn-ngữ>.po rồi dịch.
# Mỗi mục là một tiêu đề, đoạn văn, mục danh sách hoặc ô bảng của bài gốc tiếng Việt.
# Chỉ dịch chữ; giữ nguyên Markdown: **đậm**, *nghiêng*, `mã`, [chữ](địa chỉ), [^1].
# Mục để trống giữ nguyên tiếng Việt. Nhập lại: python build.py translate import <tệp>.po
msgid ""
msgstr ""
"Project-Id-Version: tu-sach-phap-luat-so thu-viec\\n"
"POT-Creation-Date: 2026-11-01 00:00+0000\\n"
"PO-Revision-Date: 2026-11-01 00:00+0000\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Slug: thu-viec\\n"
"X-Source-Hash: {BASE_HASH}\\n"
"X-Source-Path: content/lao-dong/thu-viec.md\\n"

#. Tiêu đề bài: một dòng, tối đa 150 ký tự.
#: content/lao-dong/thu-viec.md:2
msgctxt "title"
msgid "Thử việc tối đa bao lâu?"
msgstr ""

#. Mô tả ngắn của bài: một dòng, tối đa 300 ký tự.
#: content/lao-dong/thu-viec.md:3
msgctxt "description"
msgid "Mô tả ngắn."
msgstr ""

#. Tiêu đề mục.
#: content/lao-dong/thu-viec.md:10
msgctxt "s1.h1"
msgid "Thời gian thử việc"
msgstr ""

#: content/lao-dong/thu-viec.md:12
msgctxt "s1.p2"
msgid "Không quá 60 ngày."
msgstr ""
"""


def test_export_prefills_an_existing_translation_with_glossary_notes(
        tmp_library: LibraryMaker) -> None:
    library = load(tmp_library(samples.files()))
    po = export_po(library, "hop-dong", "en")
    assert str(po) == str(export_po(library, "hop-dong", "en"))  # deterministic
    assert po.metadata["Language"] == "en"
    assert po.metadata["X-Source-Hash"] == samples.SOURCE_HASH
    assert len(po) == 21
    assert all(e.msgstr and not e.fuzzy for e in po)
    first = entry(po, "s0.p1")
    assert first.msgstr == ("An employment contract is an agreement between the **employee** "
                            "and the employer[^1].")
    assert first.occurrences == [("content/lao-dong/hop-dong.md", "10")]
    assert first.comment == (
        'Thuật ngữ "hợp đồng lao động": Thỏa thuận về việc làm có trả công, tiền lương, điều '
        'kiện lao động.\nThuật ngữ "hợp đồng lao động" (en): employment contract: an agreement '
        "on paid work")
    assert entry(po, "s1.p4").comment == \
        'Thuật ngữ "thử việc": Thời gian làm thử trước khi ký hợp đồng.'
    assert entry(po, "s2.t2.r1.c1").comment == "Ô bảng: một dòng; viết \\| nếu cần dấu gạch đứng."
    # No translation into Hmong yet: the same entries, nothing filled in.
    hmn = export_po(library, "hop-dong", "hmn")
    assert [e.msgid for e in hmn] == [e.msgid for e in po]
    assert [e.msgstr for e in hmn] == [""] * 21
    assert "(en)" not in entry(hmn, "s0.p1").comment


# --- round trips ----------------------------------------------------------------------------


def test_exporting_a_translation_and_importing_it_changes_nothing(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library(samples.files())
    library = load(root)
    po_file = write(export_po(library, "hop-dong", "en"), root / ENGLISH_PO)
    result = import_po(root, library, po_file)
    assert (root / samples.ENGLISH_PATH).read_text("utf-8") == samples.ENGLISH
    assert (result.changed, result.created, result.path) == (False, False,
                                                             root / samples.ENGLISH_PATH)
    assert (result.entries, result.translated, result.untranslated, result.fuzzy,
            result.unmatched) == (21, 21, 0, 0, 0)
    assert result.state is TranslationState.UP_TO_DATE


def test_pot_with_each_msgid_copied_gives_back_the_vietnamese_body(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_library(samples.files())
    library = load(root)
    pot = export_po(library, "hop-dong", None)
    for item in pot:
        item.msgstr = item.msgid
    # Outside the project, named <slug>.<lang>.po: the POT has no Language.
    result = import_po(root, library, write(pot, tmp_path / "hop-dong.hmn.po"))
    assert result.created and result.changed
    written = (root / "content/lao-dong/hop-dong.hmn.md").read_text("utf-8")
    assert written == (
        '---\ntitle: "Hợp đồng lao động cần những gì?"\n'
        'description: "Các nội dung bắt buộc của hợp đồng lao động."\n'
        f"source_hash: {samples.SOURCE_HASH}\nreviewed: false\n---\n" + body_of(samples.SOURCE))
    statuses = translation_status(load(root))
    assert [(s.lang, s.state) for s in statuses if s.slug == "hop-dong"] == [
        ("en", TranslationState.UP_TO_DATE), ("hmn", TranslationState.UP_TO_DATE)]


def test_import_writes_longer_translations_inside_the_structure(
        tmp_library: LibraryMaker) -> None:
    body = ("## Thời gian thử việc\n\n- Không quá 60 ngày.\n- Lương ít nhất 85%.\n\n"
            "| Việc | Ngày |\n|---|---|\n| Quản lý | 180 |\n")
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=body),
                        "content/_data/languages.yml": samples.LANGUAGES_HMN})
    library = load(root)
    po = export_po(library, "thu-viec", "hmn")
    for ctx, text in (("title", "Sim ua haujlwm ntev npaum twg?"),
                      ("s1.h1", "Lub sijhawm sim ua haujlwm"),
                      ("s1.ul2.li1.p1", "Tsis pub dhau\n60 hnub."),
                      ("s1.t3.r1.c1", "Haujlwm"),
                      ("s1.t3.r2.c1", "  Tus thawj coj  ")):
        entry(po, ctx).msgstr = text
    result = import_po(root, library, write(po, root / "po" / "thu-viec.hmn.po"))
    assert (result.translated, result.untranslated) == (5, 4)
    assert (root / "content/lao-dong/thu-viec.hmn.md").read_text("utf-8") == (
        '---\ntitle: "Sim ua haujlwm ntev npaum twg?"\ndescription: "Mô tả ngắn."\n'
        f"source_hash: {samples.sha256(explainer(body=body))}\nreviewed: false\n---\n"
        "## Lub sijhawm sim ua haujlwm\n\n- Tsis pub dhau\n  60 hnub.\n- Lương ít nhất 85%.\n\n"
        "| Haujlwm | Ngày |\n|---|---|\n| Tus thawj coj | 180 |\n")
    load(root)  # a valid translation


def test_a_stale_translation_is_exported_fuzzy_and_stays_stale_until_reviewed(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library(samples.files())
    edited = samples.SOURCE.replace("Tối đa 36 tháng", "Không quá 36 tháng")
    (root / samples.SOURCE_PATH).write_text(edited, "utf-8")
    library = load(root)
    po = export_po(library, "hop-dong", "en")
    assert all(e.fuzzy for e in po if e.msgstr)
    assert entry(po, "s2.t2.r3.c2").msgid == "Không quá 36 tháng"
    assert entry(po, "s2.t2.r3.c2").msgstr == "At most 36 months"  # by position, to check
    assert "các mục điền sẵn được đánh dấu fuzzy" in po.header
    po_file = write(po, root / ENGLISH_PO)

    result = import_po(root, library, po_file)  # unchanged: nothing moves, still stale
    assert (result.changed, result.fuzzy, result.recorded_hash) == (False, 21,
                                                                    samples.SOURCE_HASH)
    assert result.state is TranslationState.STALE

    for item in po:  # the translator checks every entry and fixes the one that changed
        item.flags = []
    entry(po, "s2.t2.r3.c2").msgstr = "No more than 36 months"
    result = import_po(root, library, write(po, po_file))
    assert (result.changed, result.fuzzy, result.recorded_hash) == (True, 0,
                                                                    samples.sha256(edited))
    assert (root / samples.ENGLISH_PATH).read_text("utf-8") == samples.ENGLISH.replace(
        samples.SOURCE_HASH, samples.sha256(edited)).replace("At most", "No more than")
    assert translation_status(load(root))[0].state is TranslationState.UP_TO_DATE


def test_a_po_older_than_the_source_keeps_vietnamese_where_the_source_changed(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library(samples.files())
    po = export_po(load(root), "hop-dong", "en")  # the translator's copy
    (root / samples.ENGLISH_PATH).unlink()
    edited = samples.SOURCE.replace("Hợp đồng phải ghi rõ:", "Hợp đồng phải ghi:")
    (root / samples.SOURCE_PATH).write_text(edited, "utf-8")
    result = import_po(root, load(root), write(po, root / ENGLISH_PO))
    assert (result.translated, result.untranslated, result.unmatched) == (20, 1, 1)
    assert result.recorded_hash == samples.SOURCE_HASH  # what the translator worked from
    assert result.state is TranslationState.STALE
    text = (root / samples.ENGLISH_PATH).read_text("utf-8")
    assert "\nHợp đồng phải ghi:\n" in text
    assert "\n- the names and addresses of both parties;\n" in text
    assert translation_status(load(root))[0].state is TranslationState.STALE


# --- errors ---------------------------------------------------------------------------------


def _broken(tmp_library: LibraryMaker, change: str) -> tuple[Path, Path, polib.POFile]:
    root = tmp_library(samples.files(english=None))
    po = export_po(load(root), "hop-dong", "en")
    if change.startswith("header:"):
        name, value = change.removeprefix("header:").split("=")
        po.metadata[name] = value
    else:
        ctx, text = change.split("=", 1)
        entry(po, ctx).msgstr = text
    return root, write(po, root / ENGLISH_PO), po


@pytest.mark.parametrize(("change", "message"), [
    ("s1.p2=## Nội dung", "bản dịch của 's1.p2' làm đổi cấu trúc Markdown: thêm tiêu đề"),
    ("s1.ul3.li1.p1=one\n\ntwo",
     "bản dịch của 's1.ul3.li1.p1' làm đổi cấu trúc Markdown: dòng trống tách thành nhiều đoạn"),
    ("s1.p4=See:\n- probation",
     "bản dịch của 's1.p4' làm đổi cấu trúc Markdown: thêm danh sách"),
    ("s2.box3.p1=!!! warning\n    Careful",
     "bản dịch của 's2.box3.p1' làm đổi cấu trúc Markdown: thêm khung '!!!'"),
    ("s1.h1=Mandatory\ncontents", "bản dịch của 's1.h1' phải nằm trên một dòng"),
    ("s2.t2.r1.c1=Kind | Type",
     "bản dịch của 's2.t2.r1.c1' có dấu '|' (chia ô bảng); viết \\| nếu cần dấu gạch đứng"),
    ("s2.img4=Diagram] [of", "bản dịch của 's2.img4' làm đổi cấu trúc Markdown của bài"),
    ("title=" + "x" * 151, "bản dịch của 'title' dài 151 ký tự, tối đa 150"),
])
def test_a_translation_that_breaks_the_markdown_is_refused(
        tmp_library: LibraryMaker, change: str, message: str) -> None:
    root, po_file, _ = _broken(tmp_library, change)
    ctx = change.split("=", 1)[0]
    with pytest.raises(ContentError) as caught:
        import_po(root, load(root), po_file)
    assert [p.format() for p in caught.value.problems] == [
        f"{ENGLISH_PO}:{msgstr_line(po_file, ctx)}: {message} — gợi ý: chỉ dịch chữ; giữ các "
        "dấu Markdown như trong msgid"]
    assert not (root / samples.ENGLISH_PATH).exists()


def _header_line(path: Path, name: str) -> int:
    lines = path.read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith(f'"{name}:'))


@pytest.mark.parametrize(("change", "header", "message"), [
    ("header:X-Slug=khong-co", "X-Slug",
     "PO cho bài 'khong-co' không có trong thư viện — gợi ý: sửa dòng X-Slug hoặc đặt tên tệp "
     "<slug>.<mã-ngôn-ngữ>.po"),
    ("header:Language=fr", "Language",
     "ngôn ngữ 'fr' không có trong languages.yml — gợi ý: thêm mã ngôn ngữ vào "
     "content/_data/languages.yml"),
    ("header:Language=vi", "Language",
     "PO ghi ngôn ngữ 'vi': tiếng Việt là ngôn ngữ gốc — gợi ý: điền Language là mã ngôn ngữ "
     "dịch trong languages.yml"),
])
def test_a_po_for_an_unknown_explainer_or_language_is_refused(
        tmp_library: LibraryMaker, change: str, header: str, message: str) -> None:
    root, po_file, _ = _broken(tmp_library, change)
    with pytest.raises(ContentError) as caught:
        import_po(root, load(root), po_file)
    assert [p.format() for p in caught.value.problems] == [
        f"{ENGLISH_PO}:{_header_line(po_file, header)}: {message}"]


def test_a_malformed_po_is_refused_at_its_line(tmp_library: LibraryMaker) -> None:
    root, po_file, _ = _broken(tmp_library, "s1.p2=The contract must state:")
    lines = po_file.read_text("utf-8").split("\n")
    broken_at = msgstr_line(po_file, "s1.p2")
    lines.insert(broken_at, "oops")  # a line that is no PO syntax
    po_file.write_text("\n".join(lines), "utf-8")
    with pytest.raises(ContentError) as caught:
        import_po(root, load(root), po_file)
    assert [p.format() for p in caught.value.problems] == [
        f"{ENGLISH_PO}:{broken_at + 1}: tệp PO không hợp lệ (lỗi cú pháp) — gợi ý: mở và lưu "
        "lại bằng Poedit, hoặc xuất lại PO"]


def test_a_po_that_is_not_utf8_is_refused(tmp_library: LibraryMaker) -> None:
    root, po_file, _ = _broken(tmp_library, "s1.p2=Hợp đồng")
    po_file.write_bytes(po_file.read_text("utf-8").encode("cp1258", errors="replace"))
    with pytest.raises(ContentError) as caught:
        import_po(root, load(root), po_file)
    [problem] = caught.value.problems
    assert problem.format().startswith(f"{ENGLISH_PO}:1: tệp PO không phải UTF-8 — gợi ý: ")
