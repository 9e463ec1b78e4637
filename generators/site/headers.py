"""HTTP headers for any host or CDN: the security and cache policy as data (the one source),
written as a `_headers` file (Netlify, Cloudflare Pages) and as an nginx snippet; the pages
carry the CSP in a `<meta>` too (overrides/main.html), and the offline launchers send the
same headers (bundle.py writes them into the ZIP).

The policy carries no per-build values: the pages have no inline scripts or styles (the
Material partials that had them are overridden), so the nginx snippet is committed once
(deploy/nginx/tusach.conf) and only `_headers`, which lists paths, is written per build.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from generators.urls import origin

HEADERS_FILE = "_headers"
NGINX_SNIPPET = Path(__file__).parents[2] / "deploy" / "nginx" / "tusach.conf"

CSP: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    # Pagefind compiles its WebAssembly search engine; nothing else needs more than 'self'.
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    # Material's stylesheet draws its icons (nav arrows, admonitions) from data: SVGs.
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("media-src", ("'self'",)),
    # The service worker, and Pagefind's: search.js runs Pagefind without its worker today
    # (and Pagefind 1.5 loads pagefind-worker.js by URL), but Pagefind documents blob:
    # workers as what it may need, and a blob: worker can only come from a script the
    # policy already allows.
    ("worker-src", ("'self'", "blob:")),
    ("connect-src", ("'self'",)),
    ("manifest-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)
PERMISSIONS: tuple[str, ...] = (
    "accelerometer", "browsing-topics", "camera", "geolocation", "gyroscope", "magnetometer",
    "microphone", "payment", "usb",
)


# What a policy in `<meta http-equiv>` may not carry (the browser ignores it with a warning).
META_CSP_IGNORED = frozenset({"frame-ancestors", "report-uri", "sandbox"})


# With a collector (config.collector_url), pages post to it and fetch from it: its origin is
# added here, and nowhere else.
COLLECTOR_DIRECTIVES = frozenset({"connect-src", "form-action"})


def csp(collector: str | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The policy's directives; with a collector, its origin in COLLECTOR_DIRECTIVES."""
    if not collector:
        return CSP
    extra = (origin(collector),)
    return tuple((name, (*sources, *extra) if name in COLLECTOR_DIRECTIVES else sources)
                 for name, sources in CSP)


def content_security_policy(collector: str | None = None) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in csp(collector))


