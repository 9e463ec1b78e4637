"""generators/infographics: SVG with real text that never leaves its box, PNG in two sizes,
the content-addressed cache, and the text alternative."""

from __future__ import annotations

import io
import itertools
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from PIL import Image

from generators.errors import Severity
from generators.graphics.colors import INK, ON_PRIMARY, PAPER, PRIMARY, TEXT_PAIRS
from generators.graphics.fonts import text_width
from generators.infographics import (
    FORMATS,
    infographic_svg,
    render_infographics,
    text_alternative,
)
from generators.infographics.geometry import Block, Circle, Line, Rect
from generators.infographics.kinds import read_spec
from generators.infographics.layout import STYLES, lay_out
from generators.library import Library
from generators.media import InfographicFiles
from generators.urls import INFOGRAPHICS_URL
from tests.conftest import ROOT, LibraryMaker
from tests.infographics.helpers import (
    SPECS,
    STEPS,
    cache_files,
    crowded,
    drawn_lines,
    fullest,
    make_library,
    parse,
    spec_strings,
    text_content,
)

TYPES = list(SPECS)
MIN_SIZE = {"doc": 16, "ngang": 14}
"""The readable minimum of each format, in px."""


# ---- the SVG --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("kind", TYPES)
def test_each_type_draws_an_accessible_svg_with_all_its_text(
        tmp_library: LibraryMaker, kind: str, fmt: str) -> None:
    library = make_library(tmp_library, {kind: SPECS[kind]})
    svg = infographic_svg(library, library.infographics[kind], fmt)
    root = parse(svg)
    width, height = FORMATS[fmt]
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert (root.get("width"), root.get("height")) == (str(width), str(height))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t d"
    assert root.get("lang") == "vi"
    title = root.find("{http://www.w3.org/2000/svg}title")
    desc = root.find("{http://www.w3.org/2000/svg}desc")
    assert title.get("id") == "t" and title.text == library.infographics[kind].title
    assert desc.get("id") == "d" and desc.text.endswith(".") and len(desc.text) > 20
    style = root.find("{http://www.w3.org/2000/svg}style").text
    assert style.count("@font-face") == 2
    assert "font-weight:400;src:url(data:font/woff2;base64," in style
    assert "font-weight:700;src:url(data:font/woff2;base64," in style
    assert "font-family:'Be Vietnam Pro',sans-serif" in style
    drawn = text_content(root)
    for string in spec_strings(library, kind):
        assert string in drawn, string  # real text: selectable, searchable, translatable
    assert "Tủ sách pháp luật số" in drawn


def test_the_source_line_names_the_document_its_number_and_status(
        tmp_library: LibraryMaker) -> None:
    library = make_library(tmp_library, {"steps": STEPS, "timeline": SPECS["timeline"]})
    steps = text_content(parse(infographic_svg(library, library.infographics["steps"], "doc")))
    assert "Nguồn: Bộ luật Lao động số 45/2019/QH14 — đang có hiệu lực" in steps
    old = text_content(parse(infographic_svg(library, library.infographics["timeline"],
                                             "ngang")))
    assert "Nguồn: Bộ luật Lao động số 10/2012/QH13 — hết hiệu lực" in old
    compare = make_library(tmp_library, {"c": SPECS["compare"]})
    assert "Nguồn" not in text_content(parse(infographic_svg(compare, compare.infographics["c"],
                                                             "doc")))


def test_markup_in_a_spec_is_drawn_as_text(tmp_library: LibraryMaker) -> None:
    spec = STEPS.replace("Làm thử", '"Làm thử <b>&amp; học</b> & hỏi"')
    library = make_library(tmp_library, {"x": spec})
    svg = infographic_svg(library, library.infographics["x"], "doc")
    assert "<b>" not in svg and "&lt;b&gt;&amp;amp; học&lt;/b&gt; &amp; hỏi" in svg
    assert "Làm thử <b>&amp; học</b> & hỏi" in text_content(parse(svg))


