"""The main job: read collections, split them into cases, pair cases across languages,
align the paragraphs of each pair and find what is missing.

>>> from align.run import run_corpus
>>> from align.encoders import load_encoder
>>> result = run_corpus(["corpora"], load_encoder())          # doctest: +SKIP
>>> [(p.zh.title, p.en.title) for p in result.pairs][:1]      # doctest: +SKIP
[('打造全球首家电池零碳工厂', "CATL Unveils the World's First Carbon-Zero Battery Plant")]
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from align.encoders import Encoder
from align.errors import InputError
from align.pairing import CasePair, CaseVectors, pair_cases
from align.segment import Case, Segmentation

#: Called as ``progress(step, done, total)`` on long steps.
Progress = Callable[[str, int, int], None]
#: Paragraphs encoded per call, so that progress can be shown.
ENCODE_BATCH = 512


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class MissingParagraph:
    """A paragraph of a paired case that has no counterpart in the other edition."""

    case: Case
    paragraph: int
    text: str

    @property
    def lines(self) -> tuple[int, ...]:
        """Source line numbers (1-based) of the paragraph."""
        return self.case.paragraphs[self.paragraph].lines


@dataclass(frozen=True)
class RunResult:
    """Everything ``zhen run`` found: documents, pairs, unpaired cases, missing paragraphs."""

    documents: tuple[Segmentation, ...]
    pairs: tuple[CasePair, ...]
    candidates_checked: int
    signature: str
    warnings: tuple[str, ...]
    skipped: tuple[Skipped, ...]

    @property
    def unpaired(self) -> tuple[Case, ...]:
        """Cases with no verified counterpart in the other language."""
        paired = {p.zh.id for p in self.pairs} | {p.en.id for p in self.pairs}
        return tuple(c for d in self.documents for c in d.cases if c.id not in paired)

    @property
    def missing_paragraphs(self) -> tuple[MissingParagraph, ...]:
        """Untranslated paragraphs inside paired cases (1:0 and 0:1 beads)."""
        out: list[MissingParagraph] = []
        for pair in self.pairs:
            for bead in pair.alignment.beads:
                if bead.is_null:
                    case, ids = (pair.zh, bead.src) if bead.src else (pair.en, bead.tgt)
                    out.extend(MissingParagraph(case, i, case.paragraphs[i].text) for i in ids)
        return tuple(out)


def _content_hash(lines: Sequence[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8"), digest_size=16).hexdigest()


def load_documents(inputs: Sequence[str | os.PathLike[str]]
                   ) -> tuple[list[Segmentation], list[Skipped], list[str]]:
    """Read and segment every document found in ``inputs`` (files or folders).

    An unreadable file inside a folder is skipped and reported; an unreadable file named
    on its own is an error. The same edition given twice is read once, with a warning.
    """
    from align.documents import iter_inputs, read_document
    from align.segment import segment

    named = {Path(p).resolve() for p in inputs if Path(p).is_file()}
    docs: list[Segmentation] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for path in iter_inputs([Path(p) for p in inputs]):
        try:
            doc = read_document(path)
        except InputError as ex:
            if path.resolve() in named:
                raise
            skipped.append(Skipped(path, str(ex)))
            continue
        digest = _content_hash(doc.lines)
        if digest in seen:
            warnings.append(f"{path}: is the same document as {seen[digest]}; read once")
            continue
        seen[digest] = path
        seg = segment(doc)
        warnings.extend(seg.warnings)
        docs.append(seg)
    if not docs:
        reasons = "; ".join(s.reason for s in skipped) or "no .txt, .md, .docx or .pdf files"
        raise InputError(f"nothing to align in {', '.join(map(str, inputs))}: {reasons}")
    return docs, skipped, warnings


def realign_with_headings(pairs: Sequence[CasePair], vectors: dict[str, np.ndarray]
                          ) -> list[CasePair]:
    """Align every pair again with the headings the whole collection agrees on as a prior.

    Pairs with no known heading keep their alignment.
    """
    from align.aligner import align_vectors
    from align.headings import heading_lexicon, heading_prior
    from align.pairing import verification

    lexicon = heading_lexicon((p.zh, p.en, p.alignment) for p in pairs)
    out = []
    for p in pairs:
        zt, et = [q.match for q in p.zh.paragraphs], [q.match for q in p.en.paragraphs]
        prior = heading_prior(zt, et, lexicon)
        if prior is None:
            out.append(p)
            continue
        result = align_vectors(zt, et, vectors[p.zh.id], vectors[p.en.id], prior=prior)
        out.append(CasePair(p.zh, p.en, verification(result), result))
    return out


def run_corpus(inputs: Sequence[str | os.PathLike[str]], encoder: Encoder,
               progress: Progress | None = None) -> RunResult:
    """Run the whole job on ``inputs`` with ``encoder``; see the module docstring."""
    from align.signature import signature

    docs, skipped, warnings = load_documents(inputs)
    cases = [c for d in docs for c in d.cases]
    texts = [p.match for c in cases for p in c.paragraphs]
    vectors = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    for start in range(0, len(texts), ENCODE_BATCH):
        vectors[start: start + ENCODE_BATCH] = encoder.encode(texts[start: start + ENCODE_BATCH])
        if progress:
            progress("encoding paragraphs", min(start + ENCODE_BATCH, len(texts)), len(texts))
    per_case, row = [], 0
    for c in cases:
        per_case.append(CaseVectors(c, vectors[row: row + len(c.paragraphs)]))
        row += len(c.paragraphs)
    zh = [cv for cv in per_case if cv.case.lang == "zh"]
    en = [cv for cv in per_case if cv.case.lang == "en"]
    if not zh or not en:
        missing = "Chinese" if not zh else "English"
        warnings.append(f"no {missing} document among the inputs: nothing can be paired, "
                        "every case is reported as missing a translation")
    pairs, checked = pair_cases(zh, en, progress=progress)
    pairs = realign_with_headings(pairs, {cv.case.id: cv.vectors for cv in per_case})
    return RunResult(tuple(docs), tuple(pairs), len(checked), signature(encoder.signature),
                     tuple(warnings), tuple(skipped))


__all__ = ["MissingParagraph", "RunResult", "Skipped", "load_documents", "realign_with_headings",
           "run_corpus"]
