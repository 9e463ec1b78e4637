"""The command line becomes one BuildConfig; every option a command lists changes it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import build
from generators.commands.options import UsageError, config_from
from generators.config import CLI_STAGES
from tests.conftest import LibraryMaker


def _args(*argv: str) -> argparse.Namespace:
    args = build.parser().parse_args(list(argv))
    args.command = args.command or "build"
    args.root = args.root.resolve()
    return args


def test_build_runs_every_stage_unless_told(tmp_library: LibraryMaker) -> None:
    root = str(tmp_library())
    assert config_from(_args("--root", root)).stages == CLI_STAGES
    config = config_from(_args("build", "--root", root, "--no-audio", "--no-bundle",
                               "--no-search", "--offline", "--jobs", "3", "--strict"))
    assert config.stages == CLI_STAGES - {"audio", "bundle"}
    assert not config.runs("video")  # no audio, no video
    assert (config.search, config.network, config.jobs, config.strict) == (False, False, 3, True)


def test_serve_makes_media_only_when_asked_and_honours_each_option(
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    root = str(tmp_library())
    plain = config_from(_args("serve", "--root", root), preview=True)
    assert plain.stages == frozenset() and plain.include_drafts and not plain.service_worker
    asked = config_from(_args("serve", "--root", root, "--audio", "--video", "--cards",
                              "--ebooks", "--no-search", "--offline", "--jobs", "1",
                              "--cache-dir", str(tmp_path / "c")), preview=True)
    assert asked.stages == {"audio", "video", "cards", "ebooks"}
    assert (asked.search, asked.network, asked.jobs, asked.cache_dir) == (
        False, False, 1, tmp_path / "c")


@pytest.mark.parametrize("command", ["serve", "mirror", "new", "check"])
def test_no_command_lists_an_option_it_does_not_use(command: str) -> None:
    commands = next(a for a in build.parser()._actions
                    if isinstance(a, argparse._SubParsersAction))
    helped = commands.choices[command]
    options = {o for action in helped._actions for o in action.option_strings}
    unused = {"serve": {"--site-url", "--no-bundle", "--no-audio", "--no-video", "--no-cards",
                        "--no-ebooks"},
              "mirror": {"--date", "--strict", "--offline", "--no-search"},
              "new": {"--strict", "--site-url", "--jobs"},
              "check": {"--site-url", "--site-dir", "--no-search", "--no-audio"}}[command]
    assert not options & unused


def test_wrong_values_are_usage_errors(tmp_library: LibraryMaker) -> None:
    root = str(tmp_library())
    with pytest.raises(UsageError, match="--jobs phải là số nguyên dương"):
        config_from(_args("build", "--root", root, "--jobs", "0"))
    with pytest.raises(UsageError, match="--date 'mai' không đúng dạng YYYY-MM-DD"):
        config_from(_args("build", "--root", root, "--date", "mai"))
