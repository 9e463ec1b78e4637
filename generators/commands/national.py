"""`python build.py national --repository file:///…|s3://… [--site-dir DIR] [--site-url URL]`.

Builds the national portal from every bookshelf mirrored into the repository. Exit status:
0 built (provinces left out are listed, one line each), 1 no province could be read or the
repository failed, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.commands.mirror import open_store, parse_target
from generators.mirror.errors import UsageError
from generators.national.portal import build_portal
from generators.site.bundle import format_size
from generators.site.publish import check_target
from generators.urls import site_base

DEFAULT_DIR = "site-quoc-gia"
"""Beside the project's own `site/`, which a province's build replaces."""


def default_portal_dir(root: Path) -> Path:
    return root / DEFAULT_DIR


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    try:
        target = parse_target(args.repository)
    except UsageError as exc:
        print(f"✗ {str(exc).replace('--to', '--repository')}", file=sys.stderr)
        return 2
    site_dir = (getattr(args, "site_dir", None) or default_portal_dir(root)).absolute()
    check_target(site_dir, root)
    store = open_store(target)
    report = build_portal(store, site_dir, site_url=site_base(args.site_url) or None,
                          jobs=getattr(args, "jobs", None))
    for problem in report.problems:
        print(f"⚠ {problem}", file=sys.stderr)
    for warning in report.warnings:
        print(f"⚠ {warning}", file=sys.stderr)
    size = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file()
               and p.suffix not in (".br", ".gz"))
    left = f", bỏ qua {len(report.problems)} tỉnh" if report.problems else ""
    seconds = f"{report.seconds:.1f}".replace(".", ",")
    print(f"✓ Cổng quốc gia: {report.provinces} tỉnh{left}, {report.explainers} bài, "
          f"{report.items} mục trong catalogue.json, {report.records} bản ghi OAI-PMH, "
          f"{report.pages} trang ({format_size(size)}) → {site_dir}, {seconds} giây.")
    return 0
