"""Time ``zhen glossary``'s steps on a run folder, word alignment beside the segmentation
and in turn, alternately in one process, with the load average.

    python bench/glossary_speed.py OUTDIR [--rounds 2]

Each round builds the glossary twice: once with the aligner in a child process while the
Chinese is segmented (what ``zhen glossary`` does on two cores or more), once in turn (what
it does on one core). Times are wall-clock seconds; on a shared machine compare the two
modes of one round rather than figures of different runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.pairing.choice import from_evidence
from glossary.pairing.features import collect
from glossary.pairs import read_run


def _once(pairs: tuple, one_core: bool) -> dict[str, float]:
    t0 = time.perf_counter()
    if one_core:
        with mock.patch("os.sched_getaffinity", return_value={0}):
            ev = collect(pairs)
    else:
        ev = collect(pairs)
    t1 = time.perf_counter()
    glossary = from_evidence(ev)
    t2 = time.perf_counter()
    return {**ev.timings, "choose": t2 - t1, "total": t2 - t0, "entries": len(glossary)}


def main(argv: list[str] | None = None) -> int:
    """Print the timings; returns the exit code."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    pairs = read_run(args.outdir).pairs
    print(f"read the run folder: {time.perf_counter() - t:.1f} s; cores available: "
          f"{len(os.sched_getaffinity(0))}")
    for r in range(args.rounds):
        for one_core in (False, True):
            load = os.getloadavg()[0]
            got = _once(pairs, one_core)
            steps = ", ".join(f"{k} {v:.1f}" for k, v in got.items()
                              if k not in ("total", "entries"))
            print(f"round {r + 1}, {'in turn   ' if one_core else 'beside    '} "
                  f"total {got['total']:.1f} s ({steps}); {got['entries']:.0f} entries; "
                  f"load before {load:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
