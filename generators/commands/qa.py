"""`python build.py qa draft --from EXPORT`: citizens' questions (the collector's export)
turned into a Q&A draft for an editor to complete (generators/collector/drafts.py).

Exit status: 0 written, 1 library problems or an export that does not parse, 2 wrong usage
(no such export, a file in the way without --force, questions of several fields without
--field, nothing left to draft).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from generators.collector.drafts import ExportError, answered, draft_yaml, questions, read_export
from generators.commands.options import UsageError, today, write_output
from generators.library import load_library

DRAFTS = Path("qa") / "nhap"
"""Where drafts go by default: beside the Q&A files, not among them (qa/*.yml is what the
library reads), so an unfinished draft never stops a build."""


def run(args: argparse.Namespace) -> int:
    if args.action == "draft":
        return draft(args)
    raise UsageError(f"✗ Không có việc '{args.action}'")


def draft(args: argparse.Namespace) -> int:
    source: Path = args.source
    if str(source) != "-" and not source.is_file():
        raise UsageError(f"✗ Không có tệp {source}")
    date = today(args)
    library, problems = load_library(args.root, date)
    if library is None:
        for problem in problems.errors:
            print(problem.format(), file=sys.stderr)
        print(f"✗ {len(problems.errors)} lỗi trong thư viện — chưa viết gì (python build.py "
              "check).", file=sys.stderr)
        return 1
    if args.field is not None and args.field not in library.fields:
        raise UsageError(f"✗ Không có lĩnh vực '{args.field}' trong content/_data/fields.yml. "
                         f"Có: {', '.join(sorted(library.fields))}")
    try:
        if str(source) == "-":
            asked = questions(read_export(sys.stdin), library)
        else:
            with source.open(encoding="utf-8") as handle:
                asked = questions(read_export(handle), library)
    except (ExportError, UnicodeDecodeError) as exc:
        print(f"✗ {source}: {exc}", file=sys.stderr)
        return 1
    done = answered(library)
    waiting = [q for q in asked if q.id not in done]
    fields = Counter(q.field for q in waiting)
    field = args.field
    if field is None:
        known = [f for f in fields if f is not None]
        if len(known) != 1:
            listed = ", ".join(f"{f or 'chưa xác định'} ({n})" for f, n in fields.most_common())
            raise UsageError("✗ Mỗi tệp hỏi đáp thuộc một lĩnh vực: chọn bằng --field "
                             + (f"(câu hỏi đang chờ: {listed})" if listed
                                else "(không có câu hỏi nào đang chờ)"))
        field = known[0]
    chosen = [q for q in waiting if q.field == field]
    if not chosen:
        raise UsageError(f"✗ Không có câu hỏi nào của lĩnh vực '{field}' đang chờ trả lời "
                         f"({len(asked)} câu trong tệp, {len(asked) - len(waiting)} đã có "
                         "câu trả lời)")
    out: Path = args.out or args.root / DRAFTS / f"{field}.yml"
    to_stdout = str(out) == "-"
    if not to_stdout and out.exists() and not args.force:
        raise UsageError(f"✗ {out} đã có: thêm --force để ghi đè")
    write_output(draft_yaml(field, chosen, library, date.isoformat()), out)
    skipped = len(asked) - len(waiting)
    where = "" if to_stdout else f" → {out}"
    print(f"✓ Bản nháp {len(chosen)} câu hỏi lĩnh vực '{field}'{where}"
          + (f"; {skipped} câu đã có câu trả lời, bỏ qua" if skipped else ""),
          file=sys.stderr if to_stdout else sys.stdout)
    if not to_stdout and out.parent.resolve() != (args.root / "qa").resolve():
        print("  Viết câu trả lời và căn cứ, rồi chuyển tệp vào qa/ và chạy "
              "python build.py check.")
    return 0
