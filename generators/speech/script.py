"""An explainer's speech script: what its audiobook says, chapter by chapter.

Built from the Library model, never from the rendered HTML: each section's Markdown is
parsed with the library's own parser and read the way a listener needs it.

Reading conventions (`shown` is the transcript; `spoken` is always `normalize(shown)`):

- Opening chapter "Mở đầu": the title, the description, then the untitled lead.
- A `##` section is a chapter whose first sentence is its title; `###`… headings are
  sentences of their own.
- Ordered list items start "Thứ nhất, " … "Thứ mười, " (by the number written), then
  "Ý 11, "; bulleted items are plain sentences. Nested lists read the same way.
- A table is read row by row, each row one sentence that names its columns:
  "Hàng 1. Loại hợp đồng: Không xác định thời hạn. Thời hạn: 36 tháng." Empty cells
  are left out.
- An image is "Hình: <alt>."; an admonition starts "<title>: " with the title the site
  shows (ADMONITION_TITLES, or the editor's quoted title); `""` means no title.
- Links read as their text, emphasis as plain text; code, HTML comments and tags are
  dropped, text inside inline HTML is kept.
- Footnote references are removed; each footnote is read once, at the end of the chapter
  that first cites it, as "Chú thích N: …" with N the number the page shows.
- `*[ABBR]: …` definitions extend the lexicon; `audiobooks/lexicon.yml` wins on a clash,
  because its entries are written to be spoken.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import zip_longest
from typing import Any

from markdown_it.token import Token

from generators.library.markdown import ADMONITION_TITLES, parse_tokens
from generators.library.model import VIETNAMESE, Body, Explainer, Translation
from generators.speech.model import ChapterScript, Sentence, SpeechScript
from generators.speech.normalize import normalize

__all__ = ["OPENING", "answer_script", "speech_script", "split_sentences"]

OPENING = "Mở đầu"
_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_EN_ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
                "Ninth", "Tenth")


@dataclass(frozen=True)
class Phrases:
    """The words a language's audiobook adds around the text (announcements)."""

    opening: str
    image: str
    note: str
    row: str
    ordinal: Callable[[int], str]
    admonitions: Mapping[str, str]
    """`!!! note` → the title read when the editor gave none."""


PHRASES = {
    VIETNAMESE: Phrases(
        OPENING, "Hình", "Chú thích", "Hàng",
        lambda n: f"Thứ {_ORDINALS[n - 1]}, " if 1 <= n <= 10 else f"Ý {n}, ",
        ADMONITION_TITLES),
    "en": Phrases(
        "Introduction", "Picture", "Note", "Row",
        lambda n: f"{_EN_ORDINALS[n - 1]}, " if 1 <= n <= 10 else f"Point {n}, ",
        {"note": "Note", "info": "Note", "tip": "Tip", "warning": "Warning",
         "danger": "Warning", "important": "Important", "example": "Example"}),
}
NEUTRAL = Phrases("", "", "", "", lambda n: f"{n}. ", {})
"""For a language with a voice but no phrases here: numbers only, no words of ours."""

# Abbreviations that end in "." but seldom end a sentence (TP. Hồ Chí Minh, Q. 1).
_NO_END = frozenset({
    "TP", "Tp", "tp", "TX", "Tx", "TT", "Q", "P", "ThS", "Th.S", "TS", "PGS", "GS", "BS",
    "KS", "LS", "PGS.TS", "GS.TS", "Mr", "Mrs", "Ms", "Dr", "St", "tr", "Tr",
})
# A match starts only where a run of stops starts (and `_NOTE_REF` only where a run of
# spaces starts): a failed match at a run's start would fail again at each later position
# of the run, re-scanning it (quadratic on "…" * 20000).
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+\s+")
_QUOTES = "\"“‘'«"
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_STOP = re.compile(r"(?<!\s)\s++(?=[.,;:!?])")
_HAS_WORD = re.compile(r"\w")
_STOPS = (".", "!", "?", "…")
# A footnote reference: one the parser resolved (written as a marker when the inline is
# flattened) or one whose definition is not in this section's Markdown (left as text).
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
# A label stops at the next `[^` or marker, so each reference left unclosed is read once.
_NOTE_REF = re.compile(r"(?<!\s)\s*+(?:\[\^((?:[^\]\s\[]|\[(?!\^))++)\]"
                       r"|\ue000([^\ue000\ue001]*+)\ue001)")


