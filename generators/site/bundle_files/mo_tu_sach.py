#!/usr/bin/env python3
"""Open Tủ sách pháp luật số offline: a tiny web server for the `trang/` folder beside it.

Search (Pagefind) does not work from file://, so the pages are served on this computer.
Needs only Python 3.8+ and its standard library.

    python3 mo_tu_sach.py              # http://127.0.0.1:8080/ (or the next free port)
    python3 mo_tu_sach.py --lan        # also for phones on the same Wi-Fi
    python3 mo_tu_sach.py --port 9000 --no-browser
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time
import webbrowser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

SITE = Path(__file__).resolve().parent / "trang"
# Written by the build from the site's security policy (the same headers as its _headers).
SECURITY_FILE = Path(__file__).resolve().parent / "headers.json"
DEFAULT_PORT = 8080
PORTS_TRIED = 20
# Our own map: Windows' registry can make `mimetypes` say text/plain for .js, and browsers
# refuse such scripts and WebAssembly.
MIME = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".wasm": "application/wasm",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".epub": "application/epub+zip",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                   *(f"LPT{i}" for i in range(10))}
RANGE = re.compile(r"bytes=(\d*)-(\d*)")
STARTED = time.time_ns()


def resolve(root: Path, url_path: str) -> Path | None:
    """The file or folder under `root` named by a decoded URL path; None if it leaves `root`."""
    if not url_path.startswith("/"):
        return None
    segments = [s for s in url_path.split("/") if s]
    for segment in segments:
        if (segment in (".", "..") or any(c in segment for c in "\\:\x00")
                or segment.split(".")[0].upper() in WINDOWS_DEVICES):
            return None
    base = os.path.realpath(root)
    real = os.path.realpath(root.joinpath(*segments))
    try:
        inside = os.path.normcase(os.path.commonpath([real, base])) == os.path.normcase(base)
    except ValueError:  # another drive on Windows
        return None
    return Path(real) if inside else None


def load_security(path: Path) -> dict[str, str]:
    """The security headers to send with every response; none if the file is missing or
    damaged (the pages still carry their Content-Security-Policy)."""
    try:
        headers = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(headers, dict):
        return {}
    return {str(name): str(value) for name, value in headers.items()
            if "\n" not in f"{name}{value}" and "\r" not in f"{name}{value}"}


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD for static files: index.html for folders, the site's 404, byte ranges."""

    protocol_version = "HTTP/1.1"
    server_version = "TuSach"
    root = SITE
    security = load_security(SECURITY_FILE)

    def version_string(self) -> str:
        return self.server_version

    def end_headers(self) -> None:
        for name, value in self.security.items():
            self.send_header(name, value)
        super().end_headers()

    def do_GET(self) -> None:
        self.serve(send_body=True)

    def do_HEAD(self) -> None:
        self.serve(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would bury the address that people need to read

    def serve(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        try:
            path = unquote(parts.path, errors="strict")
        except UnicodeDecodeError:
            path = ""  # refused below
        found = resolve(self.root, path)
        if found is None:
            self.reply(403, "text/plain; charset=utf-8", "Không được phép.".encode(), send_body)
            return
        if found.is_dir():
            if not parts.path.endswith("/"):
                location = parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                self.reply(301, "text/plain; charset=utf-8", b"", send_body, Location=location)
                return
            found = found / "index.html"
        if not found.is_file():
            self.not_found(send_body)
            return
        self.send_file(found, send_body)

    def not_found(self, send_body: bool) -> None:
        page = self.root / "404.html"
        body = page.read_bytes() if page.is_file() else "Không tìm thấy trang.".encode()
        kind = MIME[".html"] if page.is_file() else MIME[".txt"]
        self.reply(404, kind, body, send_body)

    def reply(self, status: int, kind: str, body: bytes, send_body: bool,
              **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def send_file(self, path: Path, send_body: bool) -> None:
        with path.open("rb") as data:
            stat = os.fstat(data.fileno())
            size = stat.st_size
            # Not the modification time alone: unzipping sets every file to the bundle's build
            # date, so two bundles of one day would look alike. Restarting the server (as one
            # does after unpacking a new bundle) changes every tag.
            tag = f'"{STARTED:x}-{stat.st_mtime_ns:x}-{size:x}-{stat.st_ino:x}"'
            if self.not_modified(tag):
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            span = self.byte_range(size, tag)
            if span == (-1, -1):
                self.reply(416, MIME[".txt"], b"", send_body,
                           **{"Content-Range": f"bytes */{size}"})
                return
            start, end = span or (0, size - 1)
            self.send_response(206 if span else 200)
            self.send_header("Content-Type", MIME.get(path.suffix.lower(),
                                                      "application/octet-stream"))
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", tag)
            # Revalidate every time, so a newer bundle unpacked in the same place shows at once.
            self.send_header("Cache-Control", "no-cache")
            if span:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.end_headers()
            if send_body:
                data.seek(start)
                copy(data, self.wfile, end - start + 1)

    def not_modified(self, tag: str) -> bool:
        asked = self.headers.get("If-None-Match", "")
        return not self.headers.get("Range") and tag in (t.strip() for t in asked.split(","))

    def byte_range(self, size: int, tag: str) -> tuple[int, int] | None:
        """(first, last) byte asked for; None for the whole file; (-1, -1) if unsatisfiable."""
        match = RANGE.fullmatch(self.headers.get("Range", "").strip())
        if_range = self.headers.get("If-Range")
        if not match or (if_range and if_range != tag) or match.groups() == ("", ""):
            return None
        first, last = match.groups()
        if first and last and int(last) < int(first):
            return None  # not a valid range: the whole file, as RFC 9110 says
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:
            start, end = max(size - int(last), 0), size - 1
        return (start, end) if start <= end else (-1, -1)


def copy(source: Any, target: Any, length: int) -> None:
    while length > 0:
        chunk = source.read(min(length, 1 << 16))
        if not chunk:
            break
        target.write(chunk)
        length -= len(chunk)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # On Windows SO_REUSEADDR lets a second server take a port that is in use.
    allow_reuse_address = os.name != "nt"

    def server_bind(self) -> None:
        # HTTPServer's own looks up this computer's full name: that can stall for many
        # seconds on a machine with no network at all.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):  # a browser closing a tab is normal
            print(f"Lỗi khi phục vụ một yêu cầu: {error!r}", file=sys.stderr, flush=True)


def bind(host: str, port: int) -> Server:
    """A server on `port`, or on the next free one (port 0: any free port)."""
    tried = [0] if port == 0 else range(port, min(port + PORTS_TRIED, 65536))
    error: OSError | None = None
    for candidate in tried:
        try:
            return Server((host, candidate), Handler)
        except OSError as exc:  # in use, or reserved (Windows: WinError 10013)
            error = exc
    raise SystemExit(f"Không mở được cổng {port}: {error}. Thử lại với --port 9000.")


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses that other devices on the network can reach."""
    found: set[str] = set()
    for probe in ("10.255.255.255", "172.31.255.255", "192.168.255.255"):
        # Connecting a UDP socket sends nothing; it only picks the outgoing interface.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                found.add(udp.getsockname()[0])
            except OSError:
                pass
    try:
        found.update(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return sorted(a for a in found if not a.startswith(("127.", "0.", "169.254.")))


def can_open_browser() -> bool:
    # Without a desktop, webbrowser would start a text browser inside this terminal.
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def open_browser(url: str) -> None:
    try:
        opened = webbrowser.open(url)
    except Exception:
        opened = False
    if not opened:
        print(f"Không tự mở được trình duyệt: hãy mở {url} bằng tay.", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Mở Tủ sách pháp luật số trên máy này (tìm kiếm hoạt động được).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help="cổng (mặc định 8080, bận thì dùng cổng kế tiếp; 0: cổng bất kỳ)")
    parser.add_argument("--lan", action="store_true",
                        help="cho điện thoại, máy khác cùng mạng Wi-Fi mở tủ sách")
    parser.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("cổng phải từ 0 đến 65535")
    return args


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a console that cannot show Vietnamese
    args = parse_args(argv)
    if not (SITE / "index.html").is_file():
        print(f"Không thấy thư mục 'trang' ở {SITE.parent}.\n"
              "Hãy giải nén TOÀN BỘ tệp zip (không chạy thẳng từ trong tệp zip) rồi chạy lại.",
              file=sys.stderr)
        return 1
    server = bind("0.0.0.0" if args.lan else "127.0.0.1", args.port)
    url = f"http://127.0.0.1:{server.server_port}/"
    print(f"Tủ sách pháp luật số đang mở tại: {url}", flush=True)
    if args.lan:
        addresses = lan_addresses()
        for address in addresses:
            print(f"Điện thoại, máy khác cùng mạng Wi-Fi mở: http://{address}:{server.server_port}/")
        if not addresses:
            print("Chưa thấy mạng Wi-Fi/LAN nào: hãy kết nối máy này vào Wi-Fi rồi chạy lại.")
        print("Nếu tường lửa hỏi, hãy cho phép Python truy cập mạng riêng (Private).")
    if not args.no_browser and can_open_browser():
        threading.Thread(target=open_browser, args=(url,), daemon=True).start()
    else:
        print("Mở địa chỉ trên trong trình duyệt (Chrome, Edge, Firefox, Cốc Cốc…).")
    print("Giữ cửa sổ này mở trong khi đọc. Ctrl+C để dừng.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nĐã dừng tủ sách.")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
