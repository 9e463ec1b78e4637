"""`python build.py translations` and `python build.py translate export|import|confirm`.

build.py parses the arguments and calls `run`; the work is in generators/translations
(status.py and po.py).
Exit status: 0 done, 1 content problems (printed as `path:line: message`), 2 wrong usage
(an unknown slug or language, a translation that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generators.atomic import replacing
from generators.commands.options import config_from
from generators.commands.report import print_report
from generators.errors import ContentError
from generators.library.model import VIETNAMESE, Library
from generators.pipeline import check
from generators.progress import Progress
from generators.translations.answers_po import confirm_answer, is_answer_slug
from generators.translations.po import default_po_name, export_po, import_po
from generators.translations.status import (
    TranslationState,
    TranslationStatus,
    UsageError,
    check_language,
    confirm,
    find_translation,
    summary_counts,
    translation_status,
)

HEADINGS = ("bài", "ngôn ngữ", "trạng thái", "ghi chú")


def run(args: argparse.Namespace) -> int:
    """Run the translation command `args` names on the library at `args.root`."""
    root: Path = args.root
    library, report = check(config_from(args), Progress(quiet=args.quiet))
    if library is None:
        print_report(report, "check")
        return 1
    try:
        if args.command == "translations":
            return show_status(library, args.lang)
        if args.action == "export":
            return _export(library, root, args.slug, args.lang, args.output)
        if args.action == "import":
            return _import(library, root, args.po)
        return _confirm(library, root, args.slug, args.lang)
    except UsageError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"✗ {len(exc.problems)} lỗi — chưa ghi gì; sửa các lỗi trên rồi chạy lại.",
              file=sys.stderr)
        return 1


def status_table(statuses: list[TranslationStatus]) -> list[str]:
    """The rows of `python build.py translations`, columns padded, with a heading row."""
    rows = [HEADINGS, *((s.path, s.lang, s.state.value, s.note) for s in statuses)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            .rstrip() for row in rows]


def show_status(library: Library, lang: str | None) -> int:
    if lang is not None:
        check_language(library, lang)
    if not any(code != VIETNAMESE for code in library.languages):
        print("Thư viện chỉ có tiếng Việt: thêm ngôn ngữ dịch vào content/_data/languages.yml.")
        return 0
    statuses = [s for s in translation_status(library) if lang is None or s.lang == lang]
    for line in status_table(statuses):
        print(line)
    counts = summary_counts(statuses)
    print("Tổng: " + ", ".join(f"{n} {state.value}" for state, n in counts.items()) + ".")
    if counts[TranslationState.STALE] or counts[TranslationState.MISSING]:
        print("Dịch hoặc cập nhật: python build.py translate export <slug> <mã-ngôn-ngữ>, dịch "
              "tệp .po, rồi python build.py translate import <tệp.po>.")
    if any(s.state is TranslationState.STALE and not s.confirmed for s in statuses):
        print("Bản dịch đã khớp bài gốc, chỉ thiếu source_hash: "
              "python build.py translate confirm <slug> <mã-ngôn-ngữ>.")
    return 0


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _export(library: Library, root: Path, slug: str, target: str, output: Path | None) -> int:
    lang = None if target == "pot" else target
    po = export_po(library, slug, lang)
    text = str(po)
    text = text if text.endswith("\n") else text + "\n"
    if output is not None and str(output) == "-":
        sys.stdout.write(text)
        return 0
    path = output if output is not None else root / "translations" / default_po_name(slug, lang)
    with replacing(path) as temp:
        temp.write_text(text, "utf-8")
    shown = _shown(root, path)
    filled = sum(1 for entry in po if entry.msgstr)
    done = f"{len(po)} mục" + (f", {filled} mục điền sẵn từ bản dịch hiện có" if filled else "")
    print(f"✓ Đã xuất {shown}: {done}.")
    if lang:
        print(f"  Dịch bằng Poedit, Weblate hoặc Pootle rồi chạy: python build.py translate "
              f"import {shown}")
    else:
        print("  Mẫu dịch: chép thành <slug>.<mã-ngôn-ngữ>.po, dịch, rồi chạy: python build.py "
              "translate import <tệp.po>")
    return 0


def _import(library: Library, root: Path, po_path: Path) -> int:
    result = import_po(root, library, po_path)
    shown = _shown(root, result.path)
    if not result.changed:
        print(f"✓ Không có gì thay đổi: {shown} đã đúng như {_shown(root, po_path)}.")
    else:
        verb = "tạo" if result.created else "ghi"
        print(f"✓ Đã {verb} {shown}: {result.translated}/{result.entries} mục đã dịch, "
              f"{result.untranslated} mục giữ tiếng Việt, {result.fuzzy} mục fuzzy.")
    if result.state is TranslationState.UP_TO_DATE:
        print("  Trạng thái: cập nhật (khớp bài gốc hiện tại).")
    elif result.fuzzy:
        print(f"  ⚠ Còn {result.fuzzy} mục fuzzy: source_hash không đổi, bản dịch vẫn là 'cũ'. "
              "Xem lại các mục đó, bỏ đánh dấu fuzzy rồi nhập lại.")
    elif result.po_hash is None:
        print("  ⚠ PO không có dòng X-Source-Hash: bản dịch vẫn là 'cũ'. Khi đã khớp bài gốc, "
              f"chạy: python build.py translate confirm {result.slug} {result.lang}")
    else:
        print("  ⚠ PO được xuất từ phiên bản cũ của bài gốc: bản dịch là 'cũ'. Xuất lại PO "
              f"(python build.py translate export {result.slug} {result.lang}) để dịch phần "
              "đã sửa.")
    if result.unmatched:
        print(f"  ⚠ {result.unmatched} mục đã dịch trong PO không còn trong bài gốc (bài gốc "
              "đã sửa): những chỗ đó giữ tiếng Việt.")
    print("  Kiểm tra: python build.py check")
    return 0


def _confirm(library: Library, root: Path, slug: str, lang: str) -> int:
    if is_answer_slug(slug):
        path, changed = confirm_answer(root, library, slug, lang)
        print(f"✓ Đã xác nhận {_shown(root, path)} theo tệp gốc hiện tại." if changed
              else f"✓ {_shown(root, path)} đã khớp tệp gốc hiện tại; không có gì thay đổi.")
        return 0
    explainer, translation = find_translation(library, slug, lang)
    path = confirm(root, library, slug, lang)
    shown = _shown(root, path)
    if translation is not None and translation.source_hash == explainer.source_hash:
        print(f"✓ {shown} đã khớp bài gốc hiện tại; không có gì thay đổi.")
    else:
        print(f"✓ Đã xác nhận {shown} theo bài gốc hiện tại "
              f"(source_hash {explainer.source_hash[:12]}…).")
    return 0
