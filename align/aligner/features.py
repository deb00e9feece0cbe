"""Evidence that a bead is a translation, as feature tensors over the alignment grid.

For every bead shape ``(a, b)`` and every end state ``(i, j)`` (the bead covers source
paragraphs ``i-a … i-1`` and target paragraphs ``j-b … j-1``), :class:`BeadFeatures` gives
a vector of :data:`FEATURES`. The aligner's gain for a bead is that vector dotted with a
weight vector learnt on gold alignments (see :mod:`align.aligner.model`), so training and decoding
read the very same numbers.

The evidence:

* **embedding similarity** of the two sides, raw and margin-normalised (CSLS): the mean
  similarity of each paragraph to its ``k`` nearest cross-language neighbours is
  subtracted, which cancels an encoder's bias towards some sentences and languages.
  A window of several paragraphs is embedded as the length-weighted mean of its
  paragraphs' unit vectors, so no concatenation is ever re-encoded;
* a **length model**: the log ratio of English to Chinese characters against the ratio
  and spread estimated on the input's own confident pairs (no language-pair constant);
* **numbers** normalised across Chinese units (203 万吨 = 2.03 million tonnes) and
  compared up to rounding (120.6 万 = 1.2 million, 13.3% = 13.33%), and
  **Latin-script tokens** present on both sides (CATL, CFMS, ISO 50001);
* **member coverage**: in a merged bead every paragraph must itself resemble the other
  side, which keeps page furniture and one-sided headings from being glued to a neighbour;
* **split evidence**: an m:n bead whose first and last paragraphs already match each other
  one to one is better read as separate beads (averaging always raises similarity);
* **furniture members**: how many members of a merged bead look like furniture on their own
  (page furniture, a logo, a line in the other edition's script);
* **broken paragraphs**: how many joins inside a merged side carry a sentence across a
  page break (a paragraph ending without punctuation, the next one going on: in English
  starting in lower case), which only a merged bead puts back together;
* **diagonal**: distance from the diagonal of the grid, the prior that editions keep order
  and proportion (it separates the two places where a sentence is repeated);
* for 1:0 / 0:1 beads: the paragraph's best similarity to anything on the other side,
  whether it looks like page furniture or a heading, and its length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.aligner.texts import CJK_RUN, furniture_kind, latin_tokens, text_length
from align.core.agreement import quantity_classes
from align.core.quantities import extract_numbers
from align.core.text import (
    BULLET,
    ENUMERATION,
    HAN_CHARS,
    ZH_HEADING_MAX,
    Lang,
    is_heading,
    unit_length,
)

Shape = tuple[int, int]

#: Bead shapes the aligner considers: the gold has 1:4 and 3:1, and 1:0 / 0:1 for
#: untranslated paragraphs and page furniture.
SHAPES: tuple[Shape, ...] = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1),
                             (2, 3), (3, 2), (1, 0), (0, 1))

MATCH_FEATURES = ("sim", "csls", "length", "numbers", "numbers_one_side", "latin", "coverage",
                  "coverage_relative", "split", "furniture_member", "diagonal", "continued")
NULL_FEATURES = ("null_best_csls", "null_furniture", "null_log_length", "null_heading")
#: Shape indicators scaled by statistics of the whole input (:class:`InputProfile`): the
#: priors of 1:n, n:1, merged and null beads follow the input instead of a genre switch.
PROFILE_FEATURES = ("profile_expand_ratio", "profile_contract_ratio", "profile_merge_length",
                    "profile_merge_headings", "profile_null_length", "profile_null_headings")
FEATURES: tuple[str, ...] = (*MATCH_FEATURES, *(f"shape_{a}:{b}" for a, b in SHAPES),
                             *NULL_FEATURES, *PROFILE_FEATURES)
_F = {name: k for k, name in enumerate(FEATURES)}

#: Neighbours averaged for the CSLS margin (Conneau et al. use 10 on large vocabularies;
#: a case has a few dozen paragraphs).
CSLS_K = 4


@dataclass(frozen=True)
class LengthModel:
    """English characters per Chinese character: ``log(en/zh)`` ~ N(``mu``, σ²).

    σ² is ``sigma²`` plus the counting noise of the two lengths: a length of ``n``
    characters varies like a Poisson count, so ``log n`` has variance about ``1/n``, and a
    short title is judged far less strictly than a long paragraph.
    """

    mu: float = math.log(3.0)
    sigma: float = 0.35
    #: Characters added to both sides so that empty or tiny lines stay finite.
    smoothing: float = 20.0

    def logprob(self, zh_len: np.ndarray, en_len: np.ndarray) -> np.ndarray:
        """Log-density-like penalty (≤ 0, capped at -8) of the length pairs."""
        zh_as_en = math.exp(self.mu) * zh_len
        ratio = np.log((en_len + self.smoothing) / (zh_as_en + self.smoothing))
        noise = 1.0 / (zh_len + 1.0) + 1.0 / (en_len + 1.0)
        return -np.minimum(ratio**2 / (2 * (self.sigma**2 + noise)), 8.0)


@dataclass(frozen=True)
class InputProfile:
    """Statistics of a whole input that the bead-shape priors depend on.

    Measured on the input itself, so that a text of short literary sentences and a text of
    report paragraphs with one-sided headings each get their own priors:

    * ``count_ratio``: ``log`` of target over source segments (a translation that splits
      sentences has more English segments, hence more 1:n beads);
    * ``segment_length``: ``log`` of the median segment length in Chinese characters (the
      English converted by the length model) minus ``log 40``, so that 0 sits between a
      literary sentence and a report paragraph;
    * ``heading_share``: share of segments that look like headings (one-sided headings are
      the usual 1:0 / 0:1 beads of reports).
    """

    count_ratio: float = 0.0
    segment_length: float = 0.0
    heading_share: float = 0.0

    @classmethod
    def of(cls, zh: Side, en: Side, length: LengthModel) -> InputProfile:
        """The profile of the two sides of one input."""
        if not zh.n or not en.n:
            return cls()
        lengths = np.concatenate([zh.lengths, en.lengths / math.exp(length.mu)])
        return cls(count_ratio=math.log(en.n / zh.n),
                   segment_length=math.log(max(float(np.median(lengths)), 1.0))
                   - math.log(40.0),
                   heading_share=float(np.concatenate([zh.heading, en.heading]).mean()))

    def values(self, shape: Shape) -> list[float]:
        """The :data:`PROFILE_FEATURES` of a bead of ``shape`` in this input."""
        a, b = shape
        null = float(a == 0 or b == 0)
        merge = float(max(a + b - 2, 0))
        return [float(b > a) * self.count_ratio, float(a > b) * self.count_ratio,
                merge * self.segment_length, merge * self.heading_share,
                null * self.segment_length, null * self.heading_share]


_OPEN_END_ZH = re.compile(f"[{HAN_CHARS}A-Za-z0-9]$")
_OPEN_END_EN = re.compile(r"[A-Za-z0-9,]$")
_LOWER_START = re.compile(r"^[a-z]")


def continues(texts: Sequence[str], lang: Lang, heading: np.ndarray) -> np.ndarray:
    """1.0 where paragraph ``i`` breaks off mid-sentence and ``i + 1`` carries it on: it ends
    without punctuation and is no heading, and (English) the next one starts in lower case.
    The last paragraph never continues."""
    out = np.zeros(len(texts), dtype=np.float32)
    for i in range(len(texts) - 1):
        a, b = texts[i].rstrip(), texts[i + 1].lstrip()
        if (heading[i] or heading[i + 1] or not a or not b or "\t" in a or "\t" in b
                or BULLET.match(b) or ENUMERATION.match(b)):
            continue
        if lang == "zh":
            # Chinese has no lower case: a sentence (a clause mark inside, or longer than a
            # heading) ending on a character, not a label or a list item's title.
            out[i] = bool(_OPEN_END_ZH.search(a)) and (
                unit_length(a) > ZH_HEADING_MAX or any(p in a for p in "，、；：,;:"))
        else:
            out[i] = bool(_OPEN_END_EN.search(a) and _LOWER_START.match(b))
    return out


def _indicator(sets: Sequence[set | frozenset], vocab: dict) -> np.ndarray:
    mat = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
    for row, items in enumerate(sets):
        for item in items:
            col = vocab.get(item)
            if col is not None:
                mat[row, col] = 1.0
    return mat


def _windows(mat: np.ndarray, size: int, op: str) -> np.ndarray:
    """Sum or max of ``size`` consecutive rows, for every start: ``(len - size + 1, …)``."""
    if size > mat.shape[0]:
        return np.zeros((0, *mat.shape[1:]), dtype=mat.dtype)
    parts = [mat[k: mat.shape[0] - size + 1 + k] for k in range(size)]
    out = parts[0].copy()
    for p in parts[1:]:
        if op == "sum":
            out += p
        elif op == "max":
            np.maximum(out, p, out=out)
        else:
            np.minimum(out, p, out=out)
    return out


def weigh(tensor: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``tensor @ weights`` for a feature tensor ``(…, F)``, one matrix product.

    :meth:`BeadFeatures.tensor` returns a view of a feature-major array; multiplying that
    array directly avoids gathering every cell's features.
    """
    base = np.moveaxis(tensor, -1, 0)
    if not base.flags.c_contiguous:
        return tensor @ weights
    return (weights.astype(np.float32) @ base.reshape(base.shape[0], -1)).reshape(
        tensor.shape[:-1])


