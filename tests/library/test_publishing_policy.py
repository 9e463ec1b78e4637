"""What the library's policy allows is what the site and the e-books publish: attachments at
the URL their link points to, and nothing from outside content/ in an EPUB."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from lxml import html as lxml_html

from generators.config import load_config
from generators.ebooks import render_ebooks
from generators.library import load_library
from generators.pipeline import build
from tests.conftest import TODAY, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
       b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def test_an_attachment_is_published_where_its_link_points(tmp_library: LibraryMaker,
                                                          tmp_path: Path) -> None:
    root = tmp_library({
        ARTICLE: explainer(body="## Hồ sơ\n\nTải [mẫu đơn](giay-to/mau%20don.pdf).\n"),
        "content/lao-dong/giay-to/mau don.pdf": PDF,
        "content/lao-dong/khong-dung.pdf": PDF,  # not linked: not published
    })
    site = tmp_path / "site"
    report = build(load_config(root, site_dir=site, today=TODAY, search=False, stages=()))
    assert report.ok, [p.format() for p in report.errors]
    page = site / "lao-dong/thu-viec/index.html"
    link = lxml_html.fromstring(page.read_bytes()).xpath("//a[text()='mẫu đơn']")[0]
    assert unquote(link.get("href")) == "../../media/lao-dong/giay-to/mau don.pdf"
    published = (page.parent / unquote(link.get("href"))).resolve()
    assert published.read_bytes() == PDF
    assert not (site / "media/lao-dong/khong-dung.pdf").exists()


def test_an_e_book_never_embeds_a_file_from_outside_content(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        ARTICLE: explainer(body="## Ảnh\n\n![Sơ đồ](so-do.png)\n"),
        "content/lao-dong/so-do.png": PNG,
        "content/lao-dong/khong-duyet.png": PNG,  # in content/, but not an image of the body
    })
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    item = library.explainers[0]
    # A body that slipped past check (or an older cache): absolute paths, /proc, a traversal,
    # and an image of content/ the body never approved.
    smuggled = ('<p><img src="/etc/passwd" alt="a"><img src="/proc/self/environ" alt="b">'
                '<img src="../../media/../../../../etc/hostname" alt="c">'
                '<img src="../../media/lao-dong/khong-duyet.png" alt="d"></p>')
    body = replace(item.body, html=item.body.html + smuggled)
    library = replace(library, explainers=(replace(item, body=body),))
    report = render_ebooks(library, root / ".cache", 1, None, site_name="Tủ sách thử")
    shown = ["/etc/passwd", "/proc/self/environ", "../../media/../../../../etc/hostname",
             "../../media/lao-dong/khong-duyet.png"]
    assert sorted(report.notices) == sorted(
        f"{ARTICLE}: ảnh '{src}' không đưa được vào sách điện tử (chỉ ảnh trong content/), "
        "thay bằng chữ thay thế" for src in shown)
    with zipfile.ZipFile(report.media.ebooks["thu-viec"].path) as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        cover = re.search(rb'properties="cover-image"[^>]*href="([^"]+)"', book.read(opf))
        assert cover is not None
        cover_name = posixpath.join(posixpath.dirname(opf), cover[1].decode())
        media = {n: book.read(n) for n in book.namelist()
                 if n.startswith(posixpath.join(posixpath.dirname(opf), "media/"))}
        contents = [book.read(n) for n in book.namelist()]
    # The approved so-do.png and the book's own cover, nothing else.
    assert sorted(data for name, data in media.items() if name != cover_name) == [PNG]
    passwd = Path("/etc/passwd").read_bytes()
    assert all(passwd not in data for data in contents)
    assert all(b"root:x:0:0" not in data for data in contents)
