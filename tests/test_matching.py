"""Finding an approved rendering in English: the plural fold and the word form both sides
are compared in (glossary.checks.matching)."""

from __future__ import annotations

import pytest

from align.core.english import plural_key
from glossary.checks.matching import contains, english_words, find_rendering


@pytest.mark.parametrize("singular, plural", [
    ("neutral", "neutrals"), ("company", "companies"), ("company", "company's"),
    ("case", "cases"), ("process", "processes"), ("approach", "approaches"),
    ("cache", "caches"), ("movie", "movies"), ("glass", "glasses"), ("bus", "buses"),
    ("energy", "energies"), ("GHG", "GHGs"), ("status", "statuses"), ("box", "boxes"),
    ("key", "keys"), ("company", "companies’"),
])
def test_singular_and_plural_share_a_key(singular: str, plural: str) -> None:
    assert plural_key(singular) == plural_key(plural)


@pytest.mark.parametrize("a, b", [
    ("neutral", "neutrality"), ("carbon", "carbonate"), ("plan", "plant"), ("gas", "ga"),
    ("analysis", "analyses"),  # irregular plurals are not folded
])
def test_other_words_keep_their_keys(a: str, b: str) -> None:
    assert plural_key(a) != plural_key(b)


def test_english_words_split_hyphens_slashes_and_fold_width() -> None:
    assert english_words("Carbon-Neutral/Low-Carbon ＣＯ２ Parks") == (
        "carbon", "neutral", "low", "carbon", "co2", "park")
    assert english_words("the company's net‑zero—goal") == (
        "the", "compani", "net", "zero", "goal")


def test_contains_needs_consecutive_words() -> None:
    words = english_words("net zero and carbon neutral targets")
    assert contains(words, english_words("carbon neutral target"))
    assert not contains(words, english_words("net carbon"))
    assert not contains(words, ())
    assert find_rendering(words, [english_words("neutrality"), english_words("Net-Zero")]) == 1
    assert find_rendering(words, [english_words("neutrality")]) is None
