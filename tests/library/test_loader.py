"""generators/library (load_library): the whole library in, a Library or every problem out."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from generators.errors import Problems
from generators.library import Library, load_library
from generators.library.model import DocumentStatus
from tests.conftest import DOCUMENTS, FIELDS, TODAY, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
YAML_HINT = "kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc kép"
REVIEW_WARNING = (f"{ARTICLE}:8: cảnh báo: bài chưa được chuyên gia pháp lý rà soát "
                  "(reviewed: false) — gợi ý: đặt reviewed: true sau khi đã rà soát")
NOT_YET_DOCUMENT = """\
"99/2026/QH15":
  type: Luật
  title: Luật sửa đổi
  issuer: Quốc hội
  issued: 2026-06-01
  effective: 2027-01-01
"""
STEPS = """\
type: steps
title: Các bước thử việc
source: "45/2019/QH14"
items:
  - title: Thỏa thuận
    text: Hai bên thỏa thuận thời gian thử việc.
  - title: Kết thúc
"""


def load(root: Path, today: date = TODAY) -> tuple[Library | None, Problems]:
    return load_library(root, today)


def messages(root: Path) -> list[str]:
    """Every problem of the library, formatted as the CLI prints it."""
    return [p.format() for p in load(root)[1].items]


def only_problem(root: Path) -> str:
    found = messages(root)
    assert len(found) == 1, found
    return found[0]


def with_meta(old: str, new: str) -> str:
    """The base explainer with one front-matter line changed."""
    text = explainer()
    assert old in text
    return text.replace(old, new)


# --- the valid library ----------------------------------------------------------------


def test_valid_base_library_loads(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    assert library.root == root.resolve()
    assert library.build_date == TODAY
    assert list(library.fields) == ["lao-dong", "dat-dai"]
    assert library.fields["lao-dong"].title == "Lao động"
    assert library.fields["lao-dong"].description == "Hợp đồng, tiền lương."
    assert library.fields["dat-dai"].description == ""
    assert list(library.audiences) == ["nguoi-lao-dong", "nguoi-dan"]
    assert list(library.languages) == ["vi", "en"]
    assert library.languages["en"].name_vi == "Tiếng Anh"
    assert library.glossary == {}
    assert library.infographics == {}
    assert library.audiobooks.default_voice == "vi-bac"
    assert sorted(library.audiobooks.voices) == ["vi-bac", "vi-nam", "vi-trung"]

    (article,) = library.explainers
    assert article.slug == "thu-viec"
    assert article.path == ARTICLE
    assert article.title == "Thử việc tối đa bao lâu?"
    assert article.description == "Mô tả ngắn."
    assert article.field == "lao-dong"
    assert article.updated == date(2026, 11, 1)
    assert article.documents == ("45/2019/QH14",)
    assert article.audiences == ("nguoi-lao-dong",)
    assert article.tags == ()
    assert (article.audio, article.video, article.draft, article.reviewed) == \
        (True, False, False, True)
    assert article.url == "lao-dong/thu-viec/"
    assert [s.title for s in article.sections] == ["Thời gian thử việc"]
    assert article.sections[0].line == 10
    assert article.sections[0].html == ('<h2 id="thoi-gian-thu-viec">Thời gian thử việc</h2>\n'
                                        "<p>Không quá 60 ngày.</p>\n")


def test_document_status_at_build_date(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/documents.yml": DOCUMENTS + NOT_YET_DOCUMENT})
    library, _ = load(root)
    assert library is not None
    status = {key: d.status for key, d in library.documents.items()}
    assert status == {
        "45/2019/QH14": DocumentStatus.IN_FORCE,
        "10/2012/QH13": DocumentStatus.EXPIRED,
        "31/2024/QH15": DocumentStatus.IN_FORCE,
        "99/2026/QH15": DocumentStatus.NOT_YET,
    }
    assert [s.value for s in DocumentStatus] == \
        ["chưa có hiệu lực", "đang có hiệu lực", "hết hiệu lực"]
    old = library.documents["10/2012/QH13"]
    assert (old.effective, old.expires, old.replaced_by, old.slug) == \
        (date(2013, 5, 1), date(2021, 1, 1), "45/2019/QH14", "10-2012-qh13")
    # effective defaults to issued
    assert library.documents["31/2024/QH15"].effective == date(2024, 8, 1)
    assert library.documents["45/2019/QH14"].url == "https://example.org/blld"


@pytest.mark.parametrize(("today", "expected"), [
    (date(2013, 4, 30), DocumentStatus.NOT_YET),
    (date(2013, 5, 1), DocumentStatus.IN_FORCE),  # from the effective day
    (date(2020, 12, 31), DocumentStatus.IN_FORCE),
    (date(2021, 1, 1), DocumentStatus.EXPIRED),  # on the expiry day
])
def test_document_status_boundaries(tmp_library: LibraryMaker, today: date,
                                    expected: DocumentStatus) -> None:
    library, _ = load(tmp_library(), today)
    assert library is not None
    assert library.documents["10/2012/QH13"].status is expected


def test_published_newest_first_and_indexes(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        "content/dat-dai/so-do.md": explainer(
            "Cấp sổ đỏ lần đầu", field="dat-dai", documents='["31/2024/QH15"]',
        ).replace("updated: 2026-11-01", "updated: 2026-11-20"),
        "content/lao-dong/a-luong.md": explainer(
            "Lương thử việc", extra="reviewed: true\naudiences: [nguoi-dan]",
        ).replace("audiences: [nguoi-lao-dong]\n", ""),
        "content/lao-dong/nhap.md": explainer("Bản nháp", extra="draft: true")
        .replace("updated: 2026-11-01", "updated: 2026-11-22"),
    })
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    # explainers: every file, by path; published: no drafts, newest first, then by title
    assert [e.slug for e in library.explainers] == ["so-do", "a-luong", "nhap", "thu-viec"]
    assert [e.slug for e in library.published] == ["so-do", "a-luong", "thu-viec"]
    assert [e.slug for e in library.in_field("lao-dong")] == ["a-luong", "thu-viec"]
    assert [e.slug for e in library.in_field("dat-dai")] == ["so-do"]
    assert [e.slug for e in library.for_audience("nguoi-lao-dong")] == ["so-do", "thu-viec"]
    assert [e.slug for e in library.for_audience("nguoi-dan")] == ["a-luong"]
    assert [e.slug for e in library.citing("45/2019/QH14")] == ["a-luong", "thu-viec"]
    assert [e.slug for e in library.citing("31/2024/QH15")] == ["so-do"]
    assert library.citing("10/2012/QH13") == ()
    assert [d.key for d in library.cited_documents] == ["31/2024/QH15", "45/2019/QH14"]
    assert library.explainer("nhap").draft is True


def test_drafts_are_validated_but_not_published(tmp_library: LibraryMaker) -> None:
    draft = explainer("Bản nháp", extra="draft: true\nreviewed: false")
    library, problems = load(tmp_library({"content/lao-dong/nhap.md": draft}))
    assert problems.items == []  # a draft is not warned about review
    assert library is not None
    assert [e.slug for e in library.explainers] == ["nhap", "thu-viec"]
    assert [e.slug for e in library.published] == ["thu-viec"]
    assert library.in_field("lao-dong") == library.published

    broken = draft.replace('description: "Mô tả ngắn."', 'description: ""')
    assert messages(tmp_library({"content/lao-dong/nhap.md": broken})) == [
        "content/lao-dong/nhap.md:3: front matter: để trống khóa bắt buộc 'description' — "
        "gợi ý: thêm 'description: …'"
    ]


def test_include_drafts_publishes_drafts(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/lao-dong/nhap.md": explainer("Bản nháp", extra="draft: true")})
    library, _ = load_library(root, TODAY, include_drafts=True)
    assert library is not None
    assert sorted(e.slug for e in library.published) == ["nhap", "thu-viec"]


def test_translation_is_attached_to_its_source(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.en.md":
                        "---\ntitle: Probation\ndescription: How long it lasts.\n"
                        "translators: [An Nguyen]\n---\n## Length\n\nSee the "
                        "[Vietnamese text](thu-viec.md).\n"})
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    (article,) = library.explainers
    (english,) = article.translations
    assert (english.slug, english.lang, english.path, english.title, english.translators) == \
        ("thu-viec", "en", "content/lao-dong/thu-viec.en.md", "Probation", ("An Nguyen",))
    assert english.reviewed is False
    assert english.body.sections[0].line == 6
    assert '<a href="../../../lao-dong/thu-viec/">Vietnamese text</a>' in english.body.html


def test_links_between_explainers_and_images(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        "content/dat-dai/so-do.md": explainer(
            "Sổ đỏ", field="dat-dai", documents='["31/2024/QH15"]',
            body="## A\n\nXem [thử việc](../lao-dong/thu-viec.md#thoi-gian-thu-viec).\n\n"
                 "![Mẫu sổ đỏ](hinh/so-do.png)\n"),
        "content/dat-dai/hinh/so-do.png": b"\x89PNG\r\n",
    })
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    body = library.explainer("so-do").body
    assert '<a href="../../lao-dong/thu-viec/#thoi-gian-thu-viec">thử việc</a>' in body.html
    assert '<img src="../../media/dat-dai/hinh/so-do.png" alt="Mẫu sổ đỏ"' in body.html
    assert body.images == ("dat-dai/hinh/so-do.png",)


def test_infographic_spec_loads(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        "infographics/cac-buoc.yml": STEPS,
        ARTICLE: explainer(extra="reviewed: true\ninfographics: [cac-buoc]"),
    })
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    spec = library.infographics["cac-buoc"]
    assert (spec.path, spec.type, spec.title, spec.source) == \
        ("infographics/cac-buoc.yml", "steps", "Các bước thử việc", "45/2019/QH14")
    assert spec.data["items"][1] == {"title": "Kết thúc"}
    assert spec.doc.line("items", 1, "title") == 7  # for the kind's check, at its line
    assert library.explainers[0].infographics == ("cac-buoc",)


def test_files_and_folders_starting_with_underscore_or_dot_are_skipped(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_mau/x.md": "rác", "content/.git/y.md": "rác",
                        "content/lao-dong/_ghi-chu.md": "rác"})
    assert messages(root) == []


def test_crlf_and_byte_order_mark_are_accepted(tmp_library: LibraryMaker) -> None:
    text = "\ufeff" + explainer(body="## A\n\n![](anh.png)\n").replace("\n", "\r\n")
    found = messages(tmp_library({ARTICLE: text}))
    assert found[0] == (f"{ARTICLE}:12: ảnh 'anh.png' thiếu văn bản thay thế (alt) — gợi ý: "
                        "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)")


def test_nfd_text_is_normalised_to_nfc(tmp_library: LibraryMaker) -> None:
    title = "Thử việc tối đa bao lâu?"
    nfd = unicodedata.normalize("NFD", explainer(title=title, body="## Điều kiện\n\nĐủ.\n"))
    assert nfd != unicodedata.normalize("NFC", nfd)  # the file really is in NFD
    library, problems = load(tmp_library({ARTICLE: nfd}))
    assert problems.items == []
    assert library is not None
    article = library.explainers[0]
    assert article.title == title
    assert article.title == unicodedata.normalize("NFC", article.title)
    assert article.sections[0].title == "Điều kiện"
    assert article.sections[0].anchor == "dieu-kien"


# --- body problems are reported at their line in the file ----------------------------


def test_body_problem_line_counts_the_front_matter(tmp_library: LibraryMaker) -> None:
    body = "## A\n\nx\n\n<div onclick=\"x()\">y</div>\n"
    assert only_problem(tmp_library({ARTICLE: explainer(body=body)})) == (
        f"{ARTICLE}:14: HTML không an toàn: thuộc tính onclick= — gợi ý: "
        "chỉ dùng HTML không chạy mã; bỏ script, iframe, on…="
    )


def test_link_to_missing_explainer(tmp_library: LibraryMaker) -> None:
    body = "## A\n\nXem [bài khác](../dat-dai/khong-co.md).\n"
    assert only_problem(tmp_library({ARTICLE: explainer(body=body)})) == (
        f"{ARTICLE}:12: liên kết tới bài giải thích không tồn tại: '../dat-dai/khong-co.md' — "
        "gợi ý: kiểm tra tên tệp .md và thư mục"
    )


def test_body_without_sections_is_a_warning(tmp_library: LibraryMaker) -> None:
    library, problems = load(tmp_library({ARTICLE: explainer(body="Chỉ một đoạn.\n")}))
    assert library is not None
    assert [p.format() for p in problems.items] == [
        f"{ARTICLE}:10: cảnh báo: bài không có phần '##' nào — gợi ý: chia bài thành các phần "
        "'## …' (mỗi phần là một chương sách nói)"
    ]


# --- front matter: YAML, required keys, types, lengths, unknown keys -----------------


def test_yaml_syntax_error_in_front_matter_at_file_line(tmp_library: LibraryMaker) -> None:
    text = with_meta('description: "Mô tả ngắn."', "description: Lưu ý: ngắn")
    assert only_problem(tmp_library({ARTICLE: text})) == (
        f"{ARTICLE}:3: YAML không hợp lệ: dấu hai chấm không đúng chỗ (thụt lề sai, hoặc giá "
        f"trị có ': ' cần đặt trong dấu ngoặc kép) — gợi ý: {YAML_HINT}"
    )


def test_duplicate_key_in_front_matter(tmp_library: LibraryMaker) -> None:
    text = explainer(extra='reviewed: true\ntitle: "Lần hai"')
    assert only_problem(tmp_library({ARTICLE: text})) == (
        f"{ARTICLE}:9: khóa 'title' bị lặp lại — gợi ý: mỗi khóa chỉ được viết một lần"
    )


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('title: "Thử việc tối đa bao lâu?"\n', "",
     "2: front matter: thiếu khóa bắt buộc 'title' — gợi ý: thêm 'title: …'"),
    ('title: "Thử việc tối đa bao lâu?"', 'title: ""',
     "2: front matter: để trống khóa bắt buộc 'title' — gợi ý: thêm 'title: …'"),
    ('description: "Mô tả ngắn."', "description:",
     "3: front matter: để trống khóa bắt buộc 'description' — gợi ý: thêm 'description: …'"),
    ("field: lao-dong\n", "",
     "2: front matter: thiếu khóa bắt buộc 'field' — gợi ý: thêm 'field: …'"),
    ("updated: 2026-11-01\n", "",
     "2: front matter: thiếu khóa bắt buộc 'updated' — gợi ý: thêm 'updated: …'"),
    ("updated: 2026-11-01", "updated: hôm qua",
     "5: front matter: 'updated' phải là ngày YYYY-MM-DD, không phải 'hôm qua' — gợi ý: "
     "viết updated: 2025-04-15"),
    ("updated: 2026-11-01", "updated: 2026-13-01",
     "5: front matter: 'updated' phải là ngày YYYY-MM-DD, không phải '2026-13-01' — gợi ý: "
     "viết updated: 2025-04-15"),
    ("reviewed: true", 'reviewed: true\naudio: "yes"',
     "9: front matter: 'audio' phải là true/false, không phải 'yes' — gợi ý: "
     "viết audio: true hoặc audio: false"),
    ("reviewed: true", "reviewed: có",
     "8: front matter: 'reviewed' phải là true/false, không phải 'có' — gợi ý: "
     "viết reviewed: true hoặc reviewed: false"),
    ('title: "Thử việc tối đa bao lâu?"', "title: true",
     "2: front matter: 'title' phải là chuỗi, không phải giá trị true — gợi ý: "
     'viết title: "…"'),
    ('title: "Thử việc tối đa bao lâu?"', "title: [Thử việc, bao lâu]",
     "2: front matter: 'title' phải là chuỗi, không phải một danh sách — gợi ý: "
     'viết title: "…"'),
    ("reviewed: true", "reviewed: true\ntags: [{a: 1}]",
     "9: front matter: 'tags' phải là danh sách chuỗi, không phải một danh sách có mục không "
     "phải chuỗi — gợi ý: viết tags: [a, b]"),
    ("audiences: [nguoi-lao-dong]", "audiences: {a: 1}",
     "7: front matter: 'audiences' phải là danh sách chuỗi, không phải một bảng — gợi ý: "
     "viết audiences: [a, b]"),
    ('title: "Thử việc tối đa bao lâu?"', "title: " + "a" * 151,
     "2: front matter: 'title' dài 151 ký tự, tối đa 150 — gợi ý: rút gọn cho dễ đọc trên "
     "điện thoại"),
    ('description: "Mô tả ngắn."', "description: " + "b" * 301,
     "3: front matter: 'description' dài 301 ký tự, tối đa 300 — gợi ý: rút gọn cho dễ đọc "
     "trên điện thoại"),
])
def test_front_matter_key_problems(tmp_library: LibraryMaker, old: str, new: str,
                                   expected: str) -> None:
    assert only_problem(tmp_library({ARTICLE: with_meta(old, new)})) == f"{ARTICLE}:{expected}"


def test_length_limits_are_inclusive(tmp_library: LibraryMaker) -> None:
    text = with_meta('title: "Thử việc tối đa bao lâu?"', "title: " + "ệ" * 150)
    text = text.replace('description: "Mô tả ngắn."', "description: " + "ữ" * 300)
    assert messages(tmp_library({ARTICLE: text})) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("field: lao-dong", "field: hon-nhan",
     "4: lĩnh vực 'hon-nhan' không có trong fields.yml — gợi ý: dùng một trong: dat-dai, "
     "lao-dong"),
    ("audiences: [nguoi-lao-dong]", "audiences: [nguoi-lao-dong, tre-em]",
     "7: đối tượng 'tre-em' không có trong audiences.yml — gợi ý: dùng một trong: nguoi-dan, "
     "nguoi-lao-dong"),
    ('documents: ["45/2019/QH14"]', 'documents: ["45/2019/QH14", "1/2000/QH10"]',
     "6: văn bản '1/2000/QH10' không có trong documents.yml — gợi ý: thêm '1/2000/QH10' vào "
     "content/_data/documents.yml"),
])
def test_unknown_references(tmp_library: LibraryMaker, old: str, new: str,
                            expected: str) -> None:
    assert only_problem(tmp_library({ARTICLE: with_meta(old, new)})) == f"{ARTICLE}:{expected}"


def test_unknown_infographic(tmp_library: LibraryMaker) -> None:
    text = explainer(extra="reviewed: true\ninfographics:\n  - cac-buoc\n  - khong-co")
    root = tmp_library({ARTICLE: text, "infographics/cac-buoc.yml": STEPS})
    assert only_problem(root) == (
        f"{ARTICLE}:11: infographic 'khong-co' không có trong infographics/ — gợi ý: "
        "dùng một trong: cac-buoc"
    )


def test_unknown_infographic_when_there_are_none(tmp_library: LibraryMaker) -> None:
    text = explainer(extra="reviewed: true\ninfographics: [cac-buoc]")
    # no dangling "dùng một trong: " hint when there is nothing to choose from
    assert only_problem(tmp_library({ARTICLE: text})) == (
        f"{ARTICLE}:9: infographic 'cac-buoc' không có trong infographics/"
    )


def test_unknown_front_matter_key_is_a_warning_with_suggestion(
        tmp_library: LibraryMaker) -> None:
    library, problems = load(tmp_library({ARTICLE: explainer(extra="reviewed: true\ntitel: x")}))
    assert library is not None
    assert [p.format() for p in problems.items] == [
        f"{ARTICLE}:9: cảnh báo: front matter: khóa lạ 'titel' — gợi ý: có phải ý bạn là 'title'?"
    ]


def test_unknown_key_without_close_match_lists_the_keys(tmp_library: LibraryMaker) -> None:
    library, problems = load(tmp_library({ARTICLE: explainer(extra="reviewed: true\nxyz: 1")}))
    assert library is not None
    assert [p.format() for p in problems.warnings] == [
        f"{ARTICLE}:9: cảnh báo: front matter: khóa lạ 'xyz' — gợi ý: các khóa dùng được: "
        "title, description, field, updated, documents, audiences, tags, infographics, audio, "
        "video, draft, reviewed, bulletin"
    ]


def test_missing_front_matter(tmp_library: LibraryMaker) -> None:
    assert only_problem(tmp_library({ARTICLE: "## Thời gian thử việc\n\nKhông quá 60 ngày.\n"})) \
        == (f"{ARTICLE}:1: thiếu phần đầu trang (front matter) — gợi ý: tệp phải bắt đầu bằng "
            "dòng '---', các khóa title, description…, rồi dòng '---'")


def test_unclosed_front_matter(tmp_library: LibraryMaker) -> None:
    text = explainer().replace("reviewed: true\n---\n", "reviewed: true\n")
    assert only_problem(tmp_library({ARTICLE: text})) == (
        f"{ARTICLE}:1: phần đầu trang không có dòng '---' kết thúc — gợi ý: thêm dòng '---' "
        "sau khóa cuối cùng"
    )


def test_front_matter_that_is_not_a_mapping(tmp_library: LibraryMaker) -> None:
    assert only_problem(tmp_library({ARTICLE: "---\n- title\n- field\n---\n## A\n"})) == (
        f"{ARTICLE}:2: phần đầu trang phải là các dòng 'khóa: giá trị'"
    )


# --- warnings -------------------------------------------------------------------------


@pytest.mark.parametrize(("files", "documents", "status"), [
    ({}, '["45/2019/QH14", "10/2012/QH13"]', "hết hiệu lực"),
    ({"content/_data/documents.yml": DOCUMENTS + NOT_YET_DOCUMENT}, '["99/2026/QH15"]',
     "chưa có hiệu lực"),
])
def test_citing_a_document_not_in_force_is_a_warning(
        tmp_library: LibraryMaker, files: dict[str, str], documents: str, status: str) -> None:
    citation = documents.strip("[]").split(", ")[-1].strip('"')
    library, problems = load(tmp_library({**files, ARTICLE: explainer(documents=documents)}))
    assert library is not None  # warnings do not stop the build
    assert problems.errors == []
    assert [p.format() for p in problems.items] == [
        f"{ARTICLE}:6: cảnh báo: trích dẫn văn bản '{citation}' đang ở trạng thái '{status}' — "
        "gợi ý: kiểm tra lại nội dung; dẫn văn bản thay thế nếu có"
    ]


def test_citation_warning_points_at_the_list_item(tmp_library: LibraryMaker) -> None:
    text = explainer(documents='\n  - "45/2019/QH14"\n  - "10/2012/QH13"')
    assert [p.split(" — ")[0] for p in messages(tmp_library({ARTICLE: text}))] == [
        f"{ARTICLE}:8: cảnh báo: trích dẫn văn bản '10/2012/QH13' đang ở trạng thái 'hết hiệu lực'"
    ]


def test_not_reviewed_is_a_warning(tmp_library: LibraryMaker) -> None:
    library, problems = load(tmp_library({ARTICLE: explainer(extra="reviewed: false")}))
    assert library is not None
    assert problems.errors == []
    assert [p.format() for p in problems.warnings] == [REVIEW_WARNING]


def test_missing_reviewed_is_warned_at_the_first_line(tmp_library: LibraryMaker) -> None:
    library, problems = load(tmp_library({ARTICLE: explainer(extra="audio: true")}))
    assert library is not None
    assert [p.format() for p in problems.warnings] == [REVIEW_WARNING.replace(":8:", ":2:")]


# --- file names, slugs, languages -----------------------------------------------------


@pytest.mark.parametrize(("name", "hint_tail"), [
    ("Bad_Name", ""),
    ("thu viec", ""),
    ("index", "; 'index' dành cho trang lĩnh vực"),
])
def test_invalid_or_reserved_slug(tmp_library: LibraryMaker, name: str, hint_tail: str) -> None:
    root = tmp_library({f"content/lao-dong/{name}.md": explainer("Khác")})
    assert only_problem(root) == (
        f"content/lao-dong/{name}.md:1: slug '{name}' không hợp lệ — gợi ý: chỉ dùng chữ thường "
        f"không dấu, số và dấu gạch ngang, ví dụ thu-viec{hint_tail}"
    )


def test_file_name_with_too_many_dots(tmp_library: LibraryMaker) -> None:
    assert only_problem(tmp_library({"content/lao-dong/thu.viec.en.md": explainer()})) == (
        "content/lao-dong/thu.viec.en.md:0: tên tệp 'thu.viec.en.md' không hợp lệ — gợi ý: "
        "đặt tên <slug>.md hoặc <slug>.<mã-ngôn-ngữ>.md"
    )


def test_duplicate_slug_in_two_folders(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/dat-dai/thu-viec.md": explainer("Khác", field="dat-dai")})
    assert only_problem(root) == (
        f"{ARTICLE}:1: slug 'thu-viec' trùng với content/dat-dai/thu-viec.md — gợi ý: "
        "mỗi bài cần một tên tệp riêng trong cả thư viện"
    )


def test_translation_in_unknown_language(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.fr.md":
                        "---\ntitle: Essai\ndescription: Durée.\n---\n## A\n"})
    assert only_problem(root) == (
        "content/lao-dong/thu-viec.fr.md:1: ngôn ngữ 'fr' không có trong languages.yml — "
        "gợi ý: thêm mã ngôn ngữ vào content/_data/languages.yml"
    )


def test_translation_named_vi_is_rejected(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.vi.md":
                        "---\ntitle: Thử\ndescription: Ngắn.\n---\n## A\n"})
    assert only_problem(root) == (
        "content/lao-dong/thu-viec.vi.md:1: ngôn ngữ 'vi' không có trong languages.yml — "
        "gợi ý: thêm mã ngôn ngữ vào content/_data/languages.yml"
    )


@pytest.mark.parametrize(("path", "expected_source"), [
    ("content/lao-dong/khac.en.md", "content/lao-dong/khac.md"),
    ("content/dat-dai/thu-viec.en.md", "content/dat-dai/thu-viec.md"),  # source elsewhere
])
def test_translation_without_vietnamese_source(tmp_library: LibraryMaker, path: str,
                                               expected_source: str) -> None:
    root = tmp_library({path: "---\ntitle: Other\ndescription: Short.\n---\n## A\n"})
    assert only_problem(root) == (
        f"{path}:1: bản dịch không có bài gốc tiếng Việt {expected_source} — gợi ý: "
        "đặt bản dịch cạnh bài gốc, cùng slug"
    )


def test_translation_front_matter(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/lao-dong/thu-viec.en.md":
                        "---\ntitle: Probation\nfield: lao-dong\n---\n## A\n"})
    assert messages(root) == [
        "content/lao-dong/thu-viec.en.md:2: front matter bản dịch: thiếu khóa bắt buộc "
        "'description' — gợi ý: thêm 'description: …'",
        "content/lao-dong/thu-viec.en.md:3: cảnh báo: front matter bản dịch: khóa lạ 'field' — "
        "gợi ý: các khóa dùng được: title, description, source_hash, translators, reviewed, "
        "bulletin",
    ]


def test_non_utf8_file_is_reported_at_the_bad_line(tmp_library: LibraryMaker) -> None:
    data = 'title: "Thử"\n'.encode() + b"description: Th\xff vi\xe7c\n"
    root = tmp_library({ARTICLE: b"---\n" + data + b"---\n## A\n"})
    assert only_problem(root) == (
        f"{ARTICLE}:3: tệp không phải UTF-8 — gợi ý: lưu lại tệp với mã hóa UTF-8 "
        "(không phải Windows-1258 hay VNI)"
    )


def test_non_utf8_data_file(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/languages.yml":
                        "vi:\n  name: Tiếng Việt\n".encode() + b"  name_vi: Ti\xea\n"})
    assert only_problem(root) == (
        "content/_data/languages.yml:3: tệp không phải UTF-8 — gợi ý: lưu lại tệp với mã hóa "
        "UTF-8 (không phải Windows-1258 hay VNI)"
    )


# --- data files -----------------------------------------------------------------------


def test_yaml_syntax_error_in_data_file(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/languages.yml":
                        "vi:\n  name: Tiếng Việt\n  name_vi: Tiếng Việt\nen:\n  name: a: b\n"})
    assert only_problem(root) == (
        "content/_data/languages.yml:5: YAML không hợp lệ: dấu hai chấm không đúng chỗ (thụt lề "
        f"sai, hoặc giá trị có ': ' cần đặt trong dấu ngoặc kép) — gợi ý: {YAML_HINT}"
    )


def test_yaml_syntax_error_in_fields_is_reported_first_of_all(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/fields.yml": FIELDS + "hon-nhan:\n  title: [Hôn nhân\n"})
    found = messages(root)
    assert found[0] == (
        "content/_data/fields.yml:7: YAML không hợp lệ: danh sách [ … ] thiếu dấu phẩy hoặc "
        f"dấu ']' đóng — gợi ý: {YAML_HINT}"
    )


def test_missing_fields_file(tmp_library: LibraryMaker) -> None:
    # One error, not one more per explainer: without the file no field key is known.
    found = messages(tmp_library({"content/_data/fields.yml": None}))
    assert found == [
        "content/_data/fields.yml:0: thiếu tệp fields.yml — gợi ý: tạo content/_data/fields.yml "
        "với ít nhất một lĩnh vực",
    ]


def test_missing_audiences_file_is_one_error(tmp_library: LibraryMaker) -> None:
    found = messages(tmp_library({"content/_data/audiences.yml": None}))
    assert found == [
        "content/_data/audiences.yml:0: thiếu tệp audiences.yml — gợi ý: tạo "
        "content/_data/audiences.yml với ít nhất một đối tượng",
    ]


def test_no_content_folder(tmp_path: Path) -> None:
    library, problems = load(tmp_path)
    assert library is None
    assert [p.format() for p in problems.items] == [
        "content:0: không có thư mục content/ — gợi ý: chạy lệnh trong thư mục gốc của dự án, "
        "hoặc dùng --root"
    ]


@pytest.mark.parametrize(("key", "expected"), [
    ("van-ban", "6: khóa lĩnh vực 'van-ban' trùng với thư mục của trang web — gợi ý: đổi tên "
     "khác; không dùng: assets, ban-tin, bien-tap, doi-tuong, infographic, linh-vuc, media, "
     "ngoai-tuyen, ngon-ngu, pagefind, sach-noi, search, tai-ve, the-chia-se, thong-ke, "
     "thuat-ngu, "
     "tim-kiem, van-ban, video"),
    ("Hôn nhân", "6: khóa lĩnh vực 'Hôn nhân' không hợp lệ — gợi ý: chỉ dùng chữ thường không "
     "dấu, số và dấu gạch ngang, ví dụ lao-dong"),
    ("en", "0: khóa lĩnh vực 'en' trùng với một mã ngôn ngữ — gợi ý: bản dịch nằm dưới "
     "/<mã-ngôn-ngữ>/: đổi tên lĩnh vực"),
])
def test_bad_field_keys(tmp_library: LibraryMaker, key: str, expected: str) -> None:
    root = tmp_library({"content/_data/fields.yml": FIELDS + f"{key}:\n  title: Khác\n"})
    assert only_problem(root) == f"content/_data/fields.yml:{expected}"


def test_field_without_title(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/fields.yml": FIELDS + "hon-nhan:\n  description: x\n"})
    assert only_problem(root) == (
        "content/_data/fields.yml:6: lĩnh vực 'hon-nhan': thiếu khóa bắt buộc 'title' — "
        "gợi ý: thêm 'title: …'"
    )


def test_unknown_key_in_audience_is_a_warning(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"content/_data/audiences.yml":
                        "nguoi-lao-dong:\n  title: Người lao động\n  mo-ta: x\n"})
    library, problems = load(root)
    assert library is not None
    assert [p.format() for p in problems.items] == [
        "content/_data/audiences.yml:3: cảnh báo: đối tượng 'nguoi-lao-dong': khóa lạ 'mo-ta' — "
        "gợi ý: các khóa dùng được: title, description"
    ]


def test_duplicate_keys_in_documents(tmp_library: LibraryMaker) -> None:
    again = '"45/2019/QH14":\n  type: Luật\n  title: X\n  issuer: Quốc hội\n  issued: 2019-11-20\n'
    assert only_problem(tmp_library({"content/_data/documents.yml": DOCUMENTS + again})) == (
        "content/_data/documents.yml:22: khóa '45/2019/QH14' bị lặp lại — gợi ý: mỗi khóa chỉ "
        "được viết một lần"
    )


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('replaced_by: "45/2019/QH14"', 'replaced_by: "1/2099/QH99"',
     "15: văn bản '10/2012/QH13': replaced_by '1/2099/QH99' không có trong documents.yml — "
     "gợi ý: thêm văn bản thay thế vào documents.yml"),
    ("expires: 2021-01-01", "expires: 2013-01-01",
     "14: văn bản '10/2012/QH13': ngày hết hiệu lực không sau ngày có hiệu lực"),
    ("expires: 2021-01-01", "expires: 2013-05-01",
     "14: văn bản '10/2012/QH13': ngày hết hiệu lực không sau ngày có hiệu lực"),
    ("effective: 2024-08-01", "effective: 2023-08-01",
     "21: văn bản '31/2024/QH15': ngày có hiệu lực trước ngày ban hành"),
    ("  issuer: Quốc hội\n  issued: 2024-01-18", "  issued: 2024-01-18",
     "16: văn bản '31/2024/QH15': thiếu khóa bắt buộc 'issuer' — gợi ý: thêm 'issuer: …'"),
    ("issued: 2024-01-18", "issued: 2024-02-30",
     "20: văn bản '31/2024/QH15': 'issued' phải là ngày YYYY-MM-DD, không phải '2024-02-30' — "
     "gợi ý: viết issued: 2025-04-15"),
    ("issued: 2024-01-18", "issued: 18/01/2024",
     "20: văn bản '31/2024/QH15': 'issued' phải là ngày YYYY-MM-DD, không phải '18/01/2024' — "
     "gợi ý: viết issued: 2025-04-15"),
])
def test_document_problems(tmp_library: LibraryMaker, old: str, new: str, expected: str) -> None:
    assert old in DOCUMENTS
    root = tmp_library({"content/_data/documents.yml": DOCUMENTS.replace(old, new)})
    assert only_problem(root) == f"content/_data/documents.yml:{expected}"


def test_document_url_must_be_http(tmp_library: LibraryMaker) -> None:
    documents = DOCUMENTS.replace("url: https://example.org/blld", "url: example.org/blld")
    found = messages(tmp_library({"content/_data/documents.yml": documents}))
    assert found[0] == (
        "content/_data/documents.yml:7: văn bản '45/2019/QH14': url phải bắt đầu bằng https://"
    )


@pytest.mark.parametrize(("text", "expected"), [
    ("EN:\n  name: English\n  name_vi: Tiếng Anh\n",
     "1: mã ngôn ngữ 'EN' không hợp lệ — gợi ý: dùng mã BCP 47 viết thường, 2 hoặc 3 chữ cái, "
     "ví dụ km, hmn"),
    ("hmn:\n  name: Hmoob\n  name_vi: Tiếng H'Mông\n  dir: up\n",
     "4: ngôn ngữ 'hmn': dir phải là ltr hoặc rtl"),
    ("hmn:\n  name: Hmoob\n",
     "1: ngôn ngữ 'hmn': thiếu khóa bắt buộc 'name_vi' — gợi ý: thêm 'name_vi: …'"),
])
def test_language_problems(tmp_library: LibraryMaker, text: str, expected: str) -> None:
    root = tmp_library({"content/_data/languages.yml": text})
    assert only_problem(root) == f"content/_data/languages.yml:{expected}"


def test_glossary(tmp_library: LibraryMaker) -> None:
    good = "hòa giải:\n  definition: Giúp các bên tự thỏa thuận.\n  translations: {en: mediation}\n"
    library, problems = load(tmp_library({"content/_data/glossary.yml": good}))
    assert problems.items == []
    assert library is not None
    assert library.glossary["hòa giải"].translations == {"en": "mediation"}

    bad = good.replace("{en: mediation}", "{fr: médiation}")
    assert only_problem(tmp_library({"content/_data/glossary.yml": bad})) == (
        "content/_data/glossary.yml:3: thuật ngữ 'hòa giải': ngôn ngữ 'fr' không có trong "
        "languages.yml — gợi ý: thêm ngôn ngữ vào content/_data/languages.yml"
    )


def test_data_file_that_is_not_a_mapping(tmp_library: LibraryMaker) -> None:
    found = messages(tmp_library({"content/_data/audiences.yml": "- nguoi-dan\n"}))
    assert found[0] == "content/_data/audiences.yml:1: content/_data/audiences.yml phải là một " \
        "bảng 'khóa: …'"


# --- infographics and audiobook settings ---------------------------------------------


# The head of a spec (name, type, title, source) is the library's; the body is its kind's,
# checked by generators.infographics (tests/infographics/test_kinds.py).
@pytest.mark.parametrize(("name", "text", "expected"), [
    ("cac-buoc", STEPS.replace('"45/2019/QH14"', '"1/2000/QH10"'),
     "3: văn bản nguồn '1/2000/QH10' không có trong documents.yml"),
    ("cac-buoc", "title: Các bước\n",
     "1: infographic: thiếu khóa bắt buộc 'type' — gợi ý: thêm 'type: …'"),
    ("cac-buoc", "type: [steps]\ntitle: Các bước\n",
     "1: infographic: 'type' phải là chuỗi, không phải một danh sách — gợi ý: viết type: \"…\""),
    ("cac-buoc", "type: steps\nitems: []\n",
     "1: infographic: thiếu khóa bắt buộc 'title' — gợi ý: thêm 'title: …'"),
    ("cac-buoc", "- type: steps\n",
     "1: infographic phải là một bảng 'khóa: giá trị' — gợi ý: xem mẫu trong "
     "docs/content-format.md"),
    ("Cac_Buoc", STEPS,
     "1: tên infographic 'Cac_Buoc' không hợp lệ — gợi ý: đặt tên tệp bằng chữ thường không "
     "dấu và dấu gạch ngang"),
])
def test_infographic_spec_problems(tmp_library: LibraryMaker, name: str, text: str,
                                   expected: str) -> None:
    root = tmp_library({f"infographics/{name}.yml": text})
    assert only_problem(root) == f"infographics/{name}.yml:{expected}"


@pytest.mark.parametrize("text", [
    "type: spiral\ntitle: Xoắn\nturns: 3\n",  # the kinds are not the library's to know
    "type: timeline\ntitle: Mốc\nitems:\n  - {date: 2019-11-20, title: Ban hành}\n"
    "  - {date: '2021', title: Có hiệu lực}\n",
    "type: compare\ntitle: So sánh\ncolumns:\n  - {title: A, items: [x, y]}\n"
    "  - {title: B, items: [z]}\n",
    "type: numbers\ntitle: Con số\nitems:\n  - {value: 60, label: ngày}\n",
    "type: table\ntitle: Bảng\nheader: [Loại, Ngày]\nrows:\n  - [Thử việc, 60]\n",
])
def test_every_infographic_type_loads(tmp_library: LibraryMaker, text: str) -> None:
    library, problems = load(tmp_library({"infographics/hinh.yml": text}))
    assert problems.items == []
    assert library is not None
    assert list(library.infographics) == ["hinh"]


VOICES = """\
default: vi-bac
voices:
  vi-bac: {lang: vi, engine: espeak, voice: vi, label: Giọng miền Bắc}
  vi-ai: {lang: vi, engine: polly, voice: x, label: Giọng AI}
