"""content/_data/routing.yml: who answers each field's questions, every problem at its line."""

from __future__ import annotations

from generators.library import load_library
from generators.library.routing import DEFAULT_ROUTE, route_for
from tests.conftest import ROOT, TODAY, LibraryMaker

ROUTING = "content/_data/routing.yml"


def _messages(tmp_library: LibraryMaker, text: str) -> list[str]:
    _, problems = load_library(tmp_library({ROUTING: text}), TODAY)
    return [p.format() for p in problems.errors]


def test_the_starter_routes_every_field() -> None:
    library, problems = load_library(ROOT, TODAY)
    assert library is not None and not [p for p in problems.errors if ROUTING in p.path]
    assert set(library.fields) | {DEFAULT_ROUTE} == set(library.routing)
    assert library.routing["lao-dong"].agency == "Sở Nội vụ"
    assert library.routing["dat-dai"].agency == "Sở Nông nghiệp và Môi trường"
    assert library.routing["tieu-dung"].agency == "Sở Công Thương"
    assert library.routing["lao-dong"].phone == "0292 3820 101"


def test_a_field_without_its_own_goes_to_the_default(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({ROUTING: (
        "default:\n  agency: Sở Tư pháp\n")}), TODAY)
    assert library is not None and not problems.errors
    route = route_for(library.routing, "lao-dong")
    assert route is not None and route.agency == "Sở Tư pháp" and route.email is None
    assert route_for({}, "lao-dong") is None


def test_without_the_file_there_are_no_routes(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library(), TODAY)
    assert library is not None and not problems.errors and dict(library.routing) == {}


def test_an_unknown_field_is_reported_at_its_line(tmp_library: LibraryMaker) -> None:
    text = "lao-dong:\n  agency: Sở Nội vụ\nlao-dogn:\n  agency: Sở Nội vụ\n"
    assert _messages(tmp_library, text) == [
        f"{ROUTING}:3: lĩnh vực 'lao-dogn' không có trong fields.yml — gợi ý: dùng khóa của "
        "content/_data/fields.yml, hoặc 'default'"]


def test_a_missing_agency_is_reported_at_its_line(tmp_library: LibraryMaker) -> None:
    messages = _messages(tmp_library, "lao-dong:\n  email: a@b.vn\n")
    assert len(messages) == 1
    assert messages[0].startswith(f"{ROUTING}:1: cơ quan của 'lao-dong': thiếu khóa bắt buộc "
                                  "'agency'")


def test_wrong_types_are_reported_at_their_lines(tmp_library: LibraryMaker) -> None:
    text = ("lao-dong:\n  agency: [Sở Nội vụ]\n"
            "default:\n  agency: Sở Tư pháp\n  phone: 842923820104\n")
    messages = _messages(tmp_library, text)
    assert [m.split(":")[1] for m in messages] == ["2", "5"]
    assert "'agency' phải là chuỗi" in messages[0]
    assert "'phone' phải là chuỗi, không phải một số" in messages[1]
    assert _messages(tmp_library, "- lao-dong\n")[0].startswith(f"{ROUTING}:1: ")
    assert _messages(tmp_library, "lao-dong: Sở Nội vụ\n")[0].startswith(f"{ROUTING}:1: ")


def test_a_bad_email_or_phone_is_reported(tmp_library: LibraryMaker) -> None:
    text = ("lao-dong:\n  agency: Sở Nội vụ\n  email: sonoivu\n"
            "default:\n  agency: Sở Tư pháp\n  phone: gọi tôi\n")
    messages = _messages(tmp_library, text)
    assert [m.split(":")[1] for m in messages] == ["3", "6"]
