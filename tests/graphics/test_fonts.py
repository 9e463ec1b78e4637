"""generators/graphics/fonts: measuring, wrapping and fitting Vietnamese text."""

from __future__ import annotations

import unicodedata

import pytest

from generators.graphics.fonts import (
    embedded_font_css,
    fit,
    missing_characters,
    text_width,
    wrap,
)

SENTENCE = ("Người lao động có quyền đơn phương chấm dứt hợp đồng lao động nhưng phải báo "
            "trước cho người sử dụng lao động")


def test_width_scales_with_size_and_bold_is_wider() -> None:
    assert text_width("Hòa giải", 20) * 2 == pytest.approx(text_width("Hòa giải", 40))
    assert text_width("Hòa giải", 20, bold=True) > text_width("Hòa giải", 20)
    assert text_width("", 30) == 0


def test_composed_and_decomposed_vietnamese_measure_the_same() -> None:
    composed = "Nghị định thỏa thuận"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert text_width(decomposed, 24) == pytest.approx(text_width(composed, 24))


def test_empty_and_blank_text_wrap_to_no_lines() -> None:
    assert wrap("", 100, 20) == []
    assert wrap("   \n\t ", 100, 20) == []


@pytest.mark.parametrize("width", [120, 200, 333, 640])
def test_wrapped_lines_fit_and_keep_every_word(width: float) -> None:
    lines = wrap(SENTENCE, width, 24)
    assert all(text_width(line, 24) <= width for line in lines)
    assert " ".join(lines) == SENTENCE
    assert len(lines) > 1


def test_a_word_wider_than_the_line_is_broken_by_characters() -> None:
    word = "Quốchộiđồngnhândântỉnh"
    lines = wrap(word, 80, 20)
    assert len(lines) > 1 and "".join(lines) == word
    assert all(text_width(line, 20) <= 80 for line in lines)


def test_a_text_that_fits_keeps_its_size() -> None:
    result = fit("Yêu cầu hòa giải", 600, 1, 40, 20)
    assert result.size == 40 and result.lines == ("Yêu cầu hòa giải",)
    assert result.line_height == pytest.approx(52) and result.height == pytest.approx(52)


def test_fit_shrinks_in_two_pixel_steps_until_the_lines_are_enough() -> None:
    result = fit(SENTENCE, 500, 3, 40, 16)
    assert result.size < 40 and (40 - result.size) % 2 == 0 and result.size >= 16
    assert len(result.lines) <= 3 and " ".join(result.lines) == SENTENCE
    assert len(wrap(SENTENCE, 500, result.size + 2)) > 3  # the largest size that fits


def test_at_the_smallest_size_fit_shortens_with_an_ellipsis_inside_the_box() -> None:
    result = fit(SENTENCE * 3, 300, 2, 30, 20, bold=True)
    assert result.size >= 20 and len(result.lines) == 2
    assert result.lines[-1].endswith("…")
    assert all(text_width(line, result.size, True) <= 300 for line in result.lines)


def test_the_minimum_is_never_passed_even_when_steps_overshoot_it() -> None:
    result = fit(SENTENCE * 2, 200, 1, 33, 18)
    assert result.size == 19  # 33, 31, … 19: one more step would be below 18


def test_missing_characters_lists_what_the_font_cannot_draw() -> None:
    assert missing_characters("Tiếng Việt: ắằẳẵặ ỡ Ữ đ Đ") == ""
    assert missing_characters("ok \u4e2d\u6587") == "\u4e2d\u6587"


def test_the_embedded_font_is_a_woff2_subset() -> None:
    small = embedded_font_css("Hòa giải", bold=False)
    large = embedded_font_css(SENTENCE + "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", bold=False)
    assert small.startswith("@font-face{font-family:'Be Vietnam Pro';font-weight:400;")
    assert "src:url(data:font/woff2;base64," in small and len(small) < len(large)
    assert "font-weight:700" in embedded_font_css("Hòa giải", bold=True)


def test_the_embedded_font_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch,
                                                        ) -> None:
    from fontTools.misc import timeTools

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = embedded_font_css("Hòa giải", bold=False)
    later = timeTools.time.time() + 86400
    monkeypatch.setattr(timeTools.time, "time", lambda: later)
    assert embedded_font_css("Hòa giải", bold=False) == first
