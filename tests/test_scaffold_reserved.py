"""generators/scaffold.py: `new` refuses the slugs the site keeps for its own pages."""

from __future__ import annotations

from datetime import date

import pytest

import build
from generators.errors import ConfigError
from generators.library import load_library
from generators.library.content import RESERVED_SLUGS
from generators.scaffold import new_explainer
from tests.conftest import LibraryMaker

INDEX = ("slug 'index' dành riêng cho trang của trang web (trang lĩnh vực): đặt tên khác, "
         "ví dụ thoi-gian-thu-viec")


def test_new_index_is_refused_with_exit_2(tmp_library: LibraryMaker,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_library()
    code = build.main(["new", "lao-dong", "index", "--root", str(root), "--date", "2026-11-23",
                       "--quiet"])
    out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", f"✗ {INDEX}\n")
    assert not (root / "content" / "lao-dong" / "index.md").exists()


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_every_reserved_slug_is_refused(tmp_library: LibraryMaker, slug: str) -> None:
    root = tmp_library()
    with pytest.raises(ConfigError) as caught:
        new_explainer(root, "lao-dong", slug, date(2026, 11, 23))
    assert str(caught.value).startswith(f"slug '{slug}' dành riêng")


@pytest.mark.parametrize("slug", ["../thu", "thu.en", "thu-", "-thu", "thu--moi", "", "a/b"])
def test_invalid_slugs_are_refused(tmp_library: LibraryMaker, slug: str) -> None:
    root = tmp_library()
    with pytest.raises(ConfigError) as caught:
        new_explainer(root, "lao-dong", slug, date(2026, 11, 23))
    assert str(caught.value) == (f"slug '{slug}' không hợp lệ: chỉ dùng chữ thường không dấu, "
                                 "số và dấu gạch ngang, ví dụ thoi-gian-thu-viec")


def test_title_is_one_line_with_backslashes_kept(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    path = new_explainer(root, "lao-dong", "thu-moi", date(2026, 11, 23),
                         'Sổ "đỏ" C:\\x\nreviewed: true')
    assert path.read_text("utf-8").startswith(
        '---\ntitle: "Sổ \'đỏ\' C:\\\\x reviewed: true"\n')
    library, problems = load_library(root, date(2026, 11, 23), include_drafts=True)
    assert problems.errors == []
    assert library is not None
    assert library.explainer("thu-moi").title == "Sổ 'đỏ' C:\\x reviewed: true"


def test_title_with_a_control_character_is_refused(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    with pytest.raises(ConfigError) as caught:
        new_explainer(root, "lao-dong", "thu-moi", date(2026, 11, 23), "Thử\x01việc")
    assert str(caught.value) == "tiêu đề có ký tự điều khiển U+0001 không được phép"
    assert not (root / "content" / "lao-dong" / "thu-moi.md").exists()
