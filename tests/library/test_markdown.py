"""generators/library/markdown.py: sections, HTML, link rewriting and body problems."""

from __future__ import annotations

import pytest

from generators.errors import Problems
from generators.library.markdown import LinkContext, parse_body
from generators.library.model import Body
from generators.urls import relative_url

PATH = "content/lao-dong/thu-viec.md"
FIRST_LINE = 10  # the body starts on line 10 of the file, below the front matter
UNSAFE_HINT = "chỉ dùng HTML không chạy mã; bỏ script, iframe, on…="

CTX = LinkContext(
    source="lao-dong/thu-viec.md",
    page_url="lao-dong/thu-viec/",
    explainer_urls={
        "lao-dong/thu-viec.md": "lao-dong/thu-viec/",
        "dat-dai/so-do.md": "dat-dai/so-do/",
        "lao-dong/thu-viec.en.md": "en/lao-dong/thu-viec/",
    },
    file_exists={"lao-dong/anh.png", "hinh/so do.png", "lao-dong/mau-don.pdf"}.__contains__,
)


def parse(text: str) -> tuple[Body, list[str]]:
    problems = Problems()
    body = parse_body(text, FIRST_LINE, PATH, CTX, problems)
    return body, [p.format() for p in problems.items]


def problems_of(text: str) -> list[str]:
    return parse(text)[1]


# --- sections, headings, anchors ------------------------------------------------------


SECTIONED = """\
Mở đầu ngắn.

## Điều kiện

Có hợp đồng.

## Điều kiện

Lặp lại tiêu đề.

## Hồ sơ cần có?

Đơn và **bản sao** giấy tờ.
"""


def test_sections_split_at_h2_with_untitled_lead() -> None:
    body, problems = parse(SECTIONED)
    assert problems == []
    assert [(s.title, s.anchor, s.line) for s in body.sections] == [
        ("", "", 10),
        ("Điều kiện", "dieu-kien", 12),
        ("Điều kiện", "dieu-kien-2", 16),
        ("Hồ sơ cần có?", "ho-so-can-co", 20),
    ]
    assert [s.markdown for s in body.sections] == [
        "Mở đầu ngắn.",
        "## Điều kiện\n\nCó hợp đồng.",
        "## Điều kiện\n\nLặp lại tiêu đề.",
        "## Hồ sơ cần có?\n\nĐơn và **bản sao** giấy tờ.",
    ]
    assert [c.title for c in body.chapters] == ["Điều kiện", "Điều kiện", "Hồ sơ cần có?"]


def test_section_html_and_whole_html() -> None:
    body, _ = parse(SECTIONED)
    assert body.sections[0].html == "<p>Mở đầu ngắn.</p>\n"
    assert body.sections[1].html == '<h2 id="dieu-kien">Điều kiện</h2>\n<p>Có hợp đồng.</p>\n'
    assert body.sections[3].html == ('<h2 id="ho-so-can-co">Hồ sơ cần có?</h2>\n'
                                     "<p>Đơn và <strong>bản sao</strong> giấy tờ.</p>\n")
    assert body.html == "".join(s.html for s in body.sections)


def test_no_lead_section_when_body_starts_with_h2() -> None:
    body, _ = parse("## Một\n\nA\n\n## Hai\n\nB\n")
    assert [s.title for s in body.sections] == ["Một", "Hai"]
    assert body.sections[0].line == 10


def test_headings_fold_vietnamese_including_d_stroke() -> None:
    body, _ = parse("## Điều kiện\n\nx\n\n### Đăng ký ở đâu\n\ny\n\n## Đ\n\nz\n\n## ?!\n\nw\n")
    assert [(h.level, h.text, h.anchor, h.line) for h in body.headings] == [
        (2, "Điều kiện", "dieu-kien", 10),
        (3, "Đăng ký ở đâu", "dang-ky-o-dau", 14),
        (2, "Đ", "d", 18),
        (2, "?!", "muc", 22),  # nothing left after folding: a fallback anchor
    ]


