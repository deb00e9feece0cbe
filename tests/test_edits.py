"""The edit log: every bead edit on a hand-built run, stale and damaged edits reported, the
log appended atomically and owned by zhen, the reviewed state read back by default, and
the log carried through ``zhen run`` replacing its folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA
from typer.testing import CliRunner

from align.core.beads import Bead
from align.core.edits import (
    EDITS,
    Approve,
    EditError,
    Link,
    Merge,
    Split,
    StaleEdit,
    Unlink,
    append_edits,
    bead_ref,
    edit_record,
    folder_version,
    make_edit,
    parse_edit,
    read_edits,
)
from align.core.edits import MarkBead as Mark
from align.core.errors import OutputError
from align.core.manifest import MANIFEST, inspect_folder, read_manifest
from align.core.records import Case, CasePair, Document, Paragraph, Run
from align.core.reviewed import apply_edit, apply_edits
from align.core.runfolder import read_run
from align.core.text import counted
from align.exports.memory import REVIEWED_PROP, export_tmx
from align.exports.tmx import read_tmx
from align.job.report import write_run
from zhen.app import app
from zhen.summary import moved_note

PAIR = "zh-ed#01~en-ed#01"


def _case(doc: str, lang: str, texts: list[str]) -> Case:
    return Case(doc, lang, 1, texts[0],  # type: ignore[arg-type]
                tuple(Paragraph(t, (k + 1,), False, t) for k, t in enumerate(texts)))


def _run() -> Run:
    zh = _case("zh-ed", "zh", ["标题", "第一段", "只有中文", "第三段", "第四段", "页眉 3"])
    en = _case("en-ed", "en", ["Title", "First, part one", "first, part two", "Third",
                               "English only", "Fourth <&> \"quoted\""])
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.7), Bead((2,), (), 0.6),
             Bead((3,), (3,), 0.8), Bead((), (4,), 0.5), Bead((4,), (5,), 0.3),
             Bead((5,), (), 0.4))
    return Run("zhen-test", (Document("zh-ed", "zh.txt", "zh", (zh,)),
                             Document("en-ed", "en.txt", "en", (en,))),
               (CasePair(zh, en, 0.9, beads),))


def _edit(cls, run: Run, *ids: tuple[tuple[int, ...], tuple[int, ...]], **values):
    pair = run.pairs[0]
    by_ids = {(b.src, b.tgt): b for b in pair.beads}
    refs = tuple(bead_ref(pair, by_ids[i]) for i in ids)
    return make_edit(cls, "base0", pair=PAIR, beads=refs, **values)


def _shape(run: Run) -> list[str]:
    """Each bead as ``[ids]:[ids]``, ``*`` when reviewed, then its kind unless plain."""
    return [b.format(False) + ("*" if b.reviewed else "")
            + ("" if b.kind in ("match", "missing") else f" {b.kind}")
            for b in run.pairs[0].beads]


def test_merge_joins_a_bead_with_the_next_one():
    run = _run()
    merged = apply_edit(run, _edit(Merge, run, ((0,), (0,)), ((1,), (1, 2))))
    assert _shape(merged)[:2] == ["[0,1]:[0,1,2]*", "[2]:[]"]
    assert merged.pairs[0].beads[0].score == 1.0 and merged.pairs[0].beads[0].kind == "match"
    # The machine result is left as it was.
    assert _shape(run)[0] == "[0]:[0]"


def test_split_cuts_a_merged_bead_after_its_first_paragraphs():
    run = _run()
    split = apply_edit(run, _edit(Split, run, ((1,), (1, 2))))
    assert _shape(split)[1:3] == ["[1]:[1]*", "[]:[2]*"]
    with pytest.raises(EditError, match="not merged"):
        apply_edit(run, _edit(Split, run, ((0,), (0,))))
    with pytest.raises(EditError, match="empty bead"):
        apply_edit(run, _edit(Split, run, ((1,), (1, 2)), zh_at=1, en_at=2))


def test_unlink_then_link_gives_the_bead_back_reviewed():
    run = _run()
    apart = apply_edit(run, _edit(Unlink, run, ((3,), (3,))))
    assert _shape(apart)[3:5] == ["[3]:[]*", "[]:[3]*"]
    assert [b.kind for b in apart.pairs[0].beads[3:5]] == ["missing", "missing"]
    back = apply_edit(apart, _edit(Link, apart, ((), (3,)), ((3,), ())))
    assert _shape(back)[3] == "[3]:[3]*"
    with pytest.raises(EditError, match="one side only"):
        apply_edit(run, _edit(Unlink, run, ((2,), ())))


def test_a_link_across_positions_is_a_moved_bead():
    run = _run()
    linked = apply_edit(run, _edit(Link, run, ((2,), ()), ((), (4,))))
    assert "[2]:[4]* moved" in _shape(linked)
    assert len(linked.pairs[0].beads) == len(run.pairs[0].beads) - 1
    with pytest.raises(EditError, match="Chinese-only and an English-only"):
        apply_edit(run, _edit(Link, run, ((2,), ()), ((5,), ())))


def test_marks_change_the_kind_of_one_sided_beads_and_check_any_bead():
    run = _run()
    marked = apply_edit(run, _edit(Mark, run, ((5,), ()), mark="furniture"))
    assert "[5]:[]* furniture" in _shape(marked)
    assert [m.text for m in marked.missing_paragraphs] == ["只有中文", "English only"]
    checked = apply_edit(run, _edit(Mark, run, ((4,), (5,)), mark="checked"))
    assert "[4]:[5]*" in _shape(checked) and checked.pairs[0].beads[5].score == 0.3
    with pytest.raises(EditError, match="only a one-sided bead"):
        apply_edit(run, _edit(Mark, run, ((3,), (3,)), mark="missing"))


def test_an_edit_on_beads_that_changed_is_stale():
    run = _run()
    first = _edit(Merge, run, ((0,), (0,)), ((1,), (1, 2)))
    second = _edit(Split, run, ((1,), (1, 2)))  # made in another tab on the old state
    merged = apply_edit(run, first)
    with pytest.raises(StaleEdit, match=r"\[1\]:\[1,2\] no longer exists"):
        apply_edit(merged, second)
    check = _edit(Mark, run, ((3,), (3,)), mark="checked")
    with pytest.raises(StaleEdit, match="was changed since"):
        apply_edit(apply_edit(run, check), check)


def test_apply_edits_reports_what_no_longer_applies_and_applies_the_rest():
    run = _run()
    stale = _edit(Merge, run, ((0,), (0,)), ((1,), (1, 2)))
    stale = type(stale)(**{**stale.__dict__, "beads": (
        stale.beads[0].__class__(**{**stale.beads[0].__dict__, "digest": "0" * 16}),
        stale.beads[1])})
    gone = make_edit(Unlink, "base0", pair="no#01~such#01", beads=stale.beads[:1])
    good = _edit(Mark, run, ((2,), ()), mark="furniture")
    term = make_edit(Approve, "base0", term="碳中和", was="")
    reviewed, problems = apply_edits(run, [stale, gone, term, good])
    assert [p.edit for p in problems] == [stale, gone]
    assert "texts of bead [0]:[0] changed" in problems[0].message
    assert "case pair no#01~such#01 is no longer in the run" in problems[1].message
    assert "[2]:[]* furniture" in _shape(reviewed)


def test_edits_round_trip_through_their_json_records():
    run = _run()
    for edit in (_edit(Merge, run, ((0,), (0,)), ((1,), (1, 2))),
                 _edit(Split, run, ((1,), (1, 2)), zh_at=0, en_at=1),
                 _edit(Mark, run, ((2,), ()), mark="missing"),
                 make_edit(Approve, "b", term="碳<中>和", was="x")):
        assert parse_edit(json.loads(json.dumps(edit_record(edit)))) == edit
    with pytest.raises(ValueError, match="unknown op"):
        parse_edit({"op": "delete"})
    with pytest.raises(ValueError, match="mark must be"):
        parse_edit({**edit_record(_edit(Mark, run, ((2,), ()), mark="missing")), "mark": "x"})


def test_the_log_is_appended_atomically_and_owned_by_zhen(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    run = read_run(tmp_path)
    edit = _edit(Merge, run, ((0,), (0,)), ((1,), (1, 2)))
    append_edits(tmp_path, [edit])
    assert EDITS in (read_manifest(tmp_path) or {})
    assert not inspect_folder(tmp_path).foreign and not inspect_folder(tmp_path).modified
    assert read_edits(tmp_path).edits == (edit,)
    # Read back as reviewed by default; the machine result on request.
    assert _shape(read_run(tmp_path))[0] == "[0,1]:[0,1,2]*"
    assert _shape(read_run(tmp_path, reviewed=False))[0] == "[0]:[0]"
    second = _edit(Mark, read_run(tmp_path), ((2,), ()), mark="furniture")
    append_edits(tmp_path, [second])
    assert read_edits(tmp_path).edits == (edit, second)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".edits")]


def test_a_log_zhen_did_not_write_is_never_replaced(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    (tmp_path / EDITS).write_text("my notes\n", "utf-8")
    with pytest.raises(OutputError, match="zhen did not write it"):
        append_edits(tmp_path, [_edit(Mark, _run(), ((2,), ()), mark="furniture")])
    assert (tmp_path / EDITS).read_text("utf-8") == "my notes\n"


def test_damaged_lines_are_reported_with_their_numbers_and_the_rest_applied(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    run = read_run(tmp_path)
    first = _edit(Mark, run, ((2,), ()), mark="furniture")
    second = _edit(Mark, run, ((5,), ()), mark="furniture")
    append_edits(tmp_path, [first, second])
    lines = (tmp_path / EDITS).read_text("utf-8").splitlines()
    damaged = [lines[0], '{"op": "merge", "id"', lines[1], lines[1], "\ufeffnot json"]
    (tmp_path / EDITS).write_text("\n".join(damaged), "utf-8")  # no final newline
    log = read_edits(tmp_path)
    assert log.edits == (first, second)
    assert [p.line for p in log.problems] == [2, 4, 5]
    assert "edits.jsonl:2: is not an edit" in log.problems[0].message
    assert "repeats edit" in log.problems[1].message
    reviewed = read_run(tmp_path)
    assert _shape(reviewed)[2] == _shape(reviewed)[-1].replace("5", "2") == "[2]:[]* furniture"
    assert [m.split(": ")[0][-13:] for m in reviewed.edit_problems] == \
        ["edits.jsonl:2", "edits.jsonl:4", "edits.jsonl:5"]
    # Appending to a log changed by hand keeps every byte of it.
    third = _edit(Mark, reviewed, ((4,), (5,)), mark="checked")
    append_edits(tmp_path, [third])
    text = (tmp_path / EDITS).read_text("utf-8")
    assert text.startswith("\n".join(damaged) + "\n") and read_edits(tmp_path).edits[-1] == third


def test_stale_edits_in_the_log_name_their_line(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    run = read_run(tmp_path)
    append_edits(tmp_path, [_edit(Mark, run, ((3,), (3,)), mark="checked")] * 1)
    append_edits(tmp_path, [_edit(Mark, run, ((3,), (3,)), mark="checked")])
    problems = read_run(tmp_path).edit_problems
    assert len(problems) == 1 and f"{EDITS}:2: edit " in problems[0]
    assert "was changed since (now reviewed match)" in problems[0]


def test_the_folder_version_follows_the_machine_result(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    before = folder_version(tmp_path)
    append_edits(tmp_path, [_edit(Mark, _run(), ((2,), ()), mark="furniture")])
    assert folder_version(tmp_path) == before
    write_run(_run().__class__(**{**_run().__dict__, "signature": "other"}), tmp_path)
    assert (tmp_path / EDITS).exists()  # carried into the new result
    assert folder_version(tmp_path) != before


def test_reviewed_units_carry_a_prop_in_the_memory(tmp_path):
    tmp_path = write_run(_run(), tmp_path / "out", tmx=False)
    run = read_run(tmp_path)
    append_edits(tmp_path, [_edit(Merge, run, ((0,), (0,)), ((1,), (1, 2)))])
    export_tmx(tmp_path, tmp_path / "out.tmx")
    units = read_tmx(tmp_path / "out.tmx")
    assert units[0].zh == "标题\n第一段" and units[0].prop(REVIEWED_PROP) == "yes"
    assert all(u.prop(REVIEWED_PROP) is None for u in units[1:])


@pytest.fixture()
def editions(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text((DATA / "catl.zh").read_text("utf-8"), "utf-8")
    # A logo in Chinese at the end of the English edition: a one-sided bead to mark.
    en.write_text((DATA / "catl.en").read_text("utf-8").rstrip("\n") + "\n恒生銀行\n",
                  "utf-8")
    return zh, en


@pytest.mark.slow
def test_zhen_run_carries_the_log_into_the_new_folder_and_reports_stale_edits(
        tmp_path, editions):
    runner = CliRunner()
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", *map(str, editions), "-o", str(out)]).exit_code == 0
    run = read_run(out)
    # The first pair with a one-sided bead (page furniture or an untranslated paragraph).
    k = next(n for n, p in enumerate(run.pairs) if any(b.is_null for b in p.beads))
    pair = run.pairs[k]
    first, second = pair.beads[0], pair.beads[1]
    lone = next(b for b in pair.beads if b.is_null)
    merge = make_edit(Merge, folder_version(out), pair=pair.id,
                      beads=(bead_ref(pair, first), bead_ref(pair, second)))
    assert lone.kind == "furniture"  # the aligner's call; the reviewer overrides it
    mark = make_edit(Mark, folder_version(out), pair=pair.id, beads=(bead_ref(pair, lone),),
                     mark="missing")
    append_edits(out, [merge, mark])
    # The same editions again: every edit still applies.
    result = runner.invoke(app, ["run", *map(str, editions), "-o", str(out)])
    assert result.exit_code == 0 and "Warning" not in result.stderr, result.stderr
    assert read_edits(out).edits == (merge, mark) and EDITS in (read_manifest(out) or {})
    again = read_run(out)
    assert again.pairs[k].beads[0].src == first.src + second.src and not again.edit_problems
    units = read_tmx(out / "zhen.tmx")
    assert [u.prop(REVIEWED_PROP) for u in units].count("yes") == 1
    lone_text = (pair.zh if lone.src else pair.en).paragraphs[(lone.src or lone.tgt)[0]].text
    assert lone_text in (out / "missing.csv").read_text("utf-8")  # missing now
    # The case list and the summary count what missing.csv lists, the reviewed state.
    with (out / "missing.csv").open(encoding="utf-8-sig", newline="") as f:
        listed = sum(r["kind"] == "paragraph" for r in csv.DictReader(f))
    with (out / "cases.csv").open(encoding="utf-8-sig", newline="") as f:
        assert sum(int(r["missing_paragraphs"]) for r in csv.DictReader(f)) == listed
    assert f"{counted(listed, 'untranslated paragraph')}{moved_note(again)}." in " ".join(
        result.stdout.split())
    # The English title rewritten: the merge no longer applies and is reported, not lost.
    en = editions[1]
    lines = en.read_text("utf-8").splitlines()
    en_title = pair.en.paragraphs[first.tgt[0]].text
    en.write_text("\n".join(line.replace(en_title, en_title + " (revised)")
                            for line in lines) + "\n", "utf-8")
    result = runner.invoke(app, ["run", *map(str, editions), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [w for w in result.stderr.splitlines() if w.startswith("Warning:")]
    assert any(f"{EDITS}:1: edit {merge.id}" in w and "no longer applies" in w
               for w in warnings), result.stderr
    assert str(out) in warnings[-1] and ".zhen-staging" not in result.stderr
    assert read_edits(out).edits == (merge, mark)
    assert (out / MANIFEST).exists()
