"""Pairing Chinese terms with their English renderings over the aligned pairs: word
alignment (:mod:`~glossary.pairing.wordalign`), consistent spans
(:mod:`~glossary.pairing.phrases`), the evidence of every candidate
(:mod:`~glossary.pairing.features`) and the learnt choice
(:mod:`~glossary.pairing.weights`, :mod:`~glossary.pairing.choice`)."""
