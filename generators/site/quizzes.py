"""Practice quizzes on the static site: a page per practice bank (`quiz_url`), their list
(`QUIZZES_URL`, linked from the home page) and a practice block at the end of the
explainers a bank names. Only `library.practice`: a bank some contest draws from is never
published here (its answers stay on the collector).

Every question is plain HTML that teaches without JavaScript (a `<details>` "Xem đáp án"
with the answer, the explanation and the cited articles); `assets/quiz/quiz.js` grades it
in the page by the rule of `generators.quiz.grading` (the key travels in a `data-` attribute:
a practice answer is meant to be seen) and keeps the reader's answers in localStorage.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generators.errors import Problem, Problems
from generators.library.basis import article_text
from generators.library.markdown import LinkContext, parse_body
from generators.library.model import Basis, DocumentStatus, Library, QuizBank, QuizQuestion
from generators.library.yamlio import YamlSyntaxError, load_yaml
from generators.quiz.grading import key_of, public
from generators.site.pages import SitePage, TocEntry
from generators.urls import DOCUMENTS_URL, QUIZZES_URL, quiz_url

ASSETS = frozenset({"quiz"})
"""The optional asset folder the quiz pages load (static.OPTIONAL)."""
PREVIEW = 3
"""Questions of a bank answered at the end of an explainer: a short check for a reader who
has just read it, on a phone, without another page to load; the whole bank is one link away
(and the explainer stays light: its first load stays within the weight budget)."""
PRACTICE_ID = "luyen-tap"
"""The explainer section's id (reserved in library.html_policy.PAGE_IDS)."""
# In sanitised HTML "<" only starts a tag, and a '"' inside a value is written &quot;.
_ID_IN_TAG = re.compile(r'(<[a-zA-Z][^>]*?) id="[^"]*"')
_HINTS = {
    "single": "Chọn một đáp án.",
    "multiple": "Chọn mọi đáp án đúng (có thể nhiều hơn một).",
    "true_false": "Chọn Đúng hoặc Sai.",
    "fill": "Gõ câu trả lời (không phân biệt chữ hoa, chữ thường).",
    "order": "Sắp xếp theo đúng thứ tự bằng các nút Lên và Xuống.",
    "match": "Với mỗi mục bên trái, chọn mục tương ứng.",
    "numeric": "Gõ một số; số thập phân viết bằng dấu phẩy hoặc dấu chấm.",
}
MESSAGES = {
    "right": "Đúng.", "wrong": "Chưa đúng.", "question": "Câu {n}",
    "progress": "Đã làm {done}/{total} câu, đúng {right}.",
    "finished": "Hoàn thành: đúng {right}/{total} câu.",
    "empty": "Bạn chưa trả lời câu này.", "reset": "Đã xóa kết quả. Làm lại từ câu đầu tiên.",
    "moved": "{item}: vị trí {at}/{of}.", "edge": "{item} đã ở vị trí {at}/{of}.",
}
"""What quiz.js says (data-messages), in the page's language."""


@dataclass(frozen=True)
class BasisLink:
    """One cited article, as the page shows it: the article, the document, its page."""

    article: str
    """"Điều 20", "Khoản 1 Điều 20", "Điểm a khoản 1 Điều 20", or ""."""
    document: str
    """"Bộ luật 45/2019/QH14" (the key alone when the library does not know it)."""
    title: str
    href: str | None
    """The document's page (site-relative), else its official address, else None."""
    expired: bool


@dataclass(frozen=True)
class Shown:
    """A question as the templates show it."""

    q: QuizQuestion
    dom: str
    """The question's element id; its controls' ids start with it."""
    number: int
    key: str
    """JSON for quiz.js: {"type", "key", "loose"}."""
    hint: str
    options: tuple[str, ...]
    """single / multiple: choices as written; order: items shuffled; match: rights shuffled."""
    answer: tuple[str, ...]
    """The answer in words, one line each."""
    explanation: str
    """Sanitised HTML."""
    basis: tuple[BasisLink, ...]