def meta_content_security_policy(collector: str | None = None) -> str:
    """The same policy for pages' `<meta http-equiv="Content-Security-Policy">`, for hosts
    that ignore `_headers`; framing stays forbidden only where headers are sent."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in csp(collector)
                     if name not in META_CSP_IGNORED)


def security_headers(collector: str | None = None) -> tuple[tuple[str, str], ...]:
    """SECURITY, with the policy that lets pages reach `collector` when there is one."""
    return tuple((name, content_security_policy(collector)
                  if name == "Content-Security-Policy" else value) for name, value in SECURITY)


SECURITY: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", content_security_policy()),
    # No `preload`: once in the browsers' preload lists a domain cannot go back to HTTP for
    # months; that is the domain owner's decision, not the bookshelf's.
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", ", ".join(f"{p}=()" for p in PERMISSIONS)),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),  # for browsers without frame-ancestors
)


@dataclass(frozen=True)
class CacheRule:
    name: str
    pattern: str
    """A regex searched in the URL path; the same text works in Python and nginx (PCRE)."""
    cache_control: str

    def matches(self, url_path: str) -> bool:
        return re.search(self.pattern, url_path) is not None


IMMUTABLE = CacheRule(
    "immutable",
    # Our assets (10 hex digits), Material's (8, ".min."), Pagefind's index chunks.
    r"(?:/assets/tusach/.+\.[0-9a-f]{10}\.[0-9a-z]+"
    r"|/assets/(?:stylesheets|javascripts)/[^/]+\.[0-9a-f]{8}\.min\.(?:css|js)"
    r"|/pagefind/.*_[0-9a-f]{7,}\.pf_(?:fragment|index|meta|filter))$",
    "public, max-age=31536000, immutable")
# Media keep their names across builds and change rarely (a corrected recording): a day's
# freshness spares slow connections, and after it ETag/Last-Modified make checking cheap.
MEDIA = CacheRule(
    "media",
    r"(?:\.(?:mp3|m4a|ogg|opus|mp4|webm|vtt|png|jpe?g|gif|webp|avif|svg|ico|epub)"
    r"|\.chapters\.json)$",
    "public, max-age=86400")
# Everything else (HTML, sw.js, the manifest, Pagefind's entry files, feeds, catalogue)
# names the current build: the browser may keep it but must ask first.
REVALIDATE = CacheRule("revalidate", r"", "no-cache")
CACHE_RULES: tuple[CacheRule, ...] = (IMMUTABLE, MEDIA)

CONTENT_TYPES: dict[str, str] = {
    "html": "text/html", "css": "text/css", "js": "application/javascript",
    "mjs": "application/javascript", "json": "application/json",
    "webmanifest": "application/manifest+json", "xml": "application/xml",
    "txt": "text/plain", "vtt": "text/vtt", "svg": "image/svg+xml", "png": "image/png",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "avif": "image/avif", "ico": "image/x-icon", "woff2": "font/woff2", "woff": "font/woff",
    "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "opus": "audio/ogg",
    "mp4": "video/mp4", "webm": "video/webm", "wasm": "application/wasm",
    "epub": "application/epub+zip", "zip": "application/zip", "pdf": "application/pdf",
    # Pagefind's files are gzip it unpacks itself: opaque bytes, never Content-Encoding.
    "pagefind": "application/octet-stream", "pf_fragment": "application/octet-stream",
    "pf_index": "application/octet-stream", "pf_meta": "application/octet-stream",
    "pf_filter": "application/octet-stream",
}
# text/html is always in nginx's list.
_UTF8_TYPES = ("text/css", "text/plain", "text/vtt", "application/javascript",
               "application/json", "application/manifest+json", "application/xml",
               "image/svg+xml")
CLOUDFLARE_MAX_RULES = 100

# The national portal (build.py national) searches every province's Pagefind bundle from its
# own origin: those files, and nothing else, may be read cross-origin. `*` rather than the
# portal's origin: the files are public and read without credentials (no Allow-Credentials,
# so no cookie ever goes with them), and naming one portal would put a per-build value in the
# committed nginx snippet and tie every province's build to wherever the portal lives.
CORS_FOLDER = "pagefind/"
CORS: tuple[tuple[str, str], ...] = (("Access-Control-Allow-Origin", "*"),)


def cache_rule(url_path: str) -> CacheRule:
    """The cache rule of a path like `/assets/tusach/tusach.0123456789.css`."""
    return next((rule for rule in CACHE_RULES if rule.matches(url_path)), REVALIDATE)


def write_headers(out: Path, base: str = "/", collector: str | None = None) -> Path:
    """Write `out/_headers` for the built site `out`, served at `base` ("/" or "/tu-sach/"),
    whose pages may reach `collector`.

    Hosts add up the headers of every rule that matches and join repeated names with
    commas, so the Cache-Control rules never overlap; paths without one get the hosts'
    default (`max-age=0, must-revalidate`, i.e. revalidate). Cloudflare takes 100 rules at
    most: past that, media rules are dropped first (they then revalidate every time).
    """
    base = _base(base)
    lines = ["# Written by the build (generators/site/headers.py): do not edit.",
             f"{base}*", *(f"  {name}: {value}" for name, value in security_headers(collector)),
             f"{base}{CORS_FOLDER}*", *(f"  {name}: {value}" for name, value in CORS)]
    cache = _cache_patterns(out)
    budget = CLOUDFLARE_MAX_RULES - 2
    kept = [r for r in cache if r[1] is IMMUTABLE][:budget]
    kept += [r for r in cache if r[1] is MEDIA][:budget - len(kept)]
    for pattern, rule in sorted(kept, key=lambda r: r[0]):
        # A file name is text: percent-encoded, it cannot end the rule or add a header.
        lines += [f"{base}{quote(pattern, safe='/*-._~')}",
                  f"  Cache-Control: {rule.cache_control}"]
    target = out / HEADERS_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _cache_patterns(out: Path) -> list[tuple[str, CacheRule]]:
    """(path pattern relative to the site root, rule): a whole folder (`dir/*`) where every
    file in it has the same rule, else the files one by one; revalidated paths left out."""
    rules: dict[tuple[str, ...], CacheRule] = {}
    for folder, _, files in os.walk(out):
        rel = os.path.relpath(folder, out)
        parts = () if rel == "." else tuple(PurePosixPath(Path(rel).as_posix()).parts)
        prefix = "/" + "".join(f"{part}/" for part in parts)
        for name in files:
            if name != HEADERS_FILE and os.path.splitext(name)[1] not in (".gz", ".br"):
                rules[(*parts, name)] = cache_rule(prefix + name)
    return list(_compress((), rules))


def _compress(folder: tuple[str, ...], inside: dict[tuple[str, ...], CacheRule],
              ) -> Iterable[tuple[str, CacheRule]]:
    """The patterns for `inside`, every file under `folder` (as path parts); each file is
    looked at once per folder above it (a library of 10,000 explainers has as many)."""
    kinds = set(inside.values())
    if len(kinds) == 1 and folder:
        rule = kinds.pop()
        if rule is not REVALIDATE:
            yield "/".join((*folder, "*")), rule
        return
    depth = len(folder)
    below: dict[str, dict[tuple[str, ...], CacheRule]] = {}
    for rel, rule in inside.items():
        if len(rel) > depth + 1:
            below.setdefault(rel[depth], {})[rel] = rule
    for sub in sorted(below):
        yield from _compress((*folder, sub), below[sub])
    for rel, rule in sorted(inside.items()):
        if len(rel) == depth + 1 and rule is not REVALIDATE:
            yield "/".join(rel), rule


def nginx_snippet(base: str = "/", collector: str | None = None) -> str:
    """The nginx configuration for the site served at `base`, to `include` in a `server`
    or in the `location` of a sub-path (see the comment at its top); `collector`: the
    site's collector_url, when it has one."""
    base = _base(base)
    types = "\n".join(f"    {ctype} {ext};" for ext, ctype in sorted(
        CONTENT_TYPES.items(), key=lambda item: (item[1], item[0])))
    lines = [
        _NGINX_HEADER.format(base=base, sub=base if base != "/" else "/tu-sach/"),
        "# Our own MIME map (replaces mime.types here): .vtt, .webmanifest, .wasm, .epub",
        "# and Pagefind's files are missing or wrong in many distributions' lists.",
        "types {", types, "}",
        "default_type application/octet-stream;",
        "charset utf-8;",
        f"charset_types {' '.join(_UTF8_TYPES)};",
        "",
        "# The build writes .br and .gz beside every text file (generators/site/compress.py).",
        "gzip_static on;",
        "brotli_static on;",
        "gzip_vary on;",
        "",
        "index index.html;",
        "absolute_redirect off;  # /x → x/ without guessing the public host or port",
        "try_files $uri $uri/ =404;",
        f"error_page 404 {base}404.html;",
        "",
        "# Headers: nginx drops inherited add_header lines in a block that has its own,",
        "# so every block repeats all of them.",
        *_add_headers(REVALIDATE, indent="", collector=collector),
        "",
    ]
    # First: nginx takes the first regex location that matches.
    lines += ["# Pagefind's bundle may be read from other origins (the national portal's search):",
              "# CORS here and nowhere else.",
              f"location ~ {_nginx_regex('^' + re.escape(base + CORS_FOLDER))} {{",
              f"    location ~ {_nginx_regex(IMMUTABLE.pattern)} {{",
              *_add_headers(IMMUTABLE, indent="        ", collector=collector, cors=True),
              "    }",
              *_add_headers(REVALIDATE, indent="    ", collector=collector, cors=True), "}", ""]
    for rule in CACHE_RULES:
        lines += [f"location ~ {_nginx_regex(rule.pattern)} {{",
                  *_add_headers(rule, indent="    ", collector=collector), "}", ""]
    lines += ["# Build files for other hosts, not for readers.",
              f"location ~ (?:^|/){HEADERS_FILE}$ {{", "    return 404;", "}", ""]
    return "\n".join(lines)


