"""Translation-memory export: aligned beads as TMX 1.4b, by paragraph or by sentence.

Paragraph level writes one unit per matched bead. Sentence level splits both sides of each
bead into sentences (:mod:`align.core.sentences`) and aligns them with the paragraph aligner,
so a 1:1 paragraph bead of three sentences gives three units (or fewer, where sentences
were merged or split in translation). 1:0 / 0:1 beads are left out: they are reported in
``missing.csv``. The Chinese side is written without the white space PDF extraction leaves
between Han characters and Latin letters or digits (:func:`align.core.text.tm_spacing`;
``keep_spacing`` turns that off; ``pairs/`` always keeps the text as read), and the header
says which with the prop ``x-cjk-latin-spacing`` (``removed`` or ``kept``). A run read from
its folder is the reviewed run (see :mod:`align.core.edits`): a unit whose bead a reviewer
made or confirmed carries the prop ``x-reviewed`` = ``yes``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal

from align import __version__
from align.core.errors import InputError
from align.core.records import AlignedPair, Run
from align.core.runfolder import read_run
from align.core.text import tm_spacing
from align.encoders import Encoder
from align.exports.tmx import TranslationUnit, write_tmx

Level = Literal["paragraph", "sentence"]
TMX_NAME = "zhen.tmx"


def default_tmx(outdir: str | os.PathLike[str], level: Level = "paragraph") -> Path:
    """Where ``zhen export tmx`` writes by default: ``OUTDIR/zhen.tmx`` for paragraphs,
    ``OUTDIR/zhen.sentence.tmx`` for sentences."""
    return Path(outdir) / (TMX_NAME if level == "paragraph" else "zhen.sentence.tmx")


#: The prop of a unit whose bead a reviewer made or confirmed (``zhen review``).
REVIEWED_PROP = "x-reviewed"


def _props(p: AlignedPair, zh_ids: str, en_ids: str) -> tuple[tuple[str, str], ...]:
    # The score goes into the unit's own x-score prop, written by write_tmx.
    props = (("x-pair", p.pair), ("x-zh-doc", p.zh_doc), ("x-zh-case", str(p.zh_case)),
             ("x-en-doc", p.en_doc), ("x-en-case", str(p.en_case)), ("x-zh-ids", zh_ids),
             ("x-en-ids", en_ids))
    return (*props, (REVIEWED_PROP, "yes")) if p.reviewed else props


def paragraph_units(pairs: Iterable[AlignedPair], min_score: float = 0.0,
                    tags: Mapping[str, str] | None = None, keep_spacing: bool = False
                    ) -> Iterator[TranslationUnit]:
    """One unit per matched bead scoring at least ``min_score``; ``tags`` gives each
    document's language tag (default: ``zh-CN`` and ``en``). The Chinese side loses its
    spaces between Han characters and Latin letters or digits unless ``keep_spacing``."""
    zh_text = _zh_text(keep_spacing)
    for p in pairs:
        if p.is_null or p.score < min_score:
            continue
        yield TranslationUnit(zh_text(p.zh), p.en, p.score,
                              _props(p, ",".join(map(str, p.zh_ids)),
                                     ",".join(map(str, p.en_ids))), *_langs(p, tags))


def _zh_text(keep_spacing: bool) -> Callable[[str], str]:
    return (lambda text: text) if keep_spacing else tm_spacing


def _langs(p: AlignedPair, tags: Mapping[str, str] | None) -> tuple[str | None, str | None]:
    if not tags:
        return None, None
    return tags.get(p.zh_doc), tags.get(p.en_doc)


def sentence_units(pairs: Iterable[AlignedPair], encoder: Encoder, min_score: float = 0.0,
                   progress: Callable[[str, int, int], None] | None = None,
                   tags: Mapping[str, str] | None = None, keep_spacing: bool = False
                   ) -> list[TranslationUnit]:
    """Units of aligned sentences inside each matched bead scoring at least ``min_score``.

    All sentences that need aligning are embedded in one batch; a bead whose both sides
    are one sentence is kept as it is. Sentence ids in the props are ``bead-ids/k``
    (``3/0`` is the first sentence of paragraph bead ``3``). The Chinese side loses its
    spaces between Han characters and Latin letters or digits unless ``keep_spacing``.
    """
    from align.aligner.sentences import align_inside
    from align.core.sentences import split_sentences

    work = []
    for p in pairs:
        if p.is_null or p.score < min_score:
            continue
        zs = [s for para in p.zh.split("\n") for s in split_sentences(para, "zh")]
        es = [s for para in p.en.split("\n") for s in split_sentences(para, "en")]
        work.append((p, zs, es))

    def step(done: int, total: int) -> None:
        if progress:
            progress("aligning sentences", done, total)

    inside = align_inside([(zs, es) for _, zs, es in work], encoder, progress=step)
    zh_text = _zh_text(keep_spacing)
    units: list[TranslationUnit] = []
    for (p, zs, es), beads in zip(work, inside, strict=True):
        zid, eid = ",".join(map(str, p.zh_ids)), ",".join(map(str, p.en_ids))
        if beads is None:
            units.append(TranslationUnit(zh_text(p.zh), p.en, p.score, _props(p, zid, eid),
                                         *_langs(p, tags)))
        else:
            for b in beads:
                if b.is_null:
                    continue
                # Chinese sentences join without a space, English ones with one.
                units.append(TranslationUnit(
                    zh_text("".join(zs[i] for i in b.src)), " ".join(es[j] for j in b.tgt), b.score,
                    _props(p, _sub(zid, b.src), _sub(eid, b.tgt)), *_langs(p, tags)))
    return units


def _sub(ids: str, sentences: Sequence[int]) -> str:
    return f"{ids}/{','.join(map(str, sentences))}"


def write_memory(run: Run, target: str | os.PathLike[str], level: Level = "paragraph",
                 min_score: float = 0.0, encoder: Encoder | None = None,
                 progress: Callable[[str, int, int], None] | None = None,
                 keep_spacing: bool = False) -> int:
    """Write the beads of ``run`` to ``target`` as TMX; return the number of units.

    The one writer of zhen's memories: ``zhen run`` and ``zhen export tmx`` both call it,
    so their headers agree. Each variant carries the language tag of its edition
    (``zh-CN``, ``zh-Hant``, ``en``). ``level="sentence"`` needs ``encoder``, whose
    signature the header then carries as the ``x-sentence-encoder`` prop (the run
    signature names the paragraph encoder). Raises :class:`InputError` for a bad
    ``min_score``. With ``keep_spacing`` the Chinese text keeps its spaces between Han
    characters and Latin letters or digits (see the module docstring).
    """
    if not 0.0 <= min_score <= 1.0:
        raise InputError(f"--min-score {min_score} is outside [0, 1]; give e.g. 0.5")
    tags = {d.name: d.tag for d in run.documents}
    pairs = list(run.aligned_pairs())
    units: Iterable[TranslationUnit]
    props = [("x-min-score", f"{min_score:g}"),
             ("x-cjk-latin-spacing", "kept" if keep_spacing else "removed")]
    if level == "sentence":
        if encoder is None:
            raise ValueError("sentence level needs an encoder")
        units = sentence_units(pairs, encoder, min_score, progress, tags, keep_spacing)
        # The run's signature names the encoder that aligned the paragraphs; the sentences
        # may have been aligned with another one (--model), which the memory must name too.
        props.append(("x-sentence-encoder", encoder.signature))
    else:
        units = paragraph_units(pairs, min_score, tags, keep_spacing)
    zh_tags = sorted({tags.get(p.zh_doc, "zh-CN") for p in pairs} or {"zh-CN"})
    return write_tmx(units, target, segtype=level, signature=run.signature or
                     f"zhen-{__version__}", tool_version=__version__,
                     srclang=zh_tags[0] if len(zh_tags) == 1 else "*all*",
                     zh_lang=zh_tags[0], header_props=props)


def export_tmx(outdir: str | os.PathLike[str], target: str | os.PathLike[str],
               level: Level = "paragraph", min_score: float = 0.0,
               encoder: Encoder | None = None, keep_spacing: bool = False) -> int:
    """Write the beads of the run folder ``outdir`` to ``target`` as TMX (see
    :func:`write_memory`); return the unit count. Raises :class:`InputError` for an
    ``outdir`` that ``zhen run`` did not write."""
    return write_memory(read_run(outdir), target, level, min_score, encoder,
                        keep_spacing=keep_spacing)
