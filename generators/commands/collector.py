"""`python build.py collector serve|migrate|export|report|backup|rankings|certificates`: the
service that receives page feedback, survey answers, questions and contest attempts
(generators/collector), and its data.

Exit status: 0 done, 1 library problems or a database that cannot be read, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from generators.collector import storage
from generators.collector.settings import Settings
from generators.commands.options import UsageError, config_from
from generators.commands.report import print_report
from generators.library.model import Contest, Library
from generators.pipeline import check
from generators.progress import Progress

TRUST_PROXY_ENV = "TUSACH_COLLECTOR_TRUST_PROXY"
DB_ENV = "TUSACH_COLLECTOR_DB"
_WORKER_ENV = ("TUSACH_COLLECTOR_ROOT", "TUSACH_COLLECTOR_SITE_URL", "TUSACH_COLLECTOR_DATE")
"""What `serve --workers N` hands each uvicorn worker process (see `worker_app`)."""


def run(args: argparse.Namespace) -> int:
    url = args.db or storage.default_url(args.root)
    if args.action == "serve":
        return serve(args, url)
    if args.action == "migrate":
        storage.migrate(url)
        print(f"✓ Cơ sở dữ liệu đã ở phiên bản mới nhất: {_shown(url)}")
        return 0
    _must_exist(url)
    if args.action == "export":
        return export(url, args.kind, args.format, args.output, sys.stdout)
    if args.action == "backup":
        storage.backup(url, args.to)
        print(f"✓ Đã sao lưu {_shown(url)} vào {args.to}")
        return 0
    if args.action == "report":
        return report(args, url)
    if args.action == "rankings":
        return rankings(args, url, sys.stdout)
    if args.action == "certificates":
        return certificates(args, url)
    raise UsageError(f"✗ Không có việc '{args.action}'")


def _shown(url: str) -> str:
    """A database URL without its password, to print."""
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


def _must_exist(url: str) -> None:
    path = storage.sqlite_path(url)
    if path is not None and not path.is_file():
        raise UsageError(f"✗ Không có cơ sở dữ liệu {path}: dịch vụ chưa chạy lần nào ở đây, "
                         "hoặc chọn đúng --db")


def _library(args: argparse.Namespace) -> tuple[Library | None, Any]:
    config = config_from(args)
    library, result = check(config, Progress(quiet=args.quiet))
    if library is None:
        print_report(result, "check")
    return library, config


def trust_proxy(args: argparse.Namespace) -> bool:
    """`--trust-proxy`, or TUSACH_COLLECTOR_TRUST_PROXY=1 (also true, yes)."""
    flag = os.environ.get(TRUST_PROXY_ENV, "").strip().lower() in ("1", "true", "yes", "co")
    return bool(getattr(args, "trust_proxy", False)) or flag


def serve(args: argparse.Namespace, url: str) -> int:
    """Check the library, bring the database up to date, then serve until stopped."""
    import uvicorn

    from generators.collector.app import UVICORN, create_app

    library, config = _library(args)
    if library is None:
        return 1
    if not config.site_url:
        raise UsageError("✗ Cần địa chỉ của tủ sách: --site-url https://…/ hoặc site_url trong "
                         "mkdocs.yml (để nhận CORS và đưa người đọc về đúng trang)")
    if args.workers < 1:
        raise UsageError("✗ --workers phải là số nguyên dương")
    storage.migrate(url)
    options: dict[str, Any] = {"host": args.host, "port": args.port, **UVICORN,
                               "log_level": "warning" if args.quiet else "info"}
    print(f"✓ Dịch vụ thu nhận: {len(library.published)} bài, {len(library.surveys)} khảo sát, "
          f"{len(library.contests)} cuộc thi; "
          f"dữ liệu ở {_shown(url)}; nghe ở http://{args.host}:{args.port}/")
    if args.workers == 1:
        engine = storage.engine_for(url)
        settings = Settings.from_library(library, config.site_url, engine,
                                         site_name=config.site_name,
                                         trust_proxy=trust_proxy(args))
        try:
            uvicorn.run(create_app(settings), **options)
        finally:
            engine.dispose()
        return 0
    os.environ.update({"TUSACH_COLLECTOR_ROOT": str(args.root), DB_ENV: url,
                       "TUSACH_COLLECTOR_SITE_URL": config.site_url,
                       "TUSACH_COLLECTOR_DATE": config.today.isoformat(),
                       TRUST_PROXY_ENV: "1" if trust_proxy(args) else "0"})
    uvicorn.run("generators.commands.collector:worker_app", factory=True,
                workers=args.workers, **options)
    return 0


def worker_app() -> Any:
    """The application of one `--workers` process, from what `serve` put in its
    environment (each worker reads the library once)."""
    from datetime import date

    from generators.collector.app import create_app
    from generators.config import load_config

    root, site_url, day = (os.environ[name] for name in _WORKER_ENV)
    config = load_config(Path(root), site_url=site_url, today=date.fromisoformat(day))
    library, _ = check(config)
    if library is None:
        raise SystemExit("thư viện có lỗi: chạy python build.py check")
    settings = Settings.from_library(library, site_url, storage.engine_for(os.environ[DB_ENV]),
                                     site_name=config.site_name,
                                     trust_proxy=os.environ.get(TRUST_PROXY_ENV) == "1")
    return create_app(settings)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def write_csv(rows: Iterable[dict[str, Any]], kind: str, out: TextIO) -> int:
    """One kind's records as CSV with a header (answers as JSON text)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "received", *storage.FIELDS[kind]])
    count = 0
    for row in rows:
        writer.writerow([_cell(row[name]) for name in ("kind", "received",
                                                       *storage.FIELDS[kind])])
        count += 1
    return count


