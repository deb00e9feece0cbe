"""The input profile, encoded windows and the training blocks of the aligner, on small
hand-built inputs (random unit vectors, no encoder)."""

from __future__ import annotations

import numpy as np
import pytest

from align.aligner.alignment import align_prepared, prepare
from align.aligner.features import FEATURES, PROFILE_FEATURES, SHAPES, InputProfile
from align.core.beads import check_cover


def _input(n: int, m: int, seed: int = 0, zh_len: int = 12):
    rng = np.random.default_rng(seed)
    zv = rng.normal(size=(n, 16)).astype(np.float32)
    ev = zv[np.minimum(np.arange(m) * n // max(m, 1), n - 1)] + 0.3 * rng.normal(
        size=(m, 16)).astype(np.float32)
    zv /= np.linalg.norm(zv, axis=1, keepdims=True)
    ev /= np.linalg.norm(ev, axis=1, keepdims=True)
    zh = ["句" * zh_len + f"{k}。" for k in range(n)]
    en = [f"Sentence {k} says something about {k * 3} things." for k in range(m)]
    return zh, en, zv, ev.astype(np.float32)


def test_profile_reads_the_input():
    zh, en, zv, ev = _input(10, 15)
    prof = prepare(zh, en, zv, ev).profile
    assert prof.count_ratio == pytest.approx(np.log(1.5))
    # Expansion beads see the count ratio, contractions and 1:1 beads do not.
    assert prof.values((1, 2))[0] == pytest.approx(prof.count_ratio)
    assert prof.values((1, 1)) == [0.0] * len(PROFILE_FEATURES)
    assert prof.values((2, 1))[1] == pytest.approx(prof.count_ratio)
    # Null beads carry the segment length, merged beads it times the merge size.
    assert prof.values((1, 0))[4] == pytest.approx(prof.segment_length)
    assert prof.values((2, 3))[2] == pytest.approx(3 * prof.segment_length)
    assert InputProfile().values((1, 0)) == [0.0] * len(PROFILE_FEATURES)


def test_longer_segments_give_a_larger_length_statistic():
    short = prepare(*_input(10, 10, zh_len=10)).profile
    long = prepare(*_input(10, 10, zh_len=200)).profile
    assert long.segment_length > short.segment_length


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_carries_its_profile_values(shape):
    zh, en, zv, ev = _input(6, 8)
    prep = prepare(zh, en, zv, ev)
    t = prep.features().tensor(shape)
    first = FEATURES.index(PROFILE_FEATURES[0])
    a, b = shape
    assert np.allclose(t[a:, b:, first:], prep.profile.values(shape))


def test_blocks_of_a_prepared_input_keep_the_whole_inputs_statistics():
    zh, en, zv, ev = _input(12, 14)
    prep = prepare(zh, en, zv, ev)
    block = prep.features(3, 9, 4, 11)
    assert block.profile == prep.profile
    assert block.zh.n == 6 and block.en.n == 7
    assert np.array_equal(block.r_zh, prep.r_zh[3:9])


def test_encoded_windows_replace_the_mean_of_the_parts():
    zh, en, zv, ev = _input(5, 5)
    prep = prepare(zh, en, zv, ev)
    mean = prep.zh.window(2).copy()
    other = np.zeros((4, 16), np.float32)
    other[1, 0] = 1.0  # window 1 encoded, the others not
    prep.zh.encoded[2] = other
    prep.zh._win.clear()
    got = prep.zh.window(2)
    assert np.array_equal(got[1], other[1])
    assert np.allclose(got[[0, 2, 3]], mean[[0, 2, 3]])


def test_prepared_alignment_covers_every_segment():
    zh, en, zv, ev = _input(9, 13)
    result = align_prepared(prepare(zh, en, zv, ev), moves=False)
    check_cover(result.beads, 9, 13)
