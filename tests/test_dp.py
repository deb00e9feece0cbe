"""The dynamic programme on tiny hand-built gain grids."""

import numpy as np
import pytest

from align.aligner.dp import best_path

NEG = -1e9


def grid(n, m, shapes, fill=-1.0):
    gains = {}
    for a, b in shapes:
        g = np.full((n + 1, m + 1), fill, dtype=np.float32)
        g[:a, :] = NEG
        g[:, :b] = NEG
        gains[(a, b)] = g
    return gains


def test_diagonal_wins_when_one_to_one_pays():
    gains = grid(3, 3, [(1, 1), (1, 0), (0, 1)])
    for k in range(1, 4):
        gains[(1, 1)][k, k] = 1.0
    path = best_path(gains, 3, 3)
    assert [(s, i, j) for s, i, j in path] == [((1, 1), 1, 1), ((1, 1), 2, 2), ((1, 1), 3, 3)]


def test_skip_chains_inside_a_row():
    # Only skips pay on the first row: the path must take 0:1 three times, then 1:0.
    gains = grid(1, 3, [(1, 1), (1, 0), (0, 1)], fill=NEG)
    gains[(0, 1)][0, 1:] = 0.5
    gains[(1, 0)][1, 3] = 0.1
    path = best_path(gains, 1, 3)
    assert [s for s, _, _ in path] == [(0, 1), (0, 1), (0, 1), (1, 0)]


def test_merge_beats_two_weak_singles():
    gains = grid(2, 1, [(1, 1), (2, 1), (1, 0), (0, 1)])
    gains[(2, 1)][2, 1] = 3.0
    gains[(1, 1)][1, 1] = 1.0
    gains[(1, 1)][2, 1] = 1.0
    path = best_path(gains, 2, 1)
    assert path == [((2, 1), 2, 1)]


def test_path_covers_everything_on_random_grids():
    rng = np.random.default_rng(0)
    shapes = [(1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (0, 1)]
    for _ in range(20):
        n, m = rng.integers(0, 8, size=2)
        gains = grid(n, m, shapes)
        for g in gains.values():
            g[g > NEG] = rng.normal(size=(g > NEG).sum())
        path = best_path(gains, int(n), int(m))
        i = j = 0
        for (a, b), ie, je in path:
            assert (ie, je) == (i + a, j + b)
            i, j = ie, je
        assert (i, j) == (n, m)


def test_exhaustive_agreement_on_small_grids():
    """The row-vectorised DP finds the same optimum as brute-force recursion."""
    rng = np.random.default_rng(1)
    shapes = [(1, 1), (1, 2), (2, 1), (1, 0), (0, 1)]
    for _ in range(30):
        n, m = (int(x) for x in rng.integers(1, 5, size=2))
        gains = grid(n, m, shapes)
        for g in gains.values():
            g[g > NEG] = rng.normal(size=(g > NEG).sum())

        def best(i, j, gains=gains):
            if i == 0 and j == 0:
                return 0.0
            return max((best(i - a, j - b, gains) + gains[(a, b)][i, j]
                        for a, b in shapes if i >= a and j >= b), default=NEG)

        path = best_path(gains, n, m)
        total = sum(float(gains[s][i, j]) for s, i, j in path)
        assert total == pytest.approx(best(n, m), abs=1e-4)


def test_requires_skip_shape():
    with pytest.raises(ValueError):
        best_path(grid(1, 1, [(1, 1)]), 1, 1)


def test_shapes_wider_than_the_grid_are_ignored():
    gains = grid(2, 1, [(1, 1), (1, 4), (4, 1), (1, 0), (0, 1)])
    gains[(1, 1)][1, 1] = 1.0
    assert best_path(gains, 2, 1)[0] == ((1, 1), 1, 1)


def test_forbidden_skips_do_not_break_the_row_scan():
    """0:1 moves forbidden (-1e9) in most cells: rounding in the row scan must not point a
    cell at an unreachable one."""
    rng = np.random.default_rng(0)
    shapes = [(1, 1), (1, 2), (1, 0), (0, 1)]
    for _ in range(50):
        n, m = int(rng.integers(2, 6)), int(rng.integers(20, 80))
        gains = grid(n, m, shapes, fill=NEG)
        j = 0
        for k in range(1, n):  # one allowed bead per row, then skips to the end
            shape = (1, int(rng.integers(1, 3)))
            j += shape[1]
            gains[shape][k, j] = rng.normal()
        gains[(1, 1)][n, j + 1] = rng.normal()
        gains[(0, 1)][n, j + 2:] = rng.normal(size=m - j - 1)
        path = best_path(gains, n, m)
        assert path[-1][1:] == (n, m)
        assert sum(float(gains[s][i, jj]) for s, i, jj in path) > NEG
