"""Glossary terms in a rendered body: the first occurrence of each term becomes a link to its
definition, announced by screen readers through `aria-describedby`.

A pure function over HTML: only text nodes change, and only where a term is marked; tags,
attributes, comments and character references come out byte for byte as they went in.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from generators.library.model import VIETNAMESE, GlossaryTerm
from generators.library.text import ascii_slug

# Text inside these is never marked: headings, links, code, existing definitions/abbreviations,
# and elements whose text is not prose (scripts, form controls, embedded SVG/MathML).
EXCLUDED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "abbr", "dfn",
    "script", "style", "textarea", "title", "button", "select", "option", "svg", "math",
})
# A word character for Vietnamese: letters, digits, `_`, and a stray combining mark (NFD
# text whose mark did not compose still belongs to the word before it).
_WORD = r"[\w\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_CHARREF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class MarkedTerm:
    """A glossary term marked in a page, for the page's "Thuật ngữ trong bài" list."""

    term: GlossaryTerm
    anchor: str
    """Stable id of the term's entry on the glossary page, e.g. `hoa-giai-o-co-so`."""
    definition: str
    """In the page's language when the glossary has it, else in Vietnamese."""
    definition_lang: str
    """`vi` or the page's language: the `lang` of the element showing `definition`."""


def glossary_anchor(term: str) -> str:
    """`Hòa giải ở cơ sở` → `hoa-giai-o-co-so` (the id of its glossary page entry)."""
    return ascii_slug(term) or "thuat-ngu"


def _matchable(text: str) -> str:
    """The form terms and text are compared in: NFC, lower-case."""
    return unicodedata.normalize("NFC", text).lower()


_Trie = dict[str, "_Trie"]


@lru_cache(maxsize=32)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex over `terms` (already matchable): whole words only, and at each position
    the longest term that matches there.

    The alternation is written as a trie (`thử (?:thách|việc)`), so the engine does not
    try every term at every word: a 5,000-word body with 200 terms takes a few ms. Words of
    a term match any run of white space, so a line break or `&nbsp;` between them in the
    HTML does not hide the term.
    """
    trie: _Trie = {}
    for term in terms:
        words = term.split()
        if not words:
            continue
        node = trie
        for char in " ".join(words):
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return None
    return re.compile(rf"(?<!{_WORD}){_trie_regex(trie)}(?!{_WORD})")


def _trie_regex(node: _Trie) -> str:
    """Regex of a trie node: its children in one group, optional where a term ends here
    (greedy, so a longer term wins, and backtracking finds the shorter one)."""
    branches = [(r"\s+" if char == " " else re.escape(char)) + _trie_regex(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" in node:
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
    return body


def _normalise_run(raw: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Raw HTML text (may hold character references, may be NFD) → the matchable text and,
    unless it is the raw text itself, where each of its characters starts and ends in `raw`.
    """
    if "&" not in raw and unicodedata.is_normalized("NFC", raw):
        lowered = raw.lower()
        if len(lowered) == len(raw):
            return lowered, None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def add(piece: str, begin: int, end: int) -> None:
        out.append(piece)
        starts.extend([begin] * len(piece))
        ends.extend([end] * len(piece))

    def add_text(segment: str, offset: int) -> None:
        if unicodedata.is_normalized("NFC", segment):
            lowered = segment.lower()
            if len(lowered) == len(segment):
                out.append(lowered)
                starts.extend(range(offset, offset + len(segment)))
                ends.extend(range(offset + 1, offset + len(segment) + 1))
                return
        # A base character with the combining marks after it composes on its own.
        begin = 0
        for index in range(1, len(segment) + 1):
            if index == len(segment) or not unicodedata.combining(segment[index]):
                add(_matchable(segment[begin:index]), offset + begin, offset + index)
                begin = index

    position = 0
    for ref in _CHARREF.finditer(raw):
        if ref.start() > position:
            add_text(raw[position:ref.start()], position)
        decoded = html.unescape(ref.group(0))
        if decoded == ref.group(0):  # not a known reference: plain text
            add_text(decoded, ref.start())
        else:
            add(decoded.lower(), ref.start(), ref.end())
        position = ref.end()
    if position < len(raw):
        add_text(raw[position:], position)
    return "".join(out), starts, ends


