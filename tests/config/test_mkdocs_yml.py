"""generators/config/mkdocs_yml.py: mkdocs.yml read as data and checked, so `check` finds
what would stop the build, and nothing in it can run code."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from generators.config.mkdocs_yml import is_site_url, read_mkdocs_settings
from generators.errors import Problems
from tests.conftest import ROOT, LibraryMaker

NO_TAGS = "tệp chỉ chứa dữ liệu: bỏ thẻ bắt đầu bằng '!'; nếu là chữ, đặt trong dấu ngoặc kép"
PLUGIN_HINT = ("xóa dòng này; tủ sách tự có tìm kiếm, sách nói, thẻ chia sẻ và đọc ngoại tuyến "
               "(dùng được: search, material/search)")
URL_HINT = "ví dụ site_url: https://phapluat.example.gov.vn/tu-sach/"
LOCAL_HINT = ("xóa dòng này: tủ sách không tải gì từ trang web khác (không CDN, không theo "
              "dõi)")
FAILED = "✗ 1 lỗi, 0 cảnh báo — chưa ghi gì; sửa các lỗi trên rồi chạy lại."


def read(tmp_library: LibraryMaker, text: str) -> tuple[dict[str, object] | None, list[str]]:
    root = tmp_library({"mkdocs.yml": text})
    problems = Problems()
    settings = read_mkdocs_settings(root / "mkdocs.yml", root, problems)
    return settings, [p.format() for p in problems.items]


def cli(command: str, root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = build.main([command, "--root", str(root), "--date", "2026-11-23", "--quiet",
                       *(["--no-search", "--no-bundle"] if command == "build" else [])])
    return code, capsys.readouterr().err.splitlines()


def test_the_projects_own_mkdocs_yml_is_clean() -> None:
    problems = Problems()
    settings = read_mkdocs_settings(ROOT / "mkdocs.yml", ROOT, problems)
    assert problems.items == []
    assert settings is not None
    assert settings["site_name"] == "Tủ sách pháp luật số"


@pytest.mark.parametrize("payload", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    "!!python/name:os.system",
])
def test_python_tags_are_a_check_error_and_never_run_even_by_build(
        tmp_library: LibraryMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        payload: str) -> None:
    marker = tmp_path / "pwned"
    root = tmp_library({"mkdocs.yml": "site_name: Thử\ncopyright: "
                        + payload.format(marker=marker) + "\n"})
    tag = payload.split(" ")[0].removesuffix('["touch')
    expected = f"mkdocs.yml:2: YAML không hợp lệ: không dùng thẻ '{tag}' — gợi ý: {NO_TAGS}"
    assert cli("check", root, capsys) == (1, [expected, FAILED])
    assert cli("build", root, capsys) == (1, [expected, FAILED])
    assert not marker.exists()
    assert not (root / "site").exists()


def test_hooks_and_inherit_are_refused_and_never_run(
        tmp_library: LibraryMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "hooked"
    root = tmp_library({
        "mkdocs.yml": "site_name: Thử\nINHERIT: base.yml\nhooks:\n  - hook.py\n",
        "base.yml": f"copyright: !!python/object/apply:os.system ['touch {marker}']\n",
        "hook.py": f"open({str(marker)!r}, 'w').close()\n",
    })
    code, err = cli("build", root, capsys)
    assert (code, err) == (1, [
        "mkdocs.yml:2: 'INHERIT' đọc thêm một tệp cấu hình khác, không được phép — gợi ý: xóa "
        "'INHERIT'",
        "mkdocs.yml:3: 'hooks' chạy mã Python khi dựng trang, không được phép — gợi ý: xóa "
        "'hooks'",
        "✗ 2 lỗi, 0 cảnh báo — chưa ghi gì; sửa các lỗi trên rồi chạy lại."])
    assert not marker.exists()


@pytest.mark.parametrize(("value", "message"), [
    ("ftp://example.org/", "'site_url' phải là địa chỉ đầy đủ bắt đầu bằng https://, không "
     f"phải 'ftp://example.org/' — gợi ý: {URL_HINT}"),
    ("tu-sach/", "'site_url' phải là địa chỉ đầy đủ bắt đầu bằng https://, không phải "
     f"'tu-sach/' — gợi ý: {URL_HINT}"),
    ("https://", "'site_url' phải là địa chỉ đầy đủ bắt đầu bằng https://, không phải "
     f"'https://' — gợi ý: {URL_HINT}"),
    ("javascript:alert(1)", "'site_url' phải là địa chỉ đầy đủ bắt đầu bằng https://, không "
     f"phải 'javascript:alert(1)' — gợi ý: {URL_HINT}"),
    ("5", "'site_url' phải là chuỗi — gợi ý: viết site_url: \"…\""),
])
def test_bad_site_url(tmp_library: LibraryMaker, value: str, message: str) -> None:
    assert read(tmp_library, f"site_name: Thử\nsite_url: {value}\n") == (
        None, [f"mkdocs.yml:2: {message}"])


def test_good_site_url(tmp_library: LibraryMaker) -> None:
    settings, problems = read(tmp_library, "site_name: Thử\nsite_url: http://x.vn/tu-sach/\n")
    assert (settings, problems) == ({"site_name": "Thử", "site_url": "http://x.vn/tu-sach/"},
                                    [])


@pytest.mark.parametrize(("text", "message"), [
    ("plugins:\n  - search\n  - social\n",
     f"mkdocs.yml:4: plugin 'social' không được hỗ trợ — gợi ý: {PLUGIN_HINT}"),
    ("plugins:\n  - material/privacy:\n      enabled: true\n",
     f"mkdocs.yml:3: plugin 'material/privacy' không được hỗ trợ — gợi ý: {PLUGIN_HINT}"),
    ("plugins:\n  - khong-co-plugin-nay\n",
     f"mkdocs.yml:3: plugin 'khong-co-plugin-nay' không được hỗ trợ — gợi ý: {PLUGIN_HINT}"),
    ("plugins:\n  search: {}\n",
     "mkdocs.yml:2: 'plugins' phải là danh sách — gợi ý: viết plugins: rồi mỗi plugin một dòng "
     "'- search'"),
    ("plugins:\n  - search: 5\n",
     "mkdocs.yml:3: tùy chọn của plugin 'search' phải là bảng 'khóa: giá trị'"),
    ("theme: [material]\n",
     "mkdocs.yml:2: 'theme' phải là bảng 'khóa: giá trị' — gợi ý: viết theme: rồi các dòng thụt "
     "lề như name: material"),
    ("theme:\n  palette: indigo\n",
     "mkdocs.yml:3: 'theme.palette' phải là bảng 'khóa: giá trị' hoặc danh sách"),
    ("theme:\n  palette:\n    - scheme: default\n    - slate\n",
     "mkdocs.yml:5: mỗi mục của 'theme.palette' phải là bảng 'khóa: giá trị' — gợi ý: ví dụ: "
     "- scheme: default"),
    ("theme:\n  palette:\n    primary: [indigo]\n",
     "mkdocs.yml:4: 'theme.palette.primary' phải là chuỗi"),
    ("theme:\n  features: navigation.top\n", "mkdocs.yml:3: 'theme.features' phải là danh sách"),
    ("theme:\n  features:\n    - {a: 1}\n", "mkdocs.yml:4: mục 1 của 'theme.features' phải là "
     "chuỗi"),
    ("extra: [a]\n", "mkdocs.yml:2: 'extra' phải là bảng 'khóa: giá trị' — gợi ý: viết extra: "
     "rồi các dòng thụt lề 'khóa: giá trị'"),
    ("extra_css: rieng.css\n", "mkdocs.yml:2: 'extra_css' phải là danh sách — gợi ý: viết "
     "extra_css: rồi mỗi tệp một dòng '- css/rieng.css'"),
    ("copyright: [a]\n", "mkdocs.yml:2: 'copyright' phải là chuỗi — gợi ý: viết copyright: \"…\""),
    ("markdown_extensions: admonition\n",
     "mkdocs.yml:2: 'markdown_extensions' phải là danh sách — gợi ý: viết markdown_extensions: "
     "rồi mỗi phần mở rộng một dòng '- admonition'"),
    ("markdown_extensions:\n  - khong_co\n",
     "mkdocs.yml:3: phần mở rộng Markdown 'khong_co' không có — gợi ý: xóa dòng này: trang do tủ "
     "sách tự dựng từ Markdown của bài"),
    ("markdown_extensions:\n  - pymdownx.khong_co\n",
     "mkdocs.yml:3: phần mở rộng Markdown 'pymdownx.khong_co' không có — gợi ý: xóa dòng này: "
     "trang do tủ sách tự dựng từ Markdown của bài"),
    ("markdown_extensions:\n  - toc: true\n",
     "mkdocs.yml:3: tùy chọn của 'toc' phải là bảng 'khóa: giá trị'"),
    ("extra_javascript:\n  - js/rieng.js\n  - https://cdn.example.com/x.js\n",
     "mkdocs.yml:4: 'extra_javascript' phải là tệp của trang, không tải từ nơi khác "
     f"('https://cdn.example.com/x.js') — gợi ý: {LOCAL_HINT}"),
    ("extra_css:\n  - //fonts.example.com/a.css\n",
     "mkdocs.yml:3: 'extra_css' phải là tệp của trang, không tải từ nơi khác "
     f"('//fonts.example.com/a.css') — gợi ý: {LOCAL_HINT}"),
    ("theme:\n  logo: http://example.com/logo.png\n",
     "mkdocs.yml:3: 'theme.logo' phải là tệp của trang, không tải từ nơi khác "
     f"('http://example.com/logo.png') — gợi ý: {LOCAL_HINT}"),
    ("a: &x 1\nb: *x\n", "mkdocs.yml:2: YAML không hợp lệ: không dùng neo '&x' — gợi ý: viết lại "
     "nội dung ở từng chỗ cần dùng; nếu '&' hay '*' là chữ, đặt giá trị trong dấu ngoặc kép"),
    ("theme:\n\tname: material\n", "mkdocs.yml:3: YAML không hợp lệ: có dấu tab (YAML chỉ thụt "
     "lề bằng dấu cách) — gợi ý: kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc "
     "kép"),
    ("site_description: !relative x\n", "mkdocs.yml:2: YAML không hợp lệ: không dùng thẻ "
     f"'!relative' — gợi ý: {NO_TAGS}"),
])
def test_what_would_stop_the_build_is_an_error_at_its_line(
        tmp_library: LibraryMaker, text: str, message: str) -> None:
    assert read(tmp_library, "site_name: Thử\n" + text) == (None, [message])


@pytest.mark.parametrize(("text", "message"), [
    ("", "mkdocs.yml:1: thiếu 'site_name' — gợi ý: viết site_name: Tủ sách pháp luật số"),
    ("site_name: ''\n", "mkdocs.yml:1: thiếu 'site_name' — gợi ý: viết site_name: Tủ sách pháp "
     "luật số"),
    ("- a\n", "mkdocs.yml:1: mkdocs.yml phải là bảng 'khóa: giá trị'"),
])
def test_site_name_and_shape(tmp_library: LibraryMaker, text: str, message: str) -> None:
    assert read(tmp_library, text) == (None, [message])


def test_warnings_for_what_is_not_used(tmp_library: LibraryMaker) -> None:
    text = ("site_name: Thử\nsite_nme: x\nnav:\n  - a.md\ntheme:\n  name: readthedocs\n"
            "  pallete: {}\n  palette:\n    sheme: slate\n")
    settings, problems = read(tmp_library, text)
    assert settings is not None
    assert problems == [
        "mkdocs.yml:2: cảnh báo: khóa lạ 'site_nme' (không được dùng) — gợi ý: có phải ý bạn là "
        "'site_name'?",
        "mkdocs.yml:3: cảnh báo: 'nav' do chương trình tự đặt, giá trị này không được dùng — "
        "gợi ý: xóa 'nav'",
        "mkdocs.yml:7: cảnh báo: khóa lạ 'pallete' trong 'theme' (không được dùng) — gợi ý: có "
        "phải ý bạn là 'palette'?",
        "mkdocs.yml:6: cảnh báo: giao diện 'readthedocs' không được dùng, tủ sách luôn dùng "
        "'material' — gợi ý: viết name: material",
        "mkdocs.yml:9: cảnh báo: khóa lạ 'sheme' trong 'theme.palette' (không được dùng) — gợi ý: "
        "các khóa dùng được: scheme, primary, accent, media, toggle",
    ]


def test_theme_settings_the_build_sets_are_warnings(tmp_library: LibraryMaker) -> None:
    settings, problems = read(tmp_library, "site_name: Thử\ntheme:\n  language: en\n"
                              "  custom_dir: ../ngoai\n")
    assert settings is not None
    assert problems == [
        "mkdocs.yml:3: cảnh báo: 'theme.language' do chương trình tự đặt, giá trị này không "
        "được dùng — gợi ý: xóa 'language'",
        "mkdocs.yml:4: cảnh báo: 'theme.custom_dir' do chương trình tự đặt, giá trị này không "
        "được dùng — gợi ý: xóa 'custom_dir'"]


def test_what_mkdocs_allows_is_read_as_data(tmp_library: LibraryMaker,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUSACH_URL", "https://x.vn/")
    text = ("site_name: !ENV [TUSACH_TEN, 'Tủ sách']\nsite_url: !ENV TUSACH_URL\n"
            "theme: material\nplugins:\n  - search\n  - material/search: {lang: vi}\n"
            "markdown_extensions:\n  - admonition\n  - toc:\n      permalink: true\n"
            "  - pymdownx.details\n")
    settings, problems = read(tmp_library, text)
    assert problems == []
    assert settings == {
        "site_name": "Tủ sách", "site_url": "https://x.vn/", "theme": {"name": "material"},
        "plugins": ["search", {"material/search": {"lang": "vi"}}],
        "markdown_extensions": ["admonition", {"toc": {"permalink": True}},
                                "pymdownx.details"]}


def test_theme_as_a_name_builds(tmp_library: LibraryMaker,
                                capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library({"mkdocs.yml": "site_name: Thử\ntheme: material\n"})
    code, err = cli("build", root, capsys)
    assert (code, err) == (0, [])
    assert (root / "site" / "index.html").is_file()


@pytest.mark.parametrize(("value", "ok"), [
    ("https://phapluat.example.gov.vn/tu-sach/", True), ("http://x", True),
    ("https://", False), ("https://:80/", False), ("https://[::1", False),
    ("https://a b/", False), ("ftp://x/", False), ("x.vn", False), ("//x.vn/", False),
])
def test_is_site_url(value: str, ok: bool) -> None:
    assert is_site_url(value) is ok


def test_env_needs_a_name(tmp_library: LibraryMaker) -> None:
    assert read(tmp_library, "site_name: Thử\ncopyright: !ENV {a: 1}\n") == (None, [
        "mkdocs.yml:2: YAML không hợp lệ: !ENV cần tên biến môi trường, ví dụ !ENV [TEN_BIEN, "
        "giá trị mặc định] — gợi ý: kiểm tra dấu hai chấm, thụt lề bằng dấu cách, và dấu ngoặc "
        "kép"])


def test_links_under_extra_and_theme_icons_cannot_run_or_leave(tmp_library: LibraryMaker,
                                                              ) -> None:
    text = ("site_name: Thử\n"
            "theme:\n  name: material\n  icon:\n    logo: ../../../../etc/passwd\n"
            "extra:\n  homepage: 'java\tscript:alert(1)'\n"
            "  social:\n    - link: https://x.vn/\n    - link: 'data:text/html,<script>'\n"
            "  alternate:\n    - name: English\n      link: 'vbscript:x'\n"
            "    - name: Tiếng Việt\n      link: /vi/\n")
    hint = "chỉ dùng địa chỉ https://, mailto: hoặc tel:"
    assert read(tmp_library, text) == (None, [
        "mkdocs.yml:5: 'theme.icon.logo' phải là tên một biểu tượng của Material — gợi ý: "
        "ví dụ logo: material/scale-balance",
        f"mkdocs.yml:7: 'extra.homepage' dùng giao thức 'javascript:' không được phép — "
        f"gợi ý: {hint}",
        f"mkdocs.yml:10: 'extra.social.link' dùng giao thức 'data:' không được phép — "
        f"gợi ý: {hint}",
        f"mkdocs.yml:13: 'extra.alternate.link' dùng giao thức 'vbscript:' không được phép "
        f"— gợi ý: {hint}",
    ])
