"""Accessibility of the built starter site: axe-core in Chromium, and the page structure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import axe_playwright_python
import pytest
from lxml import html as lxml_html
from playwright.sync_api import expect

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SEARCH_RESULT = "#tsp-search-results h2 a"
PAGES = {
    "home": "",
    "explainer": "lao-dong/thoi-gian-thu-viec/",
    "document": "van-ban/45-2019-qh14/",
    "document-quoted": "van-ban/766-qd-ttg/",
    "field": "lao-dong/",
    "search": "tim-kiem/?q=" + quote("thử việc"),
    "404": "404.html",
    "documents": "van-ban/",
    "audiences": "doi-tuong/",
    "audience": "doi-tuong/nguoi-lao-dong/",
    "offline": "ngoai-tuyen/",
    "audiobooks": "sach-noi/",
    "video": "hoa-giai-co-so/cac-buoc-hoa-giai-o-thon-to-dan-pho/",
    "infographics": "infographic/",
    "glossary": "thuat-ngu/",
    "translation": "en/lao-dong/thoi-gian-thu-viec/",
    "translation-hmn": "hmn/lao-dong/thoi-gian-thu-viec/",
    "language-home": "hmn/",
    "language-search": "en/tim-kiem/?q=" + quote("trial period"),
    "languages": "ngon-ngu/",
    "translation-status": "bien-tap/ban-dich/",
    "bulletins": "ban-tin/",
    "bulletin": "ban-tin/lao-dong-thang-12/",
}
PAGE_LANG = {"translation": "en", "translation-hmn": "hmn", "language-home": "hmn",
             "language-search": "en"}
# The first h1…h6 of each level that is exposed to assistive technology, in document order.
HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => !h.closest('[hidden], [aria-hidden="true"]') && h.checkVisibility())
    .map(h => [Number(h.tagName[1]), h.textContent.trim()])"""


# The focused element's outline, and its contrast with the nearest opaque background behind it.
FOCUS_RING_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgba = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    const p = m ? m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number) : [0, 0, 0, 0];
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const luminance = c => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  let back = {r: 255, g: 255, b: 255, a: 1};
  for (let n = el.parentElement; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c.a > 0.5) { back = c; break; }
  }
  const style = getComputedStyle(el);
  const [l1, l2] = [luminance(rgba(style.outlineColor)), luminance(back)];
  return {element: el.outerHTML.slice(0, 120), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth),
          contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05)};
}"""


def open_page(page: Any, base_url: str, name: str) -> None:
    """Open one of PAGES and wait until it is complete (search: until results show)."""
    page.goto(base_url + PAGES[name])
    if name in ("search", "language-search"):
        expect(page.locator(SEARCH_RESULT).first).to_be_visible()


def skipped_levels(headings: list[tuple[int, str]]) -> list[str]:
    """Headings that go more than one level deeper than the one before them."""
    problems = []
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{previous} → h{level} «{text}»")
        previous = level
    return problems


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {json.dumps(node['target'], ensure_ascii=False)}: "
                         f"{(node.get('failureSummary') or '').splitlines()[-1:]}")
    return "\n".join(lines)


def test_skipped_levels_helper() -> None:
    assert skipped_levels([(1, "a"), (2, "b"), (3, "c"), (2, "d"), (3, "e")]) == []
    assert skipped_levels([(1, "a"), (3, "b")]) == ["h1 → h3 «b»"]
    assert skipped_levels([(2, "a")]) == ["h0 → h2 «a»"]


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(shared_page: Any, base_url: str, name: str) -> None:
    page = shared_page
    open_page(page, base_url, name)
    # Evaluated, not added as a <script>: the pages' Content-Security-Policy allows no
    # inline script, and DevTools' evaluation is not subject to it.
    page.evaluate(AXE_JS.read_text("utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert results["passes"], "axe ran no checks"
    violations = results["violations"]
    assert violations == [], f"{PAGES[name]!r}:\n{describe(violations)}"


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_page_structure(shared_page: Any, base_url: str, name: str) -> None:
    page = shared_page
    open_page(page, base_url, name)
    assert page.locator("html").get_attribute("lang") == PAGE_LANG.get(name, "vi")

    headings = page.evaluate(HEADINGS_JS)
    assert [h for h in headings if h[0] == 1] == [[1, page.locator("h1").inner_text().strip()]]
    assert headings[0][0] == 1
    assert skipped_levels([(level, text) for level, text in headings]) == []

    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    assert page.get_by_role("navigation").count() >= 1
    assert page.get_by_role("main").locator("h1").count() == 1

    # The first Tab reaches a visible skip link; following it lands in the page's own content.
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Bỏ qua, đến nội dung chính")
    expect(skip).to_be_visible()
    target = skip.get_attribute("href")
    assert target and target.startswith("#")
    assert page.locator(target).count() == 1
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('article') !== null"), \
        page.evaluate("document.activeElement.outerHTML")


def test_every_built_page_has_one_h1_and_no_skipped_heading_levels(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        tree = lxml_html.fromstring(path.read_bytes())
        rel = path.relative_to(built_site).as_posix()
        prefix = rel.split("/")[0]
        assert tree.get("lang") == (prefix if prefix in ("en", "hmn") else "vi"), rel
        headings = [(int(h.tag[1]), h.text_content().strip())
                    for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert [level for level, _ in headings].count(1) == 1, rel
        assert skipped_levels(headings) == [], rel


@pytest.mark.browser
@pytest.mark.parametrize("name", ["home", "explainer"])
def test_keyboard_focus_ring_is_visible_against_its_background(
        shared_page: Any, base_url: str, name: str) -> None:
    page = shared_page
    open_page(page, base_url, name)
    seen = 0
    for _ in range(25):  # the skip link, the header, the nav and the start of the content
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING_JS)
        if ring is None:
            continue
        seen += 1
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["contrast"] >= 3, ring
    assert seen >= 20
