"""The reviewed glossary: a reviewer's term edits applied on top of the machine's glossary.

``zhen glossary`` writes what the machine found (``glossary.json``); a reviewer approves or
rejects entries, edits the preferred rendering and forbids renderings (``zhen review``).
Those edits live in the run folder's edit log (:mod:`align.core.edits`) beside the bead
edits; :func:`review_glossary` applies them in order, and :meth:`ReviewedGlossary.approved`
is the approved glossary that ``zhen check --glossary`` reads back from its TBX or CSV
export: the approved entries with their preferred rendering and the variants that are not
forbidden.

>>> from glossary.reviewed import read_reviewed
>>> reviewed = read_reviewed("zhen-out")                       # doctest: +SKIP
>>> write_glossary(reviewed.approved(), "zhen-out/approved.tbx")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from align.core.edits import (
    Approve,
    EditError,
    Forbid,
    Problem,
    Reject,
    Render,
    StaleEdit,
    TermEdit,
    read_edits,
    text_digest,
)
from align.core.errors import InputError
from align.core.reviewed import apply_in_order
from glossary.terms import Glossary, Rendering, TermEntry

ReviewStatus = Literal["unreviewed", "approved", "rejected"]
#: Where ``zhen glossary`` writes the whole glossary in a run folder.
GLOSSARY_JSON = "glossary.json"


@dataclass(frozen=True)
class TermReview:
    """What a reviewer said of one entry: its status, the preferred rendering they chose
    (empty: the machine's) and the renderings they forbade."""

    status: ReviewStatus = "unreviewed"
    en: str = ""
    forbidden: tuple[str, ...] = ()


def term_state(entry: TermEntry, review: TermReview) -> str:
    """A digest of an entry's reviewed state: what a term edit records as ``was``, so that
    an edit made on an older state (in another tab) is refused."""
    return text_digest((entry.zh, review.status, review.en or entry.en), review.forbidden)


def _reviewed_entry(entry: TermEntry, review: TermReview) -> TermEntry:
    """``entry`` with the reviewer's preferred rendering first among its renderings."""
    if not review.en or review.en == entry.en:
        return entry
    known = [r for r in entry.renderings if r.text == review.en]
    chosen = known[0] if known else Rendering(review.en, 0, ())
    return replace(entry, en=review.en,
                   renderings=(chosen, *(r for r in entry.renderings if r.text != review.en)))


@dataclass(frozen=True)
class ReviewedGlossary:
    """The glossary with the reviewer's edits applied: ``glossary`` holds the entries in
    the machine's order with the preferred renderings the reviewer chose, ``reviews`` what
    the reviewer said of each entry (by Chinese term), ``problems`` the term edits that no
    longer apply."""

    glossary: Glossary
    reviews: Mapping[str, TermReview] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def review(self, zh: str) -> TermReview:
        """What the reviewer said of term ``zh`` (unreviewed when nothing)."""
        return self.reviews.get(zh, TermReview())

    def approved(self) -> Glossary:
        """The approved entries, each with its preferred rendering and the variants that
        are not forbidden: what the TBX and CSV exports hold."""
        entries = []
        for e in self.glossary.entries:
            r = self.review(e.zh)
            if r.status != "approved" or not e.en:
                continue
            entries.append(replace(e, renderings=tuple(x for x in e.renderings
                                                       if x.text not in r.forbidden)))
        approved = sum(r.status == "approved" for r in self.reviews.values())
        return Glossary(tuple(entries), f"{self.glossary.signature}|approved:{approved}",
                        zh_lang=self.glossary.zh_lang)


def apply_term_edit(reviewed: ReviewedGlossary, edit: TermEdit) -> ReviewedGlossary:
    """``reviewed`` with one term edit applied.

    Raises :class:`~align.core.edits.StaleEdit` when the term is gone or its entry changed
    since the edit was made, and :class:`~align.core.edits.EditError` when the edit makes
    no sense (approving an entry without a rendering, forbidding the preferred one).
    """
    entry = reviewed.glossary.get(edit.term)
    if entry is None:
        raise StaleEdit(f"{edit.term} is no longer in the glossary")
    review = reviewed.review(edit.term)
    if term_state(entry, review) != edit.was:
        raise StaleEdit(f"the entry {edit.term} was changed since (now {review.status}, "
                        f"{entry.en!r})")
    if isinstance(edit, Approve):
        if not entry.en:
            raise EditError(f"{edit.term} has no rendering; type one before approving it")
        review = replace(review, status="approved")
    elif isinstance(edit, Reject):
        review = replace(review, status="rejected")
    elif isinstance(edit, Render):
        text = " ".join(edit.rendering.split())
        if not text:
            raise EditError(f"an empty rendering for {edit.term}")
        if text in review.forbidden:
            raise EditError(f"{text!r} is forbidden for {edit.term}")
        review = replace(review, en=text)
    elif isinstance(edit, Forbid):
        if edit.rendering == entry.en:
            raise EditError(f"{edit.rendering!r} is the preferred rendering of {edit.term}; "
                            "choose another one first")
        if edit.rendering not in {r.text for r in entry.renderings}:
            raise EditError(f"{edit.rendering!r} is not a rendering of {edit.term}")
        review = replace(review, forbidden=tuple(sorted({*review.forbidden, edit.rendering})))
    else:  # pragma: no cover - every TermEdit type is handled above
        raise EditError(f"unknown term edit {edit.op}")
    entries = tuple(_reviewed_entry(e, review) if e.zh == edit.term else e
                    for e in reviewed.glossary.entries)
    return replace(reviewed, glossary=replace(reviewed.glossary, entries=entries),
                   reviews={**reviewed.reviews, edit.term: review})


def review_glossary(glossary: Glossary, edits: Iterable[object]) -> ReviewedGlossary:
    """``glossary`` with the term edits among ``edits`` applied in order; bead edits are
    left to :func:`align.core.edits.apply_edits`. Edits that no longer apply are in the
    result's ``problems``."""
    reviewed, problems = apply_in_order(ReviewedGlossary(glossary), edits, TermEdit,
                                        apply_term_edit)
    return replace(reviewed, problems=problems)


def read_reviewed(outdir: str | os.PathLike[str]) -> ReviewedGlossary:
    """The glossary ``zhen glossary`` wrote into the run folder ``outdir``, with the edit
    log's term edits applied. Raises :class:`~align.core.errors.InputError` when the folder
    has no glossary yet."""
    from glossary.formats.jsonfile import read_json

    path = Path(outdir) / GLOSSARY_JSON
    if not path.is_file():
        raise InputError(f"{path}: no glossary yet; run 'zhen glossary {outdir}' first")
    return review_glossary(read_json(path), read_edits(outdir).edits)