def test_duplicate_anchors_are_numbered() -> None:
    body, _ = parse("## Hồ sơ\n\na\n\n## Hồ sơ\n\nb\n\n### Hồ sơ\n\nc\n")
    assert [h.anchor for h in body.headings] == ["ho-so", "ho-so-2", "ho-so-3"]
    assert '<h3 id="ho-so-3">Hồ sơ</h3>' in body.html


def test_h3_stays_inside_its_section() -> None:
    body, _ = parse("## Một\n\na\n\n### Nhỏ\n\nb\n")
    assert [s.title for s in body.sections] == ["Một"]
    assert body.sections[0].markdown == "## Một\n\na\n\n### Nhỏ\n\nb"


def test_h1_in_body_is_a_warning() -> None:
    _, problems = parse("## A\n\nx\n\n# Tiêu đề\n")
    assert problems == [
        f"{PATH}:14: cảnh báo: tiêu đề '#' trong thân bài — gợi ý: tiêu đề lấy từ 'title'; "
        "các phần dùng '##'"
    ]


def test_plain_text_of_the_body() -> None:
    body, _ = parse("## Điều kiện\n\nCó **hợp đồng** và `mã`.\n")
    assert body.plain_text == "Điều kiện Có hợp đồng và mã."


# --- the Markdown extensions the content format promises --------------------------


def test_table() -> None:
    body, problems = parse("## A\n\n| Loại | Ngày |\n|---|---|\n| Thử việc | 60 |\n")
    assert problems == []
    assert ("<table>\n<thead>\n<tr>\n<th>Loại</th>\n<th>Ngày</th>\n</tr>\n</thead>\n"
            "<tbody>\n<tr>\n<td>Thử việc</td>\n<td>60</td>\n</tr>\n</tbody>\n</table>\n"
            ) in body.html


def test_admonition() -> None:
    body, _ = parse('## A\n\n!!! note "Lưu ý"\n    Mang theo CCCD.\n')
    assert ('<div class="admonition note">\n<p class="admonition-title">Lưu ý</p>\n'
            "<p>Mang theo CCCD.</p>\n</div>\n") in body.html


def test_footnotes_go_to_the_last_section() -> None:
    body, _ = parse("## Một\n\nTheo luật[^1].\n\n## Hai\n\nHết.\n\n"
                    "[^1]: Điều 25 Bộ luật Lao động.\n")
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' \
        in body.sections[0].html
    assert '<li id="fn1" class="footnote-item"><p>Điều 25 Bộ luật Lao động.' \
        in body.sections[1].html
    assert "footnote-item" not in body.sections[0].html
    # The definition travels with the last section's Markdown too (audiobook footnotes).
    assert body.sections[1].markdown == "## Hai\n\nHết.\n\n[^1]: Điều 25 Bộ luật Lao động."
    assert body.html.endswith("</section>\n")


def test_abbreviations() -> None:
    body, problems = parse("## A\n\n*[UBND]: Ủy ban nhân dân\n\nNộp đơn tại UBND xã, không phải "
                           "UBNDX.\n")
    assert problems == []
    assert body.abbreviations == (("UBND", "Ủy ban nhân dân"),)
    assert ('<p>Nộp đơn tại <abbr title="Ủy ban nhân dân">UBND</abbr> xã, không phải UBNDX.</p>'
            in body.html)
    assert "*[UBND]" not in body.html


def test_abbreviation_line_keeps_line_numbers() -> None:
    _, problems = parse("*[UBND]: Ủy ban nhân dân\n\n## A\n\n![](anh.png)\n")
    assert problems == [f"{PATH}:14: ảnh 'anh.png' thiếu văn bản thay thế (alt) — gợi ý: "
                        "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)"]


# --- links and images -----------------------------------------------------------------


