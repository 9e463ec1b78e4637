"""The command line's options turned into the one BuildConfig (see generators/config.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generators.atomic import replacing
from generators.config import CLI_STAGES, BuildConfig, build_date, is_shared, load_config
from generators.errors import ConfigError
from generators.shared_cache import open_shared
from generators.tasks import check_scheduler

SKIPPABLE = ("audio", "video", "cards", "ebooks", "bulletins", "bundle")
"""Stages `build` runs unless `--no-<stage>`."""
ADDABLE = ("audio", "video", "cards", "ebooks", "bulletins")
"""Media the live preview makes only when asked (`serve --audio` …)."""


class UsageError(Exception):
    """A wrong option value (exit status 2), said in one line."""


def write_output(text: str, out: Path) -> None:
    """`text` to the file `out` (whole or not at all: a killed command leaves no half
    file), or to standard output when `out` is `-`."""
    if str(out) == "-":
        sys.stdout.write(text)
        return
    try:
        with replacing(out) as temp:
            temp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"✗ Không ghi được {out}: {exc.strerror or exc}") from None


def today(args: argparse.Namespace) -> Any:
    """`--date`, else SOURCE_DATE_EPOCH, else today; a wrong date is a usage error."""
    try:
        return build_date(args.date)
    except ValueError:
        raise UsageError(f"--date '{args.date}' không đúng dạng YYYY-MM-DD") from None


def config_from(args: argparse.Namespace, **fixed: Any) -> BuildConfig:
    """The configuration of this run: the options `args` has, then `fixed` (what a command
    decides itself, e.g. the preview's folder)."""
    get = vars(args).get
    if get("command") == "serve":
        stages = {name for name in ADDABLE if get(name)}
    else:
        stages = {name for name in CLI_STAGES if not get(f"no_{name}")}
    options: dict[str, Any] = {
        "site_dir": get("site_dir"), "today": today(args), "site_url": get("site_url"),
        "stages": stages, "cache_dir": get("cache_dir"), "jobs": get("jobs"),
        "strict": bool(get("strict")), "search": not get("no_search"),
        "network": not get("offline"), "collector_url": get("collector_url"),
        "statistics": get("statistics"), "cache_read_only": bool(get("cache_read_only")),
        "scheduler": get("scheduler"),
    }
    options.update(fixed)
    if options["jobs"] is not None and options["jobs"] < 1:
        raise UsageError("--jobs phải là số nguyên dương")
    try:
        if options["scheduler"] is not None:
            options["scheduler"] = check_scheduler(options["scheduler"])
        location = options["cache_dir"]
        if isinstance(location, str) and is_shared(location):
            open_shared(location)
        root: Path = args.root
        return load_config(root, **options)
    except ConfigError as exc:  # options that do not fit together: wrong usage
        raise UsageError(str(exc)) from None
