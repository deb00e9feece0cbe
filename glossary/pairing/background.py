"""Word alignment in a child process beside the Chinese segmentation.

The word aligner and jieba's segmentation of the candidates each take about a third of
``zhen glossary``'s time and, with character tokens, do not need each other; on two cores
or more the aligner runs in a forked child while the parent segments, and the child trains
the aligner's two directions in two processes (:mod:`glossary.pairing.forked`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from glossary.candidates.segmenter import ZhSegmenter
from glossary.evidence.cedict import load_cedict
from glossary.pairing.forked import Forked, two_cores
from glossary.pairing.wordalign import AlignedUnit, AlignOptions, align_texts


@contextmanager
def background_alignment(texts: Sequence[tuple[str, str]], aopts: AlignOptions,
                         aligned: Sequence[AlignedUnit] | None
                         ) -> Iterator[Callable[[ZhSegmenter, Callable[[str], None]],
                                                Sequence[AlignedUnit]]]:
    """Word-align ``texts`` in a child process while the caller segments the Chinese, when
    that can help: two cores or more, and character tokens (jieba words need the
    segmenter, which is this process's). Yields the call that returns the aligned units
    (``aligned`` itself when given), run in turn here when no child was started; the child
    is stopped if the caller fails first."""
    if aligned is not None:
        done = aligned
        yield lambda _seg, _say: done
        return
    if aopts.words or not two_cores():
        yield lambda seg, say: align_texts(texts, aopts, log=say, segmenter=seg)
        return
    load_cedict()  # loaded before the fork, so the child has it
    child = Forked(lambda: align_texts(texts, aopts, split_directions=True), "word aligner")

    def result(_seg: ZhSegmenter, say: Callable[[str], None]) -> Sequence[AlignedUnit]:
        say(f"word-aligning {len(texts)} pairs (started beside the segmentation)")
        return child.result()

    try:
        yield result
    finally:
        child.stop()
