"""Term edits on a glossary: approve, reject, another rendering, a forbidden rendering; stale
edits reported; the approved glossary written as TBX and CSV that zhen check reads."""

from __future__ import annotations

import pytest

from align.core.edits import Approve, EditError, Forbid, Reject, Render, StaleEdit, make_edit
from glossary.checks.consistency import check_pairs
from glossary.formats.approved import read_approved
from glossary.formats.export import write_glossary
from glossary.pairs import make_pair
from glossary.reviewed import (
    ReviewedGlossary,
    TermReview,
    apply_term_edit,
    review_glossary,
    term_state,
)
from glossary.terms import Glossary, Rendering, TermEntry


def _glossary() -> Glossary:
    def entry(zh: str, *renderings: tuple[str, int]) -> TermEntry:
        rs = tuple(Rendering(t, n, (1,)) for t, n in renderings)
        return TermEntry(zh, rs[0].text if rs else "", rs, sum(n for _, n in renderings), (1,),
                         "term", 0.9, "inconsistent" if len(rs) > 1 else "consistent")
    return Glossary((entry("碳中和", ("carbon neutrality", 5), ("net zero", 2)),
                     entry("光伏", ("PV", 3), ("photovoltaic", 1)),
                     entry("三大", ("three major", 2)),
                     entry("<脚本>", ("<script>alert('x')</script> & co", 1))), "sig")


def _edit(cls, reviewed: ReviewedGlossary, term: str, **values):
    entry = reviewed.glossary.get(term)
    assert entry is not None
    return make_edit(cls, "base", term=term, was=term_state(entry, reviewed.review(term)),
                     **values)


def test_approve_render_forbid_and_reject():
    r = ReviewedGlossary(_glossary())
    r = apply_term_edit(r, _edit(Render, r, "光伏", rendering="  photovoltaic "))
    r = apply_term_edit(r, _edit(Approve, r, "光伏"))
    r = apply_term_edit(r, _edit(Forbid, r, "碳中和", rendering="net zero"))
    r = apply_term_edit(r, _edit(Approve, r, "碳中和"))
    r = apply_term_edit(r, _edit(Reject, r, "三大"))
    assert r.review("光伏") == TermReview("approved", "photovoltaic")
    assert r.glossary.get("光伏").en == "photovoltaic"  # type: ignore[union-attr]
    assert [x.text for x in r.glossary.get("光伏").renderings] == ["photovoltaic", "PV"]  # type: ignore[union-attr]
    assert r.review("三大").status == "rejected" and r.review("<脚本>").status == "unreviewed"
    approved = r.approved()
    assert [(e.zh, e.en, [v.text for v in e.variants]) for e in approved.entries] == [
        ("碳中和", "carbon neutrality", []), ("光伏", "photovoltaic", ["PV"])]
    assert approved.signature == "sig|approved:2"


def test_a_rendering_typed_in_need_not_be_attested():
    r = ReviewedGlossary(_glossary())
    r = apply_term_edit(r, _edit(Render, r, "三大", rendering="three main"))
    entry = r.glossary.get("三大")
    assert entry is not None and entry.renderings[0] == Rendering("three main", 0, ())


def test_edits_that_make_no_sense_are_refused():
    r = ReviewedGlossary(_glossary())
    with pytest.raises(EditError, match="preferred rendering"):
        apply_term_edit(r, _edit(Forbid, r, "碳中和", rendering="carbon neutrality"))
    with pytest.raises(EditError, match="not a rendering"):
        apply_term_edit(r, _edit(Forbid, r, "碳中和", rendering="carbon peak"))
    with pytest.raises(EditError, match="empty rendering"):
        apply_term_edit(r, _edit(Render, r, "碳中和", rendering="  "))
    forbidden = apply_term_edit(r, _edit(Forbid, r, "碳中和", rendering="net zero"))
    with pytest.raises(EditError, match="is forbidden"):
        apply_term_edit(forbidden, _edit(Render, forbidden, "碳中和", rendering="net zero"))


def test_an_edit_made_on_an_older_state_is_stale():
    r = ReviewedGlossary(_glossary())
    first, second = _edit(Approve, r, "碳中和"), _edit(Reject, r, "碳中和")
    r = apply_term_edit(r, first)
    with pytest.raises(StaleEdit, match="changed since"):
        apply_term_edit(r, second)
    gone = make_edit(Approve, "base", term="不存在", was="")
    reviewed = review_glossary(_glossary(), [first, second, gone])
    assert reviewed.review("碳中和").status == "approved"
    assert [p.edit for p in reviewed.problems] == [second, gone]
    assert "不存在 is no longer in the glossary" in reviewed.problems[1].message


@pytest.mark.parametrize("suffix", [".tbx", ".csv"])
def test_the_approved_glossary_is_what_zhen_check_reads(tmp_path, suffix):
    r = ReviewedGlossary(_glossary())
    for term in ("碳中和", "<脚本>"):
        r = apply_term_edit(r, _edit(Approve, r, term))
    r = apply_term_edit(r, _edit(Forbid, r, "碳中和", rendering="net zero"))
    path = write_glossary(r.approved(), tmp_path / f"approved{suffix}")
    approved = read_approved(path)
    assert [(t.zh, t.renderings) for t in approved.terms] == [
        ("碳中和", ("carbon neutrality",)), ("<脚本>", ("<script>alert('x')</script> & co",))]
    pairs = [make_pair("zh#01~en#01", 1, (0,), (0,), "实现碳中和", "reach net zero"),
             make_pair("zh#01~en#01", 1, (1,), (1,), "碳中和目标", "carbon neutrality goals")]
    result = check_pairs(pairs, approved)
    assert [m.en_text for m in result.mismatches] == ["reach net zero"]
