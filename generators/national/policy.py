"""The national portal's HTTP headers: the bookshelf's own policy (generators/site/headers.py),
with one change — its search reads every province's Pagefind bundle, so `connect-src` names
those origins, and nothing else does. Pagefind's script and WebAssembly come from the
portal itself (its own bundle), so `script-src` stays `'self' 'wasm-unsafe-eval'`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generators.site.headers import CSP, HEADERS_FILE, IMMUTABLE, META_CSP_IGNORED, SECURITY
from generators.urls import origin

CROSS_ORIGIN = frozenset({"connect-src"})
"""Where the provinces' origins go: Pagefind fetches entry, meta, index and fragments."""
IMMUTABLE_FOLDERS = ("pagefind/fragment/*", "pagefind/index/*", "pagefind/filter/*")
"""Pagefind names these files by their content."""


def directives(sites: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    origins = tuple(sorted({origin(url) for url in sites}))
    return tuple((name, (*sources, *(o for o in origins if o not in sources))
                  if name in CROSS_ORIGIN else sources) for name, sources in CSP)


def content_security_policy(sites: Iterable[str]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives(sites))


def meta_content_security_policy(sites: Iterable[str]) -> str:
    """The same policy for `<meta http-equiv>` (hosts that ignore `_headers`)."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives(sites)
                     if name not in META_CSP_IGNORED)


def security_headers(sites: Iterable[str]) -> tuple[tuple[str, str], ...]:
    policy = content_security_policy(sites)
    return tuple((name, policy if name == "Content-Security-Policy" else value)
                 for name, value in SECURITY)


def write_headers(out: Path, sites: Iterable[str]) -> Path:
    """`out/_headers` for the portal served at the root of its host."""
    lines = ["# Written by build.py national (generators/national/policy.py): do not edit.",
             "/*", *(f"  {name}: {value}" for name, value in security_headers(sites))]
    for folder in IMMUTABLE_FOLDERS:
        lines += [f"/{folder}", f"  Cache-Control: {IMMUTABLE.cache_control}"]
    target = out / HEADERS_FILE
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
