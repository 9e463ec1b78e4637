"""The e-books stage: an EPUB 3 per published explainer, per translation of one and per
field, written by pandoc from the model and cached by content (see `render.py`). The site
links them (`generators.media.Ebook`); the exports list them."""

from __future__ import annotations

from generators.ebooks.render import render_ebooks

__all__ = ["render_ebooks"]
