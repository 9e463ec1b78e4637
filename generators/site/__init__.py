"""The site: Library + media → MkDocs docs → Material HTML → Pagefind, into the build's
staging folder (see stage.py); MkDocs-specific code stays inside this package."""

from __future__ import annotations
