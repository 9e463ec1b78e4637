"""Regexes that read editors' text take linear time: inputs on which the old patterns
backtracked for seconds to minutes (a run that a failed match re-scanned from each of its
positions) finish at once. A test that finishes is the assertion."""

from __future__ import annotations

import pytest

from generators.library.yamlio import YamlSyntaxError, load_yaml
from generators.speech.script import PHRASES, _Reader, split_sentences

N = 20_000


@pytest.mark.parametrize("tail", [
    "." * N, "!?…" * (N // 3), "." + "”" * N, ". " + "(" * N,
])
def test_a_long_run_of_stops_or_closers_splits_in_linear_time(tail: str) -> None:
    sentences = split_sentences("Nội dung " + tail)
    assert "".join(sentences).replace(" ", "") == ("Nội dung " + tail).replace(" ", "")


def test_many_sentences_and_a_long_word_before_a_stop_split_in_linear_time() -> None:
    assert len(split_sentences("Câu A. " * N)) == N
    assert split_sentences("TP. Hà Nội. " * 3) == ["TP. Hà Nội.", "TP. Hà Nội.", "TP. Hà Nội."]
    assert split_sentences("a" * N + ". B.") == ["a" * N + ".", "B."]


@pytest.mark.parametrize("text", [
    " " * N + "x", "\ue000" * N, "[^" * N, "[^a" * N, "\n" * N + "[^",
])
def test_footnote_references_are_stripped_in_linear_time(text: str) -> None:
    reader = _Reader(None, PHRASES["vi"], {}, {})
    assert reader.strip_refs(text) == text
    assert reader.cited == []


def test_footnote_references_still_read_as_before() -> None:
    reader = _Reader(None, PHRASES["vi"], {}, {})
    assert reader.strip_refs("Điều 1 [^a] và\ue000b\ue001 [^a].") == "Điều 1 và."
    assert reader.cited == ["a", "b"]


@pytest.mark.parametrize(("text", "quoted"), [
    (f"a: 1\n{' ' * N}x\n b: [\n", False),
    (f"a: 1\n{'- ' * N}x\n b: [\n", False),
    (f"a: 1\nb: {' ' * N}\"x\nc: 2\n", True),
    (f"a: 1\n{'k ' * N}: \"x\nc: 2\n", True),
])
def test_an_unclosed_quote_is_looked_for_in_linear_time(text: str, quoted: bool) -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    assert ("dấu ngoặc kép chưa được đóng" in caught.value.message) == quoted
    assert caught.value.line == 2 or not quoted