@dataclass(frozen=True)
class Quiz:
    """One bank's questions on one page (all of them, or an explainer's preview)."""

    bank: QuizBank
    questions: tuple[Shown, ...]
    messages: str
    """JSON of MESSAGES."""

    @property
    def partial(self) -> bool:
        return len(self.questions) < len(self.bank.questions)


def basis_links(library: Library, basis: Sequence[Basis], with_pages: frozenset[str]
                ) -> tuple[BasisLink, ...]:
    """The cited articles; a document links to its page when the site has one
    (`with_pages`: keys of the documents with a page), else to its official address."""
    out = []
    for b in basis:
        doc = library.documents.get(b.document)
        if doc is None:
            out.append(BasisLink(article_text(b.article), b.document, "", None, False))
            continue
        href = f"{DOCUMENTS_URL}{doc.slug}/" if doc.key in with_pages else doc.url
        out.append(BasisLink(article_text(b.article), f"{doc.type} {doc.key}", doc.title, href,
                             doc.status is DocumentStatus.EXPIRED))
    return tuple(out)


def number_text(value: float) -> str:
    """36.0 → "36", 0.5 → "0,5" (the decimal comma)."""
    return str(int(value)) if value == int(value) else repr(value).replace(".", ",")


def answer_lines(q: QuizQuestion) -> tuple[str, ...]:
    """The right answer in words."""
    if q.type in ("single", "multiple", "fill"):
        return q.answers
    if q.type == "order":
        return q.items
    if q.type == "true_false":
        return ("Đúng" if q.truth else "Sai",)
    if q.type == "match":
        return tuple(f"{left} — {right}" for left, right in q.pairs)
    if q.number is None:
        return ()
    text = number_text(q.number) + (f" {q.unit}" if q.unit else "")
    if q.tolerance:
        text += f" (chấp nhận sai lệch ±{number_text(q.tolerance)})"
    return (text,)


def explanation_html(library: Library, markdown: str, page_url: str,
                     problems: Problems | None = None, path: str = "", line: int = 1) -> str:
    """An explanation through the library's one Markdown renderer and sanitiser; links
    are read relative to content/ (like `lao-dong/thu-viec.md`), and its problems (unsafe
    HTML, a link to no explainer, an image: quiz pages carry none) go to `problems` at
    `line` of `path`. Element ids are dropped: many explanations share a page, and the
    page's own ids must stay unique."""
    if not markdown.strip():
        return ""
    urls = {e.path.removeprefix("content/"): e.url for e in library.published}
    ctx = LinkContext("", page_url, urls, lambda _: False, frozenset(urls))
    body = parse_body(markdown, line, path, ctx, Problems() if problems is None else problems)
    return _ID_IN_TAG.sub(r"\1", body.html)


def check_explanations(library: Library) -> list[Problem]:
    """What is wrong in the practice banks' explanations, as the site would render them."""
    problems = Problems()
    for bank in library.practice:
        lines = _explanation_lines(library.root / bank.path)
        for q in bank.questions:
            explanation_html(library, q.explanation, quiz_url(bank.key), problems, bank.path,
                             lines.get(q.id, q.line))
    return problems.items


_BLOCK = ("|", "|-", "|+", ">", ">-", ">+")


def _explanation_lines(path: Path) -> dict[str, int]:
    """Question id → the line its explanation's text starts on (the next one for `|`/`>`)."""
    try:
        text = path.read_text("utf-8")
        doc, _ = load_yaml(text)
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    written = text.split("\n")
    questions = doc.data.get("questions") if isinstance(doc.data, dict) else None
    out: dict[str, int] = {}
    for n, q in enumerate(questions if isinstance(questions, list) else []):
        if isinstance(q, dict) and isinstance(q.get("id"), str) and "explanation" in q:
            line = doc.line("questions", n, "explanation")
            head = written[line - 1].split("#", 1)[0].rstrip() if 0 < line <= len(written) else ""
            out[q["id"]] = line + 1 if head.endswith(_BLOCK) else line
    return out


