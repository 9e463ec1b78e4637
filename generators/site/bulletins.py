"""The bulletins section of the site (`ban-tin/`): the list, with the feeds a source system
polls, and a page per bulletin with its player, its files and its script as text."""

from __future__ import annotations

from collections.abc import Iterator

from generators.library.model import Library
from generators.media import SiteMedia
from generators.site.pages import SitePage
from generators.urls import BULLETIN_FEED, BULLETIN_JSON_FEED, BULLETINS_URL

DESCRIPTION = "Bản tin pháp luật cho loa truyền thanh cơ sở: nghe, tải về, hoặc theo dõi nguồn tin"


def plan_bulletin_pages(library: Library, media: SiteMedia) -> Iterator[SitePage]:
    """The section's pages; none when the build made no bulletin."""
    items = list(media.bulletins.values())
    if not items:
        return
    yield SitePage(BULLETINS_URL, "Bản tin loa truyền thanh", DESCRIPTION, "bulletins",
                   "bulletins.html.j2", {"items": items, "rss": BULLETIN_FEED,
                                         "json_feed": BULLETIN_JSON_FEED})
    explainers = {e.slug: e for e in library.published}
    for item in items:
        yield SitePage(item.url(), item.title, f"Bản tin pháp luật {round(item.duration / 60)} "
                       "phút cho loa truyền thanh cơ sở", "bulletin", "bulletin.html.j2",
                       {"b": item, "explainers": explainers, "documents": library.documents,
                        "language": library.languages.get(item.lang)})
