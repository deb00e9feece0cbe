"""Word alignment in a child process beside the Chinese segmentation.

The word aligner and jieba's segmentation of the candidates each take about a third of
``zhen glossary``'s time and, with character tokens, do not need each other; on two cores
or more the aligner runs in a forked child while the parent segments.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection

from glossary.candidates.segmenter import ZhSegmenter
from glossary.evidence.cedict import load_cedict
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
    if aopts.words or len(os.sched_getaffinity(0)) < 2:
        yield lambda seg, say: align_texts(texts, aopts, log=say, segmenter=seg)
        return
    load_cedict()  # loaded before the fork, so the child has it
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_align_child, args=(send, texts, aopts), daemon=True)
    child.start()
    send.close()

    def result(_seg: ZhSegmenter, say: Callable[[str], None]) -> Sequence[AlignedUnit]:
        say(f"word-aligning {len(texts)} pairs (started beside the segmentation)")
        try:
            ok, payload = receive.recv()
        except EOFError:
            raise RuntimeError("the word aligner stopped without a result") from None
        if not ok:
            raise RuntimeError(f"the word aligner failed: {payload}")
        return payload

    try:
        yield result
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        receive.close()


def _align_child(send: Connection, texts: Sequence[tuple[str, str]],
                 aopts: AlignOptions) -> None:
    """The child process of :func:`background_alignment`: align, send the units back."""
    try:
        units = align_texts(texts, aopts)
    except Exception as exc:  # reported by the parent, which raises
        send.send((False, f"{type(exc).__name__}: {exc}"))
    else:
        send.send((True, units))
    finally:
        send.close()
