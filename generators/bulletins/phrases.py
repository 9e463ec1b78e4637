"""The words a bulletin adds around the explainers, per language (the only languages a
bulletin can be made in: a voice alone cannot say the date or the transitions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_VI_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                "ninth", "tenth")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


@dataclass(frozen=True)
class BulletinPhrases:
    """Each phrase is a format string; the fields it may use are named in its comment."""

    opening: str
    """{title}"""
    opening_named: str
    """{title}, when the title already says it is a bulletin."""
    bulletin_word: str
    """How a title that says so starts (lower case)."""
    dated: Callable[[date], str]
    """The bulletin's date (its first day), not "today": it is played again on later days."""
    count: str
    """{n}"""
    first: str
    """{title}"""
    next: Callable[[int, str], str]
    sources: str
    """{documents}: the documents, each as `document`, joined by ", "."""
    document: str
    """{type} {title} {key} {status}"""
    closing_where: str
    """{site}: the bookshelf's name and address."""
    closing_end: str
    new_opening: str
    new_effect: str
    """{type} {title} {key} {issuer} {effective}"""
    new_more: str
    """{titles}"""
    opening_title: str
    closing_title: str
    statuses: dict[str, str]
    """DocumentStatus.value (Vietnamese) → as said in this language."""


def _vi_next(n: int, title: str) -> str:
    ordinal = _VI_ORDINALS[n - 1] if n <= len(_VI_ORDINALS) else str(n)
    return f"Tiếp theo, nội dung thứ {ordinal}: {title}"


def _en_next(n: int, title: str) -> str:
    ordinal = _EN_ORDINALS[n - 1] if n <= len(_EN_ORDINALS) else f"number {n}"
    return f"Next, the {ordinal} item: {title}"


PHRASES: dict[str, BulletinPhrases] = {
    "vi": BulletinPhrases(
        opening="Sau đây là bản tin pháp luật: {title}.",
        opening_named="Sau đây là {title}.", bulletin_word="bản tin",
        dated=lambda d: f"Bản tin ngày {d.day} tháng {d.month} năm {d.year}.",
        count="Bản tin gồm {n} nội dung.",
        first="Nội dung thứ nhất: {title}",
        next=_vi_next,
        sources="Căn cứ: {documents}.",
        document="{type} {title}, số {key}, {status}",
        closing_where="Toàn văn các bài vừa nghe, có cả bản đọc thành tiếng, có tại {site}.",
        closing_end="Bản tin pháp luật đến đây là kết thúc. Cảm ơn bà con đã lắng nghe.",
        new_opening="Sau đây là bản tin pháp luật về văn bản sắp có hiệu lực.",
        new_effect="Từ ngày {effective}, {type} {title}, số {key}, do {issuer} ban hành, bắt "
                   "đầu có hiệu lực.",
        new_more="Các bài giải thích nói rõ hơn: {titles}.",
        opening_title="Mở đầu", closing_title="Kết thúc",
        statuses={"chưa có hiệu lực": "chưa có hiệu lực", "đang có hiệu lực": "đang có hiệu lực",
                  "hết hiệu lực": "đã hết hiệu lực"},
    ),
    "en": BulletinPhrases(
        opening="Here is the legal bulletin: {title}.",
        opening_named="Here is the {title}.", bulletin_word="bulletin",
        dated=lambda d: f"This bulletin is dated {_EN_MONTHS[d.month - 1]} {d.day}, {d.year}.",
        count="This bulletin has {n} items.",
        first="The first item: {title}",
        next=_en_next,
        sources="Sources: {documents}.",
        document="{type} {title}, number {key}, {status}",
        closing_where="The full texts, and their audiobooks, are at {site}.",
        closing_end="That is the end of the legal bulletin. Thank you for listening.",
        new_opening="Here is the legal bulletin on a document about to take effect.",
        new_effect="From {effective}, {type} {title}, number {key}, issued by {issuer}, takes "
                   "effect.",
        new_more="The explainers that say more: {titles}.",
        opening_title="Opening", closing_title="Closing",
        statuses={"chưa có hiệu lực": "not yet in force", "đang có hiệu lực": "in force",
                  "hết hiệu lực": "no longer in force"},
    ),
}
"""Languages a bulletin can be made in (a voice of the language is needed too)."""
