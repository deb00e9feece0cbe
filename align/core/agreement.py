"""Whether the quantities of two texts agree, up to the rounding each was written with.

:func:`number_agreement` scores two texts' quantities as the Dice overlap of the two
multisets; :func:`quantity_classes` groups the quantities of many texts into classes of
equal ones, for the aligner to count in bulk the same way. ``13.3%`` agrees with
``13.33%`` and ``1.2 million`` with ``120.6 万``, but ``2021`` not with ``2022``.
"""

from __future__ import annotations

from collections.abc import Sequence

from align.core.quantities import Quantity

#: Two values that differ by no more than this share of the larger one (and by no more than
#: their rounding) are the same quantity: "1.2 million" for "120.6 万".
REL_TOL = 0.005


def same_quantity(x: Quantity, y: Quantity, rel_tol: float = REL_TOL) -> bool:
    """Whether ``x`` and ``y`` may be the same quantity written with different rounding:
    the same ``percent`` flag, and values no further apart than half the coarser
    :attr:`Quantity.step` and than ``rel_tol`` of the larger value."""
    return x.percent is y.percent and _close(x, y, rel_tol)


def _close(x: Quantity, y: Quantity, rel_tol: float) -> bool:
    """Whether ``x`` and ``y`` may be the same quantity written with different rounding."""
    diff = abs(x.value - y.value)
    # 1e-9 absorbs float noise in values like 0.1 * 10000.
    return (diff <= max(x.step, y.step) / 2 * (1 + 1e-9)
            and diff <= rel_tol * max(abs(x.value), abs(y.value)))


def number_agreement(a: Sequence[Quantity], b: Sequence[Quantity],
                     rel_tol: float = REL_TOL) -> float | None:
    """How well two texts' quantities match: the Dice overlap of the two multisets.

    Returns None when neither side has a quantity (no evidence either way). Otherwise
    returns ``2 * matched / (len(a) + len(b))``, in [0, 1]: 1.0 when both sides state the
    same quantities, 0.0 when they share none or one side has none. ``matched`` counts
    one-to-one pairs of a quantity of ``a`` and a quantity of ``b`` that have the same
    ``percent`` flag and values that differ by no more than rounding: at most half the
    coarser :attr:`Quantity.step` and at most ``rel_tol`` (0.5 % by default) of the larger
    value. So ``13.3%`` matches ``13.33%`` and ``1.2 million`` matches ``120.6 万``, but
    ``2021`` does not match ``2022``. Pairs are formed greedily in increasing value, which
    for exact matches is the multiset intersection; a quantity repeated on one side counts
    as often as it occurs.
    """
    if not a and not b:
        return None
    if not a or not b:
        return 0.0
    matched = 0
    for flag in (False, True):
        xs = sorted((q for q in a if q.percent is flag), key=lambda q: q.value)
        ys = sorted((q for q in b if q.percent is flag), key=lambda q: q.value)
        i = j = 0
        while i < len(xs) and j < len(ys):
            if _close(xs[i], ys[j], rel_tol):
                matched += 1
                i += 1
                j += 1
            elif xs[i].value < ys[j].value:
                i += 1    # too small for ys[j], and so for every later y
            else:
                j += 1
    return 2 * matched / (len(a) + len(b))


def quantity_classes(texts: Sequence[Sequence[Quantity]], rel_tol: float = REL_TOL
                     ) -> list[set[int]]:
    """For each text's quantities, the classes they fall in: quantities that are the same
    by :func:`same_quantity` (directly, or through a chain of such quantities between
    them in value order) share a class, so that sets of classes compare texts the way
    :func:`number_agreement` does, and can be counted in bulk."""
    flat = sorted(((q.percent, q.value, t, q) for t, qs in enumerate(texts) for q in qs),
                  key=lambda x: (x[0], x[1]))
    out: list[set[int]] = [set() for _ in texts]
    cls = -1
    prev: Quantity | None = None
    for _, _, t, q in flat:
        if prev is None or not same_quantity(prev, q, rel_tol):
            cls += 1
        out[t].add(cls)
        prev = q
    return out
