"""Media made on a real Dask cluster (a scheduler and two worker processes on loopback) are
the same bytes as those of the local pool (audiobooks, share cards), a worker killed
mid-task costs a retry, not a wrong file, and a bad or unreachable scheduler is one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generators.errors import ConfigError, EngineError
from generators.library import load_library
from generators.speech.books import render_audiobooks
from generators.speech.espeak import EspeakEngine
from generators.stage import StageReport
from generators.tasks import check_scheduler, connect
from tests.conftest import ROOT, TODAY, LibraryMaker, explainer
from tests.dask_cluster import Cluster, dask_cluster
from tests.mirror.conftest import moto_endpoint, s3

__all__ = ["dask_cluster", "moto_endpoint", "s3"]  # fixtures, used by name

BODY = ("## Thời gian thử việc\n\nThử việc không quá 60 ngày. Lương ít nhất bằng 85%.\n\n"
        "## Khi nào được nghỉ\n\nBáo trước 3 ngày theo Điều 27.\n")


def _library(tmp_library: LibraryMaker) -> Any:
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=BODY)})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def _files(cache: Path) -> dict[str, bytes]:
    return {p.relative_to(cache).as_posix(): p.read_bytes()
            for p in sorted(cache.rglob("*")) if p.is_file() and p.suffix != ".json"}


def _books(report: StageReport) -> list[tuple[str, bytes, bytes, bytes]]:
    return [(b.voice, b.mp3.read_bytes(), b.vtt.read_bytes(), b.chapters_json.read_bytes())
            for b in report.media.audio["thu-viec"]]


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, StageReport]:
    """The same small library's audio made by the local pool, once for the module."""
    root = tmp_path_factory.mktemp("local")
    lib = root / "lib"
    (lib / "content" / "lao-dong").mkdir(parents=True)
    from tests.conftest import base_files

    for rel, text in {**base_files(), "content/lao-dong/thu-viec.md": explainer(body=BODY)
                      }.items():
        (lib / rel).parent.mkdir(parents=True, exist_ok=True)
        (lib / rel).write_text(text, "utf-8")
    library, _ = load_library(lib, TODAY)
    assert library is not None
    cache = root / "cache"
    report = render_audiobooks(library, cache, jobs=2, engines={"espeak": EspeakEngine()})
    assert report.built == 9
    return cache, report


