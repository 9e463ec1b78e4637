"""generators/site/bundle.py: the offline ZIP, and its launchers serving it with working search."""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

import generators.site.bundle as bundle
from generators.site.bundle import (
    LAUNCHERS,
    SECURITY_HEADERS,
    TOP,
    Bundle,
    format_size,
    write_bundle,
)
from generators.site.headers import SECURITY
from tests.conftest import TODAY

SITE = f"{TOP}/trang/"
EXPLAINER = "lao-dong/thoi-gian-thu-viec/"
URL_LINE = re.compile(r"đang mở tại: (http://127\.0\.0\.1:(\d+)/)")


def site_files(folder: Path) -> dict[str, bytes]:
    """The site's files as a bundle holds them: without the bundles in tai-ve/."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not (p.suffix == ".zip" and p.parent.name == "tai-ve")}


def make_site(folder: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in {"index.html": "<h1>Trang chủ</h1>", **files}.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, "utf-8")
        else:
            target.write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def bundled(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The starter site's bundle, written outside the shared `built_site`."""
    return write_bundle(built_site, tmp_path_factory.mktemp("bundle") / "tu-sach.zip", TODAY)


@pytest.fixture(scope="module")
def unpacked(bundled: Bundle, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle unpacked as a reader would: the folder holding the launchers."""
    # A path with spaces and Vietnamese, as on a reader's computer.
    folder = tmp_path_factory.mktemp("giải nén")
    with zipfile.ZipFile(bundled.path) as archive:
        archive.extractall(folder)
    return folder / TOP


# --- the archive ----------------------------------------------------------------------


def test_bundle_holds_the_launchers_and_the_whole_site(bundled: Bundle, built_site: Path) -> None:
    with zipfile.ZipFile(bundled.path) as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert archive.testzip() is None
        inside = {n.removeprefix(SITE): archive.read(n) for n in names
                  if n.startswith(SITE) and not n.endswith("/")}
    assert names == sorted(names)
    assert {n.split("/")[0] for n in names} == {TOP}
    top = sorted(n.removeprefix(f"{TOP}/") for n in names if n.count("/") == 1
                 or (n.endswith("/") and n.count("/") == 2))
    assert top == sorted(["", "trang/", *LAUNCHERS, SECURITY_HEADERS])
    # Everything but the vertical videos (made for social media, not offline reading).
    site = site_files(built_site)
    vertical = {n for n in site if n.startswith("video/") and n.endswith("/video-doc.mp4")}
    assert vertical and inside == {n: data for n, data in site.items() if n not in vertical}
    assert "index.html" in inside and "pagefind/pagefind-entry.json" in inside
    assert bundled.files == len([n for n in names if not n.endswith("/")]) == len(inside) + 7
    assert bundled.size == bundled.path.stat().st_size
    assert bundled.size_text == format_size(bundled.size)


def test_entries_have_fixed_dates_permissions_and_compression(bundled: Bundle) -> None:
    with zipfile.ZipFile(bundled.path) as archive:
        infos = {i.filename: i for i in archive.infolist()}
    assert {i.date_time for i in infos.values()} == {(2026, 11, 23, 0, 0, 0)}
    modes = {name: info.external_attr >> 16 for name, info in infos.items()}
    executable = {f"{TOP}/{n}" for n in ("mo_tu_sach.py", "mo-tu-sach.sh",
                                          "Mo-tu-sach-macOS.command")}
    for name, mode in modes.items():
        expected = 0o40755 if name.endswith("/") else 0o100755 if name in executable else 0o100644
        assert mode == expected, (name, oct(mode))
    kinds = {name.rsplit(".", 1)[-1]: info.compress_type for name, info in infos.items()}
    assert kinds["html"] == kinds["js"] == kinds["css"] == zipfile.ZIP_DEFLATED
    # Pagefind's files are gzip already; fonts are compressed.
    assert kinds["pagefind"] == kinds["pf_fragment"] == kinds["woff2"] == zipfile.ZIP_STORED


def test_launchers_have_the_line_endings_and_encodings_each_system_needs(
        bundled: Bundle) -> None:
    with zipfile.ZipFile(bundled.path) as archive:
        data = {n: archive.read(f"{TOP}/{n}") for n in LAUNCHERS}
    bom = b"\xef\xbb\xbf"
    for name in ("Mo-tu-sach-Windows.bat", "mo-tu-sach.ps1", "HUONG-DAN.txt"):
        assert data[name].count(b"\n") == data[name].count(b"\r\n") > 5, name
    assert data["Mo-tu-sach-Windows.bat"].isascii()  # cmd.exe reads it in the OEM code page
    assert data["mo-tu-sach.ps1"].startswith(bom)  # else PowerShell 5.1 reads it as ANSI
    assert data["HUONG-DAN.txt"].startswith(bom)
    for name in ("mo_tu_sach.py", "mo-tu-sach.sh", "Mo-tu-sach-macOS.command"):
        assert data[name].startswith(b"#!/") and b"\r" not in data[name], name
    for name in ("Mo-tu-sach-Windows.bat", "mo-tu-sach.sh", "Mo-tu-sach-macOS.command"):
        assert b"mo_tu_sach.py" in data[name], name
    assert b"mo-tu-sach.ps1" in data["Mo-tu-sach-Windows.bat"]


def test_target_inside_the_site_is_not_zipped_into_itself(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {
        "404.html": "không thấy",
        "tai-ve/ban-cu.zip": b"PK old",
        "tai-ve/sach.epub": b"epub",
        # Left by a build that was killed while writing: never zipped, and removed.
        "tai-ve/.tu-sach-phap-luat-so.zip.k1ll3d.tmp": b"PK half",
    })
    target = site / "tai-ve" / "tu-sach-phap-luat-so.zip"
    first = write_bundle(site, target, TODAY)
    data = target.read_bytes()
    second = write_bundle(site, target, TODAY)
    assert target.read_bytes() == data and first == second
    with zipfile.ZipFile(target) as archive:
        files = [n.removeprefix(SITE) for n in archive.namelist()
                 if n.startswith(SITE) and not n.endswith("/")]
    assert files == ["404.html", "index.html", "tai-ve/sach.epub"]
    assert sorted(p.name for p in (site / "tai-ve").iterdir()) == [
        "ban-cu.zip", "sach.epub", "tu-sach-phap-luat-so.zip"]
    assert target.stat().st_mode & 0o777 == 0o644
    # With nothing but archives in tai-ve/, the offline copy has no empty tai-ve/ folder.
    (site / "tai-ve" / "sach.epub").unlink()
    write_bundle(site, target, TODAY)
    with zipfile.ZipFile(target) as archive:
        assert [n for n in archive.namelist() if n.startswith(SITE)] == [
            SITE, f"{SITE}404.html", f"{SITE}index.html"]


def test_same_site_gives_the_same_bytes(built_site: Path, bundled: Bundle,
                                        tmp_path: Path) -> None:
    again = write_bundle(built_site, tmp_path / "lan-2.zip", TODAY)
    assert again.path.read_bytes() == bundled.path.read_bytes()
    # Modification times and permissions on disk do not matter, only the build date.
    copy = shutil.copytree(built_site, tmp_path / "copy")
    for path in copy.rglob("*"):
        os.utime(path, (0, 1_000_000_000))
    (copy / "index.html").chmod(0o600)
    assert write_bundle(copy, tmp_path / "copy.zip", TODAY).path.read_bytes() == \
        bundled.path.read_bytes()
    later = write_bundle(built_site, tmp_path / "sau.zip", date(2027, 1, 2))
    assert later.path.read_bytes() != bundled.path.read_bytes()


@pytest.mark.parametrize("failure", [OSError("ổ đĩa đầy"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_previous_bundle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    site = make_site(tmp_path / "site", {f"trang-{i}.html": "x" * 1000 for i in range(20)})
    target = tmp_path / "tai-ve" / "tu-sach-phap-luat-so.zip"
    target.parent.mkdir()
    target.write_bytes(b"PK previous bundle")
    original, calls = bundle._add, []

    def add_then_fail(*args: object) -> None:
        calls.append(args)
        if len(calls) == 10:
            raise failure
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(bundle, "_add", add_then_fail)
    with pytest.raises(type(failure)):
        write_bundle(site, target, TODAY)
    assert len(calls) == 10
    assert target.read_bytes() == b"PK previous bundle"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="không thấy trang đã dựng"):
        write_bundle(tmp_path, tmp_path / "x.zip", TODAY)
    assert list(tmp_path.iterdir()) == []


def test_format_size() -> None:
    assert [format_size(n) for n in (0, 999, 1_251_164, 4_600_000_000)] == \
        ["0 B", "999 B", "1,3 MB", "4,6 GB"]


# --- the launchers --------------------------------------------------------------------


def _load_server(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("mo_tu_sach", folder / "mo_tu_sach.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mime_types_and_the_powershell_map_agree(unpacked: Path) -> None:
    mime = _load_server(unpacked).MIME
    expected = {
        ".wasm": "application/wasm", ".pagefind": "application/octet-stream",
        ".pf_meta": "application/octet-stream", ".pf_fragment": "application/octet-stream",
        ".pf_index": "application/octet-stream", ".pf_filter": "application/octet-stream",
        ".webmanifest": "application/manifest+json", ".json": "application/json",
        ".svg": "image/svg+xml", ".woff2": "font/woff2", ".mp3": "audio/mpeg",
        ".ogg": "audio/ogg", ".opus": "audio/ogg", ".mp4": "video/mp4",
        ".epub": "application/epub+zip", ".xml": "application/xml",
    }
    assert {k: mime[k] for k in expected} == expected
    for ext in (".js", ".css", ".html", ".vtt"):
        assert mime[ext].endswith("; charset=utf-8")
    assert mime[".js"].startswith("text/javascript") and mime[".vtt"].startswith("text/vtt")
    script = (unpacked / "mo-tu-sach.ps1").read_text("utf-8-sig")
    assert dict(re.findall(r"'(\.[a-z0-9_]+)' = '([^']+)'", script)) == mime


def test_shell_launchers_parse(unpacked: Path) -> None:
    for shell in ("bash", "sh"):
        for name in ("mo-tu-sach.sh", "Mo-tu-sach-macOS.command"):
            done = subprocess.run([shell, "-n", str(unpacked / name)], capture_output=True,
                                  text=True, check=False)
            assert done.returncode == 0, (shell, name, done.stderr)


def test_shell_launcher_explains_when_python_is_missing(unpacked: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"  # a PATH with the usual tools but no Python
    bin_dir.mkdir()
    for tool in ("dirname",):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    for name in ("mo-tu-sach.sh", "Mo-tu-sach-macOS.command"):
        done = subprocess.run(["/bin/sh", str(unpacked / name)], capture_output=True, text=True,
                              env={"PATH": str(bin_dir)}, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 1
        assert "chưa có Python 3" in done.stdout


class Server:
    """A launcher started in a subprocess; its URL is read from what it prints."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, encoding="utf-8",
            env={**os.environ, **(env or {})})
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(URL_LINE).group(1)
        self.port = urlsplit(self.url).port

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern[str]) -> re.Match[str]:
        while True:
            try:
                line = self.lines.get(timeout=15)
            except queue.Empty:
                pytest.fail(f"the server printed no line matching {pattern.pattern}: {self.output}")
            self.output.append(line)
            if found := pattern.search(line):
                return found

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """One raw request: `path` goes out exactly as given (no '..' clean-up)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(headers.pop("method", "GET"), path, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(unpacked: Path) -> Iterator[Server]:
    running = Server([sys.executable, "mo_tu_sach.py", "--no-browser", "--port", "0"], unpacked)
    yield running
    running.stop()


def test_server_prints_what_to_do(server: Server) -> None:
    server.wait_for(re.compile(r"Ctrl\+C để dừng\.$"))
    assert server.output == [
        f"Tủ sách pháp luật số đang mở tại: {server.url}\n",
        "Mở địa chỉ trên trong trình duyệt (Chrome, Edge, Firefox, Cốc Cốc…).\n",
        "Giữ cửa sổ này mở trong khi đọc. Ctrl+C để dừng.\n",
    ]


def test_server_serves_pages_folders_and_the_search_index(server: Server,
                                                          unpacked: Path) -> None:
    site = unpacked / "trang"
    status, headers, body = server.get("/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert body == (site / "index.html").read_bytes()
    status, headers, body = server.get("/" + EXPLAINER)
    assert status == 200 and body == (site / EXPLAINER / "index.html").read_bytes()
    status, headers, _ = server.get("/lao-dong?x=1")
    assert (status, headers["Location"]) == (301, "/lao-dong/?x=1")
    status, headers, body = server.get("/pagefind/pagefind-entry.json")
    assert (status, headers["Content-Type"]) == (200, "application/json")
    assert "languages" in json.loads(body)
    # Asset names carry content hashes and change with the theme: found, not hard-coded.
    kinds = {"pagefind/wasm.*.pagefind": "application/octet-stream",
             "pagefind/*.pf_meta": "application/octet-stream",
             "pagefind/fragment/*.pf_fragment": "application/octet-stream",
             "pagefind/pagefind.js": "text/javascript; charset=utf-8",
             "assets/**/*.css": "text/css; charset=utf-8",
             "assets/**/*.woff2": "font/woff2",
             "assets/**/*.png": "image/png",
             "*.webmanifest": "application/manifest+json",
             "sitemap.xml": "application/xml"}
    checked = []
    for pattern, kind in kinds.items():
        for file in sorted(site.glob(pattern))[:1]:
            path = file.relative_to(site).as_posix()
            checked.append(pattern)
            status, headers, body = server.get("/" + quote(path))
            assert (status, headers["Content-Type"]) == (200, kind), path
            assert body == file.read_bytes()
    assert {"pagefind/wasm.*.pagefind", "pagefind/*.pf_meta", "assets/**/*.css"} <= set(checked)


def test_server_sends_the_sites_security_headers(server: Server, unpacked: Path) -> None:
    """The same headers as `_headers`, from the one policy: on pages, files, 404s, 304s."""
    assert json.loads((unpacked / SECURITY_HEADERS).read_text("utf-8")) == dict(SECURITY)
    status, headers, _ = server.get("/")
    tag = headers["ETag"]
    for path, extra in (("/", {}), ("/pagefind/pagefind.js", {}), ("/khong-co/", {}),
                        ("/../x", {}), ("/", {"If-None-Match": tag})):
        status, headers, _ = server.get(path, **extra)
        assert {name: headers.get(name) for name, _ in SECURITY} == dict(SECURITY), \
            (path, status)


def test_a_missing_or_damaged_headers_file_sends_none(tmp_path: Path) -> None:
    launcher = _load_server(bundle.BUNDLE_FILES)
    (tmp_path / SECURITY_HEADERS).write_text('["not", "a", "map"]', "utf-8")
    assert launcher.load_security(tmp_path / SECURITY_HEADERS) == {}
    assert launcher.load_security(tmp_path / "missing.json") == {}
    (tmp_path / SECURITY_HEADERS).write_text('{"X-A": "1", "X-B": "2\\r\\nX-C: 3"}', "utf-8")
    assert launcher.load_security(tmp_path / SECURITY_HEADERS) == {"X-A": "1"}


def test_server_answers_a_missing_page_with_the_sites_404(server: Server,
                                                          unpacked: Path) -> None:
    not_found = (unpacked / "trang" / "404.html").read_bytes()
    for path in ("/khong-co-trang-nay/", "/lao-dong/khong-co.html", "/assets/"):
        status, headers, body = server.get(path)  # /assets/ has no index.html: no listing
        assert (status, headers["Content-Type"], body) == \
            (404, "text/html; charset=utf-8", not_found), path


@pytest.mark.parametrize("path", ["/../HUONG-DAN.txt", "/%2e%2e/HUONG-DAN.txt",
                                  "/lao-dong/../../mo_tu_sach.py", "/..%2fHUONG-DAN.txt",
                                  "/..%5cHUONG-DAN.txt", "/assets/%00", "/%ff"])
def test_server_refuses_to_leave_the_site_folder(server: Server, path: str) -> None:
    status, _, body = server.get(path)
    assert status == 403
    assert "Không được phép" in body.decode()


def test_server_supports_head_ranges_and_revalidation(server: Server, unpacked: Path) -> None:
    page = (unpacked / "trang" / "index.html").read_bytes()
    status, headers, body = server.get("/", method="HEAD")
    assert (status, headers["Content-Length"], body) == (200, str(len(page)), b"")
    status, headers, body = server.get("/", Range="bytes=10-19")
    assert (status, body, headers["Content-Range"]) == (206, page[10:20],
                                                        f"bytes 10-19/{len(page)}")
    assert server.get("/", Range="bytes=-5")[2] == page[-5:]
    assert server.get("/", Range=f"bytes={len(page)}-")[0] == 416
    tag = headers["ETag"]
    assert server.get("/", **{"If-None-Match": tag})[:1] == (304,)
    assert server.get("/", **{"If-None-Match": '"other"'})[0] == 200


def test_server_takes_the_next_port_when_one_is_busy(unpacked: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        if taken > 65000:
            pytest.skip("no room above the busy port")
        running = Server([sys.executable, "mo_tu_sach.py", "--no-browser", "--port",
                          str(taken)], unpacked)
        try:
            assert taken < running.port <= taken + 20
            assert running.get("/")[0] == 200
        finally:
            running.stop()


def test_lan_mode_prints_addresses_for_phones(unpacked: Path) -> None:
    running = Server([sys.executable, "mo_tu_sach.py", "--no-browser", "--port", "0", "--lan"],
                     unpacked)
    try:
        line = running.wait_for(re.compile(r"Điện thoại, máy khác cùng mạng Wi-Fi mở: (\S+)"
                                           r"|Chưa thấy mạng Wi-Fi"))
        if line.group(1):
            assert re.fullmatch(rf"http://(\d+\.){{3}}\d+:{running.port}/", line.group(1))
            assert not line.group(1).startswith("http://127.")
        assert running.get("/")[0] == 200
    finally:
        running.stop()


def test_linux_launcher_starts_the_server(unpacked: Path) -> None:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    running = Server(["/bin/sh", "mo-tu-sach.sh", "--no-browser", "--port", "0"], unpacked,
                     {"PATH": path})
    try:
        assert running.get("/" + EXPLAINER)[0] == 200
    finally:
        running.stop()


def test_server_refuses_to_start_outside_the_unpacked_folder(tmp_path: Path,
                                                             unpacked: Path) -> None:
    shutil.copy(unpacked / "mo_tu_sach.py", tmp_path)
    done = subprocess.run([sys.executable, "mo_tu_sach.py", "--no-browser"], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 1
    assert "Hãy giải nén TOÀN BỘ tệp zip" in done.stderr


def _python38() -> str | None:
    """An interpreter of the oldest Python the launcher promises to run on, if any."""
    candidates = [shutil.which("python3.8"), *map(str, Path.home().glob(
        ".pyenv/versions/3.8*/bin/python3.8"))]
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                              capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip() == "(3, 8)":
            return candidate
    return None


def test_server_runs_on_python_3_8(unpacked: Path) -> None:
    python = _python38()
    if python is None:
        pytest.skip("không có Python 3.8 trên máy này")
    running = Server([python, "mo_tu_sach.py", "--no-browser", "--port", "0"], unpacked)
    try:
        assert running.get("/" + EXPLAINER)[0] == 200
        assert running.get("/pagefind/pagefind-entry.json")[0] == 200
        assert running.get("/../HUONG-DAN.txt")[0] == 403
    finally:
        running.stop()


# --- in a browser ---------------------------------------------------------------------


@pytest.mark.browser
def test_bookshelf_and_search_work_through_the_bundled_server(page: Any,
                                                              server: Server) -> None:
    from playwright.sync_api import expect

    failures: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url} {r.status}"))
    page.on("pageerror", lambda e: failures.append(str(e)))
    page.goto(server.url)
    expect(page.locator("h1")).to_have_text("Tủ sách pháp luật số")
    page.goto(server.url + "tim-kiem/?q=" + quote("thử việc"))
    result = page.locator(f'main a[href*="{EXPLAINER}"]', has_text="Thử việc được bao lâu").first
    expect(result).to_be_visible()
    result.click()
    # The result points to its best section: the page, at one of its headings.
    page.wait_for_url(re.compile(re.escape(server.url + EXPLAINER) + "(#.*)?$"))
    expect(page.locator("h1")).to_contain_text("Thử việc")
    assert failures == []
