"""What the search index holds of the direct answers, from the model like the explainers:
one document per Q&A page, each question an `<h2 id>` (Pagefind's sub-results point to
`hoi-dap/<key>/#<item>`), and one per legal situation (its title, questions and outcomes).

Each carries `data-pagefind-meta` for the search page's answer box: `kind` (`qa` or
`situation`), `title`, `field`, and per Q&A page `answers`, a JSON list of
`{"id", "question", "answer" (the first sentence), "basis"}`; per situation `outcomes`
(a JSON list of each outcome's first sentence) and `basis`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from html import escape

from generators.library.model import VIETNAMESE, Library
from generators.library.sentences import first_sentence, plain_text
from generators.site.also_said import also_said_html
from generators.site.answers import bank_title, basis_text
from generators.urls import qa_url, situation_url


def answer_documents(library: Library, fold: Callable[[str], str]
                     ) -> Iterator[tuple[str, str]]:
    """(site-relative URL, HTML for Pagefind) of every Q&A page and situation; `fold` is
    applied to the indexed words (search.fold_d)."""
    for bank in sorted(library.qa.values(), key=lambda b: b.key):
        field = library.fields.get(bank.field)
        title = bank_title(library, bank)
        words = [f"<h1>{escape(title)}</h1>"]
        answers = []
        for item in bank.items:
            words.append(f'<h2 id="{escape(item.id)}">{escape(item.question)}</h2>'
                         f"<p>{escape(plain_text(item.answer))}</p>"
                         + also_said_html(f"{item.question} {item.answer}", library.synonyms))
            answers.append({"id": item.id, "question": item.question,
                            "answer": first_sentence(item.answer),
                            "basis": basis_text(library, item.basis)})
        meta = {"kind": "qa", "title": title, "field": field.title if field else bank.field,
                "answers": json.dumps(answers, ensure_ascii=False)}
        yield qa_url(bank.key), _page(title, meta, "\n".join(words), fold)
    for situation in sorted(library.situations.values(), key=lambda s: s.key):
        field = library.fields.get(situation.field)
        words = [f"<h1>{escape(situation.title)}</h1>",
                 f"<p>{escape(situation.description)}</p>" if situation.description else ""]
        for step in situation.steps.values():
            if step.question:
                words.append(f'<p data-pagefind-weight="0.5">{escape(step.question)}</p>')
            else:
                words.append(f"<p>{escape(plain_text(step.outcome or ''))}</p>")
        meta = {"kind": "situation", "title": situation.title,
                "field": field.title if field else situation.field,
                "outcomes": json.dumps([first_sentence(s.outcome or "")
                                        for s in situation.outcomes], ensure_ascii=False),
                "basis": basis_text(library, [b for s in situation.outcomes for b in s.basis])}
        words.append(also_said_html(" ".join(words), library.synonyms))
        yield situation_url(situation.key), _page(situation.title, meta, "\n".join(words), fold)


def _page(title: str, meta: dict[str, str], words: str, fold: Callable[[str], str]) -> str:
    hidden = "".join(f'<span data-pagefind-meta="{key}">{escape(value)}</span>'
                     for key, value in meta.items() if value)
    hidden += f'<span data-pagefind-filter="linh_vuc">{escape(meta["field"])}</span>'
    return (f'<!doctype html><html lang="{VIETNAMESE}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body>{hidden}"
            f"<main data-pagefind-body>{fold(words)}</main></body></html>\n")