class Side:
    """One language's paragraphs with what the features need, computed once.

    ``encoded`` maps a window size ``k`` to the embeddings of the joined texts of the
    windows of ``k`` consecutive paragraphs (row ``s`` is paragraphs ``s … s+k-1``), as the
    encoder read them; an all-zero row means "not encoded", and that window is embedded as
    the length-weighted mean of its paragraphs' vectors instead. ``encoded_r`` holds, per
    window size, the CSLS neighbourhood mean of each window (measured for encoded windows,
    the mean of the members' otherwise).
    """

    def __init__(self, texts: Sequence[str], vectors: np.ndarray, lang: Lang) -> None:
        self.texts = list(texts)
        self.n = len(texts)
        self.vectors = vectors
        self.lengths = np.array([text_length(t) for t in texts], dtype=np.float32)
        self.latin = [latin_tokens(t) for t in texts]
        self.numbers = [extract_numbers(t) for t in texts]
        self.furniture = np.array([furniture_kind(t, lang) for t in texts], dtype=np.float32)
        self.heading = np.array([is_heading(t, lang) for t in texts], dtype=np.float32)
        self.continues = continues(self.texts, lang, self.heading)
        self.encoded: dict[int, np.ndarray] = {}
        self.encoded_r: dict[int, np.ndarray] = {}
        self._win: dict[int, np.ndarray] = {}

    def slice(self, start: int, stop: int) -> Side:
        """The paragraphs ``start:stop`` as a new side, sharing what was computed."""
        sub = Side.__new__(Side)
        sub.texts = self.texts[start:stop]
        sub.n = len(sub.texts)
        sub.vectors = self.vectors[start:stop]
        sub.lengths = self.lengths[start:stop]
        sub.latin = self.latin[start:stop]
        sub.numbers = self.numbers[start:stop]
        sub.furniture = self.furniture[start:stop]
        sub.heading = self.heading[start:stop]
        sub.continues = self.continues[start:stop]
        sub.encoded = {k: w[start: max(stop - k + 1, start)] for k, w in self.encoded.items()}
        sub.encoded_r = {k: r[start: max(stop - k + 1, start)]
                         for k, r in self.encoded_r.items()}
        sub._win = {}
        return sub

    def window(self, size: int) -> np.ndarray:
        """Unit vectors of every window of ``size`` paragraphs.

        The encoded joined text where there is one (see the class), else the
        length-weighted mean of the paragraphs' unit vectors.
        """
        if size not in self._win:
            weighted = self.vectors * np.maximum(self.lengths, 1.0)[:, None]
            win = _windows(weighted, size, "sum")
            norms = np.linalg.norm(win, axis=1, keepdims=True)
            win = win / np.maximum(norms, 1e-9)
            enc = self.encoded.get(size)
            if size > 1 and enc is not None and len(enc) == len(win):
                have = np.abs(enc).sum(axis=1) > 0
                win[have] = enc[have]
            self._win[size] = win.astype(np.float32, copy=False)
        return self._win[size]


