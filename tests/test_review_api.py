"""The review server's API through Starlette's test client: every edit, every refusal
(Host, token, method, body), conflicts between two tabs, exports into the run folder, and
corpus text with markup that comes back exactly as it was."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from align.core.beads import Bead
from align.core.edits import EDITS, read_edits
from align.core.manifest import read_manifest
from align.core.outdir import FileOutputs
from align.core.records import Case, CasePair, Document, Paragraph, Run
from align.core.text import tm_spacing
from align.exports.memory import REVIEWED_PROP
from align.exports.tmx import read_tmx
from align.job.report import write_run
from glossary.formats.approved import read_approved
from glossary.formats.jsonfile import write_json
from glossary.terms import Glossary, Occurrence, Rendering, TermEntry
from zhen.review.state import ReviewState
from zhen.review.web import TOKEN_HEADER, create_app

PORT = 8765
TOKEN = "test-token"
MARKUP = "<script>alert('x')</script> & \"quoted\" <img src=x onerror=alert(1)>"


def _case(doc: str, lang: str, texts: list[str]) -> Case:
    return Case(doc, lang, 1, texts[0],  # type: ignore[arg-type]
                tuple(Paragraph(t, (2 * k + 1,), k == 0, t) for k, t in enumerate(texts)))


def make_folder(folder: Path, zh_texts: list[str] | None = None,
                en_texts: list[str] | None = None) -> Path:
    """A run folder of one case pair with the beads [0]:[0] [1]:[1,2] [2]:[] [3]:[3]
    []:[4] [4]:[5], and a glossary of three entries."""
    zh = _case("zh-ed", "zh", zh_texts or ["碳中和标题", "第一段碳中和", "只有中文 " + MARKUP,
                                           "第三段光伏", "第四段"])
    en = _case("en-ed", "en", en_texts or ["Carbon neutrality title", "First, part one",
                                           "first, part two", "Third PV", "English only",
                                           "Fourth " + MARKUP])
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1, 2), 0.45), Bead((2,), (), 0.6),
             Bead((3,), (3,), 0.8), Bead((), (4,), 0.5), Bead((4,), (5,), 0.3))
    lone = _case("en-ed", "en", ["A case of its own"])
    lone = Case("en-ed", "en", 2, lone.title, lone.paragraphs)
    run = Run("zhen-test", (Document("zh-ed", "zh.txt", "zh", (zh,)),
                            Document("en-ed", "en.txt", "en", (en, lone))),
              (CasePair(zh, en, 0.9, beads),))
    out = write_run(run, folder, tmx=False)
    pair = run.pairs[0].id
    entries = (
        TermEntry("碳中和", "carbon neutrality", (Rendering("carbon neutrality", 2, (1,)),
                                                  Rendering("net zero", 1, (1,))),
                  2, (1,), "term", 0.9, "inconsistent",
                  occurrences=(Occurrence(pair, 1, (0,), (0,), "carbon neutrality"),
                               Occurrence(pair, 1, (1,), (1, 2), ""))),
        TermEntry("光伏", "PV", (Rendering("PV", 1, (1,)),), 1, (1,), "term", 0.8, "consistent",
                  occurrences=(Occurrence(pair, 1, (3,), (3,), "PV"),)),
        TermEntry("<脚本>", MARKUP, (Rendering(MARKUP, 1, (1,)),), 1, (1,), "name", 0.5,
                  "consistent"))
    with FileOutputs([out / "glossary.json"]) as claim:  # as zhen glossary writes it
        write_json(Glossary(entries, "zhen-test|glossary"), claim.path(out / "glossary.json"))
    return out


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "out")


def client_for(folder: Path) -> TestClient:
    """A test client of a fresh server over ``folder`` (a new tab, or a restarted server)."""
    app = create_app(ReviewState(folder), PORT, TOKEN)
    return TestClient(app, base_url=f"http://127.0.0.1:{PORT}")


@pytest.fixture()
def client(folder: Path) -> TestClient:
    return client_for(folder)


def post(client: TestClient, path: str, body: object, token: str | None = TOKEN):
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers[TOKEN_HEADER] = token
    return client.post(path, content=json.dumps(body), headers=headers)


def beads(client: TestClient) -> list[dict]:
    return client.get("/api/pairs/1").json()["beads"]


def shape(view_beads: list[dict]) -> list[str]:
    """Each bead as ``[ids]:[ids]``, ``*`` when reviewed, then its kind unless plain."""
    return [f"[{','.join(map(str, b['ref']['zh']))}]:[{','.join(map(str, b['ref']['en']))}]"
            + ("*" if b["reviewed"] else "")
            + ("" if b["kind"] in ("match", "missing") else f" {b['kind']}")
            for b in view_beads]


def edit(client: TestClient, op: str, *ks: int, **extra: object):
    bs = beads(client)
    pair = client.get("/api/pairs/1").json()["id"]
    return post(client, "/api/edits", {"op": op, "pair": pair,
                                       "beads": [bs[k]["ref"] for k in ks], **extra})


# -- the page and its guards ----------------------------------------------------------------

def test_the_page_embeds_the_token_and_forbids_inline_scripts(client):
    page = client.get("/")
    assert page.status_code == 200
    assert f'<meta name="zhen-token" content="{TOKEN}">' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'none'" in csp and page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/..%2Fstate.py").status_code == 404
    assert client.get("/static/index.html").status_code == 404


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}",
                                  "127.0.0.1", f"localhost.evil.example:{PORT}", ""])
def test_a_host_other_than_loopback_with_the_port_is_refused(client, host):
    for path in ("/", "/api/overview"):
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 421, host
        assert "refused" in response.json()["error"]
    assert post(client, "/api/edits", {}, TOKEN).status_code == 400  # the right host passes
    response = client.post("/api/edits", content="{}", headers={
        "Host": host, "Content-Type": "application/json", TOKEN_HEADER: TOKEN})
    assert response.status_code == 421


def test_localhost_with_the_port_is_served(client):
    assert client.get("/", headers={"Host": f"localhost:{PORT}"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/edits", "/api/export"])
def test_a_change_without_the_token_is_forbidden_and_nothing_is_written(client, folder, path):
    body = {"what": "tmx"} if path.endswith("export") else {
        "op": "mark", "pair": "zh-ed#01~en-ed#01", "beads": [beads(client)[2]["ref"]],
        "mark": "furniture"}
    for token in (None, "", "wrong", TOKEN + "x"):
        response = post(client, path, body, token)
        assert response.status_code == 403, token
        assert "token" in response.json()["error"]
    assert not (folder / EDITS).exists() and not (folder / "zhen.tmx").exists()
    assert post(client, path, body).status_code == 200


def test_changes_are_posts_with_a_json_body(client, folder):
    assert client.get("/api/edits").status_code == 405
    assert client.put("/api/edits", content="{}", headers={TOKEN_HEADER: TOKEN}).status_code == 405
    assert client.get("/api/export").status_code == 405
    form = client.post("/api/edits", content="op=merge", headers={
        TOKEN_HEADER: TOKEN, "Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    bad = client.post("/api/edits", content="{not json", headers={
        TOKEN_HEADER: TOKEN, "Content-Type": "application/json"})
    assert bad.status_code == 400
    huge = post(client, "/api/edits", {"op": "merge", "pad": "x" * 100_000})
    assert huge.status_code == 413
    assert not (folder / EDITS).exists()


@pytest.mark.parametrize("body, message", [
    ({"op": "delete"}, "unknown op"),
    ([1, 2], "not a JSON object"),
    ({"op": "merge", "pair": "zh-ed#01~en-ed#01", "beads": []}, "one or two beads"),
    ({"op": "merge", "pair": "zh-ed#01~en-ed#01", "beads": [{"zh": "0"}]}, "not a list of beads"),
    ({"op": "mark", "pair": "zh-ed#01~en-ed#01", "beads": [], "mark": "gone"}, "one or two"),
    ({"op": "approve", "term": 3, "was": ""}, "needs 'term' and 'was'"),
    ({"op": "render", "term": "光伏", "was": ""}, "needs a 'rendering'"),
])
def test_requests_that_are_not_edits_are_refused(client, folder, body, message):
    response = post(client, "/api/edits", body)
    assert response.status_code == 400 and message in response.json()["error"]
    assert not (folder / EDITS).exists()


def test_unknown_pairs_terms_and_filters(client):
    assert client.get("/api/pairs/2").status_code == 404
    assert client.get("/api/pairs/x").status_code == 404
    assert client.get("/api/term", params={"zh": "不存在"}).status_code == 404
    assert client.get("/api/glossary", params={"filter": "nope"}).status_code == 400
    assert client.get("/api/glossary", params={"offset": "x"}).status_code == 400


# -- views ------------------------------------------------------------------------------------

def test_the_overview_counts_work_per_pair_and_lists_unpaired_cases(client):
    data = client.get("/api/overview").json()
    (pair,) = data["pairs"]
    assert (pair["beads"], pair["low"], pair["untranslated"], pair["moved"], pair["edited"]) \
        == (6, 2, 2, 0, 0)
    assert data["unpaired"] == [{"doc": "en-ed", "lang": "en", "path": "en.txt", "cases": [
        {"case": 2, "title": "A case of its own", "lang": "en", "paragraphs": 1}]}]
    assert data["glossary"] and data["problems"] == [] and data["edits"] == 0


def test_the_pair_view_has_ids_lines_scores_and_texts(client):
    b = beads(client)
    assert shape(b) == ["[0]:[0]", "[1]:[1,2]", "[2]:[]", "[3]:[3]", "[]:[4]", "[4]:[5]"]
    assert b[1]["en"][1] == {"id": 2, "text": "first, part two", "lines": [5], "heading": False}
    assert b[5]["score"] == 0.3 and b[2]["zh"][0]["text"] == "只有中文 " + MARKUP


def test_the_glossary_pages_filters_and_searches(client):
    page = client.get("/api/glossary").json()
    assert page["total"] == 3 and [e["zh"] for e in page["entries"]] == ["碳中和", "光伏", "<脚本>"]
    assert client.get("/api/glossary", params={"filter": "inconsistent"}).json()["total"] == 1
    found = client.get("/api/glossary", params={"q": "net zero"}).json()["entries"]
    assert [e["zh"] for e in found] == ["碳中和"]
    second = client.get("/api/glossary", params={"offset": 1, "limit": 1}).json()
    assert second["total"] == 3 and [e["zh"] for e in second["entries"]] == ["光伏"]
    term = client.get("/api/term", params={"zh": "碳中和"}).json()
    assert [o["en"] for o in term["occurrences"]] == ["Carbon neutrality title",
                                                      "First, part one\nfirst, part two"]
    assert term["occurrences"][0]["pair"] == 1


def test_a_traditional_editions_terms_are_shown_and_found_as_written(folder):
    from glossary.reviewed import read_reviewed

    gloss = folder / "glossary.json"
    entry = TermEntry("零碳工厂", "zero-carbon plant", (Rendering("zero-carbon plant", 1, (1,)),),
                      1, (1,), "term", 0.9, "consistent", written="零碳工廠")
    with FileOutputs([gloss], force=True) as claim:
        write_json(Glossary((entry,), "zhen-test|glossary", "zh-TW"), claim.path(gloss))
    page = client_for(folder).get("/api/glossary", params={"q": "工廠"}).json()
    assert [(e["zh"], e["written"]) for e in page["entries"]] == [("零碳工厂", "零碳工廠")]
    # The approved glossary keeps the edition's language tag.
    assert read_reviewed(folder).approved().zh_lang == "zh-TW"


# -- every edit --------------------------------------------------------------------------------

def test_every_bead_edit_is_logged_and_survives_a_restart(client, folder):
    steps = [
        (("merge", 0, 1), {}, ["[0,1]:[0,1,2]*", "[2]:[]", "[3]:[3]", "[]:[4]", "[4]:[5]"]),
        (("split", 0), {}, ["[0]:[0]*", "[1]:[1,2]*", "[2]:[]", "[3]:[3]", "[]:[4]", "[4]:[5]"]),
        (("unlink", 3), {}, ["[0]:[0]*", "[1]:[1,2]*", "[2]:[]", "[3]:[]*", "[]:[3]*", "[]:[4]",
                             "[4]:[5]"]),
        (("link", 2, 5), {}, ["[0]:[0]*", "[1]:[1,2]*", "[2]:[4]* moved", "[3]:[]*", "[]:[3]*",
                              "[4]:[5]"]),
        (("mark", 3), {"mark": "furniture"}, None),
        (("mark", 4), {"mark": "missing"}, None),
        (("mark", 5), {"mark": "checked"}, ["[0]:[0]*", "[1]:[1,2]*", "[2]:[4]* moved",
                                            "[3]:[]* furniture", "[]:[3]*", "[4]:[5]*"]),
    ]
    for (op, *ks), extra, expected in steps:
        response = edit(client, op, *ks, **extra)
        assert response.status_code == 200, response.json()
        if expected:
            assert shape(response.json()["pair"]["beads"]) == expected
    log = read_edits(folder)
    assert [e.op for e in log.edits] == ["merge", "split", "unlink", "link", "mark", "mark", "mark"]
    assert EDITS in (read_manifest(folder) or {})
    # A restarted server (or a reloaded page) shows the same.
    again = client_for(folder)
    assert shape(beads(again)) == shape(beads(client))
    overview = again.get("/api/overview").json()["pairs"][0]
    assert (overview["moved"], overview["untranslated"], overview["edited"]) == (1, 1, 11)


def test_an_edit_that_makes_no_sense_is_refused(client, folder):
    response = edit(client, "split", 0)
    assert response.status_code == 422 and "not merged" in response.json()["error"]
    response = edit(client, "mark", 0, mark="furniture")
    assert response.status_code == 422 and "only a one-sided bead" in response.json()["error"]
    assert not (folder / EDITS).exists()


def test_every_term_edit_is_logged_and_survives_a_restart(client, folder):
    def term_edit(op: str, zh: str, **extra: object):
        state = client.get("/api/term", params={"zh": zh}).json()["state"]
        response = post(client, "/api/edits", {"op": op, "term": zh, "was": state, **extra})
        assert response.status_code == 200, response.json()
        return response.json()["entry"]

    assert term_edit("forbid", "碳中和", rendering="net zero")["forbidden"] == ["net zero"]
    assert term_edit("approve", "碳中和")["review"] == "approved"
    assert term_edit("render", "光伏", rendering="photovoltaics")["en"] == "photovoltaics"
    assert term_edit("approve", "光伏")["review"] == "approved"
    assert term_edit("reject", "<脚本>")["review"] == "rejected"
    again = client_for(folder)
    entries = again.get("/api/glossary").json()["entries"]
    assert [(e["zh"], e["en"], e["review"]) for e in entries] == [
        ("碳中和", "carbon neutrality", "approved"), ("光伏", "photovoltaics", "approved"),
        ("<脚本>", MARKUP, "rejected")]
    assert again.get("/api/glossary", params={"filter": "approved"}).json()["total"] == 2


def test_two_tabs_editing_the_same_bead_the_second_gets_a_conflict(folder):
    first, second = client_for(folder), client_for(folder)
    seen = beads(second)  # the second tab read the pair before the first one edited it
    assert edit(first, "merge", 0, 1).status_code == 200
    response = post(second, "/api/edits", {"op": "split", "pair": "zh-ed#01~en-ed#01",
                                           "beads": [seen[1]["ref"]]})
    assert response.status_code == 409 and "no longer exists" in response.json()["error"]
    response = post(second, "/api/edits", {"op": "mark", "pair": "zh-ed#01~en-ed#01",
                                           "beads": [seen[0]["ref"]], "mark": "checked"})
    assert response.status_code == 409
    # Nothing is lost: the first tab's merge is in the log, and both tabs see it now.
    assert [e.op for e in read_edits(folder).edits] == ["merge"]
    assert shape(beads(second))[0] == shape(beads(first))[0] == "[0,1]:[0,1,2]*"


def test_two_tabs_editing_the_same_term_the_second_gets_a_conflict(folder):
    first, second = client_for(folder), client_for(folder)
    state = second.get("/api/term", params={"zh": "光伏"}).json()["state"]
    assert post(first, "/api/edits", {"op": "approve", "term": "光伏", "was": state}
                ).status_code == 200
    response = post(second, "/api/edits", {"op": "reject", "term": "光伏", "was": state})
    assert response.status_code == 409 and "changed since" in response.json()["error"]
    assert [e.op for e in read_edits(folder).edits] == ["approve"]


def test_a_damaged_log_is_reported_and_the_rest_applied(client, folder):
    assert edit(client, "mark", 2, mark="furniture").status_code == 200
    with open(folder / EDITS, "a", encoding="utf-8") as f:
        f.write('{"op": "merge", "cut here\n')
    overview = client_for(folder).get("/api/overview").json()
    assert overview["edits"] == 1
    assert len(overview["problems"]) == 1 and ":2: is not an edit" in overview["problems"][0]
    assert shape(beads(client_for(folder)))[2] == "[2]:[]* furniture"


# -- exports ---------------------------------------------------------------------------------

def test_exports_write_the_reviewed_state_into_the_run_folder(client, folder):
    assert edit(client, "merge", 0, 1).status_code == 200
    assert edit(client, "mark", 1, mark="furniture").status_code == 200
    assert edit(client, "mark", 3, mark="missing").status_code == 200  # []:[4], confirmed
    state = client.get("/api/term", params={"zh": "碳中和"}).json()["state"]
    assert post(client, "/api/edits", {"op": "approve", "term": "碳中和", "was": state}
                ).status_code == 200
    response = post(client, "/api/export", {"what": "tmx"})
    assert response.json() == {"written": ["zhen.tmx"], "count": 3}
    units = read_tmx(folder / "zhen.tmx")
    assert units[0].zh == "碳中和标题\n第一段碳中和" and units[0].prop(REVIEWED_PROP) == "yes"
    assert post(client, "/api/export", {"what": "missing"}).status_code == 200
    missing = (folder / "missing.csv").read_text("utf-8")
    assert "English only" in missing and "只有中文" not in missing  # furniture left out
    rows = {r["text"]: r for r in csv.DictReader(missing.lstrip("\ufeff").splitlines())}
    assert rows["English only"]["reviewed"] == "yes"  # the reviewer confirmed it
    assert post(client, "/api/export", {"what": "glossary"}).json()["written"] == \
        ["approved.tbx", "approved.csv"]
    for name in ("approved.tbx", "approved.csv"):
        assert [(t.zh, t.renderings) for t in read_approved(folder / name).terms] == \
            [("碳中和", ("carbon neutrality", "net zero"))]
    manifest = read_manifest(folder) or {}
    assert {"zhen.tmx", "missing.csv", "approved.tbx", "approved.csv"} <= set(manifest)


def test_exports_never_replace_a_file_zhen_did_not_write(client, folder):
    (folder / "approved.csv").write_text("zh,en\n我的,mine\n", "utf-8")
    state = client.get("/api/term", params={"zh": "光伏"}).json()["state"]
    post(client, "/api/edits", {"op": "approve", "term": "光伏", "was": state})
    response = post(client, "/api/export", {"what": "glossary"})
    assert response.status_code == 409 and "zhen did not write it" in response.json()["error"]
    assert (folder / "approved.csv").read_text("utf-8") == "zh,en\n我的,mine\n"
    assert not (folder / "approved.tbx").exists()
    assert post(client, "/api/export", {"what": "../../etc/passwd"}).status_code == 400
    assert post(client, "/api/export", {"path": "/tmp/x.tmx"}).status_code == 400
    assert not list(folder.glob(".*zhen-tmp*"))


def test_an_approved_glossary_needs_an_approved_term(client, folder):
    response = post(client, "/api/export", {"what": "glossary"})
    assert response.status_code == 400 and "approve terms first" in response.json()["error"]


# -- markup in the corpus ----------------------------------------------------------------------

_markup = st.text(alphabet=st.sampled_from(list("<>&\"'/= 碳中和scriptimgonerroralert();\\")),
                  min_size=1, max_size=40).map(lambda s: s.strip() or "<")


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zh=_markup, en=st.one_of(_markup, st.just("</script><script>alert(1)</script>")))
def test_markup_in_the_corpus_comes_back_exactly_and_never_into_the_page(tmp_path_factory, zh, en):
    folder = make_folder(tmp_path_factory.mktemp("m") / "out",
                         ["标题", zh, "只有中文", "第三段", "第四段"],
                         ["Title", en, "part two", "Third", "English only", "Fourth"])
    client = client_for(folder)
    b = beads(client)
    assert b[1]["zh"][0]["text"] == zh and b[1]["en"][0]["text"] == en
    # The page is static: the corpus reaches it only as JSON data, whatever it holds.
    static = Path(__file__).parent.parent / "zhen" / "review" / "static" / "index.html"
    assert client.get("/").text == static.read_text("utf-8").replace("{{TOKEN}}", TOKEN)
    assert client.get("/api/pairs/1").headers["content-type"] == "application/json"
    # An edit on a bead holding such text works, and the TMX holds the text as it was
    # (apart from the memory's rule on spaces between Chinese and Latin letters).
    assert edit(client, "merge", 1, 2).status_code == 200
    assert post(client, "/api/export", {"what": "tmx"}).status_code == 200
    unit = next(u for u in read_tmx(folder / "zhen.tmx") if u.prop(REVIEWED_PROP))
    assert unit.zh == tm_spacing(f"{zh}\n只有中文") and unit.en == f"{en}\npart two"


def test_the_page_script_writes_corpus_text_as_text_only():
    """The page's script never turns data into markup: no innerHTML, outerHTML,
    insertAdjacentHTML, document.write or eval anywhere in it."""
    script = (Path(__file__).parent.parent / "zhen" / "review" / "static" / "app.js").read_text()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|"
                         r"new Function", script)


def test_a_new_result_written_under_a_running_server_is_read_before_the_next_edit(client, folder):
    assert edit(client, "merge", 0, 1).status_code == 200
    seen = beads(client)
    # zhen run writes a new result into the folder (the English title rewritten): the
    # log is carried over, the merge no longer applies, and the server notices both.
    make_folder(folder, en_texts=["Carbon neutrality, the title", "First, part one",
                                  "first, part two", "Third PV", "English only", "Fourth"])
    assert [e.op for e in read_edits(folder).edits] == ["merge"]
    overview = client.get("/api/overview").json()
    assert len(overview["problems"]) == 1 and "no longer applies" in overview["problems"][0]
    assert shape(beads(client))[:2] == ["[0]:[0]", "[1]:[1,2]"]
    response = post(client, "/api/edits", {"op": "split", "pair": "zh-ed#01~en-ed#01",
                                           "beads": [seen[0]["ref"]]})
    assert response.status_code == 409
