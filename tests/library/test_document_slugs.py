"""generators/library/data.py: two document numbers that make one page address."""

from __future__ import annotations

import pytest

from generators.library import load_library
from tests.conftest import DOCUMENTS, TODAY, LibraryMaker

DOCS = "content/_data/documents.yml"
ENTRY = "  type: Thông tư\n  title: Thông tư thử\n  issuer: Bộ Tư pháp\n  issued: 2024-01-02\n"
HINT = ("mỗi văn bản chỉ viết một lần; số hiệu chỉ khác nhau ở dấu, chữ hoa hay dấu / - là "
        "cùng một văn bản")


def problems_of(tmp_library: LibraryMaker, extra: str) -> list[str]:
    root = tmp_library({DOCS: DOCUMENTS + extra})
    return [p.format() for p in load_library(root, TODAY)[1].errors]


@pytest.mark.parametrize(("first", "second"), [
    ("01/2024/TT-BTP", "01-2024-TT-BTP"),
    ("01/2024/TT-BTP", "01/2024/tt-btp"),
    ("01/2024/QĐ-UBND", "01/2024/QD-UBND"),
])
def test_second_number_with_the_same_address_is_an_error(
        tmp_library: LibraryMaker, first: str, second: str) -> None:
    extra = f'"{first}":\n{ENTRY}"{second}":\n{ENTRY}'
    line = DOCUMENTS.count("\n") + 6
    slug = "01-2024-" + ("tt-btp" if "TT" in first else "qd-ubnd")
    assert problems_of(tmp_library, extra) == [
        f"{DOCS}:{line}: văn bản '{second}' trùng địa chỉ trang van-ban/{slug}/ với văn bản "
        f"'{first}' — gợi ý: {HINT}"]


def test_number_without_letters_or_digits(tmp_library: LibraryMaker) -> None:
    extra = f'"//":\n{ENTRY}'
    assert problems_of(tmp_library, extra) == [
        f"{DOCS}:{DOCUMENTS.count(chr(10)) + 1}: số hiệu '//' không có chữ hay số nào để làm "
        "địa chỉ trang — gợi ý: viết số hiệu như trên văn bản, ví dụ 45/2019/QH14"]


def test_distinct_numbers_are_fine(tmp_library: LibraryMaker) -> None:
    extra = f'"01/2024/TT-BTP":\n{ENTRY}"02/2024/TT-BTP":\n{ENTRY}'
    assert problems_of(tmp_library, extra) == []
