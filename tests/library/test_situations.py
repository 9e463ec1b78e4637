"""situations/*.yml: legal situations, every problem of the spec's list at its line, and the
tree checker that proves every path ends in an outcome."""

from __future__ import annotations

import itertools

import pytest

from generators.library import load_library, read_library
from generators.library.model import Basis, SituationOption, SituationStep
from generators.library.situations import MAX_QUESTIONS_ON_PATH, check_tree
from tests.conftest import TODAY, LibraryMaker

GOOD = """\
title: Tôi có phải ký hợp đồng lao động bằng văn bản không?
field: lao-dong
start: thoi-han
steps:
  thoi-han:
    question: Công việc kéo dài bao lâu?
    options:
      - {label: Dưới 1 tháng, next: giup-viec}
      - {label: Từ 1 tháng trở lên, next: phai-van-ban}
  giup-viec:
    question: Đây có phải công việc giúp việc gia đình không?
    options:
      - {label: Có, next: phai-van-ban}
      - {label: Không, next: co-the-loi-noi}
  phai-van-ban:
    outcome: Phải giao kết hợp đồng lao động bằng văn bản.
    basis: [{document: "45/2019/QH14", article: "14"}]
    explainer: thu-viec#thoi-gian-thu-viec
  co-the-loi-noi:
    outcome: Có thể giao kết bằng lời nói.
    basis: [{document: "45/2019/QH14", article: "14.2"}]
"""
PATH = "situations/hop-dong.yml"


def _problems(tmp_library: LibraryMaker, text: str) -> list[str]:
    """Every problem but the awaited legal review (its own test below)."""
    _, problems = read_library(tmp_library({PATH: text}), TODAY)
    return [p.format() for p in problems.items if p.path.startswith("situations/")
            and "reviewed: false" not in p.message]


def test_a_good_situation_loads(tmp_library: LibraryMaker) -> None:
    library, problems = load_library(tmp_library({PATH: GOOD}), TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    # Its only warning: no legal reviewer has checked it yet (reviewed: true silences it).
    assert [(p.line, p.message) for p in problems.items if p.path == PATH] == [
        (1, "tình huống chưa được chuyên gia pháp lý rà soát (reviewed: false)")]
    assert not library.situations["hop-dong"].reviewed
    reviewed, problems = load_library(tmp_library({PATH: "reviewed: true\n" + GOOD}), TODAY)
    assert reviewed is not None and reviewed.situations["hop-dong"].reviewed
    assert [p.format() for p in problems.items if p.path == PATH] == []
    situation = library.situations["hop-dong"]
    assert (situation.title, situation.field, situation.start, list(situation.steps)) == (
        "Tôi có phải ký hợp đồng lao động bằng văn bản không?", "lao-dong", "thoi-han",
        ["thoi-han", "giup-viec", "phai-van-ban", "co-the-loi-noi"])
    first = situation.steps["thoi-han"]
    assert first.options == (SituationOption("Dưới 1 tháng", "giup-viec"),
                             SituationOption("Từ 1 tháng trở lên", "phai-van-ban"))
    end = situation.steps["phai-van-ban"]
    assert (end.outcome, end.basis, end.explainer, end.section, end.line) == (
        "Phải giao kết hợp đồng lao động bằng văn bản.", (Basis("45/2019/QH14", "14"),),
        "thu-viec", "thoi-gian-thu-viec", 15)
    assert [s.id for s in situation.outcomes] == ["phai-van-ban", "co-the-loi-noi"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("next: co-the-loi-noi}", "next: co-the-loi-noj}",
     f"{PATH}:14: bước 'giup-viec': lựa chọn 'Không' dẫn tới bước 'co-the-loi-noj' không có"),
    ("next: phai-van-ban}\n  giup-viec", "next: giup-viec}\n  giup-viec",
     None),  # two ways to one step, both reached: no problem
    ("- {label: Dưới 1 tháng, next: giup-viec}", "- {label: Dưới 1 tháng, next: phai-van-ban}",
     f"{PATH}:10: bước 'giup-viec' không nằm trên đường đi nào từ 'start: thoi-han'"),
    ("- {label: Không, next: co-the-loi-noi}", "- {label: Không, next: thoi-han}",
     f"{PATH}:14: vòng lặp: thoi-han → giup-viec → thoi-han"),
    ("      - {label: Không, next: co-the-loi-noi}\n", "",
     f"{PATH}:12: câu hỏi của bước 'giup-viec' cần ít nhất 2 lựa chọn, có 1"),
    ('    basis: [{document: "45/2019/QH14", article: "14.2"}]\n', "",
     f"{PATH}:19: kết luận bước 'co-the-loi-noi': thiếu căn cứ pháp lý 'basis'"),
    ("start: thoi-han", "start: thoi-gian",
     f"{PATH}:3: 'start: thoi-gian' không phải tên một bước"),
    ("explainer: thu-viec#thoi-gian-thu-viec", "explainer: khong-co",
     f"{PATH}:18: bước 'phai-van-ban': không có bài giải thích 'khong-co'"),
    ('{document: "45/2019/QH14", article: "14"}', '{document: "1/2020/QH1", article: "14"}',
     f"{PATH}:17: kết luận bước 'phai-van-ban': văn bản '1/2020/QH1' không có trong "
     "content/_data/documents.yml"),
    ("    outcome: Có thể giao kết bằng lời nói.\n",
     "    outcome: Có thể giao kết bằng lời nói.\n    question: Và?\n",
     f"{PATH}:19: bước 'co-the-loi-noi' cần đúng một trong 'question'"),
    ("    question: Công việc kéo dài bao lâu?\n",
     "    question: Công việc kéo dài bao lâu?\n    basis: [{document: \"45/2019/QH14\"}]\n",
     f"{PATH}:7: bước 'thoi-han' là câu hỏi: 'basis' chỉ ghi ở bước kết luận"),
    ("- {label: Không, next: co-the-loi-noi}", "- {label: có, next: co-the-loi-noi}",
     f"{PATH}:14: bước 'giup-viec': lựa chọn 'có' viết hai lần"),
    ("field: lao-dong", "field: lao-dongg",
     f"{PATH}:2: lĩnh vực 'lao-dongg' không có trong content/_data/fields.yml"),
    ("outcome: Có thể giao kết bằng lời nói.", "outcome: Có thể <b>giao kết</b>.",
     f"{PATH}:20: bước 'co-the-loi-noi': kết luận không dùng HTML"),
])
def test_each_problem_at_its_line(tmp_library: LibraryMaker, old: str, new: str,
                                  expected: str | None) -> None:
    assert old in GOOD
    found = _problems(tmp_library, GOOD.replace(old, new))
    if expected is None:
        assert found == []
    else:
        assert any(p.startswith(expected) for p in found), found