def _crowded_library(tmp_library: LibraryMaker) -> Library:
    return make_library(tmp_library, {**crowded(), **fullest(),
                                      **{f"{k}-ok": v for k, v in SPECS.items()}})


def _parts(part: object) -> list[object]:
    """Every shape and block of a drawing part."""
    if is_dataclass(part) and not isinstance(part, type):
        inner = [x for f in fields(part) for x in _parts(getattr(part, f.name))]
        return [part] if isinstance(part, Rect | Circle | Line | Block) else inner
    if isinstance(part, tuple | list):
        return [x for item in part for x in _parts(item)]
    return []


def test_no_line_leaves_the_canvas_margins_and_none_is_too_small(
        tmp_library: LibraryMaker) -> None:
    library = _crowded_library(tmp_library)
    for name, fmt in itertools.product(library.infographics, FORMATS):
        svg = infographic_svg(library, library.infographics[name], fmt)
        width, height = FORMATS[fmt]
        margin = STYLES[fmt].margin
        lines = drawn_lines(parse(svg))
        assert lines
        for line in lines:
            where = f"{name} {fmt}: {line.text!r}"
            assert line.left >= margin - 0.1, where
            assert line.right <= width - margin + 0.1, where
            assert line.size <= line.y <= height - line.size * 0.3, where
            assert line.size >= MIN_SIZE[fmt], where


def test_every_line_fits_its_box_and_no_two_texts_collide(tmp_library: LibraryMaker) -> None:
    """The layout's own boxes: each line within its box's width, each box inside the
    canvas, and the ink of different text blocks never overlapping."""
    library = _crowded_library(tmp_library)
    for name, fmt in itertools.product(library.infographics, FORMATS):
        style = STYLES[fmt]
        drawing = lay_out(read_spec(library, library.infographics[name]), style)
        boxes = []
        for block in drawing.blocks():
            for line in block.lines:
                assert text_width(line, block.size, block.bold) <= block.width + 0.01, \
                    f"{name} {fmt}: {line!r}"
            assert block.left >= style.margin - 0.01
            assert block.left + block.width <= style.width - style.margin + 0.01
            assert 0 <= block.top and block.bottom <= style.height
            if block.lines:
                widths = [text_width(line, block.size, block.bold) for line in block.lines]
                left = {"start": block.x, "middle": block.x - max(widths) / 2,
                        "end": block.x - max(widths)}[block.anchor]
                boxes.append((left, block.top, left + max(widths), block.bottom, block.text))
        for a, b in itertools.combinations(boxes, 2):
            apart = (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5)
            assert apart, f"{name} {fmt}: {a[4]!r} overlaps {b[4]!r}"
        body = drawing.frame.body  # everything of the body stays between header and footer
        for shape in _parts(drawing.part):
            top, bottom = {Rect: lambda r: (r.y, r.y + r.h), Circle: lambda c: (c.cy - c.r,
                                                                                 c.cy + c.r),
                           Line: lambda li: (min(li.y1, li.y2), max(li.y1, li.y2)),
                           Block: lambda b: (b.top, b.bottom)}[type(shape)](shape)
            assert body.y - 0.5 <= top and bottom <= body.bottom + 0.5, (name, fmt, shape)


def test_text_colours_are_contrast_checked_pairs(tmp_library: LibraryMaker) -> None:
    library = make_library(tmp_library, SPECS)
    for name, fmt in itertools.product(library.infographics, FORMATS):
        drawing = lay_out(read_spec(library, library.infographics[name]), STYLES[fmt])
        for block in drawing.blocks():
            assert (block.fill, block.bg) in TEXT_PAIRS, (name, block.text)
        fills = {line.fill for line in drawn_lines(parse(
            infographic_svg(library, library.infographics[name], fmt)))}
        assert fills <= {fg for fg, _ in TEXT_PAIRS}
        assert {INK, PRIMARY} & fills and ON_PRIMARY in fills


