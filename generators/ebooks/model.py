"""The e-books stage's report (the books themselves are `generators.media.Ebook`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generators.media import Ebook


@dataclass
class EbookReport:
    ebooks: dict[str, Ebook] = field(default_factory=dict)
    """Ebook.key → the e-book."""
    built: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