"""


def test_voice_with_unknown_engine(tmp_library: LibraryMaker) -> None:
    assert only_problem(tmp_library({"audiobooks/voices.yml": VOICES})) == (
        "audiobooks/voices.yml:4: giọng 'vi-ai': engine 'polly' không có — gợi ý: dùng espeak "
        "(ngoại tuyến) hoặc edge (cần mạng)"
    )


def test_voices_and_lexicon_load(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        "audiobooks/voices.yml": VOICES.replace("polly", "edge"),
        "audiobooks/lexicon.yml": "UBND: Ủy ban nhân dân\nPBGDPL: phổ biến, giáo dục pháp luật\n",
    })
    library, problems = load(root)
    assert problems.items == []
    assert library is not None
    assert library.audiobooks.default_voice == "vi-bac"
    assert sorted(library.audiobooks.voices) == ["vi-ai", "vi-bac"]
    assert library.audiobooks.voices["vi-ai"].engine == "edge"
    assert dict(library.audiobooks.lexicon) == {"UBND": "Ủy ban nhân dân",
                                                "PBGDPL": "phổ biến, giáo dục pháp luật"}


@pytest.mark.parametrize(("text", "expected"), [
    ("default: vi-nam\nvoices:\n  vi-bac: {lang: vi, engine: espeak, voice: vi, label: B}\n",
     "1: giọng mặc định 'vi-nam' không có trong 'voices'"),
    ("default: vi-bac\nvoices:\n  vi-bac: {lang: vi, engine: espeak, voice: vi, label: B}\n"
     "  km-a: {lang: km, engine: espeak, voice: km, label: K}\n",
     "4: giọng 'km-a': ngôn ngữ 'km' không có trong languages.yml"),
    ("default: vi-bac\nvoices:\n  vi-bac: {lang: vi, engine: espeak, voice: vi}\n",
     "3: giọng 'vi-bac': thiếu khóa bắt buộc 'label' — gợi ý: thêm 'label: …'"),
])
def test_voice_problems(tmp_library: LibraryMaker, text: str, expected: str) -> None:
    found = messages(tmp_library({"audiobooks/voices.yml": text}))
    assert found[0] == f"audiobooks/voices.yml:{expected}"


def test_lexicon_spoken_form_must_be_text(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"audiobooks/lexicon.yml": "UBND: Ủy ban nhân dân\nHĐND: [a, b]\n"})
    assert only_problem(root) == "audiobooks/lexicon.yml:2: cách đọc của 'HĐND' phải là chuỗi"


REC = "audiobooks/recordings/"
CHAPTERS = '{"version": "1.2.0", "chapters": [\n  {"startTime": 0, "title": "Mở đầu"},\n' \
    '  {"startTime": 42.5, "title": "Thời gian thử việc"}\n]}\n'


def test_recordings_and_their_chapters_load(tmp_library: LibraryMaker) -> None:
    root = tmp_library({f"{REC}thu-viec.vi.mp3": b"ID3",
                        f"{REC}thu-viec.vi.chapters.json": CHAPTERS,
                        f"{REC}README.md": "Hướng dẫn"})
    library, problems = load(root)
    assert problems.items == [] and library is not None
    recording = library.audiobooks.recordings[("thu-viec", "vi")]
    assert recording.path == root / f"{REC}thu-viec.vi.mp3"
    assert recording.chapters == ((0.0, "Mở đầu"), (42.5, "Thời gian thử việc"))


@pytest.mark.parametrize(("sidecar", "expected"), [
    ('{"chapters": [\n  {"startTime": 0, "title": "A"},\n  {"startTime": 0, "title": "B"}\n]}',
     "3: chương 2 bắt đầu ở 0 giây — gợi ý: chương đầu bắt đầu ở 0, các chương sau tăng dần"),
    ('{"chapters": [\n  {"startTime": 5, "title": "A"}\n]}',
     "2: chương 1 bắt đầu ở 5 giây — gợi ý: chương đầu bắt đầu ở 0, các chương sau tăng dần"),
    ('{"chapters": [\n  {"startTime": "0:00", "title": "A"}\n]}',
     "2: chương 1 cần 'startTime' (số giây) và 'title'"),
    ('{"chapters": [\n  {"startTime": 0, "title": "A"},\n]}',
     "3: JSON không hợp lệ: Expecting value"),
    ('{"chapter": []}', "1: cần danh sách 'chapters' không rỗng"),
])
def test_recording_chapter_problems(tmp_library: LibraryMaker, sidecar: str,
                                    expected: str) -> None:
    root = tmp_library({f"{REC}thu-viec.vi.wav": b"RIFF",
                        f"{REC}thu-viec.vi.chapters.json": sidecar})
    found = only_problem(root)
    assert found.startswith(f"{REC}thu-viec.vi.chapters.json:{expected}"), found


def test_recordings_that_match_nothing_are_reported(tmp_library: LibraryMaker) -> None:
    root = tmp_library({f"{REC}khong-co.vi.mp3": b"ID3", f"{REC}thu-viec.mp3": b"ID3",
                        f"{REC}thu-viec.vi.mp3": b"ID3", f"{REC}thu-viec.vi.ogg": b"OggS",
                        f"{REC}mo-coi.vi.chapters.json": CHAPTERS})
    assert messages(root) == [
        f"{REC}thu-viec.mp3:0: cảnh báo: tên tệp ghi âm không đúng mẫu, bỏ qua — gợi ý: đặt "
        "tên <slug>.<mã-ngôn-ngữ>.mp3 (hoặc .wav, .ogg), ví dụ thoi-gian-thu-viec.vi.mp3",
        f"{REC}thu-viec.vi.ogg:0: đã có bản ghi âm thu-viec.vi.mp3 cho bài và ngôn ngữ này — "
        "gợi ý: giữ một tệp cho mỗi bài và ngôn ngữ",
        f"{REC}mo-coi.vi.chapters.json:0: cảnh báo: mục lục này không có tệp ghi âm đi kèm "
        "— gợi ý: thêm mo-coi.vi.mp3 bên cạnh, hoặc xóa tệp này",
        f"{REC}khong-co.vi.mp3:0: cảnh báo: không có bài 'khong-co' bằng ngôn ngữ 'vi' cho "
        "bản ghi âm này — gợi ý: tên tệp phải là <slug của bài>.<mã ngôn ngữ>.mp3",
    ]

# --- the whole library in one run -----------------------------------------------------


def test_all_problems_of_the_library_in_one_run(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        ARTICLE: with_meta("reviewed: true", 'reviewed: true\naudio: "yes"'),
        "content/dat-dai/so-do.md": "## Không có front matter\n",
        "content/dat-dai/Bad_Name.md": explainer(field="dat-dai"),
        "content/dat-dai/chuyen-nhuong.md": explainer(
            "Chuyển nhượng", field="dat-dai", documents='["31/2024/QH15"]',
            body="## A\n\n<script>x()</script>\n"),
        "content/_data/documents.yml": DOCUMENTS.replace("expires: 2021-01-01",
                                                         "expires: 2013-01-01"),
        "infographics/cac-buoc.yml": "type: steps\nitems: []\n",
        "audiobooks/voices.yml": VOICES,
    })
    library, problems = load(root)
    assert library is None
    assert sorted(p.format().split(" — ")[0] for p in problems.items) == [
        "audiobooks/voices.yml:4: giọng 'vi-ai': engine 'polly' không có",
        "content/_data/documents.yml:14: văn bản '10/2012/QH13': ngày hết hiệu lực không sau "
        "ngày có hiệu lực",
        "content/dat-dai/Bad_Name.md:1: slug 'Bad_Name' không hợp lệ",
        "content/dat-dai/chuyen-nhuong.md:12: HTML không an toàn: thẻ <script>",
        "content/dat-dai/so-do.md:1: thiếu phần đầu trang (front matter)",
        f"{ARTICLE}:9: front matter: 'audio' phải là true/false, không phải 'yes'",
        "infographics/cac-buoc.yml:1: infographic: thiếu khóa bắt buộc 'title'",
    ]
    assert len(problems.errors) == 7


def test_errors_and_warnings_are_sorted_by_place() -> None:
    problems = Problems()
    problems.error("b.md", 2, "x")
    problems.warning("a.md", 9, "w")
    problems.error("a.md", 10, "y")
    problems.error("a.md", 9, "z")
    assert [(p.path, p.line) for p in problems.errors] == [("a.md", 9), ("a.md", 10), ("b.md", 2)]
    assert [p.format() for p in problems.warnings] == ["a.md:9: cảnh báo: w"]


def test_invalid_document_is_reported_once_not_at_every_citation(tmp_library):
    from tests.conftest import DOCUMENTS

    broken = DOCUMENTS.replace("  issuer: Quốc hội\n  issued: 2019-11-20\n",
                               "  issued: 2019-11-20\n", 1)
    root = tmp_library({"content/_data/documents.yml": broken})
    _, problems = load_library(root, TODAY)
    assert [p.format() for p in problems.errors] == [
        "content/_data/documents.yml:1: văn bản '45/2019/QH14': thiếu khóa bắt buộc 'issuer'"
        " — gợi ý: thêm 'issuer: …'"]


def test_link_to_an_explainer_with_its_own_error_is_not_reported_again(tmp_library):
    root = tmp_library({
        "content/lao-dong/thu-viec.md": explainer(field="khong-co"),
        "content/lao-dong/hop-dong.md": explainer(
            title="Hợp đồng", body="## Phần\n\nXem [thử việc](thu-viec.md).\n"),
    })
    _, problems = load_library(root, TODAY)
    assert [p.format() for p in problems.errors] == [
        "content/lao-dong/thu-viec.md:4: lĩnh vực 'khong-co' không có trong fields.yml"
        " — gợi ý: dùng một trong: dat-dai, lao-dong"]


def test_unparseable_registry_gives_one_error_not_one_per_citation(tmp_library):
    root = tmp_library({"content/_data/documents.yml": '"45/2019/QH14":\n  type: [Bộ luật\n'})
    _, problems = load_library(root, TODAY)
    assert [p.path for p in problems.errors] == ["content/_data/documents.yml"]


STEPS_CITING_BLLD = ('type: steps\ntitle: Các bước\nsource: "45/2019/QH14"\n'
                     'items:\n  - {title: Một}\n  - {title: Hai}\n')


def test_unparseable_registry_is_not_echoed_by_infographic_sources(tmp_library):
    root = tmp_library({"content/_data/documents.yml": '"45/2019/QH14":\n  type: [Bộ luật\n',
                        "infographics/cac-buoc.yml": STEPS_CITING_BLLD})
    _, problems = load_library(root, TODAY)
    assert [p.path for p in problems.errors] == ["content/_data/documents.yml"]


def test_infographic_source_with_its_own_error_is_not_reported_again(tmp_library):
    broken = DOCUMENTS.replace("  issuer: Quốc hội\n  issued: 2019-11-20\n", "", 1)
    root = tmp_library({"content/_data/documents.yml": broken,
                        "infographics/cac-buoc.yml": STEPS_CITING_BLLD})
    _, problems = load_library(root, TODAY)
    assert [p.format() for p in problems.errors] == [
        "content/_data/documents.yml:1: văn bản '45/2019/QH14': thiếu khóa bắt buộc 'issued'"
        " — gợi ý: thêm 'issued: …'",
        "content/_data/documents.yml:1: văn bản '45/2019/QH14': thiếu khóa bắt buộc 'issuer'"
        " — gợi ý: thêm 'issuer: …'",
    ]


def test_unclosed_quote_is_reported_where_it_opens(tmp_library):
    broken = DOCUMENTS.replace("  title: Luật Đất đai\n", '  title: "Luật Đất đai\n')
    root = tmp_library({"content/_data/documents.yml": broken})
    _, problems = load_library(root, TODAY)
    line = broken.split("\n").index('  title: "Luật Đất đai') + 1
    assert [p.format() for p in problems.errors] == [
        f"content/_data/documents.yml:{line}: YAML không hợp lệ: dấu ngoặc kép chưa được đóng"
        " — gợi ý: kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc kép"]
