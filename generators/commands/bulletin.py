"""`python build.py bulletin preview <name>`: the script of a commune-loudspeaker bulletin,
as the build would read it, for an editor to check before it goes on air.

Exit status: 0 printed, 1 content problems, 2 no bulletin of that name."""

from __future__ import annotations

import argparse
import sys

from generators.bulletins.make import preview
from generators.bulletins.plans import Setting, new_document_bulletins
from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.pipeline import check
from generators.progress import Progress
from generators.speech.books import default_engines


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    library, report = check(config, Progress(quiet=args.quiet))
    if library is None:
        print_report(report, "check")
        return 1
    setting = Setting(config.today, config.site_name, config.site_url, config.cache_dir,
                      config.jobs, network=not getattr(args, "offline", False))
    lines = preview(library, setting, args.name, default_engines())
    if lines is None:
        names = [b.name for b in (*library.bulletins.bulletins,
                                  *new_document_bulletins(library, config.today))]
        print(f"✗ không có bản tin '{args.name}' trong {library.bulletins.path}"
              + (f"; có: {', '.join(names)}" if names else ""), file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0
