"""`python build.py quiz export|import`: question banks to and from Moodle's GIFT and Aiken
and 1EdTech QTI 3.0 (generators/quiz/interchange).

Exit status: 0 done (warnings allowed), 1 library problems or a source that does not parse,
2 wrong usage (unknown bank, a contest's bank without --include-contest, a file in the way).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.commands.options import UsageError, today, write_output
from generators.errors import Problem
from generators.library import load_library
from generators.library.data import KEY_RE
from generators.library.model import Basis, Library, QuizBank
from generators.quiz.interchange import aiken, gift, qti
from generators.quiz.interchange.bankyaml import bank_yaml
from generators.quiz.interchange.common import Imported, parse_basis

FORMATS = ("gift", "aiken", "qti")
SUFFIXES = {"gift": ".gift", "aiken": ".txt", "qti": ".zip"}
"""What an export to a folder is named: `<bank><suffix>` (Moodle reads Aiken from .txt)."""
MAX_TEXT_BYTES = 20_000_000
"""Largest GIFT or Aiken file read (a bank of 2,000 questions is well under 2 MB)."""
_GUESSED = {".gift": "gift", ".aiken": "aiken", ".zip": "qti", ".xml": "qti"}


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        return export(args)
    if args.action == "import":
        return import_(args)
    raise UsageError(f"✗ Không có việc '{args.action}'")


# -- export ------------------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    library, problems = load_library(args.root, today(args))
    if library is None:
        _print(problems.errors + problems.warnings)
        print(f"✗ {len(problems.errors)} lỗi trong thư viện — chưa xuất gì; sửa rồi chạy lại "
              "(python build.py check).", file=sys.stderr)
        return 1
    bank = _bank(library, args.bank, args.include_contest)
    if args.format == "gift":
        text, warnings = gift.dump(bank)
        data = (text + "\n").encode()
    elif args.format == "aiken":
        text, warnings = aiken.dump(bank)
        data = text.encode()
    else:
        data, warnings = qti.dump(bank)
    for warning in warnings:
        print(f"cảnh báo: {warning}", file=sys.stderr)
    count = len(bank.questions) - sum(w.startswith("bỏ câu") for w in warnings)
    if args.out is None:
        if args.format == "qti" and sys.stdout.isatty():
            raise UsageError("✗ Gói QTI là tệp ZIP: ghi vào tệp bằng --out <tệp>.zip")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        print(f"✓ Đã xuất {count}/{len(bank.questions)} câu của '{bank.key}' ({args.format})",
              file=sys.stderr)
        return 0
    target = args.out / f"{bank.key}{SUFFIXES[args.format]}" if args.out.is_dir() else args.out
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"✗ Không ghi được {target}: {exc.strerror or exc}") from None
    print(f"✓ Đã xuất {count}/{len(bank.questions)} câu của '{bank.key}' ({args.format}) "
          f"→ {target}")
    return 0


def _bank(library: Library, key: str, include_contest: bool) -> QuizBank:
    bank = library.quizzes.get(key)
    if bank is None:
        known = ", ".join(sorted(library.quizzes)) or "chưa có ngân hàng nào trong quizzes/"
        raise UsageError(f"✗ Không có ngân hàng câu hỏi '{key}' (quizzes/{key}.yml). "
                         f"Có: {known}")
    contests = sorted(c.key for c in library.contests.values() if key in c.banks)
    if contests and not include_contest:
        raise UsageError(
            f"✗ Ngân hàng '{key}' là đề của cuộc thi {', '.join(contests)}: tệp xuất ra chứa "
            "đáp án, không được để lộ. Chỉ khi thật cần (ví dụ cuộc thi đã kết thúc), thêm "
            "--include-contest.")
    if contests:
        print(f"cảnh báo: tệp chứa đáp án của cuộc thi {', '.join(contests)} — giữ kín.",
              file=sys.stderr)
    return bank


# -- import ------------------------------------------------------------------------------


def import_(args: argparse.Namespace) -> int:
    source: Path = args.file
    if not source.exists():
        raise UsageError(f"✗ Không có tệp {source}")
    if not KEY_RE.match(args.bank):
        raise UsageError(f"✗ Tên ngân hàng '{args.bank}' không hợp lệ: chữ thường không dấu, "
                         "số và dấu gạch ngang (ví dụ lao-dong-co-ban)")
    kind = args.format or _GUESSED.get(source.suffix.lower()) or (
        "qti" if source.is_dir() else None)
    if kind is None:
        raise UsageError(f"✗ Không đoán được định dạng của {source.name}: thêm --format "
                         + "|".join(FORMATS))
    try:
        basis: tuple[Basis, ...] = parse_basis(args.basis) if args.basis else ()
    except ValueError as exc:
        raise UsageError(f"✗ --basis: {exc}") from None
    out = args.out or args.root / "quizzes" / f"{args.bank}.yml"
    to_stdout = str(out) == "-"
    if not to_stdout and out.exists() and not args.force:
        raise UsageError(f"✗ {out} đã có: thêm --force để ghi đè")
    imported = _read(source, kind)
    problems = imported.problems
    _print(problems.errors + problems.warnings)
    if problems.errors:
        print(f"✗ {len(problems.errors)} lỗi trong {source} — chưa ghi gì.", file=sys.stderr)
        return 1
    if not imported.questions:
        print(f"✗ {source} không có câu hỏi nào — chưa ghi gì.", file=sys.stderr)
        return 1
    bank = imported.bank(args.bank, args.title, basis)
    write_output(bank_yaml(bank), out)
    _advise(bank, imported, args.title, out)
    return 0


def _read(source: Path, kind: str) -> Imported:
    shown = str(source)
    if kind == "qti":
        return qti.load(source, shown)
    try:
        if source.stat().st_size > MAX_TEXT_BYTES:
            raise UsageError(f"✗ {source} lớn hơn {MAX_TEXT_BYTES // 1_000_000} MB: tách thành "
                             "nhiều tệp")
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"✗ Không đọc được {source}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        imported = Imported(shown)
        imported.error(data[:exc.start].count(b"\n") + 1, "tệp không phải UTF-8",
                       "lưu lại tệp với bảng mã UTF-8 (Moodle xuất UTF-8)")
        return imported
    return (gift if kind == "gift" else aiken).load(text, shown)


def _advise(bank: QuizBank, imported: Imported, title: str | None, out: Path) -> None:
    """What is still to do before `build.py check` accepts the bank, on stderr."""
    bare = [q.id for q in bank.questions if not q.basis]
    if bare:
        print(f"cảnh báo: {len(bare)}/{len(bank.questions)} câu chưa có căn cứ pháp lý "
              f"(basis), ví dụ '{bare[0]}': viết basis cho từng câu hoặc nhập lại với "
              "--basis \"45/2019/QH14:20\"; python build.py check báo từng dòng còn thiếu.",
              file=sys.stderr)
    if not title and not imported.title:
        print(f"cảnh báo: tệp nguồn không có tiêu đề: đặt tạm '{bank.title}'; sửa 'title:' "
              "hoặc nhập lại với --title.", file=sys.stderr)
    where = "màn hình" if str(out) == "-" else str(out)
    print(f"✓ Đã nhập {len(bank.questions)} câu vào ngân hàng '{bank.key}' → {where}; kiểm "
          "tra bằng python build.py check", file=sys.stderr)


def _print(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)

