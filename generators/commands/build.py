"""`python build.py [build]`: check the library, then build everything into site/."""

from __future__ import annotations

import argparse

from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.pipeline import build
from generators.progress import Progress


def run(args: argparse.Namespace) -> int:
    report = build(config_from(args), Progress(quiet=args.quiet))
    print_report(report, "build")
    return 0 if report.ok else 1
