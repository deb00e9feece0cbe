"""Work in forked children: results and failures come back, a child may fork again, and
the word aligner gives the same links with its directions in two processes."""

from __future__ import annotations

import os

import numpy as np
import pytest

from align.core.errors import WorkerError
from glossary.pairing.forked import Forked, two_cores
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
