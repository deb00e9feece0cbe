"""An on-disk embedding cache keyed by encoder signature and text hash.

A second run over the same corpus encodes nothing: vectors are stored per encoder in
append-only ``.npy`` shards with a key index beside them. The default location is
``$ZHEN_CACHE`` or ``~/.cache/zhen``.

Shards are written by one background thread while encoding goes on (the new vectors are
served from memory meanwhile); :meth:`CachedEncoder.flush` waits for the writes, and the
interpreter waits for them at exit too.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from align.encoders import Encoder, check_embeddings


def default_cache_dir() -> Path:
    """``$ZHEN_CACHE`` if set, else ``$XDG_CACHE_HOME/zhen`` or ``~/.cache/zhen``."""
    if os.environ.get("ZHEN_CACHE"):
        return Path(os.environ["ZHEN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhen"


def cache_problem(cache_dir: Path) -> str | None:
    """Why embeddings cannot be kept in ``cache_dir`` (a file there, a folder that cannot
    be made or written), or None. zhen works without its cache, only slower."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        why = None if os.access(cache_dir, os.W_OK) else "not writable"
    except OSError as ex:
        why = ex.strerror or str(ex)
    if why is None:
        return None
    return (f"{cache_dir}: embeddings cannot be cached there ({why}); every run encodes "
            "everything again: set ZHEN_CACHE to a folder you may write, or pass --no-cache")


def text_key(text: str) -> bytes:
    """The 16-byte BLAKE2 hash of ``text``, the cache key of its embedding."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class CachedEncoder:
    """Wrap ``encoder`` so that each distinct text is encoded once, ever, per signature."""

    def __init__(self, encoder: Encoder, cache_dir: Path) -> None:
        self.inner = encoder
        self.signature = encoder.signature
        self.dim = encoder.dim
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", encoder.signature)[:100]
        self.folder = Path(cache_dir) / safe
        self._index: dict[bytes, tuple[int, int]] | None = None
        self._shards: list[np.ndarray] = []
        self.hits = 0
        self.misses = 0
        self._writer: ThreadPoolExecutor | None = None
        self._writes: list[Future[None]] = []

    def _load(self) -> dict[bytes, tuple[int, int]]:
        if self._index is not None:
            return self._index
        self._index = {}
        if self.folder.is_dir():
            for keys_path in sorted(self.folder.glob("shard-*.keys")):
                vec_path = keys_path.with_suffix(".npy")
                try:
                    keys = keys_path.read_bytes()
                    vecs = np.load(vec_path, mmap_mode="r")
                except (OSError, ValueError):
                    continue  # a damaged shard is ignored; its texts are simply re-encoded
                if vecs.ndim != 2 or vecs.shape[1] != self.dim or len(keys) != 16 * len(vecs):
                    continue
                shard = len(self._shards)
                self._shards.append(vecs)
                for row in range(len(vecs)):
                    self._index[keys[16 * row:16 * row + 16]] = (shard, row)
        return self._index

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``, reading cached vectors and encoding (and storing) only new ones."""
        index = self._load()
        keys = [text_key(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}
        for i, key in enumerate(keys):
            hit = index.get(key)
            if hit is None:
                todo.setdefault(key, []).append(i)
            else:
                out[i] = self._shards[hit[0]][hit[1]]
        self.hits += len(texts) - sum(len(v) for v in todo.values())
        if todo:
            first = [rows[0] for rows in todo.values()]
            new = self.inner.encode([texts[i] for i in first])
            self.misses += len(first)
            for vec, rows in zip(new, todo.values(), strict=True):
                out[rows] = vec
            self._store(list(todo), new)
        return check_embeddings(out, len(texts), self.dim, self.signature)

    def flush(self) -> None:
        """Wait until every vector encoded so far is written to the cache."""
        for write in self._writes:
            write.result()
        self._writes.clear()

    def _store(self, keys: list[bytes], vecs: np.ndarray) -> None:
        """Serve ``vecs`` from memory at once and write them as a shard in the
        background."""
        assert self._index is not None
        shard = len(self._shards)
        self._shards.append(np.array(vecs, dtype=np.float32))  # a copy: the caller owns vecs
        for row, key in enumerate(keys):
            self._index[key] = (shard, row)
        if self._writer is None:
            # One writer, so that shards land in order and the encoder keeps the cores.
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="zhen-cache")
        self._writes.append(self._writer.submit(self._write, shard, keys))

    def _write(self, shard: int, keys: list[bytes]) -> None:
        vecs = self._shards[shard]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            digest = hashlib.blake2b(b"".join(keys), digest_size=6).hexdigest()
            name = f"shard-{os.getpid()}-{digest}"
            tmp_vec = self.folder / f".{name}.npy.tmp"
            with open(tmp_vec, "wb") as f:
                np.save(f, vecs)
            tmp_keys = self.folder / f".{name}.keys.tmp"
            tmp_keys.write_bytes(b"".join(keys))
            # The .npy lands first: a shard counts only once its .keys file exists.
            os.replace(tmp_vec, self.folder / f"{name}.npy")
            os.replace(tmp_keys, self.folder / f"{name}.keys")
            # Read back from disk on demand rather than kept in memory: a big input's
            # vectors are already in the caller's array once.
            stored = np.load(self.folder / f"{name}.npy", mmap_mode="r")
        except (OSError, ValueError):
            return  # an unwritable cache costs speed, never correctness
        self._shards[shard] = stored
