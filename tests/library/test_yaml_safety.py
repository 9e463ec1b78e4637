"""generators/library/yamlio.py: YAML that cannot hurt — no alias bombs, no deep nesting,
errors at their real line in Vietnamese."""

from __future__ import annotations

import pytest
import yaml

from generators.library import load_library
from generators.library.yamlio import (
    MAX_CHARS,
    MAX_DEPTH,
    YamlSyntaxError,
    describe,
    load_yaml,
)
from tests.conftest import TODAY, LibraryMaker, explainer

ARTICLE = "content/lao-dong/thu-viec.md"
HINT = "kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc kép"
NO_ANCHORS = ("viết lại nội dung ở từng chỗ cần dùng; nếu '&' hay '*' là chữ, đặt giá trị trong "
              "dấu ngoặc kép")
# "Billion laughs": nine levels of nine aliases, 9^9 strings once expanded.
BOMB = "lol: &l0 [\"lol\"]\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))


def errors(root_files: dict[str, str | bytes | None], tmp_library: LibraryMaker) -> list[str]:
    root = tmp_library(root_files)
    return [p.format() for p in load_library(root, TODAY)[1].errors]


def test_billion_laughs_in_a_data_file_is_refused_at_the_first_anchor(
        tmp_library: LibraryMaker) -> None:
    fields = "lao-dong:\n  title: Lao động\n" + BOMB
    assert errors({"content/_data/fields.yml": fields}, tmp_library)[0] == (
        f"content/_data/fields.yml:3: YAML không hợp lệ: không dùng neo '&l0' — gợi ý: "
        f"{NO_ANCHORS}")


def test_billion_laughs_in_front_matter_is_refused_at_its_file_line(
        tmp_library: LibraryMaker) -> None:
    text = explainer(extra="reviewed: true\n" + BOMB.replace("lol:", "tags:", 1))
    assert errors({ARTICLE: text}, tmp_library) == [
        f"{ARTICLE}:9: YAML không hợp lệ: không dùng neo '&l0' — gợi ý: {NO_ANCHORS}"]


def test_an_alias_without_anchor_is_refused_at_its_line() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: 1\nb:\n  - *x\n", line_offset=1)
    assert (caught.value.line, caught.value.message, caught.value.hint) == (
        4, "YAML không hợp lệ: không dùng bí danh '*x'", NO_ANCHORS)


def test_merge_keys_need_anchors_and_are_refused_too() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: 1\nbase: &b {x: 1}\nc:\n  <<: *b\n")
    assert (caught.value.line, caught.value.message) == (
        2, "YAML không hợp lệ: không dùng neo '&b'")


def test_quoted_ampersand_and_star_are_text() -> None:
    doc, _ = load_yaml('a: "&x"\nb: "*y"\nc: R&D\n')
    assert doc.data == {"a": "&x", "b": "*y", "c": "R&D"}


DEEP = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 10))


def test_deep_nesting_is_an_error_at_the_line_that_goes_too_deep(
        tmp_library: LibraryMaker) -> None:
    assert errors({"content/_data/audiences.yml": DEEP}, tmp_library) == [
        f"content/_data/audiences.yml:{MAX_DEPTH + 1}: YAML lồng quá sâu (hơn {MAX_DEPTH} tầng "
        "danh sách và bảng) — gợi ý: viết dữ liệu phẳng hơn"]


def test_deep_flow_nesting_returns_an_error_not_a_recursion_error() -> None:
    text = "a: 1\nb: " + "[" * 200_000 + "]" * 200_000 + "\n"
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    assert caught.value.line == 2
    assert caught.value.message == (f"YAML lồng quá sâu (hơn {MAX_DEPTH} tầng danh sách và "
                                    "bảng)")


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)) + \
        "  " * (MAX_DEPTH - 1) + "x: 1\n"
    doc, _ = load_yaml(text)
    assert doc.line(*(f"k{i}" for i in range(MAX_DEPTH - 1)), "x") == MAX_DEPTH


def test_text_too_large_is_refused() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: " + "x" * MAX_CHARS + "\n", line_offset=1)
    assert (caught.value.line, caught.value.message) == (2, "YAML quá lớn (hơn 10 triệu ký tự)")


def test_tab_indentation_at_its_real_line_in_vietnamese(tmp_library: LibraryMaker) -> None:
    fields = "lao-dong:\n  title: Lao động\ndat-dai:\n\ttitle: Đất đai\n"
    assert errors({"content/_data/fields.yml": fields}, tmp_library) == [
        "content/_data/fields.yml:4: YAML không hợp lệ: có dấu tab (YAML chỉ thụt lề bằng dấu "
        f"cách) — gợi ý: {HINT}"]


def test_tab_in_front_matter_at_its_file_line(tmp_library: LibraryMaker) -> None:
    text = explainer(extra="reviewed: true\ntags:\n\t- a")
    assert errors({ARTICLE: text}, tmp_library) == [
        f"{ARTICLE}:10: YAML không hợp lệ: có dấu tab (YAML chỉ thụt lề bằng dấu cách) — "
        f"gợi ý: {HINT}"]


def test_python_tags_are_refused_in_editors_files(tmp_library: LibraryMaker) -> None:
    fields = 'lao-dong:\n  title: !!python/object/apply:os.system ["echo hi"]\n'
    assert errors({"content/_data/fields.yml": fields}, tmp_library)[0] == (
        "content/_data/fields.yml:2: YAML không hợp lệ: không dùng thẻ "
        "'!!python/object/apply:os.system' — gợi ý: tệp chỉ chứa dữ liệu: bỏ thẻ bắt đầu bằng "
        "'!'; nếu là chữ, đặt trong dấu ngoặc kép")


def test_unknown_problem_falls_back_to_the_english_problem_on_one_line() -> None:
    exc = yaml.MarkedYAMLError(problem="something\n  new")
    assert describe(exc, "") == "YAML không hợp lệ: something new"
