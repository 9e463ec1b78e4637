"""generators/infographics/kinds: the registry of kinds, each with its template, its body
schema (checked at `path:line`, after the library has checked the head) and a layout that
fits its own example."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generators.infographics.kinds import KINDS, check_infographics, read_spec
from generators.infographics.layout import STYLES, lay_out
from generators.library import Library, load_library
from tests.conftest import ROOT, TODAY, LibraryMaker
from tests.infographics.helpers import SPECS, make_library

TEMPLATES = ROOT / "generators/infographics/templates"
STEPS = """\
type: steps
title: Các bước thử việc
source: "45/2019/QH14"
items:
  - title: Thỏa thuận
    text: Hai bên thỏa thuận thời gian thử việc.
  - title: Kết thúc
"""


def checked(root: Path) -> list[str]:
    """Every problem of the library and of its specs' kinds, as the CLI prints them."""
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.items]
    return [p.format() for p in [*problems.items, *check_infographics(library)]]


def only_problem(root: Path) -> str:
    found = checked(root)
    assert len(found) == 1, found
    return found[0]


# ---- the registry ---------------------------------------------------------------------------


def test_the_registry_has_every_kind_by_its_name() -> None:
    assert list(KINDS) == ["steps", "timeline", "compare", "numbers", "table"]
    assert all(name == kind.name for name, kind in KINDS.items())
    assert list(SPECS) == list(KINDS)  # the test specs cover every kind


def test_every_kind_has_its_template_and_every_template_a_kind() -> None:
    for kind in KINDS.values():
        assert (TEMPLATES / kind.template).is_file(), kind.template
    shared = {"base.svg.j2", "macros.svg.j2"}
    assert {p.name for p in TEMPLATES.glob("*.j2")} - shared == \
        {kind.template for kind in KINDS.values()}


def test_every_kind_names_its_body_keys_and_its_example_uses_only_them() -> None:
    for kind in KINDS.values():
        assert kind.keys, kind.name
        assert set(kind.example) <= set(kind.keys), kind.name


def example_library(tmp_library: LibraryMaker) -> Library:
    specs = {name: json.dumps({"type": name, "title": f"Ví dụ {name}", **kind.example},
                              ensure_ascii=False)
             for name, kind in KINDS.items()}
    return make_library(tmp_library, specs)  # which checks them by their kind, too


def test_every_kinds_example_passes_its_check_without_a_warning(
        tmp_library: LibraryMaker) -> None:
    library = example_library(tmp_library)
    assert check_infographics(library) == []


@pytest.mark.parametrize("fmt", list(STYLES))
def test_every_kinds_layout_fits_its_example_without_shortening(
        tmp_library: LibraryMaker, fmt: str) -> None:
    library = example_library(tmp_library)
    for name, kind in KINDS.items():
        spec = read_spec(library, library.infographics[name])
        assert spec.type == name
        drawing = lay_out(spec, STYLES[fmt])
        assert drawing.shortened == (), (name, fmt)
        assert kind.summary(spec).endswith(".")
        assert kind.alternative(spec).startswith("<")


def test_an_unknown_type_is_reported_with_the_registrys_names(
        tmp_library: LibraryMaker) -> None:
    root = tmp_library({"infographics/cac-buoc.yml": "type: spiral\ntitle: Các bước\n"})
    assert only_problem(root) == (
        "infographics/cac-buoc.yml:1: loại infographic 'spiral' không có — gợi ý: dùng một "
        "trong: " + ", ".join(KINDS))
    assert ", ".join(KINDS) == "steps, timeline, compare, numbers, table"


def test_an_unchecked_spec_of_an_unknown_type_is_not_read(tmp_library: LibraryMaker) -> None:
    library, _ = load_library(tmp_library({"infographics/x.yml": "type: spiral\ntitle: X\n"}),
                              TODAY)
    assert library is not None
    with pytest.raises(ValueError, match="loại infographic 'spiral' không có"):
        read_spec(library, library.infographics["x"])


