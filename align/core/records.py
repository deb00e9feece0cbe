"""The typed records of a run: documents, cases, paragraphs, case pairs and their beads.

``zhen run`` builds a :class:`Run` and :mod:`align.core.runfolder` writes it; every later
step (the glossary, the exports, the checks, the review) reads the same records back. They
are plain frozen data: nothing here computes an alignment.

>>> from align.core.records import Paragraph
>>> Paragraph("碳中和", (3,), False, "碳中和").text
'碳中和'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from align.core.beads import Bead
from align.core.text import Lang, counted


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a case.

    ``text`` is the paragraph as printed (lines cut by a page break joined again);
    ``lines`` are the 1-based line numbers of the source it was built from; ``heading``
    marks titles and section headings; ``match`` is the text normalised for comparison
    (full-width forms folded, Traditional characters converted to Simplified).
    ``simplified`` is, for a paragraph of an edition in Traditional characters, the text
    in Simplified characters, character for character (offsets kept): what term matching
    and word segmentation read; empty when the text is Simplified already.
    """

    text: str
    lines: tuple[int, ...]
    heading: bool
    match: str
    simplified: str = ""

    @property
    def simplified_text(self) -> str:
        """The text in Simplified characters (:attr:`simplified`, or :attr:`text`)."""
        return self.simplified or self.text


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


#: Language tags of the editions, as BCP 47 writes them in TMX and TBX: Simplified Chinese
#: as CAT tools name it, Traditional by its script (or its region, ``zh-TW``/``zh-HK``, when
#: its characters tell it: :attr:`Document.region`).
LANG_TAGS = {("zh", False): "zh-CN", ("zh", True): "zh-Hant", ("en", False): "en"}


@dataclass(frozen=True)
class Document:
    """One edition as the run read it: its name, file, language and cases.

    ``traditional`` is true for a Chinese edition in Traditional characters (matched in
    Simplified form, written as it is); ``region`` is ``TW`` or ``HK`` when its characters
    follow that region's standard; ``digest`` identifies the file's content.
    """

    name: str
    path: str
    lang: Lang
    cases: tuple[Case, ...]
    traditional: bool = False
    digest: str = ""
    region: str = ""

    @property
    def tag(self) -> str:
        """The BCP 47 language tag of the edition (``zh-CN``, ``zh-Hant``, ``zh-TW``,
        ``zh-HK``, ``en``)."""
        if self.lang == "zh" and self.traditional and self.region:
            return f"zh-{self.region}"
        return LANG_TAGS[(self.lang, self.traditional and self.lang == "zh")]


@dataclass(frozen=True)
class CasePair:
    """A Chinese case, its English counterpart, the pairing score and the aligned beads."""

    zh: Case
    en: Case
    score: float
    beads: tuple[Bead, ...]

    @property
    def id(self) -> str:
        """``zh case id~en case id``."""
        return f"{self.zh.id}~{self.en.id}"


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class MissingParagraph:
    """A paragraph of a paired case that has no counterpart in the other edition;
    ``reviewed`` when a reviewer confirmed it (marked it missing, or checked it)."""

    case: Case
    paragraph: int
    text: str
    reviewed: bool = False

    @property
    def lines(self) -> tuple[int, ...]:
        """Source line numbers (1-based) of the paragraph."""
        return self.case.paragraphs[self.paragraph].lines


@dataclass(frozen=True)
class AlignedPair:
    """One bead of a case pair with the paragraphs on both sides: what the glossary, the
    exports and the checks read.

    ``zh`` and ``en`` are the bead's texts, paragraphs joined by a newline (empty on the
    side of an untranslated paragraph, whose ids are empty too); ``zh_paragraphs`` and
    ``en_paragraphs`` carry each paragraph's source lines and heading flag; ``zh_path``
    and ``en_path`` name the edition files, for messages of the form ``file:line``;
    ``reviewed`` is true for a bead a reviewer made or confirmed.
    """

    pair: str
    zh_doc: str
    zh_case: int
    en_doc: str
    en_case: int
    zh_ids: tuple[int, ...]
    en_ids: tuple[int, ...]
    score: float
    zh_paragraphs: tuple[Paragraph, ...] = ()
    en_paragraphs: tuple[Paragraph, ...] = ()
    kind: str = "match"
    zh_path: str = ""
    en_path: str = ""
    reviewed: bool = False

    @property
    def zh(self) -> str:
        """The Chinese side's text, paragraphs joined by a newline."""
        return "\n".join(p.text for p in self.zh_paragraphs)

    @property
    def zh_simplified(self) -> str:
        """The Chinese side in Simplified characters, as the run recorded it (the same as
        :attr:`zh` for a Simplified edition; character for character, so an offset into
        one is an offset into the other)."""
        return "\n".join(p.simplified_text for p in self.zh_paragraphs)

    @property
    def en(self) -> str:
        """The English side's text, paragraphs joined by a newline."""
        return "\n".join(p.text for p in self.en_paragraphs)

    @property
    def is_null(self) -> bool:
        """True when one side is empty (an untranslated paragraph)."""
        return not self.zh_ids or not self.en_ids

    @property
    def zh_lines(self) -> tuple[int, ...]:
        """The source lines (1-based) of the Chinese side."""
        return tuple(n for p in self.zh_paragraphs for n in p.lines)

    @property
    def en_lines(self) -> tuple[int, ...]:
        """The source lines (1-based) of the English side."""
        return tuple(n for p in self.en_paragraphs for n in p.lines)


