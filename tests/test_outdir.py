"""Output folders and files zhen owns: refusals, atomic replacement, kills, full disks, races."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from align.core import outdir
from align.core.errors import OutputError
from align.core.outdir import MANIFEST, FileOutputs, FolderOutput, inspect_folder


def _results(folder: Path, tag: str) -> None:
    """A run's worth of files: two at the top, one in a subfolder."""
    (folder / "pairs").mkdir(parents=True, exist_ok=True)
    (folder / "run.json").write_text(json.dumps({"tag": tag}), "utf-8")
    (folder / "cases.csv").write_text(f"doc,case\n{tag},1\n", "utf-8")
    (folder / "pairs" / "01.tsv").write_text(f"zh\ten\n{tag}\t{tag}\n", "utf-8")


def _write_run(target: Path, tag: str, **kw: object) -> Path:
    with FolderOutput(target, **kw) as staging:  # type: ignore[arg-type]
        _results(staging, tag)
    return target


def _tag(folder: Path) -> str:
    return json.loads((folder / "run.json").read_text("utf-8"))["tag"]


def _hidden(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_new_folder_is_written_whole_with_its_manifest(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    assert sorted(_snapshot(out)) == [MANIFEST, "cases.csv", "pairs/01.tsv", "run.json"]
    state = inspect_folder(out)
    assert not state.foreign and not state.modified
    assert set(state.owned or {}) == {"cases.csv", "pairs/01.tsv", "run.json"}
    assert _hidden(tmp_path) == []
    umask = os.umask(0)
    os.umask(umask)
    assert (out.stat().st_mode & 0o777) == 0o777 & ~umask  # not the 0700 of a temp folder


def test_an_empty_folder_and_a_zhen_folder_are_replaced(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    _write_run(out, "a")
    assert _tag(out) == "a"
    _write_run(out, "b")
    assert _tag(out) == "b" and (out / "pairs" / "01.tsv").read_text("utf-8").endswith("b\tb\n")
    assert _hidden(tmp_path) == []


def test_files_zhen_did_not_write_are_never_touched(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    (out / "notes.txt").write_text("mine", "utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "draft.docx").write_bytes(b"PK\x03\x04")
    before = _snapshot(out)
    for force in (False, True):
        with pytest.raises(OutputError, match=r"notes\.txt.*sub/draft\.docx.*never deletes"):
            FolderOutput(out, force=force)
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


def test_a_folder_of_foreign_files_without_manifest_is_refused(tmp_path):
    project = tmp_path / "myproject"
    project.mkdir()
    (project / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(OutputError, match="holds files zhen did not write"):
        FolderOutput(project)
    assert (project / "notes.txt").read_text("utf-8") == "mine"


def test_a_changed_zhen_file_needs_force(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    (out / "cases.csv").write_text("edited by hand\n", "utf-8")
    with pytest.raises(OutputError, match=r"cases\.csv changed since zhen wrote it.*--force"):
        FolderOutput(out)
    assert (out / "cases.csv").read_text("utf-8") == "edited by hand\n"
    _write_run(out, "b", force=True)
    assert _tag(out) == "b" and "edited" not in (out / "cases.csv").read_text("utf-8")


def test_a_file_deleted_from_a_zhen_folder_is_no_obstacle(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    (out / "cases.csv").unlink()
    _write_run(out, "b")
    assert _tag(out) == "b"


@pytest.mark.parametrize("where", [".", "..", "sub/.."])
def test_the_working_folder_is_refused_cleanly(tmp_path, monkeypatch, where):
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    monkeypatch.chdir(work)
    with pytest.raises(OutputError, match="is the folder you are working in"):
        FolderOutput(where)
    assert sorted(p.name for p in work.iterdir()) == ["sub"]


def test_inputs_are_never_replaced(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zh.txt").write_text("碳中和", "utf-8")
    with pytest.raises(OutputError, match="is one of the inputs"):
        FolderOutput(corpus, inputs=[corpus])
    with pytest.raises(OutputError, match="holds the input"):
        FolderOutput(tmp_path, inputs=[corpus / "zh.txt"])
    assert (corpus / "zh.txt").read_text("utf-8") == "碳中和"


def test_a_file_in_the_way_and_unwritable_places_fail_before_any_work(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    with pytest.raises(OutputError, match="exists and is not a folder"):
        FolderOutput(blocker)
    with pytest.raises(OutputError, match="cannot be written"):
        FolderOutput(blocker / "out")
    with pytest.raises(OutputError, match="cannot be written"):
        FolderOutput("/proc/zhen-out")
    assert blocker.read_text("utf-8") == "x"


def test_an_error_during_the_work_keeps_the_old_results(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    before = _snapshot(out)
    with pytest.raises(RuntimeError), FolderOutput(out) as staging:
        _results(staging, "b")
        raise RuntimeError("the aligner failed")
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


def test_a_full_disk_while_writing_is_one_clean_error(tmp_path, monkeypatch):
    out = _write_run(tmp_path / "out", "a")
    before = _snapshot(out)

    def full(*args: object, **kw: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outdir, "write_manifest", full)
    with pytest.raises(OutputError) as info:
        _write_run(out, "b")
    message = str(info.value)
    assert "disk is full" in message and "nothing was changed" in message
    assert "\n" not in message
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and \
        shutil.which("mount") is not None


@pytest.fixture()
def small_disk(tmp_path):
    """A 1 MB tmpfs, mounted for the test (root on Linux only)."""
    if not _can_mount():
        pytest.skip("mounting a small filesystem needs root on Linux")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_real_full_disk_leaves_the_old_results_whole(small_disk):
    out = _write_run(small_disk / "out", "a")
    before = _snapshot(out)
    with pytest.raises(OutputError, match="disk is full"), FolderOutput(out) as staging:
        _results(staging, "b")
        (staging / "zhen.tmx").write_bytes(b"x" * (2 << 20))
    assert _snapshot(out) == before
    assert _hidden(small_disk) == []


def test_a_read_only_folder_is_refused_before_any_work(small_disk):
    out = _write_run(small_disk / "out", "a")
    before = _snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(OutputError, match="cannot be"):
            FolderOutput(out)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert _snapshot(out) == before and _hidden(small_disk) == []


_KILLED_WRITER = textwrap.dedent("""
    import json, os, signal, sys
    from pathlib import Path
    from align.core.outdir import FolderOutput
    out = FolderOutput(sys.argv[1])
    (out.staging / "run.json").write_text(json.dumps({"tag": "b"}), "utf-8")
    (out.staging / "cases.csv").write_text("half", "utf-8")
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_kill_while_writing_keeps_the_old_results_and_the_next_run_cleans_up(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    before = _snapshot(out)
    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(out)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(out) == before
    assert [n for n in _hidden(tmp_path) if ".zhen-staging-" in n]  # what the kill left
    _write_run(out, "c")
    assert _tag(out) == "c"
    assert _hidden(tmp_path) == []


def test_two_writers_at_once_one_wins_whole(tmp_path):
    out = tmp_path / "out"
    first, second = FolderOutput(out), FolderOutput(out)
    _results(first.staging, "first")
    _results(second.staging, "second")
    first.commit()
    with pytest.raises(OutputError, match="changed by another program"):
        second.commit()
    assert _tag(out) == "first" and not inspect_folder(out).modified
    assert _hidden(tmp_path) == []


def _race(target: str, tag: str, barrier: multiprocessing.synchronize.Barrier, queue) -> None:
    try:
        output = FolderOutput(target)
        _results(output.staging, tag)
        barrier.wait()
        output.commit()
        queue.put((tag, "ok"))
    except OutputError as ex:
        queue.put((tag, str(ex)))


def test_two_processes_racing_one_wins_whole_the_other_fails_cleanly(tmp_path):
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_race, args=(str(tmp_path / "out"), tag, barrier, queue))
             for tag in ("p1", "p2")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    outcomes = dict(queue.get(timeout=5) for _ in procs)
    winners = [t for t, o in outcomes.items() if o == "ok"]
    assert len(winners) == 1
    loser = next(o for o in outcomes.values() if o != "ok")
    assert "changed by another program" in loser
    assert _tag(tmp_path / "out") == winners[0]
    assert not inspect_folder(tmp_path / "out").modified
    assert _hidden(tmp_path) == []


# -- single files ---------------------------------------------------------------------

def test_files_are_added_beside_others_and_replaced_only_if_zhen_wrote_them(tmp_path):
    (tmp_path / "notes.tsv").write_text("mine", "utf-8")
    with FileOutputs([tmp_path / "a.tsv"]) as out:
        path = out.path(tmp_path / "a.tsv")
        assert path.suffix == ".tsv" and path.parent == tmp_path  # writers read the extension
        path.write_text("one", "utf-8")
    assert (tmp_path / "a.tsv").read_text("utf-8") == "one"
    with FileOutputs([tmp_path / "a.tsv"]) as out:
        out.path(tmp_path / "a.tsv").write_text("two", "utf-8")
    assert (tmp_path / "a.tsv").read_text("utf-8") == "two"
    with pytest.raises(OutputError, match="zhen did not write it"):
        FileOutputs([tmp_path / "notes.tsv"], force=True)
    assert (tmp_path / "notes.tsv").read_text("utf-8") == "mine"
    (tmp_path / "a.tsv").write_text("edited", "utf-8")
    with pytest.raises(OutputError, match="changed since zhen wrote it"):
        FileOutputs([tmp_path / "a.tsv"])
    with FileOutputs([tmp_path / "a.tsv"], force=True) as out:
        out.path(tmp_path / "a.tsv").write_text("three", "utf-8")
    assert (tmp_path / "a.tsv").read_text("utf-8") == "three"
    assert _hidden(tmp_path) == [MANIFEST]


def test_file_outputs_refuse_inputs_and_folders_and_leave_nothing_on_error(tmp_path):
    src = tmp_path / "zh.txt"
    src.write_text("碳中和", "utf-8")
    with pytest.raises(OutputError, match="is one of the inputs"):
        FileOutputs([src], inputs=[src])
    (tmp_path / "dir.tsv").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        FileOutputs([tmp_path / "dir.tsv"])
    with pytest.raises(RuntimeError), FileOutputs([tmp_path / "b.tsv"]) as out:
        out.path(tmp_path / "b.tsv").write_text("half", "utf-8")
        raise RuntimeError
    assert not (tmp_path / "b.tsv").exists()
    assert _hidden(tmp_path) == []


def test_files_written_into_a_run_folder_stay_replaceable_by_the_next_run(tmp_path):
    out = _write_run(tmp_path / "out", "a")
    with FileOutputs([out / "glossary.csv"]) as files:
        files.path(out / "glossary.csv").write_text("zh,en\n", "utf-8")
    assert "glossary.csv" in (inspect_folder(out).owned or {})
    _write_run(out, "b")
    assert not (out / "glossary.csv").exists() and _tag(out) == "b"
