"""Pairing terms with their renderings over the aligned pairs
(:mod:`~glossary.pairing.matching`)."""
