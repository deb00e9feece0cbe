"""The reviewed run: a reviewer's bead edits applied on top of the machine result.

:func:`apply_edits` replays the bead edits of an edit log (:mod:`align.core.edits`) in order
on a :class:`~align.core.records.Run`: each edit first finds its beads as it saw them (ids,
kind, review mark, texts); one whose beads no longer exist or changed is not applied and is
reported, and so is one that makes no sense on them. Beads a reviewer made or confirmed are
``reviewed``; those the reviewer built (merged, split, unlinked, linked) score 1.0, marks
keep the aligner's score.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from align.core.beads import Bead, BeadKind
from align.core.edits import (
    EDITS,
    BeadEdit,
    BeadRef,
    Edit,
    EditError,
    Link,
    MarkBead,
    Merge,
    Problem,
    Split,
    StaleEdit,
    Unlink,
    bead_ref,
    describe,
    read_edits,
)
from align.core.records import CasePair, Run


def _find(pair: CasePair, beads: Sequence[Bead], ref: BeadRef) -> int:
    for k, bead in enumerate(beads):
        if bead.src == ref.zh and bead.tgt == ref.en:
            now = bead_ref(pair, bead)
            if now.digest != ref.digest:
                raise StaleEdit(f"the texts of bead {ref.format()} changed")
            if now.kind != ref.kind or now.reviewed != ref.reviewed:
                raise StaleEdit(f"bead {ref.format()} was changed since (now "
                                f"{'reviewed ' if now.reviewed else ''}{now.kind})")
            return k
    raise StaleEdit(f"bead {ref.format()} no longer exists")


def _consecutive(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return not a or not b or b[0] == a[-1] + 1


def _in_order(beads: Sequence[Bead]) -> bool:
    """True when the beads that are not ``moved`` follow each other on both sides."""
    src = [i for b in beads if b.kind != "moved" for i in b.src]
    tgt = [j for b in beads if b.kind != "moved" for j in b.tgt]
    return src == sorted(src) and tgt == sorted(tgt)


def _place(beads: list[Bead], bead: Bead) -> None:
    """Insert a one-sided ``bead`` before the first bead in order whose paragraphs on that
    side come after it."""
    first = (bead.src or bead.tgt)[0]
    for k, other in enumerate(beads):
        side = other.src if bead.src else other.tgt
        if other.kind != "moved" and side and side[0] > first:
            beads.insert(k, bead)
            return
    beads.append(bead)


def _merge(pair: CasePair, beads: list[Bead], edit: Merge) -> None:
    if len(edit.beads) != 2:
        raise EditError("a merge names a bead and the next one")
    k = _find(pair, beads, edit.beads[0])
    nxt = edit.beads[1]
    if k + 1 >= len(beads) or (beads[k + 1].src, beads[k + 1].tgt) != (nxt.zh, nxt.en):
        raise StaleEdit(f"bead {nxt.format()} no longer follows {edit.beads[0].format()}")
    _find(pair, beads[k + 1:k + 2], nxt)  # its kind, mark and texts as the edit saw them
    a, b = beads[k], beads[k + 1]
    if not (_consecutive(a.src, b.src) and _consecutive(a.tgt, b.tgt)):
        raise EditError(f"{edit.beads[0].format()} and {edit.beads[1].format()} hold "
                        "paragraphs that are not neighbours")
    src, tgt = a.src + b.src, a.tgt + b.tgt
    kind: BeadKind
    if src and tgt:
        kind = "moved" if "moved" in (a.kind, b.kind) else "match"
    else:
        kind = a.kind if a.kind == b.kind else "missing"
    beads[k:k + 2] = [Bead(src, tgt, 1.0, kind, True)]


def _split(pair: CasePair, beads: list[Bead], edit: Split) -> None:
    k = _find(pair, beads, edit.beads[0])
    bead = beads[k]
    if len(bead.src) < 2 and len(bead.tgt) < 2:
        raise EditError(f"bead {bead.format(False)} is not merged; there is nothing to split")
    if not (0 <= edit.zh_at <= len(bead.src) and 0 <= edit.en_at <= len(bead.tgt)):
        raise EditError(f"cannot split {bead.format(False)} after {edit.zh_at} Chinese and "
                        f"{edit.en_at} English paragraphs")
    parts = [(bead.src[:edit.zh_at], bead.tgt[:edit.en_at]),
             (bead.src[edit.zh_at:], bead.tgt[edit.en_at:])]
    if not all(s or t for s, t in parts):
        raise EditError(f"splitting {bead.format(False)} after {edit.zh_at}:{edit.en_at} "
                        "leaves an empty bead")
    new = []
    for s, t in parts:
        if s and t:
            kind: BeadKind = bead.kind if bead.kind in ("match", "moved") else "match"
        else:
            kind = bead.kind if bead.kind in ("missing", "furniture") else "missing"
        new.append(Bead(s, t, 1.0, kind, True))
    beads[k:k + 1] = new


def _unlink(pair: CasePair, beads: list[Bead], edit: Unlink) -> None:
    k = _find(pair, beads, edit.beads[0])
    bead = beads.pop(k)
    if bead.is_null:
        beads.insert(k, bead)
        raise EditError(f"bead {bead.format(False)} has one side only; there is nothing "
                        "to unlink")
    zh, en = Bead(bead.src, (), 1.0, "missing", True), Bead((), bead.tgt, 1.0, "missing", True)
    if bead.kind != "moved":
        beads[k:k] = [zh, en]  # where the bead stood, which keeps both sides in order
        return
    _place(beads, zh)
    _place(beads, en)


def _link(pair: CasePair, beads: list[Bead], edit: Link) -> None:
    if len(edit.beads) != 2:
        raise EditError("a link names a Chinese-only and an English-only bead")
    refs = sorted(edit.beads, key=lambda r: not r.zh)  # the Chinese-only one first
    if not (refs[0].zh and not refs[0].en and refs[1].en and not refs[1].zh):
        raise EditError(f"{refs[0].format()} and {refs[1].format()}: a link needs a "
                        "Chinese-only and an English-only bead")
    i, j = _find(pair, beads, refs[0]), _find(pair, beads, refs[1])
    rest = [b for k, b in enumerate(beads) if k not in (i, j)]
    # Where the zh bead stood once the two are taken out, then the places nearest to it.
    home = i - (j < i)
    linked = Bead(refs[0].zh, refs[1].en, 1.0, "match", True)
    for k in sorted(range(len(rest) + 1), key=lambda k: (abs(k - home), k)):
        if _in_order([*rest[:k], linked, *rest[k:]]):
            beads[:] = [*rest[:k], linked, *rest[k:]]
            return
    beads[:] = [*rest[:home], replace(linked, kind="moved"), *rest[home:]]


def _mark(pair: CasePair, beads: list[Bead], edit: MarkBead) -> None:
    k = _find(pair, beads, edit.beads[0])
    bead = beads[k]
    if edit.mark == "checked":
        beads[k] = replace(bead, reviewed=True)
        return
    if not bead.is_null:
        raise EditError(f"bead {bead.format(False)} has both sides; only a one-sided bead "
                        f"can be {edit.mark} (unlink it first)")
    beads[k] = replace(bead, kind=edit.mark, reviewed=True)


_APPLY = {Merge: _merge, Split: _split, Unlink: _unlink, Link: _link, MarkBead: _mark}


def apply_edit(run: Run, edit: BeadEdit) -> Run:
    """``run`` with one bead edit applied.

    Raises :class:`StaleEdit` when the edit's beads no longer exist or changed since it
    was made, and :class:`EditError` when it makes no sense on them.
    """
    for n, pair in enumerate(run.pairs):
        if pair.id == edit.pair:
            beads = list(pair.beads)
            _APPLY[type(edit)](pair, beads, edit)  # type: ignore[operator]
            pairs = (*run.pairs[:n], replace(pair, beads=tuple(beads)), *run.pairs[n + 1:])
            return replace(run, pairs=pairs)
    raise StaleEdit(f"case pair {edit.pair} is no longer in the run")


S = TypeVar("S")
E = TypeVar("E", bound=Edit)


def apply_in_order(state: S, edits: Iterable[object], kind: type[E],
                   apply: Callable[[S, E], S]) -> tuple[S, tuple[Problem, ...]]:
    """``state`` with each edit of type ``kind`` among ``edits`` applied in order by
    ``apply``; an edit that raises :class:`EditError` is left out and becomes a
    :class:`Problem` (never dropped silently). Returns the state and the problems."""
    problems: list[Problem] = []
    for edit in edits:
        if not isinstance(edit, kind):
            continue
        try:
            state = apply(state, edit)
        except EditError as ex:
            problems.append(Problem(f"edit {edit.id} of {edit.time} ({describe(edit)}) no "
                                    f"longer applies: {ex}; left out", None, edit))
    return state, tuple(problems)


def apply_edits(run: Run, edits: Iterable[Edit]) -> tuple[Run, tuple[Problem, ...]]:
    """The reviewed run: the bead edits among ``edits`` applied in order on top of
    ``run``, and the problems of those that could not be applied (never dropped
    silently). Term edits are left to the glossary (:mod:`glossary.reviewed`)."""
    return apply_in_order(run, edits, BeadEdit, apply_edit)


def review_run(run: Run, outdir: str | os.PathLike[str]) -> Run:
    """``run`` (read from ``outdir``) with the edit log of ``outdir`` applied; the lines
    and edits that could not be applied are in the result's ``edit_problems``."""
    log = read_edits(outdir)
    if not log.edits and not log.problems:
        return run
    reviewed, problems = apply_edits(run, log.edits)
    messages = [p.message for p in log.problems]
    for p in problems:
        line = log.lines.get(p.edit.id) if p.edit else None
        messages.append(f"{Path(outdir) / EDITS}:{line}: {p.message}" if line else p.message)
    return replace(reviewed, edit_problems=tuple(messages))