def grading_spec(q: QuizQuestion) -> dict[str, object]:
    """What quiz.js grades `q` with: its type, its key (grading.key_of; a match's pairs as
    written, since the grader counts them) and `loose`."""
    key = [list(pair) for pair in q.pairs] if q.type == "match" else key_of(q)
    return {"type": q.type, "key": key, "loose": q.loose}


def show(library: Library, bank: QuizBank, q: QuizQuestion, dom: str, number: int,
         page_url: str, with_pages: frozenset[str]) -> Shown:
    """Question `q` of `bank` as the page at `page_url` shows it."""
    # Shuffled the same way at every build (stable pages), never in the right order.
    shuffled = public(q, random.Random(f"{bank.key}/{q.id}"))
    options: tuple[str, ...] = ()
    if q.type in ("single", "multiple"):
        options = q.choices  # as written: "Cả A và B" depends on its place
    elif q.type == "order":
        options = tuple(shuffled["items"])
    elif q.type == "match":
        options = tuple(shuffled["right"])
    key = json.dumps(grading_spec(q), ensure_ascii=False, separators=(",", ":"))
    return Shown(q, dom, number, key, _HINTS[q.type], options, answer_lines(q),
                 explanation_html(library, q.explanation, page_url),
                 basis_links(library, q.basis, with_pages))


def quiz(library: Library, bank: QuizBank, prefix: str, page_url: str,
         limit: int | None = None) -> Quiz:
    """`bank`'s first `limit` questions (all by default), ids starting with `prefix`."""
    with_pages = frozenset(d.key for d in library.cited_documents)
    questions = bank.questions[:limit] if limit else bank.questions
    return Quiz(bank, tuple(show(library, bank, q, f"{prefix}-{n}", n, page_url, with_pages)
                            for n, q in enumerate(questions, 1)),
                json.dumps(MESSAGES, ensure_ascii=False))


def plan(library: Library, pages: Sequence[SitePage]) -> list[SitePage]:
    """`pages` with the practice blocks on the explainers that banks name and a link on the
    home page, followed by the list of quizzes and a page per practice bank. Without a
    practice bank, `pages` unchanged."""
    banks = library.practice
    if not banks:
        return list(pages)
    out: list[SitePage] = []
    for page in pages:
        if page.kind == "home":
            page.values["quizzes_url"] = QUIZZES_URL
        elif page.kind == "explainer":
            page = _with_practice(library, page)
        out.append(page)
    out.append(SitePage(QUIZZES_URL, "Trắc nghiệm luyện tập", "Tự kiểm tra hiểu biết pháp luật "
                        "bằng các câu hỏi trắc nghiệm", "quizzes", "quizzes.html.j2",
                        {"banks": banks, "quiz_url": quiz_url, "library": library}))
    for bank in banks:
        url = quiz_url(bank.key)
        explainers = [e for e in library.published if e.slug in bank.explainers]
        field = library.fields.get(bank.field or "")
        values = {"quiz": quiz(library, bank, "tsp-q", url), "explainers": explainers,
                  "field": field, "quizzes_url": QUIZZES_URL}
        out.append(SitePage(url, bank.title, bank.description or f"Trắc nghiệm: {bank.title}",
                            "quiz", "quiz.html.j2", values))
    return out


def _with_practice(library: Library, page: SitePage) -> SitePage:
    banks = library.practice_for(page.values["e"].slug)
    if not banks:
        return page
    page.values["practice"] = [quiz(library, bank, f"tsp-q{n}", page.url, PREVIEW)
                               for n, bank in enumerate(banks, 1)]
    page.values["quiz_url"] = quiz_url
    return dataclasses.replace(page, toc=(*page.toc, TocEntry(2, "Luyện tập", PRACTICE_ID)))


def assets_for(library: Library) -> frozenset[str]:
    """The optional asset folders the quizzes need (none without a practice bank)."""
    return ASSETS if library.practice else frozenset()


__all__ = ["ASSETS", "MESSAGES", "PREVIEW", "BasisLink", "Quiz", "Shown", "answer_lines",
           "article_text", "assets_for", "basis_links", "check_explanations", "explanation_html",
           "grading_spec", "number_text", "plan", "quiz", "show"]
