"""Writing one file atomically: it appears complete or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from align.core.errors import OutputError


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w",
                 encoding: str | None = "utf-8", newline: str | None = "\n") -> Iterator[IO]:
    """Open a temporary file beside ``path`` and move it onto ``path`` only on success.

    Nothing half-written is ever left at ``path``: on any exception the temporary file is
    removed and ``path`` keeps its old content (or stays absent).
    """
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    except OSError as ex:
        raise OutputError(f"{p}: cannot be written ({ex.strerror}); "
                          "choose a writable location") from None
    try:
        if "b" in mode:
            f = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding=encoding, newline=newline)
        with f:
            yield f
        try:
            os.chmod(tmp, 0o644)
            os.replace(tmp, p)
        except OSError as ex:
            raise OutputError(f"{p}: cannot be written ({ex.strerror}); "
                              "choose a writable location") from None
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
