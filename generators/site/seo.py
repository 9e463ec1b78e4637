"""sitemap.xml and robots.txt, written from the planned pages (not from build time)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from generators.site.pages import SitePage


def write_sitemap(site_dir: Path, pages: Sequence[SitePage], site_url: str | None) -> None:
    """Absolute URLs when `site_url` is known, as the sitemap protocol requires."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""

    def loc(url: str) -> str:
        # Also in attributes (xhtml:link href): quotes escaped too.
        return escape(base + url if base or url else "./", {'"': "&quot;"})

    rows = []
    for page in sorted(pages, key=lambda p: p.url):
        if page.kind == "offline" or page.meta.get("robots") == "noindex":
            continue  # not landing pages: the offline notice, the editors' status page
        lastmod = f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else ""
        # Each language version lists all versions (hreflang), as search engines ask.
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(lang)}" href="{loc(url)}"/>'
                        for lang, url in page.alternates)
        rows.append(f"  <url><loc>{loc(page.url)}</loc>{lastmod}{links}</url>")
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
           + "\n".join(rows) + "\n</urlset>\n")
    (site_dir / "sitemap.xml").write_text(xml, "utf-8")
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)


def write_robots(site_dir: Path, site_url: str | None) -> None:
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    (site_dir / "robots.txt").write_text("\n".join(lines) + "\n", "utf-8")
