#!/usr/bin/env python3
"""Tủ sách pháp luật số — build, check and preview the legal bookshelf.

Exit status: 0 built or valid (warnings allowed), 1 content problems, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent


def _options(sub: bool) -> tuple[argparse.ArgumentParser, ...]:
    """Shared options (where, which date, how strict; the build's own), each command taking
    only those it uses; on subcommands they default to SUPPRESS so `--strict check` works."""
    def default(value: object) -> object:
        return argparse.SUPPRESS if sub else value

    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--root", type=Path, default=default(ROOT),
                       help="thư mục dự án (chứa content/ và mkdocs.yml); mặc định: thư mục này")
    for flag, text in (("--quiet", "không in tiến trình"),
                       ("--debug", "in traceback khi có lỗi chương trình")):
        where.add_argument(flag, action="store_true", default=default(False), help=text)
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--date", metavar="YYYY-MM-DD", default=default(None),
                       help="ngày tính hiệu lực văn bản; mặc định SOURCE_DATE_EPOCH hoặc hôm nay")
    checked = argparse.ArgumentParser(add_help=False, parents=[dated])
    checked.add_argument("--strict", action="store_true", default=default(False),
                         help="coi cảnh báo là lỗi")
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
    site.add_argument("--no-bulletins", action="store_true", default=default(False),
                      help="không làm bản tin loa truyền thanh cơ sở (ban-tin/)")
    _cache(site, default(None))
    site.add_argument("--collector-url", type=_site_url, default=default(None), metavar="URL",
                      help="địa chỉ dịch vụ nhận phản hồi, khảo sát, câu hỏi "
                           "(python build.py collector serve); mặc định collector_url trong "
                           "mkdocs.yml")
    site.add_argument("--statistics", type=Path, default=default(None), metavar="TỆP",
                      help="đăng trang thống kê từ tệp của "
                           "'python build.py collector report --format json'")
    site.add_argument("--no-bundle", action="store_true", default=default(False),
                      help="không tạo gói ZIP đọc ngoại tuyến (tai-ve/)")
    _jobs(site, default(None))
    _scheduler(site, default(None))
    _offline(site, default(False))
    return where, dated, checked, site


def _cache(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--cache-dir", metavar="DIR", default=default,
                        help="bộ nhớ đệm sách nói, video, hình: một thư mục (mặc định "
                             "TUSACH_CACHE_DIR hoặc <root>/.cache), hoặc bộ nhớ đệm chung "
                             "s3://bucket/thư-mục (khóa và máy chủ từ AWS_ENDPOINT_URL, "
                             "AWS_ACCESS_KEY_ID …) hay file:///thư-mục")
    flag_default = argparse.SUPPRESS if default is argparse.SUPPRESS else False
    parser.add_argument("--cache-read-only", action="store_true", default=flag_default,
                        help="chỉ đọc bộ nhớ đệm chung, không ghi gì vào đó (bản dựng "
                             "của pull request)")


def _scheduler(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--scheduler", metavar="tcp://MÁY:CỔNG", default=default,
                        help="làm các tệp sách nói, video, hình, sách điện tử, bản tin trên "
                             "cụm Dask có bộ lập lịch ở địa chỉ này; mặc định: các lõi của "
                             "máy này")


def _jobs(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--jobs", type=int, metavar="N", default=default,
                        help="số tiến trình song song; mặc định: mọi lõi CPU")


def _offline(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--offline", action="store_true", default=default,
                        help="không kết nối mạng: bỏ qua giọng đọc trực tuyến (edge-tts) chưa "
                             "có âm thanh lưu sẵn")


def parser() -> argparse.ArgumentParser:
    where, _, checked, site = _options(sub=False)
    sub_where, sub_dated, sub_checked, sub_site = _options(sub=True)
    sub_common = [sub_where, sub_checked]
    top = argparse.ArgumentParser(
        prog="python build.py",
        description="Tủ sách pháp luật số: kiểm tra nội dung và dựng tủ sách điện tử vào site/.",
        epilog="Không có lệnh nào thì chạy 'build'. Mã thoát: 0 thành công, 1 lỗi nội dung, "
               "2 sai cú pháp lệnh.",
        parents=[where, checked, site],
    )
    commands = top.add_subparsers(dest="command", metavar="LỆNH")
    commands.add_parser("build", parents=[*sub_common, sub_site],
                        help="kiểm tra rồi dựng toàn bộ vào site/")
    check = commands.add_parser("check", parents=sub_common,
                                help="chỉ kiểm tra nội dung, không ghi gì")
    _offline(check, argparse.SUPPRESS)  # accepted everywhere a build runs; check never connects
    serve = commands.add_parser(
        "serve", parents=sub_common, help="dựng và xem trước, tự tải lại khi sửa nội dung",
        description="Bản xem trước có cả bài nháp; không có gói ZIP, bản nén, service worker. "
                    "Sách nói, video, thẻ chia sẻ, sách điện tử chỉ làm khi được yêu cầu.")
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe; mặc định 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="cổng; mặc định 8000")
    serve.add_argument("--site-dir", type=Path, default=None,
                       help="thư mục xem trước; mặc định một thư mục tạm, xóa khi dừng")
    for name, text in (("--no-search", "bỏ qua lập chỉ mục Pagefind"),
                       ("--audio", "làm cả sách nói"),
                       ("--video", "dựng cả video (cần --audio)"),
                       ("--cards", "vẽ cả thẻ chia sẻ"),
                       ("--ebooks", "làm cả sách điện tử EPUB"),
                       ("--bulletins", "làm cả bản tin loa truyền thanh")):
        serve.add_argument(name, action="store_true", help=text)
    _cache(serve, None)
    _jobs(serve, None)
    _scheduler(serve, None)
    _offline(serve, False)
    new = commands.add_parser("new", parents=[sub_where, sub_dated],
                              help="tạo bài giải thích, hoặc bộ câu hỏi (quiz), từ mẫu")
    new.add_argument("field", help="khóa lĩnh vực trong content/_data/fields.yml, ví dụ "
                                   "lao-dong; hoặc quiz để tạo quizzes/<tên>.yml")
    new.add_argument("slug", help="tên tệp, chữ thường không dấu, ví dụ thoi-gian-thu-viec")
    new.add_argument("--title", help="tiêu đề bài (hoặc ngân hàng câu hỏi)")
    status = commands.add_parser("translations", parents=sub_common,
                                 help="tình trạng bản dịch: cập nhật, cũ, chưa có")
    status.add_argument("--lang", metavar="MÃ", help="chỉ xem một ngôn ngữ, ví dụ hmn")
    translate = commands.add_parser(
        "translate", parents=sub_common,
        help="tệp PO cho người dịch (Poedit, Weblate, Pootle): xuất, nhập, xác nhận")
    actions = translate.add_subparsers(dest="action", metavar="VIỆC", required=True)
    export = actions.add_parser(
        "export", parents=sub_common, help="xuất bài ra tệp PO (hoặc mẫu POT) để dịch",
        description="Mặc định ghi vào <root>/translations/<slug>.<mã>.po (mẫu: <slug>.pot); "
                    "bản dịch đã có được điền sẵn.")
    export.add_argument("slug", help="tên tệp của bài, ví dụ thu-viec; hoặc qa/<tên>, "
                                     "situations/<tên> cho hỏi đáp, tình huống")
    export.add_argument("lang", metavar="MÃ|pot",
                        help="mã ngôn ngữ trong languages.yml, hoặc 'pot' để lấy mẫu trống")
    export.add_argument("-o", "--output", type=Path, metavar="TỆP",
                        help="tệp ghi ra; '-' là in ra màn hình")
    imported = actions.add_parser("import", parents=sub_common,
                                  help="nhập tệp PO đã dịch thành <slug>.<mã>.md (hỏi đáp, "
                                       "tình huống: <tên>.<mã>.yml) cạnh tệp gốc")
    imported.add_argument("po", type=Path, metavar="TỆP.po", help="tệp PO đã dịch")
    confirmed = actions.add_parser(
        "confirm", parents=sub_common,
        help="xác nhận bản dịch khớp bài gốc hiện tại (ghi source_hash)")
    confirmed.add_argument("slug", help="tên tệp của bài, ví dụ thu-viec; hoặc qa/<tên>, "
                                        "situations/<tên>")
    confirmed.add_argument("lang", metavar="MÃ", help="mã ngôn ngữ của bản dịch, ví dụ hmn")
    mirror = commands.add_parser(
        "mirror", parents=[sub_where], help="sao lưu tủ sách đã dựng vào kho (thư mục hoặc S3)",
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
    national = commands.add_parser(
        "national", parents=[sub_where], help="dựng cổng quốc gia từ kho sao lưu của các tỉnh",
        description="Đọc manifest.json và catalogue.json của mọi tỉnh trong kho (mỗi tỉnh một "
                    "thư mục, như 'mirror --to …/<tỉnh>' ghi), rồi dựng danh bạ các tỉnh, "
                    "trang tìm kiếm trên cả nước (gộp chỉ mục Pagefind của từng tỉnh ngay "
                    "trong trình duyệt), catalogue.json, OAI-PMH và Atom chung.")
    national.add_argument("--repository", required=True, metavar="KHO",
                          help="file:///đường/dẫn hoặc s3://bucket/thư-mục")
    national.add_argument("--site-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                          help="thư mục đầu ra; mặc định <root>/site-quoc-gia")
    national.add_argument("--site-url", type=_site_url, default=None, metavar="URL",
                          help="địa chỉ công khai của cổng, ví dụ https://phapluat.gov.vn/")
    _collector(commands, sub_common, sub_where)
    bulletin = commands.add_parser("bulletin", parents=sub_common,
                                   help="bản tin loa truyền thanh cơ sở: xem trước lời đọc")
    bulletin_actions = bulletin.add_subparsers(dest="action", metavar="VIỆC", required=True)
    shown = bulletin_actions.add_parser(
        "preview", parents=sub_common, help="in lời đọc của một bản tin, đã canh độ dài",
        description="Đọc thử từng phần (lưu trong bộ nhớ đệm) để đo độ dài, rồi in lời đọc "
                    "đúng như bản tin sẽ phát.")
    shown.add_argument("name", help="tên bản tin trong audiobooks/bulletins.yml")
    _cache(shown, None)
    _quiz(commands, sub_where, sub_dated)
    _qa(commands, sub_where, sub_dated)
    return top


def _qa(commands: Any, sub_where: argparse.ArgumentParser,
        sub_dated: argparse.ArgumentParser) -> None:
    """`qa draft`: citizens' questions from the collector's export into a Q&A draft."""
    qa = commands.add_parser("qa", parents=[sub_where],
                             help="bản nháp hỏi đáp từ câu hỏi người dân gửi (collector export)")
    actions = qa.add_subparsers(dest="action", metavar="VIỆC", required=True)
    draft = actions.add_parser(
        "draft", parents=[sub_where, sub_dated],
        help="viết bản nháp qa/*.yml từ tệp xuất câu hỏi",
        description="Mỗi câu hỏi chưa có câu trả lời thành một mục: câu trả lời để trống cho "
                    "biên tập viên viết, asked: là mã câu hỏi, và các mục giải thích khớp nhất "
                    "được gợi ý. Không ghi đè tệp đã có nếu không có --force.")
    draft.add_argument("--from", dest="source", type=Path, required=True, metavar="TỆP",
                       help="tệp JSON lines của 'python build.py collector export "
                            "--kind question'; '-' là đọc từ đầu vào")
    draft.add_argument("--field", metavar="LĨNH-VỰC",
                       help="chỉ câu hỏi của lĩnh vực này (cần khi tệp có nhiều lĩnh vực)")
    draft.add_argument("--out", type=Path, metavar="TỆP",
                       help="tệp YAML ghi ra; '-' là in ra màn hình; mặc định "
                            "<root>/qa/nhap/<lĩnh-vực>.yml")
    draft.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def _quiz(commands: Any, sub_where: argparse.ArgumentParser,
          sub_dated: argparse.ArgumentParser) -> None:
    """`quiz export|import`: question banks to and from GIFT, Aiken (Moodle) and QTI 3.0."""
    quiz = commands.add_parser(
        "quiz", parents=[sub_where],
        help="xuất, nhập ngân hàng câu hỏi: GIFT, Aiken (Moodle), QTI 3.0")
    actions = quiz.add_subparsers(dest="action", metavar="VIỆC", required=True)
    formats = ("gift", "aiken", "qti")
    export = actions.add_parser(
        "export", parents=[sub_where, sub_dated], help="xuất một ngân hàng quizzes/<tên>.yml",
        description="GIFT giữ đủ bảy loại câu; Aiken chỉ giữ câu một đáp án (câu khác bị bỏ, "
                    "có cảnh báo); QTI là gói ZIP (imsmanifest.xml và mỗi câu một tệp).")
    export.add_argument("bank", help="tên ngân hàng (tên tệp trong quizzes/, không có .yml)")
    export.add_argument("--format", choices=formats, required=True, help="định dạng")
    export.add_argument("--out", type=Path, metavar="TỆP|THƯ-MỤC",
                        help="tệp ghi ra, hoặc thư mục (ghi <tên>.gift, .txt, .zip); mặc định "
                             "in ra màn hình")
    export.add_argument("--include-contest", action="store_true",
                        help="cho xuất cả ngân hàng mà một cuộc thi rút đề (tệp có đáp án)")
    imported = actions.add_parser(
        "import", parents=[sub_where], help="nhập tệp GIFT, Aiken, QTI thành quizzes/<tên>.yml",
        description="Không ghi đè tệp đã có nếu không có --force. Câu không có id được đặt id "
                    "theo nội dung.")
    imported.add_argument("file", type=Path, metavar="TỆP",
                          help="tệp .gift, .txt (Aiken), gói QTI .zip, thư mục gói hoặc một "
                               "tệp câu hỏi .xml")
    imported.add_argument("--format", choices=formats,
                          help="định dạng; mặc định đoán theo đuôi tệp (.gift, .zip, .xml)")
    imported.add_argument("--bank", required=True, metavar="TÊN",
                          help="tên ngân hàng mới, ví dụ lao-dong-co-ban")
    imported.add_argument("--title", help="tiêu đề ngân hàng; mặc định lấy từ tệp nguồn")
    imported.add_argument("--basis", metavar="SỐ-HIỆU:ĐIỀU",
                          help="căn cứ cho mọi câu chưa có, ví dụ \"45/2019/QH14:20\" "
                               "(nhiều căn cứ cách nhau bằng ;)")
    imported.add_argument("--out", type=Path, metavar="TỆP",
                          help="tệp YAML ghi ra; '-' là in ra màn hình; mặc định "
                               "<root>/quizzes/<tên>.yml")
    imported.add_argument("--force", action="store_true", help="ghi đè tệp đã có")


def _collector(commands: Any, sub_common: list[argparse.ArgumentParser],
               sub_where: argparse.ArgumentParser) -> None:
    """`collector serve|migrate|export|report|backup|rankings|certificates`: the service
    beside the site, and its data."""
    collector = commands.add_parser(
        "collector", parents=[sub_where],
        help="dịch vụ nhận phản hồi, khảo sát, câu hỏi của người đọc, và dữ liệu của nó",
        description="Cơ sở dữ liệu: --db, hoặc biến TUSACH_COLLECTOR_DB, mặc định "
                    "sqlite:///<root>/collector.sqlite3; postgresql://… cho máy chủ thật.")
    actions = collector.add_subparsers(dest="action", metavar="VIỆC", required=True)

    def database(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", metavar="URL", default=None,
                            help="sqlite:///đường/dẫn.sqlite3 hoặc postgresql://người@máy/csdl; "
                                 "mặc định TUSACH_COLLECTOR_DB hoặc <root>/collector.sqlite3")

    serve = actions.add_parser(
        "serve", parents=sub_common, help="chạy dịch vụ (đọc thư viện một lần khi bắt đầu)",
        description="Nhận POST feedback, surveys/<khảo-sát>, questions, "
                    "contests/<cuộc-thi>/attempts[/<lượt>]; GET health. Không đặt "
                    "cookie, không lưu địa chỉ IP hay trình duyệt.")
    database(serve)
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ nghe; mặc định 127.0.0.1")
    serve.add_argument("--port", type=int, default=8400, help="cổng; mặc định 8400")
    serve.add_argument("--site-url", type=_site_url, default=argparse.SUPPRESS, metavar="URL",
                       help="địa chỉ công khai của tủ sách (nguồn CORS, trang quay về); "
                            "mặc định site_url trong mkdocs.yml")
    serve.add_argument("--trust-proxy", action="store_true",
                       help="lấy địa chỉ người gửi từ X-Forwarded-For (chỉ khi đứng sau nginx; "
                            "cũng bật bằng TUSACH_COLLECTOR_TRUST_PROXY=1)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="số tiến trình uvicorn (dùng với PostgreSQL); mặc định 1")
    migrate = actions.add_parser("migrate", parents=[sub_where],
                                 help="đưa cơ sở dữ liệu lên phiên bản mới nhất (serve tự làm)")
    database(migrate)
    export = actions.add_parser("export", parents=[sub_where],
                                help="in mọi bản ghi ra màn hình (JSON Lines hoặc CSV)")
    database(export)
    export.add_argument("--kind", choices=("feedback", "survey", "question", "attempt"),
                        help="chỉ một loại; mặc định mọi loại (attempt: bài dự thi, có thông "
                             "tin liên lạc của người dự thi — chỉ xuất ra ở đây)")
    export.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="mặc định jsonl; csv cần --kind hoặc --output")
    export.add_argument("--output", type=Path, metavar="THƯ-MỤC",
                        help="với csv: ghi mỗi loại một tệp <loại>.csv vào thư mục này")
    report = actions.add_parser(
        "report", parents=sub_common,
        help="báo cáo: mức hài lòng (khoảng tin cậy 95 %%, n), phản hồi theo trang, câu hỏi theo "
             "lĩnh vực")
    database(report)
    report.add_argument("--format", choices=("text", "json"), default="text",
                        help="text cho người biên tập (mặc định); json để đăng (--statistics)")
    backup = actions.add_parser(
        "backup", parents=[sub_where], help="sao lưu cơ sở dữ liệu SQLite khi đang chạy",
        description="Bản sao nhất quán (sqlite3 online backup). PostgreSQL: dùng pg_dump.")
    database(backup)
    backup.add_argument("--to", type=Path, required=True, metavar="TỆP", help="tệp sao lưu")
    rankings = actions.add_parser(
        "rankings", parents=sub_common,
        help="bảng xếp hạng một cuộc thi: CSV, XLSX cho ban tổ chức (có thông tin liên hệ), "
             "JSON để đăng lên tủ sách (không có)",
        description="Đăng kết quả: --format json --out quizzes/results/<cuộc-thi>.json rồi "
                    "dựng lại tủ sách.")
    database(rankings)
    rankings.add_argument("contest", metavar="CUỘC-THI", help="tên tệp quizzes/contests/<tên>.yml")
    rankings.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv",
                          help="mặc định csv; xlsx cần --out")
    rankings.add_argument("--out", type=Path, metavar="TỆP",
                          help="ghi vào tệp (csv, xlsx: chỉ người chạy lệnh đọc được); mặc "
                               "định in ra màn hình")
    certificates = actions.add_parser(
        "certificates", parents=sub_common,
        help="giấy chứng nhận PNG (có mã QR tới trang kiểm tra) cho người đạt certificate_score")
    database(certificates)
    certificates.add_argument("contest", metavar="CUỘC-THI",
                              help="tên tệp quizzes/contests/<tên>.yml")
    certificates.add_argument("--out", type=Path, required=True, metavar="THƯ-MỤC",
                              help="thư mục ghi <mã>.png")


def _ignored(top: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """Build options written before a command that does not use them (`--no-audio serve`)."""
    if args.command in (None, "build"):
        return []
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    chosen = commands.choices[args.command]
    own = {a.dest for a in chosen._actions}
    for nested in chosen._actions:  # `collector serve --site-url …`: the action's own options
        if isinstance(nested, argparse._SubParsersAction) and getattr(args, "action", None):
            own |= {a.dest for a in nested.choices[args.action]._actions}
    return [action.option_strings[0] for action in top._actions
            if action.option_strings and action.dest not in own and action.dest != "help"
            and getattr(args, action.dest, action.default) != action.default]


def _site_url(value: str) -> str:
    from generators.config.mkdocs_yml import is_site_url
    if value and not is_site_url(value):  # empty: not set (a CI variable left blank)
        raise argparse.ArgumentTypeError(
            f"'{value}' không phải địa chỉ đầy đủ bắt đầu bằng https:// "
            "(ví dụ https://example.gov.vn/tu-sach/)")
    return value


def main(argv: list[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    ignored = _ignored(top, args)
    if ignored:
        top.error(f"lệnh '{args.command}' không dùng {', '.join(ignored)}")
    try:
        from generators.commands import run
    except ImportError as exc:
        print(f"Thiếu thư viện ({exc.name}). Cài đặt: python3 -m venv .venv && "
              ".venv/bin/pip install -e . (xem README)", file=sys.stderr)
        return 2
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
