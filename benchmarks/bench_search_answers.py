"""Benchmark: does the site's own search answer citizens' questions? (issue 17)

Run by hand, not in CI:
    .venv/bin/python benchmarks/bench_search_answers.py [--site SITE] [--questions YML]
                                                        [--misses] [--json OUT]

Builds the starter library (unless `--site` names a built one), serves it on 127.0.0.1 and
types every question of `benchmarks/eval/questions.yml` into the search page in headless
Chromium. The ranked list is what a reader sees: the answers shown first (Q&A items,
situations), then the explainer results, each by its title's link (the section it points
to) and then the links to the other sections listed under it. A question is answered at
rank r when the r-th link is one of its expected answers. Prints recall@1, recall@5 and MRR
(over the first ten) at three levels (see LEVELS), for all the questions, for the three
quarters the ranking was tuned on and for the quarter held out (every 4th question).
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generators.library.model import Library  # noqa: E402
from generators.urls import explainer_url, qa_url, situation_url  # noqa: E402

QUESTIONS = ROOT / "benchmarks" / "eval" / "questions.yml"
BUILD_DATE = "2026-12-01"
CUTOFF = 10
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# What the reader sees, in order: each answer's link, then each result's links (its title,
# then the other sections listed under it).
RANKED_JS = """() => {
  const out = [];
  document.querySelectorAll('#tsp-answers .tsp-answer').forEach(li => {
    const a = li.querySelector('a[href]'); if (a) out.push([a.href]); });
  document.querySelectorAll('#tsp-search-results > li').forEach(li => {
    out.push([...li.querySelectorAll('h2 a[href], .tsp-result__sections a[href]')]
      .map(a => a.href)); });
  return out;
}"""
LEVELS = ("answer", "page", "result")
"""*answer*: the right Q&A item, situation or section among every link shown (a result's
sections under it count where they are); *page*: the right explainer, whatever the section;
*result*: the right answer by each result's title link only (one entry per result)."""


class EvalError(Exception):
    """A question file that does not match the library."""


@dataclass(frozen=True)
class Question:
    """One question as typed, and every site path that answers it."""

    text: str
    answers: frozenset[str]
    """Site-relative paths with fragment: `<field>/<slug>/#<anchor>`, `hoi-dap/<key>/#<id>`,
    `tinh-huong/<key>/`."""
    pages: frozenset[str]
    """The explainer pages of the expected sections (the *page* level)."""


@dataclass(frozen=True)
class Figures:
    """Recall@1, recall@5 and MRR over some questions."""

    n: int
    recall_1: float
    recall_5: float
    mrr: float

    def as_dict(self) -> dict[str, float | int]:
        return {"n": self.n, "recall@1": round(self.recall_1, 4),
                "recall@5": round(self.recall_5, 4), "mrr": round(self.mrr, 4)}


def load_questions(path: Path, library: Library) -> list[Question]:
    """The questions of `path`, each expected answer checked against `library`."""
    data = yaml.safe_load(path.read_text("utf-8"))
    entries = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise EvalError(f"{path}: cần khóa questions: là một danh sách câu hỏi")
    by_slug = {e.slug: e for e in library.published}
    questions = []
    for n, entry in enumerate(entries, 1):
        where = f"{path}: câu {n}"
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str) or not entry["q"]:
            raise EvalError(f"{where}: cần q: (câu hỏi như người dân gõ)")
        answers: set[str] = set()
        pages: set[str] = set()
        for ref in _listed(entry.get("section"), where, "section"):
            slug, _, anchor = ref.partition("#")
            explainer = by_slug.get(slug)
            if explainer is None:
                raise EvalError(f"{where}: không có bài {slug!r}")
            if anchor not in {s.anchor for s in explainer.body.sections if s.title}:
                raise EvalError(f"{where}: bài {slug} không có mục #{anchor}")
            page = explainer_url(explainer.field, slug)
            answers.add(f"{page}#{anchor}")
            # A heading inside that section (### …) is that section too.
            answers.update(f"{page}#{h}" for h in _subheadings(explainer, anchor))
            pages.add(page)
        for ref in _listed(entry.get("qa"), where, "qa"):
            key, _, item = ref.partition("#")
            bank = getattr(library, "qa", {}).get(key)
            if bank is None or bank.item(item) is None:
                raise EvalError(f"{where}: không có câu hỏi đáp {ref!r}")
            answers.add(f"{qa_url(key)}#{item}")
        for key in _listed(entry.get("situation"), where, "situation"):
            if key not in getattr(library, "situations", {}):
                raise EvalError(f"{where}: không có tình huống {key!r}")
            answers.add(situation_url(key))
        if not answers:
            raise EvalError(f"{where}: cần ít nhất section:, qa: hoặc situation:")
        questions.append(Question(entry["q"], frozenset(answers), frozenset(pages)))
    return questions


def _listed(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str) and v for v in values):
        raise EvalError(f"{where}: {key}: phải là chuỗi hoặc danh sách chuỗi")
    return values


def _subheadings(explainer: Any, anchor: str) -> list[str]:
    """Anchors of the headings below level 2 inside the `##` section `anchor`."""
    inside, found = False, []
    for heading in explainer.body.headings:
        if heading.level <= 2:
            inside = heading.anchor == anchor
        elif inside:
            found.append(heading.anchor)
    return found


