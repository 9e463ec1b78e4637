"""The one wrapper around pandoc (the binary in the pypandoc-binary wheel), used by the
e-book stage: finding it, its version, reading HTML into pandoc's JSON AST and writing an
AST out as EPUB 3. Runs pandoc itself (not `pypandoc.convert_*`) so that each call gets
its own environment: SOURCE_DATE_EPOCH is per book, and threads must not share os.environ."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generators.errors import EngineError

__all__ = ["EpubOptions", "PandocError", "default_template", "html_to_ast", "pandoc_binary",
           "pandoc_version", "run_pandoc", "write_epub"]


class PandocError(EngineError):
    """pandoc is missing or failed."""


def pandoc_binary() -> str:
    """The pandoc executable shipped in the pypandoc-binary wheel (or found by pypandoc)."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise PandocError(
            "không tìm thấy pandoc: cài gói pypandoc-binary (pip install pypandoc-binary)"
        ) from exc
    return str(path)


@cache
def pandoc_version() -> str:
    """pandoc's first `--version` line, e.g. `pandoc 3.9` (for cache keys)."""
    first = run_pandoc(["--version"], "đọc phiên bản").decode("utf-8", "replace")
    line = first.splitlines()[0].strip() if first.strip() else ""
    if not line.startswith("pandoc"):
        raise PandocError("pandoc: không đọc được phiên bản")
    return line


def run_pandoc(args: list[str], what: str, stdin: bytes | None = None,
               env: dict[str, str] | None = None, cwd: Path | None = None) -> bytes:
    """Run pandoc with `args` (and `env` added to the environment, in folder `cwd`); return
    its stdout. A failure raises PandocError saying `what` was being done and why."""
    command = [pandoc_binary(), *args]
    environment = {**os.environ, **(env or {})}
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, check=False,
                              env=environment, cwd=cwd)
    except OSError as exc:
        raise PandocError(f"{what}: không chạy được pandoc ({command[0]}): {exc}") from exc
    if done.returncode != 0:
        log = done.stderr.decode("utf-8", errors="replace")
        # Haskell's call-stack dump after the message says nothing to our users.
        lines = log.split("HasCallStack backtrace:")[0].strip().splitlines()
        tail = "\n".join(lines[-5:])
        raise PandocError(f"{what}: pandoc lỗi (mã {done.returncode}): {tail}")
    return done.stdout


def html_to_ast(html: str, what: str) -> dict[str, Any]:
    """Pandoc's JSON AST of an HTML fragment (`{"pandoc-api-version", "meta", "blocks"}`)."""
    out = run_pandoc(["--from=html", "--to=json"], what, html.encode("utf-8"))
    try:
        ast = json.loads(out)
    except ValueError as exc:
        raise PandocError(f"{what}: pandoc trả về JSON hỏng: {exc}") from exc
    if not isinstance(ast, dict) or "blocks" not in ast:
        raise PandocError(f"{what}: pandoc trả về JSON không phải tài liệu")
    return ast


@cache
def default_template(output_format: str) -> str:
    """pandoc's own template for `output_format` (to adjust, then pass as `template`)."""
    out = run_pandoc([f"--print-default-template={output_format}"], "đọc mẫu trang")
    return out.decode("utf-8")


@dataclass(frozen=True)
class EpubOptions:
    """How to write an EPUB 3 (metadata, cover and CSS travel in the AST's `meta`)."""

    split_level: int = 1
    """Headings of this level and above start a new XHTML file (a reading-system chapter)."""
    toc_depth: int = 2
    fonts: tuple[Path, ...] = ()
    """Font files to embed (`--epub-embed-font`)."""
    resource_path: tuple[Path, ...] = ()
    """More folders where relative image paths are looked up."""
    workdir: Path | None = None
    """pandoc runs here: the cover and CSS named in the metadata are relative to it."""
    source_date_epoch: int | None = None
    """Seconds since 1970: the zip entries' times and `dcterms:modified` (reproducible)."""
    title_page: bool = True
    template: Path | None = None
    """Replaces pandoc's EPUB 3 page template (`default_template("epub3")` to start from)."""


def write_epub(ast: dict[str, Any], output: Path, options: EpubOptions, what: str) -> None:
    """Write `ast` as EPUB 3 to `output` (a temporary name: the caller renames it)."""
    args = ["--from=json", "--to=epub3", f"--output={output}", "--toc",
            f"--toc-depth={options.toc_depth}", f"--split-level={options.split_level}",
            f"--epub-title-page={'true' if options.title_page else 'false'}"]
    args += [f"--epub-embed-font={font}" for font in options.fonts]
    if options.template is not None:
        args.append(f"--template={options.template}")
    if options.resource_path:
        args.append("--resource-path=" + os.pathsep.join(str(p) for p in options.resource_path))
    env = {} if options.source_date_epoch is None else \
        {"SOURCE_DATE_EPOCH": str(options.source_date_epoch)}
    run_pandoc(args, what, json.dumps(ast, ensure_ascii=False).encode("utf-8"), env,
               options.workdir)
