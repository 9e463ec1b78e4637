"""Practice quizzes in headless Chromium: a keyboard-only flow through all seven types, the
score, progress kept across a reload and cleared by "Làm lại", axe, offline after one visit,
and quiz.js grading exactly as generators/quiz/grading.py does."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generators.library.model import QuizQuestion
from generators.quiz.grading import grade
from generators.site.quizzes import grading_spec
from generators.urls import quiz_url
from tests.site.conftest import LocalServer, Serve
from tests.site.test_accessibility import AXE_JS, AXE_TAGS, describe
from tests.site.test_quizzes import BANKS, CONTEST, EVIL, EXPLAINER, SEVEN, build_site, question

pytestmark = pytest.mark.browser
QUIZ = quiz_url("thu-viec")
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
SCRIPTS = "() => [...document.scripts].map(s => s.src)"
CACHED_JS = """async url => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url)) return true;
  }
  return false;
}"""


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("quiz-browser"), BANKS, {"thi-thu": CONTEST})


@pytest.fixture(scope="module")
def served(quiz_site: Path, serve: Serve) -> str:
    return serve(quiz_site)


@pytest.fixture
def reader(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in its own context (own localStorage), no service worker, and the console's
    errors (a CSP violation is one)."""
    context = browser.new_context(locale="vi-VN", service_workers="block",
                                  viewport={"width": 400, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page, problems
    context.close()


# ---- the keyboard ------------------------------------------------------------------------

FOCUSED = "sel => document.activeElement && document.activeElement.matches(sel)"
BEFORE = """sel => {
  const target = document.querySelector(sel);
  return !!(target.compareDocumentPosition(document.activeElement)
            & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    """Tab (or Shift+Tab, when it is behind) until `selector` has the focus."""
    key = "Shift+Tab" if page.evaluate(BEFORE, selector) else "Tab"
    for _ in range(limit):
        if page.evaluate(FOCUSED, selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got the focus with {key}")


def check(page: Any, n: int, key: str = "Enter") -> None:
    tab_to(page, f"#tsp-q-{n} [data-tsp-check]")
    page.keyboard.press(key)


def answer_all_by_keyboard(page: Any) -> None:
    """All seven types with Tab, Space, Enter and the arrow keys; question 2 wrong."""
    status = page.locator("[data-tsp-live]")
    # 1 single: nothing chosen yet → told so, focus on the choices; then the second choice.
    check(page, 1)
    expect(status).to_have_text("Câu 1: Bạn chưa trả lời câu này.")
    assert page.evaluate(FOCUSED, "#tsp-q-1-1")
    page.keyboard.press("ArrowDown")
    check(page, 1)
    expect(status).to_have_text("Câu 1: Đúng. Đã làm 1/7 câu, đúng 1.")
    assert page.evaluate(FOCUSED, "#tsp-q-1 .tsp-q__after")
    # 2 multiple: only A (C is right too) → wrong.
    tab_to(page, "#tsp-q-2-1")
    page.keyboard.press("Space")
    check(page, 2, "Space")
    expect(status).to_have_text("Câu 2: Chưa đúng. Đã làm 2/7 câu, đúng 1.")
    # 3 true_false: Sai.
    tab_to(page, "#tsp-q-3-1")
    page.keyboard.press("ArrowDown")
    check(page, 3)
    expect(status).to_have_text("Câu 3: Đúng. Đã làm 3/7 câu, đúng 2.")
    # 4 fill, loose: without diacritics, other case, extra spaces; Enter checks.
    tab_to(page, "#tsp-q-4-1")
    page.keyboard.type("  bo LUAT   lao dong ")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Câu 4: Đúng. Đã làm 4/7 câu, đúng 3.")
    # 5 order: each item moved up with its own "Lên" button, pressed as often as needed.
    for at, item in enumerate(SEVEN[4].items):
        now = page.evaluate("() => [...document.querySelectorAll('#tsp-q-5 .tsp-order__item')]"
                            ".map(li => li.dataset.tspItem)").index(item)
        if now == at:
            continue
        index = now + 1
        tab_to(page, f"#tsp-q-5 .tsp-order__item:nth-child({index}) [data-tsp-move='-1']")
        for _ in range(now - at):
            page.keyboard.press("Enter")
        expect(status).to_have_text(f"{item}: vị trí {at + 1}/3.")
    check(page, 5)
    expect(status).to_have_text("Câu 5: Đúng. Đã làm 5/7 câu, đúng 4.")
    # 6 match: a select per left item, its right item chosen with the arrow keys.
    for n, (_, right) in enumerate(SEVEN[5].pairs, 1):
        select = f"#tsp-q-6-{n}"
        tab_to(page, select)
        options = page.evaluate("sel => [...document.querySelector(sel).options]"
                                ".map(o => o.text)", select)
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
        expect(page.locator(select)).to_have_value(right)
    check(page, 6, "Space")
    expect(status).to_have_text("Câu 6: Đúng. Đã làm 6/7 câu, đúng 5.")
    # 7 numeric: a decimal comma, within the tolerance.
    tab_to(page, "#tsp-q-7-1")
    page.keyboard.type("6,8")
    page.keyboard.press("Enter")
    expect(status).to_have_text("Câu 7: Đúng. Hoàn thành: đúng 6/7 câu.")


def test_a_keyboard_only_reader_answers_every_type_and_gets_a_score(
        reader: tuple[Any, list[str]], served: str) -> None:
    page, problems = reader
    page.goto(served + QUIZ)
    expect(page.locator("#tsp-q-1 .tsp-q__solution")).to_be_hidden()  # asked first
    answer_all_by_keyboard(page)
    expect(page.locator("[data-tsp-total]")).to_have_text("Hoàn thành: đúng 6/7 câu.")
    for n in range(1, 8):
        item = page.locator(f"#tsp-q-{n}")
        expect(item.locator(".tsp-q__verdict")).to_have_text("Chưa đúng." if n == 2 else "Đúng.")
        expect(item.locator("details.tsp-q__solution")).to_have_attribute("open", "")
        expect(item.locator("fieldset input, fieldset select, fieldset button").first
               ).to_be_disabled()
        expect(item.locator("[data-tsp-check]")).to_be_hidden()
    expect(page.locator("#tsp-q-2")).to_have_class("tsp-q tsp-q--wrong")
    expect(page.locator("#tsp-q-2 .tsp-q__solution")).to_contain_text(f"C {EVIL}")
    assert problems == []


def test_progress_comes_back_after_a_reload_and_làm_lại_clears_it(
        reader: tuple[Any, list[str]], served: str) -> None:
    page, problems = reader
    page.goto(served + QUIZ)
    answer_all_by_keyboard(page)
    kept = page.evaluate("() => JSON.parse(localStorage.getItem('tsp-quiz:thu-viec'))")
    assert kept == {"don": "60 ngày", "nhieu": ["A"], "dung-sai": False,
                    "dien": "  bo LUAT   lao dong ", "thu-tu": list(SEVEN[4].items),
                    "ghep": dict(SEVEN[5].pairs), "so": "6,8"}
    page.reload()
    expect(page.locator("[data-tsp-total]")).to_have_text("Hoàn thành: đúng 6/7 câu.")
    expect(page.locator("#tsp-q-2 .tsp-q__verdict")).to_have_text("Chưa đúng.")
    expect(page.locator("#tsp-q-1-2")).to_be_checked()
    expect(page.locator("#tsp-q-4-1")).to_have_value("  bo LUAT   lao dong ")
    assert page.evaluate("() => [...document.querySelectorAll('#tsp-q-5 .tsp-order__item')]"
                         ".map(li => li.dataset.tspItem)") == list(SEVEN[4].items)
    expect(page.locator("#tsp-q-6-2")).to_have_value(SEVEN[5].pairs[1][1])
    expect(page.locator("#tsp-q-7-1")).to_be_disabled()
    # The explainer's block shows the same bank's answers (one store per bank).
    page.goto(served + EXPLAINER)
    block = page.locator("[data-tsp-quiz='thu-viec']")
    page.wait_for_load_state("networkidle")
    assert "quiz/quiz." not in " ".join(page.evaluate(SCRIPTS))  # not yet near the block
    expect(block.locator(".tsp-q__check").first).to_be_hidden()
    tab_to(page, "#tsp-q1-1-1")  # coming to it loads the script
    expect(block.locator("[data-tsp-total]")).to_have_text("Hoàn thành: đúng 2/3 câu.")
    assert len([s for s in page.evaluate(SCRIPTS) if "quiz/quiz." in s]) == 1
    page.go_back()
    tab_to(page, "[data-tsp-quiz='thu-viec'] [data-tsp-reset]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-tsp-live]")).to_have_text(
        "Đã xóa kết quả. Làm lại từ câu đầu tiên.")
    assert page.evaluate(FOCUSED, "#tsp-q-1-1")
    expect(page.locator("[data-tsp-total]")).to_have_text("Đã làm 0/7 câu, đúng 0.")
    assert page.evaluate("() => localStorage.getItem('tsp-quiz:thu-viec')") is None
    expect(page.locator("#tsp-q-1-2")).not_to_be_checked()
    expect(page.locator("#tsp-q-1 .tsp-q__solution")).to_be_hidden()
    expect(page.locator("#tsp-q-7-1")).to_be_enabled()
    page.reload()
    expect(page.locator("[data-tsp-total]")).to_have_text("Đã làm 0/7 câu, đúng 0.")
    assert problems == []


def test_without_javascript_the_answers_are_there_to_read(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(served + QUIZ)
        expect(page.get_by_role("button", name="Kiểm tra")).to_have_count(0)
        expect(page.locator("[data-tsp-total]")).to_be_hidden()
        page.locator("#tsp-q-1 summary").press("Enter")  # "Xem đáp án", by keyboard
        expect(page.locator("#tsp-q-1 .tsp-q__answer")).to_have_text("Đáp án: 60 ngày")
        expect(page.locator("#tsp-q-1 .tsp-q__basis a")).to_be_visible()
    finally:
        context.close()


def axe(page: Any, label: str) -> None:
    page.evaluate(AXE_JS.read_text("utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert results["passes"]
    assert results["violations"] == [], f"{label}:\n{describe(results['violations'])}"


def test_axe_finds_nothing_on_the_quiz_pages(reader: tuple[Any, list[str]], served: str) -> None:
    page, _ = reader
    for url in ("trac-nghiem/", QUIZ, EXPLAINER):
        page.goto(served + url)
        if url == EXPLAINER:  # with the block's script, which comes as the reader nears it
            page.locator("#luyen-tap").scroll_into_view_if_needed()
            expect(page.locator(".tsp-practice [data-tsp-check]").first).to_be_visible()
        axe(page, url)
    page.goto(served + QUIZ)
    answer_all_by_keyboard(page)  # every answer, verdict and explanation shown
    axe(page, f"{QUIZ} (answered)")


def test_after_one_visit_the_quiz_works_offline(browser: Any, quiz_site: Path) -> None:
    server = LocalServer(quiz_site)
    context = browser.new_context(locale="vi-VN")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(server.url)
        page.wait_for_function(CONTROLLED)
        page.wait_for_function(CACHED_JS, arg=server.url + QUIZ)  # precached, never opened
        server.stop()
        context.set_offline(True)
        page.goto(server.url + QUIZ)
        tab_to(page, "#tsp-q-3-1")
        page.keyboard.press("ArrowDown")
        check(page, 3)
        expect(page.locator("#tsp-q-3 .tsp-q__verdict")).to_have_text("Đúng.")
    finally:
        context.close()


# ---- quiz.js grades as grading.py --------------------------------------------------------

FILL = question("f", "fill", "?", answers=("Bộ luật Lao động", "Straße", "ᏣᎳᎩ", "ΟΔΟΣ", "I",
                                           "क", "का", "a\ufeffb", "Ａ"))
LOOSE = question("l", "fill", "?", answers=("Bộ luật Lao động",
                                                                  "naïve", "क", "Đà Nẵng"),
                                       loose=True)
NFD = unicodedata.normalize("NFD", "Khác nhé")
CASES: list[tuple[QuizQuestion, list[Any]]] = [
    (SEVEN[0], ["60 ngày", " 60 ngày\u00a0", "\u200960 ngày\x1c", "60 Ngày", "60  ngày", 60,
                None, ["60 ngày"], unicodedata.normalize("NFD", "60 ngày"), "\ufeff60 ngày"]),
    (question("s", "single", "?", choices=("Khác nhé", "x"), answers=("Khác nhé",)),
     [NFD, "Khác nhé", "khác nhé"]),
    (SEVEN[1], [["A", f"C {EVIL}"], [f"C {EVIL}", "A"], ["A"], ["A", "A", f"C {EVIL}"],
                [" A", f"C {EVIL}"], ["A", f"C {EVIL}", "B"], "A", [1, "A"], [], None,
                ["A", " A", f"C {EVIL}"]]),
    (SEVEN[2], [False, True, "false", 0, None, [False]]),
    (SEVEN[3], ["bo luat lao dong", "BỘ LUẬT LAO ĐỘNG", " bộ  luật\tlao\u3000động ",
                "Bo Luat Lao Dong", "bộ luật", "BLLĐ", f"blld {EVIL}", 12, None]),
    (FILL, ["bộ luật lao động", "bo luat lao dong", "STRASSE", "strasse", "ꮳꮃꭹ", "ᏣᎳᎩ",
            "οδος", "οδοσ", "ı", "i", "क्", "कि", "a b", "a\ufeffb", "ａ", "a",
            "Bộ\u0085luật\u2028Lao động", unicodedata.normalize("NFD", "Bộ luật Lao động")]),
    (LOOSE, ["bo luat lao dong", "naive", "NAÏVE", "क्", "का", "da nang", "DA NANG", "Ða Nang",
             "đà nẵng", "dà nàng"]),
    (SEVEN[4], [list(SEVEN[4].items), list(reversed(SEVEN[4].items)), list(SEVEN[4].items[:2]),
                [" Một", "Hai ", f"Ba {EVIL}"], [unicodedata.normalize("NFD", "Một"), "Hai",
                                                 f"Ba {EVIL}"], "Một", None]),
    (SEVEN[5], [dict(SEVEN[5].pairs), {**dict(SEVEN[5].pairs), "Trái 1": "Phải 3"},
                {"Trái 1": "Phải 1", "Trái 3": "Phải 3"},
                {**dict(SEVEN[5].pairs), "Thêm": "x"},
                {" Trái 1": "Phải 1 ", f"Trái {EVIL}": f"Phải {EVIL}", "Trái 3": "Phải 3"},
                {**dict(SEVEN[5].pairs), "Trái 1": 1}, list(SEVEN[5].pairs), None, "x"]),
    (SEVEN[6], ["6,5", "6.5", "7", "7,0", "7.01", "6", " 6 , 8 ", "6,5,0", "6.5,0", "1_0",
                "6_.5", "٦", "６.８", "+6.5", ".65e1", "65e-1", "6.", "inf", "nan", "-inf",
                "1e400", "", " ", "abc", "0x7", "6,5 ngày", True, 6.5, 7, None, ["6.5"],
                "\u00a06.5\u2003", "6\u00a0.5", "6 5", "Infinity", "١٢", "𝟔.𝟓"]),
    (question("z", "numeric", "?", number=0.0), ["0", "-0", "0,0", "1e-10", "-1e-10", "1e-8"]),
    (question("n", "numeric", "?"), ["0", "1"]),
]


def test_quiz_js_grades_every_case_as_grading_py(reader: tuple[Any, list[str]],
                                                 served: str) -> None:
    page, _ = reader
    page.goto(served + QUIZ)
    table = [(q, r) for q, responses in CASES for r in responses]
    js = page.evaluate("cases => cases.map(([spec, r]) => window.tspQuiz.grade(spec, r))",
                       [[grading_spec(q), r] for q, r in table])
    python = [grade(q, r) for q, r in table]
    differ = [(q.id, r, p, j) for (q, r), p, j in zip(table, python, js, strict=True) if p != j]
    assert differ == []
    assert sum(python) >= 30 and len(python) - sum(python) >= 30  # both verdicts well tried


def _assigned(cp: int) -> bool:
    return not 0xD800 <= cp < 0xE000 and unicodedata.category(chr(cp)) != "Cn"


def test_casefold_marks_and_digits_match_python_on_every_character(
        reader: tuple[Any, list[str]], served: str) -> None:
    """Every character Python's Unicode knows (a newer browser knows more)."""
    page, _ = reader
    page.goto(served + QUIZ)
    found = page.evaluate("""() => {
      const q = window.tspQuiz, fold = {}, marks = [];
      for (let cp = 0; cp < 0x110000; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const ch = String.fromCodePoint(cp), folded = q.casefold(ch);
        if (folded !== ch) fold[cp] = folded;
        if (ch.normalize('NFD') === ch && q.combining(ch)) marks.push(cp);
      }
      return {fold, marks};
    }""")
    fold = {int(k): v for k, v in found["fold"].items() if _assigned(int(k))}
    assert fold == {cp: chr(cp).casefold() for cp in range(0x110000)
                    if _assigned(cp) and chr(cp).casefold() != chr(cp)}
    nfd_marks = [cp for cp in range(0x110000) if _assigned(cp)
                 and unicodedata.normalize("NFD", chr(cp)) == chr(cp)
                 and unicodedata.combining(chr(cp))]
    assert [cp for cp in found["marks"] if _assigned(cp)] == nfd_marks
    digits = [cp for cp in range(0x110000)
              if _assigned(cp) and unicodedata.category(chr(cp)) == "Nd"]
    values = page.evaluate("cps => cps.map(cp => window.tspQuiz.number(String.fromCodePoint(cp)))",
                           digits)
    assert values == [float(unicodedata.decimal(chr(cp))) for cp in digits]
