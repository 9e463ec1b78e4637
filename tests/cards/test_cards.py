"""Share cards: size, text, cache, and the meta tags that point to them."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image

from generators.cards import CARD_SIZE, SITE_CARD, card_key, card_svg, render_cards
from generators.graphics.fonts import text_width
from generators.library import load_library
from generators.urls import card_url
from tests.conftest import TODAY, explainer

LONG = ("Người lao động được đơn phương chấm dứt hợp đồng lao động trong những trường hợp "
        "nào, phải báo trước bao nhiêu ngày và được hưởng những quyền lợi gì theo luật?")


def _texts(svg: str) -> list[tuple[float, float, str, bool]]:
    """(x, font-size, text, bold) of every line drawn."""
    root = etree.fromstring(svg.encode())
    out = []
    for text in root.iter("{http://www.w3.org/2000/svg}text"):
        size = float(text.get("font-size"))
        bold = text.get("font-weight") == "700"
        spans = list(text.iter("{http://www.w3.org/2000/svg}tspan")) or [text]
        for span in spans:
            x = float(span.get("x") or text.get("x"))
            out.append((x, size, "".join(span.itertext()).strip(), bold))
    return out


def test_card_has_title_field_and_site_name_and_nothing_overflows() -> None:
    svg = card_svg(LONG, "Lao động", "Tủ sách pháp luật số", "Giải thích pháp luật")
    lines = _texts(svg)
    drawn = " ".join(t for _, _, t, _ in lines)
    assert "Lao động" in drawn and "Tủ sách pháp luật số" in drawn
    assert " ".join(t for _, _, t, _ in lines[2:-1]) == LONG  # whole title, no "…"
    for x, size, text, bold in lines:
        assert x + text_width(text, size, bold) <= CARD_SIZE[0] - 60, text


def test_render_cards_writes_pngs_and_reuses_them(tmp_library, tmp_path: Path) -> None:
    root = tmp_library({
        "content/dat-dai/so-do.md": explainer("Cấp sổ đỏ", "dat-dai", "[]"),
        "content/lao-dong/thu-viec.en.md": '---\ntitle: "Probation"\ndescription: "x"\n---\n',
    })
    library, problems = load_library(root, TODAY)
    assert library is not None, problems.errors
    first = render_cards(library, "Tủ sách thử", tmp_path / "cache", 2)
    assert set(first.media.cards) == {SITE_CARD, "thu-viec", "thu-viec.en", "so-do"}
    assert card_key("thu-viec", "en") == "thu-viec.en"
    assert (first.built, first.reused) == (4, 0)
    for png in first.media.cards.values():
        assert Image.open(io.BytesIO(png.read_bytes())).size == CARD_SIZE
    cards = first.media.cards
    assert cards["thu-viec.en"].read_bytes() != cards["thu-viec"].read_bytes()
    again = render_cards(library, "Tủ sách thử", tmp_path / "cache", 2)
    assert (again.built, again.reused) == (0, 4)
    assert again.media.cards == first.media.cards
    # A torn file is drawn again; a new site name redraws every card.
    first.media.cards["so-do"].write_bytes(b"\x89PNG")
    assert render_cards(library, "Tủ sách thử", tmp_path / "cache", 1).built == 1
    assert render_cards(library, "Tủ sách khác", tmp_path / "cache", 1).built == 4


def test_card_urls() -> None:
    assert card_url("thu-viec") == "the-chia-se/thu-viec.png"
    assert card_url(SITE_CARD) == "the-chia-se/tu-sach.png"
    assert card_url(card_key("thu-viec", "hmn")) == "the-chia-se/thu-viec.hmn.png"
