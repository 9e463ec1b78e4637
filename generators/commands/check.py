"""`python build.py check`: validate the library and mkdocs.yml; writes nothing."""

from __future__ import annotations

import argparse

from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.pipeline import check
from generators.progress import Progress


def run(args: argparse.Namespace) -> int:
    _, report = check(config_from(args), Progress(quiet=args.quiet))
    print_report(report, "check")
    return 0 if report.ok else 1