def aligned_pair(pair: CasePair, bead: Bead, zh_path: str = "", en_path: str = ""
                 ) -> AlignedPair:
    """The :class:`AlignedPair` of one bead of ``pair``."""
    return AlignedPair(
        pair=pair.id, zh_doc=pair.zh.doc, zh_case=pair.zh.index, en_doc=pair.en.doc,
        en_case=pair.en.index, zh_ids=bead.src, en_ids=bead.tgt, score=bead.score,
        zh_paragraphs=tuple(pair.zh.paragraphs[i] for i in bead.src),
        en_paragraphs=tuple(pair.en.paragraphs[j] for j in bead.tgt), kind=bead.kind,
        zh_path=zh_path, en_path=en_path, reviewed=bead.reviewed)


@dataclass(frozen=True)
class Speed:
    """How a run computed and how fast: the threads it chose and the encoding rate.

    ``threads``, ``cores``, ``busy`` and ``source`` are the run's
    :class:`~align.core.threads.ThreadChoice` (``busy`` is None when the count was given
    with ``--threads`` or ``ZHEN_THREADS``); ``paragraphs`` is the number of paragraphs the
    run needed vectors for, ``encoded`` how many of them the encoder computed (the others
    came from the cache); ``encode_seconds`` and ``seconds`` are the wall time of the
    encoding and of the whole run (reading to alignment); ``windows`` is how many joined
    texts of short windows the aligner had embedded (:func:`~align.aligner.alignment.
    encode_windows`, cache hits included) and ``window_seconds`` the time that took.
    """

    threads: int
    cores: int
    busy: float | None
    source: str
    paragraphs: int
    encoded: int
    encode_seconds: float
    seconds: float
    windows: int = 0
    window_seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Paragraphs per second over the whole run."""
        return self.paragraphs / self.seconds if self.seconds > 0 else 0.0

    @property
    def encode_rate(self) -> float | None:
        """Paragraphs encoded per second, or None when every vector came from the cache."""
        if not self.encoded or self.encode_seconds <= 0:
            return None
        return self.encoded / self.encode_seconds

    def describe(self) -> str:
        """One line for the run's log: threads and why, then the rates."""
        why = self.source if self.busy is None else f"{self.busy:.1f} busy, {self.source}"
        line = (f"{counted(self.threads, 'thread')} of {counted(self.cores, 'core')} ({why}); "
                f"{counted(self.paragraphs, 'paragraph')} in {self.seconds:.1f} s, "
                f"{self.rate:,.0f} paragraphs/s")
        if self.windows:
            line += (f"; {counted(self.windows, 'short window')} embedded in "
                     f"{self.window_seconds:.1f} s")
        rate = self.encode_rate
        if rate is None:
            return line + "; every paragraph vector from the cache"
        return (line + f"; {counted(self.encoded, 'paragraph')} encoded in "
                f"{self.encode_seconds:.1f} s, {rate:,.0f} paragraphs/s")


