"""Evidence that an English phrase renders a Chinese term: CC-CEDICT
(:mod:`~glossary.evidence.cedict`), dictionary, pinyin and acronyms
(:mod:`~glossary.evidence.lexical`), numbers with units (:mod:`~glossary.evidence.units`),
sentence embeddings (:mod:`~glossary.evidence.embedding`)."""
