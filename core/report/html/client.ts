// The page's script, inlined by html.ts (its SHA-256 is the only script the page's CSP allows). It
// reads the report data from the JSON script element and replaces the server-rendered grid and
// findings table with views that render only the rows in sight, so 50,000 findings filter and
// scroll without freezing the page. Every value goes into the page as text (textContent,
// setAttribute), never as markup. The filter state lives in the URL fragment (#severity=high&…).
//
// Kept as a string, not compiled from TypeScript, so the browser runs exactly this text: no
// backquotes, no "${", no closing tags inside (the page's tests check the script runs).
export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var F = data.f;
  var OUT = data.outcomes;
  var LABEL = data.labels;
  var WAIVED = OUT.indexOf("waived"), UNKNOWN = OUT.indexOf("unknown"), CLEAN = OUT.indexOf("clean");
  // Finding fields (see html.ts: findingTuple).
  var O = 0, R = 1, S = 2, C = 3, H = 4, T = 5, M = 6, B = 7, W = 8, FIELD = 9, DECL = 10, OBS = 11, SEV = 12, EV = 13;
  var SEVERITIES = ["critical", "high", "medium", "low"];
  var STATUSES = [["", "any"], ["new", "new since the baseline"], ["existing", "still open"], ["violation", "violation (not waived)"], ["unknown", "unknown"], ["waived", "waived"]];
  var KEYS = ["severity", "rule", "server", "column", "status", "q", "sort"];

  function el(tag, attrs, text) {
    var x = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) x.setAttribute(k, attrs[k]);
    if (text !== undefined) x.textContent = text;
    return x;
  }
  function num(n) { return n.toLocaleString("en-US"); }

  var serverIndex = new Map();
  data.servers.forEach(function (s, i) { serverIndex.set(s.toLowerCase(), i); });
  var ruleIndex = new Map();
  data.rules.forEach(function (r, i) { ruleIndex.set(r[0], i); });
  var columnIndex = new Map();
  data.columns.forEach(function (c, i) { columnIndex.set(c, i); });

  // ---- state, in the URL fragment -------------------------------------------------------------
  var state = { severity: "", rule: "", server: "", column: "", status: "", q: "", sort: "" };
  function readHash() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) return false; // #rule-… and #f-… are anchors, not a filter state
    var p = new URLSearchParams(h);
    KEYS.forEach(function (k) { state[k] = p.get(k) || ""; });
    return true;
  }
  function writeHash() {
    var p = new URLSearchParams();
    KEYS.forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    var s = p.toString();
    history.replaceState(null, "", s ? "#" + s : location.pathname + location.search);
  }

  // ---- filtering and sorting --------------------------------------------------------------------
  var haystack = null; // built on the first search only: most readers never type one
  function searchText() {
    if (!haystack) haystack = F.map(function (f) { return (data.rules[f[R]][0] + " " + f[T] + " " + f[M] + " " + f[H] + " " + f[DECL] + " " + f[OBS] + " " + f[W] + " " + f[EV]).toLowerCase(); });
    return haystack;
  }
  var orders = {};
  function cmpText(field) { return function (a, b) { var x = F[a][field], y = F[b][field]; return x < y ? -1 : x > y ? 1 : a - b; }; }
  var COMPARE = {
    outcome: function (a, b) { return F[a][O] - F[b][O] || F[a][SEV] - F[b][SEV] || a - b; },
    rule: function (a, b) { var x = data.rules[F[a][R]][0], y = data.rules[F[b][R]][0]; return x < y ? -1 : x > y ? 1 : a - b; },
    http: cmpText(H), target: cmpText(T), message: cmpText(M), declared: cmpText(DECL), observed: cmpText(OBS),
  };
  function orderBy(key) {
    if (!orders[key]) {
      var idx = new Array(F.length);
      for (var i = 0; i < F.length; i++) idx[i] = i;
      orders[key] = key === "outcome" ? idx : idx.sort(COMPARE[key]); // the data comes worst first
    }
    return orders[key];
  }
  function filtered() {
    var sev = state.severity ? SEVERITIES.indexOf(state.severity) : -1;
    var rule = state.rule ? (ruleIndex.has(state.rule) ? ruleIndex.get(state.rule) : -2) : -1;
    var server = state.server ? (serverIndex.has(state.server.toLowerCase()) ? serverIndex.get(state.server.toLowerCase()) : -2) : -1;
    var column = state.column ? (columnIndex.has(state.column) ? columnIndex.get(state.column) : -2) : -1;
    var q = state.q.toLowerCase().trim();
    var hay = q ? searchText() : null;
    var st = state.status;
    var desc = state.sort.charAt(0) === "-";
    var key = state.sort.replace(/^-/, "") || "outcome";
    if (!COMPARE[key]) key = "outcome";
    var order = orderBy(key);
    var out = [];
    for (var j = 0; j < order.length; j++) {
      var i = order[j], f = F[i];
      if (sev >= 0 && f[SEV] !== sev) continue;
      if (rule !== -1 && f[R] !== rule) continue;
      if (server !== -1 && f[S] !== server) continue;
      if (column !== -1 && f[C] !== column) continue;
      if (st === "new" && !(f[B] === 1 && f[O] !== WAIVED)) continue;
      if (st === "existing" && !(f[B] === 2 && f[O] !== WAIVED)) continue;
      if (st === "violation" && !(f[O] < UNKNOWN)) continue;
      if (st === "unknown" && f[O] !== UNKNOWN) continue;
      if (st === "waived" && f[O] !== WAIVED) continue;
      if (hay && hay[i].indexOf(q) < 0) continue;
      out.push(i);
    }
    if (desc) out.reverse();
    return out;
  }

  // ---- a table that renders only the rows in sight ---------------------------------------------
  function virtualTable(scroller, tbody, columns, renderRow) {
    var rows = [], rowHeight = 0, pending = false, printing = false;
    // The server-rendered rows go before anything asks for a layout: laying out 1,000 of them only to drop them costs a frame or ten.
    tbody.replaceChildren();
    var top = el("tr", { class: "spacer", "aria-hidden": "true" }), bottom = el("tr", { class: "spacer", "aria-hidden": "true" });
    top.appendChild(el("td", { colspan: String(columns) }));
    bottom.appendChild(el("td", { colspan: String(columns) }));
    function draw() {
      pending = false;
      var head = scroller.querySelector("thead");
      var offset = head ? head.offsetHeight : 0;
      var h = rowHeight || 32;
      var visible = Math.ceil(scroller.clientHeight / h) + 1;
      var first = printing ? 0 : Math.max(0, Math.floor((scroller.scrollTop - offset) / h) - 10);
      var last = printing ? Math.min(rows.length, 5000) : Math.min(rows.length, first + visible + 20);
      var frag = document.createDocumentFragment();
      frag.appendChild(top);
      for (var i = first; i < last; i++) {
        var tr = renderRow(rows[i], i);
        tr.setAttribute("aria-rowindex", String(i + 2));
        frag.appendChild(tr);
      }
      frag.appendChild(bottom);
      tbody.replaceChildren(frag);
      if (!rowHeight && last > first) {
        rowHeight = tbody.children[1].getBoundingClientRect().height || 32;
        if (Math.abs(rowHeight - h) > 0.5) return draw();
      }
      top.firstChild.style.height = first * (rowHeight || h) + "px";
      top.hidden = first === 0;
      bottom.firstChild.style.height = (rows.length - last) * (rowHeight || h) + "px";
      bottom.hidden = last === rows.length;
    }
    scroller.addEventListener("scroll", function () { if (!pending) { pending = true; requestAnimationFrame(draw); } }, { passive: true });
    window.addEventListener("resize", function () { if (!pending) { pending = true; requestAnimationFrame(draw); } });
    return {
      set: function (list) { rows = list; scroller.scrollTop = 0; draw(); },
      print: function (on) { printing = on; draw(); },
    };
  }

  // ---- the findings table -----------------------------------------------------------------------
  var table = document.getElementById("findings-table");
  var scroller = document.getElementById("findings-scroller");
  var count = document.getElementById("findings-count");
  var detail = document.getElementById("detail");
  var truncated = document.getElementById("findings-truncated");
  if (truncated) truncated.remove();
  table.classList.remove("static");

  function badge(o) { return el("span", { class: "badge o-" + OUT[o] }, LABEL[o]); }
  function ruleLink(r) { return el("a", { href: "#rule-" + data.rules[r][0] }, data.rules[r][0]); }
  function cell(text, title) { var td = el("td", title ? { title: text } : null); if (text !== undefined) td.textContent = text; return td; }

  function findingRow(i) {
    var f = F[i];
    var tr = el("tr", { class: "row", "data-finding": String(i) });
    var o = el("td"); o.appendChild(badge(f[O])); if (f[B] === 1) o.appendChild(el("span", { class: "tag" }, "new"));
    tr.appendChild(o);
    var r = el("td"); r.appendChild(ruleLink(f[R])); tr.appendChild(r);
    tr.appendChild(cell(f[H] ? "HTTP " + f[H] : "\u2014"));
    tr.appendChild(cell(f[T], true));
    var m = el("td"); m.appendChild(el("button", { type: "button", class: "open", title: f[M], "aria-label": "Details: " + f[M] }, f[M])); tr.appendChild(m);
    tr.appendChild(cell(f[DECL], true));
    tr.appendChild(cell(f[OBS], true));
    return tr;
  }
  var tbody = table.tBodies[0];
  var findingsView = virtualTable(scroller, tbody, 7, function (i) { return findingRow(i); });

  function showDetail(i, from) {
    opener = from;
    var f = F[i], rule = data.rules[f[R]];
    detail.replaceChildren();
    detail.appendChild(el("h3", { id: "detail-h" }, f[T]));
    var dl = el("dl");
    function item(term, value) { dl.appendChild(el("dt", null, term)); var dd = el("dd"); if (typeof value === "string") dd.textContent = value; else dd.appendChild(value); dl.appendChild(dd); return dd; }
    var o = item("Outcome", badge(f[O]));
    if (f[B]) o.appendChild(document.createTextNode(f[B] === 1 ? " new since the baseline" : " also in the baseline"));
    var rl = el("span"); rl.appendChild(ruleLink(f[R])); if (rule[2]) rl.appendChild(document.createTextNode(" \u2014 " + rule[2])); item("Rule", rl);
    item("Users see", f[H] ? "HTTP " + f[H] : "no 401 by itself");
    item("Message", f[M]);
    if (f[EV]) item("Logs", f[EV]);
    if (rule[3]) item("Fix", rule[3]);
    if (f[DECL] || f[OBS]) {
      var side = el("div", { class: "side" });
      var d = el("div"); d.appendChild(el("strong", null, "declared" + (f[FIELD] ? " " + f[FIELD] : ""))); d.appendChild(el("br")); d.appendChild(document.createTextNode(f[DECL]));
      var ob = el("div"); ob.appendChild(el("strong", null, "deployed")); ob.appendChild(el("br")); ob.appendChild(document.createTextNode(f[OBS]));
      side.appendChild(d); side.appendChild(ob);
      item("Drift", side);
    }
    if (f[W]) item("Waived", f[W]);
    detail.appendChild(dl);
    var close = el("button", { type: "button" }, "Close details");
    close.addEventListener("click", function () { detail.hidden = true; if (from && from.isConnected) from.focus(); });
    detail.appendChild(close);
    detail.setAttribute("aria-labelledby", "detail-h");
    detail.hidden = false;
    detail.focus();
  }
  tbody.addEventListener("click", function (ev) {
    var b = ev.target.closest("button.open");
    if (b) showDetail(Number(b.closest("tr").getAttribute("data-finding")), b);
  });
  var opener = null;
  detail.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    detail.hidden = true;
    if (opener && opener.isConnected) opener.focus(); // back where the reader was (WAI-ARIA APG, dialog pattern)
  });

  // ---- controls ---------------------------------------------------------------------------------
  var controls = document.getElementById("controls");
  function select(name, label, options) {
    var l = el("label", null, label);
    var s = el("select", { name: name, id: "filter-" + name });
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    s.addEventListener("change", function () { state[name] = s.value; update(); });
    l.appendChild(s);
    controls.appendChild(l);
    return s;
  }
  function input(name, label, type, list) {
    var l = el("label", null, label);
    var x = el("input", { name: name, id: "filter-" + name, type: type, list: list, autocomplete: "off", spellcheck: "false" });
    var timer = 0;
    x.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { state[name] = x.value; update(); }, 150); });
    l.appendChild(x);
    controls.appendChild(l);
    return x;
  }
  var rulesSeen = {};
  F.forEach(function (f) { rulesSeen[f[R]] = (rulesSeen[f[R]] || 0) + 1; });
  var ui = {
    severity: select("severity", "Severity", [["", "any"]].concat(SEVERITIES.map(function (s) { return [s, s]; }))),
    rule: select("rule", "Rule", [["", "any"]].concat(Object.keys(rulesSeen).map(Number).sort(function (a, b) { return data.rules[a][0] < data.rules[b][0] ? -1 : 1; }).map(function (r) { return [data.rules[r][0], data.rules[r][0] + " (" + num(rulesSeen[r]) + ")"]; }))),
    server: input("server", "Server (exact name)", "text", "server-names"),
    status: select("status", "Status", STATUSES),
    q: input("q", "Search", "search"),
  };
  var servers = el("datalist", { id: "server-names" });
  data.servers.forEach(function (s) { servers.appendChild(el("option", { value: s })); });
  controls.appendChild(servers);
  var columnChip = el("p", { class: "count", id: "column-filter" });
  var clearColumn = el("button", { type: "button" }, "Show all sites");
  clearColumn.addEventListener("click", function () { state.column = ""; update(); });
  var reset = el("button", { type: "button", id: "filter-reset" }, "Clear filters");
  reset.addEventListener("click", function () { KEYS.forEach(function (k) { if (k !== "sort") state[k] = ""; }); update(); });
  controls.appendChild(reset);
  controls.hidden = false;
  scroller.parentNode.insertBefore(columnChip, scroller);

  // Sortable headers: a button in each th, aria-sort on the sorted one (WAI-ARIA APG, sortable table).
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th) {
    var key = th.getAttribute("data-key");
    var b = el("button", { type: "button" }, th.textContent);
    b.addEventListener("click", function () {
      var cur = state.sort.replace(/^-/, "") || "outcome";
      var desc = state.sort.charAt(0) === "-";
      state.sort = cur === key && !desc ? "-" + key : key === "outcome" ? "" : key;
      update();
    });
    th.replaceChildren(b);
  });

  function syncControls() {
    ui.severity.value = state.severity; ui.rule.value = state.rule; ui.status.value = state.status;
    if (document.activeElement !== ui.server) ui.server.value = state.server;
    if (document.activeElement !== ui.q) ui.q.value = state.q;
    var key = state.sort.replace(/^-/, "") || "outcome";
    Array.prototype.forEach.call(heads, function (th) {
      if (th.getAttribute("data-key") === key) th.setAttribute("aria-sort", state.sort.charAt(0) === "-" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    columnChip.replaceChildren();
    columnChip.hidden = !state.column;
    if (state.column) { columnChip.appendChild(document.createTextNode("Site or application: " + state.column + " ")); columnChip.appendChild(clearColumn); }
  }

  var lastShown = [];
  function update(keepFragment) {
    var t0 = performance.now();
    lastShown = filtered();
    findingsView.set(lastShown);
    count.textContent = num(lastShown.length) + " of " + num(F.length) + " findings";
    syncControls();
    if (!keepFragment) writeHash();
    document.body.setAttribute("data-filter-ms", String(Math.round(performance.now() - t0)));
  }

  // ---- the fleet grid ---------------------------------------------------------------------------
  var grid = document.getElementById("grid");
  var gridScroller = document.getElementById("grid-scroller");
  var gridTruncated = document.getElementById("grid-truncated");
  if (gridTruncated) gridTruncated.remove();
  var G = data.g;
  function gridRow(k) {
    var g = G[k], server = data.servers[g[0]], status = data.status[g[0]], unread = status !== "ok";
    var tr = el("tr", { class: "row" });
    tr.appendChild(el("th", { scope: "row", class: "server" }, server));
    tr.appendChild(el("td", { class: unread ? "o-unread" : "o-clean" }, unread ? status : "read"));
    var cells = new Array(data.columns.length);
    for (var j = 2; j < g.length; j += 3) cells[g[j]] = [g[j + 1], g[j + 2]];
    for (var c = 0; c < data.columns.length; c++) {
      var x = cells[c];
      if (!x) { tr.appendChild(el("td", { class: unread ? "o-unread" : "o-clean" })); continue; }
      var td = el("td", { class: "o-" + OUT[x[0]] });
      td.appendChild(el("button", { type: "button", "data-server": server, "data-column": data.columns[c], "aria-label": server + " " + data.columns[c] + ": " + LABEL[x[0]] + ", " + x[1] + (x[1] === 1 ? " finding" : " findings") }, String(x[1])));
      tr.appendChild(td);
    }
    return tr;
  }
  var gridBody = grid.tBodies[0];
  var gridView = virtualTable(gridScroller, gridBody, data.columns.length + 2, gridRow);
  var gridRows = new Array(G.length);
  for (var gi = 0; gi < G.length; gi++) gridRows[gi] = gi;
  gridBody.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-server]");
    if (!b) return;
    KEYS.forEach(function (k) { if (k !== "sort") state[k] = ""; });
    state.server = b.getAttribute("data-server");
    state.column = b.getAttribute("data-column");
    update();
    document.getElementById("findings").scrollIntoView();
    count.setAttribute("tabindex", "-1");
    count.focus();
  });

  // Links to the rule reference keep the filter state in the URL: scroll instead of replacing the fragment.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#rule-']");
    if (!a) return;
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) return;
    ev.preventDefault();
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView();
    target.focus();
  });

  window.addEventListener("hashchange", function () { if (readHash()) update(); });
  window.addEventListener("beforeprint", function () { findingsView.print(true); gridView.print(true); });
  window.addEventListener("afterprint", function () { findingsView.print(false); gridView.print(false); });

  var fromFragment = readHash();
  gridView.set(gridRows);
  update(!fromFragment); // an anchor (#rule-…) the page was opened at stays in the URL
  // The search index is built while the reader looks at the overview, so the first search is as quick as the others.
  if (window.requestIdleCallback) requestIdleCallback(function () { searchText(); }, { timeout: 5000 });
  document.body.setAttribute("data-script-ms", String(Math.round(performance.now() - started)));
  document.body.setAttribute("data-ready-ms", String(Math.round(performance.now()))); // since navigation start
  document.body.setAttribute("data-ready", "true");
})();
`;