def _add_headers(rule: CacheRule, indent: str, collector: str | None = None,
                 cors: bool = False) -> list[str]:
    pairs = [*security_headers(collector), ("Cache-Control", rule.cache_control),
             *(CORS if cors else ())]
    return [f'{indent}add_header {name} "{value}" always;' for name, value in pairs]


def _nginx_regex(pattern: str) -> str:
    # Braces end an nginx token unless the regex is quoted.
    return f'"{pattern}"'


def _base(base: str) -> str:
    return "/" + base.strip("/") + "/" if base.strip("/") else "/"


_NGINX_HEADER = """\
# Tủ sách pháp luật số: nginx configuration for the built site (served at {base}).
# Generated by generators/site/headers.py from the same policy as the site's _headers
# file: do not edit; regenerate with
#     python -m generators.site.headers [--base /sub-path/] [--collector-url URL] > tusach.conf
#
# Tested with nginx 1.22 and the brotli static module (Debian: nginx and
# libnginx-mod-http-brotli-static). Include it where the site is served, e.g.
#
#     server {{
#         listen 443 ssl http2;  server_name phapluat.example.gov.vn;
#         root /srv/tusach/site;
#         include /etc/nginx/snippets/tusach.conf;
#     }}
#
# At a sub-path, generate it with --base {sub} (the 404 page's address), and
# keep the sub-path in the folder names so that $document_root$uri finds the files:
#
#     location {sub} {{
#         root /srv/www;            # the site is in /srv/www{sub}
#         include /etc/nginx/snippets/tusach.conf;
#     }}
#
# The nested `location ~` blocks below only set cache headers by file name; they work in
# a server block and inside a location alike. HSTS is sent on every response, and browsers
# honour it on HTTPS only.
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Print the nginx snippet (for deploy/nginx/tusach.conf or a sub-path)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--base", default="/", help="the site's path on the host")
    parser.add_argument("--collector-url", default=None,
                        help="the collector the pages post to (mkdocs.yml collector_url)")
    args = parser.parse_args(argv)
    sys.stdout.write(nginx_snippet(args.base, args.collector_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