def test_a_long_vietnamese_text_wraps_into_several_lines(tmp_library: LibraryMaker) -> None:
    text = ("Người lao động làm thử công việc theo thỏa thuận, được hưởng lương ít nhất bằng "
            "tám mươi lăm phần trăm mức lương của công việc đó và có quyền hủy bỏ thỏa thuận "
            "thử việc bất cứ lúc nào mà không cần báo trước, không phải bồi thường.")
    library = make_library(tmp_library, {"x": STEPS.replace(
        "Người lao động làm thử công việc, được trả ít nhất 85% mức lương.", text)})
    for fmt in FORMATS:
        root = parse(infographic_svg(library, library.infographics["x"], fmt))
        texts = [t for t in root.iter("{http://www.w3.org/2000/svg}text")
                 if " ".join(s.text for s in t) == text]
        assert len(texts) == 1
        assert len(list(texts[0])) >= 3
        ys = [float(s.get("y")) for s in texts[0]]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)


def test_a_title_wraps_evenly(tmp_library: LibraryMaker) -> None:
    library = make_library(tmp_library, {"x": STEPS.replace(
        "title: Các bước thử việc",
        "title: Các bước cần làm khi thử việc theo Bộ luật Lao động năm 2019")})
    drawing = lay_out(read_spec(library, library.infographics["x"]), STYLES["doc"])
    lines = drawing.frame.title.lines
    assert len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) < 12  # no lone word on the second line


