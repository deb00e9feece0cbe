"""Splitting a collection into cases, and each case into paragraphs: the entry point.

:func:`segment` finds the table of contents (:mod:`align.documents.toc`), the cases in the
body (:mod:`align.documents.cases`) and the paragraphs of each case
(:mod:`align.documents.paragraphs`); the layout's vocabulary is in
:mod:`align.documents.layout`. Front matter (cover, foreword, expert lists, table of
contents) and back matter (acknowledgements, disclaimer, references) belong to no case. A
collection with neither a table of contents nor recurring headings becomes one case, with
a warning.

>>> from align.documents.reader import read_document
>>> seg = segment(read_document("corpora/004_3717a3b3a4f37818.txt"))   # doctest: +SKIP
>>> len(seg.cases), seg.cases[0].title                                 # doctest: +SKIP
(27, '打造全球首家电池零碳工厂')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from align.core.records import Case
from align.documents.cases import case_ends, locate_cases
from align.documents.furniture import furniture_lines
from align.documents.layout import TITLE_MARKUP, Start, join_pieces
from align.documents.paragraphs import build_paragraphs
from align.documents.reader import SourceDocument
from align.documents.toc import find_toc


@dataclass(frozen=True)
class Segmentation:
    """A document split into cases, with warnings about what could not be found."""

    doc: SourceDocument
    cases: tuple[Case, ...]
    warnings: tuple[str, ...]


# Warn when this many lines, and this share of the body, belong to no case: the bundled
# editions leave at most 9% (back matter), a collection pasted twice leaves half.
_UNCOVERED_MIN = 50
_UNCOVERED_SHARE = 0.2


def segment(doc: SourceDocument) -> Segmentation:
    """Split ``doc`` into its cases; see the module docstring for how.

    Front matter (cover, foreword, expert lists, table of contents) and back matter
    (acknowledgements, disclaimer, references) belong to no case. Problems found on the
    way (a listed case missing from the body, no case structure at all) are returned as
    ``warnings``, never raised.
    """
    # An edition in Traditional characters is read in Simplified form (the vocabulary of
    # headings and the rules are Simplified); its paragraphs and titles keep its own text.
    raw = doc.simplified_lines()
    lines = [line.strip() for line in raw]
    shown = [line.strip() for line in doc.lines] if doc.simplify else lines
    furniture = furniture_lines(raw)
    toc = find_toc(raw)
    body = toc.end if toc else 0
    warnings: list[str] = []
    starts = locate_cases(lines, furniture, toc, body, doc, warnings)
    if not starts:
        first = next((i for i in range(body, len(lines)) if lines[i]), 0)
        warnings.append(f"{doc.path}: no case structure found (no table of contents or "
                        "recurring section headings); the whole document is one case of "
                        f"{sum(1 for s in lines[first:] if s):,} lines")
        starts = [Start(first, (), doc.name)]
    ends = case_ends(lines, starts, toc, body)
    cases = []
    for k, (start, end) in enumerate(zip(starts, ends, strict=True), 1):
        paragraphs = build_paragraphs(lines, doc, furniture, start, end, shown)
        if not start.title:
            warnings.append(f"{doc.path}:{start.line + 1}: case {k} has no title")
        title = TITLE_MARKUP.sub("", _as_written(start, lines, shown, doc)).strip()
        cases.append(Case(doc.name, doc.lang, k, title, tuple(paragraphs)))
    _warn_uncovered(doc, lines, furniture, body, cases, warnings)
    return Segmentation(doc, tuple(cases), tuple(warnings))


def _as_written(start: Start, lines: Sequence[str], shown: Sequence[str],
                doc: SourceDocument) -> str:
    """The case title in the edition's own characters: the title is found on the
    Simplified lines, which match the lines as written character for character."""
    if shown is lines or not start.title_lines:
        return start.title
    simplified = lines[start.title_lines[0]]
    written = shown[start.title_lines[0]]
    for i in start.title_lines[1:]:
        simplified = join_pieces(simplified, lines[i], doc.lang)
        written = join_pieces(written, shown[i], doc.lang)
    pos = simplified.find(start.title)
    if pos < 0 or len(simplified) != len(written):
        return start.title
    return written[pos: pos + len(start.title)]


def _warn_uncovered(doc: SourceDocument, lines: Sequence[str], furniture: set[int], body: int,
                    cases: Sequence[Case], warnings: list[str]) -> None:
    """Warn when much of the body belongs to no case (text after the last case, a case
    the table of contents does not list): it would be neither aligned nor reported."""
    covered = {n - 1 for c in cases for p in c.paragraphs for n in p.lines}
    content = [i for i in range(body, len(lines)) if lines[i] and i not in furniture]
    left = [i for i in content if i not in covered]
    if len(left) >= _UNCOVERED_MIN and len(left) >= _UNCOVERED_SHARE * len(content):
        warnings.append(f"{doc.path}:{left[0] + 1}: {len(left):,} of the {len(content):,} lines "
                        f"of the body ({len(left) / len(content):.0%}) belong to no case and are "
                        "neither aligned nor reported; check the case structure (table of "
                        "contents, section headings)")