def speech_script(explainer: Explainer | Translation, lexicon: Mapping[str, str],
                  lang: str = VIETNAMESE) -> SpeechScript:
    """Everything the explainer's (or a translation's) audiobook says: the opening, then
    one chapter per `##`. Only Vietnamese is normalised (numbers, dates, abbreviations
    written out) and uses the lexicon; other languages are read as written."""
    body = explainer.body
    phrases = PHRASES.get(lang, NEUTRAL)
    words = {**dict(body.abbreviations), **lexicon} if lang == VIETNAMESE else None
    reader = _Reader(words, phrases, *_definitions(body))
    lead = body.sections[0] if body.sections and not body.sections[0].title else None

    reader.begin()
    reader.say(explainer.title)
    reader.say_text(explainer.description)
    if lead is not None:
        reader.blocks(reader.parse(lead.markdown, "lead"))
    chapters = [reader.end(phrases.opening or explainer.title, "")]

    for number, section in enumerate(body.chapters, 1):
        reader.begin()
        tokens = reader.parse(section.markdown, str(number))
        is_heading = bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h2"
        title = reader.strip_refs(_flatten(tokens[1].children or ())) if is_heading else ""
        reader.say(title if _HAS_WORD.search(title) else section.title)
        reader.blocks(tokens[3:] if is_heading else tokens)
        chapters.append(reader.end(section.title, section.anchor))
    return SpeechScript(slug=explainer.slug, lang=lang, title=explainer.title,
                        chapters=tuple(chapters))


def answer_script(question: str, answer: str, basis: Sequence[str], lexicon: Mapping[str, str],
                  anchor: str) -> ChapterScript:
    """A Q&A answer read aloud, in one chapter: the question, the answer (Markdown), then
    "Căn cứ: …" with each basis as words (`basis`, e.g. "Điều 25 Bộ luật Lao động")."""
    reader = _Reader(dict(lexicon), PHRASES[VIETNAMESE], {}, {})
    reader.begin()
    reader.say(question)
    reader.blocks(reader.parse(answer, "answer"))
    if basis:
        reader.say("Căn cứ: " + "; ".join(basis) + ".")
    return reader.end(question, anchor)