def test_explainer_link_becomes_relative_page_url() -> None:
    body, problems = parse("## A\n\nXem [sổ đỏ](../dat-dai/so-do.md#buoc-1) và "
                           "[bản tiếng Anh](thu-viec.en.md).\n")
    assert problems == []
    assert '<a href="../../dat-dai/so-do/#buoc-1">sổ đỏ</a>' in body.html
    assert '<a href="../../en/lao-dong/thu-viec/">bản tiếng Anh</a>' in body.html


def test_images_and_files_point_into_media() -> None:
    body, problems = parse("## A\n\n![Hợp đồng mẫu](anh.png) ![Sơ đồ](../hinh/so%20do.png) "
                           "[Mẫu đơn](mau-don.pdf)\n")
    assert problems == []
    assert ('<img src="../../media/lao-dong/anh.png" alt="Hợp đồng mẫu" loading="lazy" '
            'decoding="async">') in body.html
    assert 'alt="Sơ đồ"' in body.html
    assert '<a href="../../media/lao-dong/mau-don.pdf">Mẫu đơn</a>' in body.html
    assert body.images == ("lao-dong/anh.png", "hinh/so do.png")


def test_external_links_are_kept_with_noopener() -> None:
    body, problems = parse("## A\n\n[Cổng](https://vbpl.vn/a) [thư](mailto:a@b.vn) "
                           "[gọi](tel:1900) [mục](#dieu-kien)\n")
    assert problems == []
    assert '<a href="https://vbpl.vn/a" rel="noopener">Cổng</a>' in body.html
    assert '<a href="mailto:a@b.vn">thư</a>' in body.html
    assert '<a href="tel:1900">gọi</a>' in body.html
    assert '<a href="#dieu-kien">mục</a>' in body.html


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("dat-dai/so-do/", "lao-dong/thu-viec/", "../../dat-dai/so-do/"),
    ("lao-dong/khac/", "lao-dong/thu-viec/", "../khac/"),
    ("lao-dong/thu-viec/", "lao-dong/thu-viec/", "./"),
    ("media/a.png", "", "media/a.png"),
    ("dat-dai/", "en/lao-dong/thu-viec/", "../../../dat-dai/"),
])
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert relative_url(target, page) == expected


# --- problems, at their exact lines ---------------------------------------------------

# Every body below starts with "## A\n\nx\n\n", so its fifth line is line 14 of the file.
LEAD = "## A\n\nx\n\n"


@pytest.mark.parametrize(("markdown", "expected"), [
    ("![](anh.png)",
     "14: ảnh 'anh.png' thiếu văn bản thay thế (alt) — gợi ý: "
     "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)"),
    ("![Ảnh](mat.png)",
     "14: không tìm thấy tệp ảnh: 'mat.png' — gợi ý: đặt tệp tại content/lao-dong/mat.png"),
    ("[mẫu](mat.pdf)",
     "14: không tìm thấy tệp liên kết: 'mat.pdf' — gợi ý: đặt tệp tại content/lao-dong/mat.pdf"),
    ("[bài](khong-co.md)",
     "14: liên kết tới bài giải thích không tồn tại: 'khong-co.md' — gợi ý: "
     "kiểm tra tên tệp .md và thư mục"),
    ("[tệp](../../ngoai.pdf)",
     "14: liên kết '../../ngoai.pdf' trỏ ra ngoài thư mục content/ — gợi ý: "
     "ảnh và tệp đính kèm phải nằm trong content/"),
    ("![Ảnh](../../../etc/passwd)",
     "14: ảnh '../../../etc/passwd' trỏ ra ngoài thư mục content/ — gợi ý: "
     "ảnh và tệp đính kèm phải nằm trong content/"),
    ("[bài](/lao-dong/thu-viec.md)",
     "14: liên kết '/lao-dong/thu-viec.md' dùng đường dẫn tuyệt đối — gợi ý: "
     "dùng đường dẫn tương đối từ tệp này, ví dụ ../linh-vuc/bai.md"),
    ("![Ảnh](/media/anh.png)",
     "14: ảnh '/media/anh.png' dùng đường dẫn tuyệt đối — gợi ý: "
     "dùng đường dẫn tương đối từ tệp này, ví dụ ../linh-vuc/bai.md"),
    ("[tải](ftp://example.org/a)",
     "14: liên kết 'ftp://example.org/a' dùng giao thức không hỗ trợ — gợi ý: "
     "dùng https://, mailto: hoặc tel:"),
])
def test_link_and_image_problems(markdown: str, expected: str) -> None:
    assert problems_of(f"{LEAD}{markdown}\n") == [f"{PATH}:{expected}"]