@dataclass(frozen=True)
class Run:
    """Everything a run found: documents, case pairs, what is missing, and how it was made.

    ``signature`` names the tool version, encoder and learnt weights; ``candidates_checked``
    counts the case pairs aligned to verify them; ``warnings`` and ``skipped`` are what the
    run reported. ``format`` is the run-folder format the record was read from or will be
    written in. ``edit_problems`` are the reviewer's edits that could not be applied on
    top of the machine result (see :mod:`align.core.edits`), one message each.
    ``speed`` is how the run computed (threads, rates; see :class:`Speed`), None for a run
    read from a folder written before runs recorded it.
    """

    signature: str
    documents: tuple[Document, ...]
    pairs: tuple[CasePair, ...]
    candidates_checked: int = 0
    warnings: tuple[str, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    format: int = field(default=3)
    edit_problems: tuple[str, ...] = ()
    speed: Speed | None = None

    @property
    def cases(self) -> tuple[Case, ...]:
        """Every case of every document, in document order."""
        return tuple(c for d in self.documents for c in d.cases)

    @property
    def unpaired(self) -> tuple[Case, ...]:
        """Cases with no verified counterpart in the other language."""
        paired = {p.zh.id for p in self.pairs} | {p.en.id for p in self.pairs}
        return tuple(c for c in self.cases if c.id not in paired)

    @property
    def moved_beads(self) -> int:
        """How many beads pair two paragraphs translated out of order (kind ``moved``)."""
        return sum(b.kind == "moved" for p in self.pairs for b in p.beads)

    @property
    def missing_paragraphs(self) -> tuple[MissingParagraph, ...]:
        """Untranslated paragraphs inside paired cases (the beads of kind ``missing``)."""
        out: list[MissingParagraph] = []
        for pair in self.pairs:
            for bead in pair.beads:
                if bead.kind == "missing":
                    case, ids = (pair.zh, bead.src) if bead.src else (pair.en, bead.tgt)
                    out.extend(MissingParagraph(case, i, case.paragraphs[i].text, bead.reviewed)
                               for i in ids)
        return tuple(out)

    def document(self, name: str) -> Document | None:
        """The document called ``name``, or None."""
        return next((d for d in self.documents if d.name == name), None)

    def aligned_pairs(self) -> Iterator[AlignedPair]:
        """Every bead of every case pair as an :class:`AlignedPair`, in pair order."""
        paths = {d.name: d.path for d in self.documents}
        for pair in self.pairs:
            for bead in pair.beads:
                yield aligned_pair(pair, bead, paths.get(pair.zh.doc, ""),
                                   paths.get(pair.en.doc, ""))


def run_from_pairs(pairs: Iterable[AlignedPair], signature: str = "") -> Run:
    """The :class:`Run` whose :meth:`Run.aligned_pairs` are ``pairs`` (beads aligned
    elsewhere, or made by hand): cases are rebuilt from the beads' paragraphs, which must
    cover each side of each case pair once, ids ``0 … n-1``.

    Raises ``ValueError`` when a case's paragraph ids have gaps or repeats.
    """
    sides: dict[str, dict[int, Paragraph]] = {}
    langs: dict[str, Lang] = {}
    order: dict[str, tuple[str, str]] = {}
    beads: dict[str, list[Bead]] = {}
    for p in pairs:
        zid, eid = f"{p.zh_doc}#{p.zh_case:02d}", f"{p.en_doc}#{p.en_case:02d}"
        order.setdefault(p.pair, (zid, eid))
        for cid, ids, paras, lang in ((zid, p.zh_ids, p.zh_paragraphs, "zh"),
                                      (eid, p.en_ids, p.en_paragraphs, "en")):
            langs[cid] = lang  # type: ignore[assignment]
            own = sides.setdefault(cid, {})
            for i, para in zip(ids, paras, strict=True):
                if i in own:
                    raise ValueError(f"paragraph {i} of {cid} is in two beads")
                own[i] = para
        beads.setdefault(p.pair, []).append(Bead(p.zh_ids, p.en_ids, p.score, p.kind,  # type: ignore[arg-type]
                                               p.reviewed))
    cases: dict[str, Case] = {}
    for cid, own in sides.items():
        if sorted(own) != list(range(len(own))):
            raise ValueError(f"the beads of {cid} do not cover its paragraphs 0…{len(own) - 1}")
        doc, _, index = cid.rpartition("#")
        cases[cid] = Case(doc, langs[cid], int(index), "", tuple(own[i] for i in range(len(own))))
    documents: dict[str, list[Case]] = {}
    for case in cases.values():
        documents.setdefault(case.doc, []).append(case)
    docs = tuple(Document(name, "", cs[0].lang, tuple(sorted(cs, key=lambda c: c.index)))
                 for name, cs in documents.items())
    pair_records = tuple(CasePair(cases[z], cases[e], 1.0, tuple(beads[key]))
                         for key, (z, e) in order.items())
    return Run(signature, docs, pair_records, len(pair_records))