def _chain(questions: int) -> str:
    """A situation whose one path asks `questions` questions before its outcome."""
    steps = []
    for n in range(questions):
        after = f"q{n + 1}" if n + 1 < questions else "het"
        steps.append(f"  q{n}:\n    question: Câu {n}?\n    options:\n"
                     f"      - {{label: Có, next: {after}}}\n      - {{label: Không, next: het}}\n")
    return ("title: Dài\nfield: lao-dong\nstart: q0\nsteps:\n" + "".join(steps) +
            "  het:\n    outcome: Xong.\n    basis: [{document: \"45/2019/QH14\"}]\n")


def test_at_most_eight_questions_on_a_path(tmp_library: LibraryMaker) -> None:
    assert _problems(tmp_library, _chain(MAX_QUESTIONS_ON_PATH)) == []
    found = _problems(tmp_library, _chain(MAX_QUESTIONS_ON_PATH + 1))
    assert found == [f"{PATH}:3: có đường đi qua 9 câu hỏi, tối đa 8: q0 → q1 → q2 → q3 → q4 → "
                     "q5 → q6 → q7 → q8 → het — gợi ý: gộp câu hỏi hoặc tách thành nhiều tình "
                     "huống"]


def _step(step_id: str, *nexts: str) -> SituationStep:
    if not nexts:
        return SituationStep(step_id, None, (), "Kết luận.", (Basis("X"),), None, 1)
    return SituationStep(step_id, "Hỏi?", tuple(SituationOption(n, n) for n in nexts), None, (),
                         None, 1)


def _paths(start: str, steps: dict[str, SituationStep]) -> list[list[str]]:
    """Every path from `start`, by brute force (only for small acyclic trees)."""
    step = steps[start]
    if step.is_outcome:
        return [[start]]
    return [[start, *rest] for o in step.options for rest in _paths(o.next, steps)]


def test_the_checker_accepts_exactly_the_trees_whose_paths_all_end_in_an_outcome() -> None:
    """Every tree over three step names (each a question to two of them, or an outcome): the
    checker finds nothing exactly when brute force finds every path ending in an outcome."""
    names = ("a", "b", "c")
    shapes = [(), *itertools.product(names, repeat=2)]
    accepted = 0
    for kinds in itertools.product(shapes, repeat=3):
        steps = {n: _step(n, *k) for n, k in zip(names, kinds, strict=True)}
        findings = check_tree("a", steps, set(steps), 1)
        cyclic = any("vòng lặp" in f.message for f in findings)
        if not cyclic:
            paths = _paths("a", steps)
            reached = {s for p in paths for s in p}
            assert all(steps[p[-1]].is_outcome for p in paths)
            assert (findings == []) == (reached == set(names)), (kinds, findings)
            accepted += findings == []
        else:
            with pytest.raises(RecursionError):
                _paths("a", steps)
    assert accepted > 0


def test_a_broken_step_hides_no_cycle_and_judges_no_reachability() -> None:
    steps = {"a": _step("a", "b", "c"), "b": _step("b", "a", "c")}
    found = check_tree("a", steps, {"a", "b", "c"}, 1)
    assert [f.message for f in found] == ["vòng lặp: a → b → a"]
