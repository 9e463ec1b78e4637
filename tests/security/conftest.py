"""Security tests share the site tests' headless Chromium."""

from __future__ import annotations

from tests.site.conftest import browser

__all__ = ["browser"]
