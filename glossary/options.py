"""The options of a glossary build, all of which go into its signature."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GlossaryOptions:
    """Parameters of :func:`glossary.build.build_glossary` (all go into the signature).

    ``min_count``: occurrences a term needs unless it is a noun phrase, a dictionary word
    or a heading; ``min_confidence``: entries less sure than this are dropped (the learnt
    table already decides which terms get an entry; 0 keeps all of them); ``user_words``:
    extra jieba words (a domain user dictionary); ``max_entries``: keep at most this many
    (None: all).
    """

    min_count: int = 2
    min_confidence: float = 0.0
    user_words: tuple[str, ...] = ()
    max_entries: int | None = None

    def signature(self) -> str:
        """The options as ``min_count:2|min_conf:0|…`` for the run signature."""
        return (f"min_count:{self.min_count}|min_conf:{self.min_confidence}"
                f"|max:{self.max_entries or 'all'}")
