"""End-to-end speed of ``zhen run`` on the bundled corpus: cold cache, then warm.

    python bench/run_speed.py [INPUT ...]

Runs the real command twice in fresh processes with a fresh embedding cache, so the first
run encodes everything and the second reads every vector from the cache; prints the wall
time of each and the counts the run reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Time two runs and print the figures."""
    inputs = sys.argv[1:] or [str(ROOT / "corpora")]
    zhen = Path(sys.executable).parent / "zhen"
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ZHEN_CACHE": str(Path(tmp) / "cache"), "PATH": str(zhen.parent)}
        for label in ("cold cache", "warm cache"):
            out = Path(tmp) / "out"
            t0 = time.perf_counter()
            subprocess.run([str(zhen), "run", *inputs, "-o", str(out)], check=True, env=env,
                           stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - t0
            run = json.loads((out / "run.json").read_text("utf-8"))
            counts = run["counts"]
            print(f"{label}: {wall:.1f} s wall — {len(run['documents'])} documents, "
                  f"{counts['cases']} cases, {counts['pairs']} pairs, "
                  f"{counts['candidates_checked']} case alignments, "
                  f"{counts['missing_paragraphs']} untranslated paragraphs")


if __name__ == "__main__":
    main()
