"""The commands of `python build.py`, above the pipeline and every stage (nothing below
imports them): build, check, serve, new, translations/translate, mirror, collector, quiz, qa.

Exit status: 0 built or valid (warnings allowed), 1 content problems, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import traceback

from generators.commands.options import UsageError
from generators.errors import TuSachError
from generators.site.publish import UnsafeSiteDir

COMMANDS = {"build": "build", "check": "check", "serve": "serve", "new": "new",
            "translations": "translate", "translate": "translate", "mirror": "mirror",
            "collector": "collector", "quiz": "quiz", "qa": "qa", "bulletin": "bulletin",
            "national": "national"}
"""Command → its module in this package (each has `run(args) -> int`)."""


def run(args: argparse.Namespace) -> int:
    """Run the command `args` names, turning every known failure into a message and an
    exit status (tracebacks only with --debug)."""
    command = args.command or "build"
    args.command = command
    args.root = args.root.resolve()
    module = importlib.import_module(f"generators.commands.{COMMANDS[command]}")
    # `kill` (SIGTERM) ends a build like Ctrl+C: workers stopped, staging removed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        status: int = module.run(args)
        return status
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except UnsafeSiteDir as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    except TuSachError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("✗ Đã dừng; site/ vẫn là bản dựng trước.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not the editor's fault: one line unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"✗ Lỗi chương trình: {exc!r}. Chạy lại với --debug để xem chi tiết, và báo lỗi "
              "kèm thông tin đó.", file=sys.stderr)
        return 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
