"""`python build.py new <field> <slug>`: a new explainer from the template (a draft);
`python build.py new quiz <name>`: a new question bank from its template."""

from __future__ import annotations

import argparse
import sys

from generators.commands.options import today
from generators.errors import TuSachError
from generators.scaffold import QUIZ, new_explainer, new_quiz


def run(args: argparse.Namespace) -> int:
    if args.field == QUIZ:
        return _quiz(args)
    try:
        path = new_explainer(args.root, args.field, args.slug, today(args), args.title)
    except TuSachError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    print(f"✓ Đã tạo {path.relative_to(args.root).as_posix()} (draft: true). "
          "Sửa nội dung rồi chạy: python build.py check")
    return 0


def _quiz(args: argparse.Namespace) -> int:
    try:
        path = new_quiz(args.root, args.slug, args.title)
    except TuSachError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    print(f"✓ Đã tạo {path.relative_to(args.root).as_posix()}. Viết các câu hỏi (mỗi câu có "
          "căn cứ pháp lý) rồi chạy: python build.py check")
    return 0