def export(url: str, kind: str | None, fmt: str, output: Path | None, out: TextIO) -> int:
    """Every record as JSON lines on `out`, or as CSV: one kind on `out`, or each kind in its
    own file `<output>/<kind>.csv`."""
    if fmt == "jsonl":
        out.writelines(iter_lines(storage.records(url, kind)))
        return 0
    if kind is not None and output is None:
        write_csv(storage.records(url, kind), kind, out)
        return 0
    if output is None:
        raise UsageError("✗ --format csv ghi mỗi loại một tệp: thêm --kind feedback|survey|"
                         "question|attempt, hoặc --output THƯ-MỤC")
    output.mkdir(parents=True, exist_ok=True)
    for name in (kind,) if kind else storage.KINDS:
        target = output / f"{name}.csv"
        with open(target, "w", encoding="utf-8", newline="") as handle:
            count = write_csv(storage.records(url, name), name, handle)
        os.chmod(target, 0o600)
        print(f"✓ {target}: {count} bản ghi", file=sys.stderr)
    return 0


def report(args: argparse.Namespace, url: str) -> int:
    """`generators.collector.report` over every stored record, on standard output."""
    from generators.collector.report import run_report

    library, _ = _library(args)
    if library is None:
        return 1
    text = run_report(storage.records(url), library, args.format)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _contest(library: Library, key: str) -> Contest:
    contest = library.contests.get(key)
    if contest is None:
        known = ", ".join(sorted(library.contests)) or "chưa có cuộc thi nào"
        raise UsageError(f"✗ Không có cuộc thi '{key}' trong quizzes/contests/ ({known})")
    return contest


def rankings(args: argparse.Namespace, url: str, out: TextIO) -> int:
    """A contest's ranking: CSV or XLSX for the organisers (contact details included, the
    file readable by its owner only), or the JSON results file to publish (no contact)."""
    from generators.quiz import results

    library, _ = _library(args)
    if library is None:
        return 1
    contest = _contest(library, args.contest)
    ranked = results.table(contest, storage.records(url, "attempt"))
    target: Path | None = args.out
    if args.format == "xlsx":
        if target is None:
            raise UsageError("✗ --format xlsx ghi ra tệp: thêm --out TỆP.xlsx")
        results.write_file(target, results.xlsx_bytes(contest, ranked), private=True)
    elif args.format == "csv":
        if target is None:
            results.write_csv(contest, ranked, out)
            return 0
        buffer = io.StringIO()
        results.write_csv(contest, ranked, buffer)
        results.write_file(target, buffer.getvalue().encode("utf-8"), private=True)
    else:
        text = json.dumps(results.published(contest, ranked), ensure_ascii=False, indent=2)
        if target is None:
            out.write(text + "\n")
            return 0
        results.write_file(target, (text + "\n").encode("utf-8"), private=False)
    print(f"✓ {target}: {len(ranked)} người dự thi", file=sys.stderr)
    return 0


def certificates(args: argparse.Namespace, url: str) -> int:
    """A PNG certificate per participant at the contest's `certificate_score`, into --out."""
    from generators.quiz.certificates import write_certificates
    from generators.quiz.results import table

    library, config = _library(args)
    if library is None:
        return 1
    contest = _contest(library, args.contest)
    if contest.certificate_score is None:
        raise UsageError(f"✗ Cuộc thi '{contest.key}' không cấp chứng nhận: thêm "
                         f"certificate_score vào {contest.path}")
    if not config.site_url:
        raise UsageError("✗ Cần site_url trong mkdocs.yml: mã QR dẫn tới trang kiểm tra "
                         "chứng nhận trên tủ sách")
    written = write_certificates(contest, table(contest, storage.records(url, "attempt")),
                                 config.site_url, args.out)
    print(f"✓ {args.out}: {len(written)} giấy chứng nhận (PNG). Đăng kết quả để mã QR dẫn "
          f"tới trang kiểm tra: python build.py collector rankings {contest.key} --format json "
          f"--out quizzes/results/{contest.key}.json, rồi dựng lại tủ sách", file=sys.stderr)
    return 0


def iter_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """JSON lines of `records` (what `export --format jsonl` writes)."""
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"
