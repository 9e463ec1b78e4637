"""Slides never overflow, keep the 9:16 safe areas free, and say what they should."""

from __future__ import annotations

import html
import re

import pytest

from generators.graphics.fonts import text_width
from generators.library.model import DocumentStatus
from generators.video.slides import (
    FORMS,
    VERTICAL,
    WEB,
    CitedDocument,
    ClosingSlide,
    Form,
    SectionSlide,
    Slide,
    TitleSlide,
    slide_svg,
)

LONG = ("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo trước "
        "cho người sử dụng lao động ít nhất 45 ngày nếu làm việc theo hợp đồng không xác định "
        "thời hạn")
TEXT = re.compile(r"<text ([^>]*)>(.*?)</text>", re.S)
TSPAN = re.compile(r'<tspan x="([\d.]+)" y="([\d.]+)">(.*?)</tspan>')


def _lines(svg: str) -> list[tuple[float, bool, float, float, str, bool]]:
    """(size, bold, x, baseline, text, centred) of every line drawn."""
    out = []
    for attributes, body in TEXT.findall(svg):
        found = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        for x, y, text in TSPAN.findall(body):
            out.append((float(found["font-size"]), found["font-weight"] == "700", float(x),
                        float(y), html.unescape(text), "text-anchor" in found))
    return out


def _check_inside(svg: str, form: Form) -> list[str]:
    lines = _lines(svg)
    assert lines
    for size, bold, x, baseline, text, anchored in lines:
        assert baseline - size >= form.top, (form.name, text)  # the top 10 % on 9:16
        assert baseline + 0.265 * size <= form.bottom, (form.name, text)  # the caption band
        if not anchored:
            assert x >= form.margin - 0.01
            assert x + text_width(text, size, bold) <= form.width - form.margin + 0.5, text
    return [text for *_, text, _ in lines]


SLIDES: list[Slide] = [
    TitleSlide("Lao động", LONG, LONG + ". " + LONG, "Tủ sách pháp luật số", "Cập nhật 01/11/2026"),
    SectionSlide(LONG, 2, 3, LONG, (LONG, LONG, LONG, LONG, LONG)),
    SectionSlide("Ngắn", 1, 1, "Ngắn", ()),
    ClosingSlide(tuple(CitedDocument("Nghị định", f"{i}/2020/NĐ-CP", LONG, status)
                       for i, status in enumerate(DocumentStatus, 140)) * 3,
                 "Tủ sách pháp luật số"),
    ClosingSlide((), "Tủ sách pháp luật số"),
]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
@pytest.mark.parametrize("slide", SLIDES, ids=lambda s: type(s).__name__)
def test_text_stays_inside_the_safe_area(slide: Slide, form: Form) -> None:
    _check_inside(slide_svg(slide, form), form)


def test_a_section_shows_its_first_sentences_whole_or_ends_them_with_an_ellipsis() -> None:
    sentences = ("Thử việc không quá 60 ngày.", "Lương ít nhất bằng 85%.", LONG, "Câu thứ tư.",
                 "Câu thứ năm không được hiện.")
    texts = _check_inside(slide_svg(SectionSlide("Bài", 1, 2, "Thời gian", sentences), WEB), WEB)
    assert texts[:4] == ["Phần 1/2 · Bài", "Thời gian", "Thử việc không quá 60 ngày.",
                         "Lương ít nhất bằng 85%."]
    assert "Câu thứ năm không được hiện." not in texts  # at most four points
    long_lines = [t for t in texts if t not in texts[:4]]
    assert " ".join(long_lines).startswith("Người lao động có quyền")


def test_the_closing_slide_lists_documents_and_their_status() -> None:
    documents = (CitedDocument("Bộ luật", "45/2019/QH14", "Bộ luật Lao động",
                               DocumentStatus.IN_FORCE),
                 CitedDocument("Bộ luật", "10/2012/QH13", "Bộ luật Lao động",
                               DocumentStatus.EXPIRED))
    texts = _check_inside(slide_svg(ClosingSlide(documents, "Tủ sách"), WEB), WEB)
    assert texts[:7] == ["Văn bản pháp luật trong bài", "Bộ luật 45/2019/QH14",
                         "Bộ luật Lao động", "Đang có hiệu lực", "Bộ luật 10/2012/QH13",
                         "Bộ luật Lao động", "Hết hiệu lực"]
    assert texts[-2:] == ["Tủ sách", "Thông tin để tham khảo — hãy đọc văn bản gốc"]


def test_documents_that_do_not_fit_are_counted() -> None:
    many = SLIDES[3]
    assert isinstance(many, ClosingSlide)
    for form in FORMS:
        texts = _check_inside(slide_svg(many, form), form)
        shown = sum(1 for t in texts if "/2020/NĐ-CP" in t)
        assert 0 < shown < len(many.documents)
        assert f"… và {len(many.documents) - shown} văn bản khác" in texts


def test_text_is_escaped() -> None:
    svg = slide_svg(SectionSlide("A & B", 1, 1, "<script>", ("x < y & z",)), VERTICAL)
    assert "&lt;script&gt;" in svg and "A &amp; B" in svg and "<script>" not in svg
