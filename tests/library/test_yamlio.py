"""generators/library/yamlio.py: YAML with the line of every key, item and syntax error."""

from __future__ import annotations

from datetime import date

import pytest

from generators.library.yamlio import YamlDoc, YamlSyntaxError, load_yaml

NESTED = """\
title: Các bước
meta:
  source: "35/2013/QH13"
  tags: [a, b]
items:
  - title: Một
    text: Thứ nhất
  - title: Hai
"""


def test_data_is_plain_python() -> None:
    doc, duplicates = load_yaml(NESTED)
    assert doc.data == {
        "title": "Các bước",
        "meta": {"source": "35/2013/QH13", "tags": ["a", "b"]},
        "items": [{"title": "Một", "text": "Thứ nhất"}, {"title": "Hai"}],
    }
    assert duplicates == []


def test_lines_of_keys_and_items() -> None:
    doc, _ = load_yaml(NESTED)
    assert doc.lines == {
        ("title",): 1,
        ("meta",): 2,
        ("meta", "source"): 3,
        ("meta", "tags"): 4,
        ("meta", "tags", 0): 4,
        ("meta", "tags", 1): 4,
        ("items",): 5,
        ("items", 0): 6,
        ("items", 0, "title"): 6,
        ("items", 0, "text"): 7,
        ("items", 1): 8,
        ("items", 1, "title"): 8,
    }
    assert doc.first_line == 1


def test_line_falls_back_to_nearest_parent_then_first_line() -> None:
    doc, _ = load_yaml(NESTED)
    assert doc.line("items", 1, "text") == 8  # no such key: the item's line
    assert doc.line("items", 7) == 5  # no such item: the list's line
    assert doc.line("nothing") == 1  # nothing known: the document's first line
    assert doc.line() == 1


def test_line_offset_moves_every_line() -> None:
    doc, _ = load_yaml(NESTED, line_offset=1)
    assert doc.line("title") == 2
    assert doc.line("items", 0, "text") == 8
    assert doc.first_line == 2


def test_first_line_is_where_the_document_starts() -> None:
    doc, _ = load_yaml("\n\n- a\n- b\n")
    assert doc.data == ["a", "b"]
    assert doc.first_line == 3
    assert doc.lines == {(0,): 3, (1,): 4}


def test_empty_text_is_none() -> None:
    doc, duplicates = load_yaml("", line_offset=1)
    assert doc == YamlDoc(None, {}, 2)
    assert duplicates == []


def test_duplicate_keys_are_reported_at_the_repeated_line() -> None:
    text = "a: 1\nb:\n  c: x\n  c: y\na: 2\n"
    doc, duplicates = load_yaml(text)
    assert duplicates == [(4, "c"), (5, "a")]
    # YAML keeps the last value; its line is the last one too
    assert doc.data == {"a": 2, "b": {"c": "y"}}
    assert doc.line("a") == 5


def test_duplicate_keys_with_offset() -> None:
    _, duplicates = load_yaml("x: 1\nx: 2\n", line_offset=1)
    assert duplicates == [(3, "x")]


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    _, duplicates = load_yaml("a:\n  title: x\nb:\n  title: y\n")
    assert duplicates == []


MAPPING = ("YAML không hợp lệ: dấu hai chấm không đúng chỗ (thụt lề sai, hoặc giá trị có ': ' "
           "cần đặt trong dấu ngoặc kép)")
TAB = "YAML không hợp lệ: có dấu tab (YAML chỉ thụt lề bằng dấu cách)"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb: x: y\n", 2, MAPPING),
    ("a: 1\n b: 2\n", 2, MAPPING),
    # the text ends inside the bracket: the line where it opened
    ("a: 1\nb: [x\n", 2, "YAML không hợp lệ: danh sách [ … ] thiếu dấu phẩy hoặc dấu ']' đóng"),
    ("a: {x: 1\nb: 2\n", 2, "YAML không hợp lệ: bảng { … } thiếu dấu phẩy hoặc dấu '}' đóng"),
    ("a: 1\n\t- b\n", 2, TAB),
    ("a:\n\tb: 1\n", 2, TAB),
    ("a:\n  b: 1\n\tc: 2\n", 3, TAB),
    ("a: 1\nb\nc: 2\n", 3, "YAML không hợp lệ: thiếu dấu hai chấm sau khóa"),
    ("a: 1\nb: @x\n", 2,
     "YAML không hợp lệ: ký tự '@' không được mở đầu một giá trị (đặt giá trị trong dấu ngoặc "
     "kép)"),
    ("a: 1\n- b\n", 2, "YAML không hợp lệ: thụt lề không khớp với các dòng trên"),
    ("a: |\n  x\n b\n", 3, "YAML không hợp lệ: thụt lề không khớp với các dòng trên"),
    ("a: 1\nb: ]\n", 2, "YAML không hợp lệ: thiếu giá trị, hoặc ký tự lạ ở đầu giá trị"),
    ('a: "\\q"\n', 1,
     "YAML không hợp lệ: dấu \\ trong dấu ngoặc kép không hợp lệ (viết \\\\, hoặc dùng dấu "
     "ngoặc đơn)"),
    ("a: 1\n---\nb: 2\n", 2,
     "YAML không hợp lệ: chỉ được có một khối YAML (bỏ dòng '---' thừa)"),
    ("? [a]\n: 1\n", 1,
     "YAML không hợp lệ: khóa phải là chữ hoặc số, không phải danh sách hay bảng"),
    ("%FOO\n---\na: 1\n", 1, "YAML không hợp lệ: dòng bắt đầu bằng '%' không hợp lệ"),
    ("a: & x\n", 1,
     "YAML không hợp lệ: sau '&', '*' hoặc '!' phải là tên (đặt giá trị trong dấu ngoặc kép)"),
    ("a: 1\nb: !!python/object/apply:os.system [x]\n", 2,
     "YAML không hợp lệ: không dùng thẻ '!!python/object/apply:os.system'"),
    ("a: !foo x\n", 1, "YAML không hợp lệ: không dùng thẻ '!foo'"),
    ("a: *x\n", 1, "YAML không hợp lệ: không dùng bí danh '*x'"),
    ("a: 1\nb: x\x01y\n", 2, "ký tự điều khiển U+0001 không được phép"),
])
def test_syntax_error_line_and_message(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_syntax_error_line_includes_offset() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml("a: 1\nb: x: y\n", line_offset=4)
    assert caught.value.line == 6


def test_dates_are_dates_and_impossible_dates_stay_text() -> None:
    doc, _ = load_yaml("a: 2026-11-23\nb: 2026-13-01\nc: [2026-02-30]\n")
    assert doc.data == {"a": date(2026, 11, 23), "b": "2026-13-01", "c": ["2026-02-30"]}
    assert doc.line("b") == 2