def test_image_without_alt_and_missing_is_two_problems() -> None:
    assert problems_of(f"{LEAD}Đoạn văn\ntiếp theo ![](khong-co.png)\n") == [
        f"{PATH}:15: ảnh 'khong-co.png' thiếu văn bản thay thế (alt) — gợi ý: "
        "viết ![mô tả ngắn nội dung ảnh](đường-dẫn)",
        f"{PATH}:15: không tìm thấy tệp ảnh: 'khong-co.png' — gợi ý: "
        "đặt tệp tại content/lao-dong/khong-co.png",
    ]


@pytest.mark.parametrize(("markdown", "line"), [
    ("[bấm vào đây](javascript:alert(1))", 14),
    ("Dòng đầu\n[bấm vào đây]( JavaScript:alert(1))", 15),
    ("[bấm vào đây][x]\n\n[x]: javascript:alert(1)", 16),
    ("<javascript:alert(1)>", 14),
])
def test_javascript_url_in_markdown(markdown: str, line: int) -> None:
    assert problems_of(f"{LEAD}{markdown}\n") == [
        f"{PATH}:{line}: HTML không an toàn: liên kết javascript: — gợi ý: "
        "liên kết tới một trang web hoặc một bài giải thích"
    ]


def test_javascript_in_inline_code_is_only_text() -> None:
    assert problems_of(f"{LEAD}Đừng viết `[x](javascript:alert(1))`.\n") == []


@pytest.mark.parametrize(("html", "line", "what"), [
    ("<script>alert(1)</script>", 14, "thẻ <script>"),
    ("<div>\n<p>Video:</p>\n<iframe src=\"https://example.org\"></iframe>\n</div>", 16,
     "thẻ <iframe>"),
    ('<object data="a.swf"></object>', 14, "thẻ <object>"),
    ('<embed src="a.swf">', 14, "thẻ <embed>"),
    ("<SCRIPT src=x></SCRIPT>", 14, "thẻ <script>"),
    ('<div onclick="steal()">Bấm</div>', 14, "thuộc tính onclick="),
    ('<div>\n<img alt="a" src="anh.png"\n     onerror="x()">\n</div>', 15, "thuộc tính onerror="),
    ('<div><a href="javascript:steal()">Bấm</a></div>', 14, "liên kết javascript:"),
])
def test_unsafe_block_html(html: str, line: int, what: str) -> None:
    assert problems_of(f"{LEAD}{html}\n") == [
        f"{PATH}:{line}: HTML không an toàn: {what} — gợi ý: {UNSAFE_HINT}"
    ]


@pytest.mark.parametrize(("html", "what"), [
    ("<script>alert(1)</script>", "thẻ <script>"),
    ('<iframe src="https://example.org"></iframe>', "thẻ <iframe>"),
    ('<object data="a.swf"></object>', "thẻ <object>"),
    ('<embed src="a.swf">', "thẻ <embed>"),
    ('<span onclick="steal()">đây</span>', "thuộc tính onclick="),
    ('<a href="javascript:steal()">đây</a>', "liên kết javascript:"),
])
def test_unsafe_inline_html(html: str, what: str) -> None:
    assert problems_of(f"{LEAD}Dòng đầu\nBấm {html} nhé.\n") == [
        f"{PATH}:15: HTML không an toàn: {what} — gợi ý: {UNSAFE_HINT}"
    ]


