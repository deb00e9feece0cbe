"""The domain user dictionary: words jieba should keep whole, read and written as jieba does.

A glossary run writes ``userdict.txt``: the Chinese terms it found (and the words it was
given), one per line as ``word freq tag`` — jieba's own user-dictionary format, so the
file also works with ``jieba.load_userdict``. Passing it back with ``--user-dict`` makes
segmentation keep those terms whole; the dictionary grows with each corpus.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from align.core.atomic import atomic_write
from align.core.errors import FormatError
from align.documents.decode import read_text
from glossary.terms import Glossary

_LINE = re.compile(r"^(\S+)(?:\s+(\d+))?(?:\s+([A-Za-z]+))?\s*$")
# Only confident multi-character terms go into the dictionary; units stay out, since
# jieba already splits numbers from what follows them.
MIN_CONFIDENCE = 0.5


def read_user_dict(path: str | os.PathLike[str]) -> list[str]:
    """The words of a jieba user dictionary (``word [freq] [tag]`` per line, ``#`` comments).

    Raises :class:`FormatError` naming ``file:line`` for a line that is not in that form.
    """
    words: list[str] = []
    for n, line in enumerate(read_text(path).split("\n"), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise FormatError(f"{path}:{n}: not a user-dictionary line: {line[:40]!r}; "
                              "write one word per line, optionally 'word freq tag'")
        words.append(m.group(1))
    return words


def write_user_dict(glossary: Glossary, path: str | os.PathLike[str],
                    known: Iterable[str] = ()) -> Path:
    """Write ``known`` words plus the glossary's confident terms as a jieba user dictionary."""
    words = dict.fromkeys(known)
    for e in glossary.entries:
        if e.kind != "unit" and e.confidence >= MIN_CONFIDENCE and len(e.zh) >= 2 \
                and not any(ch.isspace() for ch in e.zh):
            words.setdefault(e.zh)
    counts = {e.zh: e.count for e in glossary.entries}
    # No comment line: jieba.load_userdict has no comments and would add it as a word.
    with atomic_write(path) as f:
        for w in words:
            f.write(f"{w} {max(3, counts.get(w, 3))} nz\n")
    return Path(path)
