"""Any sentence-transformers model as an encoder: ``load_encoder("st:NAME_OR_PATH")``.

A model is looked for, in order, as a folder path; as ``models/NAME`` under the current
folder and under the project folder (the one holding ``align/``); and in the user's
Hugging Face cache. Nothing is downloaded unless the environment says so
(``ZHEN_ALLOW_DOWNLOAD=1``, and ``HF_HUB_OFFLINE`` not set): a model that is not on disk
is an error that says where it was looked for and how to put it in ``models/``.

The model runs on the CPU unless a device is given; it never picks a GPU by itself.
Needs the ``zhen[st]`` extra (sentence-transformers and torch), imported only here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from align.core.errors import ModelError
from align.encoders import check_embeddings

INSTALL_HINT = "pip install 'zhen[st]'"
# models/ beside the align package: found when zhen runs from a clone or editable install.
PROJECT_MODELS = Path(__file__).resolve().parents[2] / "models"
_BATCH = 32
_WEIGHTS = ("model.safetensors", "pytorch_model.bin", "model.onnx")
_SAMPLE = 1 << 16


def _require_st() -> None:
    """Raise :class:`ModelError` with the install hint unless sentence-transformers exists."""
    try:
        found = importlib.util.find_spec("sentence_transformers") is not None
    except (ValueError, ImportError):
        found = False
    if not found:
        raise ModelError("st: models need sentence-transformers and torch, which are not "
                         f"installed; run: {INSTALL_HINT}")


def _download_allowed() -> bool:
    offline = os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
    return os.environ.get("ZHEN_ALLOW_DOWNLOAD", "").strip() == "1" and not offline


def _repo_ids(name: str) -> list[str]:
    # A bare name like "LaBSE" is also tried under the sentence-transformers organisation,
    # where the hub keeps the models that sentence-transformers made known by short names.
    return [name] if "/" in name else [name, f"sentence-transformers/{name}"]


def _cached_snapshot(repo_id: str) -> Path | None:
    """The folder of ``repo_id`` in the Hugging Face cache, or None; never uses the network."""
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        return None
    try:
        folder = snapshot_download(repo_id, local_files_only=True)
    except (OSError, ValueError):   # not cached, or not a valid repository id
        return None
    return Path(str(folder))


def _hf_cache_dir() -> str:
    try:
        from huggingface_hub import constants
    except ImportError:
        return "the Hugging Face cache"
    return str(constants.HF_HUB_CACHE)


def model_folders(name: str) -> list[Path]:
    """The ``models/NAME`` folders where a bare model ``name`` is looked for, in order."""
    folders = [Path.cwd() / "models" / name]
    if PROJECT_MODELS.is_dir() and PROJECT_MODELS.resolve() != (Path.cwd() / "models").resolve():
        folders.append(PROJECT_MODELS / name)
    return folders


def resolve_model(name_or_path: str) -> tuple[Path, str] | None:
    """Find a model on disk: ``(folder, label)`` or None if it is nowhere local.

    ``label`` names the model in signatures: the folder name, or the hub id for a model
    from the Hugging Face cache.
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path.resolve(), path.resolve().name
    if not path.is_absolute():
        for folder in model_folders(name_or_path):
            if folder.is_dir():
                return folder.resolve(), folder.name
    for repo_id in _repo_ids(name_or_path):
        snapshot = _cached_snapshot(repo_id)
        if snapshot is not None:
            return snapshot, repo_id
    return None


def config_digest(folder: Path) -> str | None:
    """A short hash of a model folder's configuration and a sample of its weights.

    Two models saved under the same folder name (a base model and its fine-tuned copy)
    get different digests, so their embeddings never share a cache. The JSON files of the
    folder and of its module subfolders are hashed whole; each weights file by its size
    and 64 KiB from its middle, which differ between any two trainings and cost one read.
    Returns None when the folder holds none of these files.
    """
    h = hashlib.blake2b(digest_size=5)
    files = sorted([*folder.glob("*.json"), *folder.glob("*/*.json")])
    for f in files:
        if f.name == "tokenizer.json":
            continue   # large, and the vocabulary is covered by the weights sample
        h.update(f.relative_to(folder).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
    weights = [folder / w for w in _WEIGHTS if (folder / w).is_file()]
    for f in weights:
        size = f.stat().st_size
        with open(f, "rb") as stream:
            stream.seek(max(0, size // 2 - _SAMPLE // 2))
            h.update(f"{f.name}:{size}\0".encode() + stream.read(_SAMPLE))
    return h.hexdigest() if files or weights else None


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """Silence the progress bars transformers draws on stderr while loading weights."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _not_found(name: str) -> ModelError:
    places = ", ".join([name, *(str(f) for f in model_folders(name)),
                        f"the Hugging Face cache ({_hf_cache_dir()})"])
    fetch = ("set ZHEN_ALLOW_DOWNLOAD=1 (with HF_HUB_OFFLINE unset) to fetch it from the hub"
             if not _download_allowed() else "the hub did not have it either")
    return ModelError(
        f"sentence-transformers model {name!r} not found; looked in: {places}. Put it in "
        f"models/ with SentenceTransformer({name!r}).save('models/{Path(name).name}') on a "
        f"machine with network, or {fetch}")


class SentenceTransformerEncoder:
    """A sentence-transformers model on the CPU (or on ``device``), with unit-length output.

    ``name_or_path`` is a folder holding a saved model, a name looked up in ``models/``,
    or a hub id found in the Hugging Face cache (see :func:`resolve_model`). Raises
    :class:`ModelError` when sentence-transformers is not installed, the model cannot be
    found, or it cannot be loaded.
    """

    def __init__(self, name_or_path: str, device: str = "cpu") -> None:
        _require_st()
        found = resolve_model(name_or_path)
        model: Any = None
        if found is None:
            if not _download_allowed():
                raise _not_found(name_or_path)
            model = self._load(name_or_path, device, local_only=False)
            found = resolve_model(name_or_path)
            if found is None:
                raise _not_found(name_or_path)
        folder, label = found
        if model is None:
            model = self._load(str(folder), device, local_only=True)
        self._model = model
        self.folder = folder
        self.device = device
        get_dim = (getattr(model, "get_embedding_dimension", None)
                   or model.get_sentence_embedding_dimension)
        dim = get_dim()
        if not dim:   # some models do not declare it; one probe tells
            dim = int(model.encode(["probe"], convert_to_numpy=True).shape[1])
        self.dim = int(dim)
        digest = config_digest(folder)
        self.signature = f"st-{label}" + (f"-{digest}" if digest else "")

    @staticmethod
    def _load(source: str, device: str, local_only: bool) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as ex:
            raise ModelError(f"st: models need sentence-transformers and torch ({ex}); "
                             f"run: {INSTALL_HINT}") from None
        try:
            with _quiet_loading():
                return SentenceTransformer(source, device=device, local_files_only=local_only)
        except Exception as ex:
            # The library raises OSError, ValueError, KeyError, RuntimeError… depending on
            # what is wrong with the folder; all mean the same to the user.
            raise ModelError(f"{source}: cannot be loaded as a sentence-transformers model on "
                             f"{device!r} ({type(ex).__name__}: {str(ex)[:200]}); check that "
                             "the folder was saved by SentenceTransformer.save() and the "
                             "device exists") from ex

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` as ``(len(texts), dim)`` float32 unit vectors."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=_BATCH, show_progress_bar=False,
                                     convert_to_numpy=True, normalize_embeddings=True)
        return check_embeddings(vectors, len(texts), self.dim, self.signature)
