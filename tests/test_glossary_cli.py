"""The ``glossary`` and ``check`` commands, in-process, on a small output folder."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import typer
from test_glossary import MADE
from typer.testing import CliRunner

from align.core.records import run_from_pairs
from align.job.report import write_run
from glossary.pairs import make_pair
from zhen.app import app as zhen_app


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return zhen_app


@pytest.fixture()
def outdir(tmp_path: Path) -> Path:
    pairs = [make_pair(f"z#{i // 3 + 1:02d}~e#{i // 3 + 1:02d}", i // 3 + 1, [i % 3],
                       [i % 3] if en else [], zh, en, 0.9) for i, (zh, en) in enumerate(MADE)]
    write_run(run_from_pairs(pairs, "zhen-0.1.0|enc:test"), tmp_path / "out")
    return tmp_path / "out"


runner = CliRunner()


@pytest.mark.parametrize("command", ["glossary", "check"])
def test_every_command_has_help(app: typer.Typer, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "OUTDIR" in result.output and "--json" in result.output


def test_glossary_writes_every_default_output(app: typer.Typer, outdir: Path) -> None:
    result = runner.invoke(app, ["glossary", str(outdir)])
    assert result.exit_code == 0, result.output
    for name in ("glossary.csv", "glossary.xlsx", "glossary.tbx", "inconsistent.csv",
                 "glossary.json", "userdict.txt"):
        assert (outdir / name).is_file(), name
        assert str(outdir / name) in result.stdout, name  # the summary names what it wrote
    assert re.match(r"\d+ entries \(\d+ terms, \d+ names, \d+ units\)", result.stdout)
    meta = json.loads((outdir / "glossary.json").read_text("utf-8"))
    assert meta["signature"].startswith("zhen-0.1.0|enc:test|glossary:jieba")
    user_dict = (outdir / "userdict.txt").read_text("utf-8")
    assert "碳中和 " in user_dict
    # Every line is jieba's 'word freq tag' (jieba.load_userdict has no comment lines).
    assert all(re.fullmatch(r"\S+ \d+ [a-z]+", line) for line in user_dict.splitlines())


def test_glossary_json_and_chosen_outputs(app: typer.Typer, outdir: Path) -> None:
    target = outdir / "sub" / "terms.tbx"
    result = runner.invoke(app, ["glossary", str(outdir), "-o", str(target), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any(e["zh"] == "碳中和" and e["en"] == "carbon neutrality" for e in data["glossary"])
    assert target.is_file() and not (outdir / "glossary.csv").exists()


def test_user_dictionary_goes_into_the_signature(app: typer.Typer, outdir: Path) -> None:
    words = outdir / "words.txt"
    words.write_text("# domain words\n光伏发电 5 nz\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", str(outdir), "--user-dict", str(words), "--json"])
    assert result.exit_code == 0, result.output
    plain = runner.invoke(app, ["glossary", str(outdir), "--json"])
    assert json.loads(result.stdout)["signature"] != json.loads(plain.stdout)["signature"]


@pytest.mark.parametrize("args, message", [
    (["glossary", "{tmp}"], "is not a folder written by 'zhen run'"),
    (["glossary", "{tmp}/missing"], "no such folder"),
    (["glossary", "{out}", "-o", "{tmp}/g.docx"], "unknown output format"),
    (["check", "{out}", "--glossary", "{tmp}/missing.csv"], "no such file"),
])
def test_errors_are_one_line_and_exit_1(app: typer.Typer, outdir: Path, tmp_path_factory,
                                        args: list[str], message: str) -> None:
    tmp = tmp_path_factory.mktemp("empty")
    argv = [a.format(tmp=tmp, out=outdir) for a in args]
    result = runner.invoke(app, argv)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert not list(tmp.glob("*.docx"))


def test_user_dictionary_with_a_bad_line(app: typer.Typer, outdir: Path) -> None:
    words = outdir / "words.txt"
    words.write_text("光伏发电\n光伏 发电 很多\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", str(outdir), "--user-dict", str(words)])
    assert result.exit_code == 1 and "words.txt:2: not a user-dictionary line" in result.output


def test_check_reports_mismatches(app: typer.Typer, outdir: Path) -> None:
    approved = outdir / "approved.csv"
    approved.write_text("zh,en\n碳中和,carbon neutrality\n光伏发电,photovoltaic power "
                        "generation\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(outdir), "--glossary", str(approved)])
    assert result.exit_code == 0, result.output
    assert "2 key term mismatches" in result.stdout  # the two "net zero" pairs
    assert (outdir / "check.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with (outdir / "check.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["result"] for r in rows] == ["mismatch"] * 2 + ["ok"] * 7
    assert "9 rows, 2 of the terms in 7 pairs" in result.stdout
    assert "7 rendered as approved" in result.stdout
    as_json = runner.invoke(app, ["check", str(outdir), "-g", str(approved), "--json",
                                  "-o", str(outdir / "m.csv")])
    data = json.loads(as_json.stdout)
    assert data["mismatches"] == 2 and data["ok"] == 7 and data["rows"] == 9
    assert {m["en_text"] for m in data["results"] if m["result"] == "mismatch"} == {
        "Weiqiao Group has pledged net zero.",
        "Net zero by 2050, with photovoltaic power generation capacity doubled."}


def test_check_with_bad_glossary_header(app: typer.Typer, outdir: Path) -> None:
    approved = outdir / "approved.csv"
    approved.write_text("source-term;target-term\n碳中和;net zero\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(outdir), "--glossary", str(approved)])
    assert result.exit_code == 1
    assert "approved.csv:1: the header" in result.output
    assert not (outdir / "check.csv").exists()
