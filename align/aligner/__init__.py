"""The paragraph aligner: evidence per bead, learnt weights, dynamic programming.

:mod:`~align.aligner.alignment` is the entry point (:func:`~align.aligner.alignment.align`,
:func:`~align.aligner.alignment.align_vectors`); :mod:`~align.aligner.features` computes
the evidence, :mod:`~align.aligner.model` holds and learns the weights,
:mod:`~align.aligner.dp` finds the best path, :mod:`~align.aligner.index` wraps FAISS,
:mod:`~align.aligner.headings` turns headings a collection agrees on into a prior.
"""
