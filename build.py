#!/usr/bin/env python3
"""Tủ sách pháp luật số — build, check and preview the legal bookshelf.

Exit status: 0 built or valid (warnings allowed), 1 content problems, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import signal
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _options(sub: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """Shared options; on subcommands they default to SUPPRESS so `--strict check` works."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if sub else value

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=default(ROOT),
                        help="thư mục dự án (chứa content/ và mkdocs.yml); mặc định: thư mục này")
    common.add_argument("--date", metavar="YYYY-MM-DD", default=default(None),
                        help="ngày tính hiệu lực văn bản; mặc định SOURCE_DATE_EPOCH hoặc hôm nay")
    for flag, text in (("--strict", "coi cảnh báo là lỗi"), ("--quiet", "không in tiến trình"),
                       ("--debug", "in traceback khi có lỗi chương trình")):
        common.add_argument(flag, action="store_true", default=default(False), help=text)
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("--site-dir", type=Path, default=default(None),
                      help="thư mục đầu ra; mặc định <root>/site")
    site.add_argument("--site-url", type=_site_url, default=default(None),
                      help="địa chỉ công khai, ví dụ https://example.gov.vn/tu-sach/")
    site.add_argument("--no-search", action="store_true", default=default(False),
                      help="bỏ qua lập chỉ mục Pagefind")
    site.add_argument("--no-audio", action="store_true", default=default(False),
                      help="không tạo sách nói (khi đó cũng không có video)")
    site.add_argument("--no-video", action="store_true", default=default(False),
                      help="không dựng video (bài có video: true)")
    site.add_argument("--no-cards", action="store_true", default=default(False),
                      help="không vẽ thẻ chia sẻ (ảnh Open Graph 1200×630)")
    site.add_argument("--no-ebooks", action="store_true", default=default(False),
                      help="không làm sách điện tử EPUB (sach-dien-tu/)")
    site.add_argument("--cache-dir", type=Path, metavar="DIR", default=default(None),
                      help="bộ nhớ đệm sách nói, video, hình; mặc định TUSACH_CACHE_DIR "
                           "hoặc <root>/.cache")
    site.add_argument("--no-bundle", action="store_true", default=default(False),
                      help="không tạo gói ZIP đọc ngoại tuyến (tai-ve/)")
    site.add_argument("--jobs", type=int, metavar="N", default=default(None),
                      help="số tiến trình song song; mặc định: mọi lõi CPU")
    _offline(site, default(False))
    return common, site


def _offline(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--offline", action="store_true", default=default,
                        help="không kết nối mạng: bỏ qua giọng đọc trực tuyến (edge-tts) chưa "
                             "có âm thanh lưu sẵn")


