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


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nb: x: y\n", 2,
     "YAML không hợp lệ: mapping values are not allowed in this context"),
    ("a: 1\n b: 2\n", 2,
     "YAML không hợp lệ: mapping values are not allowed in this context"),
    ("a: 1\nb: [x\n", 3,
     "YAML không hợp lệ: while parsing a flow sequence, did not find expected ',' or ']'"),
    ("a: 1\n\t- b\n", 2,
     "YAML không hợp lệ: while scanning a plain scalar, found a tab character that violates "
     "indentation"),
    ("a: *x\n", 1, "YAML không hợp lệ: found undefined alias"),
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