def split_sentences(text: str) -> list[str]:
    """Vietnamese sentences of `text`, each keeping its closing punctuation.

    A sentence ends at `.`, `!`, `?` or `…` (and closing quotes) before a space and a
    capital, a digit or an opening quote, except after abbreviations such as "TP.".
    """
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # Read around the match, never slicing the rest of the text (quadratic).
        end = match.end()
        following = end
        while text[following:following + 1] in ("(", "["):
            following += 1
        first, next_char = text[following:following + 1], text[end:end + 1]
        if not ((next_char and next_char in _QUOTES) or first.isupper() or first.isdigit()):
            continue
        if match.group().rstrip() == "." and _word_before(text, match.start()) in _NO_END:
            continue
        sentences.append(text[start:match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at `end` (or just before a newline
    there, as `[\\w.]+$` read it), scanned backwards: a search from the start of the text
    at every boundary is quadratic."""
    if text[end - 1:end] == "\n":
        end -= 1
    start = end
    while start and (text[start - 1] in "._" or text[start - 1].isalnum()):
        start -= 1
    return text[start:end]


def _definitions(body: Body) -> tuple[dict[str, list[Token]], dict[str, Any]]:
    """Footnotes by label and link references, wherever in the body they are written.

    Sections are parsed one by one, and a note or `[link][ref]` may be defined in another.
    """
    env: dict[str, Any] = {}
    tokens = parse_tokens("\n\n".join(s.markdown for s in body.sections), env)
    notes = {label: note for label, note in _notes(tokens) if label is not None}
    return notes, env.get("references", {})


def _notes(tokens: Sequence[Token]) -> Iterable[tuple[str | None, list[Token]]]:
    """(label or None for `^[inline]` notes, block tokens) of each footnote, by page number."""
    start = 0
    for index, token in enumerate(tokens):
        if token.type == "footnote_open":
            start = index + 1
        elif token.type == "footnote_close":
            yield tokens[start - 1].meta.get("label"), list(tokens[start:index])


class _Reader:
    """Turns parsed Markdown into sentences, one chapter at a time."""

    def __init__(self, lexicon: Mapping[str, str] | None, phrases: Phrases,
                 notes: Mapping[str, list[Token]], references: Mapping[str, Any]) -> None:
        self.lexicon = lexicon
        """Vietnamese only: None reads the text as written."""
        self.phrases = phrases
        self.notes = dict(notes)
        self.references = references
        self.numbers: dict[str, int] = {}
        """Footnote key → the number the page shows (order of first reference)."""
        self.sentences: list[Sentence] = []
        self.pending: list[str] = []
        """Announcements ("Thứ nhất, ", "Lưu ý: ") waiting for the next sentence."""
        self.cited: list[str] = []
        """Footnotes first cited in the current chapter."""
        self.kind = "text"
        """The kind of the sentences being read (see Sentence.kind)."""

    def parse(self, markdown: str, scope: str) -> list[Token]:
        """Block tokens of a section; its `^[inline]` notes are kept under `scope`."""
        tokens = parse_tokens(markdown, {"references": dict(self.references)})
        block = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                     len(tokens))
        footnotes = tokens[block:]
        for index, (label, note) in enumerate(_notes(footnotes)):
            key = label if label is not None else f" {scope}.{index}"
            self.notes.setdefault(key, note)
        for token in tokens[:block]:
            for child in token.children or ():
                if child.type == "footnote_ref" and child.meta.get("label") is None:
                    child.meta["key"] = f" {scope}.{child.meta['id']}"
        return tokens[:block]

    def begin(self) -> None:
        self.sentences, self.cited, self.pending = [], [], []

    def end(self, title: str, anchor: str) -> ChapterScript:
        """The chapter so far, followed by the footnotes it cites first."""
        for key in self.cited:  # grows when a note cites another note
            note = self.notes.get(key)
            if note:
                self.pending = [_announce(self.phrases.note, self.numbers[key])]
                self.kind = "note"
                self.blocks(note)
                self.kind = "text"
        return ChapterScript(title=title, anchor=anchor, sentences=tuple(self.sentences))

    def say(self, shown: str) -> None:
        """One sentence, after any pending announcements; nothing if it has no words."""
        shown = _clean(shown)
        if not _HAS_WORD.search(shown):
            return
        shown = unicodedata.normalize("NFC", "".join(self.pending) + shown)
        self.pending = []
        spoken = normalize(shown, self.lexicon) if self.lexicon is not None else shown
        self.sentences.append(Sentence(shown=shown, spoken=spoken, kind=self.kind))

    def say_text(self, text: str) -> None:
        for sentence in split_sentences(self.strip_refs(text)):
            self.say(sentence)

    def strip_refs(self, text: str) -> str:
        """`text` without footnote references, noting the footnotes it cites."""
        for match in _NOTE_REF.finditer(text):
            key = match.group(1) or match.group(2)
            if key and key not in self.numbers:
                self.numbers[key] = len(self.numbers) + 1
                self.cited.append(key)
        return _NOTE_REF.sub("", text)

    def blocks(self, tokens: Sequence[Token]) -> None:
        """Read block tokens in order (containers are open/close pairs in one flat list)."""
        frames: list[int] = []  # len(self.pending) when each list item/admonition opened
        ordered: list[bool] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.say(self.strip_refs(_flatten(tokens[index + 1].children or ())))
                index += 2
            elif kind == "paragraph_open":
                self.paragraph(tokens[index + 1])
                index += 2
            elif kind in ("ordered_list_open", "bullet_list_open"):
                ordered.append(kind == "ordered_list_open")
            elif kind in ("ordered_list_close", "bullet_list_close"):
                ordered.pop()
            elif kind == "list_item_open":
                frames.append(len(self.pending))
                if ordered and ordered[-1] and token.info.isdigit():
                    self.pending.append(self.phrases.ordinal(int(token.info)))
            elif kind == "admonition_open":
                frames.append(len(self.pending))
                self.admonition(tokens, index)
            elif kind in ("list_item_close", "admonition_close"):
                del self.pending[frames.pop():]  # an empty item announces nothing
            elif kind == "table_open":
                index = self.table(tokens, index)
            elif kind == "html_block":
                self.say_text(_html_text(token.content))
            index += 1

    def paragraph(self, token: Token) -> None:
        """A paragraph's sentences, with each image read where it stands."""
        text: list[str] = []
        for child in token.children or ():
            if child.type == "image":
                self.say_text("".join(text))
                text = []
                alt = self.strip_refs(_flatten(child.children or ()))
                if _HAS_WORD.search(alt):
                    label = f"{self.phrases.image}: " if self.phrases.image else ""
                    self.say(_close(f"{label}{_clean(alt)}"))
            else:
                text.append(_piece(child))
        self.say_text("".join(text))

    def admonition(self, tokens: Sequence[Token], index: int) -> None:
        token = tokens[index]
        title = ""
        if index + 2 < len(tokens) and tokens[index + 1].type == "admonition_title_open":
            title = _flatten(tokens[index + 2].children or ())
        if '"' not in token.info:  # as the site shows it (markdown._vietnamese_admonition_titles)
            title = self.phrases.admonitions.get(token.info.strip().split(" ")[0].lower(), title)
        title = _clean(self.strip_refs(title))
        if not title:
            return
        if title.endswith(_STOPS):
            self.say(title)
        else:
            self.pending.append(f"{title.rstrip(':')}: ")

    def table(self, tokens: Sequence[Token], index: int) -> int:
        """Read a table row by row; returns the index of its `table_close`."""
        header: list[str] = []
        rows: list[list[str]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                cell = _flatten(tokens[index + 1].children or ())
                rows[-1].append(_clean(self.strip_refs(cell)))
            elif token.type == "thead_close":
                header = rows.pop() if rows else []
            index += 1
        for number, row in enumerate(rows, 1):
            parts = [f"{name}: {cell}" if name else cell
                     for name, cell in zip_longest(header, row, fillvalue="") if cell]
            if parts:
                row = [_announce(self.phrases.row, number).rstrip(": ")] if self.phrases.row \
                    else []
                self.kind = "row"
                self.say(" ".join(_close(p) for p in [*row, *parts]))
                self.kind = "text"
        return index


def _piece(child: Token) -> str:
    """What an inline token adds to the text (a footnote reference becomes a marker)."""
    if child.type in ("text", "text_special"):
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return " "
    if child.type == "html_inline":
        return " " if re.match(r"<br\b", child.content, re.IGNORECASE) else ""
    if child.type == "footnote_ref":
        key = child.meta.get("key") or child.meta.get("label") or ""
        return f"{_MARK_OPEN}{key}{_MARK_CLOSE}"
    if child.type == "image":
        return _flatten(child.children or ())
    return ""  # code, and the open/close of links and emphasis


def _flatten(children: Iterable[Token]) -> str:
    return "".join(_piece(child) for child in children)


def _announce(word: str, number: int) -> str:
    """`Chú thích 2: ` (or `2: ` in a language without the word)."""
    return f"{word} {number}: " if word else f"{number}: "


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BEFORE_STOP.sub("", text)


def _close(text: str) -> str:
    """`text` ending in sentence punctuation, so the engine pauses after it."""
    text = text.rstrip(" ,;:")
    return text if text.endswith(_STOPS) else f"{text}."


def _html_text(raw: str) -> str:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    return " ".join(parser.parts)


class _HTMLText(HTMLParser):
    """The words of raw HTML: no tags, comments, scripts or styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)
