"""The direct answers in the machine-readable exports, as records of their own: each Q&A
item (`qa/<file>/<item>`) and each legal situation (`situation/<key>`) in `catalogue.json`
and in `oai-pmh.xml`.

They carry no date of their own: their `updated` / datestamp is the build date, the day
their basis's status was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generators.library.model import VIETNAMESE, Basis, Library
from generators.library.sentences import first_sentence, plain_text
from generators.media import SiteMedia
from generators.urls import qa_item_url, qa_url, situation_step_url, situation_url
from generators.works import cited

FileEntry = Callable[[Path, str, str], dict[str, Any]]
"""`catalogue._file`: a file's entry (path, role, size, sha256) in the built site."""
DocumentEntry = Callable[[Any], dict[str, Any]]


def _keys(basis: tuple[Basis, ...] | list[Basis]) -> list[str]:
    return list(dict.fromkeys(b.document for b in basis))


def _basis(basis: tuple[Basis, ...] | list[Basis]) -> list[dict[str, Any]]:
    return [{"document": b.document, "article": b.article} for b in basis]


def catalogue_items(out: Path, library: Library, media: SiteMedia, file_entry: FileEntry,
                    document_entry: DocumentEntry) -> Iterator[dict[str, Any]]:
    """The catalogue's `qa` and `situation` items; a Q&A item's files are its page and its
    answer read aloud (with captions), when the audio stage made it."""
    updated = library.build_date.isoformat()

    def page_file(url: str) -> dict[str, Any]:
        return file_entry(out, f"{url}index.html", "page")

    for bank in library.qa.values():
        page = page_file(qa_url(bank.key))
        for item in bank.items:
            clip = media.answers.get((bank.key, item.id))
            audio = [file_entry(out, clip.url(".mp3"), "audio"),
                     file_entry(out, clip.url(".vtt"), "captions")] if clip else []
            yield {"id": f"qa/{bank.key}/{item.id}", "type": "qa", "title": item.question,
                   "language": VIETNAMESE, "url": qa_url(bank.key), "anchor": item.id,
                   "explainer": item.explainer, "section": item.section, "field": bank.field,
                   "documents": [document_entry(d) for d in cited(library, _keys(item.basis))],
                   "basis": _basis(item.basis), "answer": first_sentence(item.answer),
                   "audiences": list(item.audiences), "asked": item.asked,
                   "reviewed": bank.reviewed, "updated": updated, "files": [page, *audio]}
    for situation in library.situations.values():
        basis = [b for s in situation.outcomes for b in s.basis]
        files = [page_file(situation_url(situation.key))] + [
            page_file(situation_step_url(situation.key, step))
            for step in situation.steps if step != situation.start]
        yield {"id": f"situation/{situation.key}", "type": "situation",
               "title": situation.title, "language": VIETNAMESE,
               "url": situation_url(situation.key), "explainer": None,
               "field": situation.field, "description": situation.description,
               "documents": [document_entry(d) for d in cited(library, _keys(basis))],
               "steps": len(situation.steps),
               "outcomes": [first_sentence(s.outcome or "") for s in situation.outcomes],
               "explainers": sorted({s.explainer for s in situation.outcomes if s.explainer}),
               "reviewed": situation.reviewed, "updated": updated, "files": files}


def oai_records(library: Library, host: str, base: str, site_name: str,
                rights: str | None) -> list[tuple[str, str, list[tuple[str, str | None]]]]:
    """(identifier, datestamp, Dublin Core (element, value) pairs) of each Q&A item and
    situation: `oai:<host>:hoi-dap/<file>/<item>`, `oai:<host>:tinh-huong/<key>`."""
    day = library.build_date.isoformat()
    out = []
    for bank in sorted(library.qa.values(), key=lambda b: b.key):
        field = library.fields.get(bank.field)
        for item in bank.items:
            dc: list[tuple[str, str | None]] = [
                ("title", item.question), ("subject", field.title if field else bank.field),
                *(("subject", library.audiences[k].title) for k in item.audiences
                  if k in library.audiences),
                ("description", plain_text(item.answer)), ("publisher", site_name),
                ("date", day), ("type", "Text"), ("format", "text/html"),
                ("identifier", base + qa_item_url(bank.key, item.id)),
                ("language", VIETNAMESE),
                *_relations(library, item.basis), ("rights", rights)]
            out.append((f"oai:{host}:{qa_url(bank.key)}{item.id}", day, dc))
    for situation in sorted(library.situations.values(), key=lambda s: s.key):
        field = library.fields.get(situation.field)
        basis = [b for s in situation.outcomes for b in s.basis]
        outcomes = " ".join(first_sentence(s.outcome or "") for s in situation.outcomes)
        dc = [("title", situation.title),
              ("subject", field.title if field else situation.field),
              ("description", situation.description or None),
              ("description", outcomes), ("publisher", site_name), ("date", day),
              ("type", "InteractiveResource"), ("format", "text/html"),
              ("identifier", base + situation_url(situation.key)), ("language", VIETNAMESE),
              *_relations(library, basis), ("rights", rights)]
        out.append((f"oai:{host}:{situation_url(situation.key).rstrip('/')}", day, dc))
    return out


def _relations(library: Library, basis: tuple[Basis, ...] | list[Basis]
               ) -> list[tuple[str, str | None]]:
    documents = cited(library, _keys(basis))
    return [*(("relation", f"{d.title} ({d.key})") for d in documents),
            *(("relation", d.url) for d in documents if d.url)]
