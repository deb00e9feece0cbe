// zhen review: the page. Every text from the corpus is written with textContent (via el()
// and Node.append of strings), never as markup; the per-server token travels in a header.
"use strict";

const TOKEN = document.querySelector('meta[name="zhen-token"]').content;
const main = document.getElementById("main");
const keysPanel = document.getElementById("keys");
const statusBar = document.getElementById("status");
const view = { name: "", pair: null, sel: 0, linkFrom: null, search: "", overview: null,
               glossary: null, gsel: 0, term: null, sort: ["n", 1], filter: "", workOnly: false };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));  // strings become text nodes
  }
  return node;
}

// Replaces the main area with children (null ones left out).
function show(...children) {
  main.replaceChildren(el("div", { class: "view" }, ...children));
}

function say(message, kind) {
  statusBar.textContent = message || "";
  statusBar.className = kind || "";
}

async function api(path, options) {
  const response = await fetch(path, options);
  let data;
  try { data = await response.json(); } catch (e) { data = { error: response.statusText }; }
  if (!response.ok) {
    const error = new Error(data.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return data;
}

function post(path, body) {
  return api(path, { method: "POST", body: JSON.stringify(body),
                     headers: { "Content-Type": "application/json", "X-Zhen-Token": TOKEN } });
}

// A text with every occurrence of needle marked (case-folded when fold).
function marked(text, needle, fold) {
  const out = document.createDocumentFragment();
  if (!needle) { out.append(text); return out; }
  const hay = fold ? text.toLowerCase() : text;
  const want = fold ? needle.toLowerCase() : needle;
  let from = 0;
  for (let at = hay.indexOf(want); at >= 0 && want.length; at = hay.indexOf(want, from)) {
    out.append(text.slice(from, at), el("mark", {}, text.slice(at, at + want.length)));
    from = at + want.length;
  }
  out.append(text.slice(from));
  return out;
}

function showKeys(title, rows) {
  keysPanel.replaceChildren(el("h2", {}, title), el("dl", {},
    rows.map(([keys, what]) => [el("dt", {}, keys.split(" ").map(k => el("kbd", {}, k))),
                                el("dd", {}, what)])));
}

// -- routing ----------------------------------------------------------------------------
function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const pair = hash.match(/^\/pair\/(\d+)(?:\?b=(\d+))?$/);
  if (pair) return openPair(Number(pair[1]), pair[2] ? Number(pair[2]) : null);
  if (hash.startsWith("/glossary")) return openGlossary(new URLSearchParams(hash.split("?")[1] || ""));
  return openOverview();
}
window.addEventListener("hashchange", route);

function failed(error) {
  say(error.message, "error");
  if (!main.firstChild || main.textContent === "Loading…") show(el("p", {}, error.message));
}

// -- overview ---------------------------------------------------------------------------
const PAIR_COLUMNS = [["n", "#", true], ["zh", "Chinese case", false], ["en", "English case", false],
                      ["score", "score", true], ["beads", "beads", true], ["low", "low score", true],
                      ["untranslated", "untranslated", true], ["moved", "moved", true],
                      ["edited", "edited", true]];

async function openOverview() {
  view.name = "overview";
  showKeys("Overview", [["j ↓", "next pair"], ["k ↑", "previous pair"], ["Enter", "open the pair"],
                        ["/", "filter"], ["g", "glossary"]]);
  try { view.overview = await api("/api/overview"); } catch (e) { return failed(e); }
  document.getElementById("folder").textContent = view.overview.folder;
  renderOverview();
}

function sortValue(p, key) {
  if (key === "zh" || key === "en") return p[key].doc + "#" + String(p[key].case).padStart(3, "0");
  return p[key];
}

function renderOverview() {
  const data = view.overview;
  const [key, dir] = view.sort;
  const needle = view.filter.toLowerCase();
  const rows = data.pairs.filter(p => (!view.workOnly || p.low || p.untranslated) &&
    (!needle || (p.zh.title + " " + p.en.title + " " + p.id).toLowerCase().includes(needle)));
  rows.sort((a, b) => (sortValue(a, key) > sortValue(b, key) ? 1 : sortValue(a, key) < sortValue(b, key) ? -1 : 0) * dir);
  view.rows = rows;
  view.sel = Math.min(view.sel, Math.max(rows.length - 1, 0));
  const head = el("tr", {}, PAIR_COLUMNS.map(([k, label, num]) => el("th", {
    class: num ? "num" : "", onclick: () => { view.sort = [k, view.sort[0] === k ? -view.sort[1] : 1]; renderOverview(); }
  }, label, view.sort[0] === k ? (view.sort[1] > 0 ? " ▲" : " ▼") : "")));
  const body = el("tbody", {}, rows.map((p, i) => el("tr", {
    class: (i === view.sel ? "sel " : "") + (p.low || p.untranslated ? "work" : ""), "data-n": p.n,
    onclick: () => { location.hash = "#/pair/" + p.n; }
  }, el("td", { class: "num" }, p.n),
     el("td", {}, el("span", { class: "pid" }, p.zh.doc + "#" + p.zh.case + " "), p.zh.title),
     el("td", {}, el("span", { class: "pid" }, p.en.doc + "#" + p.en.case + " "), p.en.title),
     el("td", { class: "num" }, p.score.toFixed(3)), el("td", { class: "num" }, p.beads),
     ["low", "untranslated", "moved", "edited"].map(k => el("td", { class: "num" + (p[k] && k !== "edited" ? " hot" : "") }, p[k])))));
  const problems = data.problems.length ? el("div", { class: "problems" },
    el("strong", {}, data.problems.length + " edits or log lines could not be applied:"),
    el("ul", {}, data.problems.map(m => el("li", {}, m)))) : null;
  const unpaired = data.unpaired.map(d => el("section", {},
    el("h3", {}, d.doc + " (" + d.lang + ", " + d.path + "): " + d.cases.length + " cases missing a translation"),
    el("ul", {}, d.cases.map(c => el("li", {}, "#" + String(c.case).padStart(2, "0") + " " + c.title + " (" + c.paragraphs + " paragraphs)")))));
  const filter = el("input", { type: "search", id: "overview-filter", placeholder: "filter by title", value: view.filter,
                               oninput: e => { view.filter = e.target.value; renderOverview(); document.getElementById("overview-filter").focus(); } });
  const work = el("label", {}, el("input", { type: "checkbox", id: "work-only", checked: view.workOnly,
                                             onchange: e => { view.workOnly = e.target.checked; renderOverview(); } }),
                  " only pairs with low-score or untranslated beads");
  show(
    el("h1", {}, data.pairs.length + " case pairs"),
    el("p", {}, data.edits + " edits in the log. Signature: ", el("code", {}, data.signature)),
    problems, el("div", { class: "toolbar" }, filter, work),
    el("table", { id: "pairs" }, el("thead", {}, head), body),
    el("h2", {}, "Unpaired cases"), unpaired.length ? unpaired : el("p", {}, "Every case has a counterpart."));
  const filterBox = document.getElementById("overview-filter");
  filterBox.selectionStart = filterBox.selectionEnd = filterBox.value.length;
}

// -- pair view --------------------------------------------------------------------------
const PAIR_KEYS = [["j ↓", "next bead"], ["k ↑", "previous bead"], ["n", "next low-score bead"],
                   ["u", "next untranslated bead"], ["m", "merge with the next bead"],
                   ["s", "split a merged bead"], ["x", "unlink into 1:0 + 0:1"],
                   ["l", "link: press on a one-sided bead, then on the other side's"],
                   ["f", "mark furniture"], ["r", "mark really missing"], ["c", "mark checked"],
                   ["/", "search both languages"], ["Enter", "(in search) next match"],
                   ["Esc", "cancel link / search"], ["[ ]", "previous / next pair"],
                   ["o", "overview"], ["g", "glossary"]];

async function openPair(n, bead) {
  if (view.name !== "pair" || !view.pair || view.pair.n !== n) { view.sel = 0; view.linkFrom = null; }
  view.name = "pair";
  showKeys("Pair view", PAIR_KEYS);
  try { view.pair = await api("/api/pairs/" + n); } catch (e) { return failed(e); }
  if (bead !== null) view.sel = Math.min(bead, view.pair.beads.length - 1);
  renderPair();
}

function scoreClass(b) {
  if (b.kind !== "match") return "k-" + b.kind;
  return b.score >= 0.8 ? "s-high" : b.score >= view.pair.low ? "s-mid" : "s-low";
}

function beadText(b) {
  return b.zh.map(p => p.text).join("\n") + "\n" + b.en.map(p => p.text).join("\n");
}

function renderPair() {
  const data = view.pair;
  view.sel = Math.max(0, Math.min(view.sel, data.beads.length - 1));
  const q = view.search.trim();
  const side = (paras, lang) => paras.map(p => el("p", { class: "para" + (p.heading ? " heading" : ""), lang },
    el("span", { class: "pid" }, "¶" + p.id + " L" + p.lines.join(",")), marked(p.text, q, true)));
  const beads = data.beads.map((b, k) => {
    const hit = q && beadText(b).toLowerCase().includes(q.toLowerCase());
    return el("div", { class: "bead " + scoreClass(b) + (k === view.sel ? " sel" : "") + (view.linkFrom === k ? " linking" : "") +
                       (hit ? " match-search" : ""), id: "bead-" + k, "data-k": k, "data-kind": b.kind,
                       "data-ids": "[" + b.ref.zh.join(",") + "]:[" + b.ref.en.join(",") + "]",
                       onclick: () => { view.sel = k; renderPair(); } },
      el("div", { class: "zh" }, side(b.zh, "zh")),
      el("div", { class: "mid" }, el("div", { class: "score" }, b.score.toFixed(3)),
         el("div", {}, b.zh.length + ":" + b.en.length), b.kind !== "match" ? el("span", { class: "badge" }, b.kind) : null,
         b.reviewed ? el("span", { class: "badge rev", title: "reviewed" }, "✓ reviewed") : null),
      el("div", { class: "en" }, side(b.en, "en")));
  });
  const b = data.beads[view.sel];
  const act = (label, fn, enabled) => el("button", { type: "button", disabled: !enabled, onclick: fn }, label);
  const actions = b ? el("div", { class: "toolbar actions" },
    "Bead " + (view.sel + 1) + " of " + data.beads.length + ":",
    act("Merge with next (m)", () => edit("merge"), view.sel + 1 < data.beads.length),
    act("Split (s)", () => edit("split"), b.zh.length > 1 || b.en.length > 1),
    act("Unlink (x)", () => edit("unlink"), b.zh.length && b.en.length),
    act(view.linkFrom === null ? "Link… (l)" : "Link with marked (l)", () => link(), !(b.zh.length && b.en.length)),
    act("Furniture (f)", () => edit("mark", "furniture"), !(b.zh.length && b.en.length)),
    act("Really missing (r)", () => edit("mark", "missing"), !(b.zh.length && b.en.length)),
    act("Checked (c)", () => edit("mark", "checked"), true)) : null;
  const search = el("input", { type: "search", id: "pair-search", placeholder: "search 中文 or English", value: view.search,
    oninput: e => { view.search = e.target.value; renderPair(); const s = document.getElementById("pair-search"); s.focus(); s.selectionStart = s.selectionEnd = s.value.length; },
    onkeydown: e => { if (e.key === "Enter") { e.preventDefault(); jump(x => q && beadText(x).toLowerCase().includes(q.toLowerCase())); } } });
  show(
    el("div", { class: "toolbar" },
      el("a", { href: data.n > 1 ? "#/pair/" + (data.n - 1) : null }, "◀ previous pair"),
      el("strong", {}, "Pair " + data.n + " of " + data.count), el("a", { href: data.n < data.count ? "#/pair/" + (data.n + 1) : null }, "next pair ▶"),
      search),
    el("h1", { id: "pair-title" }, el("span", { lang: "zh" }, data.zh.title), " ↔ ", el("span", { lang: "en" }, data.en.title)),
    el("p", {}, data.zh.path + " #" + data.zh.case + " ↔ " + data.en.path + " #" + data.en.case + ", pairing score " + data.score.toFixed(3)),
    actions, el("div", { class: "beads", id: "beads" }, beads));
  const selected = document.getElementById("bead-" + view.sel);
  if (selected && selected.scrollIntoView) selected.scrollIntoView({ block: "nearest" });
}

function jump(test) {
  const beads = view.pair.beads;
  for (let step = 1; step <= beads.length; step++) {
    const k = (view.sel + step) % beads.length;
    if (test(beads[k])) { view.sel = k; renderPair(); return; }
  }
  say("no such bead in this pair");
}

async function send(body) {
  try {
    const result = await post("/api/edits", body);
    say("saved (" + body.op + (body.mark ? " " + body.mark : "") + ")", "ok");
    return result;
  } catch (error) {
    say(error.message + (error.status === 409 ? " (the page was reloaded)" : ""), "error");
    if (error.status === 409) route();
    return null;
  }
}

async function edit(op, mark) {
  const beads = view.pair.beads;
  const b = beads[view.sel];
  if (!b) return;
  const refs = op === "merge" ? [b.ref, (beads[view.sel + 1] || {}).ref] : [b.ref];
  if (refs.some(r => !r)) return say("there is no next bead", "error");
  const body = { op, pair: view.pair.id, beads: refs };
  if (mark) body.mark = mark;
  const result = await send(body);
  if (result) { view.pair = result.pair; view.linkFrom = null; renderPair(); }
}

async function link() {
  const beads = view.pair.beads;
  const b = beads[view.sel];
  if (!b || (b.zh.length && b.en.length)) return say("only a one-sided bead can be linked", "error");
  if (view.linkFrom === null || view.linkFrom === view.sel) {
    view.linkFrom = view.sel;
    renderPair();
    return say("marked for linking: go to a bead of the other language and press l (Esc cancels)");
  }
  const first = beads[view.linkFrom];
  const result = await send({ op: "link", pair: view.pair.id, beads: [first.ref, b.ref] });
  view.linkFrom = null;
  if (result) { view.pair = result.pair; renderPair(); }
}

// -- glossary view ----------------------------------------------------------------------
const FILTERS = ["all", "inconsistent", "untranslated", "unreviewed", "approved", "rejected"];
const GLOSSARY_KEYS = [["j ↓", "next entry"], ["k ↑", "previous entry"], ["a", "approve"], ["r", "reject"],
                       ["e", "edit the rendering"], ["1…9", "forbid rendering N"], ["PgDn >", "next page"],
                       ["PgUp <", "previous page"], ["/", "search"], ["o", "overview"]];

async function openGlossary(params) {
  view.name = "glossary";
  showKeys("Glossary", GLOSSARY_KEYS);
  const filter = FILTERS.includes(params.get("filter")) ? params.get("filter") : "all";
  const q = params.get("q") || "";
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  view.gparams = { filter, q, offset };
  try {
    view.glossary = await api("/api/glossary?" + new URLSearchParams({ filter, q, offset, limit: 100 }));
  } catch (e) { return failed(e); }
  view.gsel = Math.min(view.gsel, Math.max(view.glossary.entries.length - 1, 0));
  renderGlossary();
  loadTerm();
}

function glossaryHash(changes) {
  const p = Object.assign({}, view.gparams, changes);
  return "#/glossary?" + new URLSearchParams(p);
}

function renderGlossary() {
  const g = view.glossary;
  if (g.missing) return show(el("p", {}, g.missing));
  const { filter, q, offset } = view.gparams;
  const rows = g.entries.map((e, i) => el("tr", { class: "entry" + (i === view.gsel ? " sel" : ""), "data-zh": e.zh,
                                                  onclick: () => { view.gsel = i; renderGlossary(); loadTerm(); } },
    el("td", { class: "num" }, e.rank), el("td", { lang: "zh" }, e.written || e.zh), el("td", {}, e.en),
    el("td", {}, e.renderings.slice(1).map(r => el("span", { class: r.forbidden ? "forbidden" : "" }, r.text + " (" + r.count + ") "))),
    el("td", {}, e.kind), el("td", {}, e.status), el("td", { class: "num" }, e.confidence.toFixed(2)),
    el("td", { class: "rv-" + e.review }, e.review)));
  const select = el("select", { id: "glossary-filter", onchange: ev => { location.hash = glossaryHash({ filter: ev.target.value, offset: 0 }); } },
    FILTERS.map(f => el("option", { value: f, selected: f === filter }, f)));
  const search = el("input", { type: "search", id: "glossary-search", placeholder: "search term or rendering", value: q,
    onkeydown: ev => { if (ev.key === "Enter") location.hash = glossaryHash({ q: ev.target.value, offset: 0 }); } });
  const last = Math.min(offset + g.entries.length, g.total);
  const pager = el("span", {}, el("button", { type: "button", disabled: offset === 0, onclick: () => page(-1) }, "◀"),
    " " + (g.total ? offset + 1 : 0) + "–" + last + " of " + g.total + " ",
    el("button", { type: "button", disabled: last >= g.total, onclick: () => page(1) }, "▶"));
  show(el("div", { class: "toolbar" }, select, search, pager),
    el("div", { class: "glossary" },
      el("table", { id: "entries" }, el("thead", {}, el("tr", {}, ["#", "term", "preferred", "variants", "kind", "status", "conf.", "review"].map(h => el("th", {}, h)))),
         el("tbody", {}, rows)),
      el("div", { class: "detail", id: "term" }, view.term ? termDetail(view.term) : "")));
}

function page(step) {
  const { offset } = view.gparams;
  const next = offset + step * 100;
  if (next < 0 || next >= view.glossary.total) return;
  view.gsel = 0;
  location.hash = glossaryHash({ offset: next });
}

async function loadTerm() {
  const e = view.glossary && view.glossary.entries[view.gsel];
  if (!e) return;
  try { view.term = await api("/api/term?" + new URLSearchParams({ zh: e.zh })); } catch (err) { return failed(err); }
  const box = document.getElementById("term");
  if (box) box.replaceChildren(termDetail(view.term));
}

function termDetail(t) {
  const rendering = el("input", { type: "text", id: "rendering-input", value: t.en, lang: "en",
    onkeydown: ev => { if (ev.key === "Enter") { ev.preventDefault(); termEdit("render", ev.target.value); } else if (ev.key === "Escape") ev.target.blur(); } });
  return el("div", {},
    el("h2", { lang: "zh" }, t.written || t.zh), el("p", {}, t.kind + ", " + t.status + ", " + t.count + " occurrences, review: ", el("strong", {}, t.review)),
    el("div", { class: "toolbar actions" },
      el("button", { type: "button", id: "approve", onclick: () => termEdit("approve") }, "Approve (a)"),
      el("button", { type: "button", id: "reject", onclick: () => termEdit("reject") }, "Reject (r)")),
    el("label", {}, "Preferred rendering (e, Enter saves): ", rendering),
    el("ol", {}, t.renderings.map(r => el("li", { class: r.forbidden ? "forbidden" : "" }, r.text + " (" + r.count + ") ",
      r.text !== t.en && !r.forbidden ? el("button", { type: "button", onclick: () => termEdit("forbid", r.text) }, "forbid") : null,
      r.text !== t.en && !r.forbidden ? el("button", { type: "button", onclick: () => termEdit("render", r.text) }, "prefer") : null))),
    el("h3", {}, "Where it occurs (" + t.occurrences.length + " of " + t.total_occurrences + ")"),
    t.occurrences.map(o => el("div", { class: "occ" },
      el("p", { lang: "zh" }, marked(o.zh, t.written || t.zh, false)),
      el("p", { lang: "en" }, o.en ? marked(o.en, o.rendering, true) : el("em", {}, "(untranslated)")),
      el("a", { href: "#/pair/" + o.pair }, "pair " + o.pair + " ¶" + o.zh_ids.join(",")))));
}

async function termEdit(op, rendering) {
  const t = view.term;
  if (!t) return;
  const body = { op, term: t.zh, was: t.state };
  if (rendering !== undefined) body.rendering = rendering;
  const result = await send(body);
  if (!result) return;
  view.term = Object.assign({}, t, result.entry, { occurrences: t.occurrences });
  const e = view.glossary.entries[view.gsel];
  if (e && e.zh === t.zh) Object.assign(e, result.entry);
  renderGlossary();
}

// -- exports ----------------------------------------------------------------------------
for (const what of ["tmx", "missing", "glossary"]) {
  document.getElementById("export-" + what).addEventListener("click", async () => {
    try {
      const r = await post("/api/export", { what });
      say("written to the run folder: " + r.written.join(", ") + " (" + r.count + ")", "ok");
    } catch (error) { say(error.message, "error"); }
  });
}

// -- keyboard ---------------------------------------------------------------------------
document.addEventListener("keydown", ev => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (typing) {
    if (ev.key === "Escape") { document.activeElement.blur(); if (view.name === "pair") { view.search = ""; renderPair(); } }
    return;
  }
  const k = ev.key;
  const handled = (view.name === "pair" ? pairKey : view.name === "glossary" ? glossaryKey : overviewKey)(k);
  if (handled) ev.preventDefault();
});