def test_the_same_spec_gives_the_same_bytes(tmp_library: LibraryMaker, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Also on another day, in a fresh process (no font subset kept in memory)."""
    from fontTools.misc import timeTools

    from generators.infographics import render

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    library = make_library(tmp_library, {"x": SPECS["numbers"]})
    info = library.infographics["x"]
    svg = infographic_svg(library, info, "doc")
    first = render_infographics(library, tmp_path / "a")
    render._font_subset.cache_clear()
    tomorrow = timeTools.time.time() + 86400
    monkeypatch.setattr(timeTools.time, "time", lambda: tomorrow)
    assert infographic_svg(library, info, "doc") == svg
    render._font_subset.cache_clear()
    second = render_infographics(library, tmp_path / "b")
    assert cache_files(tmp_path / "a") == cache_files(tmp_path / "b")
    one, two = first.media.infographics["x"], second.media.infographics["x"]
    assert one.png["doc"].read_bytes() == two.png["doc"].read_bytes()


# ---- the stage ------------------------------------------------------------------------------


def test_every_spec_gets_an_svg_and_a_png_in_both_sizes(tmp_library: LibraryMaker,
                                                        tmp_path: Path) -> None:
    library = make_library(tmp_library, SPECS)
    report = render_infographics(library, tmp_path / "cache", workers=2)
    assert sorted(report.media.infographics) == sorted(SPECS)
    assert report.built == 2 * len(SPECS) and report.reused == 0 and report.warnings == []
    for name, files in report.media.infographics.items():
        assert isinstance(files, InfographicFiles)
        assert (files.name, files.type) == (name, name)
        assert files.title == library.infographics[name].title
        for fmt, (width, height) in FORMATS.items():
            assert files.url(fmt, ".png") == f"{INFOGRAPHICS_URL}{name}/{fmt}.png"
            assert files.url(fmt, ".svg") == f"infographic/{name}/{fmt}.svg"
            image = Image.open(io.BytesIO(files.png[fmt].read_bytes()))
            assert image.size == (width, height) and image.format == "PNG"
            parse(files.svg[fmt].read_text("utf-8"))
            # The text was drawn: white title letters on the indigo header band …
            header = image.convert("RGB").crop((0, 0, width, 60 if fmt == "ngang" else 100))
            colours = {c for _, c in header.getcolors(1 << 20)}
            assert (255, 255, 255) in colours and (0x30, 0x3F, 0x9F) in colours
            # … and dark text on the white body.
            body = image.convert("L").crop((0, height // 3, width, height * 2 // 3))
            assert body.getextrema()[0] < 80


def test_the_cache_reuses_everything_and_redoes_one_edited_spec(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    specs = {"a": SPECS["steps"], "b": SPECS["table"]}
    first = render_infographics(make_library(tmp_library, specs), cache)
    assert (first.built, first.reused) == (4, 0)
    again = render_infographics(make_library(tmp_library, specs), cache)
    assert (again.built, again.reused) == (0, 4)
    assert again.media.infographics == first.media.infographics
    edited = {**specs, "b": specs["b"].replace("45 ngày", "45 ngày liên tục")}
    third = render_infographics(make_library(tmp_library, edited), cache)
    assert (third.built, third.reused) == (2, 2)
    assert third.media.infographics["a"] == first.media.infographics["a"]
    assert third.media.infographics["b"].png["doc"] != first.media.infographics["b"].png["doc"]


def test_a_changed_document_status_redraws_the_specs_citing_it(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from tests.conftest import DOCUMENTS
    from tests.infographics.helpers import LONG_DOCUMENT

    cache = tmp_path / "cache"
    specs = {"a": SPECS["steps"], "c": SPECS["compare"]}
    render_infographics(make_library(tmp_library, specs), cache)
    expired = DOCUMENTS.replace("  effective: 2021-01-01\n  url:",
                                "  effective: 2021-01-01\n  expires: 2026-01-01\n  url:")
    library = make_library(tmp_library, specs,
                           files={"content/_data/documents.yml": expired + LONG_DOCUMENT})
    report = render_infographics(library, cache)
    assert (report.built, report.reused) == (2, 2)  # "a" cites 45/2019/QH14; "c" cites none
    assert "— hết hiệu lực" in report.media.infographics["a"].svg["doc"].read_text("utf-8")


@pytest.mark.parametrize("damage", ["truncate", "same size", "no svg"])
def test_a_damaged_cached_file_is_drawn_again(tmp_library: LibraryMaker, tmp_path: Path,
                                              damage: str) -> None:
    library = make_library(tmp_library, {"x": SPECS["numbers"]})
    cache = tmp_path / "cache"
    first = render_infographics(library, cache)
    png = first.media.infographics["x"].png["ngang"]
    whole = png.read_bytes()
    if damage == "truncate":
        png.write_bytes(whole[: len(whole) // 2])
    elif damage == "same size":
        png.write_bytes(whole[:-12] + b"\0" * 12)
    else:
        first.media.infographics["x"].svg["ngang"].unlink()
    again = render_infographics(library, cache)
    assert (again.built, again.reused) == (1, 1)
    assert png.read_bytes() == whole
    assert Image.open(png).size == FORMATS["ngang"]


def test_text_too_long_even_at_the_smallest_size_is_shortened_with_a_warning(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    library = make_library(tmp_library, {"dai": crowded()["steps"]})
    cache = tmp_path / "cache"
    report = render_infographics(library, cache)
    assert report.warnings and all(w.severity is Severity.WARNING for w in report.warnings)
    messages = [w.format() for w in report.warnings]
    assert messages[0] == (
        "infographics/dai.yml:6: cảnh báo: mục 1, 'text' quá dài cho bản dọc 1080×1350: "
        "đã rút ngắn bằng “…” — gợi ý: viết ngắn lại để hình hiện đủ chữ")
    assert ("infographics/dai.yml:8: cảnh báo: mục 2, 'text' quá dài cho bản ngang 1200×630: "
            "đã rút ngắn bằng “…” — gợi ý: viết ngắn lại để hình hiện đủ chữ") in messages
    assert {w.line for w in report.warnings} >= {6, 8, 10}  # each item's own line
    svg = report.media.infographics["dai"].svg["ngang"].read_text("utf-8")
    assert "…</tspan>" in svg
    # A reused drawing reports the same warnings.
    assert render_infographics(library, cache).warnings == report.warnings


def test_the_example_specs_of_the_project_draw_without_warnings(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    specs = {p.stem: p.read_text("utf-8") for p in (ROOT / "infographics").glob("*.yml")}
    documents = (ROOT / "content" / "_data" / "documents.yml").read_text("utf-8")
    library = make_library(tmp_library, {}, files={
        "content/_data/documents.yml": documents,
        **{f"infographics/{name}.yml": text for name, text in specs.items()}})
    assert "cac-buoc-hoa-giai" in library.infographics
    report = render_infographics(library, tmp_path / "cache")
    assert sorted(report.media.infographics) == sorted(specs)
    assert report.warnings == []


def test_an_unknown_format_is_refused(tmp_library: LibraryMaker) -> None:
    library = make_library(tmp_library, {"x": STEPS})
    with pytest.raises(ValueError, match="định dạng infographic 'vuong' không có"):
        infographic_svg(library, library.infographics["x"], "vuong")


# ---- the text alternative -------------------------------------------------------------------


def test_the_text_alternative_has_all_the_data_as_lists_and_tables(
        tmp_library: LibraryMaker) -> None:
    from lxml import html

    library = make_library(tmp_library, SPECS)
    for name in SPECS:
        fragment = text_alternative(library, library.infographics[name])
        elements = html.fragments_fromstring(fragment)
        text = " ".join(e.text_content() for e in elements)
        for string in spec_strings(library, name)[1:]:  # the title is the page's heading
            assert string in text, (name, string)
        assert "<h" not in fragment
    steps = text_alternative(library, library.infographics["steps"])
    assert steps.startswith("<ol>\n<li><strong>Thỏa thuận thời gian thử việc</strong>: Hai bên")
    assert "<li><strong>Thông báo kết quả</strong></li>" in steps
    assert steps.endswith("<p>Nguồn: Bộ luật Lao động số 45/2019/QH14 — đang có hiệu lực</p>\n")
    timeline = text_alternative(library, library.infographics["timeline"])
    assert "<li><strong>01/05/2013</strong>: Bộ luật 2012 có hiệu lực</li>" in timeline
    assert "<li><strong>18/06/2012</strong>: Thông qua Bộ luật 2012: Quốc hội" in timeline
    table = text_alternative(library, library.infographics["table"])
    assert ('<thead><tr><th scope="col">Loại hợp đồng</th><th scope="col">Báo trước ít nhất'
            '</th></tr></thead>') in table
    assert '<tr><th scope="row">Không xác định thời hạn</th><td>45 ngày</td></tr>' in table
    numbers = text_alternative(library, library.infographics["numbers"])
    assert "<li><strong>180 ngày</strong> — Người quản lý doanh nghiệp</li>" in numbers
    compare = text_alternative(library, library.infographics["compare"])
    assert compare.startswith("<ul>\n<li><strong>Ở cơ sở</strong>\n<ul>\n<li>Hòa giải viên")
    assert compare.count("<ul>") == 3 and "<p>" not in compare


def test_the_text_alternative_escapes_markup(tmp_library: LibraryMaker) -> None:
    spec = STEPS.replace("Làm thử", '"Làm <b>thử</b> & học"')
    library = make_library(tmp_library, {"x": spec})
    fragment = text_alternative(library, library.infographics["x"])
    assert "<b>" not in fragment
    assert "<strong>Làm &lt;b&gt;thử&lt;/b&gt; &amp; học</strong>" in fragment


def test_colours_of_the_palette_used_for_text_reach_aa() -> None:
    from generators.graphics.colors import contrast

    for fg, bg in TEXT_PAIRS:
        assert contrast(fg, bg) >= 4.5, (fg, bg)
    assert contrast(ON_PRIMARY, PRIMARY) >= 4.5 and contrast(INK, PAPER) >= 4.5
