"""content/_data/ui/<lang>.yml: the library's own interface strings, checked by the loader
against the built-in Vietnamese set (generators/library/ui/vi.yml) with path:line problems."""

from __future__ import annotations

from pathlib import Path

from generators.library import load_library
from generators.library.data import BUILT_IN_UI, built_in_ui, placeholders
from tests.conftest import TODAY, LibraryMaker

EN = "content/_data/ui/en.yml"
KEEP_N_Q = "gợi ý: giữ nguyên {n}, {q}, không dịch: chương trình điền giá trị vào đó"


def problems_of(root: Path) -> list[str]:
    return [p.format() for p in load_library(root, TODAY)[1].items]


def test_a_library_without_its_own_strings_has_none(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library(), TODAY)
    assert library is not None and not problems.items
    assert dict(library.ui) == {}


def test_valid_strings_reach_the_library_per_language(tmp_library: LibraryMaker) -> None:
    root = tmp_library({
        EN: 'home: Start\nsearch_count: "{n} pages for {q}."\nupdated: 2026-01-02\n',
        "content/_data/ui/vi.yml": "home: Trang đầu\n",
    })
    library, problems = load_library(root, TODAY)
    assert library is not None and not problems.items
    assert {lang: dict(strings) for lang, strings in library.ui.items()} == {
        "en": {"home": "Start", "search_count": "{n} pages for {q}.",
               "updated": "2026-01-02"},  # an unquoted date is still the text typed
        "vi": {"home": "Trang đầu"},
    }


def test_an_empty_file_is_no_problem(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({EN: "# chưa dịch\n"}), TODAY)
    assert library is not None and not problems.items
    assert dict(library.ui) == {}


def test_a_file_for_a_language_the_library_does_not_have(tmp_library: LibraryMaker) -> None:
    assert problems_of(tmp_library({"content/_data/ui/km.yml": "home: ទំព័រដើម\n"})) == [
        "content/_data/ui/km.yml:1: ngôn ngữ 'km' không có trong languages.yml — gợi ý: đặt "
        "tên tệp theo mã ngôn ngữ (ví dụ en.yml), hoặc thêm ngôn ngữ vào "
        "content/_data/languages.yml",
    ]


def test_yaml_that_does_not_parse_is_a_problem_not_a_traceback(
        tmp_library: LibraryMaker) -> None:
    assert problems_of(tmp_library({EN: 'home: Home\nsearch: "Search\nfields: By topic\n'})) == [
        f"{EN}:2: YAML không hợp lệ: dấu ngoặc kép chưa được đóng — gợi ý: kiểm tra dấu hai "
        "chấm, thụt lề bằng dấu cách, và dấu ngoặc kép",
    ]


def test_a_file_that_is_not_a_mapping(tmp_library: LibraryMaker) -> None:
    assert problems_of(tmp_library({EN: "- home\n- search\n"})) == [
        f"{EN}:1: {EN} phải là một bảng 'khóa: …'",
    ]


def test_values_that_are_not_strings_are_errors_at_their_lines(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library({EN: "home: Home\nsearch: [Search]\nfields:\n  a: b\n"
                            "updated: yes\nfield:\n"})
    assert problems_of(root) == [
        f"{EN}:2: khóa 'search' phải là chuỗi, không phải một danh sách — gợi ý: "
        'viết search: "…" trên một dòng',
        f"{EN}:3: khóa 'fields' phải là chuỗi, không phải một bảng — gợi ý: "
        'viết fields: "…" trên một dòng',
        f"{EN}:5: khóa 'updated' phải là chuỗi, không phải giá trị true — gợi ý: "
        'viết updated: "…" trên một dòng',
        f"{EN}:6: khóa 'field' để trống — gợi ý: viết bản dịch, hoặc xóa dòng này để dùng "
        "bản tiếng Việt",
    ]
    assert load_library(root, TODAY)[0] is None


def test_an_unknown_key_is_a_warning_with_the_close_keys(tmp_library: LibraryMaker) -> None:
    root = tmp_library({EN: "home: Home\ntranlsators: By\nzzzz: x\n"})
    library, problems = load_library(root, TODAY)
    assert [p.format() for p in problems.items] == [
        f"{EN}:2: cảnh báo: khóa giao diện lạ 'tranlsators' (không được dùng) — gợi ý: "
        "có phải ý bạn là 'translators'?",
        f"{EN}:3: cảnh báo: khóa giao diện lạ 'zzzz' (không được dùng) — gợi ý: "
        "các khóa dùng được nằm trong generators/library/ui/vi.yml",
    ]
    assert library is not None
    assert dict(library.ui["en"]) == {"home": "Home"}  # the unknown keys are dropped


def test_placeholders_must_match_the_built_in_string(tmp_library: LibraryMaker) -> None:
    root = tmp_library({EN: (
        'search_count: "{n} articles."\n'             # {q} missing
        'search_none: "Nothing for {x}."\n'           # {q} missing, {x} unknown
        'lead_home: "{count} articles, {total}."\n'   # {total} unknown
        'home: "Home {page}"\n'                       # no placeholder in the built-in
        'search_partial: "{n} of {q"\n'               # an unclosed brace
        'search_label: "Search"\n'
    )})
    assert problems_of(root) == [
        f"{EN}:1: khóa 'search_count': thiếu chỗ trống {{q}} — {KEEP_N_Q}",
        f"{EN}:2: khóa 'search_none': thiếu chỗ trống {{q}}, có chỗ trống lạ {{x}} — "
        "gợi ý: giữ nguyên {q}, không dịch: chương trình điền giá trị vào đó",
        f"{EN}:3: khóa 'lead_home': có chỗ trống lạ {{total}} — gợi ý: giữ nguyên {{count}}, "
        "không dịch: chương trình điền giá trị vào đó",
        f"{EN}:4: khóa 'home': có chỗ trống lạ {{page}} — gợi ý: chuỗi này không có chỗ "
        "trống nào: bỏ phần {…}",
        f"{EN}:5: khóa 'search_partial': dấu ngoặc nhọn {{ }} không khớp — gợi ý: chỉ dùng "
        "ngoặc nhọn cho chỗ trống như {count}",
    ]


def test_placeholders_may_move_within_the_string(tmp_library: LibraryMaker) -> None:
    root = tmp_library({EN: 'search_partial: "{q}: {n} partial matches."\n'})
    library, problems = load_library(root, TODAY)
    assert library is not None and not problems.items
    assert library.ui["en"]["search_partial"] == "{q}: {n} partial matches."


def test_the_built_in_strings_live_in_the_library_package() -> None:
    """The loader checks against them, so they sit beside it (generators/library must not
    import generators/site); every built-in language has the Vietnamese keys and
    placeholders, and nothing else."""
    assert BUILT_IN_UI == Path(__file__).resolve().parents[2] / "generators/library/ui"
    vietnamese = built_in_ui("vi")
    assert "player_play" in vietnamese and "search_by_field" in vietnamese
    for file in BUILT_IN_UI.glob("*.yml"):
        strings = built_in_ui(file.stem)
        assert set(strings) == set(vietnamese), file.name
        for key, text in strings.items():
            assert placeholders(text) == placeholders(vietnamese[key]), (file.name, key)
    assert built_in_ui("km") == {}