@pytest.mark.parametrize(("html", "what"), [
    # Browsers read attribute names in any case and decode character references in values.
    ('<div ONCLICK="steal()">Bấm</div>', "thuộc tính onclick="),
    ('<p>Xem <span OnMouseOver="steal()">đây</span></p>', "thuộc tính onmouseover="),
    ('<a href="&#106;avascript:steal()">Bấm</a>', "liên kết javascript:"),
    ('<a href="java&#x09;script:steal()">Bấm</a>', "liên kết javascript:"),
    ('<a href=" JAVASCRIPT:steal()">Bấm</a>', "liên kết javascript:"),
])
def test_unsafe_html_written_to_slip_past(html: str, what: str) -> None:
    assert problems_of(f"{LEAD}{html}\n") == [
        f"{PATH}:14: HTML không an toàn: {what} — gợi ý: {UNSAFE_HINT}"
    ]


def test_javascript_only_in_a_title_is_text() -> None:
    assert problems_of(f'{LEAD}<abbr title="javascript: một ngôn ngữ">JS</abbr>\n') == []


def test_safe_raw_html_is_accepted() -> None:
    body, problems = parse(f"{LEAD}Nhấn <kbd>Ctrl</kbd> + <kbd>F</kbd>, "
                           "<mark>quan trọng</mark>.\n\n<details><summary>Xem thêm</summary>\n\n"
                           "Nội dung thêm, online=có.\n\n</details>\n")
    assert problems == []
    assert "<kbd>Ctrl</kbd>" in body.html
    assert "<details><summary>Xem thêm</summary>" in body.html


def test_every_problem_of_a_body_is_reported() -> None:
    text = f"{LEAD}![](anh.png)\n\n<script>x()</script>\n\n[b](khong-co.md)\n"
    assert [p.split(" — ")[0] for p in problems_of(text)] == [
        f"{PATH}:14: ảnh 'anh.png' thiếu văn bản thay thế (alt)",
        f"{PATH}:16: HTML không an toàn: thẻ <script>",
        f"{PATH}:18: liên kết tới bài giải thích không tồn tại: 'khong-co.md'",
    ]


def test_admonition_without_a_title_gets_a_vietnamese_one() -> None:
    body, problems = parse('!!! warning\n    Cẩn thận.\n\n!!! note "Lưu ý riêng"\n    X\n')
    assert problems == []
    assert '<p class="admonition-title">Cảnh báo</p>' in body.html
    assert '<p class="admonition-title">Lưu ý riêng</p>' in body.html
    assert "Warning" not in body.html


def test_missing_image_with_vietnamese_name_is_shown_as_written() -> None:
    problems = problems_of("## A\n\nChữ.\n\n![Sơ đồ](ảnh%20sơ%20đồ.png)\n")
    assert problems == [f"{PATH}:{FIRST_LINE + 4}: không tìm thấy tệp ảnh: 'ảnh sơ đồ.png' — "
                        "gợi ý: đặt tệp tại content/lao-dong/ảnh sơ đồ.png"]


@pytest.mark.parametrize(("html", "what"), [
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "liên kết data:"),
    ('<base href="https://example.org/">', "thẻ <base>"),
    ('<meta http-equiv="Refresh" content="0;url=https://example.org/">',
     "thẻ <meta http-equiv=refresh> (tự chuyển trang)"),
])
def test_html_that_redirects_or_carries_a_document_is_unsafe(html: str, what: str) -> None:
    assert problems_of(f"{html}\n") == [
        f"{PATH}:{FIRST_LINE}: HTML không an toàn: {what} — gợi ý: chỉ dùng HTML không chạy mã; "
        "bỏ script, iframe, on…="]


def test_data_image_is_allowed() -> None:
    assert problems_of('<img src="data:image/png;base64,iVBORw0KGgo=" alt="chấm">\n') == []