function overviewKey(k) {
  const rows = view.rows || [];
  if (k === "j" || k === "ArrowDown") view.sel = Math.min(view.sel + 1, rows.length - 1);
  else if (k === "k" || k === "ArrowUp") view.sel = Math.max(view.sel - 1, 0);
  else if (k === "Enter" && rows[view.sel]) { location.hash = "#/pair/" + rows[view.sel].n; return true; }
  else if (k === "/") { document.getElementById("overview-filter").focus(); return true; }
  else if (k === "g") { location.hash = "#/glossary"; return true; }
  else return false;
  renderOverview();
  const row = document.querySelector("#pairs tr.sel");
  if (row) row.scrollIntoView({ block: "nearest" });
  return true;
}

function pairKey(k) {
  const beads = view.pair ? view.pair.beads : [];
  const actions = {
    j: () => { view.sel = Math.min(view.sel + 1, beads.length - 1); renderPair(); },
    ArrowDown: () => { view.sel = Math.min(view.sel + 1, beads.length - 1); renderPair(); },
    k: () => { view.sel = Math.max(view.sel - 1, 0); renderPair(); },
    ArrowUp: () => { view.sel = Math.max(view.sel - 1, 0); renderPair(); },
    n: () => jump(b => b.kind === "match" && !b.reviewed && b.score < view.pair.low),
    u: () => jump(b => b.kind === "missing" && !b.reviewed),
    m: () => edit("merge"), s: () => edit("split"), x: () => edit("unlink"), l: () => link(),
    f: () => edit("mark", "furniture"), r: () => edit("mark", "missing"), c: () => edit("mark", "checked"),
    "/": () => document.getElementById("pair-search").focus(),
    Escape: () => { view.linkFrom = null; view.search = ""; renderPair(); say(""); },
    "[": () => { if (view.pair.n > 1) location.hash = "#/pair/" + (view.pair.n - 1); },
    "]": () => { if (view.pair.n < view.pair.count) location.hash = "#/pair/" + (view.pair.n + 1); },
    o: () => { location.hash = "#/"; }, g: () => { location.hash = "#/glossary"; },
  };
  if (!actions[k] || !view.pair) return false;
  actions[k]();
  return true;
}

function glossaryKey(k) {
  const g = view.glossary;
  if (!g || !g.entries) return false;
  const move = step => { view.gsel = Math.max(0, Math.min(view.gsel + step, g.entries.length - 1)); renderGlossary(); loadTerm();
                         const row = document.querySelector("#entries tr.sel"); if (row) row.scrollIntoView({ block: "nearest" }); };
  if (k === "j" || k === "ArrowDown") move(1);
  else if (k === "k" || k === "ArrowUp") move(-1);
  else if (k === "a") termEdit("approve");
  else if (k === "r") termEdit("reject");
  else if (k === "e") { const box = document.getElementById("rendering-input"); if (box) { box.focus(); box.select(); } }
  else if (/^[1-9]$/.test(k) && view.term) {
    const variants = view.term.renderings;
    const r = variants[Number(k) - 1];
    if (r && r.text !== view.term.en) termEdit("forbid", r.text);
  }
  else if (k === "PageDown" || k === ">") page(1);
  else if (k === "PageUp" || k === "<") page(-1);
  else if (k === "/") document.getElementById("glossary-search").focus();
  else if (k === "o") location.hash = "#/";
  else return false;
  return true;
}

route();
