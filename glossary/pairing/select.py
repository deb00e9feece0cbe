"""Which Chinese candidates are paired: frequent enough, or noun phrases, dictionary words
and headings even when seen once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field

from align.core.text import han_length
from glossary.candidates.zh import ZhCorpus, ZhStats
from glossary.options import GlossaryOptions

# jieba tags of single words that may be a term even when they occur once.
NOUNISH = frozenset({"n", "nz", "nr", "ns", "nt", "nrt", "nrfg", "vn", "j", "l", "eng"})


@dataclass
class Term:
    """A Chinese candidate kept for pairing: its statistics, the pairs it occurs in (in
    order) and how often in each."""

    stats: ZhStats
    pairs: list[int] = field(default_factory=list)  # indices into the pair list
    counts: Counter[int] = field(default_factory=Counter)


def select_terms(corpus: ZhCorpus, opts: GlossaryOptions, cedict: Container[str]
                 ) -> dict[str, Term]:
    """The candidates of ``corpus`` worth pairing: those seen ``opts.min_count`` times, and
    one-offs that are noun phrases, headings or dictionary words (``cedict``); rare runs
    always inside one longer candidate are left out."""
    terms: dict[str, Term] = {}
    for st in corpus.stats.values():
        if han_length(st.term) < 2:
            continue
        nounish = all(p in NOUNISH for p in st.pos) and len(st.tokens) <= 4
        if st.freq < opts.min_count:
            # Verbal nouns and idioms join clauses: only alone do they make a one-off term.
            nounish = nounish and len(st.tokens) <= 3 and (
                len(st.tokens) == 1 or not any(p in ("vn", "l") for p in st.pos))
            # A one-off is kept when it looks like a noun phrase: nouns, names, Latin words.
            if not (nounish or st.heading or st.term in cedict):
                continue
        elif st.freq <= 3 and st.cvalue <= 0 and not nounish:
            continue  # a rare run always inside one longer candidate, and not a noun phrase
        terms[st.term] = Term(st)
    for i, spans in enumerate(corpus.spans):
        for s in spans:
            t = terms.get(s.term)
            if t is not None:
                if not t.counts[i]:
                    t.pairs.append(i)
                t.counts[i] += 1
    return terms
