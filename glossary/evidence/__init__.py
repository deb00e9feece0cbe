"""Evidence that an English phrase renders a Chinese term: CC-CEDICT
(:mod:`~glossary.evidence.cedict`), dictionary, pinyin and acronyms
(:mod:`~glossary.evidence.lexical`, :mod:`~glossary.evidence.pinyin`), numbers with units
(:mod:`~glossary.evidence.units`)."""
