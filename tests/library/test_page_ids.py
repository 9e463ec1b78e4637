"""The ids the page templates give their own sections are reserved for them (no explainer
heading or element may take one: `aria-describedby` and links find the first)."""

from __future__ import annotations

import re
from pathlib import Path

from generators.library.html_policy import PAGE_IDS, reserved_name

SITE = Path(__file__).resolve().parents[2] / "generators" / "site"
_ID = re.compile(r'\bid="([^"{}]+)"')


def test_every_fixed_id_of_the_page_templates_is_reserved() -> None:
    ids = {m for folder in ("templates", "overrides") for file in (SITE / folder).rglob("*.html*")
           for m in _ID.findall(file.read_text("utf-8"))}
    assert ids, "the templates give their sections ids"
    assert sorted(i for i in ids if not reserved_name(i)) == []
    assert PAGE_IDS <= ids  # nothing reserved that no template uses
