"""The GitHub Actions workflows: right triggers and order, the README's commands, real
build.py options, secrets only where needed."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest
import yaml

from build import parser
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _build_commands(workflow: dict[Any, Any]) -> list[list[str]]:
    """Every `.venv/bin/python build.py …` a workflow runs, as argument lists."""
    out = []
    for step in _steps(workflow):
        for line in str(step.get("run", "")).splitlines():
            if "build.py" in line:
                # An expression is filled in by GitHub: stand in a value of the right shape.
                line = re.sub(r"(--site-url[ =]\"?)\$\{\{[^}]*\}\}", r"\1https://example.gov.vn/",
                              line)
                line = re.sub(r"\$\{\{[^}]*\}\}", "VALUE", line)
                words = shlex.split(line)
                out.append(words[words.index("build.py") + 1:])
    return out


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_every_build_command_is_one_build_py_accepts(name: str) -> None:
    commands = _build_commands(_load(name))
    assert commands
    for args in commands:
        try:
            parser().parse_args(args)
        except SystemExit as exc:  # argparse exits on unknown options
            pytest.fail(f"{name}: build.py {' '.join(args)} is rejected ({exc})")


@pytest.mark.parametrize("name", ["pull-request.yml", "publish.yml"])
def test_actions_are_pinned_to_a_major_version(name: str) -> None:
    uses = [s["uses"] for s in _steps(_load(name)) if "uses" in s]
    assert uses
    assert all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses), uses


def test_pull_requests_check_test_build_and_keep_a_preview() -> None:
    flow = _load("pull-request.yml")
    assert set(flow["on"]) == {"pull_request"}
    assert flow["permissions"] == {"contents": "read"}
    runs = [str(s.get("run", "")) for s in _steps(flow)]
    assert any("build.py check" in r for r in runs)
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "bash scripts/test.sh" in readme
    assert any(r.endswith("bash scripts/test.sh") for r in runs)  # the README's test command
    uploads = [s for s in _steps(flow) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text("utf-8")


def test_main_builds_with_the_media_cache_deploys_then_mirrors() -> None:
    flow = _load("publish.yml")
    assert flow["on"]["push"] == {"branches": ["main"]}
    jobs = flow["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["mirror"]["needs"] == "deploy"
    cache = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".cache"
    for source in ("content/**", "infographics/**", "audiobooks/**", "generators/**"):
        assert source in cache["with"]["key"]
    deploy = jobs["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy)
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    mirror = [s for s in jobs["mirror"]["steps"] if "build.py mirror" in str(s.get("run", ""))]
    assert len(mirror) == 1
    env = mirror[0]["env"]
    assert env["AWS_SECRET_ACCESS_KEY"] == "${{ secrets.AWS_SECRET_ACCESS_KEY }}"
    assert env["AWS_ACCESS_KEY_ID"] == "${{ secrets.AWS_ACCESS_KEY_ID }}"
    # Secrets reach the mirror step only: no other step or job can print them.
    text = (WORKFLOWS / "publish.yml").read_text("utf-8")
    assert text.count("secrets.") == 2
