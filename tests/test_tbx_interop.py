"""The glossary files as other tools read them: translate-toolkit's TBX reader and
tbx2po, and OmegaT's own glossary loader (run on an OmegaT project whose glossary folder
holds zhen's files; skipped where OmegaT or a JDK is not installed)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from align.core.records import run_from_pairs
from align.job.report import write_run
from glossary.formats.export import write_glossary
from glossary.pairs import make_pair
from glossary.terms import Glossary, Rendering, TermEntry
from zhen.app import app

UNTRANSLATED = TermEntry("三大", "", (), 4, (3,), "term", 0.4, "untranslated", "…三大…")
GLOSSARY = Glossary((
    TermEntry("碳中和", "carbon neutrality", (Rendering("carbon neutrality", 40, (1, 4)),
                                             Rendering("net zero", 2, (2,))),
              42, (1, 2, 4), "term", 0.9, "inconsistent", "…实现碳中和…",
              "…achieve carbon neutrality…"),
    TermEntry("光伏治沙", "PV <sand> control & more",
              (Rendering("PV <sand> control & more", 3, (5,)),), 3, (5,), "term", 0.8,
              "consistent", "光伏治沙", 'say "PV" & <b>sand</b>'),
    TermEntry("魏桥", "Weiqiao", (Rendering("Weiqiao", 5, (2, 3)),), 5, (2, 3), "name", 0.95,
              "consistent"),
    UNTRANSLATED,
), "zhen-0.1.0|enc:test|glossary:jieba-0.42.1:abcd1234")

#: (zh, en) of every term pair as OmegaT lists them: the untranslated entry, which has no
#: English term, with an empty target.
PAIRS = [("碳中和", "carbon neutrality"), ("碳中和", "net zero"),
         ("光伏治沙", "PV <sand> control & more"), ("魏桥", "Weiqiao"), ("三大", "")]


# -- translate-toolkit --------------------------------------------------------------------

def test_translate_toolkit_reads_the_tbx(tmp_path: Path) -> None:
    from translate.storage.tbx import tbxfile

    path = write_glossary(GLOSSARY, tmp_path / "glossary.tbx")
    store = tbxfile.parsefile(str(path))
    store.setsourcelanguage("zh")
    store.settargetlanguage("en")
    units = store.units
    assert [u.source for u in units] == [e.zh for e in GLOSSARY.entries]
    assert [u.target for u in units] == ["carbon neutrality", "PV <sand> control & more",
                                         "Weiqiao", None]  # no English term: no target
    terms = [(t.text, t.administrative_status) for t in units[0].get_target_terms()]
    assert terms == [("carbon neutrality", "preferredTerm-admn-sts"),
                     ("net zero", "admittedTerm-admn-sts")]
    assert "status: inconsistent" in units[0].getnotes()
    assert "untranslated" in units[3].getnotes() and not units[3].istranslated()


def test_tbx2po_converts_every_translated_term(tmp_path: Path) -> None:
    from translate.convert.tbx2po import converttbx
    from translate.storage.po import pofile

    path = write_glossary(GLOSSARY, tmp_path / "glossary.tbx")
    out = io.BytesIO()
    with path.open("rb") as f:
        assert converttbx(f, out, None, sourcelanguage="zh", targetlanguage="en") == 1
    po = pofile(io.BytesIO(out.getvalue()))
    got = [(u.source, u.target) for u in po.units if not u.isheader()]
    assert got == [("碳中和", "carbon neutrality"), ("光伏治沙", "PV <sand> control & more"),
                   ("魏桥", "Weiqiao"), ("三大", "")]


# -- OmegaT -------------------------------------------------------------------------------

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
LOADER = ROOT / "tests" / "omegat" / "GlossaryLoad.java"

needs_omegat = pytest.mark.skipif(
    not OMEGAT_JAR.is_file() or shutil.which("javac") is None,
    reason="OmegaT (Debian package omegat) and a JDK (default-jdk-headless) are not installed")

_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _unescape(field: str) -> str:
    out, chars = [], iter(field)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append({"t": "\t", "n": "\n"}.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def omegat_glossaries(files: list[Path], tmp_path: Path) -> dict[str, list[tuple[str, ...]]]:
    """``file name → [(source, target, comment)…]`` as OmegaT loads the glossary files
    ``files`` in a zh-CN → en-US project; fails with OmegaT's message if it refuses one."""
    project = tmp_path / "omegat-project"
    for sub in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(_PROJECT, "utf-8")
    for f in files:
        shutil.copy(f, project / "glossary" / f.name)
    # user.home points OmegaT's configuration and logs (~/.omegat) into the test's folder.
    proc = subprocess.run(["java", "-Djava.awt.headless=true", f"-Duser.home={tmp_path}",
                           "-cp", str(OMEGAT_JAR), str(LOADER), str(project)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          cwd=tmp_path)
    errors = [line for line in proc.stdout.splitlines() if line.startswith("ERROR\t")]
    assert proc.returncode == 0 and not errors, (errors, proc.stderr[-2000:])
    loaded: dict[str, list[tuple[str, ...]]] = {f.name: [] for f in files}
    for line in proc.stdout.splitlines():
        if line.startswith("ENTRY\t"):
            name, *fields = line.split("\t")[1:]
            loaded[name].append(tuple(_unescape(x) for x in fields))
    return loaded


@needs_omegat
def test_omegat_loads_the_tbx_and_the_csv(tmp_path: Path) -> None:
    tbx = write_glossary(GLOSSARY, tmp_path / "glossary.tbx")
    csv = write_glossary(GLOSSARY, tmp_path / "glossary.csv")
    loaded = omegat_glossaries([tbx, csv], tmp_path)
    # TBX: one OmegaT entry per Chinese term and English term; the context and the
    # notes show as the entry's comment.
    assert [(s, t) for s, t, _ in loaded["glossary.tbx"]] == PAIRS
    comment = loaded["glossary.tbx"][0][2]
    assert "context: …实现碳中和…" in comment and "preferredTerm-admn-sts" in comment
    assert "untranslated: the English edition leaves this term out" in \
        loaded["glossary.tbx"][-1][2]
    # CSV: OmegaT reads the first two columns as source and target and the third
    # (variants) as the comment; it takes the header row for an entry and lists the
    # untranslated term with an empty target (see the README).
    csv_entries = loaded["glossary.csv"]
    assert csv_entries[0][:2] == ("zh", "en")
    assert [(s, t) for s, t, _ in csv_entries[1:]] == [
        ("碳中和", "carbon neutrality"), ("光伏治沙", "PV <sand> control & more"),
        ("魏桥", "Weiqiao"), ("三大", "")]
    assert csv_entries[1][2] == "net zero (2)"


@needs_omegat
def test_omegat_refuses_tbx_v3(tmp_path: Path) -> None:
    # Why the default is TBX v2: OmegaT's reader only knows <martif>.
    v3 = write_glossary(GLOSSARY, tmp_path / "v3.tbx", tbx_version=3)
    with pytest.raises(AssertionError, match="UnmarshalException"):
        omegat_glossaries([v3], tmp_path)


@needs_omegat
def test_omegat_loads_what_zhen_glossary_writes(tmp_path: Path) -> None:
    from test_glossary import MADE

    pairs = [make_pair(f"z#{i // 3 + 1:02d}~e#{i // 3 + 1:02d}", i // 3 + 1, [i % 3],
                       [i % 3] if en else [], zh, en, 0.9) for i, (zh, en) in enumerate(MADE)]
    out = tmp_path / "out"
    write_run(run_from_pairs(pairs, "zhen-0.1.0|enc:test"), out)
    result = CliRunner().invoke(app, ["glossary", str(out)])
    assert result.exit_code == 0, result.output
    from glossary.formats.jsonfile import read_json

    glossary = read_json(out / "glossary.json")
    loaded = omegat_glossaries([out / "glossary.tbx"], tmp_path)
    expected = [(e.zh, r.text) for e in glossary.entries for r in e.renderings or
                [Rendering("", 0, ())]]
    assert [(s, t) for s, t, _ in loaded["glossary.tbx"]] == expected
    assert ("碳中和", "net zero") in expected
