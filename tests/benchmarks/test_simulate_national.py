"""The national build's scheduler (benchmarks/simulate_national.py) on small graphs whose
makespans are known, and the graph it is given; timings are not tested."""

from __future__ import annotations

import pytest

from benchmarks.simulate_national import Task, national_graph, schedule


def chain() -> list[Task]:
    return [Task("a", 1), Task("b", 2, (0,)), Task("c", 3, (1,))]


def fork_join(mb: float) -> list[Task]:
    """A (1 s) → B, C (2 s each) → D (1 s); each result weighs `mb`."""
    return [Task("a", 1, (), mb), Task("b", 2, (0,), mb), Task("c", 2, (0,), mb),
            Task("d", 1, (1, 2), mb)]


@pytest.mark.parametrize("workers", [1, 2, 8])
def test_a_chain_takes_its_length_on_any_number_of_workers(workers: int) -> None:
    result = schedule(chain(), workers)
    assert (result.makespan, result.critical_path, result.work) == (6, 6, 6)


@pytest.mark.parametrize(("workers", "makespan"), [(1, 4), (2, 2), (3, 2), (4, 1), (8, 1)])
def test_independent_tasks_share_the_workers(workers: int, makespan: float) -> None:
    assert schedule([Task("x", 1)] * 4, workers).makespan == makespan


def test_each_task_pays_the_overhead() -> None:
    result = schedule([Task("x", 1)] * 4, 2, overhead=0.5)
    assert (result.makespan, result.critical_path, result.work) == (3, 1.5, 6)
    assert result.busy == {"x": 6}


def test_branches_run_side_by_side_when_transfers_are_free() -> None:
    assert schedule(fork_join(1), 2).makespan == 4


def test_a_costly_transfer_keeps_the_work_on_the_worker_that_has_the_data() -> None:
    # Sending B's or C's input elsewhere costs 10 s: one worker doing all (6 s) is sooner.
    assert schedule(fork_join(1), 2, transfer_s_per_mb=10).makespan == 6
    # Cheap enough, the branch moves: C starts at 1 + 0.5 on the other worker and ends at
    # 3.5; D runs there too, when B's result has come over (3 + 0.5): 3.5 + 1.
    assert schedule(fork_join(1), 2, transfer_s_per_mb=0.5).makespan == 4.5


def test_one_worker_has_no_transfers() -> None:
    assert schedule(fork_join(1), 1, transfer_s_per_mb=10).makespan == 6


def test_the_longest_chain_comes_first() -> None:
    # Three workers-worth of work on 2 workers: the 3-task chain must start at once, the
    # independent tasks fill in around it (3 s, not 4).
    tasks = [Task("x", 1), Task("x", 1), Task("a", 1), Task("b", 1, (2,)), Task("c", 1, (3,))]
    assert schedule(tasks, 2).makespan == 3


@pytest.mark.parametrize("tasks", [[Task("a", 1, (0,))], [Task("a", 1), Task("b", 1, (2,))],
                                   [Task("a", -1)]])
def test_a_graph_out_of_order_or_negative_is_refused(tasks: list[Task]) -> None:
    with pytest.raises(ValueError, match="negative time or needs a task"):
        schedule(tasks, 2)


def test_zero_workers_is_refused() -> None:
    with pytest.raises(ValueError, match="workers must be ≥ 1"):
        schedule(chain(), 0)


COSTS = {
    "costs": {"chapter_s_per_1000_chars": 1.0, "book_s_per_1000_chars": 0.5, "card_s": 0.25,
              "video_track_s": 2.0, "video_segment_s": 3.0, "video_mux_s": 1.0,
              "page_s": 0.1, "site_fixed_s": 10.0, "dask_transfer_s_per_mb": 1.0},
    "shape": {"chapters_per_explainer": 2, "characters_per_chapter": 1000,
              "wav_mb_per_1000_chars": 0.5, "mp3_mb_per_1000_chars": 0.1, "card_mb": 0.0,
              "video_segments": 2, "video_segment_mb": 0.0, "video_track_mb": 0.0,
              "video_mb": 0.0},
}


def test_the_national_graph_has_every_piece_in_dependency_order() -> None:
    tasks = national_graph(COSTS, provinces=2, explainers=4, voices=3, video_share=0.5,
                           dask=False)
    kinds = [t.kind for t in tasks]
    # Per explainer 6 chapters, 3 books, a card; one video in two explainers; a site build.
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "chapter": 24, "book": 12, "card": 4, "video track": 2, "video segment": 4,
        "video": 2, "site build": 2}
    site = tasks[kinds.index("site build")]
    assert site.seconds == 10 + 0.1 * 2
    assert [tasks[k].kind for k in site.needs].count("book") == 6
    one = schedule(tasks, 1)
    # One worker: the sum of it all (chapters 24 × 1, books 12 × 1, cards 4 × 0.25,
    # videos 2 × (2 + 2 × 3 + 1), sites 2 × 10.2).
    assert one.makespan == pytest.approx(24 + 12 + 1 + 18 + 20.4)


def test_on_dask_every_input_and_result_crosses_the_network() -> None:
    local = national_graph(COSTS, provinces=1, explainers=1, voices=1, video_share=0,
                           dask=False)
    remote = national_graph(COSTS, provinces=1, explainers=1, voices=1, video_share=0)
    # A chapter sends 0.5 MB of WAV back; its book gets 2 × 0.5 MB and sends 0.2 MB.
    assert [r.seconds - t.seconds for r, t in zip(remote, local, strict=True)] == \
        pytest.approx([0.5, 0.5, 1.2, 0, 0])
