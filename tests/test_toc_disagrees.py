"""A table of contents that disagrees with the body: the English edition of the 2022 pair
with one entry left out of its table of contents, or one entry too many. The body's section
headings win, and the disagreement is a warning that names the case."""

from __future__ import annotations

import pytest
from conftest import CORPORA

from align.documents.reader import read_document
from align.documents.segment import segment
from align.job.run import run_corpus

ZH, EN = "004_3717a3b3a4f37818", "002_c4f0acade1fce1e3"
GCL = "GCL: Integrated Wind/Solar Power and Storage Platform"
QILU = "Carbon Capture and Storage at the Qilu Petrochemical Refinery"


def _variant(tmp_path, kind: str):
    lines = (CORPORA / f"{EN}.txt").read_text("utf-8").split("\n")
    if kind == "missing":
        changed = [s for s in lines if not s.startswith("- 13-14 GCL")]
    else:
        at = next(i for i, s in enumerate(lines) if s.startswith("- 21-22 Development"))
        changed = [*lines[: at + 1], f"- 23-24 {QILU}", *lines[at + 1:]]
    assert len(changed) != len(lines)
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "en.txt").write_text("\n".join(changed), "utf-8")
    (folder / "zh.txt").write_bytes((CORPORA / f"{ZH}.txt").read_bytes())
    return folder


@pytest.fixture(scope="module")
def bundled():
    return segment(read_document(CORPORA / f"{EN}.txt"))


@pytest.mark.parametrize("kind,named", [("missing", GCL), ("extra", QILU)])
def test_the_body_wins_over_the_table_of_contents(tmp_path, bundled, kind, named):
    folder = _variant(tmp_path, kind)
    seg = segment(read_document(folder / "en.txt"))
    # The same 27 cases as the bundled edition, paragraph for paragraph.
    assert [c.title for c in seg.cases] == [c.title for c in bundled.cases]
    assert [[p.text for p in c.paragraphs] for c in seg.cases] == \
        [[p.text for p in c.paragraphs] for c in bundled.cases]
    named_warnings = [w for w in seg.warnings if repr(named) in w]
    assert len(named_warnings) == 1
    if kind == "missing":
        line = next(i for i, s in enumerate((folder / "en.txt").read_text("utf-8")
                                            .split("\n")) if s.strip() == GCL) + 1
        assert named_warnings[0].startswith(f"{folder / 'en.txt'}:{line}: case ")
        assert "not in the table of contents" in named_warnings[0]
    else:
        assert "was not found in the body" in named_warnings[0]
    assert not bundled.warnings


@pytest.mark.slow
def test_a_case_left_out_of_the_table_of_contents_is_still_paired(tmp_path, encoder):
    run = run_corpus([_variant(tmp_path, "missing")], encoder)
    assert [(p.zh.index, p.en.index) for p in run.pairs] == [(k, k) for k in range(1, 28)]
    assert not run.unpaired
    assert any(repr(GCL) in w and "not in the table of contents" in w for w in run.warnings)
