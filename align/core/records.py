"""The typed records of a run: paragraphs, cases, and what the pipeline says of them."""

from __future__ import annotations

from dataclasses import dataclass

from align.core.text import Lang


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a case.

    ``text`` is the paragraph as printed (lines cut by a page break joined again);
    ``lines`` are the 1-based line numbers of the source it was built from; ``heading``
    marks titles and section headings; ``match`` is the text normalised for comparison
    (full-width forms folded, Traditional characters converted to Simplified).
    """

    text: str
    lines: tuple[int, ...]
    heading: bool
    match: str


@dataclass(frozen=True)
class Case:
    """One case of a collection: its title and its paragraphs, in order.

    ``doc`` is the name of the document it comes from and ``index`` its 1-based position
    there, so ``id`` (``004_3717a3b3a4f37818#03``) names it uniquely.
    """

    doc: str
    lang: Lang
    index: int
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def id(self) -> str:
        """``doc#NN``: the document name and the 2-digit case number."""
        return f"{self.doc}#{self.index:02d}"
