"""`python build.py new <field> <slug>`: a new explainer from the template (a draft)."""

from __future__ import annotations

import argparse
import sys

from generators.commands.options import today
from generators.errors import TuSachError
from generators.scaffold import new_explainer


def run(args: argparse.Namespace) -> int:
    try:
        path = new_explainer(args.root, args.field, args.slug, today(args), args.title)
    except TuSachError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    print(f"✓ Đã tạo {path.relative_to(args.root).as_posix()} (draft: true). "
          "Sửa nội dung rồi chạy: python build.py check")
    return 0
