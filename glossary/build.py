"""Building a glossary from aligned pairs: the one library call behind ``zhen glossary``.

>>> from glossary.build import glossary_for_run
>>> glossary = glossary_for_run("zhen-out")                      # doctest: +SKIP
>>> glossary.to_frame().head()                                   # doctest: +SKIP

Steps: Chinese candidates (:mod:`glossary.candidates`), word alignment inside the pairs and
the evidence of every candidate phrase (:mod:`glossary.pairing.features`), renderings and
variants chosen with the learnt table (:mod:`glossary.pairing.choice`), numbers with units
(:mod:`glossary.evidence.units`), then entries ranked and fragments dropped
(:mod:`glossary.entries`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace

from align.core.records import AlignedPair
from glossary.entries import with_written_forms
from glossary.options import GlossaryOptions
from glossary.pairing.choice import from_evidence
from glossary.pairing.features import collect
from glossary.pairing.weights import TermWeights
from glossary.pairing.wordalign import AlignOptions
from glossary.terms import Glossary


def glossary_for_run(outdir: str | os.PathLike[str], options: GlossaryOptions | None = None,
                     log: Callable[[str], None] | None = None) -> Glossary:
    """The glossary of the run folder ``outdir``, as ``zhen glossary`` builds it.

    Raises :class:`~align.core.errors.InputError` for a folder ``zhen run`` did not write.
    """
    from glossary.pairs import read_run

    run = read_run(outdir)
    if log and run.run:
        for problem in run.run.edit_problems:  # the reviewer's edits that did not apply
            log(f"Warning: {problem}")
    glossary = build_glossary(run.pairs, options=options, signature=run.signature, log=log)
    if run.run is None:
        return glossary
    used = {p.zh_doc for p in run.pairs}
    tags = {d.tag for d in run.run.documents if d.lang == "zh" and d.name in used}
    # The termbase's Chinese is tagged as the editions are when they agree on a Traditional
    # tag; plain "zh" otherwise (Simplified, or editions in both scripts).
    if len(tags) == 1 and tags != {"zh-CN"}:
        return replace(glossary, zh_lang=tags.pop())
    return glossary


def build_glossary(pairs: Iterable[AlignedPair], *, options: GlossaryOptions | None = None,
                   signature: str = "", log: Callable[[str], None] | None = None,
                   weights: TermWeights | None = None,
                   align_options: AlignOptions | None = None) -> Glossary:
    """Build the glossary of ``pairs`` (any iterable of
    :class:`~align.core.records.AlignedPair`; see the module docstring).

    ``signature`` is the run signature to carry into the glossary's own; ``log`` receives
    progress messages; ``weights`` replaces the shipped scoring table (training) and
    ``align_options`` the word aligner's settings.
    """
    opts = options or GlossaryOptions()
    ev = collect(pairs, align_options=align_options, options=opts, signature=signature,
                 log=log)
    glossary = from_evidence(ev, weights, opts)
    return replace(glossary, entries=with_written_forms(glossary.entries, ev.pairs))