class _TextRuns(HTMLParser):
    """Source spans (start, end) of the text that may be marked: outside excluded elements."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for match in re.finditer("\n", source):
            self.line_starts.append(match.end())
        self.open: dict[str, int] = {}
        self.runs: list[tuple[int, int]] = []
        self._run_start: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _text(self) -> None:
        if self._run_start is None and not any(self.open.values()):
            self._run_start = self._offset()

    def _boundary(self) -> None:
        if self._run_start is not None:
            self.runs.append((self._run_start, self._offset()))
            self._run_start = None

    def handle_data(self, data: str) -> None:
        self._text()

    def handle_entityref(self, name: str) -> None:
        self._text()

    def handle_charref(self, name: str) -> None:
        self._text()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary()
        if tag in EXCLUDED_TAGS:
            self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary()

    def handle_endtag(self, tag: str) -> None:
        self._boundary()
        if self.open.get(tag):
            self.open[tag] -= 1

    def handle_comment(self, data: str) -> None:
        self._boundary()

    def handle_decl(self, decl: str) -> None:
        self._boundary()

    def handle_pi(self, data: str) -> None:
        self._boundary()

    def unknown_decl(self, data: str) -> None:
        self._boundary()

    def finish(self, end: int) -> list[tuple[int, int]]:
        self.close()
        if self._run_start is not None:
            self.runs.append((self._run_start, end))
            self._run_start = None
        return self.runs


def _definition(entry: GlossaryTerm, lang: str) -> tuple[str, str]:
    if lang != VIETNAMESE and entry.translations.get(lang):
        return entry.translations[lang], lang
    return entry.definition, VIETNAMESE


def mark_terms(
    html_text: str, glossary: Mapping[str, GlossaryTerm], lang: str, glossary_url: str,
    id_prefix: str = "tsp-def-",
) -> tuple[str, list[MarkedTerm]]:
    """Mark the first occurrence of each glossary term in a rendered body.

    Matching is case-insensitive on NFC text, whole words only, longest term first (a
    longer term covers the shorter ones inside it). Text in headings, links, code, `abbr`,
    `dfn`, scripts and attributes is left alone. A marked occurrence becomes
    `<a class="tsp-term" href="{glossary_url}#{anchor}" aria-describedby="{id_prefix}{anchor}">
    <dfn>{original text}</dfn></a>`; the page shows each returned term's definition in an
    element with id `{id_prefix}{anchor}`. Returns the HTML and the marked terms in order
    of first occurrence.
    """
    by_form: dict[str, GlossaryTerm] = {}
    for entry in glossary.values():
        form = " ".join(_matchable(entry.term).split())
        if form:
            by_form.setdefault(form, entry)
    pattern = _term_pattern(tuple(by_form))
    if pattern is None or not html_text:
        return html_text, []
    scanner = _TextRuns(html_text)
    scanner.feed(html_text)
    runs = scanner.finish(len(html_text))

    href_base = html.escape(glossary_url, quote=True)
    prefix = html.escape(id_prefix, quote=True)
    dfn = "<dfn>" if lang == VIETNAMESE else f'<dfn lang="{VIETNAMESE}">'
    marked: list[MarkedTerm] = []
    seen: set[str] = set()
    parts: list[str] = []
    copied = 0
    for run_start, run_end in runs:
        raw = html_text[run_start:run_end]
        text, starts, ends = _normalise_run(raw)
        for match in pattern.finditer(text):
            form = " ".join(match.group(0).split())
            if form in seen:
                continue
            seen.add(form)
            entry = by_form[form]
            begin, end = match.start(), match.end()
            if starts is not None and ends is not None:
                begin, end = starts[begin], ends[end - 1]
            anchor = glossary_anchor(entry.term)
            definition, definition_lang = _definition(entry, lang)
            marked.append(MarkedTerm(entry, anchor, definition, definition_lang))
            parts.append(html_text[copied:run_start + begin])
            parts.append(f'<a class="tsp-term" href="{href_base}#{anchor}" '
                         f'aria-describedby="{prefix}{anchor}">{dfn}'
                         f"{raw[begin:end]}</dfn></a>")
            copied = run_start + end
    if not marked:
        return html_text, []
    parts.append(html_text[copied:])
    return "".join(parts), marked