def rank_of(question: Question, shown: Sequence[Sequence[str]], level: str) -> int | None:
    """1-based rank of the first entry answering `question` (at `level`, one of LEVELS)
    among the first CUTOFF, or None. `shown`: each answer's or result's links, in order."""
    ranked = ([links[0] for links in shown if links] if level == "result"
              else [link for links in shown for link in links])
    for rank, path in enumerate(ranked[:CUTOFF], 1):
        if path in question.answers:
            return rank
        if level == "page" and path.split("#")[0] in question.pages:
            return rank
    return None


def figures(ranks: Iterable[int | None]) -> Figures:
    ranks = list(ranks)
    n = len(ranks)
    if not n:
        return Figures(0, 0.0, 0.0, 0.0)
    return Figures(n, sum(1 for r in ranks if r == 1) / n,
                   sum(1 for r in ranks if r is not None and r <= 5) / n,
                   sum(1 / r for r in ranks if r is not None) / n)


def site_path(url: str, base_url: str) -> str:
    """`http://host/base/lao-dong/x/#y` → `lao-dong/x/#y` (query dropped)."""
    parts = urlsplit(url)
    path = parts.path.removeprefix(urlsplit(base_url).path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def ranked_on(page: Any, base_url: str, text: str) -> list[tuple[str, ...]]:
    """Type `text` in the search page's box, press Enter, return the site paths of each
    answer's and result's links, in order."""
    page.evaluate("() => document.getElementById('tsp-search').removeAttribute('data-done')")
    page.evaluate("q => { document.getElementById('tsp-search-q').value = q; }", text)
    page.press("#tsp-search-q", "Enter")
    meant = page.evaluate("q => window.tspSearch.normalise(q)", text)
    page.wait_for_function(
        "q => document.getElementById('tsp-search').getAttribute('data-done') === q", arg=meant)
    return [tuple(site_path(link, base_url) for link in links)
            for links in page.evaluate(RANKED_JS)]


@dataclass(frozen=True)
class Outcome:
    question: Question
    shown: tuple[tuple[str, ...], ...]

    @property
    def ranked(self) -> list[str]:
        """Every link shown, in order."""
        return [link for links in self.shown for link in links]

    def rank(self, level: str) -> int | None:
        return rank_of(self.question, self.shown, level)


def evaluate(page: Any, base_url: str, questions: Sequence[Question]) -> list[Outcome]:
    """Every question through the search page at `base_url` (a Playwright page)."""
    page.goto(base_url + "tim-kiem/")
    page.wait_for_function("() => window.tspSearch !== undefined")
    return [Outcome(q, tuple(ranked_on(page, base_url, q.text))) for q in questions]


def summary(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float | int]]:
    return {level: figures(o.rank(level) for o in outcomes).as_dict() for level in LEVELS}


def held_out(n: int) -> bool:
    """Every 4th question (the 4th, 8th …) is held out: ranking is tuned on the others."""
    return n % 4 == 3


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=None,
                        help="a built site; default: build the starter library into benchmarks/out")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--misses", action="store_true",
                        help="list the questions not answered first")
    parser.add_argument("--json", type=Path, default=None, help="write the figures and ranks here")
    args = parser.parse_args()

    from datetime import date

    from generators.library import load_library

    library, problems = load_library(ROOT, date.fromisoformat(BUILD_DATE))
    if library is None:
        sys.exit("\n".join(p.format() for p in problems.errors))
    questions = load_questions(args.questions, library)
    site = args.site
    if site is None:
        site = ROOT / "benchmarks" / "out" / "answers-site"
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--quiet", "--no-bundle",
                        "--no-audio", "--no-cards", "--no-ebooks", "--date", BUILD_DATE,
                        "--site-dir", str(site)], check=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        context = browser.new_context(service_workers="block", locale="vi-VN")
        context.set_default_timeout(15_000)
        outcomes = evaluate(context.new_page(), base, questions)
        browser.close()
    server.shutdown()

    result = summary(outcomes)
    parts = {"tuned on": summary([o for n, o in enumerate(outcomes) if not held_out(n)]),
             "held out": summary([o for n, o in enumerate(outcomes) if held_out(n)])}
    print(f"{len(questions)} questions ({args.questions}), site {site}")
    for name, figs in {"all": result, **parts}.items():
        print(f"{name} ({figs['answer']['n']} questions)")
        print(f"  {'level':8} {'recall@1':>9} {'recall@5':>9} {'MRR':>6}")
        for level, f in figs.items():
            print(f"  {level:8} {f['recall@1']:9.1%} {f['recall@5']:9.1%} {f['mrr']:6.3f}")
    if args.misses:
        print("\nNot answered first (answer level; the held-out questions are not listed):")
        for n, o in enumerate(outcomes):
            if held_out(n):
                continue
            r = o.rank("answer")
            if r != 1:
                print(f"  [{r or '-'}] {o.question.text!r}: want {sorted(o.question.answers)[0]}; "
                      f"got {list(o.ranked[:3])}")
    if args.json:
        args.json.write_text(json.dumps(
            {"figures": result, **{name.replace(" ", "_"): figs for name, figs in parts.items()},
             "questions": [{"q": o.question.text, "rank": o.rank("answer"),
                            "page_rank": o.rank("page"), "top": list(o.ranked[:5])}
                           for o in outcomes]}, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
