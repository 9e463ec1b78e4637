"""What the export stages make: e-books (linked into the site like the other media)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generators.urls import ebook_url


@dataclass(frozen=True)
class Ebook:
    """One EPUB 3 file: an explainer (or a translation of one), or a field's whole book."""

    key: str
    """`<slug>` for an explainer, `<slug>.<lang>` for a translation, `linh-vuc/<field>`."""
    kind: str
    """"explainer", "translation" or "field"."""
    slug: str
    """The explainer's slug, or the field's key."""
    lang: str
    title: str
    path: Path
    """The cached file (never changes under its name)."""
    size: int

    @property
    def url(self) -> str:
        """The published file, relative to the site root: `sach-dien-tu/<key>.epub`."""
        return ebook_url(self.key)


@dataclass
class EbookReport:
    ebooks: dict[str, Ebook] = field(default_factory=dict)
    """Ebook.key → the e-book."""
    built: int = 0
    reused: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
