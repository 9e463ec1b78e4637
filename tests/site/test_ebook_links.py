"""Download links to the e-books on explainer and field pages."""

from __future__ import annotations

from pathlib import Path

from generators.library import load_library
from generators.media import Ebook, SiteMedia
from generators.site.pages import plan_pages
from tests.conftest import TODAY


def _ebook(key: str, kind: str, size: int) -> Ebook:
    return Ebook(key, kind, key.rsplit("/", 1)[-1], "vi", key, Path(f"/cache/{key}.epub"), size)


def test_explainer_and_field_pages_link_their_e_books(tmp_library) -> None:
    library, _ = load_library(tmp_library(), TODAY)
    assert library is not None
    media = SiteMedia(ebooks={"thu-viec": _ebook("thu-viec", "explainer", 48_000),
                              "linh-vuc/lao-dong": _ebook("linh-vuc/lao-dong", "field", 2_500_000)})
    pages = {p.url: p for p in plan_pages(library, media=media)}
    page = pages["lao-dong/thu-viec/"]
    assert ('<a href="../../sach-dien-tu/thu-viec.epub" download type="application/epub+zip">'
            "Tải bài này dạng sách điện tử (EPUB, 48,0 KB)</a>") in page.html
    assert ("Sách điện tử", "sach-dien-tu") in [(t.title, t.anchor) for t in page.toc]
    field = pages["lao-dong/"].html
    assert ('<a href="../sach-dien-tu/linh-vuc/lao-dong.epub" download '
            'type="application/epub+zip">Tải cả lĩnh vực Lao động thành một cuốn sách điện tử '
            "(1 bài; EPUB, 2,5 MB)</a>") in field
    assert "sach-dien-tu" not in pages["doi-tuong/nguoi-lao-dong/"].html


def test_no_e_book_no_section(tmp_library) -> None:
    library, _ = load_library(tmp_library(), TODAY)
    assert library is not None
    pages = {p.url: p for p in plan_pages(library)}
    assert 'id="sach-dien-tu"' not in pages["lao-dong/thu-viec/"].html
    assert 'id="sach-dien-tu"' not in pages["lao-dong/"].html
