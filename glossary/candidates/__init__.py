"""Term candidates: Chinese word n-grams (:mod:`~glossary.candidates.zh`) and English
noun-phrase-like renderings (:mod:`~glossary.candidates.en`)."""
