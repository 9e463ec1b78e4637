"""generators/site/ui.py: the built-in strings merged with the library's own (Library.ui),
Vietnamese as the fallback of every key, marked lang="vi" where it is used."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import pytest

from generators.library import Library, load_library
from generators.library.data import built_in_ui
from generators.site.ui import UI, load_ui
from tests.conftest import LANGUAGES, TODAY, LibraryMaker

WITH_HMONG = LANGUAGES + "hmn:\n  name: Hmoob\n  name_vi: Tiếng H'Mông\n"


def library_of(root: Path) -> Library:
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.items]
    return library


@pytest.fixture
def ui(tmp_library: LibraryMaker) -> dict[str, UI]:
    return load_ui(library_of(tmp_library({
        "content/_data/languages.yml": WITH_HMONG,
        "content/_data/ui/en.yml": 'home: Start\nsearch_count: "{n} hits for {q}."\n',
        "content/_data/ui/hmn.yml": "home: Nplooj tsev\n",
        "content/_data/ui/vi.yml": "search: Tra cứu\n",
    })))


def test_every_language_of_the_library_gets_its_strings(ui: dict[str, UI]) -> None:
    assert sorted(ui) == ["en", "hmn", "vi"]
    assert [u.lang for u in ui.values()] == list(ui)


def test_the_library_overrides_the_built_in_strings(ui: dict[str, UI]) -> None:
    en = ui["en"]
    assert en("home") == "Start"
    assert en.raw("search_count") == "{n} hits for {q}."
    assert en.text("search_count", n=3, q="“x”") == "3 hits for “x”."
    # Keys the library leaves alone keep the built-in English.
    assert en("breadcrumbs") == built_in_ui("en")["breadcrumbs"] == "Breadcrumbs"
    assert en.lang_of("breadcrumbs") == "en"


def test_the_library_vietnamese_is_the_fallback_for_every_language(ui: dict[str, UI]) -> None:
    assert ui["vi"]("search") == "Tra cứu"
    assert ui["vi"]("home") == "Trang chủ"
    # H'Mông has one string of its own; everything else falls back to (the library's)
    # Vietnamese, marked for screen readers in HTML, plain in attributes.
    hmn = ui["hmn"]
    assert hmn("home") == "Nplooj tsev"
    assert hmn("search") == '<span lang="vi">Tra cứu</span>'
    assert hmn.text("search") == "Tra cứu"
    assert hmn.lang_of("search") == "vi" and hmn.lang_of("home") == "hmn"
    assert hmn("lead_home", count=2) == ('<span lang="vi">2 bài giải thích pháp luật đã được '
                                         "dịch sang tiếng này.</span>")
    # English has the key built in: no fallback there.
    assert ui["en"]("search") == "Search"


def test_a_fallback_is_escaped_inside_its_span(ui: dict[str, UI]) -> None:
    hmn = ui["hmn"]
    assert hmn("search_count", n=1, q="<b>") == (
        '<span lang="vi">1 bài phù hợp với &lt;b&gt;.</span>')


def test_messages_for_a_script_keep_their_placeholders(ui: dict[str, UI]) -> None:
    assert ui["en"].messages("search_count", "search_busy", prefix="search_") == {
        "count": "{n} hits for {q}.", "busy": "Searching…"}
    assert ui["hmn"].messages("player_play", "player_now", prefix="player_") == {
        "play": "Phát", "now": "Đang nghe chương {n}: {title}"}


def test_without_strings_of_its_own_the_library_gets_the_built_in_ones(
        tmp_library: LibraryMaker) -> None:
    ui = load_ui(library_of(tmp_library()))
    assert dict(ui["en"].strings) == built_in_ui("en")
    assert dict(ui["vi"].strings) == built_in_ui("vi") == dict(ui["en"].fallback)


def test_the_site_reads_no_file_of_the_library(tmp_library: LibraryMaker) -> None:
    """Only Library.ui counts: the site does not read content/_data/ui/ itself (a broken
    file there is the loader's error, never a traceback here)."""
    root = tmp_library()
    library = library_of(root)
    (root / "content/_data/ui").mkdir()
    (root / "content/_data/ui/en.yml").write_text('home: "broken\n', "utf-8")
    assert load_ui(library)["en"]("home") == "Home"
    given = dataclasses.replace(library, ui=MappingProxyType({"en": {"home": "Given"}}))
    assert load_ui(given)["en"]("home") == "Given"
