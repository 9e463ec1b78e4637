"""`python build.py mirror --to file:///… | s3://bucket/prefix [--dry-run] [--delete] [--bagit]`.

build.py parses the arguments and calls `run`. Exit status: 0 mirrored (or planned),
1 the catalogue does not match the site or the repository failed, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generators.config import default_site_dir
from generators.mirror.errors import UsageError
from generators.mirror.keys import key_problem
from generators.mirror.plan import Payload, Plan, make_plan, read_payload, scan
from generators.mirror.store import FileStore, Store
from generators.mirror.sync import MirrorReport, mirror
from generators.progress import Progress
from generators.site.bundle import format_size

BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")
JOBS = 8
"""Uploads in flight at once: S3 latency, not CPU, is what limits a mirror."""


@dataclass(frozen=True)
class Target:
    label: str
    """As written on the command line, trailing slash removed."""
    path: Path | None = None
    bucket: str = ""
    prefix: str = ""


def parse_target(text: str) -> Target:
    """`file:///absolute/path` or `s3://bucket[/prefix]`."""
    parts = urlsplit(text)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise UsageError(f"--to {text}: dùng đường dẫn tuyệt đối, ví dụ file:///srv/kho")
        return Target(text.rstrip("/"), path=Path(unquote(parts.path)))
    if parts.scheme == "s3":
        if "@" in parts.netloc or ":" in parts.netloc:  # a key typed into the URL: never echo it
            raise UsageError("--to: đừng ghi khóa truy cập vào địa chỉ s3:// — đặt "
                             "AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY")
        if not BUCKET.match(parts.netloc) or parts.query or parts.fragment:
            raise UsageError(f"--to {text}: tên bucket không hợp lệ (dạng s3://bucket/thu-muc)")
        prefix = unquote(parts.path).strip("/")
        if prefix and key_problem(prefix):
            raise UsageError(f"--to {text}: thư mục trong bucket không hợp lệ "
                             f"({key_problem(prefix)})")
        label = f"s3://{parts.netloc}/{prefix}" if prefix else f"s3://{parts.netloc}"
        return Target(label, bucket=parts.netloc, prefix=prefix)
    raise UsageError(f"--to {text}: chỉ hỗ trợ file:///đường/dẫn hoặc s3://bucket/thư-mục")


def open_store(target: Target) -> Store:
    if target.path is not None:
        return FileStore(target.path, target.label)
    from generators.mirror.s3 import S3Store  # boto3 only when an s3:// target needs it

    return S3Store(target.bucket, target.prefix, target.label)


def run(args: argparse.Namespace) -> int:
    """Mirror the built site (or write a BagIt bag) to `args.to`."""
    root: Path = args.root
    progress = Progress(quiet=args.quiet)
    try:
        target = parse_target(args.to)
        if args.bagit and target.path is None:
            raise UsageError("--bagit chỉ ghi ra đĩa: dùng --to file:///đường/dẫn")
        if args.bagit and args.delete:
            raise UsageError("--bagit luôn ghi cả túi mới: không dùng kèm --delete")
        if args.keep < 2:
            raise UsageError("--keep phải từ 2 trở lên (giữ bản đang đọc và bản trước đó)")
        jobs = args.jobs or JOBS
        if jobs < 1:
            raise UsageError("--jobs phải là số nguyên dương")
    except UsageError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    site_dir = (args.site_dir or default_site_dir(root)).resolve()
    start = time.monotonic()
    try:
        payload = read_payload(site_dir, progress, jobs)
        if args.bagit and target.path is not None:
            return _bag(payload, target.path, args.dry_run, progress, jobs)
        store = open_store(target)
        progress.stage(f"Đọc trạng thái kho {target.label}")
        plan = make_plan(payload, scan(store, with_history=args.delete), store, args.delete,
                         args.keep)
        if args.dry_run:
            print_plan(plan, target.label)
            return 0
        report = mirror(payload, plan, store, progress, jobs)
        report.seconds = time.monotonic() - start  # the whole run, hashing the site included
    except UsageError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # other failures: generators.commands.run says them
        print(f"✗ Đã dừng: người đọc {target.label} vẫn thấy bản trước, nguyên vẹn; chạy lại "
              "để tiếp tục (phần đã gửi không phải gửi lại).", file=sys.stderr)
        return 130
    print(summary(report, target.label))
    return 0


def _seconds(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def summary(report: MirrorReport, label: str) -> str:
    resumed = f", lấy lại {report.promoted} tệp đã gửi dở" if report.promoted else ""
    state = "" if report.committed else " Kho đã là bản mới nhất."
    return (f"✓ Đã sao lưu vào {label}: gửi {report.sent} tệp / "
            f"{format_size(report.sent_bytes)}{resumed}, dùng lại {report.reused}, xóa "
            f"{report.deleted}, {_seconds(report.seconds)} giây ({report.requests} yêu cầu)."
            f"{state}")


def print_plan(plan: Plan, label: str) -> None:
    """The dry run: what would be sent, reused and deleted; nothing is changed."""
    print(f"Kế hoạch sao lưu vào {label} (chạy thử — không thay đổi gì):")
    for entry in plan.send:
        print(f"  gửi      {entry.path} ({format_size(entry.size)})")
    for entry in plan.promote:
        print(f"  lấy lại  {entry.path} ({format_size(entry.size)}, đã gửi dở: chỉ kiểm tra)")
    reused = sum(entry.size for entry in plan.reused)
    print(f"  dùng lại {len(plan.reused)} tệp ({format_size(reused)})")
    print(f"  manifest.json: {'thay bằng bản mới' if plan.commit else 'không đổi'}")
    for key in plan.delete:
        print(f"  xóa      {key}")
    print(f"✓ Chạy thử: sẽ gửi {len(plan.send)} tệp / {format_size(plan.send_size)}, "
          f"dùng lại {len(plan.reused)}, xóa {len(plan.delete)}.")


def _bag(payload: Payload, path: Path, dry_run: bool, progress: Progress, jobs: int) -> int:
    from generators.mirror.bag import write_bag  # bagit only when a bag is asked for

    if dry_run:
        print(f"Chạy thử: sẽ ghi túi BagIt {path} — {len(payload.files)} tệp / "
              f"{format_size(payload.size)} trong data/, sha256.")
        return 0
    report = write_bag(payload, path, progress, jobs)
    print(f"✓ Đã ghi túi BagIt {report.path}: {report.files} tệp / {format_size(report.size)}, "
          f"đã kiểm tra, {_seconds(report.seconds)} giây.")
    return 0
