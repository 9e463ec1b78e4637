"""Build the national portal from a repository: read every province (through the mirror's
`Store`), then write pages, the portal's own search bundle, the exports and `_headers` into
a staging folder that replaces the last portal in one step (generators/site/publish.py), so
a failed build never damages it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generators.errors import TuSachError
from generators.mirror.store import Store
from generators.national.directory import directory
from generators.national.exports import write_exports
from generators.national.pages import write_pages
from generators.national.policy import meta_content_security_policy, write_headers
from generators.national.repository import read_repository
from generators.national.search import write_bundle
from generators.site.compress import precompress
from generators.site.publish import (
    discard_stale,
    recover,
    site_lock,
    staging_area,
    swap_into_place,
    write_marker,
)

PORTAL_NAME = "Tủ sách pháp luật số — cổng quốc gia"


class NoProvince(TuSachError):
    """Not one province of the repository could be read: the last portal stays."""


@dataclass
class PortalReport:
    provinces: int = 0
    explainers: int = 0
    items: int = 0
    records: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    """One line per province left out."""
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def build_portal(store: Store, site_dir: Path, *, site_url: str | None = None,
                 name: str = PORTAL_NAME, jobs: int | None = None) -> PortalReport:
    """Read the repository behind `store` and publish the portal into `site_dir`."""
    started = time.perf_counter()
    repository = read_repository(store)
    report = PortalReport(problems=list(repository.problems))
    if not repository.provinces:
        raise NoProvince(f"{store.label}: không đọc được tỉnh nào — cổng quốc gia giữ nguyên "
                         "bản trước" + "".join(f"\n  {p}" for p in repository.problems))
    entries = directory(repository.provinces)
    date = max(p.date for p in repository.provinces)
    sites = [e.url for e in entries]
    with site_lock(site_dir):
        recover(site_dir)
        discard_stale(site_dir)
        with staging_area(site_dir) as staging:
            out = staging / "site"
            out.mkdir()
            tag = write_bundle(entries, staging, out)
            urls = write_pages(out, entries, portal=name, date=date,
                               csp=meta_content_security_policy(sites), search_tag=tag)
            exported = write_exports(out, repository.provinces, name=name, url=site_url,
                                     date=date)
            write_headers(out, sites)
            precompress(out, jobs)
            write_marker(out)
            swap_into_place(out, site_dir)
    report.provinces = len(entries)
    report.explainers = sum(e.explainers for e in entries)
    report.items, report.records, report.pages = exported.items, exported.records, len(urls)
    report.warnings = [w for w in [exported.warning] if w]
    report.seconds = time.perf_counter() - started
    return report
