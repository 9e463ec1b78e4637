"""generators/library/assets.py and the loader: only real files inside content/ are read, and
only allowed images and attachments, by their content, are used."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from generators.library import Library, load_library
from generators.library.assets import check_attachment, check_image
from tests.conftest import TODAY, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
SYMLINK = ("liên kết tượng trưng (symlink) không được phép trong content/: chỉ tệp thật nằm "
           "trong content/ được đọc và xuất bản — gợi ý: thay liên kết bằng chính tệp (hoặc thư "
           "mục) đó")
SYMLINK_USED = ("bị từ chối: là liên kết tượng trưng (symlink) hoặc nằm ngoài content/; chỉ tệp "
                "thật nằm trong content/ được đọc — gợi ý: thay liên kết tượng trưng bằng chính "
                "tệp (hoặc thư mục) đó")
IMAGE_HINT = "gợi ý: chỉ dùng ảnh PNG, JPEG, GIF, WebP, AVIF, SVG có nội dung đúng với đuôi tên tệp"
ATTACHMENT_HINT = ("gợi ý: chỉ đính kèm PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, ZIP, TXT, CSV (hoặc "
                   "ảnh) có nội dung đúng với đuôi tên tệp")
SVG_TAIL = "SVG không được chứa mã, sự kiện on…= hay tham chiếu ra ngoài"


def load(root: Path) -> tuple[Library | None, list[str]]:
    library, problems = load_library(root, TODAY)
    return library, [p.format() for p in problems.items]


def with_body(body: str, **files: str | bytes) -> dict[str, str | bytes | None]:
    """The article with `body` (its first line is line 10; `## A` then a blank line, so the
    third line of `body` is line 12), plus files under content/lao-dong/."""
    return {ARTICLE: explainer(body=body), **{f"content/lao-dong/{k}": v
                                             for k, v in files.items()}}


# ---- symlinks -------------------------------------------------------------------------------


def test_no_symlink_under_content_is_read_or_published(tmp_library: LibraryMaker,
                                                        tmp_path: Path) -> None:
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bai.md").write_text(explainer(title="Bài ở ngoài"), "utf-8")
    (outside / "anh.png").write_bytes(PNG)
    root = tmp_library(with_body("## A\n\n![Ảnh](anh.png)\n\n![B](../thu-muc/anh.png)\n"))
    os.symlink(outside / "bai.md", root / "content/lao-dong/ngoai.md")
    os.symlink(outside / "anh.png", root / "content/lao-dong/anh.png")
    os.symlink(outside, root / "content/thu-muc")
    os.symlink("/etc/passwd", root / "content/_data/extra.yml")
    library, problems = load(root)
    assert library is None
    assert problems == [
        f"content/_data/extra.yml:0: {SYMLINK}",
        f"content/lao-dong/anh.png:0: {SYMLINK}",
        f"content/lao-dong/ngoai.md:0: {SYMLINK}",
        f"content/thu-muc:0: {SYMLINK}",
        f"{ARTICLE}:12: ảnh 'anh.png' {SYMLINK_USED}",
        f"{ARTICLE}:14: ảnh '../thu-muc/anh.png' {SYMLINK_USED}",
    ]


def test_content_itself_may_not_be_a_symlink(tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = tmp_library()
    real = tmp_path / "that-content"
    (root / "content").rename(real)
    os.symlink(real, root / "content")
    assert load(root)[1] == [f"content:0: {SYMLINK}"]


# ---- images ---------------------------------------------------------------------------------


def test_an_html_page_named_png_is_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library(with_body("## A\n\n![Ảnh](anh.png)\n",
                                 **{"anh.png": "<html><script>alert(1)</script></html>"}))
    assert load(root)[1] == [
        f"{ARTICLE}:12: ảnh 'anh.png' bị từ chối: nội dung tệp không phải PNG như tên tệp cho "
        f"biết — {IMAGE_HINT}"]


def test_a_file_that_is_not_an_image_type_is_refused_as_an_image(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library(with_body("## A\n\n![Trang](trang.html)\n![Mã](ma.js)\n",
                                 **{"trang.html": "<p>x</p>", "ma.js": "alert(1)"}))
    kinds = "không phải loại ảnh được phép (PNG, JPEG, GIF, WebP, AVIF, SVG)"
    assert load(root)[1] == [
        f"{ARTICLE}:12: ảnh 'trang.html' bị từ chối: {kinds} — {IMAGE_HINT}",
        f"{ARTICLE}:13: ảnh 'ma.js' bị từ chối: {kinds} — {IMAGE_HINT}"]


@pytest.mark.parametrize(("head", "name"), [
    (PNG, "a.png"), (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.jpg"), (b"\xff\xd8\xff\xdb", "a.jpeg"),
    (b"GIF89a\x01\x00", "a.gif"), (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a.webp"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00", "a.avif"),
])
def test_raster_images_are_known_by_their_first_bytes(tmp_path: Path, head: bytes,
                                                      name: str) -> None:
    (tmp_path / name).write_bytes(head + b"\x00" * 32)
    assert check_image(tmp_path / name, tmp_path).ok
    (tmp_path / name).write_bytes(b"<svg onload=alert(1)>" + b"\x00" * 32)
    assert not check_image(tmp_path / name, tmp_path).ok


SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'


@pytest.mark.parametrize(("svg", "why"), [
    (f"<svg {SVG_NS}>\n<script>alert(1)</script></svg>",
     "SVG có phần tử <script> (dòng 2 của tệp)"),
    (f'<svg {SVG_NS} onload="alert(1)"></svg>', "SVG có thuộc tính onload= (dòng 1 của tệp)"),
    (f'<svg {SVG_NS}><a href="javascript:alert(1)"><text>x</text></a></svg>',
     "SVG có phần tử <a> (dòng 1 của tệp)"),
    (f"<svg {SVG_NS}><foreignObject><p>x</p></foreignObject></svg>",
     "SVG có phần tử <foreignObject> (dòng 1 của tệp)"),
    (f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink">\n\n'
     '<use xlink:href="https://example.org/x.svg#a"/></svg>',
     'SVG tham chiếu ra ngoài tệp: href="https://example.org/x.svg#a" (dòng 3 của tệp)'),
    (f'<svg {SVG_NS}><image href="/etc/passwd"/></svg>',
     'SVG tham chiếu ra ngoài tệp: href="/etc/passwd" (dòng 1 của tệp)'),
    (f"<svg {SVG_NS}><style>@import url(https://example.org/x.css);</style></svg>",
     "SVG có CSS tham chiếu ra ngoài tệp (url(), @import) (dòng 1 của tệp)"),
    (f'<svg {SVG_NS}><rect style="fill:url(https://example.org/t)"/></svg>',
     "SVG tham chiếu ra ngoài tệp trong thuộc tính style= (dòng 1 của tệp)"),
    (f'<svg {SVG_NS}><set attributeName="href" to="javascript:alert(1)"/></svg>',
     "SVG có phần tử <set> (dòng 1 của tệp)"),
    (f'<svg {SVG_NS}><html:script xmlns:html="http://www.w3.org/1999/xhtml">x</html:script>'
     "</svg>", "SVG có phần tử <script> (dòng 1 của tệp)"),
    ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     f"<svg {SVG_NS}><text>&x;</text></svg>",
     "SVG có khai báo DOCTYPE hoặc ENTITY (dòng 2 của tệp)"),
    (f'<?xml-stylesheet href="https://example.org/x.css"?>\n<svg {SVG_NS}/>',
     "SVG có chỉ thị <?xml-stylesheet?> (dòng 1 của tệp)"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
     "SVG tệp không phải SVG (phần tử gốc phải là <svg>) (dòng 1 của tệp)"),
])
def test_a_scripted_or_outward_svg_is_refused_at_its_line(tmp_library: LibraryMaker, svg: str,
                                                          why: str) -> None:
    root = tmp_library(with_body("## A\n\n![Sơ đồ](so-do.svg)\n", **{"so-do.svg": svg}))
    assert load(root)[1] == [
        f"{ARTICLE}:12: ảnh 'so-do.svg' bị từ chối: {why}; {SVG_TAIL} — {IMAGE_HINT}"]


def test_a_plain_svg_with_inner_references_and_editor_metadata_is_accepted(
        tmp_library: LibraryMaker) -> None:
    svg = (f'<svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink" '
           'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10">'
           '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
           '<symbol id="s"><rect width="1" height="1"/></symbol></defs>'
           '<style>.a { fill: url(#g); }</style><title>Sơ đồ</title>'
           '<g inkscape:label="Lớp 1"><rect class="a" width="10" height="10"/>'
           '<use xlink:href="#s"/><text x="1" y="5">Bước 1</text></g></svg>\n')
    root = tmp_library(with_body("## A\n\n![Sơ đồ](so-do.svg)\n", **{"so-do.svg": svg}))
    library, problems = load(root)
    assert problems == []
    assert library is not None and library.explainers[0].body.images == ("lao-dong/so-do.svg",)


def test_an_image_on_another_site_is_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library(with_body("## A\n\n![Mũ](https://example.org/mu.png)\n"))
    assert load(root)[1] == [
        f"{ARTICLE}:12: ảnh 'https://example.org/mu.png' không nằm trong thư viện — gợi ý: tải "
        "ảnh về, đặt vào content/ và dẫn bằng đường dẫn tương đối (trang không tải ảnh từ trang "
        "web khác)"]


# ---- attachments ----------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56


@pytest.mark.parametrize(("name", "data"), [
    ("mau-don.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), ("mau-don.doc", OLE2),
    ("bang.xls", OLE2), ("mau-don.docx", DOCX), ("bang.xlsx", XLSX), ("mau-don.odt", ODT),
    ("bang.ods", ODS), ("ho-so.zip", _zip({"a.txt": b"x"})), ("ghi-chu.txt", "Chữ.\n"),
    ("bang.csv", "a,b\n1,2\n"), ("anh-lon.png", PNG),
])
def test_allowed_attachments_are_accepted_and_listed(tmp_library: LibraryMaker, name: str,
                                                     data: str | bytes) -> None:
    root = tmp_library(with_body(f"## A\n\nTải [tệp]({name}).\n", **{name: data}))
    library, problems = load(root)
    assert problems == []
    assert library is not None
    assert library.explainers[0].body.attachments == (f"lao-dong/{name}",)
    assert f'<a href="../../media/lao-dong/{name}">tệp</a>' in library.explainers[0].body.html


@pytest.mark.parametrize(("name", "data", "why"), [
    ("gia.pdf", "<script>alert(1)</script>", "nội dung tệp không phải PDF như tên tệp cho biết"),
    ("gia.doc", "<html>", "nội dung tệp không phải DOC/XLS như tên tệp cho biết"),
    ("gia.docx", _zip({"index.html": b"<script>"}),
     "nội dung tệp không phải DOCX như tên tệp cho biết"),
    ("gia.odt", _zip({"mimetype": b"text/html"}),
     "nội dung tệp không phải ODT như tên tệp cho biết"),
    ("gia.zip", b"PK\x03\x04 not really", "nội dung tệp không phải ZIP như tên tệp cho biết"),
    ("gia.txt", b"\xff\xfe\x00x", "nội dung tệp không phải văn bản UTF-8 như tên tệp cho biết"),
    ("trang.html", "<p>x</p>", "không phải loại tệp đính kèm được phép (PDF, DOC, DOCX, XLS, "
     "XLSX, ODT, ODS, ZIP, TXT, CSV)"),
    ("chay.exe", b"MZ\x90\x00", "không phải loại tệp đính kèm được phép (PDF, DOC, DOCX, XLS, "
     "XLSX, ODT, ODS, ZIP, TXT, CSV)"),
    ("ma.js", "alert(1)", "không phải loại tệp đính kèm được phép (PDF, DOC, DOCX, XLS, XLSX, "
     "ODT, ODS, ZIP, TXT, CSV)"),
])
def test_any_other_linked_file_is_refused_at_its_line(tmp_library: LibraryMaker, name: str,
                                                      data: str | bytes, why: str) -> None:
    root = tmp_library(with_body(f"## A\n\nChữ.\nTải [tệp]({name}).\n", **{name: data}))
    assert load(root)[1] == [
        f"{ARTICLE}:13: tệp đính kèm '{name}' bị từ chối: {why} — {ATTACHMENT_HINT}"]


def test_the_policy_needs_the_file_inside_content(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "mau.pdf").write_bytes(b"%PDF-1.4")
    assert check_attachment(tmp_path / "content" / ".." / "mau.pdf", tmp_path / "content") \
        .reason == ("là liên kết tượng trưng (symlink) hoặc nằm ngoài content/; chỉ tệp thật "
                    "nằm trong content/ được đọc")


# ---- links to drafts and to broken explainers -----------------------------------------------


def test_a_link_to_a_draft_is_a_warning_and_is_not_linked(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        ARTICLE: explainer(body="## A\n\nXem [bài nháp](nhap.md#a) và [bản dịch](nhap.en.md).\n"),
        "content/lao-dong/nhap.md": explainer(title="Bài nháp", extra="draft: true"),
        "content/lao-dong/nhap.en.md": "---\ntitle: Draft\ndescription: A draft.\n---\n## A\n",
    })
    library, problems = load(root)
    hint = ("gợi ý: bài nháp không được xuất bản: liên kết hiện thành chữ thường cho tới khi "
            "bỏ draft: true")
    assert problems == [
        f"{ARTICLE}:12: cảnh báo: liên kết tới bài nháp 'nhap.md#a' (draft: true) — {hint}",
        f"{ARTICLE}:12: cảnh báo: liên kết tới bài nháp 'nhap.en.md' (draft: true) — {hint}",
    ]
    assert library is not None
    article = next(e for e in library.explainers if e.slug == "thu-viec")
    assert "<p>Xem bài nháp và bản dịch.</p>" in article.body.html


def test_a_link_to_an_explainer_with_its_own_error_is_not_reported_again(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        ARTICLE: explainer(body="## A\n\nXem [một](hong.md), [hai](hong-2.md) và [ba][r].\n\n"
                                "[r]: khong-co.md\n"),
        "content/lao-dong/hong.md": "Không có phần đầu trang.\n",
        "content/lao-dong/hong-2.md": explainer(field="khong-co"),
    })
    assert load(root)[1] == [
        "content/lao-dong/hong.md:1: thiếu phần đầu trang (front matter) — gợi ý: tệp phải bắt "
        "đầu bằng dòng '---', các khóa title, description…, rồi dòng '---'",
        "content/lao-dong/hong-2.md:4: lĩnh vực 'khong-co' không có trong fields.yml — gợi ý: "
        "dùng một trong: dat-dai, lao-dong",
        # a reference link is reported at the line of its definition
        f"{ARTICLE}:14: liên kết tới bài giải thích không tồn tại: 'khong-co.md' — gợi ý: kiểm "
        "tra tên tệp .md và thư mục",
    ]


def test_link_lines_in_a_long_paragraph_are_each_links_own(tmp_library: LibraryMaker) -> None:
    lines = [f"Dòng {n} [liên kết](khong-co-{n}.md)" for n in range(200)]
    root = tmp_library(with_body("## A\n\n" + "\n".join(lines) + "\n"))
    problems = load(root)[1]
    assert [int(p.split(":")[1]) for p in problems] == list(range(12, 212))


def test_files_the_library_does_not_read_are_not_found(tmp_library: LibraryMaker) -> None:
    root = tmp_library(with_body("## A\n\n[khóa](.bi-mat/khoa.txt) [ghi chú](_nhap/ghi.txt)\n",
                                 **{".bi-mat/khoa.txt": "bí mật", "_nhap/ghi.txt": "nháp"}))
    assert load(root)[1] == [
        f"{ARTICLE}:12: không tìm thấy tệp liên kết: '.bi-mat/khoa.txt' — gợi ý: đặt tệp tại "
        "content/lao-dong/.bi-mat/khoa.txt",
        f"{ARTICLE}:12: không tìm thấy tệp liên kết: '_nhap/ghi.txt' — gợi ý: đặt tệp tại "
        "content/lao-dong/_nhap/ghi.txt"]


def test_a_translation_linking_to_a_draft_is_warned(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        "content/lao-dong/thu-viec.en.md": "---\ntitle: Probation\ndescription: Short.\n---\n"
                                           "## A\n\nSee [the draft](nhap.md).\n",
        "content/lao-dong/nhap.md": explainer(title="Bài nháp", extra="draft: true"),
    })
    library, problems = load(root)
    hint = ("gợi ý: bài nháp không được xuất bản: liên kết hiện thành chữ thường cho tới khi "
            "bỏ draft: true")
    assert problems == [f"content/lao-dong/thu-viec.en.md:7: cảnh báo: liên kết tới bài nháp "
                        f"'nhap.md' (draft: true) — {hint}"]
    assert library is not None
    translation = next(t for e in library.explainers for t in e.translations)
    assert "<p>See the draft.</p>" in translation.body.html


def test_a_file_name_that_is_no_url_is_refused(tmp_library: LibraryMaker) -> None:
    name = "a\n  Refresh: 0; url=https:evil*.png"
    root = tmp_library({
        **with_body("## A\n\n![Ảnh](a%0A%20%20Refresh%3A%200%3B%20url%3Dhttps%3Aevil%2A.png)\n\n"
                    "[Mẫu đơn](<Mẫu đơn.pdf>) [Bảng](<bảng:1.pdf>)\n"),
        f"content/lao-dong/{name}": PNG,
        "content/lao-dong/Mẫu đơn.pdf": b"%PDF-1.4\n",
        "content/lao-dong/bảng:1.pdf": b"%PDF-1.4\n",
    })
    library, problems = load(root)
    reason = ("có ký tự không dùng được trong địa chỉ web (chỉ chữ, số, dấu cách, '-', '_' và "
              "'.') — gợi ý: đổi tên tệp (và thư mục), ví dụ mau-don-ly-hon.pdf")
    assert library is None
    assert problems == [
        f"{ARTICLE}:12: ảnh 'a\\u000a  Refresh: 0; url=https:evil*.png' {reason}",
        f"{ARTICLE}:14: liên kết 'bảng:1.pdf' {reason}",
    ]
