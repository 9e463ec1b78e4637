"""An answer's first sentence: what the answer box, the search records and the editors'
warning about long answers all read."""

from __future__ import annotations

import re

from generators.library.markdown import parse_tokens

LONG_SENTENCE = 40
"""Words: a first sentence longer than this does not answer at a glance (a warning)."""

# A sentence ends at . ! ? … (and closing quotes or brackets) followed by a space and a
# capital or a digit; "1.000.000 đồng", "khoản 2.a" and "TP. Hồ Chí Minh" have no space after
# the dot, or (TP.) are listed as abbreviations below; "v.v. và" goes on in lower case.
_END = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+[\"'“‘(]?(\w)")
_ABBREVIATIONS = frozenset({"TP.", "Tp.", "ThS.", "TS.", "PGS.", "GS.", "Q.", "P.", "Đ."})
_BLOCKS = ("paragraph_open", "bullet_list_open", "ordered_list_open", "heading_open",
           "blockquote_open")


def plain_text(markdown: str) -> str:
    """The Markdown's text without its markup, its blocks joined by spaces."""
    parts: list[str] = []
    for token in parse_tokens(markdown):
        if token.type != "inline":
            continue
        words: list[str] = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
        text = " ".join("".join(words).split())
        if text:
            parts.append(text)
    return " ".join(parts)


def first_sentence(markdown: str) -> str:
    """The first sentence of the first paragraph (or list item) of `markdown`, as plain text."""
    tokens = parse_tokens(markdown)
    first = next((t for t in tokens if t.type == "inline" and t.content.strip()), None)
    if first is None:
        return ""
    text = plain_text(first.content)
    for match in _END.finditer(text):
        before = text[:match.end(1)]
        starts = match.group(2)
        if (starts.isupper() or starts.isdigit()) \
                and before.rsplit(" ", 1)[-1] not in _ABBREVIATIONS:
            return before.strip()
    return text.strip()


def word_count(text: str) -> int:
    return len(text.split())
