"""Dynamic programming over bead shapes: the best monotonic path through a gain grid.

State ``(i, j)`` means "the first ``i`` source and ``j`` target paragraphs are aligned".
A bead of shape ``(a, b)`` moves from ``(i - a, j - b)`` to ``(i, j)`` and earns
``gains[(a, b)][i, j]``. The path from ``(0, 0)`` to ``(n, m)`` with the largest total is
returned as beads. Rows are processed one at a time with NumPy over all columns; the
``0:1`` moves, which chain inside a row, are resolved with a max-plus prefix scan, so the
cost is ``O(n·m·shapes)`` array work and ``O(n)`` Python steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

Shape = tuple[int, int]

NEG = np.float32(-1e9)


def best_path(gains: Mapping[Shape, np.ndarray], n: int, m: int) -> list[tuple[Shape, int, int]]:
    """The highest-gain monotonic path, as ``[(shape, i_end, j_end), …]`` in order.

    ``gains[(a, b)]`` is an ``(n + 1, m + 1)`` array; cells where the move is impossible
    (``i < a`` or ``j < b``) or forbidden must hold a very negative value. ``(0, 1)`` must be
    among the shapes so that every grid has a path.
    """
    shapes: Sequence[Shape] = [s for s in gains if s != (0, 1)]
    if (0, 1) not in gains:
        raise ValueError("the 0:1 shape is required")
    g01 = gains[(0, 1)]
    score = np.full((n + 1, m + 1), NEG, dtype=np.float64)
    back = np.full((n + 1, m + 1), -1, dtype=np.int8)
    skip = len(shapes)  # backpointer code of the 0:1 move
    for i in range(n + 1):
        row = score[i]
        if i == 0:
            row[0] = 0.0
        else:
            for code, (a, b) in enumerate(shapes):
                if a > i or b > m:
                    continue
                cand = score[i - a, : m + 1 - b] + gains[(a, b)][i, b:]
                better = cand > row[b:]
                if better.any():
                    row[b:][better] = cand[better]
                    back[i, b:][better] = code
        # 0:1 moves chain inside the row: best[j] = max_k<j (row[k] + sum(g[k+1..j])). The
        # scan excludes k = j itself: with forbidden moves (-1e9) in the cumulative sum,
        # rounding alone could otherwise "improve" a cell and point it at an unreachable one.
        g = g01[i].astype(np.float64).copy()
        g[0] = 0.0
        c = np.cumsum(g)
        before = np.empty_like(c)
        before[0] = -np.inf
        np.maximum.accumulate((row - c)[:-1], out=before[1:])
        run = before + c
        better = run > row + 1e-9
        if better.any():
            row[better] = run[better]
            back[i, better] = skip
    path: list[tuple[Shape, int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        code = int(back[i, j])
        if code < 0:
            raise RuntimeError(f"no path reaches ({i}, {j})")
        shape = (0, 1) if code == skip else shapes[code]
        path.append((shape, i, j))
        i, j = i - shape[0], j - shape[1]
    path.reverse()
    return path