class BeadFeatures:
    """Feature tensors ``(n + 1, m + 1, len(FEATURES))`` per shape for one source/target pair.

    ``zh`` is the source side, ``en`` the target side. ``r_zh``/``r_en`` are the CSLS
    neighbourhood means of each paragraph (computed by the caller over whatever scope it
    searches), ``length`` the length model, ``profile`` the statistics of the whole input
    (of these two sides when not given).
    """

    def __init__(self, zh: Side, en: Side, r_zh: np.ndarray, r_en: np.ndarray,
                 length: LengthModel, profile: InputProfile | None = None) -> None:
        self.zh, self.en = zh, en
        self.r_zh, self.r_en = r_zh, r_en
        self.length = length
        self.profile = profile if profile is not None else InputProfile.of(zh, en, length)
        n, m = zh.n, en.n
        # Best CSLS of each paragraph against any single paragraph of the other side.
        cos = zh.vectors @ en.vectors.T if n and m else np.zeros((n, m), np.float32)
        csls = 2 * cos - r_zh[:, None] - r_en[None, :]
        self.best_zh = csls.max(axis=1) / 2 if m else np.zeros(n, np.float32)
        self.best_en = csls.max(axis=0) / 2 if n else np.zeros(m, np.float32)
        self.best_cos_zh = cos.max(axis=1) if m else np.zeros(n, np.float32)
        self.best_cos_en = cos.max(axis=0) if n else np.zeros(m, np.float32)
        # Quantities equal up to rounding share a class (align.core.quantities), so that a
        # window's classes compare with the other side's as number_agreement compares texts.
        classes = quantity_classes([*zh.numbers, *en.numbers])
        num_vocab = {k: k for k in range(1 + max((k for c in classes for k in c), default=-1))}
        self.num_zh = _indicator(classes[:n], num_vocab)
        self.num_en = _indicator(classes[n:], num_vocab)
        # Shared-script anchors: Latin tokens in the Chinese text must reappear in the
        # English, and Chinese runs in the English text (logos, names) in the Chinese.
        lat_vocab = {k: c for c, k in enumerate(sorted({k for s in zh.latin for k in s}))}
        cjk_vocab = {k: c for c, k in enumerate(sorted({k for t in en.texts
                                                         for k in CJK_RUN.findall(t)}))}
        self.lat_zh = np.concatenate([
            _indicator(zh.latin, lat_vocab),
            _indicator([{k for k in cjk_vocab if k in t} for t in zh.texts], cjk_vocab)], axis=1)
        self.lat_en = np.concatenate([
            _indicator(en.latin, lat_vocab),
            _indicator([set(CJK_RUN.findall(t)) for t in en.texts], cjk_vocab)], axis=1)
        self.n_lat = max(len(lat_vocab), 1)
        self._memo: dict[Shape, np.ndarray] | None = None

    def memoize(self, on: bool = True) -> None:
        """Keep every shape's tensor once computed (training decodes one grid many times),
        or drop them: about ``(n + 1)·(m + 1)·len(FEATURES)·4`` bytes per shape."""
        self._memo = {} if on else None

    def tensor(self, shape: Shape) -> np.ndarray:
        """Features of every bead of ``shape``, indexed by end state; zeros where impossible."""
        if self._memo is not None:
            if shape not in self._memo:
                self._memo[shape] = self._tensor(shape)
            return self._memo[shape]
        return self._tensor(shape)

    def _tensor(self, shape: Shape) -> np.ndarray:
        a, b = shape
        n, m = self.zh.n, self.en.n
        # Feature-major: every layer is written contiguously, and ``gains`` is one matrix
        # product; the caller sees the usual (n + 1, m + 1, F) view.
        out = np.zeros((len(FEATURES), n + 1, m + 1), dtype=np.float32)
        out[_F[f"shape_{a}:{b}"]] = 1.0
        out[_F[PROFILE_FEATURES[0]]:] = np.array(self.profile.values(shape),
                                                 np.float32)[:, None, None]
        if a == 0 or b == 0:
            self._null_layers(out, a > 0)
        elif a <= n and b <= m:
            self._match_layers(out, a, b)
        return np.moveaxis(out, 0, -1)

    def _null_layers(self, out: np.ndarray, zh_side: bool) -> None:
        """The features of 1:0 beads (``zh_side``) or 0:1 beads, written into ``out``."""
        side = self.zh if zh_side else self.en
        best = self.best_zh if zh_side else self.best_en
        other_scale = 1.0 if zh_side else math.exp(-self.length.mu)
        vals = np.stack([best, side.furniture,
                         np.log1p(side.lengths * other_scale), side.heading], axis=1)
        cols = slice(_F[NULL_FEATURES[0]], _F[NULL_FEATURES[-1]] + 1)
        if zh_side:
            out[cols, 1:, :] = vals.T[:, :, None]
        else:
            out[cols, :, 1:] = vals.T[:, None, :]

    def _match_layers(self, out: np.ndarray, a: int, b: int) -> None:
        """The features of every a:b bead with both sides, written into ``out``."""
        zh, en = self.zh, self.en
        n, m = zh.n, en.n
        wz, we = zh.window(a), en.window(b)
        cos = wz @ we.T  # (n-a+1, m-b+1), indexed by start
        rz = zh.encoded_r.get(a)
        if rz is None or len(rz) != n - a + 1:
            rz = _windows(self.r_zh, a, "sum") / a
        re_ = en.encoded_r.get(b)
        if re_ is None or len(re_) != m - b + 1:
            re_ = _windows(self.r_en, b, "sum") / b
        csls = cos - (rz[:, None] + re_[None, :]) / 2
        size = float(a + b)
        lz = _windows(zh.lengths, a, "sum")
        le = _windows(en.lengths, b, "sum")
        length = self.length.logprob(lz[:, None], le[None, :])
        numbers, one_side, latin = self._tokens(a, b)
        split = np.zeros_like(cos)
        if a > 1 and b > 1:
            first = (zh.vectors[: n - a + 1] @ en.vectors[: m - b + 1].T)
            last = (zh.vectors[a - 1:] @ en.vectors[b - 1:].T)
            split = np.minimum(first, last) - cos
        # Furniture (a logo, an other-script line) inside a merged bead: how many members.
        furniture = np.zeros_like(cos)
        if a > 1:
            furniture = furniture + _windows(zh.furniture, a, "sum")[:, None]
        if b > 1:
            furniture = furniture + _windows(en.furniture, b, "sum")[None, :]
        mid_z = (np.arange(n - a + 1) + a / 2) / max(n, 1)
        mid_e = (np.arange(m - b + 1) + b / 2) / max(m, 1)
        diagonal = -np.abs(mid_z[:, None] - mid_e[None, :])
        coverage, relative = self._coverage(a, b, wz, we, cos)
        block = out[:, a:, b:]
        block[_F["sim"]] = size * cos
        block[_F["csls"]] = size * csls
        block[_F["length"]] = size * length
        block[_F["numbers"]] = size * numbers
        block[_F["numbers_one_side"]] = size * one_side
        block[_F["latin"]] = size * latin
        block[_F["coverage"]] = size * coverage
        block[_F["coverage_relative"]] = size * relative
        block[_F["split"]] = size * split
        block[_F["furniture_member"]] = furniture
        block[_F["diagonal"]] = size * diagonal
        # Joins inside the merged sides where a paragraph broke off mid-sentence (a page
        # break in the source): a count, whatever the bead's size.
        continued = np.zeros_like(cos)
        if a > 1:
            continued = continued + _windows(zh.continues[:-1], a - 1, "sum")[:, None]
        if b > 1:
            continued = continued + _windows(en.continues[:-1], b - 1, "sum")[None, :]
        block[_F["continued"]] = continued

    def _tokens(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Number agreement, numbers on one side only, and shared Latin tokens / Chinese
        runs, for every a:b window pair."""
        nz = np.minimum(_windows(self.num_zh, a, "sum"), 1.0)
        ne = np.minimum(_windows(self.num_en, b, "sum"), 1.0)
        inter = nz @ ne.T
        cz, ce = nz.sum(axis=1)[:, None], ne.sum(axis=1)[None, :]
        both = (cz > 0) & (ce > 0)
        dice = np.where(both, 2 * inter / np.maximum(cz + ce, 1), 0.0)
        numbers = np.where(both, dice - 0.5, 0.0)
        one_side = ((cz > 0) != (ce > 0)).astype(np.float32)
        lz_ = np.minimum(_windows(self.lat_zh, a, "sum"), 1.0)
        le_ = np.minimum(_windows(self.lat_en, b, "sum"), 1.0)
        # Latin columns: share of the zh window's tokens found in the en window; CJK
        # columns: share of the en window's runs found in the zh window.
        k = self.n_lat
        shared = lz_[:, :k] @ le_[:, :k].T + lz_[:, k:] @ le_[:, k:].T
        count = lz_[:, :k].sum(axis=1)[:, None] + le_[:, k:].sum(axis=1)[None, :]
        latin = np.where(count > 0, shared / np.maximum(count, 1) - 0.5, 0.0)
        return numbers, one_side, latin

    def _coverage(self, a: int, b: int, wz: np.ndarray, we: np.ndarray, cos: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Coverage: the weakest member's similarity to the other side, against the
        window's (absolute) and against the member's own best match anywhere (relative: a
        short heading is weak against everything, furniture is no weaker here than
        elsewhere)."""
        coverage = np.zeros_like(cos)
        relative = np.zeros_like(cos)
        if a > 1:
            member = self.zh.vectors @ we.T  # each zh paragraph against each en window
            coverage = np.minimum(coverage, _windows(member, a, "min") - cos)
            rel = member - self.best_cos_zh[:, None]
            relative = np.minimum(relative, _windows(rel, a, "min"))
        if b > 1:
            member = wz @ self.en.vectors.T
            coverage = np.minimum(coverage, _windows(member.T, b, "min").T - cos)
            rel = member - self.best_cos_en[None, :]
            relative = np.minimum(relative, _windows(rel.T, b, "min").T)
        return coverage, relative
