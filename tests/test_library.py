"""The README's library example runs as written and reproduces the commands' files."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from typer.testing import CliRunner

from zhen.app import app


def _example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## As a library"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of a folder by relative path; workbooks by their parts, the part that
    holds their creation time left out; the manifest (file times) left out; ``run.json``
    without its ``speed`` record (times measured, different on every run), which must be
    there."""
    out: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file() or rel == ".zhen-files.json":
            continue
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                out.update({f"{rel}!{n}": z.read(n) for n in z.namelist()
                            if n != "docProps/core.xml"})
        elif rel == "run.json":
            info = json.loads(p.read_text("utf-8"))
            assert info.pop("speed")["paragraphs"] > 0
            out[rel] = json.dumps(info).encode()
        else:
            out[rel] = p.read_bytes()
    return out


@pytest.mark.slow
def test_the_library_example_reproduces_zhen_run_and_zhen_glossary(tmp_path, monkeypatch,
                                                                     capsys):
    editions = tmp_path / "editions"
    editions.mkdir()
    for name in ("catl.zh", "catl.en"):
        (editions / f"{name}.txt").write_text((DATA / name).read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    # The example as written, on a small pair of editions instead of the bundled corpus.
    code = _example().replace('["corpora"]', '["editions"]')
    exec(compile(code, "README.md", "exec"), {})
    assert "[0]:[0]" in capsys.readouterr().out
    runner = CliRunner()
    assert runner.invoke(app, ["run", "editions", "-o", "cli-out"]).exit_code == 0
    assert runner.invoke(app, ["glossary", "cli-out"]).exit_code == 0
    lib, cli = _files(tmp_path / "lib-out"), _files(tmp_path / "cli-out")
    assert sorted(lib) == sorted(cli) and len(lib) > 10
    assert [k for k in lib if lib[k] != cli[k]] == []


def _review_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Reviewing"):readme.index("## Known limitations")]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_the_review_library_example_runs_as_written(tmp_path, monkeypatch, capsys):
    from test_review_api import make_folder

    from align.core.edits import Approve, append_edits, folder_version, make_edit
    from align.core.runfolder import read_run
    from glossary.formats.approved import read_approved
    from glossary.reviewed import read_reviewed, term_state

    folder = make_folder(tmp_path / "zhen-out")
    reviewed = read_reviewed(folder)
    entry = next(e for e in reviewed.glossary.entries if e.zh == "碳中和")
    append_edits(folder, [make_edit(Approve, folder_version(folder), term="碳中和",
                                    was=term_state(entry, reviewed.review("碳中和")))])
    before = len(read_run(folder).pairs[0].beads)
    monkeypatch.chdir(tmp_path)
    # The example as written, on a folder of one case pair instead of the corpus's third.
    code = _review_example().replace("run.pairs[2]", "run.pairs[0]")
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "()"
    assert len(read_run(folder).pairs[0].beads) == before - 1
    approved = read_approved(folder / "approved.tbx")
    assert [(t.zh, t.renderings[0]) for t in approved.terms] == [("碳中和", "carbon neutrality")]