def test_the_cluster_makes_the_same_files_as_the_local_pool(
        dask_cluster: Cluster, local_build: tuple[Path, StageReport],
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from distributed import get_task_stream

    local_cache, local = local_build
    cache = tmp_path / "cache"
    with connect(dask_cluster.address) as runner, \
            get_task_stream(runner.client) as stream:
        report = render_audiobooks(_library(tmp_library), cache, jobs=2, runner=runner,
                                   engines={"espeak": EspeakEngine()})
        pids = set(runner.client.run(os.getpid).values())
    assert (report.built, report.reused, report.notices) == (9, 0, [])
    assert len(pids) == 2 and os.getpid() not in pids  # two worker processes, not this one
    ran = [task["key"] if isinstance(task["key"], str) else task["key"][0]
           for task in stream.data]
    assert sum(k.startswith("synthesize_chapter-") for k in ran) == 9
    assert sum(k.startswith("encode_book-") for k in ran) == 3
    assert _books(report) == _books(local)
    assert _files(cache) == _files(local_cache)  # every chapter and book, byte for byte
    # Records (timings, marks, durations) are the same too.
    records = {p.name: p.read_text("utf-8") for p in cache.rglob("*.json")}
    assert records == {p.name: p.read_text("utf-8") for p in local_cache.rglob("*.json")}


def test_a_worker_killed_mid_task_costs_a_retry_not_a_wrong_file(
        dask_cluster: Cluster, local_build: tuple[Path, StageReport],
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    local_cache, local = local_build
    cache = tmp_path / "cache"
    library = _library(tmp_library)
    killed: list[int] = []
    with connect(dask_cluster.address) as runner:
        client = runner.client
        pids = client.run(os.getpid)

        def kill_a_busy_worker() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not killed:
                for address, keys in client.processing().items():
                    if any(str(k).startswith("encode_book-") for k in keys):
                        os.kill(pids[address], signal.SIGKILL)  # one of the test's workers
                        killed.append(pids[address])
                        return
                time.sleep(0.05)

        watcher = threading.Thread(target=kill_a_busy_worker)
        watcher.start()
        try:
            report = render_audiobooks(library, cache, jobs=2, runner=runner,
                                       engines={"espeak": EspeakEngine()})
        finally:
            watcher.join()
    try:
        assert killed, "no book task was seen running"
        assert report.notices == []
        assert _books(report) == _books(local)
        assert _files(cache) == _files(local_cache)
        assert not list(cache.rglob("*.tmp"))
    finally:  # later tests get two workers again
        for worker in dask_cluster.workers:
            if worker.pid in killed:
                worker.wait(10)
        dask_cluster.start_worker("w3")
        from distributed import Client

        with Client(dask_cluster.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(2, timeout=90)


def test_a_worker_with_another_engine_version_refuses_the_task(
        dask_cluster: Cluster, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    class Newer(EspeakEngine):
        def version(self) -> str:
            return "espeak-ng 9.99 / data 000000000000"

    with connect(dask_cluster.address) as runner:
        report = render_audiobooks(_library(tmp_library), tmp_path / "cache", jobs=2,
                                   runner=runner, engines={"espeak": Newer()})
    assert report.media.audio.get("thu-viec", []) == []
    assert report.notices[0].startswith("content/lao-dong/thu-viec.md: không tạo được giọng "
                                        "'vi-bac' (máy chạy việc có espeak-ng ")
    assert "bản dựng cần espeak-ng 9.99 / data 000000000000 — cài cùng phiên bản ở mọi " \
           "máy)" in report.notices[0]


@pytest.mark.parametrize("address", ["localhost:8786", "http://10.0.0.5:8786",
                                     "tcp://10.0.0.5", "tcp://h:99999", "tcp://a b:1"])
def test_a_bad_scheduler_address_is_refused(address: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_scheduler(address)
    assert str(caught.value) == (f"--scheduler: '{address}' không phải địa chỉ bộ lập lịch "
                                 "Dask — cần tcp://máy:cổng, ví dụ tcp://10.0.0.5:8786")


def test_a_bad_scheduler_address_is_a_usage_error(tmp_library: LibraryMaker) -> None:
    root = tmp_library()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root),
                           "--scheduler", "localhost:8786"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().endswith("--scheduler: 'localhost:8786' không phải địa chỉ bộ "
                                        "lập lịch Dask — cần tcp://máy:cổng, ví dụ "
                                        "tcp://10.0.0.5:8786")


def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from generators import tasks
    from tests.dask_cluster import free_port

    monkeypatch.setattr(tasks, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(EngineError) as caught, connect(address):
        pass
    assert str(caught.value).startswith(f"--scheduler: không kết nối được tới bộ lập lịch Dask "
                                        f"{address} sau 1 giây (")
    assert str(caught.value).endswith("— kiểm tra `dask scheduler` đang chạy ở máy đó và cổng "
                                      "mở cho máy dựng")


def test_the_audio_stage_runs_on_the_cluster_with_the_s3_cache(
        dask_cluster: Cluster, local_build: tuple[Path, StageReport], s3: Any,
        tmp_library: LibraryMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The options as a build gets them: --scheduler, --cache-dir s3://…, then a second
    machine with --cache-read-only that makes nothing."""
    from generators.config import load_config
    from generators.progress import Progress
    from generators.speech.stage import AudioStage
    from generators.stage import Build
    from tests.mirror.conftest import BUCKET

    _, local = local_build
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=BODY)})
    library, _ = load_library(root, TODAY)
    assert library is not None
    reports = []
    for machine, read_only in (("a", False), ("b", True)):
        monkeypatch.setenv("TUSACH_CACHE_DIR", str(tmp_path / machine))  # the working cache
        config = load_config(root, today=TODAY, stages={"audio"},
                             cache_dir=f"s3://{BUCKET}/media", cache_read_only=read_only,
                             scheduler=dask_cluster.address)
        assert config.cache_dir == tmp_path / machine
        build = Build(config, library, Progress(quiet=True), tmp_path / "out")
        reports.append(AudioStage({"espeak": EspeakEngine()}).run(build))
    assert [(r.built, r.reused) for r in reports] == [(9, 0), (0, 9)]
    assert _books(reports[0]) == _books(reports[1]) == _books(local)


def test_share_cards_drawn_on_the_cluster_are_the_local_bytes(
        dask_cluster: Cluster, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from generators.cards import render_cards

    library = _library(tmp_library)
    local = render_cards(library, "Tủ sách thử", tmp_path / "a", workers=2)
    with connect(dask_cluster.address) as runner:
        remote = render_cards(library, "Tủ sách thử", tmp_path / "b", runner=runner)
    assert (remote.built, remote.reused) == (local.built, local.reused) == (2, 0)
    assert {k: p.read_bytes() for k, p in remote.media.cards.items()} == \
        {k: p.read_bytes() for k, p in local.media.cards.items()}


def test_a_whole_build_on_the_cluster_with_s3_is_the_local_site(
        dask_cluster: Cluster, s3: Any, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    """`build.py --scheduler … --cache-dir s3://…` and a plain local build of the same
    sources give the same site, file for file (but for build-info.json): audiobooks,
    video, infographics, share cards and e-books made on the cluster and kept in S3."""
    import hashlib

    from generators.config import load_config
    from generators.pipeline import build
    from generators.site.build_info import BUILD_INFO
    from tests.mirror.conftest import BUCKET
    from tests.site.test_deterministic import STEPS

    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(
        extra="reviewed: true\nvideo: true\ninfographics: [thu-viec-toi-da]", body=BODY),
        "infographics/thu-viec-toi-da.yml": STEPS})
    trees = []
    for n, options in enumerate(({}, {"cache_dir": f"s3://{BUCKET}/media",
                                      "scheduler": dask_cluster.address})):
        options = {"cache_dir": tmp_path / f"cache{n}", **options}
        config = load_config(root, site_dir=tmp_path / f"site{n}", today=TODAY, search=False,
                             stages={"audio", "video", "cards", "ebooks"}, **options)
        if n:  # the working cache of the distributed build is empty too
            config = replace(config, cache_dir=tmp_path / "cache1")
        report = build(config)
        assert report.ok, [p.format() for p in report.errors]
        site = tmp_path / f"site{n}"
        trees.append({p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in sorted(site.rglob("*")) if p.is_file()})
        trees[-1].pop(BUILD_INFO)
    assert sorted(trees[0]) == sorted(trees[1])
    assert [name for name in trees[0] if trees[0][name] != trees[1][name]] == []
    assert {name.split("/")[0] for name in trees[0]} >= {"sach-noi", "video", "infographic",
                                                          "the-chia-se", "sach-dien-tu"}
    assert any(k.startswith("entries/books/") for k in s3.keys("media/"))


def _with_infographic(tmp_library: LibraryMaker) -> Any:
    from tests.site.test_deterministic import STEPS

    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(
        extra="reviewed: true\ninfographics: [thu-viec-toi-da]", body=BODY),
        "infographics/thu-viec-toi-da.yml": STEPS})
    library, problems = load_library(root, TODAY)
    assert library is not None, [p.format() for p in problems.errors]
    return library


def test_infographics_drawn_on_the_cluster_are_the_local_bytes(
        dask_cluster: Cluster, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from generators.infographics.render import render_infographics

    library = _with_infographic(tmp_library)
    local = render_infographics(library, tmp_path / "a", workers=2)
    with connect(dask_cluster.address) as runner:
        remote = render_infographics(library, tmp_path / "b", runner=runner)
    assert (remote.built, remote.reused) == (local.built, local.reused) == (2, 0)
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
    assert remote.warnings == local.warnings


def test_video_segments_encoded_on_the_cluster_are_the_local_bytes(
        dask_cluster: Cluster, local_build: tuple[Path, StageReport],
        tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from generators.video.render import SEGMENTS, render_videos

    _, audio = local_build
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(
        extra="reviewed: true\nvideo: true", body=BODY)})
    library, _ = load_library(root, TODAY)
    assert library is not None
    local = render_videos(library, audio.media.audio, {}, tmp_path / "a", jobs=2)
    with connect(dask_cluster.address) as runner:
        remote = render_videos(library, audio.media.audio, {}, tmp_path / "b", jobs=2,
                               runner=runner)
    assert remote.details["segments"] == local.details["segments"] > 0
    assert (remote.built, remote.reused, remote.notices) == (local.built, local.reused, [])
    assert _files(tmp_path / "b" / SEGMENTS) == _files(tmp_path / "a" / SEGMENTS)
    video, other = local.media.videos["thu-viec"], remote.media.videos["thu-viec"]
    assert (other.web.read_bytes(), other.vertical.read_bytes()) == \
        (video.web.read_bytes(), video.vertical.read_bytes())


def _square(n: int) -> int:
    if n == 3:
        raise EngineError("ba")
    return n * n


@pytest.mark.parametrize("processes", [False, True])
def test_the_local_runner_gives_every_outcome_and_reads_inputs_as_it_goes(
        processes: bool) -> None:
    from generators.tasks import WINDOW, LocalRunner

    prepared: list[int] = []

    def prepare(n: int) -> int:
        prepared.append(n)
        return n

    runner = LocalRunner(2, processes=processes)
    outcomes = runner.run(_square, list(range(10)), prepare)
    first = next(outcomes)
    assert len(prepared) <= WINDOW * 2 + 1  # not every input read at the start
    results = dict([first, *outcomes])
    assert sorted(results) == list(range(10)) and prepared == list(range(10))
    assert isinstance(results[3], EngineError) and str(results[3]) == "ba"
    assert [results[n] for n in range(10) if n != 3] == [n * n for n in range(10) if n != 3]


def test_a_human_recording_encoded_on_the_cluster_is_the_local_book(
        dask_cluster: Cluster, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from generators.ffmpeg import ffmpeg_binary

    wav = tmp_path / "thu-viec.vi.wav"
    subprocess.run([ffmpeg_binary(), "-v", "error", "-f", "lavfi", "-i",
                    "sine=frequency=200:duration=4", "-ac", "1", str(wav)], check=True)
    root = tmp_library({"content/lao-dong/thu-viec.md": explainer(body=BODY),
                        "audiobooks/recordings/thu-viec.vi.wav": wav.read_bytes()})
    library, _ = load_library(root, TODAY)
    assert library is not None
    local = render_audiobooks(library, tmp_path / "a", engines={"espeak": EspeakEngine()})
    with connect(dask_cluster.address) as runner:
        remote = render_audiobooks(library, tmp_path / "b", runner=runner,
                                   engines={"espeak": EspeakEngine()})
    assert [b.voice for b in remote.media.audio["thu-viec"]] == ["nguoi-doc"]
    assert _books(remote) == _books(local)


def test_ebooks_written_on_the_cluster_are_the_local_bytes(
        dask_cluster: Cluster, tmp_library: LibraryMaker, tmp_path: Path) -> None:
    from generators.ebooks.render import render_ebooks
    from generators.infographics.render import render_infographics

    library = _with_infographic(tmp_library)
    pictures = render_infographics(library, tmp_path / "pictures").media.infographics
    local = render_ebooks(library, tmp_path / "a", 2, site_name="Tủ sách thử",
                          infographics=pictures)
    with connect(dask_cluster.address) as runner:
        remote = render_ebooks(library, tmp_path / "b", 2, site_name="Tủ sách thử",
                               infographics=pictures, runner=runner)
    assert (remote.built, remote.reused, remote.notices) == (local.built, local.reused,
                                                             local.notices)
    assert remote.built == 2  # the explainer and its field
    assert {k: e.path.read_bytes() for k, e in remote.media.ebooks.items()} == \
        {k: e.path.read_bytes() for k, e in local.media.ebooks.items()}


def test_bulletins_encoded_on_the_cluster_are_the_local_bytes(
        dask_cluster: Cluster, tmp_path: Path) -> None:
    from generators.bulletins.make import make_bulletins
    from generators.speech.tasks import default_engines
    from tests.bulletins.conftest import library_files, load, setting, write

    library = load(write(tmp_path / "lib", library_files()))
    outcomes = []
    for n in (1, 2):
        work = tmp_path / f"work{n}"
        work.mkdir()
        if n == 1:
            outcomes.append(make_bulletins(library, setting(tmp_path / "c1"), work,
                                           default_engines()))
            continue
        with connect(dask_cluster.address) as runner:
            outcomes.append(make_bulletins(library, setting(tmp_path / "c2"), work,
                                           default_engines(), runner=runner))
    local, remote = outcomes
    assert remote.encoded == local.encoded == 2 and remote.notices == local.notices
    assert [b.mp3.read_bytes() for b in remote.bulletins] == \
        [b.mp3.read_bytes() for b in local.bulletins]
    assert _files(tmp_path / "work2") == _files(tmp_path / "work1")  # the station's files
