"""The main job: read collections, split them into cases, pair cases across languages,
align the paragraphs of each pair and find what is missing.

>>> from align.job.run import run_corpus
>>> from align.encoders import load_encoder
>>> result = run_corpus(["corpora"], load_encoder())          # doctest: +SKIP
>>> [(p.zh.title, p.en.title) for p in result.pairs][:1]      # doctest: +SKIP
[('打造全球首家电池零碳工厂', "CATL Unveils the World's First Carbon-Zero Battery Plant")]
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from align.core.errors import InputError
from align.core.progress import Progress, Warn, no_progress
from align.core.records import Case, CasePair, Document, Run, Skipped, Speed
from align.core.threads import PendingChoice, ThreadChoice, limit_threads
from align.documents.segment import Segmentation
from align.encoders import Encoder
from align.job.pairing import Aligned, can_verify, case_embedding, pair_cases

#: Paragraphs encoded per call, so that progress can be shown and memory stays bounded.
ENCODE_BATCH = 512
# A document is reported as repeating itself when at least this share of its lines (of
# ``_REPEAT_MIN_CHARS`` characters or more, so that short labels do not count) repeats an
# earlier line word for word: half a document pasted twice.
_REPEAT_SHARE = 0.5
_REPEAT_MIN_CHARS = 20


def _content_hash(lines: Sequence[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8"), digest_size=16).hexdigest()


def repeated_share(lines: Sequence[str]) -> tuple[int, int]:
    """``(repeats, counted)``: how many of the lines long enough to count repeat an earlier
    line word for word, out of how many."""
    seen: set[str] = set()
    repeats = counted = 0
    for line in lines:
        s = line.strip()
        if len(s) < _REPEAT_MIN_CHARS:
            continue
        counted += 1
        if s in seen:
            repeats += 1
        else:
            seen.add(s)
    return repeats, counted


def document_names(paths: Sequence[Path]) -> dict[Path, str]:
    """The name of each input in the outputs: its file name without the extension, or,
    where two inputs share that (``zh/report.txt``, ``en/report.txt``), its folder's name
    before it (``zh-report``, ``en-report``), numbered if that is shared too."""
    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    out: dict[Path, str] = {}
    taken: set[str] = {p.stem for p in paths if stems[p.stem] == 1}
    for p in paths:
        name = p.stem
        if stems[name] > 1:
            base = f"{p.parent.name}-{p.stem}" if p.parent.name else p.stem
            name, k = base, 1
            while name in taken:
                k += 1
                name = f"{base}-{k}"
        taken.add(name)
        out[p] = name
    return out


def load_documents(inputs: Sequence[str | os.PathLike[str]], progress: Progress | None = None,
                   warn: Warn | None = None,
                   ) -> tuple[list[Segmentation], list[Skipped], list[str]]:
    """Read and segment every document found in ``inputs`` (files or folders).

    An unreadable file inside a folder is skipped and reported; an unreadable file named
    on its own is an error. The same edition given twice is read once, with a warning.
    Warnings are returned and also passed to ``warn`` as soon as they are found.
    """
    from align.documents.inputs import iter_inputs
    from align.documents.reader import read_document
    from align.documents.segment import segment

    report = progress or no_progress
    named = {Path(p).resolve() for p in inputs if Path(p).is_file()}
    docs: list[Segmentation] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []

    def note(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    seen: dict[str, Path] = {}
    paths = iter_inputs([Path(p) for p in inputs])
    names = document_names(paths)
    for k, path in enumerate(paths):
        report("reading documents", k, len(paths))
        try:
            doc = read_document(path)
        except InputError as ex:
            if path.resolve() in named:
                raise
            skipped.append(Skipped(str(path), str(ex)))
            if warn is not None:
                warn(f"skipped {ex}")
            continue
        if names[path] != doc.name:
            doc = replace(doc, name=names[path])
        for message in doc.warnings:
            note(message)
        digest = _content_hash(doc.lines)
        if digest in seen:
            note(f"{path}: is the same document as {seen[digest]}; read once")
            continue
        seen[digest] = path
        repeats, counted = repeated_share(doc.lines)
        if counted and repeats >= _REPEAT_SHARE * counted:
            note(f"{path}: {repeats:,} of its {counted:,} lines ({repeats / counted:.0%}) "
                 "repeat earlier lines word for word: the text seems pasted several times; "
                 "each case is aligned once, where it is first found")
        seg = segment(doc)
        for message in seg.warnings:
            note(message)
        docs.append(seg)
    report("reading documents", len(paths), len(paths))
    if not docs:
        reasons = "; ".join(s.reason for s in skipped) or "no .txt, .md, .docx or .pdf files"
        raise InputError(f"nothing to align in {', '.join(map(str, inputs))}: {reasons}")
    return docs, skipped, warnings


def align_pairs(pairs: Sequence[Aligned], vectors: dict[str, np.ndarray],
                progress: Progress | None = None, encoder: Encoder | None = None
                ) -> list[Aligned]:
    """Align every verified pair once, with every bead shape and, as a prior, the headings
    the whole collection agrees on (learnt from the verification alignments).

    With ``encoder``, short windows of consecutive paragraphs (candidate merged beads) are
    encoded as the aligner was trained (see :data:`align.aligner.alignment.WINDOW_CHARS`).
    """
    from align.aligner.alignment import align_vectors
    from align.aligner.headings import heading_lexicon, heading_prior
    from align.job.pairing import verification

    lexicon = heading_lexicon((p.zh, p.en, p.alignment) for p in pairs)
    out = []
    report = progress or no_progress
    for k, p in enumerate(pairs):
        report("aligning case pairs", k, len(pairs))
        zt, et = [q.match for q in p.zh.paragraphs], [q.match for q in p.en.paragraphs]
        prior = heading_prior(zt, et, lexicon)
        result = align_vectors(zt, et, vectors[p.zh.id], vectors[p.en.id], prior=prior,
                               encoder=encoder)
        out.append(Aligned(p.zh, p.en, verification(result), result))
    report("aligning case pairs", len(pairs), len(pairs))
    return out


def pairable(cases: Sequence[Case]) -> tuple[list[Case], list[Case]]:
    """Split ``cases`` into those that may have a counterpart in the other language and
    those that cannot: a case with no case of the other language close enough in size to
    pass verification (see :func:`align.job.pairing.can_verify`) is never encoded or aligned."""
    sizes = {"zh": sorted({len(c.paragraphs) for c in cases if c.lang == "zh"}),
             "en": sorted({len(c.paragraphs) for c in cases if c.lang == "en"})}
    keep: list[Case] = []
    drop: list[Case] = []
    for c in cases:
        other = sizes["en" if c.lang == "zh" else "zh"]
        n = len(c.paragraphs)
        (keep if any(can_verify(n, m) for m in other) else drop).append(c)
    return keep, drop


def encoding_order(texts: Sequence[str]) -> list[str]:
    """The distinct ``texts``, shortest first by estimated token count (ties in order of
    appearance): each is encoded once, and each batch holds paragraphs of like size."""
    from align.encoders.usem3 import token_estimate

    distinct = list(dict.fromkeys(texts))
    return sorted(distinct, key=token_estimate)


#: Paragraphs of a case that its proposal embedding is made of: the opening ones (title,
#: lead, first section), which name the company, place and project that tell one case from
#: another. Cases that pairing verifies are then encoded in full; a case of a collection
#: with no counterpart (the English-only collections of the bundled corpus, half its
#: paragraphs) is encoded this far only.
OPENING = 12


class _LazyBank:
    """The :class:`~align.job.pairing.CaseBank` of a run: every case's opening paragraphs
    encoded at once, for the proposal embeddings; the remaining paragraphs of a case when
    pairing (or alignment) first asks for them. Each distinct text is encoded once, in
    :func:`encoding_order`, ``ENCODE_BATCH`` at a time."""

    def __init__(self, cases: Sequence[Case], encoder: Encoder,
                 progress: Progress | None) -> None:
        self.encoder = encoder
        self.report = progress or no_progress
        self.found: dict[str, np.ndarray] = {}
        self.seconds = 0.0
        self._encode([p.match for c in cases for p in c.paragraphs[:OPENING]])

    def _encode(self, texts: Sequence[str]) -> None:
        todo = encoding_order([t for t in texts if t not in self.found])
        if not todo:
            return
        t0 = time.perf_counter()
        self.report("encoding paragraphs", 0, len(todo))
        for start in range(0, len(todo), ENCODE_BATCH):
            chunk = todo[start: start + ENCODE_BATCH]
            self.found.update(zip(chunk, self.encoder.encode(chunk), strict=True))
            self.report("encoding paragraphs", min(start + ENCODE_BATCH, len(todo)), len(todo))
        self.seconds += time.perf_counter() - t0

    def _stack(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self.found[t] for t in texts]).astype(np.float32, copy=False)

    def embedding(self, case: Case) -> np.ndarray:
        """:func:`~align.job.pairing.case_embedding` of the case's :data:`OPENING`
        paragraphs."""
        texts = [p.match for p in case.paragraphs[:OPENING]]
        return case_embedding(self._stack(texts), texts)

    def vectors(self, cases: Sequence[Case]) -> list[np.ndarray]:
        """Every paragraph vector of each of ``cases`` (encoding those not seen yet, all
        the cases' together)."""
        self._encode([p.match for c in cases for p in c.paragraphs])
        return [self._stack([p.match for p in c.paragraphs]) for c in cases]


def run_corpus(inputs: Sequence[str | os.PathLike[str]], encoder: Encoder,
               progress: Progress | None = None, warn: Warn | None = None,
               threads: ThreadChoice | PendingChoice | None = None) -> Run:
    """Run the whole job on ``inputs`` with ``encoder``; see the module docstring.

    ``progress`` hears of every long step, ``warn`` of every warning as it is found (the
    warnings are also in the result). ``threads`` is how many threads the encoder and the
    aligner compute with; a :class:`~align.core.threads.PendingChoice` (or None, which
    starts one now) measures the free cores while the documents are read. The choice and
    the rates are the run's :attr:`~align.core.records.Run.speed`.
    """
    pending = PendingChoice() if threads is None else threads
    started = time.perf_counter()
    timed = _TimedEncoder(encoder)
    run, paragraphs, encoded, encode_seconds = _run(inputs, timed, progress, warn,
                                                    pending.result)
    choice = pending.result()
    speed = Speed(choice.threads, choice.cores, choice.busy, choice.source, paragraphs,
                  encoded, encode_seconds, time.perf_counter() - started,
                  timed.windows, timed.window_seconds)
    return replace(run, speed=speed)


class _TimedEncoder:
    """``encoder`` as it is, counting the texts the aligner has embedded after the
    paragraphs (the short windows, :func:`~align.aligner.alignment.encode_windows`) and
    the time they took; :meth:`start_windows` marks where the paragraphs end."""

    def __init__(self, encoder: Encoder) -> None:
        self.inner = encoder
        self.signature = encoder.signature
        self.dim = encoder.dim
        self.counting = False
        self.windows = 0
        self.window_seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)  # misses, flush: the wrapped encoder's

    def start_windows(self) -> None:
        """From now on, texts encoded are windows."""
        self.counting = True

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``encoder.encode(texts)``, counted and timed once the windows started."""
        t0 = time.perf_counter()
        out = self.inner.encode(texts)
        if self.counting:
            self.windows += len(texts)
            self.window_seconds += time.perf_counter() - t0
        return out


def _misses(encoder: Encoder) -> int:
    """How many texts ``encoder`` (or the encoder its cache wraps) computed so far; for
    an encoder without a cache, -1 (every text it is given is computed)."""
    return int(getattr(encoder, "misses", -1))


def _run(inputs: Sequence[str | os.PathLike[str]], encoder: _TimedEncoder,
         progress: Progress | None, warn: Warn | None,
         threads: Callable[[], ThreadChoice]) -> tuple[Run, int, int, float]:
    """The run, the paragraphs it needed vectors for, how many it encoded, in how many
    seconds. ``threads`` settles the thread count once the documents are read (encoding,
    pairing and alignment compute with it)."""
    docs, skipped, warnings = load_documents(inputs, progress, warn)

    def note(message: str) -> None:
        warnings.append(message)
        if warn is not None:
            warn(message)

    every = [c for d in docs for c in d.cases]
    cases, unpairable = pairable(every)
    langs = {c.lang for d in docs for c in d.cases}
    if len(langs) < 2:
        missing = "Chinese" if "zh" not in langs else "English"
        note(f"no {missing} document among the inputs: nothing can be paired, "
             "every case is reported as missing a translation")
    else:
        largest = {lang: max((len(c.paragraphs) for c in every if c.lang == lang), default=0)
                   for lang in ("zh", "en")}
        single = {d.doc.name for d in docs if len(d.cases) == 1}
        for c in unpairable:
            other = largest["en" if c.lang == "zh" else "zh"]
            # A document that is one unpairable case would be silently unused: say so.
            if c.doc in single and len(c.paragraphs) > other:
                note(f"{c.doc}: case {c.index} has {len(c.paragraphs):,} paragraphs, more than "
                     f"three times any case of the other language (at most {other:,}), so it "
                     "cannot be one's translation; it is not aligned and is reported as "
                     "missing a translation")
    with limit_threads(threads().threads):
        return _paired(docs, cases, skipped, warnings, encoder, progress)


def _paired(docs: Sequence[Segmentation], cases: Sequence[Case], skipped: Sequence[Skipped],
            warnings: list[str], encoder: _TimedEncoder, progress: Progress | None
            ) -> tuple[Run, int, int, float]:
    """The second half of :func:`_run`: encode, pair and align ``cases``."""
    from align.aligner.signature import signature

    misses = _misses(encoder)
    bank = _LazyBank(cases, encoder, progress)
    zh = [c for c in cases if c.lang == "zh"]
    en = [c for c in cases if c.lang == "en"]
    pairs, checked = pair_cases(zh, en, bank, progress=progress)
    paired = [c for p in pairs for c in (p.zh, p.en)]
    vectors = dict(zip((c.id for c in paired), bank.vectors(paired), strict=True))
    encode_seconds = bank.seconds
    distinct = len(bank.found)
    encoded = distinct if misses < 0 else _misses(encoder) - misses
    encoder.start_windows()
    aligned = align_pairs(pairs, vectors, progress, encoder)
    documents = tuple(Document(d.doc.name, str(d.doc.path), d.doc.lang, d.cases,
                               d.doc.traditional, _content_hash(d.doc.lines), d.doc.region)
                      for d in docs)
    records = tuple(CasePair(a.zh, a.en, a.score, a.alignment.beads) for a in aligned)
    flush = getattr(encoder, "flush", None)
    if flush is not None:
        flush()  # the cache's background writes, long done by now
    run = Run(signature(encoder.signature), documents, records, len(checked),
              tuple(warnings), tuple(skipped))
    return run, distinct, encoded, encode_seconds


__all__ = [
    "align_pairs",
    "encoding_order",
    "load_documents",
    "pairable",
    "repeated_share",
    "run_corpus",
]