def test_the_library_never_imports_the_infographics() -> None:
    """The library is the lower layer: the kinds are checked from above, never from inside."""
    code = ("import sys, generators.library, generators.library.settings; "
            "print([m for m in sys.modules if m.startswith('generators.infographics')])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"
    imports = re.compile(r"^\s*(from|import)\s+generators\.infographics", re.M)
    for path in (ROOT / "generators/library").rglob("*.py"):
        assert not imports.search(path.read_text("utf-8")), path


# ---- the body of each kind, at its line -----------------------------------------------------


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("cac-buoc", "type: spiral\ntitle: Các bước\n",
     "1: loại infographic 'spiral' không có — gợi ý: dùng một trong: steps, timeline, compare, "
     "numbers, table"),
    ("cac-buoc", "type: steps\ntitle: Các bước\nitems:\n  - title: Một\n",
     "3: 'items' có 1 mục, cần từ 2 đến 8"),
    ("cac-buoc", "type: steps\ntitle: Các bước\n",
     "1: thiếu danh sách 'items' — gợi ý: thêm 'items:' với 2–8 mục"),
    ("cac-buoc", STEPS.replace("  - title: Kết thúc", "  - text: Kết thúc"),
     "7: mục 2: thiếu khóa bắt buộc 'title' — gợi ý: thêm 'title: …'"),
    ("cac-buoc", "type: steps\ntitle: Các bước\nitems:\n  - Một\n  - title: Hai\n",
     "4: mục 1 phải là một bảng 'khóa: giá trị' — gợi ý: xem mẫu trong docs/content-format.md"),
    ("cac-buoc", "type: steps\ntitle: Các bước\nitems:\n  - {title: Một, txt: a}\n"
     "  - title: Hai\n",
     "4: cảnh báo: mục 1: khóa lạ 'txt' — gợi ý: có phải ý bạn là 'text'?"),
    ("cac-buoc", "type: steps\ntitle: Các bước\nitmes: 1\nitems:\n  - title: Một\n"
     "  - title: Hai\n",
     "3: cảnh báo: infographic: khóa lạ 'itmes' — gợi ý: có phải ý bạn là 'items'?"),
    ("cac-buoc", "type: steps\ntitle: Các bước\nzzz: 1\nitems:\n  - title: Một\n"
     "  - title: Hai\n",
     "3: cảnh báo: infographic: khóa lạ 'zzz' — gợi ý: các khóa dùng được: type, title, "
     "source, items, columns, header, rows"),
    ("moc", "type: timeline\ntitle: Mốc\nitems:\n  - title: A\n  - {title: B, date: 2020}\n",
     "4: mục 1: thiếu khóa bắt buộc 'date' — gợi ý: thêm 'date: …'"),
    ("moc", "type: timeline\ntitle: Mốc\nitems:\n" + "  - {title: A, date: x}\n" * 11,
     "3: 'items' có 11 mục, cần từ 2 đến 10"),
    ("bang", "type: table\ntitle: Bảng\nheader: [a, b, c, d, e]\nrows: [[1, 2, 3, 4, 5]]\n",
     "3: bảng có 5 cột, tối đa 4"),
    ("bang", "type: table\ntitle: Bảng\nheader: [a, b]\nrows:\n  - [1, 2]\n  - [1]\n",
     "6: hàng 2 phải là danh sách 2 ô như 'header'"),
    ("bang", "type: table\ntitle: Bảng\nrows: [[1]]\n",
     "1: bảng cần 'header': danh sách tên cột"),
    ("bang", "type: table\ntitle: Bảng\nheader: [a]\n",
     "1: thiếu danh sách 'rows' — gợi ý: thêm 'rows:' với 1–12 mục"),
    ("so-sanh", "type: compare\ntitle: So sánh\ncolumns:\n  - title: A\n    items: [x]\n",
     "3: 'columns' có 1 mục, cần từ 2 đến 3"),
    ("so-sanh", "type: compare\ntitle: So sánh\ncolumns:\n  - title: A\n"
     "    items: [1, 2, 3, 4, 5, 6, 7, 8, 9]\n  - {title: B, items: [x]}\n",
     "5: cột 1 có 9 mục, tối đa 8"),
    ("so-sanh", "type: compare\ntitle: So sánh\ncolumns:\n  - {title: A}\n"
     "  - {title: B, items: [x]}\n",
     "4: cột 1: thiếu khóa bắt buộc 'items' — gợi ý: thêm 'items: …'"),
    ("con-so", "type: numbers\ntitle: Con số\nitems:\n  - value: 60\n",
     "4: mục 1: thiếu khóa bắt buộc 'label' — gợi ý: thêm 'label: …'"),
    ("con-so", "type: numbers\ntitle: Con số\nitems:\n" + "  - {value: 1, label: x}\n" * 7,
     "3: 'items' có 7 mục, cần từ 1 đến 6"),
])
def test_infographic_body_problems(tmp_library: LibraryMaker, name: str, text: str,
                                   expected: str) -> None:
    root = tmp_library({f"infographics/{name}.yml": text})
    assert only_problem(root) == f"infographics/{name}.yml:{expected}"


def test_every_row_of_a_table_is_reported(tmp_library: LibraryMaker) -> None:
    root = tmp_library({"infographics/bang.yml": "type: table\ntitle: Bảng\nheader: [a, b]\n"
                                                 "rows:\n  - [1, 2]\n  - [1]\n  - x\n"})
    assert checked(root) == [
        "infographics/bang.yml:6: hàng 2 phải là danh sách 2 ô như 'header'",
        "infographics/bang.yml:7: hàng 3 phải là danh sách 2 ô như 'header'"]


def test_a_key_of_another_kind_is_no_surprise(tmp_library: LibraryMaker) -> None:
    """As before the registry: any kind's top-level key is known to every spec."""
    root = tmp_library({"infographics/x.yml": SPECS["steps"] + "columns: []\n"})
    assert checked(root) == []
