"""The glossary of the bundled edition pair (27 cases), built as ``zhen glossary`` builds it.

The term pairing is statistical: it learns from the corpus it is given, so what it finds
is tested on a real corpus, not on a handful of sentences.
"""

from __future__ import annotations

import re

import pytest

from glossary.build import build_glossary
from glossary.terms import Glossary

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def edition(corpus_run) -> Glossary:  # type: ignore[no-untyped-def]
    return build_glossary(corpus_run.aligned_pairs(), signature=corpus_run.signature)


def test_an_inconsistent_term_lists_its_renderings_with_counts(edition: Glossary) -> None:
    entry = edition.get("碳中和")
    assert entry is not None and entry.en == "carbon neutrality"
    assert entry.status == "inconsistent"
    assert "carbon neutral" in {r.text.lower() for r in entry.variants}
    assert sum(r.count for r in entry.renderings) <= len(entry.occurrences)


def test_a_company_is_one_entry_with_its_full_name_and_acronym(edition: Glossary) -> None:
    entry = edition.get("宁德时代")
    assert entry is not None
    assert entry.en == "Contemporary Amperex Technology Co., Limited (CATL)"


def test_units_carry_their_scale(edition: Glossary) -> None:
    for zh, scale, words in (("万元", 1e4, "10,000 "), ("亿元", 1e8, "100 million "),
                             ("万吨", 1e4, "10,000 ")):
        entry = edition.get(zh)
        assert entry is not None and entry.kind == "unit" and entry.scale == scale, zh
        assert entry.en.startswith(words), entry.en
        # The English multiplier chosen for each number (27.2 billion) is no rendering.
        assert not any(re.match(r"(million|billion)\b", r.text) for r in entry.renderings)


def test_every_rendering_is_written_where_the_term_occurs(edition: Glossary) -> None:
    """Renderings come from alignment evidence: each is in the English of a pair of its
    term (case aside), except a unit's scaled form, which no pair writes (count 0)."""
    for entry in edition.entries:
        written = {o.rendering for o in entry.occurrences}
        for r in entry.renderings:
            if r.count == 0:
                assert entry.kind == "unit"
                continue
            assert r.text in written, (entry.zh, r.text)


def test_untranslated_entries_have_no_rendering(edition: Glossary) -> None:
    left_out = [e for e in edition.entries if e.status == "untranslated"]
    assert left_out, "the edition pair has key terms its English leaves out"
    for e in left_out:
        assert e.en == "" and e.renderings == () and e.confidence == 0.0
        assert all(o.rendering == "" for o in e.occurrences)
