"""generators/library/settings.py: a recording's chapter file that nests without end is an
error, not a RecursionError."""

from __future__ import annotations

from generators.library import load_library
from tests.conftest import TODAY, LibraryMaker

REC = "audiobooks/recordings/"


def test_deeply_nested_chapters_json_is_an_error(tmp_library: LibraryMaker) -> None:
    root = tmp_library({f"{REC}thu-viec.vi.wav": b"RIFF",
                        f"{REC}thu-viec.vi.chapters.json": "[" * 100_000 + "]" * 100_000})
    assert [p.format() for p in load_library(root, TODAY)[1].errors] == [
        f"{REC}thu-viec.vi.chapters.json:1: JSON lồng quá sâu — gợi ý: "
        '{"chapters": [{"startTime": 0, "title": "Mở đầu"}, {"startTime": 42.5, ...}]}']