def parser() -> argparse.ArgumentParser:
    common, site = _options(sub=False)
    sub_common, sub_site = _options(sub=True)
    top = argparse.ArgumentParser(
        prog="python build.py",
        description="Tủ sách pháp luật số: kiểm tra nội dung và dựng tủ sách điện tử vào site/.",
        epilog="Không có lệnh nào thì chạy 'build'. Mã thoát: 0 thành công, 1 lỗi nội dung, "
               "2 sai cú pháp lệnh.",
        parents=[common, site],
    )
    commands = top.add_subparsers(dest="command", metavar="LỆNH")
    commands.add_parser("build", parents=[sub_common, sub_site],
                        help="kiểm tra rồi dựng toàn bộ vào site/")
    check = commands.add_parser("check", parents=[sub_common],
                                help="chỉ kiểm tra nội dung, không ghi gì")
    _offline(check, argparse.SUPPRESS)  # accepted everywhere a build runs; check never connects
    serve = commands.add_parser("serve", parents=[sub_common, sub_site],
                                help="dựng và xem trước, tự tải lại khi sửa nội dung")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    new = commands.add_parser("new", parents=[sub_common], help="tạo bài giải thích mới từ mẫu")
    new.add_argument("field", help="khóa lĩnh vực trong content/_data/fields.yml, ví dụ lao-dong")
    new.add_argument("slug", help="tên tệp, chữ thường không dấu, ví dụ thoi-gian-thu-viec")
    new.add_argument("--title", help="tiêu đề bài")
    status = commands.add_parser("translations", parents=[sub_common],
                                 help="tình trạng bản dịch: cập nhật, cũ, chưa có")
    status.add_argument("--lang", metavar="MÃ", help="chỉ xem một ngôn ngữ, ví dụ hmn")
    translate = commands.add_parser(
        "translate", parents=[sub_common],
        help="tệp PO cho người dịch (Poedit, Weblate, Pootle): xuất, nhập, xác nhận")
    actions = translate.add_subparsers(dest="action", metavar="VIỆC", required=True)
    export = actions.add_parser(
        "export", parents=[sub_common], help="xuất bài ra tệp PO (hoặc mẫu POT) để dịch",
        description="Mặc định ghi vào <root>/translations/<slug>.<mã>.po (mẫu: <slug>.pot); "
                    "bản dịch đã có được điền sẵn.")
    export.add_argument("slug", help="tên tệp của bài, ví dụ thu-viec")
    export.add_argument("lang", metavar="MÃ|pot",
                        help="mã ngôn ngữ trong languages.yml, hoặc 'pot' để lấy mẫu trống")
    export.add_argument("-o", "--output", type=Path, metavar="TỆP",
                        help="tệp ghi ra; '-' là in ra màn hình")
    imported = actions.add_parser("import", parents=[sub_common],
                                  help="nhập tệp PO đã dịch thành <slug>.<mã>.md cạnh bài gốc")
    imported.add_argument("po", type=Path, metavar="TỆP.po", help="tệp PO đã dịch")
    confirmed = actions.add_parser(
        "confirm", parents=[sub_common],
        help="xác nhận bản dịch khớp bài gốc hiện tại (ghi source_hash)")
    confirmed.add_argument("slug", help="tên tệp của bài, ví dụ thu-viec")
    confirmed.add_argument("lang", metavar="MÃ", help="mã ngôn ngữ của bản dịch, ví dụ hmn")
    mirror = commands.add_parser(
        "mirror", parents=[sub_common], help="sao lưu tủ sách đã dựng vào kho (thư mục hoặc S3)",
        description="Gửi những tệp mới theo catalogue.json; manifest.json ghi sau cùng nên người "
                    "đọc kho không bao giờ thấy bản dở dang. Khóa S3 lấy từ AWS_ENDPOINT_URL, "
                    "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.")
    mirror.add_argument("--to", required=True, metavar="ĐÍCH",
                        help="file:///đường/dẫn hoặc s3://bucket/thư-mục")
    mirror.add_argument("--site-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="tủ sách đã dựng (có catalogue.json); mặc định <root>/site")
    mirror.add_argument("--dry-run", action="store_true", help="chỉ in kế hoạch, không đổi gì")
    mirror.add_argument("--delete", action="store_true",
                        help="sau khi ghi, xóa đối tượng không manifest nào được giữ dùng đến")
    mirror.add_argument("--keep", type=int, default=2, metavar="N",
                        help="với --delete: giữ N manifest mới nhất (ít nhất 2); mặc định 2")
    mirror.add_argument("--bagit", action="store_true",
                        help="ghi một túi BagIt (sha256) vào file:///… để chuyển bằng ổ đĩa")
    mirror.add_argument("--jobs", type=int, metavar="N", default=argparse.SUPPRESS,
                        help="số tệp gửi cùng lúc; mặc định 8")
    return top


def _site_url(value: str) -> str:
    from generators.site.mkdocs_settings import is_site_url
    if value and not is_site_url(value):  # empty: not set (a CI variable left blank)
        raise argparse.ArgumentTypeError(
            f"'{value}' không phải địa chỉ đầy đủ bắt đầu bằng https:// "
            "(ví dụ https://example.gov.vn/tu-sach/)")
    return value


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "build"
    try:
        from generators.errors import TuSachError
        from generators.pipeline import Progress, build, build_date, check, print_report
        from generators.site.publish import UnsafeSiteDir
    except ImportError as exc:
        print(f"Thiếu thư viện ({exc.name}). Cài đặt: python3 -m venv .venv && "
              ".venv/bin/pip install -e . (xem README)", file=sys.stderr)
        return 2
    try:
        today = build_date(args.date)
    except ValueError:
        print(f"--date '{args.date}' không đúng dạng YYYY-MM-DD", file=sys.stderr)
        return 2
    root = args.root.resolve()
    progress = Progress(quiet=args.quiet)
    try:
        if command == "check":
            _, report = check(root, today, args.strict, progress)
        elif command == "new":
            from generators.scaffold import new_explainer

            try:
                path = new_explainer(root, args.field, args.slug, today, args.title)
            except TuSachError as exc:
                print(f"✗ {exc}", file=sys.stderr)
                return 2
            print(f"✓ Đã tạo {path.relative_to(root).as_posix()} (draft: true). "
                  "Sửa nội dung rồi chạy: python build.py check")
            return 0
        elif command in ("translations", "translate"):
            from generators.translations.cli import run

            return run(args, root, today, progress)
        elif command == "mirror":
            from generators.mirror.cli import run as mirror

            return mirror(args, root, progress)
        elif command == "serve":
            from generators.site.serve import serve

            signal.signal(signal.SIGTERM, _interrupt)
            return serve(root, args.site_dir, args.host, args.port, today, args.strict,
                         network=not args.offline)
        else:
            if args.jobs is not None and args.jobs < 1:
                print("--jobs phải là số nguyên dương", file=sys.stderr)
                return 2
            # `kill` (SIGTERM) ends the build like Ctrl+C: workers stopped, staging removed.
            signal.signal(signal.SIGTERM, _interrupt)
            report = build(root, args.site_dir or root / "site", today, args.strict,
                           args.site_url, not args.no_search, progress, jobs=args.jobs,
                           bundle=not args.no_bundle, audio=not args.no_audio,
                           video=not args.no_video, cards=not args.no_cards,
                           ebooks=not args.no_ebooks,
                           cache_dir=args.cache_dir, network=not args.offline)
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
    print_report(report, command)
    return 0 if report.ok else 1


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
