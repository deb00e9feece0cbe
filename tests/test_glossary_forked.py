"""Work in forked children: results and failures come back, a child may fork again, two
halves swap what their first step found before their second, the word aligner gives the
same links with its directions in two processes, and the features and the entries are the
same with their terms in two; the collector runs less often while evidence is collected."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence

import numpy as np
import pytest

from align.core.collector import fewer_collections
from align.core.errors import WorkerError
from glossary.pairing import forked
from glossary.pairing.forked import Forked, in_halves, in_two, in_two_steps, two_cores
from glossary.pairing.wordalign import align_texts


def test_a_forked_call_returns_its_result_from_another_process() -> None:
    child = Forked(lambda: (os.getpid(), [1, 2, 3]), "test worker")
    try:
        pid, value = child.result()
    finally:
        child.stop()
    assert value == [1, 2, 3] and pid != os.getpid()


def test_a_failing_child_is_reported_with_what_failed() -> None:
    def fails() -> None:
        raise ValueError("no such pair")
    child = Forked(fails, "test worker")
    try:
        with pytest.raises(WorkerError, match="test worker failed: ValueError: no such pair"):
            child.result()
    finally:
        child.stop()


def test_a_forked_child_may_fork_its_own() -> None:
    def outer() -> int:
        inner = Forked(lambda: 20, "inner worker")
        try:
            return inner.result() + 1
        finally:
            inner.stop()
    child = Forked(outer, "outer worker")
    try:
        assert child.result() == 21
    finally:
        child.stop()


PAIRS = [("实现碳中和目标", "reach the carbon neutrality goal"),
         ("光伏发电减少碳排放", "photovoltaic power generation cuts carbon emissions"),
         ("碳中和是长期目标", "carbon neutrality is a long-term goal"),
         ("魏桥集团建设光伏电站", "Weiqiao Group builds a photovoltaic power station")]


@pytest.mark.skipif(not two_cores(), reason="one core: the directions are never split")
def test_the_aligner_directions_in_two_processes_give_the_same_links() -> None:
    together = align_texts(PAIRS)
    split = align_texts(PAIRS, split_directions=True)
    assert [(u.pair, u.links, u.fwd, u.rev) for u in split] == \
        [(u.pair, u.links, u.fwd, u.rev) for u in together]
    for a, b in zip(split, together, strict=True):
        assert np.array_equal(a.p_fwd, b.p_fwd) and np.array_equal(a.p_rev, b.p_rev)


def test_an_interrupted_child_ends_quietly_and_the_parent_says_so(
        capfd: pytest.CaptureFixture[str], tmp_path) -> None:
    import signal
    import time

    started = tmp_path / "started"

    def work() -> None:
        started.write_text("yes")  # the child is inside the work, its handlers set
        time.sleep(60)
    child = Forked(work, "test worker")
    try:
        for _ in range(200):  # wait (up to 20 s) until the child has started
            if started.exists():
                break
            time.sleep(0.1)
        assert child._child.pid is not None and started.exists()
        os.kill(child._child.pid, signal.SIGINT)  # what Ctrl-C sends to the whole group
        with pytest.raises(WorkerError, match="test worker stopped without a result"):
            child.result()
    finally:
        child.stop()
    assert child._child.exitcode == -signal.SIGINT
    assert "Traceback" not in capfd.readouterr().err


def test_in_two_gives_both_halves_in_order_the_second_from_a_child() -> None:
    first, second = in_two(lambda: ("a", os.getpid()), lambda: ("b", os.getpid()), "half")
    assert first == ("a", os.getpid()) and second[0] == "b"
    assert (second[1] != os.getpid()) == two_cores()


def test_in_two_runs_both_halves_here_on_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "two_cores", lambda: False)
    assert in_two(lambda: os.getpid(), lambda: os.getpid(), "half") == (os.getpid(),) * 2


@pytest.mark.parametrize("n", [0, 1, 6, 7])
def test_in_halves_gives_one_result_per_item_in_order(n: int) -> None:
    items = list(range(n))
    split = in_halves(lambda xs: [(x * x, os.getpid()) for x in xs], items, "half", 2)
    assert [v for v, _ in split] == [x * x for x in items]
    pids = {pid for _, pid in split}
    # Two items or more go to two processes where there are two cores.
    assert len(pids) == (2 if n >= 2 and two_cores() else min(n, 1))
    assert in_halves(lambda xs: [-x for x in xs], items, "half", 10) == [-x for x in items]


@pytest.mark.skipif(not two_cores(), reason="one core: the terms are never split")
def test_features_split_between_two_processes_are_those_in_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from test_glossary import catl_pairs

    from glossary.pairing import features
    from glossary.pairing.choice import from_evidence
    from glossary.pairing.features import collect

    def glossary() -> tuple[object, ...]:
        ev = collect(catl_pairs())
        return (tuple((t.stats.term, [(c.key, c.x, c.pairs) for c in t.candidates])
                      for t in ev.terms), from_evidence(ev).entries)

    monkeypatch.setattr(features, "_SPLIT_MIN", 10**9)
    alone = glossary()
    monkeypatch.setattr(features, "_SPLIT_MIN", 2)
    split = glossary()
    assert len(alone[1]) > 10 and split == alone


@pytest.mark.skipif(not two_cores(), reason="one core: the terms are never split")
def test_entries_chosen_in_two_processes_are_those_chosen_in_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from test_glossary import catl_pairs

    from glossary.pairing import choice
    from glossary.pairing.features import collect

    ev = collect(catl_pairs())
    monkeypatch.setattr(choice, "_SPLIT_MIN", 10**9)
    alone = choice.from_evidence(ev).entries
    monkeypatch.setattr(choice, "_SPLIT_MIN", 2)
    assert len(alone) > 10 and choice.from_evidence(ev).entries == alone


@pytest.mark.parametrize("n", [0, 1, 2, 7])
def test_in_two_steps_gives_one_result_per_item_in_order_with_the_pieces_combined(
        n: int) -> None:
    items = list(range(n))

    def first(xs: Sequence[int]) -> tuple[set[int], list[int]]:
        return {x * 10 for x in xs}, list(xs)

    def then(xs: list[int], seen: set[int]) -> list[tuple[int, int, int]]:
        return [(x, len(seen), os.getpid()) for x in xs]

    split = in_two_steps(first, lambda a, b: a | b, then, items, "half", 2)
    assert [(x, k) for x, k, _ in split] == [(x, n) for x in items]
    if n >= 2 and two_cores():
        assert {pid for _, _, pid in split[1::2]} != {os.getpid()}
    assert in_two_steps(first, lambda a, b: a | b, then, items, "half", 10) == [
        (x, n, os.getpid()) for x in items]


def test_a_failure_before_the_exchange_is_reported_with_what_failed() -> None:
    def first(xs: Sequence[int]) -> tuple[int, int]:
        if 1 in xs:
            raise ValueError("no such pair")
        return 0, 0
    if not two_cores():
        pytest.skip("one core: nothing is forked")
    with pytest.raises(WorkerError, match="feature builder failed: ValueError: no such pair"):
        in_two_steps(first, lambda a, b: a, lambda s, p: [s], [0, 1], "feature builder", 2)


def test_fewer_collections_raises_the_thresholds_and_restores_them() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        inside = gc.get_threshold()
        assert all(a >= b for a, b in zip(inside, before, strict=True)) and inside != before
    assert gc.get_threshold() == before
    gc.set_threshold(10**6, 50, 50)
    try:
        with fewer_collections():  # never more often than the caller asked
            assert gc.get_threshold() == (10**6, 50, 50)
    finally:
        gc.set_threshold(*before)
