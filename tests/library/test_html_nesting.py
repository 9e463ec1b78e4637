"""Deeply nested HTML or Markdown in a body is an editor's error at its line, never a
RecursionError (which `check` printed as a traceback, with no line)."""

from __future__ import annotations

import pytest

from generators.errors import Problems
from generators.library.html_policy import MAX_DEPTH, refusals
from generators.library.markdown import LinkContext, parse_body

PATH = "content/lao-dong/thu-viec.md"
LEAD = "## Phần\n\nĐoạn đầu.\n\n"  # the payload starts on line 14
REFUSED_HINT = ("phần này bị bỏ khi xuất bản; chỉ dùng thẻ định dạng chữ, danh sách, bảng, "
                "liên kết và ảnh trong content/ (xem README)")
CTX = LinkContext(source="lao-dong/thu-viec.md", page_url="lao-dong/thu-viec/",
                  explainer_urls={}, file_exists=lambda _: False)


def problems(text: str) -> list[str]:
    found = Problems()
    parse_body(text, 10, PATH, CTX, found)
    return [p.format() for p in found.items]


def too_deep(line: int, tag: str = "div") -> str:
    return (f"{PATH}:{line}: HTML không được phép: thẻ <{tag}> lồng sâu quá {MAX_DEPTH} tầng "
            f"— gợi ý: {REFUSED_HINT}")


def test_thousands_of_nested_divs_are_refused_once_at_the_first_too_deep_one() -> None:
    assert problems(f"{LEAD}{'<div>' * 5000}\n") == [too_deep(14)]
    assert problems(f"{LEAD}{'<div>' * 99}\n<p>x\n<b>y</b></p>\n") == [too_deep(16, "b")]


def test_nesting_up_to_the_bound_is_accepted() -> None:
    assert problems(f"{LEAD}{'<div>' * MAX_DEPTH}x{'</div>' * MAX_DEPTH}\n") == []


def test_what_is_refused_below_the_bound_is_still_named() -> None:
    found = refusals(f"{'<div>' * MAX_DEPTH}<script>x</script>")
    assert [(r.what, r.unsafe) for r in found] == [
        (f"thẻ <script> lồng sâu quá {MAX_DEPTH} tầng", False), ("thẻ <script>", True)]


def test_elements_are_named_in_document_order_template_content_first() -> None:
    found = refusals("<template><div><x-y></x-y></div></template><p onclick=1>\n<u title=a>")
    assert [r.what for r in found] == ["thẻ <template>", "thẻ <x-y>", "thuộc tính onclick="]


@pytest.mark.parametrize("markdown", [
    ">" * 20_000 + " x", "- " * 20_000 + "x", "1. " * 10_000 + "x", "[" * 2_000 + "x",
    "[" * 1_000 + "x" + "](#a)" * 1_000, "*a " * 2_000 + "x" + "*" * 2_000,
    "^[" * 500 + "x" + "]" * 500,
])
def test_deeply_nested_markdown_parses(markdown: str) -> None:
    assert problems(f"{LEAD}{markdown}\n") == []
